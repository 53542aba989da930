"""A destructive action's confirmation page and the outbox summary in Chromium: axe-core finds
nothing, the confirmation works with JavaScript off, and Cancel changes nothing."""
import pyotp
import sqlalchemy as sa

from helpbutton.extensions import db
from helpbutton.models import User
from helpbutton.refdata.demo_data import DEMO_PASSWORD
from tests.browser.conftest import assert_no_axe_violations

ADMIN = "region.admin@example.invalid"
TARGET = "kaarina.staff@example.invalid"


def _user(live_app, email: str) -> tuple[int, bool]:
    with live_app.app_context():
        found = db.session.scalar(sa.select(User).where(User.email == email))
        result = (found.id, found.active)
        db.session.remove()
    return result


def _sign_in_as_admin(page, live_server) -> None:
    page.goto(f"{live_server}/staff/sign-in?lang=en")
    page.get_by_label("Email address").fill(ADMIN)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server}/staff/two-factor")
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    page.get_by_label("Six-digit code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    page.wait_for_url(f"{live_server}/staff/")


def test_the_confirmation_page_and_the_outbox_pass_axe(_browser, live_server, live_app):
    context = _browser.new_context(locale="en-GB", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        _sign_in_as_admin(page, live_server)
        page.goto(f"{live_server}/admin/outbox/")
        assert page.locator(".outbox-summary").is_visible()
        target, _active = _user(live_app, TARGET)
        page.goto(f"{live_server}/admin/users/{target}")
        page.get_by_role("button", name="Deactivate the account").click()
        page.get_by_role("heading", level=1).filter(has_text="Deactivate the account of").wait_for()
        assert "Nothing is changed until you confirm." in page.content()
        assert _user(live_app, TARGET)[1] is True
        page.get_by_role("link", name="Cancel").click()
        page.wait_for_url(f"{live_server}/admin/users/{target}")
        assert _user(live_app, TARGET)[1] is True
        page.get_by_role("button", name="Deactivate the account").click()
        page.get_by_role("button", name="Deactivate the account").click()  # the confirmation
        page.wait_for_url(f"{live_server}/admin/users/{target}")
        assert _user(live_app, TARGET)[1] is False
    finally:
        context.close()


def test_axe_finds_nothing_on_the_confirmation_and_outbox_pages(browser_page, live_server,
                                                                 live_app):
    page = browser_page
    with live_app.app_context():
        admin = db.session.scalar(sa.select(User).where(User.email == ADMIN))
        admin.totp_enabled, admin.totp_secret, admin.totp_last_step = False, None, None
        db.session.commit()
        db.session.remove()
    _sign_in_as_admin(page, live_server)
    page.goto(f"{live_server}/admin/outbox/")
    assert_no_axe_violations(page)
    target = _user(live_app, "turku.youth@example.invalid")[0]
    page.goto(f"{live_server}/admin/users/{target}")
    page.get_by_role("button", name="Deactivate the account").click()
    page.get_by_text("Nothing is changed until you confirm.").wait_for()
    assert_no_axe_violations(page)
