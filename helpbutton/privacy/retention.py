"""The privacy lifecycle: erase a request's personal data, after the retention period or on request.

Erasing blanks what could identify a family — name, phone, email, contact times, description,
postal code (also where routing recorded it in its trace), the follow-up link, the free text
of the timeline, the conversation's messages, and any confirmation or notice mail still held
for the family — and keeps the anonymous facts the statistics use: municipality, topic, ages
and age band, channel, partner, service language, urgency, centre, times, status and outcome.
Every erasure adds an ERASED event, so the request's timeline says when and why. Services
flush; the caller commits.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from helpbutton.dbtypes import DbSession
from helpbutton.models import (
    AdminAction,
    EventKind,
    HelpRequest,
    OutboxChannel,
    OutboxMessage,
    Outcome,
    Region,
    RequestEvent,
    RequestMessage,
    RequestStatus,
    User,
)
from helpbutton.models.admin_action import RETENTION_PURGED

PERSONAL_FIELDS = ("contact_name", "phone", "email", "contact_times", "description",
                   "postal_code", "follow_up_token_hash", "may_leave_message",
                   "if_someone_else_answers")
FAMILY_MAIL_KINDS = ("family_confirmation", "family_new_message")
BATCH = 500
REASON_RETENTION = "retention"
REASON_REQUEST = "request"


class AlreadyErased(Exception):
    pass


@dataclass
class PurgeResult:
    region_code: str
    cutoff: datetime  # requests closed before this are due for erasure
    count: int  # erased (or, in a dry run, would be)
    dry_run: bool


def _scrub_trace(trace: list | None) -> list:
    """The routing trace may hold the family's postal code (a failed postal-code condition
    records what it got); the rules and outcomes stay for the statistics of routing."""
    scrubbed = []
    for step in trace or []:
        step = dict(step)
        if step.get("condition") == "postal_code" and isinstance(step.get("detail"), dict):
            step["detail"] = {**step["detail"], "got": None}
        scrubbed.append(step)
    return scrubbed


def _erase(session: DbSession, request: HelpRequest, now: datetime, reason: str,
           actor: User | None = None, text: str | None = None, extra: dict | None = None) -> None:
    for name in PERSONAL_FIELDS:
        setattr(request, name, None)
    request.routing_trace = _scrub_trace(request.routing_trace)
    request.erased_at = now
    session.execute(sa.update(RequestEvent).where(RequestEvent.request_id == request.id)
                    .values(text=None))
    # The conversation is free text all through: its messages go (the events that say a
    # message was written stay, without text, for the timeline).
    session.execute(sa.delete(RequestMessage).where(RequestMessage.request_id == request.id))
    session.execute(sa.delete(OutboxMessage).where(
        OutboxMessage.request_id == request.id,
        sa.or_(OutboxMessage.kind.in_(FAMILY_MAIL_KINDS),
               OutboxMessage.channel == OutboxChannel.SMS)))
    session.add(RequestEvent(request_id=request.id, kind=EventKind.ERASED, created_at=now,
                             actor_id=actor.id if actor else None, text=text,
                             data={"reason": reason, **(extra or {})}))
    session.flush()
    session.expire(request, ["events"])  # reloaded on use: the timeline ends with the erasure


def _expired(region: Region, now: datetime):
    cutoff = now - timedelta(days=region.retention_days)
    condition = sa.and_(HelpRequest.region_id == region.id,
                        HelpRequest.status == RequestStatus.CLOSED,
                        HelpRequest.closed_at < cutoff, HelpRequest.erased_at.is_(None))
    return cutoff, condition


def purge(session: DbSession, *, now: datetime | None = None, region_code: str | None = None,
          dry_run: bool = False) -> list[PurgeResult]:
    """Erase the personal data of requests closed longer than their region's retention period.
    Idempotent: an erased request is not touched again. A dry run only counts."""
    now = now or datetime.now(UTC)
    regions = session.scalars(sa.select(Region).order_by(Region.code)
                              .where(*([Region.code == region_code] if region_code else [])))
    results = []
    for region in regions.all():
        cutoff, expired = _expired(region, now)
        if dry_run:
            count = session.scalar(sa.select(sa.func.count()).select_from(HelpRequest)
                                   .where(expired)) or 0
        else:
            count = 0
            while True:
                batch = session.scalars(sa.select(HelpRequest).where(expired)
                                        .order_by(HelpRequest.id).limit(BATCH)).all()
                if not batch:
                    break
                for request in batch:
                    _erase(session, request, now, REASON_RETENTION)
                session.flush()
                count += len(batch)
            # The run itself is on record, also when there was nothing to erase.
            session.add(AdminAction(region_id=region.id, action=RETENTION_PURGED, created_at=now,
                                    data={"erased": count, "closed_before": cutoff.isoformat()}))
            session.flush()
        results.append(PurgeResult(region.code, cutoff, count, dry_run))
    return results


def erase_on_request(session: DbSession, actor: User, request: HelpRequest, reason: str,
                     now: datetime | None = None) -> None:
    """Erase one request's personal data now, because the family (or the law) asks. An open
    request is closed as withdrawn first: nobody could contact the family any more."""
    if request.erased_at is not None:
        raise AlreadyErased(request.reference)
    now = now or datetime.now(UTC)
    extra = {}
    if request.is_open:
        extra["closed"] = request.status.value
        request.status = RequestStatus.CLOSED
        request.outcome = request.outcome or Outcome.WITHDRAWN
        request.closed_at = now
    _erase(session, request, now, REASON_REQUEST, actor=actor, text=reason.strip() or None,
           extra=extra)
