"""Triage operations on one request: claim, release, assign, contact attempts, notes, status,
forwarding and the record of views.

Each operation takes the session, the acting user and the request, writes the change and its
timeline event (RequestEvent), flushes and never commits: the web request commits once, so a
change and its event (and any queued mail) are stored together or not at all.

Who may do what is asked of `helpbutton.policy` by the caller before calling these; the
operations only keep the request consistent (e.g. a closed request cannot be claimed).

First contact: a contact attempt whose result is "reached" or "left a message" sets
`first_contact_at` (only the first one). A call nobody answered is not contact; a message
left on the family's phone or sent by email is, because the family then knows that the
centre has taken up their request and how to reach it — which is what the promise
("a worker contacts you within N working days") means to the family.
"""
from __future__ import annotations

import enum
from datetime import UTC, datetime

import sqlalchemy as sa

from helpbutton.dbtypes import DbSession
from helpbutton.mail import notifications
from helpbutton.models import (
    AdminAction,
    Centre,
    EventKind,
    HelpRequest,
    Outcome,
    RequestEvent,
    RequestStatus,
    Role,
    RoleAssignment,
    User,
)
from helpbutton.models.admin_action import FAMILY_SEARCHED

NOTE_MAX = 4000
REASON_MAX = 1000
# Outcomes a worker may choose when closing (WITHDRAWN is the family's own act).
CLOSING_OUTCOMES = (Outcome.SUPPORT_STARTED, Outcome.GUIDED_ELSEWHERE, Outcome.NO_NEED,
                    Outcome.NOT_REACHED)


class ContactResult(enum.Enum):
    REACHED = "reached"
    NO_ANSWER = "no_answer"
    LEFT_MESSAGE = "left_message"


COUNTS_AS_CONTACT = frozenset({ContactResult.REACHED, ContactResult.LEFT_MESSAGE})


class TriageError(Exception):
    """An operation that cannot be done in the request's present state."""

    code = "triage_error"


class AlreadyClaimed(TriageError):
    """Someone else holds the request; `winner` is that user (None if since released)."""

    code = "already_claimed"

    def __init__(self, winner: User | None):
        super().__init__(f"already claimed by user {winner.id if winner else None}")
        self.winner = winner


class RequestClosed(TriageError):
    code = "closed"


class RequestErased(TriageError):
    code = "erased"


class NotClaimed(TriageError):
    code = "not_claimed"


class OutcomeRequired(TriageError):
    code = "outcome_required"


class InvalidTarget(TriageError):
    """Forwarding or assigning to someone or somewhere that cannot take the request."""

    code = "invalid_target"


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def _event(session: DbSession, req: HelpRequest, kind: EventKind, actor: User | None,
           now: datetime, data: dict | None = None, text: str | None = None) -> RequestEvent:
    event = RequestEvent(request_id=req.id, kind=kind, actor_id=actor.id if actor else None,
                         created_at=now, data=data or {}, text=text)
    session.add(event)
    return event


def _check_open(req: HelpRequest) -> None:
    if req.erased_at is not None:
        raise RequestErased()
    if req.status is RequestStatus.CLOSED:
        raise RequestClosed()


def _check_not_erased(req: HelpRequest) -> None:
    if req.erased_at is not None:
        raise RequestErased()


def record_view(session: DbSession, actor: User, req: HelpRequest,
                now: datetime | None = None) -> RequestEvent:
    """Opening a request shows personal data: every opening is on the timeline."""
    event = _event(session, req, EventKind.VIEWED, actor, _now(now))
    session.flush()
    return event


def record_family_search(session: DbSession, actor: User, region_id: int, by: str,
                         found: int, now: datetime | None = None) -> AdminAction:
    """A search for a family reads personal data too: every search is on record, with how it
    was made (reference, phone or email) and how many requests it found, never the terms."""
    action = AdminAction(actor_id=actor.id, region_id=region_id, action=FAMILY_SEARCHED,
                         created_at=_now(now), data={"by": by, "found": found})
    session.add(action)
    session.flush()
    return action


def claim(session: DbSession, actor: User, req: HelpRequest,
          now: datetime | None = None) -> None:
    """Take the request. Exactly one of two concurrent claims wins: the UPDATE only touches a
    row nobody holds, and the database serialises the two writes (on PostgreSQL the second
    waits for the first to commit and then finds `assignee_id` set). A new request moves to
    "in progress" in the same statement. The loser gets `AlreadyClaimed` naming the winner."""
    _check_open(req)
    now = _now(now)
    was_new = req.status is RequestStatus.NEW
    result = session.execute(
        sa.update(HelpRequest)
        .where(HelpRequest.id == req.id, HelpRequest.assignee_id.is_(None),
               HelpRequest.centre_id == req.centre_id,
               HelpRequest.is_open)
        .values(assignee_id=actor.id,
                status=sa.case((HelpRequest.status == RequestStatus.NEW,
                                sa.literal(RequestStatus.IN_PROGRESS.value)),
                               else_=HelpRequest.status))
        .execution_options(synchronize_session=False)
    )
    session.refresh(req)
    if result.rowcount != 1:  # type: ignore[attr-defined]  # a CursorResult
        if req.status is RequestStatus.CLOSED:
            raise RequestClosed()
        if req.assignee_id == actor.id:
            return  # a double click: already ours, nothing to record twice
        raise AlreadyClaimed(req.assignee)
    data: dict[str, object] = {"assignee": actor.id}
    if was_new and req.status is RequestStatus.IN_PROGRESS:
        data.update({"from": RequestStatus.NEW.value, "to": RequestStatus.IN_PROGRESS.value})
    _event(session, req, EventKind.CLAIMED, actor, now, data)
    session.flush()


