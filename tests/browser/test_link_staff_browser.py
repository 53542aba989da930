"""The request page's private link panel in Chromium: axe on the page with the panel and with
the close form's mistake, in fi, sv and en (the routed test client: real sessions)."""
import pytest

from helpbutton.intake.follow_up import hash_token
from tests.browser import axe
from tests.browser.routed import ORIGIN, launch, serve
from tests.factories import centre, make_request

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    yield from launch()


@pytest.mark.parametrize("database_url", ["sqlite://"])
@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_private_link_panel_passes_axe(app, db, demo, fast_sign_in, browser, lang):
    app.config["WTF_CSRF_ENABLED"] = False
    req = make_request(db.session, centre(db.session, "turku"), email="perhe@example.fi",
                       follow_up_token_hash=hash_token("t" * 40))
    client = fast_sign_in("staff")
    client.post("/staff/account/language", data={"language": lang})
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        page.route(f"{ORIGIN}/**", serve(client))
        page.goto(f"{ORIGIN}/staff/requests/{req.id}")
        assert page.locator("#link-title").count() == 1
        assert page.locator("#link-contact").count() == 1
        assert not axe.violations(page), axe.report(axe.violations(page))
        answer = client.post(f"/staff/requests/{req.id}/link/close",
                             data={"link-contact": "ei osoite"})
        assert answer.status_code == 400
        page.goto(f"{ORIGIN}/static/css/app.css")
        page.set_content(answer.get_data(as_text=True))
        assert page.locator("#link-contact[aria-invalid=true]").count() == 1
        found = axe.violations(page)
        assert not found, axe.report(found)
    finally:
        context.close()
