"""The conversation is personal data: in the subject export, erased on request and by
retention (with the family's notices), and every staff read of it on the audit trail."""
import json
from datetime import timedelta

import sqlalchemy as sa

from helpbutton.conversation import operations as conversation
from helpbutton.models import (
    EventKind,
    MessageKind,
    OutboxMessage,
    Outcome,
    RequestEvent,
    RequestMessage,
    RequestStatus,
    User,
)
from helpbutton.privacy import audit, retention, subject_export
from tests.factories import PERSONAL, make_request, utc

FAMILY_TEXT = "Olemme kotona iltaisin, ovikoodi 1234 (salainen viesti)"
ADDITION = "Isä ei saa tietää tästä (salainen lisäys)"
STAFF_TEXT = "Soitamme huomenna (salainen vastaus)"


def _people(db):
    by_email = {u.email: u for u in db.session.scalars(sa.select(User))}
    return by_email["turku.staff@example.invalid"], by_email["region.admin@example.invalid"]


def _talk(db, worker, **fields):
    req = make_request(db.session, personal=True, **fields)
    if not conversation.may_write(req):  # written while it was open, closed afterwards
        status, req.status = req.status, RequestStatus.IN_PROGRESS
    else:
        status = None
    conversation.family_writes(db.session, req, FAMILY_TEXT)
    conversation.family_writes(db.session, req, ADDITION, MessageKind.ADDITION)
    conversation.staff_writes(db.session, worker, req, STAFF_TEXT)
    if status is not None:
        req.status = status
    db.session.commit()
    return req


def _stored_texts(db, request_id) -> list[str]:
    return list(db.session.scalars(sa.select(RequestMessage.body).where(
        RequestMessage.request_id == request_id)))


def test_the_export_holds_the_conversation(db, demo):
    worker, admin = _people(db)
    req = _talk(db, worker)
    conversation.mark_read_by_family(db.session, req)
    parsed = json.loads(subject_export.to_json(
        subject_export.export_request(db.session, admin, req, "fi")))
    assert [(m["from"], m["kind"], m["text"]) for m in parsed["messages"]] == [
        ("family", "message", FAMILY_TEXT), ("family", "addition", ADDITION),
        ("staff", "message", STAFF_TEXT)]
    assert parsed["messages"][2]["by"] == worker.display_name
    assert parsed["messages"][2]["centre"].startswith("Turun perhekeskus")
    assert parsed["messages"][2]["read_at"] is not None
    assert parsed["messages"][0]["read_at"] is None
    # The family's notice is among its mail (kind and address; the notice holds no text).
    assert "family_new_message" in {m["kind"] for m in parsed["mail"]}


def test_erasure_on_request_removes_the_messages_and_the_familys_notices(db, demo):
    worker, admin = _people(db)
    req = _talk(db, worker)
    other = _talk(db, worker)
    assert len(_stored_texts(db, req.id)) == 3
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id)).where(
        OutboxMessage.request_id == req.id, OutboxMessage.kind == "family_new_message")) == 1
    retention.erase_on_request(db.session, admin, req, "Perhe pyysi")
    db.session.commit()
    assert _stored_texts(db, req.id) == []
    kinds = set(db.session.scalars(sa.select(OutboxMessage.kind).where(
        OutboxMessage.request_id == req.id)))
    assert "family_new_message" not in kinds and "centre_family_message" in kinds
    # The timeline still says that messages were written, without any text.
    events = db.session.scalars(sa.select(RequestEvent).where(
        RequestEvent.request_id == req.id)).all()
    assert {EventKind.FAMILY_MESSAGE, EventKind.STAFF_MESSAGE} <= {e.kind for e in events}
    assert not any(FAMILY_TEXT in (e.text or "") + json.dumps(e.data) for e in events)
    assert len(_stored_texts(db, other.id)) == 3  # another family's stay
    # Nobody writes to an erased request.
    assert not conversation.may_write(req)


def test_retention_erases_the_conversation_of_expired_requests(db, demo):
    worker, _admin = _people(db)
    closed = dict(status=RequestStatus.CLOSED, outcome=Outcome.SUPPORT_STARTED)
    expired = _talk(db, worker, created_at=utc(2025, 9, 20, 8),
                    closed_at=utc(2025, 10, 1, 8), **closed)
    recent = _talk(db, worker, created_at=utc(2026, 5, 20, 8),
                   closed_at=utc(2026, 6, 1, 8), **closed)
    retention.purge(db.session, now=utc(2026, 11, 20, 12))
    db.session.commit()
    assert _stored_texts(db, expired.id) == []
    assert len(_stored_texts(db, recent.id)) == 3


def test_every_staff_read_of_the_messages_is_on_the_audit_trail(db, demo, fast_sign_in):
    worker, admin = _people(db)
    req = _talk(db, worker)
    staff = fast_sign_in("staff")
    html = staff.get(f"/staff/requests/{req.id}").get_data(as_text=True)
    assert FAMILY_TEXT in html
    staff.get(f"/staff/requests/{req.id}")
    rows, _more = audit.events(db.session, audit.AuditFilter(region_id=req.region_id,
                                                             reference=req.reference))
    views = [r for r in rows if r.kind is EventKind.VIEWED]
    assert len(views) == 2 and all(r.actor_id == worker.id for r in views)
    assert sorted((r.data["messages"], r.data["unread"]) for r in views) == [(3, 0), (3, 2)]
    # The audit page names the events, never the text.
    admin_html = fast_sign_in("region_admin").get(
        f"/admin/audit?reference={req.reference}").get_data(as_text=True)
    assert req.reference in admin_html and "Perhe kirjoitti viestin." in admin_html
    assert "Kirjoitti perheelle." in admin_html
    assert FAMILY_TEXT not in admin_html and STAFF_TEXT not in admin_html
    assert PERSONAL["contact_name"] not in admin_html


def test_the_centre_notice_comes_once_per_run_of_unread_messages(db, demo):
    worker, _admin = _people(db)
    req = make_request(db.session, personal=True)
    for text in ("yksi", "kaksi"):
        conversation.family_writes(db.session, req, text)
    notices = lambda: db.session.scalar(sa.select(sa.func.count(OutboxMessage.id)).where(  # noqa: E731
        OutboxMessage.request_id == req.id, OutboxMessage.kind == "centre_family_message"))
    assert notices() == 1
    conversation.mark_read_by_staff(db.session, worker, req)
    conversation.family_writes(db.session, req, "kolme", now=req.created_at + timedelta(days=1))
    assert notices() == 2
