"""The counts that say what to do next: a worker's open requests by what they need, a lead's
team by worker, an administrator's list of what needs fixing.

Plain SQLAlchemy, no Flask. Every count starts from what the policy lets the person see
(`policy.visible_centre_ids`, `policy.lead_centre_ids`, the administered regions and
municipalities), so nobody counts what they may not open. The worker's counts run on every
staff page (the menu): one statement over the open requests of the person's centres, which
`ix_help_request_open_queue` serves without reading closed ones.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import sqlalchemy as sa

from helpbutton import emergency, policy
from helpbutton.conversation import queries as conversation
from helpbutton.dbtypes import DbSession
from helpbutton.mail import outbox
from helpbutton.models import (
    Centre,
    HelpRequest,
    Municipality,
    OutboxMessage,
    OutboxStatus,
    Region,
    Role,
    RoleAssignment,
    User,
)
from helpbutton.routing_admin import coverage, store
from helpbutton.routing_admin import router as routing_service
from helpbutton.triage.queries import WorkerLoad


@dataclass(frozen=True)
class WorkCounts:
    """Open requests of the person's centres. Each count is what the queue shows under one of
    its filters (`QUEUE_ARGS`), so the number and the list it links to always agree."""

    new: int = 0  # nobody has claimed it
    urgent: int = 0
    overdue: int = 0
    mine: int = 0  # claimed by (or assigned to) this person
    unread: int = 0  # the family wrote something no worker has read yet

    @property
    def any(self) -> bool:
        return bool(self.new or self.urgent or self.overdue or self.mine or self.unread)


# The queue's filters (triage.queries.QueueFilters) behind each count; status "open" is the
# queue's default.
QUEUE_ARGS = {
    "new": {"assignee": "none"},
    "urgent": {"urgency": "urgent"},
    "overdue": {"due": "overdue", "sort": "due"},
    "mine": {"assignee": "me"},
    "unread": {"messages": "unread"},
}


def work_counts(session: DbSession, principal: policy.Principal | None,
                now: datetime | None = None) -> WorkCounts | None:
    """The person's counts, or None when they work in no centre (no query at all then)."""
    centres = policy.visible_centre_ids(principal)
    if not centres or principal is None:
        return None
    now = now or datetime.now(UTC)

    def count(condition) -> sa.ColumnElement[int]:
        return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)

    row = session.execute(
        sa.select(count(HelpRequest.assignee_id.is_(None)),
                  count(HelpRequest.urgent.is_(True)),
                  count(HelpRequest.due_at < now),
                  count(HelpRequest.assignee_id == principal.user_id),
                  count(conversation.has_unread_from_family()))
        .where(HelpRequest.centre_id.in_(sorted(centres)),
               HelpRequest.is_open)
    ).one()
    return WorkCounts(*(int(n) for n in row))


# --- a lead's team -----------------------------------------------------------------------------

@dataclass
class TeamLoad:
    centre: Centre
    loads: list[WorkerLoad] = field(default_factory=list)


def team_loads(session: DbSession, principal: policy.Principal | None,
               now: datetime | None = None) -> list[TeamLoad]:
    """Open requests per worker (and nobody) of each centre the person leads: three statements
    however many centres and workers (centres, their workers, the grouped counts)."""
    lead_ids = sorted(policy.lead_centre_ids(principal))
    if not lead_ids:
        return []
    now = now or datetime.now(UTC)
    centres = list(session.scalars(
        sa.select(Centre).where(Centre.id.in_(lead_ids)).order_by(Centre.name_fi, Centre.id)))
    teams = {c.id: TeamLoad(c) for c in centres}
    loads: dict[tuple[int, int | None], WorkerLoad] = {}
    for centre_id, worker in session.execute(
            sa.select(RoleAssignment.centre_id, User)
            .join(User, User.id == RoleAssignment.user_id)
            .where(RoleAssignment.centre_id.in_(lead_ids),
                   RoleAssignment.role.in_((Role.STAFF, Role.LEAD)), User.active.is_(True))
            .order_by(User.display_name, User.id)):
        if (centre_id, worker.id) not in loads:
            loads[(centre_id, worker.id)] = WorkerLoad(worker)
            teams[centre_id].loads.append(loads[(centre_id, worker.id)])
    overdue = sa.func.sum(sa.case((HelpRequest.due_at < now, 1), else_=0))
    rows = session.execute(
        sa.select(HelpRequest.centre_id, HelpRequest.assignee_id, HelpRequest.status,
                  sa.func.count(HelpRequest.id), overdue)
        .where(HelpRequest.centre_id.in_(lead_ids), HelpRequest.is_open)
        .group_by(HelpRequest.centre_id, HelpRequest.assignee_id, HelpRequest.status))
    nobody = {c.id: WorkerLoad(None) for c in centres}
    for centre_id, assignee_id, status, count, late in rows:
        load = nobody[centre_id] if assignee_id is None else loads.get((centre_id, assignee_id))
        if load is None:  # held by someone who no longer works here: shown too
            load = loads[(centre_id, assignee_id)] = WorkerLoad(session.get(User, assignee_id))
            teams[centre_id].loads.append(load)
        setattr(load, status.value, getattr(load, status.value) + count)
        load.open += count
        load.overdue += int(late or 0)
    for centre_id, team in teams.items():
        team.loads.append(nobody[centre_id])
    return list(teams.values())


