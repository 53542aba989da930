"""Triage operations on their own: claim races, release, assign, contact, notes, status,
forwarding — each leaves its mark on the timeline."""
import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy import orm as so

from helpbutton.models import (
    EventKind,
    HelpRequest,
    OutboxMessage,
    Outcome,
    RequestEvent,
    RequestStatus,
    User,
)
from helpbutton.triage import operations as triage
from tests.factories import NOW, make_request


def kinds(db, req) -> list[str]:
    return [e.kind.value for e in db.session.scalars(
        sa.select(RequestEvent).where(RequestEvent.request_id == req.id)
        .order_by(RequestEvent.id))]


def test_claim_takes_a_new_request_and_starts_it(db, turku, people):
    req = make_request(db.session, turku)
    triage.claim(db.session, people["staff"], req)
    db.session.commit()
    assert req.assignee_id == people["staff"].id
    assert req.status is RequestStatus.IN_PROGRESS
    assert kinds(db, req)[-1] == "claimed"


def test_second_claim_loses_and_is_told_who_won(committed_app, db, turku, people):
    req = make_request(db.session, turku)
    # Two workers with the request open at the same time: each has loaded it unclaimed.
    other_session = so.Session(bind=db.engine)
    try:
        stale = other_session.get(HelpRequest, req.id)
        lead = other_session.get(User, people["lead"].id)
        assert stale.assignee_id is None
        triage.claim(db.session, people["staff"], req)
        db.session.commit()
        with pytest.raises(triage.AlreadyClaimed) as lost:
            triage.claim(other_session, lead, stale)
        assert lost.value.winner.display_name == "Tero Työntekijä"
        other_session.rollback()
    finally:
        other_session.close()
    db.session.expire_all()
    assert kinds(db, req).count("claimed") == 1
    assert db.session.get(HelpRequest, req.id).assignee_id == people["staff"].id


def test_concurrent_claims_have_exactly_one_winner(committed_app, db, turku, people,
                                                  database_url):
    """Really at once, on PostgreSQL: two transactions race; the row lock decides."""
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite serialises whole-database writes; the race needs two connections")
    req = make_request(db.session, turku)
    user_ids = [people["staff"].id, people["lead"].id]
    barrier = threading.Barrier(2)
    results = {}

    def worker(user_id):
        with committed_app.app_context(), so.Session(bind=db.engine) as session:
            mine = session.get(HelpRequest, req.id)
            me = session.get(User, user_id)
            barrier.wait()
            try:
                triage.claim(session, me, mine)
                session.commit()
                results[user_id] = "won"
            except triage.AlreadyClaimed as lost:
                session.rollback()
                results[user_id] = lost.winner.id

    threads = [threading.Thread(target=worker, args=(uid,)) for uid in user_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results.values(), key=str).count("won") == 1
    winner = next(uid for uid, r in results.items() if r == "won")
    loser = next(uid for uid in user_ids if uid != winner)
    assert results[loser] == winner
    db.session.expire_all()
    assert db.session.get(HelpRequest, req.id).assignee_id == winner
    assert kinds(db, req).count("claimed") == 1


def test_claiming_twice_by_the_same_person_records_once(db, turku, people):
    req = make_request(db.session, turku)
    triage.claim(db.session, people["staff"], req)
    triage.claim(db.session, people["staff"], req)
    assert kinds(db, req).count("claimed") == 1


def test_a_closed_request_cannot_be_claimed(db, turku, people):
    req = make_request(db.session, turku, status=RequestStatus.CLOSED)
    with pytest.raises(triage.RequestClosed):
        triage.claim(db.session, people["staff"], req)


def test_release_puts_it_back_in_the_queue(db, turku, people):
    req = make_request(db.session, turku)
    triage.claim(db.session, people["staff"], req)
    triage.release(db.session, people["staff"], req)
    db.session.commit()
    assert req.assignee_id is None
    assert kinds(db, req)[-1] == "released"
    with pytest.raises(triage.NotClaimed):
        triage.release(db.session, people["staff"], req)


def test_lead_assigns_only_to_workers_of_the_centre(db, turku, people):
    req = make_request(db.session, turku, assignee=people["lead"])
    triage.assign(db.session, people["lead"], req, people["staff"])
    assert req.assignee_id == people["staff"].id
    event = db.session.scalars(sa.select(RequestEvent).where(
        RequestEvent.kind == EventKind.ASSIGNED)).one()
    assert event.data == {"previous": people["lead"].id, "assignee": people["staff"].id}
    with pytest.raises(triage.InvalidTarget):
        triage.assign(db.session, people["lead"], req, people["other"])  # Loimaa's worker