def release(session: DbSession, actor: User, req: HelpRequest,
            now: datetime | None = None) -> None:
    """Give the request back to the centre's queue (it keeps its status)."""
    _check_not_erased(req)
    if req.assignee_id is None:
        raise NotClaimed()
    previous = req.assignee_id
    req.assignee_id = None
    req.assignee = None
    _event(session, req, EventKind.RELEASED, actor, _now(now), {"previous": previous})
    session.flush()


def workers_of_centre(session: DbSession, centre_id: int) -> list[User]:
    """Active accounts with a staff or lead role in the centre: who can be assigned."""
    return list(session.scalars(
        sa.select(User).join(RoleAssignment, RoleAssignment.user_id == User.id)
        .where(RoleAssignment.centre_id == centre_id,
               RoleAssignment.role.in_((Role.STAFF, Role.LEAD)), User.active.is_(True))
        .distinct().order_by(User.display_name, User.id)
    ))


def assign(session: DbSession, actor: User, req: HelpRequest, assignee: User | None,
           now: datetime | None = None) -> None:
    """A lead gives the request to a worker of its centre (or to nobody), whoever held it."""
    _check_open(req)
    if assignee is not None and assignee.id not in {
            u.id for u in workers_of_centre(session, req.centre_id)}:
        raise InvalidTarget()
    previous = req.assignee_id
    new_id = assignee.id if assignee else None
    if previous == new_id:
        return
    req.assignee = assignee
    req.assignee_id = new_id
    if assignee is not None and req.status is RequestStatus.NEW:
        req.status = RequestStatus.IN_PROGRESS
    _event(session, req, EventKind.ASSIGNED, actor, _now(now),
           {"previous": previous, "assignee": new_id})
    session.flush()


def record_contact_attempt(session: DbSession, actor: User, req: HelpRequest,
                           result: ContactResult, text: str | None = None,
                           now: datetime | None = None) -> RequestEvent:
    """Record a call or message; the first one that reached the family sets first contact."""
    _check_open(req)
    now = _now(now)
    first = result in COUNTS_AS_CONTACT and req.first_contact_at is None
    if first:
        req.first_contact_at = now
    event = _event(session, req, EventKind.CONTACT_ATTEMPT, actor, now,
                   {"result": result.value, "first_contact": first}, _clean(text, NOTE_MAX))
    session.flush()
    return event


def add_note(session: DbSession, actor: User, req: HelpRequest, text: str,
             now: datetime | None = None) -> RequestEvent:
    _check_not_erased(req)
    text = _clean(text, NOTE_MAX)
    if not text:
        raise ValueError("a note needs text")
    event = _event(session, req, EventKind.NOTE, actor, _now(now), text=text)
    session.flush()
    return event


def change_status(session: DbSession, actor: User, req: HelpRequest, status: RequestStatus,
                  outcome: Outcome | None = None, now: datetime | None = None) -> None:
    """Closing needs an outcome and stamps `closed_at`; reopening clears both."""
    _check_not_erased(req)
    now = _now(now)
    if status is RequestStatus.CLOSED and outcome not in CLOSING_OUTCOMES:
        raise OutcomeRequired()
    if status is not RequestStatus.CLOSED:
        outcome = None
    if status is req.status and outcome is req.outcome:
        return
    data = {"from": req.status.value, "to": status.value}
    if outcome is not None:
        data["outcome"] = outcome.value
    req.status = status
    req.outcome = outcome
    req.closed_at = now if status is RequestStatus.CLOSED else None
    _event(session, req, EventKind.STATUS_CHANGED, actor, now, data)
    session.flush()


def forward_targets(session: DbSession, req: HelpRequest) -> list[Centre]:
    """Active centres of the request's region other than its present one."""
    return list(session.scalars(
        sa.select(Centre).where(Centre.region_id == req.region_id, Centre.active.is_(True),
                                Centre.id != req.centre_id)
        .order_by(Centre.name_fi)
    ))


def forward(session: DbSession, actor: User, req: HelpRequest, target: Centre, reason: str,
            now: datetime | None = None) -> RequestEvent:
    """Re-route the request to another centre of the region: it starts there as new and
    unassigned, the receiving centre is notified, and the forwarding centre's staff lose
    access (the policy follows `centre_id`). The reason is free text (erasable)."""
    _check_open(req)
    reason = _clean(reason, REASON_MAX)
    if not reason:
        raise ValueError("forwarding needs a reason")
    if target is None or not target.active or target.region_id != req.region_id \
            or target.id == req.centre_id:
        raise InvalidTarget()
    now = _now(now)
    from_centre = req.centre or session.get(Centre, req.centre_id)
    previous_status = req.status
    req.centre = target
    req.centre_id = target.id
    req.assignee = None
    req.assignee_id = None
    req.status = RequestStatus.NEW
    event = _event(session, req, EventKind.FORWARDED, actor, now,
                   {"from": from_centre.id, "to": target.id,
                    "previous_status": previous_status.value}, reason)
    session.flush()

    notifications.notify_centre_forwarded_request(session, req, from_centre)
    session.flush()
    return event


def _clean(text: str | None, limit: int) -> str | None:
    if text is None:
        return None
    text = text.strip()
    if len(text) > limit:
        raise ValueError(f"text longer than {limit} characters")
    return text or None
