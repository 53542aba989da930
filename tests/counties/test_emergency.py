"""Real social emergency numbers, or none (issue 16, item 4): a county's administrator enters
its sosiaalipäivystys number; a municipality's own number wins; without any, every public page
gives the national guidance (112, and the county's social emergency service by name); the
administrators see what is missing; the demo's number says it is an example."""
import re

import pytest
import sqlalchemy as sa
from flask import abort
from sqlalchemy import exc as sa_exc

from helpbutton.extensions import limiter
from helpbutton.models import Municipality, OutboxMessage, Region, Role, RoleAssignment, User
from helpbutton.refdata import reference_data
from tests.public.conftest import FormDriver
from tests.signin import post_form, signed_in_client

SETTINGS = "/admin/region/settings"
COUNTY_NUMBER = "+358 2 263 3333"
TURKU_OWN = "+358 2 262 6003"

GUIDANCE = {
    "fi": "soita hyvinvointialueesi sosiaalipäivystykseen (Varsinais-Suomen hyvinvointialue)",
    "sv": "ring ditt välfärdsområdes socialjour (Egentliga Finlands välfärdsområde)",
}
# The national entry (every county, none chosen yet) names no county.
NATIONAL = {
    "fi": "soita hyvinvointialueesi sosiaalipäivystykseen.",
    "sv": "ring socialjouren (sosiaalipäivystys) i ditt välfärdsområde.",
}
EXAMPLE = {"fi": "(esimerkkinumero, ei käytössä)", "sv": "(exempelnummer, inte i bruk)"}


def page(response) -> str:
    return response.get_data(as_text=True)


def fresh_choices(app) -> None:
    app.extensions.get("public_form_choices", {}).clear()  # the form's choices are cached


@pytest.fixture
def driver(app, client):
    fresh_choices(app)
    limiter.reset()
    return FormDriver(client)


def settings_data(db, region, **changes) -> dict:
    return {"fallback_centre": str(region.fallback_centre_id or ""),
            "promise_working_days": str(region.promise_working_days),
            "urgent_promise_working_days": str(region.urgent_promise_working_days),
            "escalate_after_working_days": str(region.escalate_after_working_days),
            "social_emergency_phone": region.social_emergency_phone or "",
            **{f"social_emergency_name_{lang}": region.social_emergency_name(lang) or ""
               for lang in ("fi", "sv", "en")},
            **changes}


def tel_links(html: str) -> set[str]:
    return set(re.findall(r'href="tel:([^"]+)"', html))


# --- nothing invented ------------------------------------------------------------------------

def test_reference_data_invents_no_number_and_the_page_gives_the_national_guidance(
        app, client, db, region):
    reference_data.load_region(db.session, "Keski-Suomi")
    db.session.commit()
    fresh_choices(app)
    assert db.session.scalar(sa.select(sa.func.count(Municipality.code))) > 27
    assert not any(db.session.scalars(sa.select(Municipality.social_emergency_phone)))
    assert not any(db.session.scalars(sa.select(Region.social_emergency_phone)))
    for lang in ("fi", "sv"):
        html = page(client.get(f"/{lang}/varsinais-suomi/"))
        assert GUIDANCE[lang] in html
        assert tel_links(html) == {"112"}  # no other number to call
        # The national form names the county of its topics and promise: the only one serving.
        national = page(client.get(f"/{lang}/"))
        assert GUIDANCE[lang] in national and tel_links(national) == {"112"}
        not_found = page(client.get(f"/{lang}/no-such-page"))
        assert NATIONAL[lang] in not_found and tel_links(not_found) == {"112"}


def test_flask_refdata_load_invents_no_number_in_any_county(app, client, db, runner):
    assert runner.invoke(args=["refdata", "load"]).exit_code == 0
    fresh_choices(app)
    assert db.session.scalar(sa.select(sa.func.count(Municipality.code))) == 308
    assert not any(db.session.scalars(sa.select(Municipality.social_emergency_phone)))
    assert not any(db.session.scalars(sa.select(Region.social_emergency_phone)))
    assert not any(db.session.scalars(sa.select(Region.social_emergency_example)))
    html = page(client.get("/sv/privacy"))
    assert NATIONAL["sv"] in html and tel_links(html) == {"112"}


# --- the county's number ----------------------------------------------------------------------

