"""Friendly error pages in the user's language; the session is rolled back on 500 and 503.

Every public error page (anything outside /staff/ and /admin/) carries the emergency guidance
(112) like the rest of the public side, in the language its URL starts with: `/sv/no-such-page`
is a Swedish 404. Outside the language paths the browser's (or the staff member's) language.

A database that cannot be reached (OperationalError and its kin) is an outage, not a bug: any
page answers a calm 503 ("try again in a moment") instead of 500, and the API its JSON 503.
Views that can do better keep doing it (the public form re-renders with the input kept).
"""
import logging

from flask import Flask, current_app, g, render_template, request
from flask.globals import request_ctx
from sqlalchemy import exc as sa_exc
from werkzeug.exceptions import BadRequest, ServiceUnavailable

from helpbutton.extensions import db
from helpbutton.i18n import current_language, path_language
from helpbutton.submission_limits import seconds_until_reset

# Errors that mean "the database is away or overloaded", not "the code is wrong".
DATABASE_UNAVAILABLE = (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.DisconnectionError,
                        sa_exc.TimeoutError)

log = logging.getLogger(__name__)

# How long a client is asked to wait after a 503, on pages and in the API alike.
RETRY_AFTER_SECONDS = 30
STAFF_PREFIXES = ("/staff/", "/admin/")
PAGE_CODES = (400, 403, 404, 405, 413, 429, 500, 503)


def is_public_path() -> bool:
    return not (request.path + "/").startswith(STAFF_PREFIXES)


def _links_for_an_untrusted_host() -> None:
    # A Host outside TRUSTED_HOSTS leaves the request without a URL adapter: the 400 page's
    # links are then built for the first trusted host (never for the one that was sent).
    if request_ctx.url_adapter is None:
        host = current_app.config["TRUSTED_HOSTS"][0].lstrip(".")
        request_ctx.url_adapter = current_app.url_map.bind(host, url_scheme=request.scheme)


def error_page(code: int, headers: dict | None = None):
    """The page for an HTTP error: the public layout (with 112) outside the staff side."""
    _links_for_an_untrusted_host()
    public = is_public_path()
    if public and not g.get("lang"):
        # The public layout's links (`intake.*`) are built for this language.
        g.lang = path_language() or current_language()
    layout = "errors/_public.html" if public else "base.html"
    # With the database away (503) the layout names the county's number only as last known.
    return render_template(f"errors/{code}.html", error_layout=layout,
                           emergency_cached_only=code == 503), code, headers or {}


def _unavailable_page():
    return error_page(503, {"Retry-After": str(RETRY_AFTER_SECONDS)})


def _handler(code: int):
    def handle(error):
        if code >= 500:
            db.session.rollback()
        if code == 503:
            return _unavailable_page()
        headers = {}
        if code == 405 and getattr(error, "valid_methods", None):
            headers["Allow"] = ", ".join(error.valid_methods)
        if code == 429:
            headers["Retry-After"] = str(getattr(error, "retry_after", None)
                                         or seconds_until_reset())
        return error_page(code, headers)
    return handle


def init_app(app: Flask) -> None:
    for code in PAGE_CODES:
        app.register_error_handler(code, _handler(code))

    @app.errorhandler(sa_exc.DataError)
    def value_refused_by_database(error):
        # A value the database cannot hold (a NUL, an over-long string in a query): bad input,
        # not an outage. Views validate what they store; this catches what slips past.
        db.session.rollback()
        log.warning("value refused by the database in %s", request.endpoint)
        # The 400 handler answers: a page, or JSON under /api/ (api.errors wraps it).
        return app.handle_http_exception(BadRequest())

    def database_unavailable(error):
        try:
            db.session.rollback()
        except sa_exc.SQLAlchemyError:
            pass  # the connection is gone; the pool replaces it (pool_pre_ping)
        # The class only: the error's text may hold the statement that failed.
        log.warning("database unavailable (%s)", type(error).__name__)
        return app.handle_http_exception(ServiceUnavailable())

    for exc_class in DATABASE_UNAVAILABLE:
        app.register_error_handler(exc_class, database_unavailable)

    # Registered after db.init_app, so it runs before Flask-SQLAlchemy's own teardown (which
    # then finds no session). Closing the session rolls back; on a connection the database
    # has just dropped that fails, and would turn an answered page into a 500.
    @app.teardown_appcontext
    def remove_session(exc):
        try:
            db.session.remove()
        except DATABASE_UNAVAILABLE:
            db.session.registry.clear()  # the dead connection was invalidated; the pool drops it
