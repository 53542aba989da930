"""Each county's privacy notice and accessibility statement: the county is the controller, its
administrator enters the data-protection officer's and the feedback contact in fi, sv and en,
and what is missing is left out of the public page (never invented) and listed for the
administrator. Another county's administrator and the other roles cannot change them."""
import pytest
import sqlalchemy as sa

from helpbutton.legal.operations import LEGAL_TEXTS_CHANGED
from helpbutton.models import AdminAction, LegalTexts, Region, Role, RoleAssignment, User
from helpbutton.refdata import reference_data
from tests.signin import post_form, signed_in_client

LEGAL = "/admin/region/legal"
CONTROLLER = {"fi": "Varsinais-Suomen hyvinvointialue", "sv": "Egentliga Finlands välfärdsområde",
              "en": "Southwest Finland wellbeing services county"}
DPO_NAME = {"fi": "Tietosuojavastaava Testi", "sv": "Dataskyddsombud Test",
            "en": "Data protection officer Test"}
AUTHORITY = {"fi": "Liikenne- ja viestintävirasto Traficom",
             "sv": "Transport- och kommunikationsverket Traficom",
             "en": "Finnish Transport and Communications Agency Traficom"}
DATA_PROTECTION_AUTHORITY = {"fi": "Tietosuojavaltuutetun toimisto",
                             "sv": "Dataombudsmannens byrå",
                             "en": "Office of the Data Protection Ombudsman"}


def page(response) -> str:
    return response.get_data(as_text=True)


def entered(**changes) -> dict:
    return {"dpo_name_fi": DPO_NAME["fi"], "dpo_name_sv": DPO_NAME["sv"],
            "dpo_name_en": DPO_NAME["en"], "dpo_email": "tietosuoja@varha.example.invalid",
            "dpo_phone": "02 123 4567", "dpo_address": "PL 52\r\n20521 Turku",
            "feedback_email": "palaute@varha.example.invalid", "feedback_phone": "",
            "feedback_url": "https://varha.example.invalid/saavutettavuus",
            "authority_name_fi": "", "authority_name_sv": "", "authority_name_en": "",
            "authority_url": "", **changes}


def texts(db, region_id: int) -> LegalTexts | None:
    db.session.expire_all()
    return db.session.scalar(sa.select(LegalTexts).where(LegalTexts.region_id == region_id))


def keski_suomi(db, *, in_service: bool = True) -> Region:
    reference_data.load_region(db.session, "Keski-Suomi")
    found = db.session.scalar(sa.select(Region).where(Region.code == "15"))
    found.in_service = in_service
    db.session.commit()
    return found


def admin_of(app, db, region: Region, like: User) -> object:
    admin = User(email=f"admin.{region.slug}@example.invalid", display_name="KS admin",
                 language="en", password_hash=like.password_hash)
    admin.roles.append(RoleAssignment(role=Role.REGION_ADMIN, region_id=region.id))
    db.session.add(admin)
    db.session.commit()
    return signed_in_client(app, admin)


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_privacy_notice_names_the_county_and_the_dpo_its_administrator_entered(
        app, db, demo, fast_sign_in, client, lang):
    admin = fast_sign_in("region_admin")
    assert post_form(admin, LEGAL, entered()).status_code == 302

    html = page(client.get(f"/{lang}/varsinais-suomi/privacy"))
    assert CONTROLLER[lang] in html
    assert DPO_NAME[lang] in html
    assert 'href="mailto:tietosuoja@varha.example.invalid"' in html
    assert "+358 2 123 4567" in html
    assert "PL 52, 20521 Turku" in html  # the lines typed, on one line
    # What it said before stays: the retention period is the county's own.
    region = db.session.scalar(sa.select(Region).where(Region.code == "05"))
    assert str(region.retention_days) in html
    assert DATA_PROTECTION_AUTHORITY[lang] in html
    assert 'href="https://tietosuoja.fi' in html
    # The entered texts replace the demo's examples.
    assert "example.invalid" not in html.replace("varha.example.invalid", "")


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_accessibility_statement_shows_the_feedback_contact_and_the_authority(
        app, db, demo, fast_sign_in, client, lang):
    admin = fast_sign_in("region_admin")
    assert post_form(admin, LEGAL, entered()).status_code == 302

    html = page(client.get(f"/{lang}/varsinais-suomi/accessibility"))
    assert CONTROLLER[lang] in html
    assert 'href="mailto:palaute@varha.example.invalid"' in html
    assert 'href="https://varha.example.invalid/saavutettavuus"' in html
    assert AUTHORITY[lang] in html
    assert 'href="https://www.saavutettavuusvaatimukset.fi"' in html
    assert "your municipality's family centre" not in html


