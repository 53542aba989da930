import pytest
from flask import g

from config import DEV_SECRET_KEY, ProductionConfig
from helpbutton import InsecureConfiguration, create_app
from helpbutton.extensions import db


@pytest.mark.parametrize("secret", [DEV_SECRET_KEY, "", "short-but-set"])
def test_production_refuses_to_start_without_a_real_secret_key(secret):
    with pytest.raises(InsecureConfiguration):
        create_app({"ENV_NAME": "production", "SECRET_KEY": secret,
                    "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_production_defaults_alone_are_refused(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(InsecureConfiguration):
        create_app(ProductionConfig)


def test_production_starts_with_a_real_secret_key():
    app = create_app({"ENV_NAME": "production", "SECRET_KEY": "k" * 48,
                      "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["SESSION_COOKIE_SECURE"] is False or app.config["ENV_NAME"] == "production"


@pytest.mark.parametrize("header, target", [
    ("sv-FI,sv;q=0.9,en;q=0.5", "/sv/"),
    ("en-GB,en;q=0.8", "/en/"),
    ("fi", "/fi/"),
    ("de-DE", "/fi/"),
    (None, "/fi/"),
])
def test_root_redirects_by_the_browsers_languages(client, header, target):
    headers = {"Accept-Language": header} if header else {}
    response = client.get("/", headers=headers)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(target)


@pytest.mark.parametrize("lang, text", [
    ("fi", "Pyydä apua"),
    ("sv", "Be om hjälp"),
    ("en", "Ask for help"),
])
def test_public_pages_speak_the_language_of_their_prefix(client, region, lang, text):
    html = client.get(f"/{lang}/").get_data(as_text=True)
    assert f'<html lang="{lang}" dir="ltr">' in html
    assert text in html
    assert "112" in html


def test_unknown_language_prefix_is_not_found(client):
    assert client.get("/de/").status_code == 404


def test_healthz_reports_a_reachable_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_reports_an_unreachable_database():
    app = create_app({"TESTING": True, "SECRET_KEY": "x" * 40,
                      "SQLALCHEMY_DATABASE_URI":
                          "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2"})
    response = app.test_client().get("/healthz")
    with app.app_context():
        db.engine.dispose()
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"



@pytest.mark.parametrize("first, then, message", [
    ("fi", "sv", "Fältet får inte vara längre än 20 tecken."),
    ("sv", "fi", "Ei voi olla pidempi kuin 20 merkkiä."),
    ("sv", "en", "Field cannot be longer than 20 characters."),
])
def test_wtforms_own_messages_follow_each_requests_language(db, demo_users, fast_sign_in,
                                                            first, then, message):
    # The catalogues are read once per process: a request in one language must not leave its
    # messages to the next one.
    admin = fast_sign_in("region_admin")
    for language in (first, then):
        demo_users["region_admin"].language = language
        db.session.commit()
        g.pop("_flask_babel", None)  # the test's app context outlives each request; a server's not
        page = admin.get("/admin/audit", query_string={"reference": "x" * 30}
                         ).get_data(as_text=True)
    assert message in page
