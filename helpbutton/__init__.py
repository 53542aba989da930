"""Pyydä apua: a family's request for help, routed to the right family centre.

`create_app` only wires: the extensions, the error pages, the headers and logs, every
feature's blueprint and `flask` commands. The features are packages of their own (intake,
triage, routing_admin, mail, accounts, partners, statistics, privacy, refdata).
"""
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from config import DEV_SECRET_KEY, config_from_env
from helpbutton import errors, formatting, health, i18n, logs, models, names, security  # noqa: F401  (models: tables)
from helpbutton.accounts import cli as accounts_cli
from helpbutton.accounts import passwords
from helpbutton.accounts import views as accounts_views
from helpbutton.content_languages import public as content_languages_public
from helpbutton.content_languages import views as content_languages_views
from helpbutton.extensions import csrf, db, limiter, mail
from helpbutton.intake import api
from helpbutton.intake import views as intake_views
from helpbutton.lazy_cli import LazyGroup
from helpbutton.mail import cli as mail_cli
from helpbutton.mail import views as mail_views
from helpbutton.message_templates import views as message_templates_views
from helpbutton.operator import views as operator_views
from helpbutton.partners import cli as partners_cli
from helpbutton.partners import views as partners_views
from helpbutton.privacy import cli as privacy_cli
from helpbutton.privacy import views as privacy_views
from helpbutton.refdata import cli as refdata_cli
from helpbutton.routing_admin import cli as routing_admin_cli
from helpbutton.routing_admin import views as routing_admin_views
from helpbutton.statistics import cli as statistics_cli
from helpbutton.statistics import views as statistics_views
from helpbutton.triage import views as triage_views
from helpbutton.web.session_cookie import SigningOnceSessionInterface

ROOT = Path(__file__).resolve().parent.parent

BLUEPRINTS = (health.bp, intake_views.bp, accounts_views.bp, triage_views.bp,
              routing_admin_views.bp, partners_views.bp, statistics_views.bp, privacy_views.bp,
              mail_views.bp, message_templates_views.bp, operator_views.bp,
              content_languages_views.bp, api.bp)
COMMANDS = (refdata_cli.refdata, refdata_cli.demo, accounts_cli.users, mail_cli.group,
            partners_cli.partners, privacy_cli.retention, routing_admin_cli.routing,
            statistics_cli.statistics)


class InsecureConfiguration(RuntimeError):
    pass


def create_app(config: dict[str, Any] | type | None = None) -> Flask:
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(ROOT / "instance"),
    )
    app.config.from_object(config_from_env())
    if isinstance(config, dict):
        app.config.update(config)
    elif config is not None:
        app.config.from_object(config)
    _refuse_insecure_production(app)
    passwords.configure(app.config)
    app.session_interface = SigningOnceSessionInterface()
    Path(app.instance_path).mkdir(exist_ok=True)

    logs.init_app(app)
    _behind_proxy(app)
    db.init_app(app)
    mail.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    i18n.init_app(app)
    formatting.init_app(app)
    names.init_app(app)
    content_languages_public.init_app(app)
    errors.init_app(app)
    security.init_app(app)
    for bp in BLUEPRINTS:
        app.register_blueprint(bp)
    for command in COMMANDS:
        app.cli.add_command(command)
    # `flask db`: Alembic is imported only when a migration command runs (schema_migrations).
    app.cli.add_command(LazyGroup("db", "helpbutton.schema_migrations",
                                  help="Perform database migrations."))
    # Last: it wraps the error handlers registered so far, answering JSON under /api/.
    api.init_app(app)
    return app


def _behind_proxy(app: Flask) -> None:
    """Believe the reverse proxy's X-Forwarded-* headers, as many hops as configured."""
    hops = {name: app.config.get(f"PROXY_FIX_X_{name.upper()}", 0)
            for name in ("for", "proto", "host")}
    if any(hops.values()):
        # Flask's documented way of wrapping the WSGI app.
        app.wsgi_app = ProxyFix(app.wsgi_app,  # type: ignore[method-assign]
                                x_for=hops["for"], x_proto=hops["proto"], x_host=hops["host"])


def _refuse_insecure_production(app: Flask) -> None:
    if app.config.get("ENV_NAME") != "production":
        return
    key = app.config.get("SECRET_KEY") or ""
    if key == DEV_SECRET_KEY or len(key) < 32:
        raise InsecureConfiguration(
            "SECRET_KEY must be set to a random value of at least 32 characters in production"
        )
    if not app.config.get("TRUSTED_HOSTS"):
        # Without a list any Host header is believed, and it builds the links of a page.
        host = urlsplit(app.config.get("PUBLIC_BASE_URL") or "").hostname
        if not host:
            raise InsecureConfiguration(
                "TRUSTED_HOSTS (or PUBLIC_BASE_URL with a host) must be set in production")
        app.config["TRUSTED_HOSTS"] = [host]
