"""`flask db …` (Flask-Migrate on Alembic): the schema's migrations, from the command line only.

No web worker migrates, and Alembic with Mako and Pygments weighs about 11 MiB in every process
that imports them; so nothing the app imports loads this module. `create_app` registers
`flask db` as a `helpbutton.lazy_cli.LazyGroup`, which imports this module when the command
runs; a test that migrates calls `init_app` itself.
"""
from pathlib import Path

from flask import Flask
from flask_migrate import Migrate
from flask_migrate.cli import db as group

from helpbutton.extensions import db

__all__ = ["group", "init_app"]

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"

migrate = Migrate(render_as_batch=True, compare_type=True)


def init_app(app: Flask) -> None:
    """What migrations/env.py reads (`app.extensions["migrate"]`), and `flask db` itself."""
    migrate.init_app(app, db, directory=str(MIGRATIONS))
