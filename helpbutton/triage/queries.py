"""The triage queue: which requests a person sees, filtered, sorted and paged.

Who sees what is the policy's (`policy.visible_centre_ids`); every query here starts from
that set, so a request of another centre cannot appear in a list, a count or a search.

Paging is by keyset, not offset: the page after (created_at, id) of the last row shown. With
the centre and status fixed, PostgreSQL walks `ix_help_request_queue` (centre_id, status,
created_at, id) backwards and stops after one page, however many requests there are; sorting
by due time walks `ix_help_request_centre_due` (centre_id, due_at). The cursor holds a time and
an id, never anything about the family. The tabs' counts stop at COUNT_CAP, so that a page
view costs the same after years of closed requests (bench/queue_pages.py measures it).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy import orm as so

from helpbutton import local_time, policy
from helpbutton.conversation import queries as conversation
from helpbutton.dbtypes import DbSession
from helpbutton.models import OPEN_STATUSES, HelpRequest, RequestStatus, Topic, User

PAGE_SIZE = 25
# The tabs count each status up to this many requests, then show "1000+".
COUNT_CAP = 1000
STATUS_CHOICES = ("open", *(s.value for s in RequestStatus), "all")
SORTS = ("newest", "oldest", "due")
DUE_CHOICES = ("overdue", "today", "week")
URGENCY_CHOICES = ("urgent", "normal")
AGE_BANDS = ("expecting", "0-2", "3-6", "7-12", "13-17")
MESSAGE_CHOICES = ("unread",)  # the family wrote something nobody has read yet
INTERPRETER_CHOICES = ("needed",)  # the family asked to be served with an interpreter


@dataclass(frozen=True)
class QueueFilters:
    """What the person asked to see. Every value is a code (no names, nothing personal)."""

    status: str = "open"
    urgency: str | None = None
    topic: str | None = None
    age_band: str | None = None
    assignee: str | None = None  # "me", "none" or a user id as text
    due: str | None = None
    reference: str | None = None
    centre: int | None = None
    messages: str | None = None
    interpreter: str | None = None
    sort: str = "newest"

    @classmethod
    def from_args(cls, args) -> QueueFilters:
        """From query-string arguments; anything unknown is ignored (never an error page)."""
        def pick(name, allowed):
            value = (args.get(name) or "").strip()
            return value if value in allowed else None

        def row_id(value):  # an id fits the database's integer; anything else is ignored
            value = (value or "").strip()
            return int(value) if value.isdecimal() and len(value) <= 9 else None

        assignee = (args.get("assignee") or "").strip()
        if assignee not in ("me", "none"):
            assignee = str(row_id(assignee)) if row_id(assignee) is not None else None
        return cls(
            status=pick("status", STATUS_CHOICES) or "open",
            urgency=pick("urgency", URGENCY_CHOICES),
            topic=(args.get("topic") or "").strip()[:32] or None,
            age_band=pick("age_band", AGE_BANDS),
            assignee=assignee,
            due=pick("due", DUE_CHOICES),
            reference=normalize_reference(args.get("q")),
            centre=row_id(args.get("centre")),
            messages=pick("messages", MESSAGE_CHOICES),
            interpreter=pick("interpreter", INTERPRETER_CHOICES),
            sort=pick("sort", SORTS) or "newest",
        )

    def as_args(self) -> dict[str, str]:
        """The non-default filters as query arguments (for links that keep them)."""
        args = {"status": self.status if self.status != "open" else None,
                "urgency": self.urgency, "topic": self.topic, "age_band": self.age_band,
                "assignee": self.assignee, "due": self.due, "q": self.reference,
                "centre": str(self.centre) if self.centre else None,
                "messages": self.messages, "interpreter": self.interpreter,
                "sort": self.sort if self.sort != "newest" else None}
        return {k: v for k, v in args.items() if v}


def normalize_reference(value: str | None) -> str | None:
    """References are read aloud and typed by hand: ignore case, spaces and dashes."""
    if not value:
        return None
    cleaned = re.sub(r"[^A-Za-z0-9]", "", value).upper()[:16]
    return cleaned or None


@dataclass
class QueuePage:
    requests: list[HelpRequest]
    next_cursor: str | None
    counts: dict[str, int] = field(default_factory=dict)
    unread_ids: set[int] = field(default_factory=set)  # rows with unread family messages

    @property
    def total_open(self) -> int:
        return sum(self.counts.get(s.value, 0) for s in OPEN_STATUSES)


# --- the cursor ------------------------------------------------------------------------------

def encode_cursor(req: HelpRequest, sort: str) -> str:
    moment = req.due_at if sort == "due" else req.created_at
    micros = int(moment.timestamp() * 1_000_000)
    return f"{micros}.{req.id}"


def decode_cursor(value: str | None) -> tuple[datetime, int] | None:
    """The (time, id) of a cursor, or None when it is missing or malformed."""
    match = re.fullmatch(r"(-?\d{1,17})\.(\d{1,12})", value or "")
    if not match:
        return None
    try:
        moment = datetime.fromtimestamp(int(match.group(1)) / 1_000_000, tz=UTC)
    except (OverflowError, ValueError, OSError):
        return None
    return moment, int(match.group(2))


# --- the query -------------------------------------------------------------------------------

def _day_bounds(now: datetime) -> tuple[datetime, datetime]:
    """The end of today and of this week (Sunday) in the display zone, as UTC."""
    zone = local_time.zone()
    local = now.astimezone(zone)
    end_of_day = datetime.combine(local.date() + timedelta(days=1), time.min, tzinfo=zone)
    end_of_week = end_of_day + timedelta(days=6 - local.weekday())
    return end_of_day.astimezone(UTC), end_of_week.astimezone(UTC)


def _status_condition(status: str):
    if status == "open":
        return HelpRequest.status.in_(OPEN_STATUSES)
    if status == "all":
        return None
    return HelpRequest.status == RequestStatus(status)


def _conditions(session: DbSession, principal: policy.Principal | None, user_id: int | None,
                filters: QueueFilters, now: datetime, *, with_status: bool = True) -> list:
    centres = policy.visible_centre_ids(principal)
    if filters.centre is not None:
        centres = centres & {filters.centre}
    # An empty set: IN () matches nothing, so a person without a centre sees nothing.
    conditions: list[sa.ColumnElement[bool]] = [HelpRequest.centre_id.in_(sorted(centres))]
    if with_status:
        status = _status_condition(filters.status)
        if status is not None:
            conditions.append(status)
    if filters.urgency:
        conditions.append(HelpRequest.urgent.is_(filters.urgency == "urgent"))
    if filters.topic:
        conditions.append(HelpRequest.topic_id.in_(
            sa.select(Topic.id).where(Topic.code == filters.topic).scalar_subquery()))
    if filters.age_band:
        conditions.append(HelpRequest.age_band == filters.age_band)
    if filters.assignee == "me":
        conditions.append(HelpRequest.assignee_id == user_id)
    elif filters.assignee == "none":
        conditions.append(HelpRequest.assignee_id.is_(None))
    elif filters.assignee:
        conditions.append(HelpRequest.assignee_id == int(filters.assignee))
    if filters.due:
        end_of_day, end_of_week = _day_bounds(now)
        conditions.append(HelpRequest.is_open)  # type: ignore[arg-type]  # SQL at class level
        if filters.due == "overdue":
            conditions.append(HelpRequest.due_at < now)
        else:
            until = end_of_day if filters.due == "today" else end_of_week
            conditions.extend([HelpRequest.due_at >= now, HelpRequest.due_at < until])
    if filters.reference:
        conditions.append(HelpRequest.reference.startswith(filters.reference, autoescape=True))
    if filters.interpreter == "needed":
        conditions.append(HelpRequest.interpreter_language.is_not(None))
    if filters.messages == "unread":
        conditions.append(conversation.has_unread_from_family())
    return conditions


def _ordering(sort: str):
    if sort == "oldest":
        return (HelpRequest.created_at, HelpRequest.id), False
    if sort == "due":
        return (HelpRequest.due_at, HelpRequest.id), False
    return (HelpRequest.created_at, HelpRequest.id), True


def queue_page(session: DbSession, principal: policy.Principal | None, filters: QueueFilters,
               *, after: str | None = None, now: datetime | None = None,
               page_size: int = PAGE_SIZE) -> QueuePage:
    """One page of the queue with counts per status; a constant number of queries."""
    now = now or datetime.now(UTC)
    user_id = principal.user_id if principal else None
    conditions = _conditions(session, principal, user_id, filters, now)
    columns, descending = _ordering(filters.sort)
    cursor = decode_cursor(after)
    if cursor is not None:
        key = sa.tuple_(*columns)
        value = sa.tuple_(sa.literal(cursor[0], HelpRequest.due_at.type), sa.literal(cursor[1]))
        conditions.append(key < value if descending else key > value)
    order = [c.desc() for c in columns] if descending else list(columns)
    rows = list(session.scalars(
        sa.select(HelpRequest).where(*conditions).order_by(*order).limit(page_size + 1)
        # What the list shows, loaded in the same query: the count of queries does not grow
        # with the number of rows.
        .options(so.joinedload(HelpRequest.topic), so.joinedload(HelpRequest.assignee),
                 so.joinedload(HelpRequest.municipality), so.joinedload(HelpRequest.centre))
    ))
    next_cursor = encode_cursor(rows[page_size - 1], filters.sort) if len(rows) > page_size \
        else None
    shown = rows[:page_size]
    return QueuePage(shown, next_cursor, status_counts(session, principal, filters, now=now),
                     conversation.unread_request_ids(session, [r.id for r in shown]))


class AtLeast(int):
    """A count that stopped at its cap: the true number is this or more. It shows as "1000+",
    and a sum that includes it is one too, so the tabs' totals stay honest."""

    def __str__(self) -> str:
        return f"{int(self)}+"

    def __add__(self, other):
        return AtLeast(int(self) + int(other))

    __radd__ = __add__


