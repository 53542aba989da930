"""`/healthz`: is the app up and the database reachable?

One `SELECT 1` and nothing else: the pool's own check of the connection it hands out
(`pool_pre_ping`, config.py) is that statement, so taking a connection answers the question;
nothing is executed on it, so there is no BEGIN and no ROLLBACK either. (A second `SELECT 1` on
the connection, and an autocommit setting changed and reset, were round trips the question
does not need.) Without pre-ping the statement is sent on the connection.
"""
import sqlalchemy as sa
from flask import Blueprint, current_app

from helpbutton.extensions import db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    try:
        with db.engine.connect() as conn:
            if not current_app.config["SQLALCHEMY_ENGINE_OPTIONS"].get("pool_pre_ping"):
                conn.exec_driver_sql("SELECT 1")
    except sa.exc.SQLAlchemyError as exc:
        current_app.logger.warning("health check: database unreachable (%s)", type(exc).__name__)
        return {"status": "unavailable", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}
