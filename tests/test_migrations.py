"""Migrations build the schema from nothing on SQLite and PostgreSQL, and agree with the models."""
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from helpbutton import create_app
from helpbutton.extensions import db


@pytest.fixture
def app_on(request):
    """An app on a given database URL, its connections closed after the test."""
    apps = []

    def make(url):
        apps.append(create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url,
                                "SECRET_KEY": "x" * 40}))
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
