"""Fixtures: an app per database backend (SQLite always; PostgreSQL when TEST_DATABASE_URL is set).

Under CI (CI=true) a missing PostgreSQL fails the run instead of skipping it.
"""
import os
import uuid

import pytest
import sqlalchemy as sa

from helpbutton import create_app
from helpbutton.extensions import db as _db
from helpbutton.refdata import demo_data, reference_data

BACKENDS = ["sqlite", "postgresql"]


def _pg_server_url() -> str | None:
    return os.environ.get("TEST_DATABASE_URL")


@pytest.fixture(scope="session")
def postgres_url():
    """A fresh PostgreSQL database for this test session, dropped at the end."""
    server = _pg_server_url()
    if not server:
        if os.environ.get("CI"):
            pytest.fail("CI must test on PostgreSQL: TEST_DATABASE_URL is not set")
        pytest.skip("PostgreSQL not configured (set TEST_DATABASE_URL)")
    name = f"helpbutton_test_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.engine.make_url(server).set(database=name)
    yield url.render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def make_postgres_database():
    """Factory for extra blank PostgreSQL databases (e.g. to run migrations on)."""
    server = _pg_server_url()
    created: list[str] = []
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT") if server else None

    def make() -> str:
        if admin is None:
            if os.environ.get("CI"):
                pytest.fail("CI must test on PostgreSQL: TEST_DATABASE_URL is not set")
            pytest.skip("PostgreSQL not configured (set TEST_DATABASE_URL)")
        name = f"helpbutton_blank_{uuid.uuid4().hex[:10]}"
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        created.append(name)
        return sa.engine.make_url(server).set(database=name).render_as_string(hide_password=False)

    yield make
    if admin is not None:
        with admin.connect() as conn:
            for name in created:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request):
    if request.param == "sqlite":
        return "sqlite://"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def app(database_url):
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-000",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SERVER_NAME": "localhost",
        "MAIL_SUPPRESS_SEND": True,
        # Cheap Argon2: the suite signs in hundreds of times.
        "ARGON2_TIME_COST": 1,
        "ARGON2_MEMORY_COST": 64,
        "ARGON2_PARALLELISM": 1,
    })
    with app.app_context():
        _db.create_all()
        yield app
        _db.session.remove()
        if database_url.startswith("postgresql"):
            # Empty every table so the next test starts blank, without re-creating the schema.
            tables = ", ".join(f'"{t.name}"' for t in _db.metadata.sorted_tables)
            with _db.engine.begin() as conn:
                conn.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        else:
            _db.drop_all()
        _db.engine.dispose()


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def region(db):
    """Varsinais-Suomi's reference data."""
    reference_data.load_region(db.session, "Varsinais-Suomi")
    db.session.commit()
    from helpbutton.models import Region

    return db.session.scalar(sa.select(Region).where(Region.code == "02"))


@pytest.fixture
def demo(db, region):
    demo_data.load_demo(db.session)
    db.session.commit()
    return region
