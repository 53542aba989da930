"""Every error under /api/ is JSON — `{error, message, errors?}` — never an HTML page.

Routing errors (404 for an unknown path, 405 for a wrong method) happen before any blueprint is
known, so blueprint error handlers never see them. `init_app` therefore wraps the app's own
handlers: under /api/ it answers JSON, elsewhere it hands over to the handler that was there.
"""
from flask import Flask, jsonify, request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException, default_exceptions

from helpbutton.errors import RETRY_AFTER_SECONDS
from helpbutton.extensions import db
from helpbutton.submission_limits import seconds_until_reset

API_PREFIX = "/api/"
_CODES = (400, 401, 403, 404, 405, 413, 415, 422, 429, 500, 503)

ERROR_NAMES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 413: "too_large", 415: "unsupported_media_type",
    422: "invalid", 429: "rate_limited", 500: "server_error", 503: "unavailable",
}
MESSAGES = {
    400: _l("The request could not be read."),
    401: _l("A valid API key is needed."),
    403: _l("This API key may not be used."),
    404: _l("Not found."),
    405: _l("This method is not allowed here."),
    413: _l("The request is too large."),
    415: _l("Send the request as JSON (Content-Type: application/json)."),
    422: _l("Some fields need to be corrected."),
    429: _l("Too many requests. Please try again later."),
    500: _l("Something went wrong on our side. Please try again later."),
    503: _l("The service is not available right now. Please try again later."),
}


class ApiError(HTTPException):
    """An API error with field errors, raised from views: `raise ApiError(422, {...})`."""

    def __init__(self, code: int, errors: dict[str, str] | None = None,
                 message: str | None = None, name: str | None = None):
        super().__init__(description=message)
        self.code = code
        self.errors = errors or {}
        self.error_name = name  # the `error` code, when not the status's own


def is_api_request() -> bool:
    return request.path.startswith(API_PREFIX)


def error_response(code: int, errors: dict[str, str] | None = None, message: str | None = None,
                   name: str | None = None):
    body: dict[str, object] = {"error": name or ERROR_NAMES.get(code, "error"),
            "message": message or str(MESSAGES.get(code, MESSAGES[500]))}
    if errors:
        body["errors"] = {field: str(text) for field, text in errors.items()}
    response = jsonify(body)
    response.status_code = code
    response.headers["Cache-Control"] = "no-store"
    return response


def json_error(error: HTTPException):
    code = error.code or 500
    if code >= 500:
        db.session.rollback()
    own = isinstance(error, ApiError)
    response = error_response(code, getattr(error, "errors", None),
                              error.description if own else None,
                              error.error_name if isinstance(error, ApiError) else None)
    valid_methods = getattr(error, "valid_methods", None)  # MethodNotAllowed's
    if code == 405 and valid_methods:
        response.headers["Allow"] = ", ".join(valid_methods)
    if code == 429:
        response.headers["Retry-After"] = str(seconds_until_reset())
    if code == 503:
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _dispatch(html_handler):
    def handle(error):
        if is_api_request():
            return json_error(error)
        if html_handler is not None:
            return html_handler(error)
        return error  # Flask's own plain response
    return handle


def init_app(app: Flask) -> None:
    """Call after every other error handler is registered (end of create_app)."""
    for code in _CODES:
        exc_class = default_exceptions[code]
        html_handler = app.error_handler_spec[None][code].get(exc_class)
        app.register_error_handler(code, _dispatch(html_handler))
    app.register_error_handler(ApiError, json_error)
