"""The region administrator sees mail the worker gave up on and can send it again."""
import re

import pytest
import sqlalchemy as sa

from helpbutton.mail import notifications, outbox
from helpbutton.models import OutboxMessage, OutboxStatus, User
from tests.factories import FAMILY, make_request
from tests.factories import MAIL_NOW as NOW
from tests.factories import centre as centre_by_key
from tests.signin import signed_in_client

URL = "/admin/outbox/"


def signed_in(app, db, email: str):
    """A full staff session written into the cookie (signing in is tested elsewhere)."""
    user = db.session.scalar(sa.select(User).where(User.email == email))
    return signed_in_client(app, user)


@pytest.fixture
def failed_mail(mail_app, db, demo):
    """A confirmation to a family and a centre notification, both given up on."""
    mail_app.config["MAIL_MAX_ATTEMPTS"] = 1
    centre = centre_by_key(db.session, "turku")
    request = make_request(db.session, centre, created_at=NOW, contact=FAMILY, wants_email=True,
                           events=False, commit=False)
    notifications.notify_centre_new_request(db.session, request)
    notifications.confirm_to_family(db.session, request, "https://x.invalid/fi/follow-up/t")
    db.session.commit()
    outbox.send_due(db.session, NOW)  # the SMTP server is not running
    return [m.id for m in outbox.failed_messages(db.session)]


def test_the_region_admin_sees_failed_mail_without_a_familys_address(app, db, failed_mail):
    admin = db.session.scalar(sa.select(User).where(User.email == "region.admin@example.invalid"))
    admin.language = "en"
    db.session.commit()
    client = signed_in(app, db, admin.email)

    response = client.get(URL)

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Confirmation, to a family" in page and "New request, to a centre" in page
    assert "perhekeskus.turku@example.invalid" in page
    assert "ConnectionRefusedError" in page
    assert FAMILY["email"] not in page
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("email", ["turku.staff@example.invalid", "turku.lead@example.invalid",
                                   "turku.admin@example.invalid"])
def test_nobody_else_may_see_failed_mail(app, db, failed_mail, email):
    response = signed_in(app, db, email).get(URL)

    assert response.status_code == 403


def test_signing_in_is_required(app, db, failed_mail):
    response = app.test_client().get(URL)

    assert response.status_code == 302
    assert "/staff/sign-in" in response.headers["Location"]


def test_send_again_puts_the_message_back_in_the_queue_and_it_is_sent(app, db, failed_mail,
                                                                       smtp):
    client = signed_in(app, db, "region.admin@example.invalid")
    page = client.get(URL).get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    message_id = failed_mail[0]

    response = client.post(f"{URL}{message_id}/retry", data={"csrf_token": token})

    assert response.status_code == 302
    db.session.expire_all()
    message = db.session.get(OutboxMessage, message_id)
    assert message.status is OutboxStatus.PENDING and message.attempts == 0
    smtp.start()
    assert outbox.send_all_due(db.session, NOW).sent == 1
    assert len(smtp.messages) == 1


def test_send_again_without_the_form_token_is_refused(app, db, failed_mail):
    client = signed_in(app, db, "region.admin@example.invalid")

    response = client.post(f"{URL}{failed_mail[0]}/retry")

    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(OutboxMessage, failed_mail[0]).status is OutboxStatus.FAILED
