"""Retention: the personal data of requests closed longer than the retention period is erased;
everything the statistics use stays."""
from datetime import date

import sqlalchemy as sa

from helpbutton.models import AdminAction, EventKind, OutboxMessage, RequestEvent
from helpbutton.privacy import retention
from helpbutton.statistics import queries as statistics
from tests.factories import NOTE_TEXT, PERSONAL
from tests.privacy.conftest import NOW

FACTS = ("municipality_code", "topic_id", "child_ages", "age_band", "channel", "partner_id",
         "service_language", "urgent", "centre_id", "created_at", "due_at", "first_contact_at",
         "outcome", "closed_at", "status", "reference")


def facts(request):
    return {name: getattr(request, name) for name in FACTS}


def note_texts(db, request):
    return [t for t in db.session.scalars(sa.select(RequestEvent.text).where(
        RequestEvent.request_id == request.id, RequestEvent.kind == EventKind.NOTE))]


def test_dry_run_counts_and_changes_nothing(db, lifecycle):
    [result] = retention.purge(db.session, now=NOW, dry_run=True)
    db.session.commit()
    assert (result.region_code, result.count, result.dry_run) == ("05", 1, True)
    db.session.expire_all()
    assert lifecycle["expired"].contact_name == PERSONAL["contact_name"]
    assert lifecycle["expired"].erased_at is None
    assert db.session.scalar(sa.select(sa.func.count(AdminAction.id))) == 0


def test_purge_erases_exactly_the_expired_personal_data(db, lifecycle):
    expired, recent, open_old = lifecycle["expired"], lifecycle["recent"], lifecycle["open_old"]
    before = {key: facts(r) for key, r in lifecycle.items()}
    [result] = retention.purge(db.session, now=NOW)
    db.session.commit()
    db.session.expire_all()
    assert result.count == 1

    for name in retention.PERSONAL_FIELDS:
        assert getattr(expired, name) is None, name
    assert note_texts(db, expired) == [None]
    assert expired.routing_trace[0]["detail"] == {"expected": ["20100"], "got": None}
    assert expired.erased_at == NOW
    erased = [e for e in expired.events if e.kind is EventKind.ERASED]
    assert [(e.data, e.actor_id) for e in erased] == [({"reason": "retention"}, None)]
    # The facts stay as they were.
    assert facts(expired) == before["expired"]

    # Not expired: untouched.
    for request in (recent, open_old):
        assert request.contact_name == PERSONAL["contact_name"]
        assert request.description == PERSONAL["description"]
        assert note_texts(db, request) == [NOTE_TEXT]
        assert request.erased_at is None


def test_purge_drops_the_mail_held_for_the_family_only(db, lifecycle):
    retention.purge(db.session, now=NOW)
    db.session.commit()
    kinds = dict(db.session.execute(
        sa.select(OutboxMessage.request_id, sa.func.count()).where(
            OutboxMessage.kind == "family_confirmation").group_by(OutboxMessage.request_id)).all())
    assert lifecycle["expired"].id not in kinds
    assert set(kinds) == {lifecycle["recent"].id, lifecycle["open_old"].id}
    centre_mail = db.session.scalar(sa.select(sa.func.count()).where(
        OutboxMessage.kind == "centre_new_request"))
    assert centre_mail == 3


def test_statistics_are_the_same_after_the_purge(db, demo, lifecycle):
    scope = statistics.Scope(demo.id, date_from=date(2024, 1, 1), date_to=date(2026, 11, 20))
    before = statistics.summary(db.session, scope, NOW)
    retention.purge(db.session, now=NOW)
    db.session.commit()
    after = statistics.summary(db.session, scope, NOW)
    assert after == before
    assert after.total == 3


def test_purge_is_idempotent_and_recorded_each_time(db, lifecycle):
    retention.purge(db.session, now=NOW)
    db.session.commit()
    [again] = retention.purge(db.session, now=NOW)
    db.session.commit()
    assert again.count == 0
    erased_events = db.session.scalar(sa.select(sa.func.count()).where(
        RequestEvent.kind == EventKind.ERASED))
    assert erased_events == 1
    runs = db.session.scalars(sa.select(AdminAction).order_by(AdminAction.id)).all()
    assert [(a.action, a.data["erased"]) for a in runs] == [
        ("retention_purged", 1), ("retention_purged", 0)]


def test_the_regions_retention_period_decides(db, demo, lifecycle):
    demo.retention_days = 30  # now the request closed on 1 June is expired too
    db.session.commit()
    [result] = retention.purge(db.session, now=NOW)
    db.session.commit()
    assert result.count == 2
    assert lifecycle["recent"].contact_name is None
    assert lifecycle["open_old"].contact_name == PERSONAL["contact_name"]


def test_an_unknown_region_code_purges_nothing(db, lifecycle):
    assert retention.purge(db.session, now=NOW, region_code="99") == []
