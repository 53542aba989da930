"""A database that cannot be reached: a calm, translated 503 on any page, JSON under /api/."""
import time

import pytest
from sqlalchemy import exc as sa_exc

from helpbutton import create_app
from helpbutton.accounts import session as staff_session
from helpbutton.extensions import db
from tests.production.conftest import BASE_CONFIG

# Nothing listens on port 1: every connection is refused at once.
UNREACHABLE = {
    "sqlite": "sqlite:////nonexistent-directory/helpbutton.sqlite",
    "postgresql": "postgresql+psycopg://postgres@127.0.0.1:1/helpbutton?connect_timeout=2",
}


@pytest.fixture(params=sorted(UNREACHABLE))
def offline(request):
    app = create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": UNREACHABLE[request.param],
                      "PROPAGATE_EXCEPTIONS": False})
    yield app
    with app.app_context():
        db.engine.dispose()


def _signed_in(client):
    now = time.time()
    with client.session_transaction() as sess:
        sess[staff_session.KEY] = {"uid": 1, "sv": 1, "sid": "test", "start": now, "seen": now,
                                   "stage": staff_session.FULL, "next": None}
    return client


@pytest.mark.parametrize("lang, heading", [
    ("fi", "Palvelu ei ole käytettävissä"),
    ("sv", "Tjänsten är inte tillgänglig"),
])
def test_pages_answer_a_calm_translated_503(offline, lang, heading):
    response = offline.test_client().get(f"/{lang}/follow-up/some-token-that-is-long-enough")
    assert response.status_code == 503
    html = response.get_data(as_text=True)
    assert heading in html
    assert "112" in html
    assert response.headers["Retry-After"] == "30"
    assert response.headers["Content-Security-Policy"].startswith("default-src 'self'")


def test_a_staff_page_answers_503_in_the_browsers_language(offline):
    client = _signed_in(offline.test_client())
    response = client.get("/staff/requests", headers={"Accept-Language": "sv"})
    assert response.status_code == 503
    assert "Tjänsten är inte tillgänglig" in response.get_data(as_text=True)


def test_the_api_answers_json_503(offline):
    response = offline.test_client().post("/api/v1/requests", json={},
                                          headers={"Authorization": "Bearer some-key"})
    assert response.status_code == 503
    assert response.json["error"] == "unavailable"
    assert response.headers["Retry-After"] == "30"


@pytest.mark.parametrize("error", [
    sa_exc.OperationalError("SELECT 1", {}, Exception("server closed the connection")),
    sa_exc.InterfaceError("SELECT 1", {}, Exception("connection already closed")),
    sa_exc.TimeoutError("QueuePool limit reached"),
])
def test_every_kind_of_database_outage_is_a_503_and_a_bug_stays_a_500(make_app, error):
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    @app.get("/outage")
    def outage():
        raise error

    @app.get("/bug")
    def bug():
        raise sa_exc.IntegrityError("INSERT", {}, Exception("duplicate key"))

    client = app.test_client()
    assert client.get("/outage").status_code == 503
    assert client.get("/bug").status_code == 500


def test_a_connection_the_database_drops_as_a_request_ends_is_not_a_server_error(postgres_url):
    # Seen when PostgreSQL shut down between a page's last query and the end of its request:
    # closing the session sent a ROLLBACK on the dead connection, and the page became a 500.
    import sqlalchemy as sa

    app = create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": postgres_url,
                      "PROPAGATE_EXCEPTIONS": False})

    @app.get("/probe-dropped-connection")
    def probe():
        pid = db.session.scalar(sa.text("SELECT pg_backend_pid()"))  # opens a transaction
        killer = sa.create_engine(postgres_url)
        with killer.connect() as conn:
            assert conn.scalar(sa.text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": pid})
        killer.dispose()
        return "answered"

    response = app.test_client().get("/probe-dropped-connection")
    assert response.status_code == 200 and response.get_data(as_text=True) == "answered"
    with app.app_context():  # and the next request gets a working connection
        assert db.session.scalar(sa.text("SELECT 1")) == 1
        db.session.remove()
        db.engine.dispose()
