"""`/healthz`: is the app up and the database reachable?

One `SELECT 1` and nothing else: on a connection of the pool in autocommit, so no BEGIN and no
ROLLBACK around it (four round trips to the database were three more than the question needs).
"""
import sqlalchemy as sa
from flask import Blueprint, current_app

from helpbutton.extensions import db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    try:
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("SELECT 1")
    except sa.exc.SQLAlchemyError as exc:
        current_app.logger.warning("health check: database unreachable (%s)", type(exc).__name__)
        return {"status": "unavailable", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}