def _set_county_number(app, db, demo, client, number=COUNTY_NUMBER, **names):
    names = {**{f"social_emergency_name_{lang}": "" for lang in ("fi", "sv", "en")}, **names}
    response = post_form(client, SETTINGS, settings_data(db, demo, social_emergency_phone=number,
                                                         **names))
    assert response.status_code == 302, page(response)
    fresh_choices(app)
    db.session.refresh(demo)


@pytest.fixture
def failing_route(committed_app):
    app = committed_app

    def bug(lang):
        raise RuntimeError("a bug")

    def missing(lang):
        abort(404)

    def database_down(lang):
        raise sa_exc.OperationalError("SELECT 1", {}, Exception("gone"))

    app.add_url_rule("/<lang>/test-emergency-db-down", "test_emergency_db_down", database_down)
    app.add_url_rule("/<lang>/test-emergency-bug", "test_emergency_bug", bug)
    app.add_url_rule("/<lang>/test-emergency-missing", "test_emergency_missing", missing)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    return app


@pytest.mark.parametrize("lang, label", [
    ("fi", "Sosiaalipäivystys: Varsinais-Suomen sosiaali- ja kriisipäivystys,"),
    ("sv", "Socialjouren (sosiaalipäivystys): Egentliga Finlands social- och krisjour,"),
])
def test_the_county_number_set_by_its_administrator_shows_everywhere(
        failing_route, db, demo, fast_sign_in, driver, lang, label):
    app, client = failing_route, driver.client
    admin = fast_sign_in("region_admin")
    _set_county_number(app, db, demo, admin,
                       social_emergency_name_fi="Varsinais-Suomen sosiaali- ja kriisipäivystys",
                       social_emergency_name_sv="Egentliga Finlands social- och krisjour")
    assert not demo.social_emergency_example  # the county's own number

    shown = "+358 2 263 3333"
    pages = {"form": page(client.get(f"/{lang}/")),
             "404": page(client.get(f"/{lang}/test-emergency-missing")),
             "500": page(client.get(f"/{lang}/test-emergency-bug")),
             # the database away: the number as last known (the form was just shown)
             "503": page(client.get(f"/{lang}/test-emergency-db-down"))}
    # Kaarina has no number of its own: the county's applies.
    driver.send(lang=lang, municipality_code="202", urgent="y")
    confirmation = page(client.get(f"/{lang}/confirmation"))
    pages["confirmation"] = confirmation
    link = re.search(rf'href="http://localhost(/{lang}/follow-up/[\w-]+)"', confirmation).group(1)
    pages["follow-up"] = page(client.get(link))
    for name, html in pages.items():
        assert label in html, name
        assert shown in html and "+35822633333" in tel_links(html), name
        assert EXAMPLE[lang] not in html, name
        assert GUIDANCE[lang] not in html, name


def test_a_municipalitys_own_number_wins_over_the_countys(app, db, demo, fast_sign_in, driver):
    _set_county_number(app, db, demo, fast_sign_in("region_admin"))
    turku = db.session.get(Municipality, "853")
    turku.social_emergency_phone = TURKU_OWN
    db.session.commit()
    fresh_choices(app)
    client = driver.client

    driver.send(lang="sv", municipality_code="853", urgent="y")
    html = page(client.get("/sv/confirmation"))
    assert "Socialjouren (sosiaalipäivystys) för Åbo:" in html
    assert "+35822626003" in tel_links(html) and "+35822633333" not in tel_links(html)

    driver.send(lang="fi", municipality_code="202", urgent="y")
    html = page(client.get("/fi/confirmation"))
    assert "Sosiaalipäivystys (Varsinais-Suomen hyvinvointialue):" in html
    assert "+35822633333" in tel_links(html) and "+35822626003" not in tel_links(html)


def test_a_bad_number_is_refused_with_the_text_kept(app, db, demo, fast_sign_in):
    admin = fast_sign_in("region_admin")
    response = post_form(admin, SETTINGS, settings_data(
        db, demo, social_emergency_phone="02 soita", social_emergency_name_fi="Päivystys"))
    html = page(response)
    assert response.status_code == 400
    assert "Tarkista puhelinnumero" in html
    assert 'value="02 soita"' in html and 'value="Päivystys"' in html
    db.session.refresh(demo)
    assert demo.social_emergency_phone != "02 soita"


