"""The public form: a request stored and routed, bad input answered with the input kept."""
import re

import pytest
import sqlalchemy as sa

from helpbutton.models import Centre, Channel, HelpRequest, OutboxMessage

from .conftest import GOOD, hidden_fields


def requests(db):
    return db.session.scalars(sa.select(HelpRequest)).all()


def page(response) -> str:
    return response.get_data(as_text=True)


@pytest.mark.parametrize("lang, heading, emergency", [
    ("fi", "Pyydä apua", "Tämä ei ole hätäpalvelu"),
    ("sv", "Be om hjälp", "Det här är ingen nödtjänst"),
    ("en", "Ask for help", "This is not an emergency service"),
])
def test_form_is_in_the_family_language_with_emergency_numbers(client, demo, lang, heading,
                                                               emergency):
    html = page(client.get(f"/{lang}/"))
    assert f"<h1>{heading}</h1>" in html
    assert emergency in html and 'href="tel:112"' in html
    assert 'name="topic_code"' in html and 'value="violence_safety"' in html
    assert 'value="853"' in html  # Turku among the region's municipalities
    assert f'href="/{lang}/privacy"' in html and f'href="/{lang}/accessibility"' in html
    assert "lastensuojeluilmoitus" in html  # where a worry about another family's child goes


def test_sent_request_is_stored_routed_and_confirmed(client, db, demo, form):
    response = form.send(service_language="sv")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/fi/confirmation")

    [req] = requests(db)
    abo = db.session.scalar(sa.select(Centre).where(Centre.name_fi.like("Turun ruotsinkielinen%")))
    assert req.centre_id == abo.id and req.channel is Channel.WEB
    assert req.description == GOOD["description"]
    assert db.session.scalar(sa.select(OutboxMessage.kind)) == "centre_new_request"

    html = page(client.get("/fi/confirmation"))
    assert req.reference in html
    assert "/fi/follow-up/" in html
    assert "Iltaisin" not in html and "040" not in html  # no personal details shown back
    token = re.search(r"/fi/follow-up/([\w-]+)", html).group(1)
    assert token not in response.headers["Location"]
    # The link is shown once; the reference stays.
    again = page(client.get("/fi/confirmation"))
    assert req.reference in again and token not in again


def _session_cookie(app, client) -> dict:
    cookie = client.get_cookie(app.config.get("SESSION_COOKIE_NAME", "session"))
    return app.session_interface.get_signing_serializer(app).loads(cookie.value)


def test_the_session_cookie_holds_neither_the_follow_up_token_nor_the_request_id(
        app, client, db, demo, form):
    assert form.send().status_code == 302
    before = _session_cookie(app, client)  # what rides until the confirmation page renders
    html = page(client.get("/fi/confirmation"))
    [req] = requests(db)
    assert req.reference in html
    token = re.search(r"/fi/follow-up/([\w-]+)", html).group(1)
    after = _session_cookie(app, client)

    for cookie in (before, after):
        assert set(cookie["confirmation"]) == {"handle", "link"}
        assert token not in repr(cookie)
        assert not [v for v in cookie["confirmation"].values() if type(v) is int]  # no id
        assert cookie["confirmation"]["handle"] != req.reference
    assert (before["confirmation"]["link"], after["confirmation"]["link"]) == (True, False)


def test_a_confirmation_page_that_failed_shows_the_link_when_it_works_again(
        app, client, db, demo, form, monkeypatch):
    from helpbutton.intake import follow_up
    assert form.send().status_code == 302
    real = follow_up.by_confirmation_handle

    def database_away(*args):
        raise sa.exc.OperationalError("SELECT", {}, Exception("gone"))

    monkeypatch.setattr(follow_up, "by_confirmation_handle", database_away)
    assert client.get("/fi/confirmation").status_code == 503
    monkeypatch.setattr(follow_up, "by_confirmation_handle", real)
    html = page(client.get("/fi/confirmation"))
    assert requests(db)[0].reference in html and "/fi/follow-up/" in html


def test_confirmation_says_when_in_the_family_language(client, db, demo, form):
    form.send(lang="sv")
    html = page(client.get("/sv/confirmation"))
    assert "arbetsdag" in html  # "within 3 working days", in Swedish
    assert re.search(r"\b20\d\d\b", html)  # a date


