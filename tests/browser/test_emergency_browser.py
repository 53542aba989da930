"""The county's administrator enters the social emergency number in a browser: a bad number is
refused next to the field with the text kept, and the public form then offers the number for
calling; every page on the way passes axe-core (issue 16, item 4). Chromium's requests are
answered by the Flask test client (tests/browser/routed.py)."""
import pytest
from playwright.sync_api import expect

from tests.browser import axe
from tests.browser.routed import ORIGIN, launch, serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    yield from launch()


# What axe checks is the page, not the database under it: SQLite only.
@pytest.mark.parametrize("database_url", ["sqlite://"])
def test_the_region_admin_enters_the_county_number_and_the_form_offers_it(
        app, db, demo, fast_sign_in, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.route(f"{ORIGIN}/**", serve(fast_sign_in("region_admin")))
        page.goto(f"{ORIGIN}/staff/")
        assert "sosiaalipäivystyksen numero on demon esimerkkinumero" in page.content()
        axe.assert_no_violations(page)

        page.goto(f"{ORIGIN}/admin/region/settings")
        axe.assert_no_violations(page)  # with the notice that the number is an example
        number = page.get_by_label("Koko hyvinvointialueen sosiaalipäivystyksen numero")
        name = page.get_by_label("Sosiaalipäivystyksen nimi suomeksi")
        number.fill("02 soita")
        name.fill("Sosiaali- ja kriisipäivystys")
        page.get_by_role("button", name="Tallenna").click()
        expect(page.locator("#social_emergency_phone-error")).to_contain_text(
            "Tarkista puhelinnumero")
        expect(number).to_have_value("02 soita")
        expect(name).to_have_value("Sosiaali- ja kriisipäivystys")
        axe.assert_no_violations(page)

        number.fill("02 263 3333")
        page.get_by_role("button", name="Tallenna").click()
        expect(page.locator("body")).to_contain_text("Muutokset tallennettiin.")
        app.extensions.get("public_form_choices", {}).clear()  # the form's choices are cached

        page.unroute(f"{ORIGIN}/**")
        page.route(f"{ORIGIN}/**", serve(app.test_client()))
        page.goto(f"{ORIGIN}/fi/")
        emergency = page.locator("aside.emergency")
        expect(emergency).to_contain_text("Sosiaalipäivystys: Sosiaali- ja kriisipäivystys,")
        expect(emergency.locator('a[href="tel:+35822633333"]')).to_have_text("+358 2 263 3333")
        expect(emergency).not_to_contain_text("esimerkki")
        axe.assert_no_violations(page)
    finally:
        context.close()