# --- an administrator's attention ------------------------------------------------------------

@dataclass(frozen=True)
class CoverageGaps:
    municipality: Municipality
    gaps: int


@dataclass
class Attention:
    """What an administrator should fix, each where it is fixed. Empty: nothing to do."""

    coverage: list[CoverageGaps] = field(default_factory=list)  # only those with gaps
    unstaffed: list[Centre] = field(default_factory=list)
    failed_mail: int = 0  # only for those who may send it again (the outbox page)
    region_wide: bool = False  # coverage summed up for the whole region (its administrator)
    # Regions without a fallback centre: nothing can be routed there (routing refuses).
    no_fallback: list[Region] = field(default_factory=list)
    # Counties (of their administrators) without a county-wide social emergency number of
    # their own (none, or the demo's example), and the municipalities in scope where no number
    # applies: their families are given only 112 and the county's name (helpbutton/emergency.py).
    no_county_emergency: list[Region] = field(default_factory=list)
    no_emergency: list[Municipality] = field(default_factory=list)

    @property
    def coverage_gaps(self) -> int:
        return sum(c.gaps for c in self.coverage)

    @property
    def empty(self) -> bool:
        return not (self.coverage or self.unstaffed or self.failed_mail or self.no_fallback
                    or self.no_county_emergency or self.no_emergency)


def attention(session: DbSession, principal: policy.Principal | None,
              today: date) -> Attention | None:
    """None for someone who administers nothing. The coverage is the report's own computation
    (routing_admin.coverage), so the count here is the report's count of gaps."""
    if not policy.is_admin(principal):
        return None
    region_ids = policy.administered_region_ids(principal)
    codes = policy.administered_municipality_codes(principal)
    municipalities = list(session.scalars(
        sa.select(Municipality).where(sa.or_(Municipality.region_id.in_(region_ids),
                                             Municipality.code.in_(sorted(codes))))
        .order_by(Municipality.name_fi, Municipality.code)))
    found = Attention(region_wide=bool(region_ids))
    by_region: dict[int, list[Municipality]] = {}
    for m in municipalities:
        by_region.setdefault(m.region_id, []).append(m)
    for region_id, members in by_region.items():
        region = session.get(Region, region_id)
        if region is None:
            continue
        if region_id in region_ids and not emergency.county_number(region):
            found.no_county_emergency.append(region)
        found.no_emergency += [m for m in members
                               if m.active and not emergency.applies(region, m)]
        if region.fallback_centre_id is None:
            found.no_fallback.append(region)
            continue
        router = routing_service.router_for(session, region)
        topics = store.topic_codes(session, region)
        languages = store.centre_languages(session, region)
        staffed = store.staffed_centre_ids(session, region)
        for m in members:
            report = coverage.coverage(router, m.code, topics, today, languages,
                                       staffed=staffed)
            if report.gaps:
                found.coverage.append(CoverageGaps(m, len(report.gaps)))
        scope = None if region_id in region_ids else frozenset(m.code for m in members)
        found.unstaffed += store.unstaffed_targets(session, region, scope)
    if policy.can_manage_outbox(principal):
        found.failed_mail = session.scalar(
            sa.select(sa.func.count(OutboxMessage.id))
            .where(OutboxMessage.status == OutboxStatus.FAILED,
                   outbox.of_region(region_ids[0]))) or 0
    return found