# --- the demo ----------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_the_demo_number_is_marked_as_an_example_on_every_page(db, demo, driver, lang):
    client = driver.client
    html = page(client.get(f"/{lang}/"))
    assert "+358 2 100 0000" in html and EXAMPLE[lang] in html
    assert tel_links(html) == {"112"}  # an example is not offered for calling
    driver.send(lang=lang, urgent="y")
    confirmation = page(client.get(f"/{lang}/confirmation"))
    assert "+358 2 100 0000" in confirmation and EXAMPLE[lang] in confirmation
    assert tel_links(confirmation) == {"112"}
    assert "000 0001" not in html + confirmation  # the old unmarked placeholder is gone


# --- the family's mail -------------------------------------------------------------------------

def test_the_confirmation_mail_names_the_countys_service(app, db, demo, fast_sign_in, driver):
    def mail_of(lang):
        driver.send(lang=lang, contact_method="email", phone="", email="perhe@example.com",
                    wants_email_confirmation="y", municipality_code="202")
        message = db.session.scalars(sa.select(OutboxMessage).where(
            OutboxMessage.kind == "family_confirmation").order_by(OutboxMessage.id.desc())).first()
        return message.body_text, message.body_html

    text, html = mail_of("fi")  # the demo's number: marked, not offered for calling
    assert "+358 2 100 0000 (esimerkkinumero, ei käytössä)" in text
    assert "(esimerkkinumero, ei käytössä)" in html and "tel:+35821000000" not in html

    _set_county_number(app, db, demo, fast_sign_in("region_admin"))
    text, html = mail_of("sv")
    assert "Socialjouren (sosiaalipäivystys), Egentliga Finlands välfärdsområde: " \
           "+358 2 263 3333" in text
    assert 'href="tel:+35822633333"' in html and "exempel" not in text
    assert "Kaarina" not in text + html and "S:t Karins" not in text + html  # no place named

    demo.social_emergency_phone = None
    db.session.commit()
    text, _html = mail_of("fi")
    assert GUIDANCE["fi"] in text


# --- what the administrators see ------------------------------------------------------------

def _attention(html: str) -> str:
    start = html.index('id="attention-title"')
    return html[start:html.index("</section>", start)]


def test_the_admin_home_lists_what_is_missing_until_it_is_set(app, db, demo, fast_sign_in):
    region_admin, turku_admin = fast_sign_in("region_admin"), fast_sign_in("municipality_admin")
    # The demo's number is an example: not a number that applies.
    html = _attention(page(region_admin.get("/staff/")))
    assert "Varsinais-Suomi: sosiaalipäivystyksen numero on demon esimerkkinumero" in html
    assert '<a href="/admin/region/settings">Anna sosiaalipäivystyksen numero</a>' in html
    assert "27 kunnalla ei ole voimassa olevaa sosiaalipäivystyksen numeroa" in html

    demo.social_emergency_phone = None
    db.session.commit()
    html = _attention(page(region_admin.get("/staff/")))
    assert "Varsinais-Suomi: koko hyvinvointialueen sosiaalipäivystyksen numero puuttuu." in html
    turku = _attention(page(turku_admin.get("/staff/")))
    assert '<a href="/admin/m/853/settings">Turku: ei sosiaalipäivystyksen numeroa</a>' in turku
    assert "Kaarina" not in turku  # not theirs
    assert "/admin/region/settings" not in turku  # the county's administrator enters that
    settings = page(turku_admin.get("/admin/m/853/"))
    assert "Ei numeroa: perheitä neuvotaan soittamaan numeroon 112" in settings
    listed = page(region_admin.get("/admin/"))
    assert re.search(r'>Turku</a> \(853\) – ei sosiaalipäivystyksen numeroa</li>', listed)

    _set_county_number(app, db, demo, region_admin)
    html = _attention(page(region_admin.get("/staff/")))
    assert "Vaatii huomiotasi" in page(region_admin.get("/staff/"))
    assert "sosiaalipäivystys" not in html.lower()
    assert "sosiaalipäivystys" not in _attention(page(turku_admin.get("/staff/"))).lower()
    assert "Ei omaa: hyvinvointialueen numero on voimassa, +358 2 263 3333." in \
        page(turku_admin.get("/admin/m/853/"))
    listed = page(region_admin.get("/admin/"))
    assert ">Turku</a> (853)</li>" in listed and "ei sosiaalipäivystyksen numeroa" not in listed


