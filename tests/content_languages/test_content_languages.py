"""Texts the administrators write, in every public language: what a family on /ar/ sees, the
fallback (Finnish, or Swedish in a Swedish-majority municipality) marked with its own `lang`,
the administrators' pages and who may use them."""
import re

import pytest
import sqlalchemy as sa

from helpbutton.content_languages import rules
from helpbutton.extensions import limiter
from helpbutton.message_templates.queries import templates_for
from helpbutton.models import Centre, MessageTemplate, Region, Role, RoleAssignment, Topic, User
from helpbutton.models.admin_action import AdminAction
from helpbutton.models.legal_text import LegalTexts
from helpbutton.refdata import reference_data
from helpbutton.triage.request_page import template_language
from tests.factories import make_request
from tests.public.conftest import FormDriver
from tests.public.test_follow_up import follow_up_link
from tests.signin import post_form, signed_in_client

OVERVIEW = "/admin/texts/"


def _page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def _topic(db, code: str = "everyday") -> Topic:
    region = db.session.scalar(sa.select(Region).where(Region.code == "05"))
    return db.session.scalar(sa.select(Topic).where(Topic.region_id == region.id,
                                                    Topic.code == code))


def _edit(kind: str, object_id: int) -> str:
    return f"/admin/texts/{kind}/{object_id}"


@pytest.fixture
def fresh_entry(app):
    # The public form's choices are cached for a minute: every test sees its own texts.
    app.extensions.get("public_form_choices", {}).clear()
    yield
    app.extensions.get("public_form_choices", {}).clear()


@pytest.fixture
def form(client, fresh_entry):
    limiter.reset()
    return FormDriver(client)


@pytest.fixture
def without_other_languages(db, demo, fresh_entry):
    """The demo's topics and centres without their texts in the other languages."""
    for model in (Topic, Centre):
        for obj in db.session.scalars(sa.select(model)):
            obj.texts = None
    db.session.commit()


def _label(html: str, text: str) -> str:
    """The attributes of the topic label whose text is `text` (an AssertionError if none)."""
    found = re.search(r'<label for="topic_code-\d+"([^>]*)>' + re.escape(text) + "</label>",
                      html)
    assert found, text
    return found.group(1)


# --- what a family sees -----------------------------------------------------------------------

def test_the_demo_topics_are_in_arabic_on_ar(client, db, demo, fresh_entry):
    html = _page(client.get("/ar/"))
    assert _label(html, "التأقلم مع الحياة اليومية") == ""  # in the page's language: no mark
    assert "Arjessa jaksaminen" not in html


def test_an_arabic_topic_name_an_administrator_enters_is_what_a_family_on_ar_sees(
        client, db, demo, fast_sign_in, fresh_entry):
    topic = _topic(db)
    admin = fast_sign_in("region_admin")
    assert 'dir="rtl"' in _page(admin.get(_edit("topic", topic.id)))  # Arabic typed as such

    response = post_form(admin, _edit("topic", topic.id),
                         {"label__ar": "اسم تجريبي", "help__ar": "نص مساعدة تجريبي"})

    assert response.status_code == 302
    db.session.refresh(topic)
    assert topic.texts["label"]["ar"] == "اسم تجريبي"
    assert "so" not in topic.texts["label"]  # a field sent empty is emptied
    action = db.session.scalar(sa.select(AdminAction).where(
        AdminAction.action == "content_texts_saved"))
    assert action.data["kind"] == "topic" and "ar" in action.data["languages"]
    html = _page(client.get("/ar/"))
    assert _label(html, "اسم تجريبي") == ""
    assert "نص مساعدة تجريبي" in html


def test_without_an_arabic_name_the_finnish_is_shown_marked_as_finnish(
        client, db, without_other_languages):
    html = _page(client.get("/ar/"))
    assert '<html lang="ar" dir="rtl">' in html
    assert _label(html, "Arjessa jaksaminen") == ' lang="fi" dir="ltr"'
    assert re.search(r'<p class="hint" id="topic_code-\d+-help" lang="fi" dir="ltr">'
                     r'Väsymys, kiire', html)
    # On a Finnish page the Finnish is the page's own language: not marked.
    assert _label(_page(client.get("/fi/")), "Arjessa jaksaminen") == ""


