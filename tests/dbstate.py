"""The fast test database: one app and three prepared databases per backend, built once.

Per backend (SQLite in memory, PostgreSQL) the session builds one app and three databases:
"blank" (the schema only), "region" (+ Varsinais-Suomi's reference data) and "demo" (+ the
demo centres, rules, partners and accounts). A test runs on the one its fixtures ask for,
inside a transaction that is rolled back at its end: its sessions are bound to that one
connection with `join_transaction_mode="create_savepoint"`, so a `commit()` in the code under
test only releases a savepoint (as Warehouse's tests/conftest.py does).

The app is shared by the backend's tests: what a test changes on it (its config, the mail
settings, what it caches in `app.extensions`) is put back afterwards, and the process-wide
state `create_app` sets up (password hashing, logging, the rate limiter, the router cache) is
set up again before each test.
"""
import copy
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import Flask, current_app
from flask_sqlalchemy.query import Query
from flask_sqlalchemy.session import Session as FlaskSession
from flask_sqlalchemy.session import _app_ctx_id

from helpbutton import create_app, logs
from helpbutton.accounts import passwords
from helpbutton.extensions import db as _db
from helpbutton.extensions import limiter
from helpbutton.models import Region, User
from helpbutton.refdata import demo_data, reference_data
from helpbutton.routing_admin import router
from tests import signin
from tests.signin import SignedIn

STATES = ("blank", "region", "demo")

TEST_CONFIG = {
    "TESTING": True,
    "I18N_RECORD_MISSING": True,  # helpbutton.catalogue: pages say which strings lack a translation
    "SECRET_KEY": "test-secret-key-that-is-long-enough-000",
    "SERVER_NAME": "localhost",
    "MAIL_SUPPRESS_SEND": True,
    "SMS_GATEWAY_URL": None,  # SMS off unless a test points it at its loopback gateway
    # Cheap Argon2: the suite signs in hundreds of times.
    "ARGON2_TIME_COST": 1,
    "ARGON2_MEMORY_COST": 64,
    "ARGON2_PARALLELISM": 1,
}


def state_for(fixturenames) -> str:
    """The prepared database a test needs, from the fixtures it asks for (directly or not)."""
    if "demo" in fixturenames:
        return "demo"
    if "region" in fixturenames:
        return "region"
    return "blank"


def load_region(session: so.Session) -> Region:
    region = session.scalar(sa.select(Region).where(Region.code == "05"))
    if region is None:
        reference_data.load_region(session, "Varsinais-Suomi")
        session.flush()
        region = session.scalar(sa.select(Region).where(Region.code == "05"))
        region.in_service = True  # the tests' county uses the service
        session.commit()
    return region


def load_demo(session: so.Session) -> Region:
    region = load_region(session)
    first = demo_data.VS_ACCOUNTS[0].email
    if session.scalar(sa.select(User.id).where(User.email == first)) is None:
        demo_data.load_demo(session)
        session.commit()
    return region


def _sqlite_engine() -> sa.Engine:
    """One in-memory database on one connection, with SAVEPOINT working under pysqlite."""
    engine = sa.create_engine("sqlite://", poolclass=sa.pool.StaticPool,
                              connect_args={"check_same_thread": False}, hide_parameters=True)

    # pysqlite begins transactions itself, late, and breaks SAVEPOINT: let SQLAlchemy do it.
    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None

    @sa.event.listens_for(engine, "begin")
    def _begin(connection):
        connection.exec_driver_sql("BEGIN")

    return engine


class _ConnectionSession(FlaskSession):
    """Flask-SQLAlchemy's session, on the test's connection whatever the model's bind."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        return bind if bind is not None else self.bind


@dataclass
class Backend:
    """One database engine's shared app and prepared databases."""

    name: str
    app: Flask
    engines: dict[str, sa.Engine]
    _limiter_state: dict = field(default_factory=dict)
    signed_in: SignedIn = field(default_factory=SignedIn)

    @classmethod
    def build(cls, name: str, database_url: str) -> "Backend":
        """SQLite: three in-memory databases. PostgreSQL: three schemas of the session's
        database (a schema is made and dropped without the checkpoint a database costs)."""
        engines = {}
        for state in STATES:
            if name == "sqlite":
                engines[state] = _sqlite_engine()
            else:
                maker = sa.create_engine(database_url, poolclass=sa.pool.NullPool)
                with maker.begin() as conn:
                    conn.execute(sa.text(f'CREATE SCHEMA "{state}"'))
                maker.dispose()
                engines[state] = sa.create_engine(
                    database_url, hide_parameters=True,
                    connect_args={"options": f"-c search_path={state}"})
        app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url})
        backend = cls(name, app, engines, dict(vars(limiter)))
        with app.app_context():
            for state, engine in engines.items():
                _db.metadata.create_all(engine)
                if state == "blank":
                    continue
                backend._use(state)
                (load_demo if state == "demo" else load_region)(_db.session)
                _db.session.remove()
        with backend.savepoint_app("demo"):
            backend.signed_in.sign_in_everyone(app)
        signin.KEPT[app] = backend.signed_in
        return backend

    def _use(self, state: str) -> sa.Engine:
        engine = self.engines[state]
        _db._app_engines[self.app][None] = engine  # db.engine for this app is the state's
        return engine

    def reset_process_state(self) -> None:
        """What create_app sets up process-wide, as if the app had just been made."""
        config = self.app.config
        passwords.configure(config)
        logs.configure(config.get("LOG_FORMAT", "text"), config.get("LOG_LEVEL", "INFO"))
        vars(limiter).update(self._limiter_state)  # another app's init_app may have replaced it
        limiter.reset()
        router.clear_cache()  # ids and routing versions repeat after every rollback

    @contextmanager
    def savepoint_app(self, state: str) -> Iterator[Flask]:
        """The shared app on the state's database, inside a transaction rolled back at the end."""
        app = self.app
        config = dict(app.config)
        extensions = dict(app.extensions)  # the form's cached choices live here, for one
        mail_state = copy.copy(vars(app.extensions["mail"]))
        self.reset_process_state()
        connection = self._use(state).connect()
        outer = connection.begin()
        plain = so.sessionmaker(class_=FlaskSession, db=_db, query_cls=Query)
        bound = so.sessionmaker(class_=_ConnectionSession, db=_db, query_cls=Query,
                                bind=connection, join_transaction_mode="create_savepoint")

        def make_session():
            # An app of a test's own (create_app inside the test) keeps its own database.
            return bound() if current_app._get_current_object() is app else plain()

        original = _db.session
        _db.session = so.scoped_session(make_session, scopefunc=_app_ctx_id)
        try:
            with app.app_context():
                yield app
        finally:
            _db.session = original
            if outer.is_active:
                outer.rollback()
            connection.close()
            app.config.clear()
            app.config.update(config)
            app.extensions.clear()
            app.extensions.update(extensions)
            vars(app.extensions["mail"]).update(mail_state)

    def dispose(self) -> None:
        for engine in self.engines.values():
            engine.dispose()


def committed_app(database_url: str) -> Iterator[Flask]:
    """An app of the test's own whose commits are real (for threads, other connections)."""
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url})
    router.clear_cache()
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
