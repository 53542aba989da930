"""The public side in a real browser: a submission with the keyboard alone, the form's errors
and the confirmation through a live server, and a layout that fits a small phone. axe-core on
every public page in every language: tests/browser/test_every_public_page_*.py."""
import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from helpbutton.extensions import db
from helpbutton.models import HelpRequest
from tests.browser.conftest import assert_no_axe_violations

LANGS = ["fi", "sv", "en"]
SENT = {"fi": "Pyyntösi on lähetetty", "sv": "Din begäran har skickats",
        "en": "Your request has been sent"}


@pytest.fixture(autouse=True)
def generous_rate_limit(live_app):
    # These tests send several requests from one address within a minute.
    live_app.config["PUBLIC_FORM_RATE_LIMIT"] = "100 per minute"


def fill_valid(page, topic="parenting"):
    page.select_option("#municipality_code", "853")
    page.check(f"input[name=topic_code][value={topic}]")
    page.check("#child_ages-3")
    page.fill("#description", "Arki on raskasta.")
    page.fill("#phone", "040 123 4567")
    if page.locator("input[name=service_language]:checked").count() == 0:
        # A page in a language other than fi/sv: served with an interpreter in its language.
        page.check("input[name=service_language][value=interpreter]")
    page.check("#consent")


@pytest.mark.parametrize("lang", LANGS)
def test_form_with_errors_passes_axe_and_keeps_the_input(browser_page, live_server, lang):
    browser_page.goto(f"{live_server}/{lang}/")
    browser_page.fill("#description", "Tämä teksti ei saa kadota.")
    browser_page.fill("#phone", "123")
    browser_page.click("button[type=submit]")
    expect(browser_page.locator(".error-summary")).to_be_visible()
    assert browser_page.input_value("#description") == "Tämä teksti ei saa kadota."
    assert browser_page.input_value("#phone") == "123"
    assert browser_page.get_attribute("#phone", "aria-invalid") == "true"
    assert_no_axe_violations(browser_page)


@pytest.mark.parametrize("javascript", [True, False])
def test_after_a_failed_submit_the_error_summary_has_focus(live_server, _browser, javascript):
    context = _browser.new_context(locale="fi-FI", java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"{live_server}/fi/")
    page.fill("#description", "Tämä teksti ei saa kadota.")
    page.click("button[type=submit]")
    expect(page.locator(".error-summary")).to_be_visible()
    focused = page.locator(":focus")
    expect(focused).to_have_id("error-summary")
    expect(focused).to_contain_text("Tarkista nämä vastaukset")
    context.close()


def test_a_checkbox_error_sits_under_its_label(browser_page, live_server):
    browser_page.goto(f"{live_server}/fi/")
    browser_page.click("button[type=submit]")
    # Measured once the answer and its stylesheet have loaded (a loaded machine is slow).
    browser_page.wait_for_load_state("load")
    browser_page.locator("#consent-error").wait_for()
    box = browser_page.locator("#consent").bounding_box()
    label = browser_page.locator("label[for=consent]").bounding_box()
    error = browser_page.locator("#consent-error").bounding_box()
    assert browser_page.locator("#consent-error").inner_text().strip()
    assert abs(box["y"] - label["y"]) < box["height"], "the box beside its label"
    assert error["y"] >= label["y"] + label["height"] - 1, "the error under the label"
    assert error["x"] >= box["x"] + box["width"], "aligned with the label, not the box"


@pytest.mark.parametrize("lang", LANGS)
def test_confirmation_and_follow_up_pass_axe(browser_page, live_server, lang):
    browser_page.goto(f"{live_server}/{lang}/")
    fill_valid(browser_page, topic="violence_safety")
    browser_page.click("button[type=submit]")
    assert browser_page.locator("h1").inner_text() == SENT[lang]
    expect(browser_page.locator(".safety")).to_be_visible()
    assert_no_axe_violations(browser_page)
    link = browser_page.locator(".private-link").get_attribute("href")
    assert link.startswith(f"{live_server}/{lang}/follow-up/")  # built for the page's host
    browser_page.goto(link)
    assert_no_axe_violations(browser_page)


def test_topic_notice_appears_when_the_topic_is_chosen_without_script(browser_page,
                                                                      live_server):
    browser_page.goto(f"{live_server}/en/")
    option = browser_page.get_attribute("input[name=topic_code][value=violence_safety]", "id")
    notice = browser_page.locator(f"#{option}-notice")
    assert not notice.is_visible()
    browser_page.check("input[name=topic_code][value=violence_safety]")
    assert notice.is_visible() and "080 005 005" in notice.inner_text()


def _tab_until(page, predicate: str, limit: int = 120) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const e = document.activeElement; return {predicate}; }})()"):
            return
    raise AssertionError(f"the keyboard never reached {predicate}")


def test_keyboard_only_submission(browser_page, live_app, live_server):
    page = browser_page
    page.goto(f"{live_server}/fi/")
    # The skip link is the first stop and leads to the content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"

    _tab_until(page, "e.id === 'municipality_code'")
    page.keyboard.type("Turku")  # typing selects the option in a focused <select>
    assert page.input_value("#municipality_code") == "853"

    _tab_until(page, "e.name === 'topic_code'")
    page.keyboard.press("ArrowDown")  # radio groups move with the arrow keys
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.checked")

    _tab_until(page, "e.id === 'child_ages-5'")
    page.keyboard.press("Space")

    _tab_until(page, "e.id === 'description'")
    page.keyboard.type("Näppäimistöllä lähetetty pyyntö.")

    _tab_until(page, "e.id === 'phone'")
    page.keyboard.type("0401234567")

    _tab_until(page, "e.id === 'consent'")
    page.keyboard.press("Space")

    _tab_until(page, "e.type === 'submit'")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/fi/confirmation$"))
    assert page.locator("h1").inner_text() == SENT["fi"]

    with live_app.app_context():
        req = db.session.scalar(sa.select(HelpRequest).where(
            HelpRequest.description == "Näppäimistöllä lähetetty pyyntö."))
        assert req is not None and req.municipality_code == "853" and req.child_ages == [4]
        db.session.remove()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", ["/", "/privacy", "/accessibility",
                                  "/varsinais-suomi/privacy", "/varsinais-suomi/accessibility"])
def test_pages_fit_a_small_phone(browser_page, live_server, lang, path):
    browser_page.set_viewport_size({"width": 320, "height": 640})
    browser_page.goto(f"{live_server}/{lang}{path}")
    overflow = browser_page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
