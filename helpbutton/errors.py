"""Friendly error pages in the user's language; the session is rolled back on 500 and 503.

A database that cannot be reached (OperationalError and its kin) is an outage, not a bug: any
page answers a calm 503 ("try again in a moment") instead of 500, and the API its JSON 503.
Views that can do better keep doing it (the public form re-renders with the input kept).
"""
import logging

from flask import Flask, render_template, request
from sqlalchemy import exc as sa_exc
from werkzeug.exceptions import BadRequest, ServiceUnavailable

from helpbutton.extensions import db

# Errors that mean "the database is away or overloaded", not "the code is wrong".
DATABASE_UNAVAILABLE = (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.DisconnectionError,
                        sa_exc.TimeoutError)

log = logging.getLogger(__name__)


# How long a client is asked to wait after a 503, on pages and in the API alike.
RETRY_AFTER_SECONDS = 30


def _unavailable_page():
    return render_template("errors/503.html"), 503, {"Retry-After": str(RETRY_AFTER_SECONDS)}


def init_app(app: Flask) -> None:
    @app.errorhandler(400)
    def bad_request(error):
        return render_template("errors/400.html"), 400

    @app.errorhandler(sa_exc.DataError)
    def value_refused_by_database(error):
        # A value the database cannot hold (a NUL, an over-long string in a query): bad input,
        # not an outage. Views validate what they store; this catches what slips past.
        db.session.rollback()
        log.warning("value refused by the database in %s", request.endpoint)
        # The 400 handler answers: a page, or JSON under /api/ (api.errors wraps it).
        return app.handle_http_exception(BadRequest())

    @app.errorhandler(404)
    def not_found(error):
        return render_template("errors/404.html"), 404

    @app.errorhandler(403)
    def forbidden(error):
        return render_template("errors/403.html"), 403

    @app.errorhandler(500)
    def internal_error(error):
        db.session.rollback()
        return render_template("errors/500.html"), 500

    @app.errorhandler(503)
    def unavailable(error):
        db.session.rollback()
        return _unavailable_page()

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
