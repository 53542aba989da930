"""The national entry in a real browser, every county loaded: the 308 municipalities grouped by
county pass axe, a Jyväskylä family reaches Keski-Suomi without JavaScript, and a family of a
county not in service is shown where to turn (axe as well)."""
import pytest
import sqlalchemy as sa

from helpbutton.extensions import db
from helpbutton.models import HelpRequest, Region
from helpbutton.refdata import reference_data
from tests.browser.conftest import app_on_disk, assert_no_axe_violations, served
from tests.factories import serving_county

LANGS = ["fi", "sv", "en"]


@pytest.fixture(scope="module")
def live_app(tmp_path_factory):
    for app in app_on_disk(tmp_path_factory.mktemp("counties")):
        with app.app_context():
            reference_data.load_all(db.session)
            serving_county(db.session, "Keski-Suomi", "179")
            db.session.commit()
            db.session.remove()
        app.config["PUBLIC_FORM_RATE_LIMIT"] = "100 per minute"
        yield app


@pytest.fixture(scope="module")
def live_server(live_app):
    yield from served(live_app)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", ["/", "/keski-suomi/"])
def test_the_entries_pass_axe(browser_page, live_server, lang, path):
    browser_page.goto(f"{live_server}/{lang}{path}")
    groups = browser_page.locator("#municipality_code optgroup").count()
    assert groups == (0 if path != "/" else 23)
    assert_no_axe_violations(browser_page)


@pytest.mark.parametrize("javascript", [False])
def test_a_family_in_jyvaskyla_reaches_keski_suomi(live_app, live_server, _browser, javascript):
    context = _browser.new_context(locale="fi-FI", java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"{live_server}/fi/")
    page.select_option("#municipality_code", "179")
    page.check("input[name=topic_code][value=parenting]")
    page.fill("#phone", "040 123 4567")
    page.check("#consent")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server}/fi/confirmation")
    context.close()
    with live_app.app_context():
        req = db.session.scalar(sa.select(HelpRequest).where(
            HelpRequest.municipality_code == "179"))
        keski_suomi = db.session.scalar(sa.select(Region).where(Region.code == "15"))
        assert req is not None and req.region_id == keski_suomi.id
        db.session.remove()


@pytest.mark.parametrize("lang", LANGS)
def test_where_to_turn_passes_axe(browser_page, live_server, lang):
    browser_page.goto(f"{live_server}/{lang}/")
    browser_page.select_option("#municipality_code", "698")  # Rovaniemi, Lappi: not in service
    browser_page.click("button[type=submit]")
    assert "112" in browser_page.locator("main").inner_text()
    assert_no_axe_violations(browser_page)
