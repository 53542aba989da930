"""Error pages on the public side: emergency guidance (112) in the language of the URL."""
import pytest
from flask import abort
from sqlalchemy import exc as sa_exc

EMERGENCY = {"fi": "Tämä ei ole hätäpalvelu", "sv": "Det här är ingen nödtjänst",
             "en": "This is not an emergency service"}
NOT_FOUND = {"fi": "Sivua ei löytynyt", "sv": "Sidan hittades inte", "en": "Page not found"}


def page(response) -> str:
    return response.get_data(as_text=True)


def assert_public_error(response, code, lang):
    html = page(response)
    assert response.status_code == code
    assert f'<html lang="{lang}" dir="ltr">' in html
    assert EMERGENCY[lang] in html and 'href="tel:112"' in html
    return html


@pytest.fixture
def failing_routes(committed_app):
    """Routes under the language paths that fail the ways a view can (on an app of the test's
    own: the shared one has served requests and takes no new routes)."""
    app = committed_app
    def fail(lang, code):
        abort(code)

    def database_down(lang):
        raise sa_exc.OperationalError("SELECT 1", {}, Exception("gone"))

    def bug(lang):
        raise RuntimeError("a bug")

    app.add_url_rule("/<lang>/test-fail/<int:code>", "test_fail", fail)
    app.add_url_rule("/<lang>/test-db-down", "test_db_down", database_down)
    app.add_url_rule("/<lang>/test-bug", "test_bug", bug)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    return app


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_unknown_page_is_a_404_in_the_language_of_its_path(client, demo, lang):
    # The browser prefers another language: the path decides.
    other = "en" if lang != "en" else "fi"
    response = client.get(f"/{lang}/anything-unknown", headers={"Accept-Language": other})
    html = assert_public_error(response, 404, lang)
    assert NOT_FOUND[lang] in html


def test_outside_the_language_paths_the_browser_language_is_used(client, demo):
    response = client.get("/favicon.ico/", headers={"Accept-Language": "sv"})
    assert_public_error(response, 404, "sv")


def test_wrong_method_is_a_405_page_with_112(client, demo):
    response = client.get("/sv/follow-up/some-token/withdraw")
    html = assert_public_error(response, 405, "sv")
    assert "POST" in response.headers["Allow"]
    assert "Det går inte att göra här" in html


@pytest.mark.parametrize("code", [400, 403, 404, 405, 413, 429, 500, 503])
def test_every_error_page_shows_112_in_the_path_language(client, demo, failing_routes, code):
    response = client.get(f"/sv/test-fail/{code}", headers={"Accept-Language": "en"})
    assert_public_error(response, code, "sv")
    if code in (429, 503):
        assert int(response.headers["Retry-After"]) > 0


def test_a_bug_answers_a_500_page_with_112(client, demo, failing_routes):
    response = client.get("/fi/test-bug", headers={"Accept-Language": "en"})
    html = assert_public_error(response, 500, "fi")
    assert "Jokin meni vikaan" in html


def test_a_database_outage_answers_a_503_page_with_112(client, demo, failing_routes):
    response = client.get("/sv/test-db-down")
    assert_public_error(response, 503, "sv")
    assert response.headers["Retry-After"] == "30"


def test_staff_error_pages_stay_staff_pages(client, demo):
    response = client.get("/staff/no-such-page", headers={"Accept-Language": "fi"})
    html = page(response)
    assert response.status_code == 404 and NOT_FOUND["fi"] in html
    assert EMERGENCY["fi"] not in html


def test_api_errors_stay_json(client, demo):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404 and response.get_json()["error"] == "not_found"