@pytest.mark.parametrize("changes, field, message", [
    ({"municipality_code": ""}, "municipality_code", "Valitse kuntasi"),
    ({"postal_code": "21600"}, "postal_code", "Parai"),  # Parainen's code with Turku chosen
    ({"postal_code": "2O1OO"}, "postal_code", "viisi numeroa"),
    ({"topic_code": None}, "topic_code", "Valitse, mihin"),
    ({"child_ages": ["4", "x"]}, "child_ages", "iät"),
    ({"description": "x" * 2001}, "description", "2000"),
    ({"phone": "123"}, "phone", "puhelinnumero"),
    ({"phone": "050 123 456O"}, "phone", "puhelinnumero"),  # a letter O: not a digit short
    ({"contact_method": "email"}, "email", "sähköpostiosoite"),
    ({"contact_method": "email", "email": "perhe@@example.com"}, "email", "sähköpostiosoite"),
    ({"consent": None}, "consent", "tietosuojaseloste"),
])
def test_bad_input_is_answered_next_to_the_field_keeping_the_input(client, db, demo, form,
                                                                   changes, field, message):
    response = form.send(**changes)
    html = page(response)
    assert response.status_code == 422
    error = re.search(rf'<p class="error-message" id="{field}-error">(.*?)</p>', html, re.S)
    assert error and message.lower() in error.group(1).lower()
    assert f'aria-describedby="{field}-error"' in html or f'{field}-error"' in html
    # Kept as typed, up to what the field may hold.
    assert GOOD["description"] in html or changes.get("description", "")[:2000] in html
    assert 'value="040 123 4567"' in html or changes.get("phone") in html
    assert requests(db) == []


def test_description_over_the_limit_is_kept_up_to_the_limit(client, db, demo, form):
    long_text = "Pitkä kuvaus. " * 200
    html = page(form.send(description=long_text))
    assert long_text[:2000] in html and long_text[:2001] not in html


@pytest.mark.parametrize("field, typed", [
    ("description", "Iltaisin\x00 on vaikeaa\x07."),
    ("contact_name", "Anna\x1b"),
    ("phone", "040 123\x00 4567"),
    ("municipality_code", "853\x00"),
])
def test_characters_that_cannot_be_saved_are_named_and_the_rest_is_kept(
        client, db, demo, form, field, typed):
    response = form.send(lang="sv", **{field: typed})
    html = page(response)

    assert response.status_code == 422
    error = re.search(rf'<p class="error-message" id="{field}-error">(.*?)</p>', html, re.S)
    assert error and "Här finns tecken som inte kan sparas" in error.group(1)
    # Shown with the refused characters marked, everything else as typed.
    if field != "municipality_code":  # a choice: no text to keep
        assert typed.replace("\x00", "\ufffd").replace("\x07", "\ufffd").replace(
            "\x1b", "\ufffd") in html
    assert "\x00" not in html
    assert requests(db) == []


def test_swedish_errors_are_in_swedish(client, demo, form):
    html = page(form.send(lang="sv", consent=None))
    assert "dataskydd" in html.lower()


def test_postal_code_alone_finds_the_municipality(client, db, demo, form):
    assert form.send(municipality_code="", postal_code="21600").status_code == 302
    assert requests(db)[0].municipality_code == "445"


def test_double_submit_makes_one_request_and_the_same_confirmation(client, db, demo, form):
    hidden = form.open()
    first = form.send(hidden=hidden)
    second = form.send(hidden=hidden)
    assert first.status_code == second.status_code == 302
    [req] = requests(db)
    html = page(client.get("/fi/confirmation"))
    assert req.reference in html and "/fi/follow-up/" in html


def test_expired_csrf_token_rerenders_the_form_with_the_input(client, db, demo, form):
    hidden = form.open()
    hidden["csrf_token"] = "expired-token"
    response = form.send(hidden=hidden)
    html = page(response)
    assert response.status_code == 200
    assert "lähettää sen uudelleen" in html or "uudelleen" in html
    assert GOOD["description"] in html
    assert requests(db) == []
    # Sending again from the re-rendered page works.
    again = form.send(hidden={**hidden, **hidden_fields(html)})
    assert again.status_code == 302 and len(requests(db)) == 1


