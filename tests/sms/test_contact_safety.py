"""'Is it safe to contact you?': the form asks, staff see the answer next to the contact
details, a worker's record form asks too, and the answers are exported and erased."""
import re

import sqlalchemy as sa
from flask_babel import force_locale, gettext

from helpbutton.extensions import limiter
from helpbutton.mail import family_notices, outbox
from helpbutton.models import HelpRequest, OutboxChannel, OutboxMessage
from helpbutton.privacy import retention, subject_export
from tests.factories import MAIL_NOW as NOW
from tests.factories import make_request
from tests.factories import user as user_by_email
from tests.public.conftest import FormDriver
from tests.signin import signed_in_client
from tests.triage.conftest import STAFF
from tests.triage.test_queue_web import csrf, csrf_on  # noqa: F401 (fixture)

COVER = "Soitan kirjastosta varatusta kirjasta"


def _only_request(db) -> HelpRequest:
    db.session.expire_all()
    [request] = db.session.scalars(sa.select(HelpRequest)).all()
    return request


def _staff_page(app, db, request) -> str:
    staff = signed_in_client(app, user_by_email(db.session, STAFF))
    response = staff.get(f"/staff/requests/{request.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_form_asks_and_staff_see_the_answers_beside_the_contact_details(app, db, demo,
                                                                             client):
    limiter.reset()
    form = client.get("/fi/").get_data(as_text=True)
    assert "Onko sinuun turvallista ottaa yhteyttä?" in form
    assert "Saako sinulle jättää viestin? (vapaaehtoinen)" in form
    # Not answered unless the family answers.
    assert _checked(form, "unanswered") and not _checked(form, "no")

    response = FormDriver(client).send("fi", may_leave_message="no",
                                       if_someone_else_answers=COVER)
    assert response.status_code == 302
    request = _only_request(db)
    assert request.may_leave_message is False and request.if_someone_else_answers == COVER

    page = _staff_page(app, db, request)
    contact = page[page.index("Yhteystiedot"):]
    assert "Perhe pyysi, ettei viestejä jätetä" in contact
    assert "Jos vastaaja on joku muu, sano:" in contact and COVER in contact
    # Prominent: above the phone number in the contact details.
    assert contact.index(COVER) < contact.index("tel:")


def test_a_family_that_does_not_answer_is_shown_as_not_answered(app, db, demo, client):
    limiter.reset()
    assert FormDriver(client).send("fi").status_code == 302
    request = _only_request(db)
    assert request.may_leave_message is None and request.if_someone_else_answers is None

    page = _staff_page(app, db, request)
    assert "Saako viestin jättää?" in page and "ei vastattu" in page
    assert "Perhe pyysi, ettei viestejä jätetä" not in page


def test_a_yes_is_shown_as_yes_and_a_mistake_elsewhere_keeps_the_answers(app, db, demo, client):
    limiter.reset()
    response = FormDriver(client).send("sv", may_leave_message="yes",
                                       if_someone_else_answers=COVER, consent=None)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Är det tryggt att kontakta dig?" in page
    assert f'value="{COVER}"' in page
    assert _checked(page, "yes") and not _checked(page, "unanswered")
    assert db.session.scalars(sa.select(HelpRequest)).all() == []


def _checked(page: str, value: str) -> bool:
    return any("checked" in tag for tag in re.findall(
        rf'<input[^>]*name="may_leave_message"[^>]*value="{value}"[^>]*>', page))


def test_a_cover_text_too_long_is_refused_with_a_message_and_kept(app, db, demo, client):
    limiter.reset()
    response = FormDriver(client).send("fi", if_someone_else_answers="x" * 201)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert _message("Please keep this under %(max)d characters.", "fi") % {"max": 200} in page
    assert db.session.scalars(sa.select(HelpRequest)).all() == []


def _message(msgid: str, lang: str) -> str:
    with force_locale(lang):
        return gettext(msgid)


def test_a_worker_records_the_answers_too(app, db, demo, csrf_on):  # noqa: F811
    staff = signed_in_client(app, user_by_email(db.session, STAFF))
    form = staff.get("/staff/record").get_data(as_text=True)
    assert "Onko perheeseen turvallista ottaa yhteyttä?" in form
    data = {
        "channel": "phone", "municipality_code": "853", "topic_code": "everyday",
        "child_ages": ["4"], "contact_method": "phone", "phone": "040 765 4321",
        "service_language": "fi", "consent": "y", "may_leave_message": "no",
        "if_someone_else_answers": COVER,
    }
    data["csrf_token"] = csrf(staff, "/staff/record")
    response = staff.post("/staff/record", data=data)
    assert response.status_code == 302
    request = _only_request(db)
    assert request.may_leave_message is False and request.if_someone_else_answers == COVER
    assert COVER in _staff_page(app, db, request)


def test_the_answers_are_in_the_subject_export_and_erased_with_the_rest(app, db, demo):
    app.config.update(SMS_GATEWAY_URL="http://127.0.0.1:9", SMS_GATEWAY_USER="u")
    request = make_request(db.session, "turku", may_leave_message=True,
                           if_someone_else_answers=COVER)
    family_notices.notify_family(db.session, request, "family_new_message")
    db.session.commit()
    exported = subject_export.build(db.session, request, "fi")
    assert exported["contact"]["may_leave_message"] is True
    assert exported["contact"]["if_someone_else_answers"] == COVER
    assert db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.channel == OutboxChannel.SMS)).all() != []

    admin = user_by_email(db.session, "region.admin@example.invalid")
    retention.erase_on_request(db.session, admin, request, "")
    db.session.commit()
    db.session.expire_all()
    assert request.may_leave_message is None and request.if_someone_else_answers is None
    # The SMS waiting for the family (its number in it) goes with the rest.
    assert db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.channel == OutboxChannel.SMS)).all() == []


def test_a_phone_only_family_recorded_by_a_worker_gets_its_link_by_sms(
        sms_app, db, demo, csrf_on, sms_server):  # noqa: F811
    sms_server.start()
    staff = signed_in_client(sms_app, user_by_email(db.session, STAFF))
    form = staff.get("/staff/record").get_data(as_text=True)
    assert "tekstiviestinä" in form
    data = {
        "channel": "phone", "municipality_code": "853", "topic_code": "everyday",
        "child_ages": ["4"], "contact_method": "phone", "phone": "040 765 4321",
        "service_language": "sv", "consent": "y", "csrf_token": csrf(staff, "/staff/record"),
    }
    assert staff.post("/staff/record", data=data).status_code == 302
    outbox.send_all_due(db.session, NOW)

    [sms] = sms_server.accepted
    assert sms.destination == "+358407654321"
    assert "/follow-up/" in sms.text


def test_a_worker_sees_no_sms_promise_when_sms_is_off(app, db, demo):
    staff = signed_in_client(app, user_by_email(db.session, STAFF))
    form = staff.get("/staff/record").get_data(as_text=True)
    assert "Puhelinnumero" in form
    assert "tekstiviesti" not in form.lower()
