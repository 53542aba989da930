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

    from helpbutton import cli, errors, i18n
    from helpbutton.extensions import csrf, db, limiter, mail, migrate
    from helpbutton import models  # noqa: F401  (registers the tables for migrations)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    mail.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    i18n.init_app(app)
    errors.init_app(app)
    cli.init_app(app)

    from helpbutton.health import bp as health_bp
    from helpbutton.public import bp as public_bp

    app.register_blueprint(health_bp)
    app.register_blueprint(public_bp)

    from helpbutton.accounts import bp as accounts_bp
    from helpbutton.auth import bp as auth_bp
    from helpbutton.staff import bp as staff_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(staff_bp)
    from helpbutton.staff import queue_blueprint  # the triage queue and request pages (issue 5)

    queue_blueprint.register(app)
    app.register_blueprint(accounts_bp)

    from helpbutton.outbox_admin import bp as outbox_admin_bp  # failed mail (issue 6)

    app.register_blueprint(outbox_admin_bp)

    from helpbutton.privacy_admin import bp as privacy_admin_bp  # export, erasure, audit (7)
    from helpbutton.stats import bp as stats_bp  # statistics (issue 7)

    app.register_blueprint(stats_bp)
    app.register_blueprint(privacy_admin_bp)

    from helpbutton import api
    from helpbutton.admin import bp as admin_bp  # routing configuration (issue 3)
    from helpbutton.partners import bp as partners_bp

    app.register_blueprint(admin_bp)

    app.register_blueprint(partners_bp)
    app.register_blueprint(api.bp)
    api.init_app(app)  # wraps the error handlers registered so far: JSON under /api/
    return app


def _refuse_insecure_production(app: Flask) -> None:
    if app.config.get("ENV_NAME") != "production":
        return
    key = app.config.get("SECRET_KEY") or ""
    if key == DEV_SECRET_KEY or len(key) < 32:
        raise InsecureConfiguration(
            "SECRET_KEY must be set to a random value of at least 32 characters in production"
        )
