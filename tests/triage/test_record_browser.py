"""The record form in Chromium: axe-core finds nothing in fi, sv and en, with and without
mistakes, and a worker records a phone call that lands on its request page."""
import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from helpbutton.extensions import db
from helpbutton.models import User
from tests.browser.conftest import (  # noqa: F401  (fixtures)
    _browser,
    assert_no_axe_violations,
    browser_page,
    live_app,
    live_server,
)
from tests.triage.test_queue_browser import LEAD, _set_language, _sign_in

pytestmark = pytest.mark.browser


def test_the_record_form_passes_axe_and_records_a_phone_call(browser_page, live_server,
                                                             live_app):
    page = browser_page
    _sign_in(page, live_server)
    try:
        for lang in ("fi", "sv", "en"):
            _set_language(live_app, lang)
            page.goto(f"{live_server}/staff/record")
            assert page.get_attribute("html", "lang") == lang
            assert_no_axe_violations(page)
        page.get_by_role("button", name="Record the request").click()
        expect(page.locator("#error-summary")).to_be_visible()
        assert "Choose how the request came." in page.locator("#error-summary").inner_text()
        assert_no_axe_violations(page)

        page.get_by_label("Phone call to the centre").check()
        page.get_by_label("Municipality").select_option("853")
        page.locator("input[name=topic_code]").first.check()
        page.get_by_label("Phone number").fill("040 765 4321")
        page.get_by_label("Suomi").check()
        page.get_by_label("The family has agreed that its details are recorded").check()
        with page.expect_navigation():
            page.get_by_role("button", name="Record the request").click()
        assert "/staff/requests/" in page.url
        assert "Recorded as" in page.locator(".flashes").inner_text()
        with live_app.app_context():
            name = db.session.scalar(sa.select(User.display_name).where(User.email == LEAD))
            db.session.remove()
        timeline = page.locator(".timeline").inner_text()
        assert name in timeline and "Recorded the request for the family" in timeline
    finally:
        _set_language(live_app, "fi")
