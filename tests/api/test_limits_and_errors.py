"""Rate limits on POST /api/v1/requests, and JSON (never HTML) errors under /api/."""
import pytest
import sqlalchemy as sa

from helpbutton.models import HelpRequest
from tests.api.conftest import valid_body


@pytest.fixture
def tight_limits(app):
    app.config["API_RATELIMIT_PER_KEY"] = "2 per minute"
    app.config["API_RATELIMIT_PER_ADDRESS"] = "3 per minute"


def test_a_partner_key_over_its_limit_is_told_to_wait(db, tight_limits, make_partner,
                                                      post_request):
    _, key = make_partner()
    statuses = [post_request(key, valid_body()).status_code for _ in range(3)]
    response = post_request(key, valid_body())

    assert statuses[:2] == [201, 201] and statuses[2] == 429
    assert response.status_code == 429
    assert response.get_json()["error"] == "rate_limited"
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    assert db.session.scalar(sa.select(sa.func.count(HelpRequest.id))) == 2


def test_the_address_limit_holds_across_keys(tight_limits, make_partner, post_request):
    _, key_a = make_partner(name="Kirjasto A")
    _, key_b = make_partner(name="Kirjasto B")
    results = [post_request(k, valid_body()).status_code
               for k in (key_a, key_a, key_b, key_b)]

    assert results == [201, 201, 201, 429]


def test_the_limit_is_per_address(tight_limits, make_partner, post_request):
    _, key_a = make_partner(name="Kirjasto A")
    _, key_b = make_partner(name="Kirjasto B")
    for key in (key_a, key_a, key_b):  # this address's three
        post_request(key, valid_body())
    other_address = {"REMOTE_ADDR": "192.0.2.44"}

    assert post_request(key_b, valid_body(), environ_base=other_address).status_code == 201


def test_guessing_keys_is_limited_too(app, demo, post_request):
    app.config["API_RATELIMIT_PER_ADDRESS"] = "3 per minute"
    statuses = [post_request(f"guess-{n}", valid_body()).status_code for n in range(4)]

    assert statuses == [401, 401, 401, 429]


@pytest.mark.parametrize("method, path, status", [
    ("GET", "/api/v1/no-such-thing", 404),
    ("GET", "/api/nothing-here", 404),
    ("DELETE", "/api/v1/topics", 405),
    ("GET", "/api/v1/requests", 405),
])
def test_errors_under_api_are_json(client, method, path, status):
    response = client.open(path, method=method, headers={"Accept-Language": "sv"})

    assert response.status_code == status
    assert response.is_json
    assert "<html" not in response.get_data(as_text=True)
    assert response.get_json()["message"]


def test_error_messages_follow_the_callers_language(client):
    response = client.get("/api/v1/no-such-thing", headers={"Accept-Language": "sv"})

    assert response.get_json()["message"] == "Hittades inte."


def test_the_allow_header_names_the_methods_that_work(client):
    response = client.delete("/api/v1/requests")

    assert "POST" in response.headers["Allow"]


def test_pages_outside_the_api_keep_their_html_error_pages(client):
    response = client.get("/fi/no-such-page")

    assert response.status_code == 404
    assert "<html" in response.get_data(as_text=True)


def test_a_server_error_under_api_is_json_and_rolls_back(app, client, monkeypatch):
    from helpbutton.intake.api import views

    def broken(session, county=None):
        raise RuntimeError("database went away")

    monkeypatch.setattr(views.intake, "public_region", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/api/v1/topics")

    assert response.status_code == 500
    assert response.get_json()["error"] == "server_error"
    assert "database went away" not in response.get_data(as_text=True)