def test_plain_language_finnish_without_its_own_text_shows_the_finnish(
        client, db, without_other_languages):
    html = _page(client.get("/selko/"))
    assert _label(html, "Arjessa jaksaminen") == ' lang="fi"'


def test_a_family_of_a_swedish_majority_municipality_on_ar_sees_the_swedish(
        client, db, without_other_languages, form):
    # Parainen (445) is bilingual with a Swedish majority; the form is shown again (no consent).
    response = form.send(lang="ar", municipality_code="445", consent=None)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert _label(html, "Att orka i vardagen") == ' lang="sv" dir="ltr"'
    assert "Arjessa jaksaminen" not in html
    # Turku (853) is Finnish-majority: the Finnish.
    html = form.send(lang="ar", municipality_code="853", consent=None).get_data(as_text=True)
    assert _label(html, "Arjessa jaksaminen") == ' lang="fi" dir="ltr"'


def test_the_follow_up_page_shows_the_centres_hours_in_the_familys_language(
        client, db, demo, form):
    html = _page(client.get(follow_up_link(client, form, "ar")))
    assert "الاثنين–الجمعة 9–15 (مثال)" in html  # the demo's Arabic hours


def test_the_follow_up_page_marks_finnish_hours_on_an_arabic_page(
        client, db, without_other_languages, form):
    html = _page(client.get(follow_up_link(client, form, "ar")))
    assert '<span lang="fi" dir="ltr">ma–pe 9–15 (esimerkki)</span>' in html


# --- the administrators' pages ----------------------------------------------------------------

def _count(html: str, language: str) -> int:
    found = re.search(rf'<th scope="row">{language}</th><td>(\d+)</td>', html)
    assert found, language
    return int(found.group(1))


def test_the_overview_lists_the_missing_languages_with_counts(db, demo, fast_sign_in):
    admin = fast_sign_in("region_admin")
    topic = _topic(db)
    topic.texts = {"label": {"ar": "اسم"}}  # Arabic name only
    db.session.commit()

    html = _page(admin.get(OVERVIEW))

    item = re.search(rf'<li><a href="/admin/texts/topic/{topic.id}">[^<]*Arjessa jaksaminen</a>'
                     r"\s*<ul>(.*?)</ul>", html, re.S)
    assert item, html
    lines = item.group(1)
    assert "arabia" not in lines.split("</li>")[0]  # the name has its Arabic
    assert "somali" in lines  # and lacks Somali
    somali, arabic = _count(html, "somali"), _count(html, "arabia")
    assert somali > arabic > 0

    topic.texts = {"label": {"ar": "اسم", "so": "Magac"}}
    db.session.commit()
    assert _count(_page(admin.get(OVERVIEW)), "somali") == somali - 1
    # The home page says texts are missing and links the overview.
    home = _page(admin.get("/admin/"))
    assert 'href="/admin/texts/"' in home


def test_the_page_of_a_text_says_which_fallback_is_shown(db, without_other_languages,
                                                         fast_sign_in):
    admin = fast_sign_in("region_admin")
    html = _page(admin.get(_edit("topic", _topic(db).id)))
    # Varsinais-Suomi has Swedish-majority municipalities (Parainen, Kemiönsaari).
    assert "Puuttuu — näytetään suomi, ruotsinkielisenemmistöisissä kunnissa ruotsi" in html


