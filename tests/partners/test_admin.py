"""/admin/partners/: only the region's administrator manages partners, keys and buttons."""
import re
from html import unescape

import pytest
import sqlalchemy as sa

from helpbutton.models import Channel, Partner
from helpbutton.partners import operations as partners
from helpbutton.refdata import reference_data
from tests.partners.conftest import post_form
from tests.signin import post_confirmed


def _partner(db, name) -> Partner:
    return db.session.scalar(sa.select(Partner).where(Partner.name == name))


def _key_on(html: str) -> str:
    return unescape(re.search(r'id="api-key" value="([^"]+)"', html).group(1))


def _api_post(client, key):
    body = {"municipality_code": "430", "topic_code": "parenting", "contact_method": "phone",
            "phone": "040 123 4567", "service_language": "fi", "consent": True}
    return client.post("/api/v1/requests", json=body,
                       headers={"Authorization": f"Bearer {key}"})


@pytest.mark.parametrize("role, status", [
    ("staff", 403), ("lead", 403), ("municipality_admin", 403), ("region_admin", 200),
])
def test_only_the_region_administrator_opens_the_partner_pages(demo, fast_sign_in, role, status):
    assert fast_sign_in(role).get("/admin/partners/").status_code == status


def test_without_signing_in_the_pages_ask_for_sign_in(demo, client):
    response = client.get("/admin/partners/")
    assert response.status_code == 302
    assert "/staff/sign-in" in response.headers["Location"]


def test_the_list_shows_the_regions_partners(demo, admin):
    html = admin.get("/admin/partners/").get_data(as_text=True)
    assert "Turun pääkirjasto (esimerkki)" in html
    assert "Loimaan koulu (esimerkki)" in html


def test_a_new_partner_with_api_access_gets_a_key_shown_once_that_works(db, demo, admin,
                                                                        client):
    response = post_form(admin, "/admin/partners/new", {
        "name": "Liedon kirjasto", "channel": "library", "municipality_code": "423",
        "api_access": "y"})

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    key = _key_on(html)
    assert response.headers["Cache-Control"].startswith("no-store")
    partner = _partner(db, "Liedon kirjasto")
    assert partner.channel is Channel.LIBRARY and partner.municipality_code == "423"
    assert _api_post(client, key).status_code == 201
    # Shown once: the partner's page afterwards does not have it.
    assert key not in admin.get(f"/admin/partners/{partner.id}").get_data(as_text=True)


def test_a_new_partner_without_api_access_goes_to_its_button_code(db, demo, admin):
    response = post_form(admin, "/admin/partners/new", {
        "name": "Päiväkoti Pikkumetsä", "channel": "daycare", "municipality_code": ""})

    partner = _partner(db, "Päiväkoti Pikkumetsä")
    assert response.headers["Location"].endswith(f"/admin/partners/{partner.id}/button")
    assert partner.api_key_hash is None and partner.municipality_code is None


def test_the_button_page_has_the_code_in_three_languages_and_a_preview(db, demo, admin):
    partner = db.session.scalar(sa.select(Partner).where(Partner.slug == "loimaa-school"))
    # Built for the address the page is served from, not PUBLIC_BASE_URL's.
    html = admin.get(f"/admin/partners/{partner.id}/button",
                     base_url="http://localhost:8123").get_data(as_text=True)

    for lang, label, direction in (("fi", "Pyydä apua", "ltr"), ("sv", "Be om hjälp", "ltr"),
                                   ("en", "Ask for help", "ltr"), ("fa", "درخواست کمک", "rtl")):
        url = f"http://localhost:8123/{lang}/?p=loimaa-school"
        snippet = re.search(rf'<textarea id="snippet-{lang}"[^>]*>(.*?)</textarea>', html,
                            re.S).group(1)
        assert "&lt;a href=" in snippet  # shown as code, to copy
        assert f'href="{url}"' in unescape(snippet) and label in unescape(snippet)
        assert "script" not in unescape(snippet)
        assert re.search(rf'<a href="{re.escape(url)}" lang="{lang}" dir="{direction}" '
                         rf'style="[^"]+">{label}</a>', html), "a live preview of the button"


