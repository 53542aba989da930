"""Configuration from environment variables, with safe defaults for development.

Every setting can be given as an environment variable of the same name. `ProductionConfig`
is chosen with HELPBUTTON_ENV=production and refuses to start with the development secret.
"""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
DEV_SECRET_KEY = "dev-only-not-secret"
SMS_PROTOCOLS = ("linkmobility",)  # helpbutton/sms/gateway.py, docs/sms.md


def _int(name: str, default: int, minimum: int | None = None, maximum: int | None = None) -> int:
    """A whole number from the environment; a value that is not one, or out of range, stops
    the start with a message naming the setting (not a traceback deep in a worker later)."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {raw!r}") from None
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        raise ValueError(f"{name} must be between {minimum} and {maximum}, not {value}")
    return value


def _list(name: str) -> list[str] | None:
    """A comma-separated list; None when unset or empty."""
    items = [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]
    return items or None


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    ENV_NAME = "development"
    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{BASE_DIR / 'instance' / 'helpbutton.sqlite'}"
    )
    # hide_parameters: a database error's text must not quote the values (personal data) that
    # it was about to store, since errors end up in logs.
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True, "hide_parameters": True}

    # The public side's default language and the languages offered.
    DEFAULT_LANGUAGE = os.environ.get("DEFAULT_LANGUAGE", "fi")
    # LANGUAGES (the public side's) and STAFF_LANGUAGES default to those of
    # helpbutton.public_languages; an installation may offer fewer.
    BABEL_DEFAULT_LOCALE = DEFAULT_LANGUAGE
    # The one time zone in which times are shown and local days counted (helpbutton.local_time).
    DISPLAY_TIMEZONE = os.environ.get("DISPLAY_TIMEZONE", "Europe/Helsinki")
    BABEL_DEFAULT_TIMEZONE = DISPLAY_TIMEZONE
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "translations")

    # Region defaults used when a region is first loaded.
    DEFAULT_REGION = os.environ.get("DEFAULT_REGION", "Varsinais-Suomi")
    # One county's installation: its slug or code ("varsinais-suomi", "05"). Then /fi/ is that
    # county's entry and no other county's municipalities are offered; unset, the public entry
    # serves every county.
    SINGLE_COUNTY = os.environ.get("SINGLE_COUNTY") or None
    PROMISE_WORKING_DAYS = _int("PROMISE_WORKING_DAYS", 3)
    RETENTION_DAYS = _int("RETENTION_DAYS", 365)

    # Absolute URL used in emails (no request context in the outbox worker). Links shown in a
    # page are built for the host that served it instead, so they work from that page.
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000")
    # The Host header values the app answers (comma-separated; a leading dot: any subdomain);
    # any other gets a 400, so a forged Host cannot move a page's links or redirects. Unset:
    # any host (development); in production, unset means PUBLIC_BASE_URL's host alone.
    TRUSTED_HOSTS = _list("TRUSTED_HOSTS")

    MAIL_SERVER = os.environ.get("MAIL_SERVER", "127.0.0.1")
    MAIL_PORT = _int("MAIL_PORT", 8025)
    MAIL_USE_TLS = _bool("MAIL_USE_TLS", False)
    MAIL_USE_SSL = _bool("MAIL_USE_SSL", False)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER",
                                         "Pyydä apua <noreply@example.invalid>")

    # SMS (helpbutton/sms/): off unless SMS_GATEWAY_URL is set. The protocol is the gateway's
    # HTTP API (docs/sms.md); "linkmobility" is LINK Mobility's SMS REST API ("Common").
    SMS_GATEWAY_URL = os.environ.get("SMS_GATEWAY_URL") or None
    SMS_GATEWAY_PROTOCOL = os.environ.get("SMS_GATEWAY_PROTOCOL", "linkmobility")
    SMS_GATEWAY_USER = os.environ.get("SMS_GATEWAY_USER")
    SMS_GATEWAY_PASSWORD = os.environ.get("SMS_GATEWAY_PASSWORD")
    SMS_SENDER_NAME = os.environ.get("SMS_SENDER_NAME", "PyydaApua")
    # LINK Mobility's account identifiers, given by its support with the credentials.
    SMS_GATEWAY_PLATFORM_ID = os.environ.get("SMS_GATEWAY_PLATFORM_ID", "COMMON_API")
    SMS_GATEWAY_PLATFORM_PARTNER_ID = os.environ.get("SMS_GATEWAY_PLATFORM_PARTNER_ID", "")
    SMS_TIMEOUT = _int("SMS_TIMEOUT", 20, 1, 120)
    if SMS_GATEWAY_PROTOCOL not in SMS_PROTOCOLS:
        raise ValueError(f"SMS_GATEWAY_PROTOCOL must be one of {', '.join(SMS_PROTOCOLS)}, "
                         f"not {SMS_GATEWAY_PROTOCOL!r}")

    # Families may take long over a description: the form must not expire under them
    # (WCAG 2.2.1). The token is bound to the session instead of to a clock.
    WTF_CSRF_TIME_LIMIT = None

    # Bodies, larger ones answered 413. The largest is a routing import (1 MB of YAML, see
    # routing_admin), so a multipart body may be MAX_CONTENT_LENGTH, each of its non-file
    # fields MAX_FORM_MEMORY_SIZE; every other body (a form, JSON) is read into memory whole
    # and may be MAX_BODY_WITHOUT_FILES (the public form needs some 30 kB at most).
    MAX_CONTENT_LENGTH = _int("MAX_CONTENT_LENGTH", 2 * 1024 * 1024)
    MAX_FORM_MEMORY_SIZE = _int("MAX_FORM_MEMORY_SIZE", 256 * 1024)
    MAX_BODY_WITHOUT_FILES = _int("MAX_BODY_WITHOUT_FILES", 256 * 1024)

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", False)
    SESSION_COOKIE_NAME = os.environ.get("SESSION_COOKIE_NAME", "session")
    PREFERRED_URL_SCHEME = os.environ.get("PREFERRED_URL_SCHEME", "http")

    # Strict-Transport-Security, sent over https and always in production (0: never).
    HSTS_MAX_AGE = _int("HSTS_MAX_AGE", 365 * 24 * 3600)

    # Behind a reverse proxy: how many proxies' X-Forwarded-For / -Proto / -Host to believe
    # (werkzeug's ProxyFix). 0 (the default) believes none: without a proxy anyone could
    # forge them, and the rate limits would count whatever address a client claims.
    PROXY_FIX_X_FOR = _int("PROXY_FIX_X_FOR", 0)
    PROXY_FIX_X_PROTO = _int("PROXY_FIX_X_PROTO", 0)
    PROXY_FIX_X_HOST = _int("PROXY_FIX_X_HOST", 0)

    # Logs on stderr: "text" to read, "json" (one object per line) for a log collector.
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")

    # Off only for benchmarks and load tests: the limits are what keeps a flood out.
    RATELIMIT_ENABLED = _bool("RATELIMIT_ENABLED", True)
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    # Stored requests per address (a partner's shared connection may have more: its page in
    # /admin/partners/); every POST, stored or not, under the looser attempt limit.
    PUBLIC_FORM_RATE_LIMIT = os.environ.get("PUBLIC_FORM_RATE_LIMIT", "10 per hour;3 per minute")
    PUBLIC_FORM_ATTEMPT_LIMIT = os.environ.get("PUBLIC_FORM_ATTEMPT_LIMIT",
                                               "300 per hour;30 per minute")
    # A family's messages and additions through its private link, per address.
    FAMILY_MESSAGE_RATE_LIMIT = os.environ.get("FAMILY_MESSAGE_RATE_LIMIT",
                                               "30 per hour;10 per minute")
    # "Send me my link again" (/<lang>/link): every attempt counts, matched or not, per
    # reference and per email address or phone number typed, and per connection.
    LOST_LINK_RATE_LIMIT = os.environ.get("LOST_LINK_RATE_LIMIT", "3 per hour;10 per day")
    LOST_LINK_ATTEMPT_LIMIT = os.environ.get("LOST_LINK_ATTEMPT_LIMIT",
                                             "20 per hour;5 per minute")
    # A closed request's link may be sent again for this many days after closing.
    LOST_LINK_DAYS_AFTER_CLOSING = _int("LOST_LINK_DAYS_AFTER_CLOSING", 30, 0, 3650)
    # Where "Leave this page" (on every public page) goes: a neutral, everyday site.
    QUICK_EXIT_URL = os.environ.get("QUICK_EXIT_URL", "https://yle.fi/")
    API_RATELIMIT_PER_KEY = os.environ.get("API_RATELIMIT_PER_KEY", "30 per minute;1000 per day")
    API_RATELIMIT_PER_ADDRESS = os.environ.get(
        "API_RATELIMIT_PER_ADDRESS", "60 per minute;2000 per day"
    )

    STAFF_SESSION_IDLE_MINUTES = _int("STAFF_SESSION_IDLE_MINUTES", 30)
    STAFF_SESSION_MAX_HOURS = _int("STAFF_SESSION_MAX_HOURS", 12)

    # The outbox worker: attempts before giving up, and the first retry delay (doubling).
    MAIL_MAX_ATTEMPTS = _int("MAIL_MAX_ATTEMPTS", 8)
    MAIL_RETRY_BASE_SECONDS = _int("MAIL_RETRY_BASE_SECONDS", 60)
    MAIL_RETRY_MAX_SECONDS = _int("MAIL_RETRY_MAX_SECONDS", 4 * 3600)
    MAIL_REMINDER_HOUR = _int("MAIL_REMINDER_HOUR", 8, 0, 23)
    # A request due within this many hours (and not yet overdue) is in the day's "due soon"
    # reminder to its centre's team leads (docs/operations.md, "Reminders and escalation").
    REMINDER_DUE_SOON_HOURS = _int("REMINDER_DUE_SOON_HOURS", 24, 1, 24 * 14)
    # A worker's hold on the messages it sends (a crashed worker's are retried after it); far
    # longer than one SMTP exchange (MAIL_TIMEOUT, seconds), see mail/outbox.py.
    MAIL_TIMEOUT = _int("MAIL_TIMEOUT", 30, 1, 600)
    MAIL_LEASE_SECONDS = _int("MAIL_LEASE_SECONDS", 600, 60, 24 * 3600)
    MAIL_KEEP_SENT_DAYS = _int("MAIL_KEEP_SENT_DAYS", 30, 0, 3650)
    # How often `flask mail work` looks whether the daily digest and reminders are due.
    MAIL_SCHEDULE_CHECK_SECONDS = _int("MAIL_SCHEDULE_CHECK_SECONDS", 600, 1, 3600)
    if MAIL_LEASE_SECONDS < 4 * MAIL_TIMEOUT:
        # A worker sends until half its lease is gone: a send must fit well inside that.
        raise ValueError("MAIL_LEASE_SECONDS must be at least 4 × MAIL_TIMEOUT")


class ProductionConfig(Config):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", True)
    # __Host-: the browser keeps the cookie only if it is Secure, for "/", without a Domain,
    # so no other host under the same domain can set or overwrite it.
    SESSION_COOKIE_NAME = os.environ.get("SESSION_COOKIE_NAME", "__Host-session")
    PREFERRED_URL_SCHEME = os.environ.get("PREFERRED_URL_SCHEME", "https")
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "json")


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret"
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    SERVER_NAME = None
    SMS_GATEWAY_URL = None  # tests that send SMS point it at their loopback gateway


def config_from_env() -> type[Config]:
    return ProductionConfig if os.environ.get("HELPBUTTON_ENV") == "production" else Config
