"""gunicorn settings: `gunicorn -c gunicorn.conf.py wsgi:app`.

Each setting can be changed from the environment (GUNICORN_BIND, GUNICORN_WORKERS, …). The app
processes share nothing but PostgreSQL and Redis, so any number of them, on any number of
machines, can serve the same region.
"""
import os

from gunicorn.glogging import Logger

from config import config_from_env


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = _int("GUNICORN_WORKERS", 2 * (os.cpu_count() or 1) + 1)
threads = _int("GUNICORN_THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"

timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so that a slow leak can never grow without bound.
max_requests = _int("GUNICORN_MAX_REQUESTS", 5000)
max_requests_jitter = max_requests // 10
# The app is made once, in the master, and every worker is a fork of it: a worker's start (and
# each recycling above) costs a fork, not the 1.5 s of CPU of importing and making the app, and
# the workers share the pages of what was made. A new release therefore needs a new master
# (a restart, or USR2), not only a HUP. GUNICORN_PRELOAD=false: each worker makes its own.
preload_app = os.environ.get("GUNICORN_PRELOAD", "true").lower() != "false"


def post_fork(server, worker):
    """A pooled connection never crosses a fork: SQLAlchemy's rule for pools and os.fork() is
    that the child drops what it inherited without closing it (it is still the master's)."""
    app = server.app.wsgi()
    db = getattr(app, "extensions", {}).get("sqlalchemy")
    if db is not None:
        with app.app_context():
            for engine in db.engines.values():
                engine.dispose(close=False)

# The proxy in front terminates TLS; trust its X-Forwarded-* headers only.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")

# gunicorn's control socket defaults to one path per user ($HOME/.gunicorn/gunicorn.ctl), which
# several app processes on one host would fight over; nothing here uses it. GUNICORN_CONTROL_SOCKET
# (a path) turns it on.
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
else:
    control_socket_disable = True

# No access log from gunicorn: its request line holds the path and query string, and a
# follow-up link's token is in the path. The app logs each request itself, by route name.
accesslog = None
errorlog = "-"


class _NoAccessLog(Logger):
    """gunicorn takes a `logconfig_dict` (below) for an access log wanted, and would build each
    request's line only to drop it in the null handler."""

    def access(self, resp, req, environ, request_time):
        pass


logger_class = _NoAccessLog
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")

# gunicorn's own lines take the app's form (LOG_FORMAT: JSON lines by default in production),
# and pass the same redaction: "Error handling request POST /fi/follow-up/<token>/withdraw?…"
# must not carry the token or the query string (helpbutton.logs.RedactSecrets). gunicorn.error
# does not propagate: the app puts its own handler on the root logger in each worker, and a
# line must not come out twice. gunicorn.access has a null handler (see accesslog above).
_FORMATTERS = {"json": "helpbutton.logs.JsonFormatter", "text": "helpbutton.logs.TextFormatter"}
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "root": {"level": "INFO", "handlers": []},
    "loggers": {
        "gunicorn.error": {"level": loglevel.upper(), "handlers": ["stderr"],
                           "propagate": False, "qualname": "gunicorn.error"},
        "gunicorn.access": {"level": "INFO", "handlers": ["null"], "propagate": False,
                            "qualname": "gunicorn.access"},
    },
    "filters": {"redact": {"()": "helpbutton.logs.RedactSecrets"}},
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "app", "filters": ["redact"],
                   "stream": "ext://sys.stderr"},
        "null": {"class": "logging.NullHandler"},
    },
    "formatters": {"app": {"()": _FORMATTERS.get(config_from_env().LOG_FORMAT,
                                                 _FORMATTERS["text"])}},
}
