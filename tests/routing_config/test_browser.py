"""The configuration pages in a real browser, with script off: a rule added by keyboard
through "check, then save", and every page passing axe (WCAG 2.2 AA) on a phone's width.

Chromium's requests are answered by the Flask test client (Playwright routing), so the
signed-in administrator's session and CSRF tokens are real.
"""
import pytest
import sqlalchemy as sa

from helpbutton.models import RoutingRule
from tests.browser import axe
from tests.browser.routed import ORIGIN, launch, serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    yield from launch()


@pytest.fixture
def pages(browser, fast_sign_in):
    client = fast_sign_in("region_admin")
    contexts = [browser.new_context(viewport={"width": 360, "height": 740},
                                    java_script_enabled=script) for script in (False, True)]
    page, axe_page = (c.new_page() for c in contexts)
    for p in (page, axe_page):
        p.route(f"{ORIGIN}/**", serve(client))
    axe_page.goto(f"{ORIGIN}/static/css/app.css")
    yield page, axe_page
    for c in contexts:
        c.close()


def test_a_rule_added_by_keyboard_with_check_then_save(db, demo, pages):
    page, axe_page = pages
    page.goto(f"{ORIGIN}/admin/m/853/rules/new")
    axe.assert_copy_passes(page, axe_page, css=False, phone=False)
    page.get_by_label("Säännön nimi").fill("Muut asiat")
    page.get_by_label("Ohjaa keskukseen").select_option(
        label="Turun nuorten palveluohjaus (esimerkki)")
    page.get_by_label("Jokin muu").first.check()
    page.get_by_label("Säännön nimi").focus()
    page.keyboard.press("Enter")  # the first button: check, never save
    page.get_by_role("heading", name="Mitä tämä muutos tekee").wait_for()
    axe.assert_copy_passes(page, axe_page, css=False, phone=False)
    assert db.session.scalar(sa.select(sa.func.count(RoutingRule.id))) == 3
    page.get_by_role("button", name="Tallenna sääntö").focus()
    page.keyboard.press("Enter")
    page.get_by_text("Sääntö lisättiin.").wait_for()
    axe.assert_copy_passes(page, axe_page, css=False, phone=False)
    assert db.session.scalar(sa.select(RoutingRule.name).where(
        RoutingRule.name == "Muut asiat")) == "Muut asiat"


PAGES = [
    "/admin/", "/admin/m/853/", "/admin/m/853/settings", "/admin/m/853/centres",
    "/admin/m/853/preview?topic=youth&ages=15&language=sv&channel=web",
    "/admin/m/853/coverage", "/admin/m/853/import", "/admin/m/853/history",
    "/admin/coverage", "/admin/region/topics", "/admin/region/settings",
]


def test_configuration_pages_pass_axe_on_a_phone(db, demo, pages):
    page, axe_page = pages
    for path in PAGES:
        page.goto(f"{ORIGIN}{path}")
        assert page.title(), path
        axe.assert_copy_passes(page, axe_page, css=False, phone=False)
        wide = page.evaluate("""[...document.querySelectorAll('main *')].filter(
            e => e.getBoundingClientRect().right > window.innerWidth + 1).map(
            e => e.tagName + '.' + e.className + '#' + e.id).slice(0, 5)""")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), \
            f"{path} scrolls sideways on a phone: {wide}"
