"""A family sends the public form while the mail server is down: nothing is lost."""
from datetime import timedelta

import sqlalchemy as sa

from helpbutton.extensions import limiter
from helpbutton.mail import outbox
from helpbutton.models import HelpRequest, OutboxMessage, OutboxStatus
from tests.factories import MAIL_NOW as NOW
from tests.public.conftest import GOOD, FormDriver


def test_a_request_sent_while_the_mail_server_is_down_is_stored_and_its_mail_arrives_later(
        mail_app, db, demo, smtp, client):
    limiter.reset()
    response = FormDriver(client).send(
        "sv", contact_method="either", email="perhe.e2e@example.com",
        wants_email_confirmation="y")
    assert response.status_code == 302  # the family sees its confirmation, mail or no mail

    [request] = db.session.scalars(sa.select(HelpRequest)).all()
    outbox.send_all_due(db.session, NOW)  # the worker's pass: the server is down
    db.session.expire_all()
    queued = db.session.scalars(sa.select(OutboxMessage)).all()
    assert {m.kind for m in queued} == {"centre_new_request", "family_confirmation"}
    assert all(m.status is OutboxStatus.PENDING and m.attempts == 1 for m in queued)

    smtp.start()
    outbox.send_all_due(db.session, NOW + timedelta(minutes=5))
    outbox.send_all_due(db.session, NOW + timedelta(hours=5))  # nothing is sent twice

    by_recipient = {m["To"]: m for m in smtp.messages}
    assert len(smtp.messages) == 2
    family = by_recipient["perhe.e2e@example.com"]
    family_text = family.get_body(("plain",)).get_content()
    assert request.reference in family_text and "112" in family_text
    assert "Tack. Vi har tagit emot din begäran om hjälp." in family_text
    [centre_mail] = [m for to, m in by_recipient.items() if to != "perhe.e2e@example.com"]
    centre_text = centre_mail.get_body(("plain",)).get_content()
    assert f"/staff/requests/{request.id}" in centre_text
    for secret in (GOOD["description"], GOOD["phone"], request.phone, GOOD["contact_times"]):
        assert secret not in centre_text and secret not in family_text
    assert "perhe.e2e@example.com" not in centre_text
