"""SMS through the outbox against a loopback LINK Mobility gateway: the family's
confirmation with its link, outages, refused numbers, SMS switched off, "no messages"."""
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from helpbutton.extensions import limiter
from helpbutton.mail import family_notices, outbox
from helpbutton.models import (
    HelpRequest,
    OutboxChannel,
    OutboxMessage,
    OutboxStatus,
    User,
)
from tests.factories import MAIL_NOW as NOW
from tests.factories import make_request
from tests.public.conftest import GOOD, FormDriver
from tests.signin import signed_in_client
from tests.sms.conftest import PARTNER_ID, PASSWORD, SENDER, USER

PHONE_E164 = "+358401234567"  # GOOD["phone"], 040 123 4567
TEXTS = {
    "fi": "Yhteydenottopyyntösi on vastaanotettu. Henkilökohtainen linkkisi:",
    "sv": "Din begäran om hjälp har tagits emot. Din privata länk:",
    "en": "Your request for help has been received. Your private link:",
}
NEW_MESSAGE = {
    "fi": "Sinulle on uusi viesti yhteydenottopyyntöösi liittyen. Avaa henkilökohtainen "
          "linkkisi.",
    "sv": "Du har ett nytt meddelande om din begäran om hjälp. Öppna din privata länk.",
}


def _sms_rows(db) -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.channel == OutboxChannel.SMS)
        .order_by(OutboxMessage.id)))


def _send_form(client, lang="fi", **changes):
    limiter.reset()
    response = FormDriver(client).send(lang, **changes)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return response


def _confirmation(client, lang) -> str:
    return client.get(f"/{lang}/confirmation").get_data(as_text=True)


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_a_phone_only_family_gets_one_sms_with_its_link_in_its_language(
        sms_app, db, demo, client, sms_server, lang):
    sms_server.start()
    _send_form(client, lang, contact_name="Maija Meikäläinen")
    page = _confirmation(client, lang)
    [path] = re.findall(rf'href="http://localhost(/{lang}/follow-up/[\w-]+)"', page)
    [request] = db.session.scalars(sa.select(HelpRequest)).all()
    assert {"fi": "tekstiviestinä", "sv": "som textmeddelande"}[lang] in page

    outbox.send_all_due(db.session, NOW)
    outbox.send_all_due(db.session, NOW + timedelta(hours=1))  # nothing goes twice

    [sms] = sms_server.accepted
    assert sms.path == "/sms/send"
    assert sms.authorization.startswith("Basic ")
    assert sms.content_type.startswith("application/json")
    assert sms.destination == PHONE_E164
    assert sms.body["source"] == SENDER and sms.body["sourceTON"] == "ALPHANUMERIC"
    assert sms.body["platformPartnerId"] == PARTNER_ID
    assert sms.text.startswith(TEXTS[lang])
    assert sms.text.endswith("https://apua.example.invalid" + path)
    for secret in (request.reference, GOOD["description"], "Maija", request.topic.label(lang),
                   request.topic.label("fi"), request.centre.name(lang), GOOD["contact_times"]):
        assert secret not in sms.text
    # Once sent, neither the number nor the link stays in the outbox.
    [row] = _sms_rows(db)
    assert row.status is OutboxStatus.SENT and row.kind == "family_confirmation"
    assert row.recipient == outbox.SENT_PLACEHOLDER and row.body_text == outbox.SENT_PLACEHOLDER
    # The link in the SMS opens the family's page.
    assert client.get(path).status_code == 200


def test_with_the_gateway_down_the_sms_waits_and_goes_once_when_it_is_back(
        sms_app, db, demo, client, sms_server):
    _send_form(client, "fi")
    [row] = _sms_rows(db)

    # Not listening at all.
    result = outbox.send_due(db.session, NOW)
    [row] = _sms_rows(db)
    assert result.retried >= 1
    assert row.status is OutboxStatus.PENDING and row.attempts == 1
    assert "unreachable" in row.last_error
    # Listening, but answering 503.
    sms_server.mode = "down"
    sms_server.start()
    outbox.send_due(db.session, row.next_attempt_at)
    [row] = _sms_rows(db)
    assert row.status is OutboxStatus.PENDING and row.attempts == 2
    assert "503" in row.last_error
    assert sms_server.accepted == [] and len(sms_server.received) == 1
    assert PHONE_E164 not in row.last_error

    sms_server.mode = "ok"
    assert outbox.send_due(db.session, row.next_attempt_at - timedelta(seconds=1)).sent == 0
    assert outbox.send_due(db.session, row.next_attempt_at).sent >= 1
    outbox.send_all_due(db.session, NOW + timedelta(days=2))

    assert len(sms_server.accepted) == 1
    [row] = _sms_rows(db)
    assert row.status is OutboxStatus.SENT and row.attempts == 3


