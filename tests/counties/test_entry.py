"""One public entry for every county: the family's municipality decides where its request goes."""
import re

import pytest
import sqlalchemy as sa

from helpbutton.models import Channel, HelpRequest, OutboxMessage, Region, Topic
from helpbutton.partners import operations as partners
from helpbutton.refdata import reference_data
from tests.factories import centre, serving_county

PHONE = "040 765 4321"
SECRET = "Tämä on perheen oma kuvaus, jota ei saa tallentaa."


def _requests(db):
    return db.session.scalars(sa.select(HelpRequest).order_by(HelpRequest.id)).all()


def _options(html: str) -> dict[str, str]:
    """The municipality select's options: code -> name."""
    select = re.search(r'<select id="municipality_code".*?</select>', html, re.S).group(0)
    return dict(re.findall(r'<option(?: selected)? value="(\d{3})">([^<]+)', select))


def test_families_of_three_counties_reach_their_own_centres_through_one_form(
        client, db, form, counties):
    page = client.get("/fi/").get_data(as_text=True)
    assert '<optgroup label="Keski-Suomi">' in page and '<optgroup label="Päijät-Häme">' in page
    assert '<optgroup label="Varsinais-Suomi">' in page
    for code in ("853", "179", "398"):
        response = form.send(municipality_code=code)
        assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    turku, jyvaskyla, lahti = _requests(db)
    ks_region, ks_centre, _ = counties["keski-suomi"]
    ph_region, ph_centre, _ = counties["paijat-hame"]
    vs = db.session.scalar(sa.select(Region).where(Region.code == "05"))
    assert (turku.region_id, turku.centre_id) == (vs.id, centre(db.session, "turku").id)
    assert (jyvaskyla.region_id, jyvaskyla.centre_id) == (ks_region.id, ks_centre.id)
    assert (lahti.region_id, lahti.centre_id) == (ph_region.id, ph_centre.id)
    for req in (turku, jyvaskyla, lahti):
        assert req.routing_via and req.routing_trace  # the routing explanation is stored
        assert req.topic.region_id == req.region_id  # the county's own topic


def test_the_confirmation_promises_the_county_s_own_working_days(client, db, form, counties):
    ks_region = counties["keski-suomi"][0]
    ks_region.promise_working_days = 5
    db.session.commit()
    response = form.send(municipality_code="179")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "5" in page and _requests(db)[0].region_id == ks_region.id


def test_a_postal_code_alone_finds_the_municipality_in_any_county(db, form, counties):
    response = form.send(municipality_code="", postal_code="40100")
    assert response.status_code == 302
    (req,) = _requests(db)
    assert req.municipality_code == "179" and req.centre_id == counties["keski-suomi"][1].id


def test_an_unknown_postal_code_is_not_blamed_on_one_county(db, form, counties):
    response = form.send(municipality_code="", postal_code="99999")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Emme tunne tätä postinumeroa" in html or "postinumero" in html
    assert "Varsinais-Suom" not in html.split("error-summary")[1].split("</div>")[0]
    assert _requests(db) == []


