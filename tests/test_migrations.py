"""Migrations build the schema from nothing on SQLite and PostgreSQL, and agree with the models."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from helpbutton import create_app, schema_migrations
from helpbutton.extensions import db

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def app_on(request):
    """An app on a given database URL, its connections closed after the test."""
    apps = []

    def make(url):
        apps.append(create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url,
                                "SECRET_KEY": "x" * 40}))
        schema_migrations.init_app(apps[-1])
        return apps[-1]

    yield make
    for app in apps:
        with app.app_context():
            db.engine.dispose()


def _diff(app):
    with app.app_context(), db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "render_as_batch": True}
        )
        return compare_metadata(context, db.metadata)


@pytest.fixture(params=["sqlite", "postgresql"])
def blank_database(request, tmp_path, make_postgres_database):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'blank.sqlite'}"
    return make_postgres_database()


def test_migrations_upgrade_a_blank_database_to_the_models(blank_database, app_on):
    app = app_on(blank_database)
    with app.app_context():
        upgrade()
        tables = set(sa.inspect(db.engine).get_table_names())
    assert {"region", "municipality", "centre", "help_request", "routing_rule",
            "request_event", "user", "role_assignment", "outbox_message", "partner",
            "topic", "postal_code", "centre_municipality"} <= tables
    assert _diff(app) == []


def test_migrations_downgrade_to_nothing_and_up_again(blank_database, app_on):
    app = app_on(blank_database)
    with app.app_context():
        upgrade()
        downgrade(revision="base")
        assert set(sa.inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
    assert _diff(app) == []


def test_flask_db_runs_its_commands(tmp_path):
    """`flask db …` still works, though the app imports Alembic only when the command runs."""
    app = create_app({"TESTING": True, "SECRET_KEY": "x" * 40,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'cli.sqlite'}"})
    runner = app.test_cli_runner()
    assert "db" in runner.invoke(args=["--help"]).output
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["db", "-x", "unused=1", "current"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert "help_request" in sa.inspect(db.engine).get_table_names()
        with db.engine.connect() as conn:
            assert conn.scalar(sa.text("SELECT version_num FROM alembic_version"))
        db.engine.dispose()


def test_a_web_process_imports_no_alembic():
    """A gunicorn worker (wsgi) never migrates: Alembic, Mako and Pygments stay out of it."""
    code = "import sys, wsgi; print(sorted({m.split('.')[0] for m in sys.modules} & " \
           "{'alembic', 'flask_migrate', 'mako', 'pygments'}))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert out.stdout.strip() == "[]"
