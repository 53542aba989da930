"""A new private link by SMS, against the loopback LINK Mobility gateway: the family that
typed its phone number on the lost-link page gets the link there (not by email), and a worker
who closed a link in the wrong hands sends the new one only to the phone the family named."""
import re
from datetime import timedelta

import sqlalchemy as sa

from helpbutton.mail import outbox
from helpbutton.models import HelpRequest, OutboxMessage
from tests.conversation.conftest import STAFF
from tests.factories import MAIL_NOW as NOW
from tests.factories import user
from tests.public.conftest import FormDriver
from tests.public.test_lost_link import EMAIL, ask
from tests.signin import csrf_from, signed_in_client
from tests.sms.test_sms_flow import PHONE_E164

NEW_LINK = {"fi": "Uusi henkilökohtainen linkkisi yhteydenottopyyntöösi:",
            "sv": "Din nya privata länk till din begäran om hjälp:"}


def _request_with_email_and_phone(client, db, lang):
    FormDriver(client).send(lang, contact_method="either", email=EMAIL, phone="040 123 4567")
    html = client.get(f"/{lang}/confirmation").get_data(as_text=True)
    old = re.search(rf'href="http://localhost(/{lang}/follow-up/[\w-]+)"', html).group(1)
    return db.session.scalars(sa.select(HelpRequest)).one(), old


def _new_link_rows(db):
    db.session.expire_all()
    return list(db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.kind == "family_new_link")))


def test_a_family_that_types_its_phone_gets_the_new_link_by_sms_only(
        sms_app, db, demo, client, sms_server):
    sms_server.start()
    req, old_link = _request_with_email_and_phone(client, db, "sv")
    outbox.send_all_due(db.session, NOW)
    before = len(sms_server.accepted)

    assert ask(client, req.reference, "040-123 4567", lang="sv").status_code == 303
    [row] = _new_link_rows(db)
    assert row.channel.value == "sms"
    outbox.send_all_due(db.session, NOW + timedelta(minutes=5))
    [sms] = sms_server.accepted[before:]
    assert sms.destination == PHONE_E164 and sms.text.startswith(NEW_LINK["sv"])
    new_path = re.search(r"https://apua\.example\.invalid(/sv/follow-up/[\w-]+)", sms.text)[1]
    assert client.get(new_path).status_code == 200
    assert client.get(old_link).status_code == 404
    assert req.reference not in sms.text


def test_a_link_in_the_wrong_hands_is_closed_and_the_new_one_goes_to_the_named_phone_only(
        sms_app, db, demo, client, sms_server):
    sms_server.start()
    req, old_link = _request_with_email_and_phone(client, db, "fi")
    outbox.send_all_due(db.session, NOW)
    before = len(sms_server.accepted)

    staff = signed_in_client(sms_app, user(db.session, STAFF))
    page = staff.get(f"/staff/requests/{req.id}").get_data(as_text=True)
    assert "Lähetä uusi linkki perheen sähköpostiin ja puhelimeen" in page
    closed = staff.post(f"/staff/requests/{req.id}/link/close", data={
        "link-csrf_token": csrf_from(page), "link-contact": "050 765 4321"})
    assert closed.status_code == 302
    [row] = _new_link_rows(db)
    assert row.channel.value == "sms"
    outbox.send_all_due(db.session, NOW + timedelta(minutes=5))
    [sms] = sms_server.accepted[before:]
    assert sms.destination == "+358507654321" and sms.text.startswith(NEW_LINK["fi"])
    assert client.get(old_link).status_code == 404
    db.session.expire_all()
    assert (db.session.get(HelpRequest, req.id).email,
            db.session.get(HelpRequest, req.id).phone) == (None, "+358507654321")
