"""/admin/message-templates/: the region's administrator keeps region-wide templates and every
municipality's, a municipality's administrator its own (and reads the region's); nobody sees
another municipality's or region's; workers and leads keep none."""
import pytest
import sqlalchemy as sa

from helpbutton.models import MessageTemplate, Region, User
from helpbutton.refdata import reference_data
from tests.signin import post_confirmed, post_form, signed_in_client

LIST = "/admin/message-templates/"
NEW = "/admin/message-templates/new"
FULL = {"name_fi": "Soitamme huomenna", "body_fi": "Hei! Soitamme sinulle huomenna.",
        "name_sv": "Vi ringer i morgon", "body_sv": "Hej! Vi ringer dig i morgon.",
        "active": "y"}


def _vs(db) -> Region:
    return db.session.scalar(sa.select(Region).where(Region.code == "05"))


def _named(db, name: str) -> MessageTemplate | None:
    return db.session.scalar(sa.select(MessageTemplate).where(MessageTemplate.name_fi == name))


def _demo(db, name: str) -> MessageTemplate:
    return _named(db, f"{name} (esimerkki)")


def _text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def region_admin(fast_sign_in):
    return fast_sign_in("region_admin")


@pytest.fixture
def turku_admin(fast_sign_in):
    return fast_sign_in("municipality_admin")


@pytest.fixture
def loimaa_admin(app, db, demo):
    user = db.session.scalar(sa.select(User).where(User.email == "loimaa.admin@example.invalid"))
    return signed_in_client(app, user)


def test_the_region_administrator_adds_a_region_wide_template(db, demo, region_admin):
    response = post_form(region_admin, NEW, {**FULL, "owner": f"r{_vs(db).id}",
                                             "name_en": "We call tomorrow",
                                             "body_en": "Hello! We call you tomorrow."})

    assert response.status_code == 302
    template = _named(db, "Soitamme huomenna")
    assert template.municipality_code is None and template.region_id == _vs(db).id
    assert (template.body_sv, template.name_en, template.active) == (
        "Hej! Vi ringer dig i morgon.", "We call tomorrow", True)
    page = _text(region_admin.get(LIST))
    assert "Soitamme huomenna" in page
    assert "Koko alue: Varsinais-Suomi" in page or "Region-wide: Varsinais-Suomi" in page


def test_a_region_wide_template_needs_swedish_and_keeps_what_was_typed(db, demo, region_admin):
    """Varsinais-Suomi has bilingual municipalities: its region-wide templates are also in
    Swedish."""
    response = post_form(region_admin, NEW, {"owner": f"r{_vs(db).id}", "active": "y",
                                             "name_fi": "Vain suomeksi",
                                             "body_fi": "Tämä teksti on vain suomeksi."})

    assert response.status_code == 400
    page = _text(response)
    assert "Tämä teksti on vain suomeksi." in page and 'value="Vain suomeksi"' in page
    assert page.count("Tämä tarvitaan.") >= 2  # the Swedish name and text (page in Finnish)
    assert _named(db, "Vain suomeksi") is None


def test_a_finnish_speaking_municipalitys_template_needs_only_finnish(db, demo, region_admin):
    response = post_form(region_admin, NEW, {"owner": "430", "active": "y",
                                             "name_fi": "Loimaan pohja",
                                             "body_fi": "Hei Loimaalta!"})
    assert response.status_code == 302
    assert _named(db, "Loimaan pohja").municipality_code == "430"


def test_a_name_without_its_text_and_too_long_a_text_are_refused(db, demo, region_admin):
    response = post_form(region_admin, NEW, {
        **FULL, "owner": "430", "name_en": "Half", "body_fi": "x" * 2001})
    assert response.status_code == 400
    page = _text(response)
    assert "Anna tälle nimelle teksti tai poista nimi." in page
    assert "Käytä enintään 2000 merkkiä." in page
    assert 'value="Half"' in page and "x" * 2001 in page
    assert _named(db, "Soitamme huomenna") is None


def test_the_municipality_administrator_keeps_their_own_municipalitys(db, demo, turku_admin):
    """Turku is bilingual: Finnish and Swedish are needed."""
    assert post_form(turku_admin, NEW, {**FULL, "owner": "853"}).status_code == 302
    template = _named(db, "Soitamme huomenna")
    assert template.municipality_code == "853"

    changed = post_form(turku_admin, f"/admin/message-templates/{template.id}",
                        {**FULL, "body_fi": "Hei! Soitamme ylihuomenna."})
    assert changed.status_code == 302
    db.session.refresh(template)
    assert template.body_fi == "Hei! Soitamme ylihuomenna."


def test_the_municipality_administrator_adds_none_for_another_or_the_region(db, demo,
                                                                           turku_admin):
    before = db.session.scalar(sa.select(sa.func.count(MessageTemplate.id)))
    assert post_form(turku_admin, NEW, {**FULL, "owner": "430"},
                     page=LIST).status_code == 403
    assert post_form(turku_admin, NEW, {**FULL, "owner": f"r{_vs(db).id}"},
                     page=LIST).status_code == 403
    assert db.session.scalar(sa.select(sa.func.count(MessageTemplate.id))) == before


