"""Erasure on request and the data-subject export, both on the request's timeline."""
import json

import pytest
import sqlalchemy as sa

from helpbutton.models import EventKind, Outcome, RequestEvent, RequestStatus
from helpbutton.privacy import retention, subject_export
from tests.factories import NOTE_TEXT, PERSONAL


def kinds(db, request):
    return [k for k in db.session.scalars(sa.select(RequestEvent.kind).where(
        RequestEvent.request_id == request.id).order_by(RequestEvent.id))]


def test_erasing_an_open_request_closes_it_as_withdrawn(db, lifecycle, region_admin):
    request = lifecycle["open_old"]
    retention.erase_on_request(db.session, region_admin, request, "Perhe pyysi puhelimessa")
    db.session.commit()
    db.session.expire_all()
    assert request.contact_name is None and request.email is None and request.phone is None
    assert request.description is None and request.postal_code is None
    assert request.status is RequestStatus.CLOSED and request.outcome is Outcome.WITHDRAWN
    assert request.erased_at is not None
    event = request.events[-1]
    assert event.kind is EventKind.ERASED and event.actor_id == region_admin.id
    assert event.data == {"reason": "request", "closed": "in_progress"}
    assert event.text == "Perhe pyysi puhelimessa"
    assert NOTE_TEXT not in [e.text for e in request.events]


def test_a_closed_request_keeps_its_outcome(db, lifecycle, region_admin):
    request = lifecycle["recent"]
    retention.erase_on_request(db.session, region_admin, request, "")
    db.session.commit()
    assert request.outcome is Outcome.SUPPORT_STARTED
    assert request.events[-1].data == {"reason": "request"}


def test_erasing_twice_is_refused(db, lifecycle, region_admin):
    retention.erase_on_request(db.session, region_admin, lifecycle["recent"], "x")
    with pytest.raises(retention.AlreadyErased):
        retention.erase_on_request(db.session, region_admin, lifecycle["recent"], "x")


def test_export_holds_everything_stored_and_is_recorded(db, lifecycle, region_admin):
    request = lifecycle["recent"]
    data = subject_export.export_request(db.session, region_admin, request, "fi")
    db.session.commit()
    text = subject_export.to_json(data)
    parsed = json.loads(text)
    assert parsed["reference"] == request.reference
    assert parsed["contact"]["name"] == PERSONAL["contact_name"]
    assert parsed["contact"]["phone"] == PERSONAL["phone"]
    assert parsed["contact"]["email"] == PERSONAL["email"]
    assert parsed["description"] == PERSONAL["description"]
    assert parsed["postal_code"] == PERSONAL["postal_code"]
    assert parsed["municipality"] == {"code": "853", "name": "Turku"}
    assert parsed["handling"]["outcome"] == "support_started"
    assert [e["what"] for e in parsed["timeline"]] == ["created", "note", "exported"]
    assert parsed["timeline"][1]["text"] == NOTE_TEXT
    assert parsed["timeline"][2]["by"] == region_admin.display_name
    assert {m["kind"] for m in parsed["mail"]} == {"family_confirmation", "centre_new_request"}
    assert parsed["follow_up_link"] == "exists"
    assert request.follow_up_token_hash not in text  # a secret's hash is not handed out
    assert "Meikäläinen" in text  # readable: letters as they are, not \u escapes
    assert kinds(db, request)[-1] is EventKind.EXPORTED
    assert subject_export.filename(request) == f"request-{request.reference}.json"


def test_export_after_erasure_shows_nothing_personal(db, lifecycle, region_admin):
    request = lifecycle["recent"]
    retention.erase_on_request(db.session, region_admin, request, "")
    text = subject_export.to_json(subject_export.export_request(db.session, region_admin,
                                                                request))
    # The export is this request's, with its handling and timeline: only the personal data go.
    parsed = json.loads(text)
    assert parsed["reference"] == request.reference
    assert parsed["municipality"] == {"code": "853", "name": "Turku"}
    assert parsed["handling"]["outcome"] == "support_started"
    assert "created" in [e["what"] for e in parsed["timeline"]]
    for value in PERSONAL.values():
        assert value not in text
    assert NOTE_TEXT not in text
