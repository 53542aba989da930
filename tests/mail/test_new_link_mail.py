"""A lost link sent again reaches the family's mailbox through the outbox and a real SMTP
server: one message, to the address the family gave, with the new link and nothing else of the
request; once sent, the outbox keeps neither the address nor the link."""
import re
from datetime import timedelta

import sqlalchemy as sa

from helpbutton.extensions import limiter
from helpbutton.intake.follow_up import hash_token
from helpbutton.mail import outbox
from helpbutton.models import OutboxMessage, OutboxStatus
from tests.factories import MAIL_NOW as NOW
from tests.factories import make_request
from tests.public.conftest import hidden_fields

OLD_TOKEN = "vanha-" + "y" * 36


def test_a_new_link_reaches_the_mailbox_and_leaves_no_trace_in_the_outbox(
        mail_app, db, demo, smtp, client):
    limiter.reset()
    req = make_request(db.session, "turku", email="perhe.uusi@example.com", personal=False,
                       follow_up_token_hash=hash_token(OLD_TOKEN),
                       description="Salainen kuvaus, ei postiin")
    form = hidden_fields(client.get("/en/link").get_data(as_text=True))
    response = client.post("/en/link", data={**form, "reference": req.reference.lower(),
                                             "contact": "PERHE.UUSI@example.com"})
    assert response.status_code == 303
    smtp.start()
    outbox.send_all_due(db.session, NOW + timedelta(days=1))
    outbox.send_all_due(db.session, NOW + timedelta(days=2))  # nothing twice

    [mail] = smtp.messages
    assert mail["To"] == "perhe.uusi@example.com"
    assert req.reference in mail["Subject"]
    text = mail.get_body(("plain",)).get_content()
    assert "Salainen" not in text and "Salainen" not in mail["Subject"] and "112" in text
    link = re.search(r"https://apua\.example\.invalid(/en/follow-up/[\w-]+)", text).group(1)
    assert client.get(link).status_code == 200
    assert client.get(f"/en/follow-up/{OLD_TOKEN}").status_code == 404

    db.session.expire_all()
    [stored] = db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.kind == "family_new_link")).all()
    assert stored.status is OutboxStatus.SENT
    assert stored.recipient == outbox.SENT_PLACEHOLDER
    assert stored.body_text == outbox.SENT_PLACEHOLDER and stored.body_html is None
