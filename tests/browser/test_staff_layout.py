"""The staff and admin pages use the screen, at a desktop's 1280 px and a phone's 390 px.

In Chromium, signed in as a worker, a lead and a region administrator of the demo data, every
staff and admin page shows its heading and is never wider than the window: what must be wider
(a table) scrolls inside its own labelled, focusable box. The request page sits in two columns
on a desktop and one on a phone, the queue's filters fold away on a phone, controls are at
least 24 × 24 px (WCAG 2.5.8), focus is never hidden behind another part and the family's
confirmation prints without menus, footer or buttons.

Chromium's requests are answered by the Flask test client (tests/browser/routed.py), so the
signed-in session and the demo data are the real ones.
"""
import pytest

from helpbutton.extensions import limiter
from tests.browser.routed import ORIGIN, launch, serve
from tests.factories import make_request
from tests.public.conftest import FormDriver

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}

WORKER_PAGES = ["/staff/", "/staff/requests", "/staff/find", "/staff/requests?status=all&sort=due",
                "/staff/requests/{request}", "/staff/account", "/staff/account/password"]
LEAD_PAGES = ["/staff/workload", "/staff/requests", "/staff/requests/{request}"]
ADMIN_PAGES = [
    "/staff/", "/admin/", "/admin/m/853/", "/admin/m/853/settings", "/admin/m/853/centres",
    "/admin/m/853/centres/new", "/admin/m/853/rules", "/admin/m/853/rules/new",
    "/admin/m/853/preview", "/admin/m/853/preview?topic=youth&ages=15&language=sv&channel=web",
    "/admin/m/853/coverage", "/admin/m/853/import", "/admin/m/853/history",
    "/admin/coverage", "/admin/region/topics", "/admin/region/topics/new",
    "/admin/region/settings", "/admin/region/history", "/admin/statistics/",
    "/admin/outbox/", "/admin/users/", "/admin/users/new", "/admin/partners/",
    "/admin/privacy/", "/admin/privacy/?reference={reference}", "/admin/audit",
    "/admin/requests/{reference}/export", "/admin/requests/{reference}/erase",
]

# Every element whose box reaches past the window's edges, unless a box around it clips or
# scrolls it (the skip link waits off-screen on purpose until it takes focus).
OVERFLOWING = """() => {
  const clipped = e => {
    for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (s.overflowX !== 'visible' || s.clip !== 'auto') return true;
    }
    return false; };
  return [...document.body.querySelectorAll('*')].filter(e => {
    if (e.closest('.skip-link')) return false;
    const r = e.getBoundingClientRect();
    if (!r.width || !r.height) return false;
    return (r.right > window.innerWidth + 0.5 || r.left < -0.5) && !clipped(e);
  }).map(e => e.outerHTML.slice(0, 120)).slice(0, 5);
}"""
# Boxes that scroll sideways: each must be a focusable region with a name, so a keyboard can
# scroll it and a screen reader can say what it is.
SCROLLERS = """() => [...document.querySelectorAll('body *')].filter(e => {
    const s = getComputedStyle(e);
    return (s.overflowX === 'auto' || s.overflowX === 'scroll') && e.scrollWidth > e.clientWidth;
  }).map(e => ({role: e.getAttribute('role'), tabindex: e.getAttribute('tabindex'),
                name: e.getAttribute('aria-label') || e.getAttribute('aria-labelledby'),
                html: e.outerHTML.slice(0, 80)}))"""
# Controls smaller than 24 × 24 px. Links count where they stand alone (menus, tabs, forms,
# paging), not inside a sentence, as WCAG 2.5.8 allows.
SMALL_TARGETS = """() => {
  const inText = e => e.tagName === 'A' && [...e.parentElement.childNodes].some(
      n => n !== e && n.nodeType === Node.TEXT_NODE && n.textContent.trim());
  return [...document.querySelectorAll(
    'button, select, textarea, summary, input:not([type=hidden]), nav a, form a, a.button')]
  .filter(e => { const r = e.getBoundingClientRect();
                 return e.checkVisibility({visibilityProperty: true}) && !inText(e) &&
                        (r.width < 24 || r.height < 24); })
  .map(e => `${e.outerHTML.slice(0, 100)} ${Math.round(e.getBoundingClientRect().width)}x${
             Math.round(e.getBoundingClientRect().height)}`); }"""