def test_a_municipality_administrator_keeps_its_centres_hours_but_not_the_regions_topics(
        db, demo, fast_sign_in):
    turku_admin = fast_sign_in("municipality_admin")
    topic = _topic(db)
    before = topic.texts

    assert turku_admin.get(_edit("topic", topic.id)).status_code == 404
    response = post_form(turku_admin, _edit("topic", topic.id), {"label__ar": "x"},
                         page=_edit("centre", _turku_centre(db).id))
    assert response.status_code in (403, 404)
    db.session.refresh(topic)
    assert topic.texts == before

    centre = _turku_centre(db)
    response = post_form(turku_admin, _edit("centre", centre.id), {"hours__ar": "كل يوم"})
    assert response.status_code == 302
    db.session.refresh(centre)
    assert centre.texts["hours"] == {"ar": "كل يوم"}  # the other languages emptied on the form
    overview = _page(turku_admin.get(OVERVIEW))
    assert f"/admin/texts/centre/{centre.id}" in overview
    assert "/admin/texts/topic/" not in overview  # the region's topics: not theirs


def _turku_centre(db) -> Centre:
    return db.session.scalar(sa.select(Centre).where(Centre.host_municipality_code == "853")
                             .order_by(Centre.id))


def test_another_countys_administrator_sees_and_changes_nothing_of_this_county(
        app, db, demo, demo_users):
    reference_data.load_region(db.session, "Keski-Suomi")
    db.session.flush()
    other = db.session.scalar(sa.select(Region).where(Region.name_fi == "Keski-Suomi"))
    admin = User(email="ks.texts@example.invalid", display_name="KS admin", language="fi",
                 password_hash=demo_users["region_admin"].password_hash)
    admin.roles.append(RoleAssignment(role=Role.REGION_ADMIN, region_id=other.id))
    db.session.add(admin)
    db.session.commit()
    client = signed_in_client(app, admin)
    topic, centre = _topic(db), _turku_centre(db)
    vs = db.session.scalar(sa.select(Region).where(Region.code == "05"))
    template = db.session.scalar(sa.select(MessageTemplate).where(
        MessageTemplate.region_id == vs.id))

    for kind, object_id in (("topic", topic.id), ("centre", centre.id), ("region", vs.id),
                            ("template", template.id), ("legal", vs.id)):
        assert client.get(_edit(kind, object_id)).status_code == 404, kind
    own = _page(client.get(_edit("region", other.id)))  # their own county's texts: theirs
    assert "Keski-Suomi" in own
    response = post_form(client, _edit("topic", topic.id), {"label__ar": "x"},
                         page=_edit("region", other.id))
    assert response.status_code in (403, 404)
    db.session.refresh(topic)
    assert topic.texts["label"]["ar"] == "التأقلم مع الحياة اليومية"
    overview = _page(client.get(OVERVIEW))
    assert f'/admin/texts/topic/{topic.id}"' not in overview
    assert f'/admin/texts/centre/{centre.id}"' not in overview
    assert f"/admin/texts/topic/{_ks_topic(db, other).id}" in overview


def _ks_topic(db, region: Region) -> Topic:
    return db.session.scalar(sa.select(Topic).where(Topic.region_id == region.id)
                             .order_by(Topic.position))


# --- message templates in the family's language ------------------------------------------------

def test_a_template_is_offered_in_the_familys_language_with_the_same_fallback(db, demo):
    vs = db.session.scalar(sa.select(Region).where(Region.code == "05"))
    db.session.add_all([
        MessageTemplate(region_id=vs.id, name_fi="Soitto", body_fi="Hei, soitamme.",
                        name_sv="Samtal", body_sv="Hej, vi ringer.",
                        texts={"name": {"ar": "مكالمة"}, "body": {"ar": "مرحبًا، سنتصل بك."}}),
        MessageTemplate(region_id=vs.id, name_fi="Tapaaminen", body_fi="Hei, tavataan.",
                        name_sv="Möte", body_sv="Hej, vi träffas."),
    ])
    db.session.commit()
    arabic = make_request(db.session, "turku", ui_language="ar", service_language="fi")
    assert template_language(arabic) == "ar"

    offered = {t.name: t for t in templates_for(db.session, arabic, template_language(arabic))}

    assert offered["مكالمة"].body == "مرحبًا، سنتصل بك." and not offered["مكالمة"].fallback
    assert offered["Tapaaminen"].fallback and offered["Tapaaminen"].language == "fi"

    # A Swedish-majority municipality's family: the Swedish.
    pargas_centre = _turku_centre(db)
    pargas = make_request(db.session, pargas_centre, municipality_code="445", ui_language="so")
    offered = {t.name: t for t in templates_for(db.session, pargas, template_language(pargas))}
    assert offered["Möte"].language == "sv" and offered["Möte"].fallback
    assert offered["Samtal"].body == "Hej, vi ringer."