def _nothing_stored(db, caplog):
    assert db.session.scalar(sa.select(sa.func.count(HelpRequest.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 0
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert PHONE not in logged and SECRET not in logged and "698" not in logged


def test_a_family_of_a_county_not_in_service_is_told_where_to_turn_and_nothing_is_stored(
        client, db, form, counties, caplog):
    reference_data.load_region(db.session, "Lappi")
    db.session.commit()
    page = client.get("/fi/").get_data(as_text=True)
    assert _options(page)["698"] == "Rovaniemi"  # offered, to be told where to turn
    response = form.send(municipality_code="698", phone=PHONE, description=SECRET)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Lappi" in html and "Rovaniemi" in html and "112" in html
    assert "sosiaalipalvel" in html  # the municipality's own social services
    assert SECRET not in html and PHONE not in html
    _nothing_stored(db, caplog)


def test_the_entry_of_a_county_not_in_service_says_where_to_turn_before_any_question(
        client, db, counties):
    reference_data.load_region(db.session, "Lappi")
    db.session.commit()
    html = client.get("/fi/lappi/").get_data(as_text=True)
    assert "Lappi" in html and "112" in html and "sosiaalipalvel" in html
    assert 'name="description"' not in html and 'name="phone"' not in html
    serving = client.get("/fi/keski-suomi/").get_data(as_text=True)
    assert 'name="description"' in serving  # a serving county's entry is the form


def test_a_county_s_own_where_to_turn_text_and_phone_are_shown(client, db, form, counties, caplog):
    reference_data.load_region(db.session, "Lappi")
    lappi = db.session.scalar(sa.select(Region).where(Region.code == "21"))
    lappi.where_to_turn_fi = "Soita Lapin perhekeskusten neuvontaan arkisin."
    lappi.where_to_turn_phone = "016 000 0000"
    db.session.commit()
    response = form.send(municipality_code="698", phone=PHONE, description=SECRET)
    html = response.get_data(as_text=True)
    assert "Soita Lapin perhekeskusten neuvontaan arkisin." in html
    assert 'href="tel:0160000000"' in html
    _nothing_stored(db, caplog)


def test_a_family_in_aland_is_told_where_to_turn_and_nothing_is_stored(
        client, db, form, counties, caplog):
    reference_data.load_region(db.session, "Ahvenanmaa")
    aland = db.session.scalar(sa.select(Region).where(Region.code == reference_data.ALAND_CODE))
    aland.in_service = True  # never in service, whatever is set
    db.session.commit()
    response = form.send(lang="sv", municipality_code="478", phone=PHONE, description=SECRET)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Mariehamn" in html and "Åland" in html and "112" in html
    _nothing_stored(db, caplog)


def test_a_county_s_own_entry_offers_only_its_municipalities(client, db, form, counties):
    html = client.get("/fi/keski-suomi/").get_data(as_text=True)
    options = _options(html)
    assert options["179"] == "Jyväskylä"
    assert "853" not in options and "398" not in options
    assert "<optgroup" not in html
    assert 'action="/fi/keski-suomi/"' in html
    # A municipality of another county sent to it anyway: a clear message, nothing stored.
    response = form.send(entry="keski-suomi/", municipality_code="853")
    assert response.status_code == 422
    assert "Turku ei ole alueella Keski-Suomi" in response.get_data(as_text=True) \
        or "Keski-Suomi" in response.get_data(as_text=True)
    assert _requests(db) == []
    assert form.send(entry="keski-suomi/", municipality_code="179").status_code == 302
    assert _requests(db)[0].region_id == counties["keski-suomi"][0].id


def test_an_unknown_county_entry_is_not_found(client, counties):
    assert client.get("/fi/ei-tallaista/").status_code == 404


def test_the_existing_pages_still_work(client, counties):
    for path in ("/fi/privacy", "/fi/accessibility", "/fi/link", "/sv/", "/en/varsinais-suomi/"):
        assert client.get(path).status_code == 200, path


def test_a_single_county_installation_offers_only_its_county(app, client, db, form, counties):
    app.config["SINGLE_COUNTY"] = "keski-suomi"
    html = client.get("/fi/").get_data(as_text=True)
    options = _options(html)
    assert options["179"] == "Jyväskylä" and "853" not in options and "398" not in options
    response = form.send(municipality_code="398")
    assert response.status_code == 422 and _requests(db) == []
    assert form.send(municipality_code="179").status_code == 302
    app.extensions.get("public_form_choices", {}).clear()
    app.config["SINGLE_COUNTY"] = "15"  # by code as well
    assert "853" not in _options(client.get("/fi/").get_data(as_text=True))


@pytest.mark.parametrize(("county", "code", "finnish", "swedish"), [
    ("Pohjanmaa", "905", "Vaasa", "Vasa"),
    ("Itä-Uusimaa", "638", "Porvoo", "Borgå"),
    ("Keski-Pohjanmaa", "272", "Kokkola", "Karleby"),
])
def test_swedish_entries_of_bilingual_municipalities_of_other_counties(
        client, db, form, demo, fresh_entry, county, code, finnish, swedish):
    region, own, _ = serving_county(db.session, county, code)
    db.session.commit()
    assert _options(client.get("/sv/").get_data(as_text=True))[code] == swedish
    assert _options(client.get("/fi/").get_data(as_text=True))[code] == finnish
    response = form.send(lang="sv", municipality_code=code, service_language="sv")
    assert response.status_code == 302
    (req,) = _requests(db)
    assert (req.region_id, req.centre_id, req.service_language) == (region.id, own.id, "sv")


def test_a_partner_s_button_lands_on_its_county_s_entry(client, db, counties):
    partner, _ = partners.create_partner(
        db.session, counties["keski-suomi"][0], partners.PartnerDetails(
            name="Jyväskylän kirjasto", channel=Channel.LIBRARY, municipality_code="179"))
    db.session.commit()
    html = client.get(f"/fi/?p={partner.slug}").get_data(as_text=True)
    options = _options(html)
    assert "179" in options and "853" not in options
    assert 'action="/fi/keski-suomi/"' in html
    assert '<option selected value="179">' in html  # the partner's own municipality


def test_the_form_with_every_municipality_weighs_at_most_30_kb(client, db, demo, fresh_entry):
    reference_data.load_all(db.session)
    db.session.commit()
    for lang in ("fi", "sv", "en"):
        html = client.get(f"/{lang}/").get_data()
        assert len(_options(html.decode())) == 308
        assert len(html) <= 30 * 1024, (lang, len(html))


def test_the_topic_is_checked_against_the_chosen_county_s_topics(client, db, form, counties):
    ks_region = counties["keski-suomi"][0]
    ks_parenting = db.session.scalar(sa.select(Topic).where(
        Topic.region_id == ks_region.id, Topic.code == "parenting"))
    ks_parenting.active = False
    ks_parenting.label_fi = "Keski-Suomen vanhemmuus"
    others = db.session.scalars(sa.select(Topic).where(
        Topic.region_id == ks_region.id, Topic.active, Topic.code != "parenting")).all()
    others[0].label_fi = "Keski-Suomen oma aihe"
    db.session.commit()
    response = form.send(municipality_code="179", topic_code="parenting",
                         description="Tämä teksti säilyy.")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Keski-Suomen oma aihe" in html  # the county's own topics, now that it is known
    assert "Tämä teksti säilyy." in html and '<option selected value="179">' in html
    assert _requests(db) == []
    assert form.send(municipality_code="179", topic_code=others[0].code).status_code == 302


def test_a_single_county_installation_has_no_other_county_entries(app, client, counties):
    app.config["SINGLE_COUNTY"] = "varsinais-suomi"
    assert client.get("/fi/keski-suomi/").status_code == 404
    assert client.get("/fi/varsinais-suomi/").status_code == 200


def test_the_national_page_promises_nothing_the_family_s_county_would_not_keep(
        client, db, counties):
    counties["keski-suomi"][0].promise_working_days = 7
    db.session.commit()
    national = client.get("/fi/").get_data(as_text=True)
    assert "Pyydä apua" in national and "7 arkipäivän" not in national
    assert "3 arkipäivän" not in national
    assert "7 arkipäivän" in client.get("/fi/keski-suomi/").get_data(as_text=True)


def test_a_postal_code_of_another_county_names_its_municipality(db, form, counties):
    response = form.send(municipality_code="853", postal_code="40100")
    assert response.status_code == 422
    assert "Jyväskylä" in response.get_data(as_text=True) and _requests(db) == []


def test_a_postal_code_alone_of_a_county_not_in_service_says_where_to_turn(
        client, db, form, counties, caplog):
    reference_data.load_region(db.session, "Lappi")
    db.session.commit()
    response = form.send(municipality_code="", postal_code="96100", phone=PHONE,
                         description=SECRET)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Rovaniemi" in html and "Lappi" in html
    _nothing_stored(db, caplog)
