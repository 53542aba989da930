"""The issue's whole path for a family that gave only a phone number, against the loopback
LINK Mobility gateway: the SMS confirmation carries its link; a worker writes; the family gets
a content-free SMS notice, opens its link, reads and replies; the worker sees the reply unread.
In Finnish and in Swedish."""
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from helpbutton.extensions import limiter
from helpbutton.mail import outbox
from helpbutton.models import HelpRequest, MessageAuthor, RequestMessage
from tests.conversation.conftest import STAFF
from tests.factories import MAIL_NOW as NOW
from tests.factories import user
from tests.public.conftest import FormDriver, hidden_fields
from tests.signin import csrf_from, signed_in_client
from tests.sms.test_sms_flow import NEW_MESSAGE, TEXTS

WORKER_TEXT = "Yritimme soittaa. Sopiiko torstaina kello 10?"
REPLY = "Torstai sopii hyvin, kiitos."


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_a_phone_only_family_talks_with_its_centre_by_sms_notices(
        sms_app, db, demo, client, sms_server, lang):
    sms_server.start()
    limiter.reset()
    assert FormDriver(client).send(lang, contact_name="Maija Meikäläinen").status_code == 302
    [req] = db.session.scalars(sa.select(HelpRequest)).all()
    assert req.email is None and req.phone

    outbox.send_all_due(db.session, NOW)
    [confirmation] = sms_server.accepted
    assert confirmation.text.startswith(TEXTS[lang])
    link = re.search(r"https://apua\.example\.invalid(/\w\w/follow-up/[\w-]+)$",
                     confirmation.text).group(1)

    # A worker writes; the family is told by SMS, without the text.
    staff = signed_in_client(sms_app, user(db.session, STAFF))
    page = staff.get(f"/staff/requests/{req.id}").get_data(as_text=True)
    sent = staff.post(f"/staff/requests/{req.id}/message", data={
        "message-csrf_token": csrf_from(page), "message-body": WORKER_TEXT})
    assert sent.status_code == 302
    outbox.send_all_due(db.session, NOW + timedelta(minutes=5))
    outbox.send_all_due(db.session, NOW + timedelta(hours=2))  # nothing goes twice
    assert len(sms_server.accepted) == 2
    notice = sms_server.accepted[1]
    assert notice.destination == confirmation.destination
    assert notice.text == NEW_MESSAGE[lang]
    assert WORKER_TEXT not in notice.text and req.reference not in notice.text

    # The family opens the link from its SMS, reads the message and replies.
    family = sms_app.test_client()
    shown = family.get(link)
    assert shown.status_code == 200 and WORKER_TEXT in shown.get_data(as_text=True)
    fields = hidden_fields(shown.get_data(as_text=True))
    replied = family.post(f"{link}/message", data={
        "reply-csrf_token": fields["reply-csrf_token"], "reply-body": REPLY})
    assert replied.status_code in (302, 303)

    # The worker sees it unread in the queue, then reads it on the request page.
    db.session.expire_all()
    [stored] = db.session.scalars(sa.select(RequestMessage).where(
        RequestMessage.author == MessageAuthor.FAMILY)).all()
    assert stored.body == REPLY and stored.read_at is None
    queue = staff.get("/staff/requests?messages=unread").get_data(as_text=True)
    assert req.reference in queue
    assert REPLY in staff.get(f"/staff/requests/{req.id}").get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(RequestMessage, stored.id).read_at is not None
