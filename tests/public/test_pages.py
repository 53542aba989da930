"""Privacy notice and accessibility statement in every language, linked from every page."""
import pytest

from helpbutton.models import Municipality


@pytest.mark.parametrize("lang, privacy, accessibility", [
    ("fi", "Tietosuojaseloste", "Saavutettavuusseloste"),
    ("sv", "Dataskyddsbeskrivning", "Tillgänglighetsutlåtande"),
    ("en", "Privacy notice", "Accessibility statement"),
])
def test_notices_exist_in_every_language(client, demo, lang, privacy, accessibility):
    html = client.get(f"/{lang}/privacy").get_data(as_text=True)
    assert f"<h1>{privacy}</h1>" in html and f'href="/{lang}/varsinais-suomi/privacy"' in html
    # The county's own notice gives its retention period (tests/counties/test_legal.py).
    assert "365" in client.get(f"/{lang}/varsinais-suomi/privacy").get_data(as_text=True)
    html = client.get(f"/{lang}/accessibility").get_data(as_text=True)
    assert f"<h1>{accessibility}</h1>" in html and "306/2019" in html
    assert "saavutettavuusvaatimukset.fi" in html


@pytest.mark.parametrize("path", ["/", "/privacy", "/accessibility", "/follow-up/nope"])
def test_every_public_page_links_the_notices_and_says_it_is_no_emergency_service(client, demo,
                                                                                path):
    html = client.get(f"/sv{path}").get_data(as_text=True)
    assert 'href="/sv/privacy"' in html and 'href="/sv/accessibility"' in html
    assert "Det här är ingen nödtjänst" in html and 'href="tel:112"' in html


def test_partner_municipality_emergency_number_is_shown(app, client, db, demo):
    db.session.get(Municipality, "853").social_emergency_phone = "+358 2 262 6003"
    db.session.commit()
    app.extensions.get("public_form_choices", {}).clear()  # the form's choices are cached
    html = client.get("/fi/?p=turku-main-library").get_data(as_text=True)
    assert "Sosiaalipäivystys (Turku)" in html and "tel:+35822626003" in html


def test_form_without_loaded_region_says_unavailable(client, db):
    response = client.get("/fi/")
    assert response.status_code == 503 and "112" in response.get_data(as_text=True)


@pytest.mark.parametrize("lang, reviewed", [("fi", "23.11.2026"), ("sv", "23.11.2026"),
                                            ("en", "23 Nov 2026")])
def test_the_accessibility_statement_says_its_date_in_the_pages_language(client, demo, lang,
                                                                        reviewed):
    html = client.get(f"/{lang}/accessibility").get_data(as_text=True)
    assert "306/2019" in html
    assert f"{reviewed}." in html and "2026-11-23" not in html
