"""Production cookies and URLs, and the reverse proxy's X-Forwarded-* headers (ProxyFix)."""
import pytest
from flask import url_for

from helpbutton import InsecureConfiguration

PRODUCTION_KEY = "a-production-secret-key-of-forty-chars-00"


@pytest.fixture
def production(monkeypatch, make_app):
    monkeypatch.setenv("HELPBUTTON_ENV", "production")
    return make_app(SECRET_KEY=PRODUCTION_KEY)


def _session_cookie(response) -> str:
    cookies = [c for c in response.headers.getlist("Set-Cookie") if "session=" in c]
    assert len(cookies) == 1, response.headers.getlist("Set-Cookie")
    return cookies[0]


def test_production_session_cookie_is_host_only_secure_httponly_lax(production):
    response = production.test_client().get("/staff/sign-in", base_url="https://localhost")
    assert response.status_code == 200
    cookie = _session_cookie(response)
    attributes = [part.strip() for part in cookie.split(";")]
    assert attributes[0].startswith("__Host-session=")
    assert "Secure" in attributes
    assert "HttpOnly" in attributes
    assert "SameSite=Lax" in attributes
    assert "Path=/" in attributes
    # __Host- cookies must have no Domain (else browsers drop them).
    assert not any(a.lower().startswith("domain=") for a in attributes)


def test_development_cookie_works_over_plain_http(make_app):
    cookie = _session_cookie(make_app().test_client().get("/staff/sign-in"))
    assert cookie.startswith("session=")
    assert "Secure" not in cookie and "HttpOnly" in cookie


def test_production_builds_https_urls(monkeypatch, make_app):
    # Outside a request (mail, the outbox worker) the scheme comes from PREFERRED_URL_SCHEME.
    host = {"SERVER_NAME": "apua.example.invalid"}
    with make_app(**host).app_context():
        assert url_for("intake.index", lang="fi", _external=True).startswith("http://")
    monkeypatch.setenv("HELPBUTTON_ENV", "production")
    with make_app(SECRET_KEY=PRODUCTION_KEY, **host).app_context():
        assert url_for("intake.index", lang="fi", _external=True) == \
            "https://apua.example.invalid/fi/"


def test_production_refuses_a_short_secret_key(monkeypatch, make_app):
    monkeypatch.setenv("HELPBUTTON_ENV", "production")
    with pytest.raises(InsecureConfiguration):
        make_app(SECRET_KEY="short")


def _external_url_app(make_app, **settings):
    app = make_app(**settings)

    @app.get("/where-am-i")
    def where_am_i():
        return {"url": url_for("health.healthz", _external=True)}

    return app


FROM_PROXY = {"REMOTE_ADDR": "127.0.0.1"}
HTTPS_FROM_PROXY = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "apua.example.invalid"}


def test_behind_the_proxy_urls_are_https_on_the_public_host(make_app):
    app = _external_url_app(make_app, PROXY_FIX_X_PROTO=1, PROXY_FIX_X_HOST=1,
                            TRUSTED_HOSTS=["apua.example.invalid"])
    response = app.test_client().get("/where-am-i", headers=HTTPS_FROM_PROXY,
                                     environ_base=FROM_PROXY)
    assert response.json["url"] == "https://apua.example.invalid/healthz"
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_a_forwarded_host_outside_trusted_hosts_is_refused(make_app):
    app = _external_url_app(make_app, PROXY_FIX_X_PROTO=1, PROXY_FIX_X_HOST=1,
                            TRUSTED_HOSTS=["apua.example.fi"])
    response = app.test_client().get("/fi/", headers=HTTPS_FROM_PROXY, environ_base=FROM_PROXY)
    assert response.status_code == 400 and 'href="tel:112"' in response.get_data(as_text=True)


def test_without_proxy_settings_forwarded_headers_are_ignored(make_app):
    app = _external_url_app(make_app)
    response = app.test_client().get("/where-am-i", headers=HTTPS_FROM_PROXY,
                                     environ_base=FROM_PROXY)
    assert response.json["url"] == "http://localhost/healthz"
    assert "Strict-Transport-Security" not in response.headers


def _api_posts(app, addresses):
    """POST to the API (no key: 401, but the per-address limit counts it) from these clients."""
    client = app.test_client()
    return [client.post("/api/v1/requests", json={}, environ_base=FROM_PROXY,
                        headers={"X-Forwarded-For": address}).status_code
            for address in addresses]


LIMITS = {"API_RATELIMIT_PER_ADDRESS": "2 per minute", "API_RATELIMIT_PER_KEY": "100 per minute"}


def test_rate_limits_count_the_real_client_behind_the_proxy(make_app):
    app = make_app(PROXY_FIX_X_FOR=1, **LIMITS)
    assert _api_posts(app, ["198.51.100.7"] * 3 + ["203.0.113.9"]) == [401, 401, 429, 401]


def test_without_proxy_settings_a_claimed_address_does_not_escape_the_limit(make_app):
    app = make_app(**LIMITS)
    assert _api_posts(app, ["198.51.100.7"] * 2 + ["203.0.113.9"]) == [401, 401, 429]


def test_only_as_many_proxies_as_configured_are_believed(make_app):
    # One proxy: a client that writes its own X-Forwarded-For gets only its real address
    # (the last one, added by our proxy) counted.
    app = make_app(PROXY_FIX_X_FOR=1, **LIMITS)
    forged = [f"10.0.0.{i}, 198.51.100.7" for i in range(3)]
    assert _api_posts(app, forged) == [401, 401, 429]