def test_the_county_may_correct_the_supervising_authority(app, db, demo, fast_sign_in, client):
    admin = fast_sign_in("region_admin")
    assert post_form(admin, LEGAL, entered(
        authority_name_fi="Lupa- ja valvontavirasto", authority_name_sv="",
        authority_name_en="Finnish Supervisory Agency",
        authority_url="https://luvat.example.invalid")).status_code == 302
    assert "Lupa- ja valvontavirasto" in page(client.get("/fi/varsinais-suomi/accessibility"))
    # Swedish not entered: the Finnish name, rather than a guess.
    assert "Lupa- ja valvontavirasto" in page(client.get("/sv/varsinais-suomi/accessibility"))
    html = page(client.get("/en/varsinais-suomi/accessibility"))
    assert "Finnish Supervisory Agency" in html and 'href="https://luvat.example.invalid"' in html


def test_the_demo_texts_are_marked_as_examples(app, db, demo, client):
    html = page(client.get("/en/varsinais-suomi/privacy"))
    assert "Data protection officer (example)" in html
    assert "tietosuoja@example.invalid" in html
    assert "examples of the demo" in html
    assert "examples of the demo" in page(client.get("/en/varsinais-suomi/accessibility"))


def test_a_countys_pages_link_each_other_in_the_footer(app, db, demo, client):
    html = page(client.get("/sv/varsinais-suomi/privacy"))
    assert 'href="/sv/varsinais-suomi/accessibility"' in html
    html = page(client.get("/sv/varsinais-suomi/accessibility"))
    assert 'href="/sv/varsinais-suomi/privacy"' in html


def test_the_national_pages_list_every_county_in_service(app, db, demo, client):
    other = keski_suomi(db, in_service=False)
    for lang in ("fi", "sv", "en"):
        html = page(client.get(f"/{lang}/privacy"))
        assert f'href="/{lang}/varsinais-suomi/privacy"' in html
        assert CONTROLLER[lang] in html
        assert "keski-suomi" not in html
        html = page(client.get(f"/{lang}/accessibility"))
        assert f'href="/{lang}/varsinais-suomi/accessibility"' in html
    other.in_service = True
    db.session.commit()
    html = page(client.get("/fi/privacy"))
    assert 'href="/fi/keski-suomi/privacy"' in html and "Keski-Suomen hyvinvointialue" in html
    assert 'href="/fi/keski-suomi/accessibility"' in page(client.get("/fi/accessibility"))


def test_a_county_not_in_service_or_unknown_has_no_notice(app, db, demo, client):
    keski_suomi(db, in_service=False)
    assert client.get("/fi/keski-suomi/privacy").status_code == 404
    assert client.get("/fi/no-such-county/accessibility").status_code == 404