# Buttons closer than 8 px to the footer ("do not touch the footer").
NEAR_FOOTER = """() => {
  const top = document.querySelector('.site-footer').getBoundingClientRect().top;
  return [...document.querySelectorAll('main button')].filter(b => {
    const r = b.getBoundingClientRect();
    return b.checkVisibility({visibilityProperty: true}) && top - r.bottom < 8; })
  .map(b => b.outerHTML.slice(0, 80)); }"""


@pytest.fixture
def database_url():
    return "sqlite://"  # one backend is enough: the layout is about pages, not the database


@pytest.fixture(scope="module")
def chromium():
    yield from launch()


@pytest.fixture
def open_as(chromium, fast_sign_in):
    """`open_as(role, viewport)` → a page in its own context, answered as that role."""
    contexts = []

    def open_(role, viewport):
        context = chromium.new_context(viewport=viewport, locale="fi-FI")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.route(f"{ORIGIN}/**", serve(fast_sign_in(role)))
        return page

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def requests(db, demo):
    """A few requests in Turku's queue: urgent, overdue, long texts, a note."""
    made = [make_request(db.session, "turku", personal=True, note=True, urgent=True,
                         description="Tarvitsemme apua arjen kanssa. " * 30)]
    made += [make_request(db.session, "turku", urgent=(i % 3 == 0)) for i in range(6)]
    return made


def _goto(page, path):
    response = page.goto(f"{ORIGIN}{path}")
    assert response.status == 200, (path, response.status)
    heading = page.locator("main h1")
    assert heading.count() == 1 and heading.inner_text().strip(), path


def _assert_fits(page, path):
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], (path, width)
    assert page.evaluate(OVERFLOWING) == [], f"{path}: past the window's edge"
    for box in page.evaluate(SCROLLERS):
        assert box["role"] == "region" and box["tabindex"] == "0" and box["name"], (path, box)
    assert page.evaluate(SMALL_TARGETS) == [], f"{path}: smaller than 24 x 24 px"
    assert page.evaluate(NEAR_FOOTER) == [], f"{path}: touching the footer"


def _visit_all(page, paths, req):
    for template in paths:
        path = template.format(request=req.id, reference=req.reference)
        _goto(page, path)
        _assert_fits(page, path)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_workers_pages_fit_the_window(open_as, requests, viewport):
    _visit_all(open_as("staff", VIEWPORTS[viewport]), WORKER_PAGES, requests[0])


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_leads_pages_fit_the_window(open_as, requests, viewport):
    _visit_all(open_as("lead", VIEWPORTS[viewport]), LEAD_PAGES, requests[0])


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_region_administrators_pages_fit_the_window(open_as, requests, viewport):
    page = open_as("region_admin", VIEWPORTS[viewport])
    _visit_all(page, ADMIN_PAGES, requests[0])
    # The pages of one centre, rule, topic, account and partner, reached from their lists.
    for listing in ("/admin/m/853/centres", "/admin/m/853/rules", "/admin/region/topics",
                    "/admin/users/", "/admin/partners/"):
        _goto(page, listing)
        href = page.evaluate("""[...document.querySelectorAll('main a')].map(
            a => a.getAttribute('href')).find(h => /\\/\\d+$/.test(h))""")
        assert href, listing
        for path in (href, *((f"{href}/button",) if "partners" in href else ())):
            _goto(page, path)
            _assert_fits(page, path)


def _box(page, selector):
    box = page.locator(selector).bounding_box()
    assert box, selector
    return box


def test_the_request_page_has_two_columns_on_a_desktop_and_one_on_a_phone(open_as, requests):
    path = f"/staff/requests/{requests[0].id}"
    desktop = open_as("staff", DESKTOP)
    _goto(desktop, path)
    request, actions = _box(desktop, "#facts-title"), _box(desktop, "#handling-title")
    why, timeline = _box(desktop, "#why-title"), _box(desktop, "#timeline-title")
    assert request["x"] + request["width"] <= actions["x"]  # side by side
    assert abs(request["y"] - actions["y"]) < 40  # both columns start at the top
    assert why["x"] == request["x"] and timeline["x"] == actions["x"]

    phone = open_as("staff", PHONE)
    _goto(phone, path)
    request, actions = _box(phone, "#facts-title"), _box(phone, "#handling-title")
    assert request["x"] == actions["x"]  # one column
    assert request["y"] + request["height"] <= actions["y"]  # the request first


