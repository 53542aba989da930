"""Pyydä apua: a family's request for help, routed to the right family centre."""
from pathlib import Path
from typing import Any

from flask import Flask

from config import DEV_SECRET_KEY, config_from_env

ROOT = Path(__file__).resolve().parent.parent


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
    from helpbutton.services import passwords

    passwords.configure(app.config)
    Path(app.instance_path).mkdir(exist_ok=True)

    from helpbutton import cli, errors, i18n, logs, security
    from helpbutton.extensions import csrf, db, limiter, mail, migrate
    from helpbutton import models  # noqa: F401  (registers the tables for migrations)

    logs.init_app(app)
    _behind_proxy(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    mail.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    i18n.init_app(app)
    errors.init_app(app)
    security.init_app(app)
    cli.init_app(app)

    _register_blueprints(app)
    return app


def _register_blueprints(app: Flask) -> None:
    from helpbutton import api
    from helpbutton.accounts import bp as accounts_bp
    from helpbutton.admin import bp as admin_bp
    from helpbutton.auth import bp as auth_bp
    from helpbutton.health import bp as health_bp
    from helpbutton.outbox_admin import bp as outbox_admin_bp
    from helpbutton.partners import bp as partners_bp
    from helpbutton.privacy_admin import bp as privacy_admin_bp
    from helpbutton.public import bp as public_bp
    from helpbutton.staff import bp as staff_bp
    from helpbutton.staff import queue_blueprint
    from helpbutton.stats import bp as stats_bp

    for bp in (health_bp, public_bp, auth_bp, staff_bp):
        app.register_blueprint(bp)
    queue_blueprint.register(app)
    for bp in (accounts_bp, admin_bp, partners_bp, stats_bp, privacy_admin_bp, outbox_admin_bp,
               api.bp):
        app.register_blueprint(bp)
    # Last: it wraps the error handlers registered so far, answering JSON under /api/.
    api.init_app(app)


def _behind_proxy(app: Flask) -> None:
    """Believe the reverse proxy's X-Forwarded-* headers, as many hops as configured."""
    hops = {name: app.config.get(f"PROXY_FIX_X_{name.upper()}", 0)
            for name in ("for", "proto", "host")}
    if any(hops.values()):
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops["for"], x_proto=hops["proto"],
                                x_host=hops["host"])


def _refuse_insecure_production(app: Flask) -> None:
    if app.config.get("ENV_NAME") != "production":
        return
    key = app.config.get("SECRET_KEY") or ""
    if key == DEV_SECRET_KEY or len(key) < 32:
        raise InsecureConfiguration(
            "SECRET_KEY must be set to a random value of at least 32 characters in production"
        )