def test_no_answer_is_not_first_contact_but_a_left_message_is(db, turku, people):
    req = make_request(db.session, turku)
    triage.record_contact_attempt(db.session, people["staff"], req,
                                  triage.ContactResult.NO_ANSWER, now=NOW)
    assert req.first_contact_at is None
    later = NOW + timedelta(hours=2)
    triage.record_contact_attempt(db.session, people["staff"], req,
                                  triage.ContactResult.LEFT_MESSAGE, "Soitin, jätin viestin.",
                                  now=later)
    triage.record_contact_attempt(db.session, people["staff"], req,
                                  triage.ContactResult.REACHED, now=later + timedelta(days=1))
    db.session.commit()
    assert req.first_contact_at == later
    attempts = db.session.scalars(sa.select(RequestEvent).where(
        RequestEvent.kind == EventKind.CONTACT_ATTEMPT).order_by(RequestEvent.id)).all()
    assert [a.data["result"] for a in attempts] == ["no_answer", "left_message", "reached"]
    assert [a.data["first_contact"] for a in attempts] == [False, True, False]
    assert attempts[1].text == "Soitin, jätin viestin."


def test_note_keeps_its_text_on_the_timeline(db, turku, people):
    req = make_request(db.session, turku)
    triage.add_note(db.session, people["staff"], req, "  Perhe toivoo iltasoittoa.  ")
    event = db.session.scalars(sa.select(RequestEvent).where(
        RequestEvent.kind == EventKind.NOTE)).one()
    assert event.text == "Perhe toivoo iltasoittoa."
    assert event.actor_id == people["staff"].id
    with pytest.raises(ValueError):
        triage.add_note(db.session, people["staff"], req, "   ")


def test_closing_needs_an_outcome_and_stamps_the_time(db, turku, people):
    req = make_request(db.session, turku)
    with pytest.raises(triage.OutcomeRequired):
        triage.change_status(db.session, people["staff"], req, RequestStatus.CLOSED)
    with pytest.raises(triage.OutcomeRequired):
        triage.change_status(db.session, people["staff"], req, RequestStatus.CLOSED,
                             Outcome.WITHDRAWN)  # the family's act, not a worker's choice
    triage.change_status(db.session, people["staff"], req, RequestStatus.CLOSED,
                         Outcome.SUPPORT_STARTED, now=NOW)
    db.session.commit()
    assert (req.status, req.outcome, req.closed_at) == (
        RequestStatus.CLOSED, Outcome.SUPPORT_STARTED, NOW)
    triage.change_status(db.session, people["staff"], req, RequestStatus.IN_PROGRESS)
    assert (req.outcome, req.closed_at) == (None, None)
    changes = db.session.scalars(sa.select(RequestEvent).where(
        RequestEvent.kind == EventKind.STATUS_CHANGED).order_by(RequestEvent.id)).all()
    assert [c.data for c in changes] == [
        {"from": "new", "to": "closed", "outcome": "support_started"},
        {"from": "closed", "to": "in_progress"}]


def test_forwarding_reroutes_notifies_and_records(db, turku, loimaa, people):
    req = make_request(db.session, turku, assignee=people["staff"],
                       status=RequestStatus.IN_PROGRESS)
    triage.forward(db.session, people["staff"], req, loimaa, "Perhe asuu Loimaalla.")
    db.session.commit()
    db.session.expire_all()
    req = db.session.get(HelpRequest, req.id)
    assert (req.centre_id, req.assignee_id, req.status) == (loimaa.id, None, RequestStatus.NEW)
    event = db.session.scalars(sa.select(RequestEvent).where(
        RequestEvent.kind == EventKind.FORWARDED)).one()
    assert event.data["from"] == turku.id and event.data["to"] == loimaa.id
    assert event.text == "Perhe asuu Loimaalla."
    mail = db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.kind == "centre_forwarded_request")).one()
    assert mail.recipient == loimaa.notification_email
    assert "Maija" not in mail.body_text and "+35840" not in mail.body_text


def test_forwarding_needs_a_reason_and_an_active_other_centre(db, turku, loimaa, people):
    req = make_request(db.session, turku)
    with pytest.raises(ValueError):
        triage.forward(db.session, people["staff"], req, loimaa, "  ")
    with pytest.raises(triage.InvalidTarget):
        triage.forward(db.session, people["staff"], req, turku, "Sama keskus")
    loimaa.active = False
    with pytest.raises(triage.InvalidTarget):
        triage.forward(db.session, people["staff"], req, loimaa, "Ei käytössä")
    assert loimaa not in triage.forward_targets(db.session, req)
    assert req.centre_id == turku.id


def test_opening_a_request_is_recorded_as_a_view(db, turku, people):
    req = make_request(db.session, turku)
    triage.record_view(db.session, people["staff"], req)
    assert kinds(db, req) == ["created", "viewed"]