def test_a_refused_number_is_given_up_at_once_and_shown_on_the_outbox_page(
        sms_app, db, demo, client, sms_server):
    sms_server.refused.add(PHONE_E164)
    sms_server.start()
    _send_form(client, "fi")

    result = outbox.send_all_due(db.session, NOW)

    [row] = _sms_rows(db)
    assert result.failed == 1
    assert row.status is OutboxStatus.FAILED and row.attempts == 1
    assert outbox.is_refused(row)
    assert outbox.send_all_due(db.session, NOW + timedelta(days=1)).failed == 0  # not again
    assert len(sms_server.received) == 1 and sms_server.accepted == []

    page = _outbox_page(sms_app, db)
    assert "Vahvistus, perheelle" in page and "Tekstiviesti (SMS)" in page
    assert "Tekstiviestipalvelu ei hyväksynyt tätä puhelinnumeroa" in page
    assert "<td>perhe</td>" in page
    for shown in (PHONE_E164, "401234567", "040 123 4567", "0401234567"):
        assert shown not in page


def _outbox_page(app, db) -> str:
    admin = db.session.scalar(sa.select(User).where(User.email == "region.admin@example.invalid"))
    response = signed_in_client(app, admin).get("/admin/outbox/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_with_sms_off_nothing_is_queued_and_no_page_promises_an_sms(
        sms_off_app, db, demo, client):
    limiter.reset()
    form_page = client.get("/fi/").get_data(as_text=True)
    assert "Puhelinnumero" in form_page  # the phone field is there
    assert "tekstiviesti" not in form_page.lower()
    _send_form(client, "fi")
    page = _confirmation(client, "fi")
    assert "Viitetunnuksesi" in page or "viitetunnus" in page.lower()
    assert "tekstiviesti" not in page.lower()

    assert _sms_rows(db) == []
    [request] = db.session.scalars(sa.select(HelpRequest)).all()
    assert family_notices.notify_family(db.session, request, "family_new_message") == []
    assert _sms_rows(db) == []


def test_with_sms_on_the_form_says_the_link_comes_by_text_message(sms_app, db, demo, client):
    page = client.get("/en/").get_data(as_text=True)
    assert "We send your private link to this number by text message" in page


def test_a_family_that_said_no_messages_gets_no_sms_at_all(
        sms_app, db, demo, client, sms_server):
    sms_server.start()
    _send_form(client, "fi", may_leave_message="no")
    page = _confirmation(client, "fi")
    assert "/fi/follow-up/" in page  # the link is on the screen still
    assert "tekstiviesti" not in page.lower()
    [request] = db.session.scalars(sa.select(HelpRequest)).all()
    assert request.may_leave_message is False

    assert family_notices.notify_family(db.session, request, "family_new_message") == []
    db.session.commit()
    outbox.send_all_due(db.session, NOW)

    assert _sms_rows(db) == []
    assert sms_server.received == []


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_a_new_message_notice_goes_by_sms_without_content(sms_app, db, demo, sms_server, lang):
    sms_server.start()
    request = make_request(db.session, "turku", ui_language=lang, may_leave_message=True,
                           description="Salainen kuvaus", contact_name="Maija")
    family_notices.notify_family(db.session, request, "family_new_message")
    db.session.commit()

    outbox.send_all_due(db.session, NOW)

    [sms] = sms_server.accepted
    assert sms.destination == PHONE_E164
    assert sms.text == NEW_MESSAGE[lang]
    [row] = _sms_rows(db)
    assert row.kind == "family_new_message" and row.recipient == outbox.SENT_PLACEHOLDER


def test_a_family_that_asked_for_the_email_gets_its_link_once_by_email(
        sms_app, db, demo, client, sms_server):
    _send_form(client, "fi", contact_method="either", email="perhe.sms@example.com",
               wants_email_confirmation="y")
    rows = db.session.scalars(sa.select(OutboxMessage)).all()
    assert {(m.kind, m.channel) for m in rows} == {
        ("centre_new_request", OutboxChannel.EMAIL), ("family_confirmation", OutboxChannel.EMAIL)}


def test_a_family_with_both_that_did_not_ask_for_the_email_gets_the_sms(
        sms_app, db, demo, client):
    _send_form(client, "fi", contact_method="either", email="perhe.sms@example.com")
    [row] = _sms_rows(db)
    assert row.kind == "family_confirmation" and row.recipient == PHONE_E164


def test_sms_queued_before_sms_was_switched_off_waits_for_it(
        sms_app, db, demo, client, sms_server):
    _send_form(client, "fi")
    sms_app.config["SMS_GATEWAY_URL"] = None
    outbox.send_all_due(db.session, NOW)
    [row] = _sms_rows(db)
    assert row.status is OutboxStatus.PENDING and row.attempts == 1

    sms_app.config["SMS_GATEWAY_URL"] = sms_server.url
    sms_server.start()
    outbox.send_all_due(db.session, row.next_attempt_at)
    assert len(sms_server.accepted) == 1


def test_wrong_credentials_are_retried_not_given_up(sms_app, db, demo, client, sms_server):
    sms_app.config["SMS_GATEWAY_PASSWORD"] = "wrong"
    sms_server.start()
    _send_form(client, "fi")
    outbox.send_all_due(db.session, NOW)
    [row] = _sms_rows(db)
    assert row.status is OutboxStatus.PENDING and "401" in row.last_error
    assert PASSWORD not in row.last_error and USER not in row.last_error
