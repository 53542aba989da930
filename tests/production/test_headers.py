"""Security headers on every kind of response, and templates that need no inline style or script."""
import base64
import hashlib
import re
from pathlib import Path

import pytest

from helpbutton.partners import operations as partners

ROOT = Path(__file__).resolve().parents[2]
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
ALWAYS = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def assert_security_headers(response):
    for name, value in ALWAYS.items():
        assert response.headers.get(name) == value, (name, response.headers.get(name))
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "geolocation=()" in response.headers["Permissions-Policy"]


@pytest.mark.parametrize("path, status, kind", [
    ("/fi/", 200, "text/html"),                  # the public form
    ("/fi/privacy", 200, "text/html"),
    ("/staff/sign-in", 200, "text/html"),
    ("/api/v1/topics", 200, "application/json"),
    ("/api/v1/openapi.json", 200, "application/json"),
    ("/api/v1/nothing-here", 404, "application/json"),
    ("/static/css/app.css", 200, "text/css"),
    ("/no/such/page", 404, "text/html"),         # an error page
    ("/healthz", 200, "application/json"),
])
def test_every_kind_of_response_has_the_headers(client, demo, path, status, kind):
    response = client.get(path)
    response.close()  # a static file is streamed from an open file
    assert response.status_code == status
    assert response.mimetype == kind
    assert_security_headers(response)
    assert "Strict-Transport-Security" not in response.headers  # plain http, development


def test_a_server_error_page_has_the_headers(make_app):
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    @app.get("/boom")
    def boom():
        raise RuntimeError("boom")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert_security_headers(response)


def test_hsts_over_https_and_always_in_production(make_app, monkeypatch):
    app = make_app()
    assert app.test_client().get("/healthz", base_url="https://localhost") \
        .headers["Strict-Transport-Security"] == "max-age=31536000"
    assert "Strict-Transport-Security" not in app.test_client().get("/healthz").headers
    assert "Strict-Transport-Security" not in make_app(HSTS_MAX_AGE=0).test_client() \
        .get("/healthz", base_url="https://localhost").headers

    monkeypatch.setenv("HELPBUTTON_ENV", "production")
    production = make_app()
    assert production.config["ENV_NAME"] == "production"
    assert production.test_client().get("/healthz") \
        .headers["Strict-Transport-Security"] == "max-age=31536000"


def test_only_the_button_preview_allows_the_buttons_own_style(app, db, demo, fast_sign_in):
    partner, _key = partners.create_partner(
        db.session, demo, partners.PartnerDetails("Loimaan kirjasto", partners.Channel.LIBRARY,
                                                  "430"))
    db.session.commit()
    client = fast_sign_in("region_admin")
    digest = base64.b64encode(hashlib.sha256(partners.BUTTON_STYLE.encode()).digest()).decode()

    preview = client.get(f"/admin/partners/{partner.id}/button")
    assert preview.status_code == 200
    policy = preview.headers["Content-Security-Policy"]
    assert policy == f"{CSP}; style-src-attr 'unsafe-hashes' 'sha256-{digest}'"
    # The hash is of exactly the style the preview shows.
    html = preview.get_data(as_text=True)
    styles = set(re.findall(r'<a [^>]*style="([^"]*)"', html))
    assert styles == {partners.BUTTON_STYLE}

    edit = client.get(f"/admin/partners/{partner.id}")
    assert edit.status_code == 200
    assert edit.headers["Content-Security-Policy"] == CSP
    assert "style=" not in edit.get_data(as_text=True)


# Inline code the policy refuses: <script> with a body, <style>, style="…", on…="…", javascript:.
INLINE = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>|<style[\s>]|<[^>]*\sstyle\s*=|"
                    r"[(,]\s*style\s*=|<[^>]*\son[a-z]+\s*=|javascript:", re.IGNORECASE)


def test_web_templates_have_no_inline_script_style_or_handlers():
    # E-mail is not a web page: mail programs need inline styles, and no policy applies there.
    found = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        relative = path.relative_to(ROOT / "templates").as_posix()
        if relative.startswith("email/"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if INLINE.search(line):
                found.append(f"{relative}:{number}: {line.strip()}")
    assert not found, "\n".join(found)


def test_the_inline_pattern_finds_what_it_should():
    for bad in ('<style>', '<p style="x">', "label(style='x')", "f(id='a', style='x')",
                '<a onclick="x">', '<input type="checkbox" onchange=\'go()\'>',
                '<script>alert(1)</script>', '<a href="javascript:x">'):
        assert INLINE.search(bad), bad
    for good in ('<script src="/static/x.js"></script>', '<link rel="stylesheet">',
                 '<p class="style-note">', '<button type="submit">', '{% set one = 1 %}',
                 '{% set style = "x" %}'):
        assert not INLINE.search(good), good