def test_a_county_without_texts_names_the_controller_and_invents_no_contact(
        app, db, demo, demo_users, client):
    other = keski_suomi(db)
    html = page(client.get("/en/keski-suomi/privacy"))
    assert "The controller is Central Finland wellbeing services county." in html
    assert "Data-protection officer" not in html and "mailto:" not in html
    assert 'class="contact-list"' not in html
    html = page(client.get("/fi/keski-suomi/privacy"))
    assert "Keski-Suomen hyvinvointialue" in html and "mailto:" not in html
    html = page(client.get("/en/keski-suomi/accessibility"))
    assert ("Central Finland wellbeing services county has not yet given a contact for "
            "accessibility feedback") in html
    assert "mailto:" not in html and 'class="contact-list"' not in html
    # The supervising authority is a fact, shown for every county.
    assert AUTHORITY["en"] in html

    # Its administrator's home lists what is missing.
    admin = admin_of(app, db, other, demo_users["region_admin"])
    home = page(admin.get("/admin/"))
    assert "Needs your attention" in home
    assert "the data-protection officer&#39;s email or phone" in home
    assert "the data-protection officer&#39;s name or title in Swedish" in home
    assert "the feedback contact" in home
    # Entered, they are no longer missing.
    assert post_form(admin, LEGAL, entered()).status_code == 302
    assert "Needs your attention" not in page(admin.get("/admin/"))


def test_another_countys_administrator_cannot_change_them(app, db, demo, demo_users):
    other = keski_suomi(db)
    vs = db.session.scalar(sa.select(Region).where(Region.code == "05"))
    before = texts(db, vs.id).dpo_email
    admin = admin_of(app, db, other, demo_users["region_admin"])
    html = page(admin.get(LEGAL))
    assert "Privacy notice and accessibility statement of Central Finland" in html
    assert "tietosuoja@example.invalid" not in html  # Varsinais-Suomi's demo texts
    assert 'href="/en/keski-suomi/privacy"' in html  # as families see it
    assert post_form(admin, LEGAL, entered(dpo_email="ks@example.invalid")).status_code == 302
    assert texts(db, vs.id).dpo_email == before
    assert texts(db, other.id).dpo_email == "ks@example.invalid"
    assert "ks@example.invalid" in page(admin.get("/en/keski-suomi/privacy"))
    assert "ks@example.invalid" not in page(admin.get("/en/varsinais-suomi/privacy"))


@pytest.mark.parametrize("role", ["anonymous", "staff", "lead", "municipality_admin"])
def test_only_the_county_administrator_reaches_the_page(app, db, demo, fast_sign_in, role):
    vs = db.session.scalar(sa.select(Region).where(Region.code == "05"))
    before = texts(db, vs.id).dpo_email
    client = fast_sign_in(role)
    assert client.get(LEGAL).status_code in (302, 403)
    client.post(LEGAL, data=entered(dpo_email="x@example.invalid"))
    assert texts(db, vs.id).dpo_email == before


def test_bad_input_is_refused_with_what_was_typed_kept(app, db, demo, demo_users):
    vs = db.session.scalar(sa.select(Region).where(Region.code == "05"))
    before = texts(db, vs.id).dpo_email
    admin = demo_users["region_admin"]
    admin.language = "en"
    db.session.commit()
    client = signed_in_client(app, admin)
    response = post_form(client, LEGAL, entered(
        dpo_email="not an address", dpo_phone="12", feedback_url="http://varha.fi/palaute",
        dpo_name_sv="x" * 161))
    assert response.status_code == 400
    html = page(response)
    assert "Enter an email address" in html and 'value="not an address"' in html
    assert "Enter a phone number" in html
    assert "Enter a web address that starts with https://." in html
    assert 'value="http://varha.fi/palaute"' in html
    assert "At most 160 characters." in html
    assert texts(db, vs.id).dpo_email == before


def test_a_change_is_on_the_audit_trail_without_its_text(app, db, demo, fast_sign_in):
    admin = fast_sign_in("region_admin")
    assert post_form(admin, LEGAL, entered()).status_code == 302
    action = db.session.scalar(sa.select(AdminAction).where(
        AdminAction.action == LEGAL_TEXTS_CHANGED))
    assert "dpo_email" in action.data["fields"]
    assert "tietosuoja@varha.example.invalid" not in str(action.data)
    # The same again changes nothing.
    assert post_form(admin, LEGAL, entered()).status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(AdminAction.id)).where(
        AdminAction.action == LEGAL_TEXTS_CHANGED)) == 1