def status_counts(session: DbSession, principal: policy.Principal | None,
                  filters: QueueFilters, *, now: datetime | None = None,
                  cap: int | None = None) -> dict[str, int]:
    """Requests per status under the other filters (the tabs of the queue), each counted up
    to `cap` (COUNT_CAP by default; past it an `AtLeast`). Uncapped, the closed tab's count
    would read a centre's whole history on every page view: it grows with the years, the open
    ones do not. One statement; each count walks `ix_help_request_queue` and stops after
    cap + 1 rows."""
    now = now or datetime.now(UTC)
    cap = COUNT_CAP if cap is None else cap
    user_id = principal.user_id if principal else None
    conditions = _conditions(session, principal, user_id, filters, now, with_status=False)
    columns = []
    for status in RequestStatus:
        first = (sa.select(sa.literal(1)).select_from(HelpRequest)
                 .where(*conditions, HelpRequest.status == status).limit(cap + 1).subquery())
        columns.append(sa.select(sa.func.count()).select_from(first).scalar_subquery())
    row = session.execute(sa.select(*columns)).one()
    return {status.value: AtLeast(cap) if count > cap else count
            for status, count in zip(RequestStatus, row, strict=False)}


def find_visible(session: DbSession, principal: policy.Principal | None,
                 request_id: int) -> HelpRequest | None:
    """The request if this person may see it; None both when it does not exist and when it
    is another centre's (the caller answers 404 either way, revealing nothing)."""
    centres = policy.visible_centre_ids(principal)
    if not centres:
        return None
    req = session.scalar(sa.select(HelpRequest).where(
        HelpRequest.id == request_id, HelpRequest.centre_id.in_(sorted(centres))))
    if req is None or not policy.can_view_request(principal, req.centre_id):
        return None
    return req


