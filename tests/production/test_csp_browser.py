"""The content security policy in real Chromium: the main pages load without a single violation,
and the partner button's preview keeps its own look (its inline style is allowed by hash).

Chromium's requests are answered by the Flask test client (tests/browser/routed.py), so the
headers Chromium enforces are exactly the app's.
"""
from datetime import UTC, datetime, timedelta

import pytest

from helpbutton.extensions import limiter
from helpbutton.partners import operations as partners
from helpbutton.public_languages import PUBLIC_CODES
from helpbutton.security import POLICY
from tests.browser.routed import ORIGIN, launch, serve
from tests.factories import centre, make_request
from tests.public.conftest import FormDriver

pytestmark = pytest.mark.browser

# Reports of violations, collected in the page before any of its own content runs.
LISTEN = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(
    e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sample || '')));
"""
BUTTON_COLOUR = "rgb(31, 95, 74)"  # #1f5f4a, partners.BUTTON_STYLE's background


@pytest.fixture
def database_url():
    return "sqlite://"  # one backend is enough: the policy is about pages, not the database


@pytest.fixture(scope="module")
def chromium():
    yield from launch()


@pytest.fixture
def open_page(chromium):
    """`open_page(client, path)` → (page, violations): the page as Chromium shows it, and every
    CSP violation it reported (console errors and securitypolicyviolation events)."""
    contexts = []

    def open_(client, path, *, route=None):
        context = chromium.new_context(locale="fi-FI")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.add_init_script(LISTEN)
        console = []
        page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
        page.route(f"{ORIGIN}/**", route or serve(client))
        response = page.goto(f"{ORIGIN}{path}")
        assert response.status == 200, (path, response.status)
        page.wait_for_load_state("load")
        page.wait_for_timeout(150)  # violation events are queued as tasks
        events = page.evaluate("window.__violations")
        reported = [text for text in console if "Content Security Policy" in text]
        return page, events + reported

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def partner(db, demo):
    made, _key = partners.create_partner(db.session, demo, partners.PartnerDetails(
        "Loimaan pääkirjasto", partners.Channel.LIBRARY, "430"))
    db.session.commit()
    return made


def test_public_pages_have_no_csp_violations(app, db, demo, open_page):
    limiter.reset()
    client = app.test_client()
    _page, violations = open_page(client, "/fi/")
    assert violations == []
    assert FormDriver(client).send().status_code == 302
    page, violations = open_page(client, "/fi/confirmation")
    assert violations == []
    assert page.locator(".reference").count() == 1


def test_staff_queue_and_request_page_have_no_csp_violations(app, db, demo, fast_sign_in,
                                                              open_page):
    turku = centre(db.session, "turku")
    request_id = make_request(db.session, turku, urgent=True).id
    client = fast_sign_in("lead")
    page, violations = open_page(client, "/staff/requests")
    assert violations == []
    assert page.locator("h1").count() == 1
    page, violations = open_page(client, f"/staff/requests/{request_id}")
    assert violations == []
    assert page.locator("h1").count() == 1


def test_statistics_charts_have_no_csp_violations(app, db, demo, fast_sign_in, open_page):
    now = datetime.now(UTC)
    for i in range(8):
        make_request(db.session, personal=True, created_at=now - timedelta(days=3 * i + 1),
                     municipality_code=("853", "430")[i % 2])
    db.session.commit()
    page, violations = open_page(fast_sign_in("region_admin"), "/admin/statistics/")
    assert violations == []
    charts = page.locator("svg.chart")
    assert charts.count() > 0
    box = charts.first.bounding_box()
    assert box and box["width"] > 100  # drawn, with the stylesheet applied


def _button_style(page) -> dict:
    return page.eval_on_selector(".button-preview a", """a => {
        const s = getComputedStyle(a);
        return {background: s.backgroundColor, colour: s.color, padding: s.padding,
                radius: s.borderRadius, display: s.display};
    }""")


def test_the_button_preview_looks_like_the_partners_button(app, db, partner, fast_sign_in,
                                                           open_page):
    client = fast_sign_in("region_admin")
    page, violations = open_page(client, f"/admin/partners/{partner.id}/button")
    assert violations == []
    assert page.locator(".button-preview a").count() == len(PUBLIC_CODES)
    assert _button_style(page) == {"background": BUTTON_COLOUR, "colour": "rgb(255, 255, 255)",
                                   "padding": "12px 20px", "radius": "6px",
                                   "display": "inline-block"}

    page, violations = open_page(client, f"/admin/partners/{partner.id}")
    assert violations == []
    # The new-partner form's checkbox label sits beside its box (a class, no style="").
    page, violations = open_page(client, "/admin/partners/new")
    assert violations == []
    assert page.eval_on_selector("label[for=api_access]",
                                 "l => getComputedStyle(l).display") == "inline"


def test_without_the_hash_the_same_preview_is_refused_and_reported(app, db, partner,
                                                                   fast_sign_in, open_page):
    """The control: the detector sees violations, and the hash is what lets the style in."""
    client = fast_sign_in("region_admin")
    html = client.get(f"/admin/partners/{partner.id}/button").get_data()
    strict = "; ".join(f"{name} {value}" for name, value in POLICY.items())
    serve_app = serve(client)

    def route(route_, request):
        if request.url.endswith("/control"):
            route_.fulfill(status=200, body=html, headers={
                "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": strict})
        else:
            serve_app(route_, request)

    page, violations = open_page(client, "/control", route=route)
    assert any("style-src" in v for v in violations), violations
    assert _button_style(page)["background"] != BUTTON_COLOUR


def test_routing_configuration_pages_have_no_csp_violations(app, db, demo, fast_sign_in,
                                                            open_page):
    client = fast_sign_in("region_admin")
    for path in ("/admin/", "/admin/m/853/rules", "/admin/m/853/coverage"):
        page, violations = open_page(client, path)
        assert violations == [], path
    # The rule list's look comes from staff.css, not from a <style> block.
    assert page.locator(".coverage td").count() > 0
    assert page.eval_on_selector(".coverage td", "td => getComputedStyle(td).borderTopStyle") \
        == "solid"
