"""The yardstick for the intake benchmark: a minimal Flask app whose one endpoint inserts one
row into a table of the same PostgreSQL database.

    DATABASE_URL=postgresql+psycopg://… gunicorn -c gunicorn.conf.py bench.minimal_app:app

`bench/intake.py` starts it under the same gunicorn settings as the real app and drives both
with the same load, so the ratio of their rates is what the real submit path costs on top of
"a web request that writes a row". SQLAlchemy's default pool, one transaction per request.
"""
from __future__ import annotations

import os

import sqlalchemy as sa
from flask import Flask, request

metadata = sa.MetaData()
minimal_row = sa.Table(
    "bench_minimal_row", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("key", sa.String(64), unique=True, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now()),
)


def create_table(url: str) -> None:
    engine = sa.create_engine(url)
    metadata.create_all(engine)
    engine.dispose()


def count_rows(url: str) -> int:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        count = conn.scalar(sa.select(sa.func.count()).select_from(minimal_row))
    engine.dispose()
    return count


def make_app(url: str) -> Flask:
    app = Flask(__name__)
    engine = sa.create_engine(url, pool_pre_ping=True)  # as the real app's engine options

    @app.get("/")
    def alive():
        return "ok"

    @app.post("/")
    def insert():
        with engine.begin() as conn:
            conn.execute(minimal_row.insert().values(key=request.form["submission_key"]))
        return "", 201

    return app


if "DATABASE_URL" in os.environ:
    app = make_app(os.environ["DATABASE_URL"])
