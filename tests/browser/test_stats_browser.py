"""The statistics dashboard and the privacy pages in Chromium: charts drawn, axe passes."""
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from helpbutton.extensions import db
from helpbutton.models import Channel, Outcome, RequestStatus, User
from helpbutton.refdata.demo_data import DEMO_PASSWORD
from tests.browser.conftest import assert_no_axe_violations
from tests.factories import make_request

ADMIN = "region.admin@example.invalid"


@pytest.fixture(scope="module")
def seeded(live_app):
    """Six weeks of requests in two municipalities (enough a week that no bar is hidden as a
    count under 5), and the admin's two-factor secret."""
    now = datetime.now(UTC)
    with live_app.app_context():
        for i in range(90):
            make_request(db.session, ("turku", "loimaa-area", "turku")[i % 3], personal=True,
                         created_at=now - timedelta(days=i % 42 + 1, hours=i % 5),
                         municipality_code=("853", "430", "853")[i % 3],
                         topic_code=("everyday", "parenting", "mental_health")[i % 3],
                         channel=(Channel.WEB, Channel.LIBRARY)[i % 2],
                         first_contact_after=timedelta(hours=4 + 3 * i) if i % 4 else None,
                         status=RequestStatus.CLOSED if i > 10 else RequestStatus.NEW,
                         outcome=Outcome.SUPPORT_STARTED if i > 10 else None,
                         closed_at=now - timedelta(days=i) if i > 10 else None)
        admin = db.session.scalar(sa.select(User).where(User.email == ADMIN))
        admin.language = "en"
        admin.totp_secret = pyotp.random_base32()
        admin.totp_enabled = True
        reference = make_request(db.session, personal=True,
                                 created_at=now - timedelta(days=1)).reference
        db.session.commit()
        secret = admin.totp_secret
        db.session.remove()
    return {"secret": secret, "reference": reference}


@pytest.fixture(scope="module")
def admin_cookies(_browser, live_server, seeded):
    """Sign in once through the real forms (a two-factor code is accepted only once)."""
    context = _browser.new_context(locale="en-GB")
    page = context.new_page()
    page.goto(f"{live_server}/staff/sign-in?lang=en")
    page.get_by_label("Email address").fill(ADMIN)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Six-digit code").fill(pyotp.TOTP(seeded["secret"]).now())
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{live_server}/staff/")
    cookies = context.cookies()
    context.close()
    return cookies


def sign_in(page, cookies):
    page.context.add_cookies(cookies)


def test_dashboard_draws_its_charts_and_passes_axe(browser_page, live_server, admin_cookies):
    page = browser_page
    sign_in(page, admin_cookies)
    page.goto(f"{live_server}/admin/statistics/")
    assert page.locator("h1").inner_text() == "Statistics"
    charts = page.locator("svg.chart")
    assert charts.count() == 10
    for i in range(charts.count()):
        chart = charts.nth(i)
        box = chart.bounding_box()
        assert box and box["width"] > 200 and box["height"] > 30
        # Every chart has bars with a real size on the screen.
        sizes = [b.bounding_box() for b in chart.locator("rect.bar").all()]
        assert any(s and s["width"] > 1 and s["height"] > 1 for s in sizes), i
        assert chart.get_attribute("role") == "img"
        assert chart.locator("title").text_content()
    # The tallest week column is as tall as the axis allows: the data decides the picture.
    weeks = page.locator("#chart-weeks rect.bar")
    heights = [weeks.nth(i).bounding_box()["height"] for i in range(weeks.count())]
    assert max(heights) > 3 * min(h for h in heights if h > 0) or len(set(heights)) > 1
    assert_no_axe_violations(page)
    # On a phone the charts fit the screen.
    page.set_viewport_size({"width": 360, "height": 740})
    box = page.locator("#chart-topic").bounding_box()
    assert box["width"] <= 360
    assert_no_axe_violations(page)


def test_filter_errors_and_privacy_pages_pass_axe(browser_page, live_server, seeded,
                                                  admin_cookies):
    page = browser_page
    sign_in(page, admin_cookies)
    page.goto(f"{live_server}/admin/statistics/?from=2026-11-22&to=2026-11-02")
    expect(page.locator("#error-summary")).to_be_visible()
    assert_no_axe_violations(page)
    reference = seeded["reference"]
    for path in (f"/admin/privacy/?reference={reference}", f"/admin/requests/{reference}/export",
                 f"/admin/requests/{reference}/erase", "/admin/audit"):
        page.goto(live_server + path)
        assert_no_axe_violations(page)
    page.goto(f"{live_server}/admin/requests/{reference}/erase")
    page.get_by_role("button", name="Erase the personal data").click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert_no_axe_violations(page)
