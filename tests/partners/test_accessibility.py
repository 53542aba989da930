"""The partner pages in a real browser: no script needed, axe WCAG 2.2 AA, fits a phone.

Chromium's requests are answered by the Flask test client (Playwright routing), so the test
needs no server thread and sees the signed-in administrator's session.
"""
import pytest
from playwright.sync_api import expect

from tests.browser import axe
from tests.browser.routed import ORIGIN, launch, serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    yield from launch()


@pytest.fixture
def page(browser, admin):
    context = browser.new_context(viewport={"width": 360, "height": 740},
                                  java_script_enabled=False)
    page = context.new_page()
    page.route(f"{ORIGIN}/**", serve(admin))
    yield page
    context.close()


@pytest.fixture
def axe_page(browser, admin):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    axe_page = context.new_page()
    axe_page.route(f"{ORIGIN}/**", serve(admin))
    axe_page.goto(f"{ORIGIN}/static/css/app.css")  # any page of ours: the CSS then loads
    yield axe_page
    context.close()


def test_adding_a_partner_and_getting_its_key_works_without_script(demo, page, axe_page):
    page.goto(f"{ORIGIN}/admin/partners/")
    axe.assert_copy_passes(page, axe_page)
    page.get_by_role("link", name="Lisää kumppani").click()
    expect(page).to_have_url(f"{ORIGIN}/admin/partners/new")
    axe.assert_copy_passes(page, axe_page)

    page.get_by_role("button", name="Lisää kumppani").click()  # nothing filled in
    expect(page.get_by_text("Kirjoita kumppanin nimi.").first).to_be_visible()
    axe.assert_copy_passes(page, axe_page)

    page.get_by_label("Nimi").fill("Ruskon kirjasto")
    page.get_by_label("Valmiiksi valittu kunta").select_option("704")
    page.get_by_label("Anna kumppanille API-avain").check()
    page.get_by_role("button", name="Lisää kumppani").click()
    expect(page.get_by_label("API-avain")).to_be_visible()
    assert len(page.get_by_label("API-avain").input_value()) >= 43
    axe.assert_copy_passes(page, axe_page)


def test_the_button_page_and_the_partner_page_pass_axe(db, demo, page, axe_page):
    import sqlalchemy as sa

    from helpbutton.models import Partner

    partner = db.session.scalar(sa.select(Partner).where(Partner.slug == "loimaa-school"))
    page.goto(f"{ORIGIN}/admin/partners/{partner.id}")
    axe.assert_copy_passes(page, axe_page)
    page.goto(f"{ORIGIN}/admin/partners/{partner.id}/button")
    axe.assert_copy_passes(page, axe_page)
    preview = page.get_by_role("link", name="Be om hjälp")
    assert preview.get_attribute("href").endswith("/sv/?p=loimaa-school")