def test_database_outage_on_submit_keeps_the_input_and_answers_503(client, db, demo, form,
                                                                  monkeypatch):
    from sqlalchemy.exc import OperationalError

    from helpbutton.intake import operations as intake

    hidden = form.open()

    def unavailable(*args, **kwargs):
        raise OperationalError("INSERT", {}, Exception("server closed the connection"))

    monkeypatch.setattr(intake, "submit_help_request", unavailable)
    response = form.send(hidden=hidden)
    html = page(response)
    assert response.status_code == 503
    assert GOOD["description"] in html and "teknisen" in html.lower()
    monkeypatch.undo()
    assert form.send(hidden=hidden).status_code == 302
    assert len(requests(db)) == 1


def test_honeypot_stops_bots(client, db, demo, form):
    response = form.send(website="http://spam.example")
    assert response.status_code == 422
    assert requests(db) == []


def test_rate_limit_answers_429_with_emergency_numbers_the_input_and_when(app, client, db, demo,
                                                                          form):
    app.config["PUBLIC_FORM_RATE_LIMIT"] = "2 per minute"
    assert form.send().status_code == 302
    assert form.send().status_code == 302
    response = form.send()
    html = page(response)
    assert response.status_code == 429
    assert "112" in html and GOOD["description"] in html
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    assert re.search(r"lähetä se uudelleen kello \d{1,2}\.\d{2} tai myöhemmin", html)
    assert len(requests(db)) == 2


def test_typos_do_not_use_up_the_rate_limit(app, client, db, demo, form):
    app.config["PUBLIC_FORM_RATE_LIMIT"] = "1 per minute"
    for _ in range(3):
        assert form.send(phone="1").status_code == 422
    assert form.send().status_code == 302


def test_past_the_limit_a_form_with_errors_still_shows_its_errors(app, client, db, demo, form):
    app.config["PUBLIC_FORM_RATE_LIMIT"] = "1 per minute"
    assert form.send().status_code == 302
    response = form.send(topic_code=None, consent=None)
    html = page(response)
    assert response.status_code == 422
    assert 'id="topic_code-error"' in html and 'id="consent-error"' in html


def test_the_same_page_sent_again_is_not_counted(app, client, db, demo, form):
    app.config["PUBLIC_FORM_RATE_LIMIT"] = "1 per minute"
    hidden = form.open()
    assert form.send(hidden=hidden).status_code == 302
    assert form.send(hidden=hidden).status_code == 302  # the same request, shown again
    assert len(requests(db)) == 1


def test_partner_link_preselects_municipality_and_records_the_source(client, db, demo, form):
    hidden = form.open(query="?p=loimaa-school")
    html = page(client.get("/fi/?p=loimaa-school"))
    assert '<option selected value="430">Loimaa<' in html
    assert hidden["partner"] == "loimaa-school"
    form.send(hidden=hidden, municipality_code="430")
    [req] = requests(db)
    assert req.channel is Channel.SCHOOL and req.partner.slug == "loimaa-school"


def test_unknown_partner_is_ignored(client, db, demo, form):
    hidden = form.open(query="?p=no-such-partner")
    assert hidden["partner"] == ""
    form.send(hidden={**hidden, "partner": "no-such-partner"})
    assert requests(db)[0].channel is Channel.WEB


def test_violence_topic_notice_and_safety_on_confirmation(client, db, demo, form):
    html = page(client.get("/en/"))
    assert "Nollalinja" in html  # shown when the topic is chosen (CSS, no script)
    form.send(lang="en", topic_code="violence_safety")
    confirmation = page(client.get("/en/confirmation"))
    assert "If you are not safe" in confirmation and "080 005 005" in confirmation


def test_urgent_request_repeats_emergency_guidance(client, db, demo, form):
    form.send(urgent="y")
    assert "tel:112" in page(client.get("/fi/confirmation"))
    form.send()
    assert "turvassa" not in page(client.get("/fi/confirmation")).lower()


def test_email_confirmation_only_when_asked(client, db, demo, form):
    form.send(contact_method="email", phone="", email="perhe@example.com",
              wants_email_confirmation="y")
    kinds = sorted(db.session.scalars(sa.select(OutboxMessage.kind)))
    assert kinds == ["centre_new_request", "family_confirmation"]


def test_pages_are_not_cached(client, demo):
    assert client.get("/fi/").headers["Cache-Control"] == "no-store"