def test_bad_input_is_shown_in_the_admins_language_and_kept(db, demo, admin):
    response = post_form(admin, "/admin/partners/new", {
        "name": "", "channel": "school", "municipality_code": "853"})

    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Kirjoita kumppanin nimi." in html  # the demo administrator uses Finnish
    assert re.search(r'<option[^>]*selected[^>]*value="853"|<option[^>]*value="853"[^>]*selected',
                     html)
    assert db.session.scalar(sa.select(sa.func.count(Partner.id))) == 2  # the demo's two


def test_editing_changes_the_details_but_not_the_link(db, demo, admin):
    partner = db.session.scalar(sa.select(Partner).where(Partner.slug == "loimaa-school"))
    url = f"/admin/partners/{partner.id}"
    response = post_form(admin, url, {"name": "Loimaan yhteiskoulu", "channel": "school",
                                      "municipality_code": "430"})

    assert response.status_code == 302
    db.session.refresh(partner)
    assert partner.name == "Loimaan yhteiskoulu" and partner.slug == "loimaa-school"


def test_deactivating_stops_the_api_key_and_activating_restores_it(db, demo, admin, client):
    partner, key = partners.create_partner(
        db.session, demo, partners.PartnerDetails("Koulu X", Channel.SCHOOL, "430"),
        with_api_key=True)
    db.session.commit()
    page = f"/admin/partners/{partner.id}"

    post_confirmed(admin, f"{page}/deactivate", {}, page=page)
    assert _api_post(client, key).status_code == 403
    post_form(admin, f"{page}/activate", {}, page=page)
    assert _api_post(client, key).status_code == 201


def test_a_new_key_replaces_the_old_and_removing_it_stops_the_api(db, demo, admin, client):
    partner, old = partners.create_partner(
        db.session, demo, partners.PartnerDetails("Koulu Y", Channel.SCHOOL, "430"),
        with_api_key=True)
    db.session.commit()
    page = f"/admin/partners/{partner.id}"

    response = post_confirmed(admin, f"{page}/api-key", {}, page=page)
    new = _key_on(response.get_data(as_text=True))
    assert new != old
    assert _api_post(client, old).status_code == 401
    assert _api_post(client, new).status_code == 201

    post_confirmed(admin, f"{page}/api-key/revoke", {}, page=page)
    assert _api_post(client, new).status_code == 401


def test_actions_need_the_forms_csrf_token(db, demo, admin):
    partner = db.session.scalar(sa.select(Partner).where(Partner.slug == "loimaa-school"))

    response = admin.post(f"/admin/partners/{partner.id}/deactivate")

    assert response.status_code == 400
    db.session.refresh(partner)
    assert partner.active


def test_another_regions_partner_is_out_of_reach(db, demo, admin):
    reference_data.load_region(db.session, "Keski-Suomi")
    other_region = db.session.scalar(sa.select(reference_data.Region).where(
        reference_data.Region.name_fi == "Keski-Suomi"))
    other, _ = partners.create_partner(
        db.session, other_region, partners.PartnerDetails("Jyväskylän kirjasto",
                                                          Channel.LIBRARY, None))
    db.session.commit()

    assert admin.get(f"/admin/partners/{other.id}").status_code == 403
    assert admin.get(f"/admin/partners/{other.id}/button").status_code == 403
    assert post_form(admin, f"/admin/partners/{other.id}/api-key", {},
                     page="/admin/partners/").status_code == 403
    assert "Jyväskylän kirjasto" not in admin.get("/admin/partners/").get_data(as_text=True)


def test_an_unknown_partner_is_not_found(demo, admin):
    assert admin.get("/admin/partners/99999").status_code == 404