def test_a_municipality_with_its_own_number_is_not_missing(app, db, demo, fast_sign_in):
    demo.social_emergency_phone = None
    db.session.commit()
    turku_admin = fast_sign_in("municipality_admin")
    response = post_form(turku_admin, "/admin/m/853/settings", {
        "default_centre": str(db.session.get(Municipality, "853").default_centre_id),
        "social_emergency_phone": "02 262 6003"}, page="/admin/m/853/settings")
    assert response.status_code == 302, page(response)
    assert "Turku: ei sosiaalipäivystyksen numeroa" not in \
        page(turku_admin.get("/staff/"))
    region = _attention(page(fast_sign_in("region_admin").get("/staff/")))
    assert "26 kunnalla ei ole voimassa olevaa sosiaalipäivystyksen numeroa" in region


# --- counties apart ----------------------------------------------------------------------------

def test_another_countys_administrator_cannot_set_this_countys_number(
        app, db, demo, demo_users):
    reference_data.load_region(db.session, "Keski-Suomi")
    db.session.flush()
    other = db.session.scalar(sa.select(Region).where(Region.name_fi == "Keski-Suomi"))
    admin = User(email="ks.admin@example.invalid", display_name="KS admin", language="fi",
                 password_hash=demo_users["region_admin"].password_hash)
    admin.roles.append(RoleAssignment(role=Role.REGION_ADMIN, region_id=other.id))
    db.session.add(admin)
    db.session.commit()
    client = signed_in_client(app, admin)
    html = page(client.get(SETTINGS))
    assert "Keski-Suomen hyvinvointialue" in html  # their own county's settings

    response = post_form(client, SETTINGS, settings_data(
        db, other, fallback_centre="", social_emergency_phone="014 266 0149"))
    db.session.refresh(demo)
    db.session.refresh(other)
    assert demo.social_emergency_phone == "+358 2 100 0000"  # Varsinais-Suomi's is untouched
    # Keski-Suomi has no fallback centre yet: refused as a whole, nothing stored there either.
    assert response.status_code == 400 and other.social_emergency_phone is None
    attention = _attention(page(client.get("/staff/")))
    assert "Keski-Suomi: koko hyvinvointialueen sosiaalipäivystyksen numero puuttuu." in attention
    assert "Varsinais-Suomi" not in attention


def test_the_api_gives_the_number_that_applies_and_never_an_example(
        app, client, db, demo, fast_sign_in):
    def numbers():
        found = client.get("/api/v1/municipalities?lang=fi").get_json()["municipalities"]
        return {m["code"]: m["social_emergency_phone"] for m in found}

    assert set(numbers().values()) == {None}  # the demo's example is not passed on
    _set_county_number(app, db, demo, fast_sign_in("region_admin"))
    db.session.get(Municipality, "853").social_emergency_phone = TURKU_OWN
    db.session.commit()
    shown = numbers()
    assert shown["853"] == TURKU_OWN and shown["202"] == COUNTY_NUMBER


def test_a_settings_page_without_the_number_fields_keeps_the_number(app, db, demo, fast_sign_in):
    _set_county_number(app, db, demo, fast_sign_in("region_admin"))
    data = {key: value for key, value in settings_data(db, demo, promise_working_days="4").items()
            if not key.startswith("social_emergency")}
    response = post_form(fast_sign_in("region_admin"), SETTINGS, data)
    assert response.status_code == 302
    db.session.refresh(demo)
    assert demo.promise_working_days == 4 and demo.social_emergency_phone == COUNTY_NUMBER


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_without_any_number_the_confirmation_and_follow_up_give_the_national_guidance(
        app, db, demo, driver, lang):
    demo.social_emergency_phone = None
    db.session.commit()
    fresh_choices(app)
    driver.send(lang=lang, topic_code="violence_safety")
    confirmation = page(driver.client.get(f"/{lang}/confirmation"))
    link = re.search(rf'href="http://localhost(/{lang}/follow-up/[\w-]+)"', confirmation).group(1)
    follow_up = page(driver.client.get(link))
    for html in (confirmation, follow_up):
        assert 'href="tel:112"' in html and GUIDANCE[lang] in html
        assert EXAMPLE[lang] not in html and "+358 2 100 0000" not in html
    # the violence topic's own notice stays beside it
    assert "080 005 005" in confirmation