def test_region_wide_templates_are_read_only_to_a_municipality_administrator(db, demo,
                                                                            turku_admin):
    template = _demo(db, "Yritimme soittaa sinulle")
    url = f"/admin/message-templates/{template.id}"

    page = _text(turku_admin.get(url))
    assert "Vi försökte ringa dig (exempel)" in page and "Hej! Vi försökte ringa dig" in page
    assert "alueen ylläpitäjä" in page.lower()
    assert "<textarea" not in page and "Poista pohja" not in page
    assert post_form(turku_admin, url, {**FULL}).status_code == 403
    assert post_form(turku_admin, f"{url}/deactivate", {}, page=url).status_code == 403
    db.session.refresh(template)
    assert template.name_fi == "Yritimme soittaa sinulle (esimerkki)" and template.active


def test_another_municipalitys_templates_are_not_found_nor_listed(db, demo, loimaa_admin):
    turku = _demo(db, "Tapaaminen perhekeskuksessa")
    page = _text(loimaa_admin.get(LIST))
    # The list is about templates: Loimaa's administrator sees the region-wide ones ...
    assert "Yritimme soittaa sinulle (esimerkki)" in page
    # ... but not Turku's.
    assert "Tapaaminen perhekeskuksessa" not in page
    assert loimaa_admin.get(f"/admin/message-templates/{turku.id}").status_code == 404
    assert post_form(loimaa_admin, f"/admin/message-templates/{turku.id}", FULL,
                     page=LIST).status_code == 404
    db.session.refresh(turku)
    assert turku.name_fi == "Tapaaminen perhekeskuksessa (esimerkki)"


def test_another_regions_templates_are_out_of_reach(db, demo, region_admin):
    reference_data.load_region(db.session, "Keski-Suomi")
    ks = db.session.scalar(sa.select(Region).where(Region.name_fi == "Keski-Suomi"))
    other = MessageTemplate(region_id=ks.id, name_fi="Jyväskylän pohja", body_fi="Hei!",
                            name_sv="Mall", body_sv="Hej!")
    db.session.add(other)
    db.session.commit()

    page = _text(region_admin.get(LIST))
    assert "Yritimme soittaa sinulle (esimerkki)" in page
    assert "Jyväskylän pohja" not in page and "Keski-Suomi" not in page
    assert region_admin.get(f"/admin/message-templates/{other.id}").status_code == 404
    assert post_form(region_admin, NEW, {**FULL, "owner": f"r{ks.id}"},
                     page=LIST).status_code == 403


@pytest.mark.parametrize("role", ["staff", "lead"])
def test_workers_and_leads_keep_no_templates(db, demo, fast_sign_in, role):
    client = fast_sign_in(role)
    template = _demo(db, "Tapaaminen perhekeskuksessa")
    assert client.get(LIST).status_code == 403
    assert client.get(NEW).status_code == 403
    assert client.get(f"/admin/message-templates/{template.id}").status_code == 403


def test_the_administration_page_links_to_the_templates(demo, turku_admin):
    page = _text(turku_admin.get("/admin/"))
    assert 'href="/admin/message-templates/"' in page


def test_deactivating_stops_offering_and_deleting_asks_first(db, demo, region_admin):
    template = _demo(db, "Milloin sinulle sopisi?")
    url = f"/admin/message-templates/{template.id}"

    assert post_form(region_admin, f"{url}/deactivate", {}, page=url).status_code == 302
    db.session.refresh(template)
    assert not template.active
    assert "ei tarjota" in _text(region_admin.get(LIST)).lower()

    asked = post_form(region_admin, f"{url}/delete", {}, page=url)
    assert asked.status_code == 200 and "Poista pohja" in _text(asked)
    assert db.session.get(MessageTemplate, template.id) is not None
    assert post_confirmed(region_admin, f"{url}/delete", {}, page=url).status_code == 302
    db.session.expire_all()
    assert db.session.get(MessageTemplate, template.id) is None
    assert "Milloin sinulle sopisi?" not in _text(region_admin.get(LIST))


@pytest.mark.parametrize("owner", ["999", "r99999", "abc", "\x00\x00\x00", "r" + "9" * 40])
def test_an_unknown_owner_is_not_found(demo, region_admin, owner):
    assert region_admin.get(NEW, query_string={"owner": owner}).status_code == 404


def test_the_log_names_the_template_by_number_only(db, demo, region_admin, caplog):
    caplog.set_level("INFO")
    post_form(region_admin, NEW, {**FULL, "owner": "853"})
    template = _named(db, "Soitamme huomenna")
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert f"message template {template.id}: created" in logged
    assert "Soitamme" not in logged and "huomenna" not in logged
