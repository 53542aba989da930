"""Staff sign-in with the keyboard alone, and axe-core on the staff pages in fi, sv and en."""
import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from helpbutton.extensions import db
from helpbutton.models import User
from helpbutton.refdata.demo_data import DEMO_PASSWORD
from tests.browser.conftest import assert_no_axe_violations

STAFF = "turku.staff@example.invalid"
HEADINGS = {"fi": "Kirjaudu henkilöstön sivuille", "sv": "Logga in på personalsidorna",
            "en": "Sign in to the staff pages"}


def _tab_to(page, name: str, limit: int = 25) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.name") == name:
            return
    raise AssertionError(f"the keyboard never reached the field {name!r}")


def _set_language(live_app, email: str, lang: str) -> None:
    with live_app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == email))
        user.language = lang
        db.session.commit()
        db.session.remove()


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_sign_in_page_passes_axe(browser_page, live_server, lang):
    browser_page.goto(f"{live_server}/staff/sign-in?lang={lang}")
    assert browser_page.locator("h1").inner_text() == HEADINGS[lang]
    assert browser_page.get_attribute("html", "lang") == lang
    assert_no_axe_violations(browser_page)


def test_sign_in_errors_pass_axe_and_keep_the_email(browser_page, live_server):
    browser_page.goto(f"{live_server}/staff/sign-in?lang=en")
    browser_page.get_by_label("Email address").fill("nobody@example.invalid")
    browser_page.get_by_role("button", name="Sign in").click()
    expect(browser_page.locator("#error-summary")).to_be_visible()
    expect(browser_page.get_by_label("Email address")).to_have_value("nobody@example.invalid")
    assert "Enter your password." in browser_page.locator("#error-summary").inner_text()
    assert_no_axe_violations(browser_page)


def test_staff_signs_in_with_the_keyboard_alone_and_the_landing_page_passes_axe(
        browser_page, live_server, live_app):
    page = browser_page
    page.goto(f"{live_server}/staff/sign-in")
    _tab_to(page, "email")
    page.keyboard.type(STAFF)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "password"
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/staff/")
    assert "Tero Työntekijä" in page.locator("h1").inner_text()
    for lang in ("fi", "sv", "en"):
        _set_language(live_app, STAFF, lang)
        page.reload()
        assert page.get_attribute("html", "lang") == lang
        assert_no_axe_violations(page)
    # Signing out is a keyboard-reachable button too.
    _tab_to(page, "language")  # the language switch sits after the menu
    page.keyboard.press("Shift+Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/staff/sign-in" in page.url
    _set_language(live_app, STAFF, "fi")


def test_account_administration_pages_pass_axe(browser_page, live_server, live_app):
    page = browser_page
    with live_app.app_context():
        admin = db.session.scalar(sa.select(User).where(
            User.email == "turku.admin@example.invalid"))
        admin.language = "en"
        db.session.commit()
        db.session.remove()
    page.goto(f"{live_server}/staff/sign-in")
    page.get_by_label("Sähköpostiosoite").fill("turku.admin@example.invalid")
    page.get_by_label("Salasana").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    page.wait_for_url(f"{live_server}/staff/two-factor")
    assert_no_axe_violations(page)  # enrolment, required of administrators
    import pyotp

    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    page.get_by_label("Six-digit code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    page.wait_for_url(f"{live_server}/staff/")
    for path in ("/admin/users/", "/admin/users/new", "/staff/account",
                 "/staff/account/password"):
        page.goto(live_server + path)
        assert_no_axe_violations(page)
    page.goto(f"{live_server}/admin/users/new")
    page.get_by_role("button", name="Create the account").click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert_no_axe_violations(page)