def test_a_template_in_arabic_is_entered_on_its_texts_page(db, demo, fast_sign_in):
    vs = db.session.scalar(sa.select(Region).where(Region.code == "05"))
    template = db.session.scalar(sa.select(MessageTemplate).where(
        MessageTemplate.region_id == vs.id, MessageTemplate.municipality_code.is_(None)))
    admin = fast_sign_in("region_admin")
    response = post_form(admin, _edit("template", template.id),
                         {"name__ar": "مكالمة", "body__ar": "مرحبًا"})
    assert response.status_code == 302
    db.session.refresh(template)
    assert template.has_language("ar") and template.name("ar") == "مكالمة"
    assert rules.texts_of(template, "body")["ar"] == "مرحبًا"


# --- the county's texts -------------------------------------------------------------------------

def test_the_countys_social_emergency_service_is_named_in_the_page_language(
        client, db, demo, fresh_entry):
    html = _page(client.get("/ar/varsinais-suomi/"))
    assert "خدمة الطوارئ الاجتماعية والأزمات في جنوب غرب فنلندا (مثال)" in html

    demo.texts = None
    db.session.commit()
    client.application.extensions.get("public_form_choices", {}).clear()
    html = _page(client.get("/ar/varsinais-suomi/"))
    assert ('<span lang="fi" dir="ltr">Varsinais-Suomen sosiaali- ja kriisipäivystys '
            "(esimerkki)</span>") in html


def test_where_to_turn_is_shown_in_the_page_language_or_marked(client, db, demo, fresh_entry):
    reference_data.load_region(db.session, "Keski-Suomi")
    other = db.session.scalar(sa.select(Region).where(Region.name_fi == "Keski-Suomi"))
    other.in_service = False
    other.where_to_turn_fi = "Soita perheneuvontaan."
    other.texts = {"where_to_turn": {"uk": "Зателефонуйте до сімейної консультації."}}
    db.session.commit()

    html = _page(client.get(f"/uk/{other.slug}/"))
    assert "<p>Зателефонуйте до сімейної консультації.</p>" in html
    html = _page(client.get(f"/fa/{other.slug}/"))
    assert '<p lang="fi" dir="ltr">Soita perheneuvontaan.</p>' in html


def test_the_privacy_notice_and_accessibility_statement_in_arabic(client, db, demo):
    html = _page(client.get("/ar/varsinais-suomi/privacy"))
    assert '<li><span lang="fi" dir="ltr">Tietosuojavastaava (esimerkki)</span></li>' in html
    # The authorities' official names: English where the page's language has none.
    assert '<span lang="en" dir="ltr">Office of the Data Protection Ombudsman</span>' in html
    html = _page(client.get("/ar/varsinais-suomi/accessibility"))
    assert '<span lang="en" dir="ltr">Finnish Transport and Communications Agency' in html
    assert _page(client.get("/so/privacy")) and _page(client.get("/so/accessibility"))

    vs = db.session.scalar(sa.select(Region).where(Region.code == "05"))
    stored = db.session.scalar(sa.select(LegalTexts).where(LegalTexts.region_id == vs.id))
    stored.texts = {"dpo_name": {"ar": "مسؤول حماية البيانات"}}
    db.session.commit()
    html = _page(client.get("/ar/varsinais-suomi/privacy"))
    assert "<li>مسؤول حماية البيانات</li>" in html
