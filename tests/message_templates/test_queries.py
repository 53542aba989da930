"""What a request's page is offered: the active templates of the request's municipality, then
the region's, in the language asked for (Finnish when a template lacks it, marked), and the
text of the one a worker picks — never another municipality's or region's."""
import sqlalchemy as sa
from flask import get_template_attribute

from helpbutton.message_templates.queries import picked, template_text, templates_for
from helpbutton.models import MessageTemplate, Region
from helpbutton.refdata import reference_data
from tests.factories import make_request


def _add(db, **fields) -> MessageTemplate:
    template = MessageTemplate(**fields)
    db.session.add(template)
    db.session.commit()
    return template


def _vs(db) -> Region:
    return db.session.scalar(sa.select(Region).where(Region.code == "05"))


def test_a_turku_request_is_offered_turkus_then_the_regions_in_swedish(db, demo):
    request = make_request(db.session, "turku", service_language="sv")

    offered = templates_for(db.session, request, "sv")

    assert [t.name for t in offered] == [
        "Möte på familjecentret (exempel)",  # Turku's own first
        "När skulle det passa dig? (exempel)", "Vi försökte ringa dig (exempel)"]
    assert not any(t.fallback for t in offered)
    assert all(t.language == "sv" for t in offered)
    assert offered[2].body.startswith("Hej! Vi försökte ringa dig")


def test_without_a_swedish_text_the_finnish_is_offered_marked(db, demo):
    vs = _vs(db)
    loimaa_only = _add(db, region_id=vs.id, municipality_code="430", name_fi="Loimaan pohja",
                       body_fi="Hei Loimaalta!")
    request = make_request(db.session, "loimaa-area", municipality_code="430")

    offered = templates_for(db.session, request, "sv")

    first = offered[0]
    assert (first.id, first.name, first.body, first.language, first.fallback) == (
        loimaa_only.id, "Loimaan pohja", "Hei Loimaalta!", "fi", True)
    # The region's are there too, in Swedish; Turku's is not.
    names = [t.name for t in offered]
    assert "Vi försökte ringa dig (exempel)" in names
    assert "Möte på familjecentret (exempel)" not in names
    # In English, the demo's English texts.
    english = {t.name for t in templates_for(db.session, request, "en")}
    assert "We tried to call you (example)" in english


def test_inactive_ones_and_another_regions_are_not_offered(db, demo):
    vs = _vs(db)
    reference_data.load_region(db.session, "Keski-Suomi")
    ks = db.session.scalar(sa.select(Region).where(Region.name_fi == "Keski-Suomi"))
    _add(db, region_id=vs.id, municipality_code="853", name_fi="Vanha pohja", body_fi="Vanha",
         name_sv="Gammal", body_sv="Gammal", active=False)
    elsewhere = _add(db, region_id=ks.id, name_fi="Keski-Suomen pohja", body_fi="Hei!")
    request = make_request(db.session, "turku")

    names = [t.name for t in templates_for(db.session, request, "fi")]

    assert "Yritimme soittaa sinulle (esimerkki)" in names
    assert "Vanha pohja" not in names and "Keski-Suomen pohja" not in names
    assert template_text(db.session, request, elsewhere.id, "fi") is None


def test_the_picked_template_fills_the_message_only_when_it_is_offered(db, demo):
    request = make_request(db.session, "turku")
    offered = {t.name: t for t in templates_for(db.session, request, "fi")}
    called = offered["Yritimme soittaa sinulle (esimerkki)"]

    picked = template_text(db.session, request, str(called.id), "fi")

    assert picked.body.startswith("Hei! Yritimme soittaa sinulle")
    loimaa = make_request(db.session, "loimaa-area", municipality_code="430")
    turku_only = offered["Tapaaminen perhekeskuksessa (esimerkki)"]
    assert template_text(db.session, loimaa, turku_only.id, "fi") is None
    for rubbish in ("", "abc", None, "1e3", "-1"):
        assert template_text(db.session, request, rubbish, "fi") is None


def test_the_picker_lists_the_templates_and_marks_the_finnish_ones(app, db, demo):
    vs = _vs(db)
    _add(db, region_id=vs.id, municipality_code="430", name_fi="Loimaan pohja", body_fi="Hei!")
    request = make_request(db.session, "loimaa-area", municipality_code="430")
    offered = templates_for(db.session, request, "sv")

    with app.test_request_context("/staff/"):
        picker = get_template_attribute("message_templates/_pick.html", "template_picker")
        html = str(picker(offered))
        nothing = str(picker([]))

    assert f'<option value="{offered[0].id}">Loimaan pohja (vain suomeksi)</option>' in html
    assert "Vi försökte ringa dig (exempel)</option>" in html
    assert 'name="use_template"' in html and 'name="template_id"' in html
    assert '<label for="template-pick">' in html
    assert nothing.strip() == ""


def test_the_use_this_template_button_is_told_from_sending(db, demo):
    request = make_request(db.session, "turku", service_language="sv")
    called = next(t for t in templates_for(db.session, request, "sv")
                  if t.name == "Vi försökte ringa dig (exempel)")

    chosen = picked(db.session, request, {"use_template": "1", "template_id": str(called.id),
                                          "text": "Hej"}, "sv")
    assert chosen.body.startswith("Hej! Vi försökte ringa dig")
    # Sent with the message's own button: no template, whatever the picker shows.
    assert picked(db.session, request, {"template_id": str(called.id), "text": "Hej"},
                  "sv") is None
    assert picked(db.session, request, {"use_template": "1", "template_id": "x"}, "sv") is None
