"""Logs on stderr without personal data: JSON lines in production, readable text otherwise.

Every line carries the request id (from the proxy's X-Request-ID when it is sane, otherwise
made here, and echoed in the response). Each request gets one line with its method, its route
*rule* (`/<lang>/follow-up/<token>`), endpoint, status and duration: never the path or the query
string, which may hold a follow-up token or a reference. Exceptions are logged by class and
traceback frames only: an exception's message may quote a value someone typed.

Whatever a library writes (gunicorn's "Error handling request POST /fi/follow-up/<token>…"),
every line passes `RedactSecrets` on its way out: secret path segments, query strings,
references and client addresses are replaced, in the message and in its arguments alike.
"""
import json
import logging
import re
import sys
import time
import traceback
import uuid
from datetime import UTC, datetime

from flask import Flask, g, has_request_context, request, request_started
from flask.logging import default_handler

REQUEST_LOGGER = "helpbutton.request"
REQUEST_ID_HEADER = "X-Request-ID"
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
# Fields of a request line, in this order, after the message.
REQUEST_FIELDS = ("method", "rule", "endpoint", "status", "duration_ms")


REDACTED = "[redacted]"
# The secret segment after these path parts: a follow-up link's token, a password link's token,
# a request's reference (the privacy pages).
_SECRET_PATH = re.compile(r"(/(?:follow-up|reset|requests)/)[^/\s?#\"'<>]+")
_QUERY = re.compile(r"\?[^\s\"'<>]*")
# A reference code (intake.operations: 10 characters of REFERENCE_ALPHABET).
_REFERENCE = re.compile(r"(?<![A-Za-z0-9])[ACDEFHJKMNPRTUVWXY34679]{10}(?![A-Za-z0-9])")
# gunicorn's "Invalid request from ip=…", and any other "ip=" or "addr=".
_ADDRESS = re.compile(r"\b(ip|addr|remote_addr)=[^\s,;:)]+(:\d+)?")


def redact(text: str) -> str:
    text = _SECRET_PATH.sub(rf"\1{REDACTED}", text)
    text = _QUERY.sub(f"?{REDACTED}", text)
    text = _REFERENCE.sub(REDACTED, text)
    return _ADDRESS.sub(rf"\1={REDACTED}", text)


class RedactSecrets(logging.Filter):
    """On every handler, ours and gunicorn's: the line as written holds no secret of a URL."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed call: keep the template only, never its values
            message = str(record.msg)
        record.msg, record.args = redact(message), None
        return True


def current_request_id() -> str | None:
    return g.get("request_id") if has_request_context() else None


class _RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id()
        return True


class _NoDevServerRequestLines(logging.Filter):
    """The development server's own request line holds the path: we log our own instead."""

    def filter(self, record: logging.LogRecord) -> bool:
        # werkzeug: '<address> - - [<date>] "%s" %s %s' with the request line as first value.
        return not (record.name == "werkzeug" and '] "%s" %s %s' in str(record.msg))


def _exception_text(exc_info) -> str:
    kind, _value, tb = exc_info
    frames = "".join(traceback.format_tb(tb)) if tb else ""
    return f"{kind.__module__}.{kind.__qualname__} (message not logged)\n{frames}".rstrip()


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request_id, and extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC)
            .isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        for name in REQUEST_FIELDS:
            if hasattr(record, name):
                entry[name] = getattr(record, name)
        if record.exc_info:
            entry["exception"] = _exception_text(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
                         defaults={"request_id": "-"})

    def format(self, record: logging.LogRecord) -> str:
        exc_info, record.exc_info, record.exc_text = record.exc_info, None, None
        try:
            line = super().format(record)
        finally:
            record.exc_info = exc_info
        extras = " ".join(f"{name}={getattr(record, name)}" for name in REQUEST_FIELDS
                          if hasattr(record, name))
        if extras:
            line = f"{line} {extras}"
        if exc_info:
            line = f"{line}\n{_exception_text(exc_info)}"
        return line


class StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is at the time (gunicorn and test capture replace it)."""

    def __init__(self):
        super().__init__(sys.stderr)

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value):
        pass


def formatter(log_format: str) -> logging.Formatter:
    return JsonFormatter() if log_format == "json" else TextFormatter()


def configure(log_format: str, level: str = "INFO") -> None:
    """One handler on the root logger, so that every library's lines take the same form."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, StderrHandler):
            root.removeHandler(handler)
    handler = StderrHandler()
    handler.setFormatter(formatter(log_format))
    handler.addFilter(_RequestIdFilter())
    handler.addFilter(_NoDevServerRequestLines())
    handler.addFilter(RedactSecrets())
    root.addHandler(handler)
    root.setLevel(level)


def _sane_request_id(value: str | None) -> str | None:
    return value if value and _SANE_REQUEST_ID.fullmatch(value) else None


def _start(sender, **extra) -> None:
    # request_started comes before URL values are processed and before any before_request,
    # so even a request refused there (404, 429) is timed and has its id.
    g.request_started = time.perf_counter()
    g.request_id = _sane_request_id(request.headers.get(REQUEST_ID_HEADER)) or uuid.uuid4().hex


_REQUEST_LOG = logging.getLogger(REQUEST_LOGGER)


def _log_request(response):
    req = request._get_current_object()  # one lookup of the proxy, not eight
    started = g.get("request_started")
    duration = round((time.perf_counter() - started) * 1000, 1) if started else None
    rule = req.url_rule.rule if req.url_rule is not None else None
    if _REQUEST_LOG.isEnabledFor(logging.INFO):
        # The record made directly: `Logger.info` would first walk the stack to find its
        # caller's file and line, which no line of ours shows.
        _REQUEST_LOG.handle(_REQUEST_LOG.makeRecord(
            REQUEST_LOGGER, logging.INFO, __file__, 0, "%s %s %s",
            (req.method, rule or "(no route)", response.status_code), None,
            extra={"method": req.method, "rule": rule, "endpoint": req.endpoint,
                   "status": response.status_code, "duration_ms": duration}))
    request_id = g.get("request_id")
    if request_id:
        response.headers[REQUEST_ID_HEADER] = request_id
    return response


def _log_exception(app: Flask):
    def log_exception(exc_info) -> None:
        # Flask's own message names request.path; the route rule says as much without a token.
        rule = request.url_rule.rule if request.url_rule is not None else None
        app.logger.error("unhandled exception in %s %s", request.method, rule or "(no route)",
                         exc_info=exc_info)
    return log_exception


def init_app(app: Flask) -> None:
    configure(app.config.get("LOG_FORMAT", "text"), app.config.get("LOG_LEVEL", "INFO"))
    app.logger.removeHandler(default_handler)
    app.log_exception = _log_exception(app)  # type: ignore[method-assign]  # by design
    request_started.connect(_start, app, weak=False)
    # Registered first, so it runs last of the app's after_request functions.
    app.after_request_funcs.setdefault(None, []).insert(0, _log_request)
