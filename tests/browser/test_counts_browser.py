"""The staff front page with its counts, the search for a family and its results, and the
administrator's front page: found by a person in Chromium, and clean for axe in fi, sv and en."""
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from helpbutton.extensions import db
from helpbutton.models import User
from helpbutton.refdata.demo_data import DEMO_PASSWORD
from tests.browser.conftest import assert_no_axe_violations
from tests.factories import make_request

LEAD = "turku.lead@example.invalid"
TURKU_ADMIN = "turku.admin@example.invalid"


def _language(live_app, email: str, lang: str) -> None:
    with live_app.app_context():
        db.session.scalar(sa.select(User).where(User.email == email)).language = lang
        db.session.commit()
        db.session.remove()


def _sign_in(page, live_server, email: str) -> None:
    page.goto(f"{live_server}/staff/sign-in")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("form button[type=submit]").last.click()


@pytest.fixture
def requests_of_turku(live_app):
    with live_app.app_context():
        now = datetime.now(UTC)
        make_request(db.session, "turku", due_at=now + timedelta(days=2), urgent=True,
                     phone="+358407654321")
        make_request(db.session, "turku", due_at=now - timedelta(days=1))
        db.session.remove()


def test_a_lead_reads_the_counts_and_finds_a_family_by_phone(
        browser_page, live_server, live_app, requests_of_turku):
    page = browser_page
    _sign_in(page, live_server, LEAD)
    page.wait_for_url(f"{live_server}/staff/")
    for lang in ("fi", "sv", "en"):
        _language(live_app, LEAD, lang)
        page.goto(f"{live_server}/staff/")
        expect(page.locator(".work-count-new a")).to_be_visible()
        assert_no_axe_violations(page)
    # en now: the counts lead to the queue, the search finds the family.
    assert page.locator(".work-count-urgent a").inner_text() == "1 urgent"
    page.locator(".work-count-overdue a").click()
    assert "due=overdue" in page.url
    expect(page.locator("table.queue .reference")).to_have_count(1)
    page.goto(f"{live_server}/staff/")
    page.get_by_label("Reference, phone number or email address").fill("040 765 4321")
    page.get_by_role("button", name="Find").click()
    page.wait_for_url(f"{live_server}/staff/find")  # posted: nothing typed in the address
    expect(page.locator("table.queue .reference")).to_have_count(1)
    assert_no_axe_violations(page)
    page.get_by_label("Reference, phone number or email address").fill("hello")
    page.get_by_role("button", name="Find").click()
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.get_by_label("Reference, phone number or email address")).to_have_value("hello")
    assert_no_axe_violations(page)
    _language(live_app, LEAD, "fi")


def test_the_administrators_front_page_says_what_needs_attention(
        browser_page, live_server, live_app):
    page = browser_page
    _language(live_app, TURKU_ADMIN, "en")
    _sign_in(page, live_server, TURKU_ADMIN)
    page.wait_for_url(f"{live_server}/staff/two-factor")
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    page.get_by_label("Six-digit code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    page.wait_for_url(f"{live_server}/staff/")
    expect(page.get_by_role("heading", name="Needs your attention")).to_be_visible()
    assert "The request queue will be shown here." not in page.content()
    for lang in ("en", "sv", "fi"):
        _language(live_app, TURKU_ADMIN, lang)
        page.reload()
        assert_no_axe_violations(page)
    page.locator("ul.attention a").first.click()
    assert page.url.endswith("/admin/m/853/coverage")
