"""Fixtures: an app per database backend (SQLite always; PostgreSQL when TEST_DATABASE_URL is set).

Each test runs inside a rolled-back transaction on a database prepared once per session
(tests/dbstate.py). Under CI (CI=true) a missing PostgreSQL fails the run instead of skipping.
"""
import os
import uuid

import pytest
import sqlalchemy as sa

from helpbutton.extensions import db as _db
from tests import dbstate, signin

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


@pytest.fixture(scope="session")
def _backends():
    """Each backend's shared app and prepared databases, built when first needed."""
    built: dict[str, dbstate.Backend] = {}

    def get(name: str, database_url: str) -> dbstate.Backend:
        if name not in built:
            built[name] = dbstate.Backend.build(name, database_url)
        return built[name]

    yield get
    for backend in built.values():
        backend.dispose()


@pytest.fixture
def app(request, database_url, _backends):
    """The app on a database of the backend, inside a transaction rolled back after the test.

    The database holds what the test's fixtures ask for (`region`, `demo`) from the start.
    A test that needs real commits (threads, a second connection) asks for `committed_app`.
    """
    if "committed_app" in request.fixturenames:
        yield from dbstate.committed_app(database_url)
        return
    backend = _backends("sqlite" if database_url == "sqlite://" else "postgresql", database_url)
    with backend.savepoint_app(dbstate.state_for(request.fixturenames)) as shared:
        yield shared


@pytest.fixture
def committed_app(app):
    """An app of the test's own on the backend, whose commits are real and seen by every
    connection (threads, workers, a second session); emptied after the test."""
    return app


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
    """Varsinais-Suomi's reference data (already in the test's database)."""
    return dbstate.load_region(db.session)


@pytest.fixture
def demo(db, region):
    """The demo centres, rules, partners and accounts (already in the test's database)."""
    return dbstate.load_demo(db.session)


# --- staff accounts and sign-in (tests/signin.py) ----------------------------------------


@pytest.fixture
def demo_users(db, demo):
    """The demo accounts by role (ROLE_EMAILS)."""
    return {role: signin.user_by_email(db, email) for role, email in signin.ROLE_EMAILS.items()}


@pytest.fixture
def enrol_totp(db):
    """Give an account two-factor sign-in directly in the database; returns the secret."""
    return lambda user: signin.enrol(db.session, user)


@pytest.fixture
def sign_in(app, db):
    """Sign in through the real forms. Returns the response of the last step."""
    return signin.sign_in


@pytest.fixture
def sign_in_as(app, db, demo_users, enrol_totp, sign_in):
    """`sign_in_as("lead")` → a new test client signed in through the forms, now, as that demo
    role (two-factor included for administrators): for tests about signing in."""
    def do(role: str):
        client = app.test_client()
        if role == "anonymous":
            return client
        user = demo_users[role]
        secret = enrol_totp(user) if role.endswith("admin") else None
        response = sign_in(client, user.email, secret=secret)
        assert response.status_code == 302, response.get_data(as_text=True)
        assert response.headers["Location"].endswith("/staff/"), response.headers["Location"]
        return client
    return do


@pytest.fixture
def fast_sign_in(app, db, demo_users):
    """`fast_sign_in("lead")` → a client with that role's session cookie, made by signing in
    through the forms once per backend (tests/signin.py): for tests about what a signed-in
    person may do, not about signing in."""
    def do(role: str):
        if role == "anonymous":
            return app.test_client()
        return signin.signed_in_client(app, demo_users[role])
    return do
