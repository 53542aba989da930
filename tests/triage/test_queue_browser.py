"""The queue and a request's page in Chromium: axe-core WCAG 2.2 AA in fi, sv and en, and a
request claimed and noted with the keyboard alone. Uses the browser fixtures of the public
form's tests (tests/browser/conftest.py)."""
import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from helpbutton.extensions import db
from helpbutton.models import HelpRequest, User
from helpbutton.refdata.demo_data import DEMO_PASSWORD
from tests.browser.conftest import (  # noqa: F401  (fixtures)
    _browser,
    assert_no_axe_violations,
    browser_page,
    live_app,
    live_server,
)
from tests.factories import NOW, centre, make_request

pytestmark = pytest.mark.browser
LEAD = "turku.lead@example.invalid"


@pytest.fixture(scope="module")
def requests_in_queue(live_app):
    with live_app.app_context():
        turku = centre(db.session, "turku")
        made = [make_request(db.session, turku, urgent=(i == 0),
                             created_at=NOW.replace(year=2025) if i == 1
                             else None).id for i in range(3)]
        db.session.remove()
    return made


def _set_language(live_app, lang):
    with live_app.app_context():
        db.session.scalar(sa.select(User).where(User.email == LEAD)).language = lang
        db.session.commit()
        db.session.remove()


def _sign_in(page, live_server):
    page.goto(f"{live_server}/staff/sign-in?lang=en")
    page.locator("input[name=email]").fill(LEAD)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(f"{live_server}/staff/")


def test_queue_request_and_workload_pages_pass_axe_in_every_language(
        browser_page, live_server, live_app, requests_in_queue):
    page = browser_page
    _sign_in(page, live_server)
    try:
        for lang in ("fi", "sv", "en"):
            _set_language(live_app, lang)
            for path in ("/staff/requests", f"/staff/requests/{requests_in_queue[0]}",
                         "/staff/workload"):
                page.goto(f"{live_server}{path}")
                assert page.get_attribute("html", "lang") == lang
                assert_no_axe_violations(page)
        # A form with a mistake, shown again, passes too.
        page.goto(f"{live_server}/staff/requests/{requests_in_queue[1]}")
        page.get_by_role("button", name="Save the note").click()
        expect(page.locator("#error-summary")).to_be_visible()
        assert_no_axe_violations(page)
    finally:
        _set_language(live_app, "fi")


def test_claim_and_note_with_the_keyboard_alone(browser_page, live_server, live_app,
                                                requests_in_queue):
    page = browser_page
    _set_language(live_app, "en")
    try:
        _sign_in(page, live_server)
        page.goto(f"{live_server}/staff/requests")
        target = requests_in_queue[2]
        reference = _reference(live_app, target)
        for _ in range(60):  # from the filters, through the table, to the request's link
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.textContent.trim()") == reference:
                break
        else:
            raise AssertionError("the keyboard never reached the request's link")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        _focus_button(page, "Claim")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert "You hold this request now." in page.locator(".flashes").inner_text()
        page.locator("#note-text").focus()
        page.keyboard.type("Called in the afternoon.")
        page.keyboard.press("Tab")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert "Called in the afternoon." in page.locator(".timeline").inner_text()
    finally:
        _set_language(live_app, "fi")


def _reference(live_app, request_id):
    with live_app.app_context():
        reference = db.session.get(HelpRequest, request_id).reference
        db.session.remove()
    return reference


def _focus_button(page, name, limit=60):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "BUTTON" and \
                page.evaluate("document.activeElement.textContent.trim()") == name:
            return
    raise AssertionError(f"the keyboard never reached the button {name!r}")
