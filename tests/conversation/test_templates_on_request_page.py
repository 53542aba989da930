"""A worker starts a message from one of the municipality's or region's templates, without
JavaScript: "Use this template" shows the form again with the text in the box and sends
nothing; the text can be edited and sent as any message."""
import sqlalchemy as sa

from helpbutton.models import MessageTemplate, RequestMessage
from tests.conversation.conftest import STAFF
from tests.signin import csrf_from


def _template(db, name_fi: str) -> MessageTemplate:
    return db.session.scalars(sa.select(MessageTemplate).where(
        MessageTemplate.name_fi.like(f"{name_fi}%"))).one()


def test_a_template_fills_the_message_box_and_sends_nothing(db, family_in, the_request, worker):
    family_in("sv")
    req = the_request()
    staff = worker(STAFF)
    page = staff.get(f"/staff/requests/{req.id}").get_data(as_text=True)
    # Offered in the family's language (the form was sent in Swedish).
    assert 'name="use_template"' in page and "Vi försökte ringa dig" in page
    called = _template(db, "Yritimme soittaa sinulle")

    shown = staff.post(f"/staff/requests/{req.id}/message", data={
        "message-csrf_token": csrf_from(page), "template_id": str(called.id),
        "use_template": "1", "message-body": ""})
    html = shown.get_data(as_text=True)
    assert shown.status_code == 200
    assert called.body_sv.splitlines()[0] in html
    assert db.session.scalars(sa.select(RequestMessage)).all() == []

    sent = staff.post(f"/staff/requests/{req.id}/message", data={
        "message-csrf_token": csrf_from(html), "message-body": called.body_sv + "\nTisdag?"})
    assert sent.status_code == 302
    stored = db.session.scalars(sa.select(RequestMessage)).one()
    assert stored.body.endswith("Tisdag?") and stored.body.startswith(called.body_sv[:20])


def test_a_template_not_offered_for_the_request_is_refused(db, family_in, the_request, worker):
    family_in("fi")
    req = the_request()
    staff = worker(STAFF)
    page = staff.get(f"/staff/requests/{req.id}").get_data(as_text=True)
    refused = staff.post(f"/staff/requests/{req.id}/message", data={
        "message-csrf_token": csrf_from(page), "template_id": "999999", "use_template": "1"})
    assert refused.status_code == 400
    assert "Valitse jokin tarjolla olevista viestipohjista." in refused.get_data(as_text=True)
    assert db.session.scalars(sa.select(RequestMessage)).all() == []