# --- workload --------------------------------------------------------------------------------

@dataclass
class WorkerLoad:
    user: User | None  # None: the requests nobody holds
    open: int = 0
    in_progress: int = 0
    waiting: int = 0
    new: int = 0
    overdue: int = 0


def workload(session: DbSession, centre_id: int, workers: Iterable[User],
             now: datetime | None = None) -> list[WorkerLoad]:
    """Open requests of a centre per worker (and unassigned), with how many are overdue.
    The caller checks `policy.can_lead_centre` first."""
    now = now or datetime.now(UTC)
    overdue = sa.func.sum(sa.case((HelpRequest.due_at < now, 1), else_=0))
    rows = session.execute(
        sa.select(HelpRequest.assignee_id, HelpRequest.status, sa.func.count(HelpRequest.id),
                  overdue)
        .where(HelpRequest.centre_id == centre_id, HelpRequest.status.in_(OPEN_STATUSES))
        .group_by(HelpRequest.assignee_id, HelpRequest.status)
    )
    loads: dict[int | None, WorkerLoad] = {None: WorkerLoad(None)}
    for worker in workers:
        loads[worker.id] = WorkerLoad(worker)
    for assignee_id, status, count, late in rows:
        load = loads.get(assignee_id)
        if load is None:  # held by someone no longer working here: show them too
            load = loads[assignee_id] = WorkerLoad(session.get(User, assignee_id))
        setattr(load, status.value, getattr(load, status.value) + count)
        load.open += count
        load.overdue += int(late or 0)
    unassigned = loads.pop(None)
    return [*loads.values(), unassigned]
