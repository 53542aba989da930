"""The template pages in a real browser, without script, on a phone: axe WCAG 2.2 AA on the
list, the form with its mistakes and the read-only page of a region-wide template (the rest:
tests/browser/every_page.py)."""
import pytest
from playwright.sync_api import expect

from tests.browser import axe
from tests.browser.routed import ORIGIN, launch, serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    yield from launch()


@pytest.fixture
def admin(fast_sign_in):
    return fast_sign_in("municipality_admin")


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
    axe_page.goto(f"{ORIGIN}/static/css/app.css")
    yield axe_page
    context.close()


@pytest.mark.parametrize("database_url", ["sqlite://"])
def test_a_municipality_administrator_adds_a_template_without_script(demo, page, axe_page):
    page.goto(f"{ORIGIN}/admin/")
    page.get_by_role("link", name="Viestipohjat perheille kirjoittamiseen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Viestipohjat")
    axe.assert_copy_passes(page, axe_page)
    page.get_by_role("button", name="Lisää pohja").click()  # for Turku, the only choice
    expect(page.get_by_role("heading", level=1)).to_have_text("Lisää viestipohja")
    axe.assert_copy_passes(page, axe_page)

    page.get_by_label("Nimi suomeksi").fill("Soitamme huomenna")
    page.get_by_role("button", name="Lisää pohja").click()  # no text, no Swedish
    expect(page.get_by_role("alert")).to_contain_text("Tämä tarvitaan.")
    expect(page.get_by_label("Nimi suomeksi")).to_have_value("Soitamme huomenna")
    axe.assert_copy_passes(page, axe_page)

    page.get_by_label("Teksti suomeksi").fill("Hei! Soitamme sinulle huomenna.")
    page.get_by_label("Nimi ruotsiksi").fill("Vi ringer i morgon")
    page.get_by_label("Teksti ruotsiksi").fill("Hej! Vi ringer dig i morgon.")
    page.get_by_role("button", name="Lisää pohja").click()
    expect(page.get_by_text("Pohja lisätty.")).to_be_visible()
    expect(page.get_by_role("link", name="Soitamme huomenna")).to_be_visible()

    page.get_by_role("link", name="Yritimme soittaa sinulle (esimerkki)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Yritimme soittaa sinulle (esimerkki)")
    expect(page.get_by_text("Hej! Vi försökte ringa dig", exact=False)).to_be_visible()
    axe.assert_copy_passes(page, axe_page)