def test_the_queue_filters_fold_away_on_a_phone_and_show_on_a_desktop(open_as, requests):
    desktop = open_as("staff", DESKTOP)
    _goto(desktop, "/staff/requests")
    assert desktop.locator("#f-q").is_visible()  # the search box, no click needed
    assert desktop.get_by_label("Kiireellisyys").is_visible()
    assert not desktop.locator("summary", has_text="Suodattimet").is_visible()
    search = _box(desktop, "#f-q")
    assert search["height"] >= 36 and search["width"] >= 160  # a real box, not a tiny input

    phone = open_as("staff", PHONE)
    _goto(phone, "/staff/requests")
    toggle = phone.locator("summary", has_text="Suodattimet")
    assert toggle.is_visible()
    assert not phone.get_by_label("Kiireellisyys").is_visible()
    # The table comes into the first screen, not below the filters.
    assert _box(phone, "table.queue")["y"] < PHONE["height"]
    toggle.click()
    assert phone.get_by_label("Kiireellisyys").is_visible()
    # The filters stay open while any filter is set, so the worker sees what is chosen.
    _goto(phone, "/staff/requests?urgency=urgent")
    assert phone.get_by_label("Kiireellisyys").is_visible()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_focus_is_never_hidden_behind_another_part(open_as, requests, viewport):
    page = open_as("staff", VIEWPORTS[viewport])
    _goto(page, f"/staff/requests/{requests[0].id}")
    for _ in range(40):
        page.keyboard.press("Tab")
        covered = page.evaluate("""() => { const e = document.activeElement;
            const r = e.getBoundingClientRect();
            if (!r.width || !r.height) return null;
            const x = Math.min(Math.max(r.left + r.width / 2, 0), window.innerWidth - 1);
            const y = Math.min(Math.max(r.top + r.height / 2, 0), window.innerHeight - 1);
            const top = document.elementFromPoint(x, y);
            const shown = top && (top === e || e.contains(top) || top.contains(e) ||
                                  (e.labels && [...e.labels].includes(top)));
            return shown ? null : e.outerHTML.slice(0, 80);
        }""")
        assert covered is None, covered


def test_the_confirmation_prints_without_menus_footer_or_buttons(app, db, demo, chromium):
    limiter.reset()
    client = app.test_client()
    assert FormDriver(client).send().status_code == 302
    context = chromium.new_context(viewport=PHONE, locale="fi-FI")
    try:
        page = context.new_page()
        page.route(f"{ORIGIN}/**", serve(client))
        page.goto(f"{ORIGIN}/fi/confirmation")
        assert page.locator("h1").inner_text() == "Pyyntösi on lähetetty"
        assert page.locator(".site-footer").is_visible()
        page.emulate_media(media="print")
        assert page.locator("h1").is_visible()
        reference = page.locator(".reference .code")
        assert reference.is_visible()
        size = page.evaluate("parseFloat(getComputedStyle(document.querySelector("
                             "'.reference .code')).fontSize)")
        assert size >= 18  # the reference is what the family keeps: large and clear
        for part in (".site-footer", ".language-switch", ".skip-link", ".emergency"):
            assert not page.locator(part).is_visible(), part
        assert page.locator("main button:visible").count() == 0
    finally:
        context.close()


WIDEST = {"staff": ["/staff/requests", "/staff/requests/{request}"],
          "region_admin": ["/admin/coverage", "/admin/m/853/coverage", "/admin/statistics/",
                           "/admin/m/853/history", "/admin/audit"]}


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_widest_pages_fit_in_swedish_and_english_too(open_as, requests, db, demo_users,
                                                         lang):
    for role, paths in WIDEST.items():
        demo_users[role].language = lang
        db.session.commit()
        for viewport in (DESKTOP, PHONE):
            page = open_as(role, viewport)
            _visit_all(page, paths, requests[0])
            assert page.get_attribute("html", "lang") == lang
