"""Statistics without personal data, aggregated in SQL (SQLAlchemy Core) on SQLite and PostgreSQL.

Only facts are read: municipality, topic, age band, channel, partner, service language, form
language, interpreter's language, times, outcome, status. No query here selects a name, a
contact, a description, a postal code or a note, so nothing personal can leak into a chart,
a table or a CSV file.

Weeks are local weeks of DISPLAY_TIMEZONE (Helsinki), Monday to Sunday, as the staff and the
families live them: PostgreSQL converts with `timezone(<zone>, …)` and truncates with
`date_trunc`; SQLite has no time zones, so the zone's offset (Helsinki: +2 h, +3 h in summer
time) is chosen by a CASE over the EU summer-time periods of the years asked for, and
`date(…, 'weekday 0', '-6 days')` gives the Monday. Percentiles: `percentile_cont` on
PostgreSQL; on SQLite the same linear interpolation from the two rows around the position
(ORDER BY … LIMIT 2 OFFSET k).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from helpbutton import local_time
from helpbutton.dbtypes import DbSession
from helpbutton.models import (
    HelpRequest,
    Municipality,
    Partner,
    Topic,
)
from helpbutton.statistics import rollup
from helpbutton.statistics.dimensions import COLUMNS, DIMENSIONS, ONLY
from helpbutton.statistics.local_sql import local_offset_sql, summer_time_utc


@dataclass(frozen=True)
class Scope:
    """What to count: one region, optionally some of its municipalities, optionally a range of
    Helsinki local dates (both ends included)."""

    region_id: int
    municipality_codes: frozenset[str] | None = None  # None: every municipality of the region
    date_from: date | None = None
    date_to: date | None = None


@dataclass(frozen=True)
class Count:
    key: object  # a code, an id, an enum value, or None ("not given")
    count: int


@dataclass
class FirstContact:
    contacted: int  # requests with a first contact, the basis of the percentiles
    median_hours: float | None
    p90_hours: float | None


@dataclass
class Promise:
    within: int  # contacted no later than the promised time
    decided: int  # contacted, or past the promised time without contact


@dataclass
class Summary:
    """Everything the dashboard shows, for one scope."""

    scope: Scope
    total: int
    weeks: list[Count]  # key: the Monday (a date) of each Helsinki week, gaps filled with 0
    by: dict[str, list[Count]] = field(default_factory=dict)  # DIMENSIONS → counts
    first_contact: FirstContact | None = None
    promise: Promise | None = None
    open_now: int = 0
    overdue_now: int = 0


# --- the scope as SQL ----------------------------------------------------------------------

def local_midnight_utc(day: date) -> datetime:
    """The UTC instant at which a local calendar day starts."""
    return local_time.midnight_utc(day)


def _place(scope: Scope) -> list:
    conditions = [HelpRequest.region_id == scope.region_id]
    if scope.municipality_codes is not None:
        conditions.append(HelpRequest.municipality_code.in_(sorted(scope.municipality_codes)))
    return conditions


def _period(scope: Scope) -> list:
    conditions = []
    if scope.date_from:
        conditions.append(HelpRequest.created_at >= local_midnight_utc(scope.date_from))
    if scope.date_to:
        conditions.append(
            HelpRequest.created_at < local_midnight_utc(scope.date_to + timedelta(days=1)))
    return conditions


def _where(scope: Scope) -> list:
    return _place(scope) + _period(scope)


# --- dialect-aware pieces ------------------------------------------------------------------

def _week_start(session: DbSession, column, years: range):
    """SQL for the Monday (local) of the week `column` falls in."""
    if session.get_bind().dialect.name == "postgresql":
        local = sa.func.timezone(local_time.zone_name(), column)
        return sa.cast(sa.func.date_trunc("week", local), sa.Date)
    return sa.func.date(column, local_offset_sql(local_time.zone(), column, years),
                        "weekday 0", "-6 days")


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def _hours_between(session: DbSession, start, end):
    if session.get_bind().dialect.name == "postgresql":
        # date_part gives double precision (EXTRACT gives numeric since PostgreSQL 14): the
        # same hours to the last bit or two, and the percentiles' sort twice as fast.
        return sa.func.date_part("epoch", end - start) / 3600.0
    return (sa.func.julianday(end) - sa.func.julianday(start)) * 24.0


# --- the queries -----------------------------------------------------------------------------

def total(session: DbSession, scope: Scope) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(HelpRequest)
                          .where(*_where(scope))) or 0


def _years(session: DbSession, scope: Scope) -> range:
    if scope.date_from and scope.date_to:
        return range(scope.date_from.year, scope.date_to.year + 1)
    first, last = session.execute(
        sa.select(sa.func.min(HelpRequest.created_at), sa.func.max(HelpRequest.created_at))
        .where(*_where(scope))).one()
    if first is None:
        return range(0)
    if isinstance(first, str):  # SQLite gives strings for aggregates of typed columns
        first, last = (datetime.fromisoformat(v) for v in (first, last))
    low = scope.date_from.year if scope.date_from else first.year
    high = scope.date_to.year if scope.date_to else last.year + 1
    return range(low, high + 1)


def requests_per_week(session: DbSession, scope: Scope) -> list[Count]:
    """Requests per Helsinki week, oldest first; weeks without requests are listed with 0."""
    week = _week_start(session, HelpRequest.created_at, _years(session, scope)).label("week")
    rows = session.execute(
        sa.select(week, sa.func.count()).where(*_where(scope)).group_by(week).order_by(week)
    ).all()
    return _fill_weeks({_as_date(w): n for w, n in rows}, scope)


def _fill_weeks(counts: dict[date, int], scope: Scope) -> list[Count]:
    if not counts:
        return []
    first = min(counts)
    if scope.date_from:
        first = min(first, scope.date_from - timedelta(days=scope.date_from.weekday()))
    last = max(counts)
    if scope.date_to:
        last = max(last, scope.date_to - timedelta(days=scope.date_to.weekday()))
    weeks, monday = [], first
    while monday <= last:
        weeks.append(Count(monday, counts.get(monday, 0)))
        monday += timedelta(days=7)
    return weeks


_COLUMNS = COLUMNS


def counts_by(session: DbSession, scope: Scope, dimension: str) -> list[Count]:
    """Requests per value of one dimension, largest first. Outcomes count closed requests."""
    column = _COLUMNS[dimension]
    where = _where(scope)
    if dimension in ONLY:
        only, wanted = ONLY[dimension]
        where.append(only == wanted)
    rows = session.execute(
        sa.select(column, sa.func.count()).where(*where).group_by(column)
    ).all()
    return _largest_first([Count(getattr(key, "value", key), n) for key, n in rows])


def _largest_first(values: list[Count]) -> list[Count]:
    return sorted(values, key=lambda c: (-c.count, str(c.key)))


def _percentiles_postgresql(session, hours, where) -> tuple[float | None, float | None]:
    median, p90 = session.execute(sa.select(
        sa.func.percentile_cont(0.5).within_group(hours),
        sa.func.percentile_cont(0.9).within_group(hours),
    ).where(*where)).one()
    return (None if median is None else float(median), None if p90 is None else float(p90))


def _percentile_sqlite(session, hours, where, n: int, fraction: float) -> float:
    # percentile_cont: linear interpolation between the values at floor and ceil of p·(n−1).
    position = fraction * (n - 1)
    low = math.floor(position)
    values = session.scalars(
        sa.select(hours).where(*where).order_by(hours).limit(2).offset(low)).all()
    if len(values) == 1 or position == low:
        return float(values[0])
    return float(values[0]) + (float(values[1]) - float(values[0])) * (position - low)


def first_contact(session: DbSession, scope: Scope) -> FirstContact:
    """Hours from the request to the first contact: median and 90th percentile."""
    where = _where(scope) + [HelpRequest.first_contact_at.is_not(None)]
    hours = _hours_between(session, HelpRequest.created_at, HelpRequest.first_contact_at)
    n = session.scalar(sa.select(sa.func.count()).select_from(HelpRequest).where(*where)) or 0
    if n == 0:
        return FirstContact(0, None, None)
    if session.get_bind().dialect.name == "postgresql":
        median, p90 = _percentiles_postgresql(session, hours, where)
    else:
        median = _percentile_sqlite(session, hours, where, n, 0.5)
        p90 = _percentile_sqlite(session, hours, where, n, 0.9)
    return FirstContact(n, median, p90)


def _promise_conditions(now: datetime):
    contacted = HelpRequest.first_contact_at.is_not(None)
    missed = sa.and_(
        HelpRequest.first_contact_at.is_(None), HelpRequest.due_at <= now,
        sa.or_(HelpRequest.closed_at.is_(None), HelpRequest.closed_at > HelpRequest.due_at))
    in_time = sa.and_(contacted, HelpRequest.first_contact_at <= HelpRequest.due_at)
    return contacted, missed, in_time


def promise_kept(session: DbSession, scope: Scope, now: datetime) -> Promise:
    """Of the requests whose promise is decided — contacted, or past the promised time and not
    closed (e.g. withdrawn) before it — how many were contacted in time."""
    contacted, missed, in_time = _promise_conditions(now)
    within, decided = session.execute(sa.select(
        sa.func.coalesce(sa.func.sum(sa.case((in_time, 1), else_=0)), 0),
        sa.func.count(),
    ).where(*_where(scope), sa.or_(contacted, missed))).one()
    return Promise(int(within), int(decided))


def open_and_overdue(session: DbSession, scope: Scope, now: datetime) -> tuple[int, int]:
    """Open requests now, and those of them not contacted by the promised time. The date range
    does not apply: these are today's figures for the chosen municipalities."""
    overdue = sa.and_(HelpRequest.first_contact_at.is_(None), HelpRequest.due_at < now)
    open_count, overdue_count = session.execute(sa.select(
        sa.func.count(),
        sa.func.coalesce(sa.func.sum(sa.case((overdue, 1), else_=0)), 0),
    ).where(*_place(scope), HelpRequest.is_open)).one()
    return int(open_count), int(overdue_count)


def _summary_postgresql(session: DbSession, scope: Scope, now: datetime) -> Summary:
    """The same figures in three scans instead of a dozen: every breakdown in one GROUPING
    SETS query, and the timings (percentiles and the promise) in one aggregate query."""
    week = _week_start(session, HelpRequest.created_at, range(0))
    only = {d: (column == wanted).label(f"only_{d}") for d, (column, wanted) in ONLY.items()}
    rows = sa.select(week.label("weeks"), *(_COLUMNS[d].label(d) for d in DIMENSIONS),
                     *only.values()).where(*_where(scope)).subquery()
    keys = [rows.c.weeks, *(rows.c[d] for d in DIMENSIONS)]
    grouped = session.execute(
        sa.select(*keys, *(sa.func.grouping(k) for k in keys), sa.func.count(),
                  *(sa.func.count().filter(rows.c[f"only_{d}"]) for d in only))
        .group_by(sa.func.grouping_sets(*keys))).all()
    names = ["weeks", *DIMENSIONS]
    width = len(keys)
    weeks: dict[date, int] = {}
    by: dict[str, list[Count]] = {d: [] for d in DIMENSIONS}
    for row in grouped:
        values, flags = row[:width], row[width:2 * width]
        count, filtered = row[2 * width], dict(zip(only, row[2 * width + 1:], strict=True))
        which = names[flags.index(0)]
        value = values[names.index(which)]
        if which == "weeks":
            weeks[_as_date(value)] = count
        elif which in only:
            if filtered[which]:
                by[which].append(Count(getattr(value, "value", value), filtered[which]))
        else:
            by[which].append(Count(getattr(value, "value", value), count))

    hours = _hours_between(session, HelpRequest.created_at, HelpRequest.first_contact_at)
    contacted, missed, in_time = _promise_conditions(now)
    # One sort for both percentiles: percentile_cont(ARRAY[0.5, 0.9]) gives an array.
    fractions = sa.literal([0.5, 0.9], sa.ARRAY(sa.Float))
    n, percentiles, within, decided = session.execute(sa.select(
        sa.func.count(HelpRequest.first_contact_at),
        sa.func.percentile_cont(fractions).within_group(hours).cast(sa.ARRAY(sa.Float)),
        sa.func.count().filter(in_time),
        sa.func.count().filter(sa.or_(contacted, missed)),
    ).where(*_where(scope))).one()
    result = Summary(scope=scope, total=sum(weeks.values()), weeks=_fill_weeks(weeks, scope),
                     by={d: _largest_first(v) for d, v in by.items()})
    median, p90 = percentiles if percentiles and percentiles[0] is not None else (None, None)
    result.first_contact = FirstContact(n, None if median is None else float(median),
                                        None if p90 is None else float(p90))
    result.promise = Promise(within, decided)
    result.open_now, result.overdue_now = open_and_overdue(session, scope, now)
    return result


def summary_direct(session: DbSession, scope: Scope, now: datetime | None = None) -> Summary:
    """Every figure counted from the requests themselves (what the per-day counts must equal;
    used while they are not built for the current dimensions)."""
    now = now or datetime.now(UTC)
    if session.get_bind().dialect.name == "postgresql":
        return _summary_postgresql(session, scope, now)
    result = Summary(scope=scope, total=total(session, scope),
                     weeks=requests_per_week(session, scope))
    result.by = {dimension: counts_by(session, scope, dimension) for dimension in DIMENSIONS}
    result.first_contact = first_contact(session, scope)
    result.promise = promise_kept(session, scope, now)
    result.open_now, result.overdue_now = open_and_overdue(session, scope, now)
    return result


def _first_contact_times(session: DbSession, scope: Scope, n: int) -> FirstContact:
    """Median and 90th percentile of the `n` contacted requests in scope, exactly as
    `first_contact` computes them, from the narrow index of contacted requests."""
    if n == 0:
        return FirstContact(0, None, None)
    where = _where(scope) + [HelpRequest.first_contact_at.is_not(None)]
    hours = _hours_between(session, HelpRequest.created_at, HelpRequest.first_contact_at)
    if session.get_bind().dialect.name == "postgresql":
        fractions = sa.literal([0.5, 0.9], sa.ARRAY(sa.Float))
        percentiles = session.scalar(sa.select(
            sa.func.percentile_cont(fractions).within_group(hours).cast(sa.ARRAY(sa.Float))
        ).where(*where))
        if not percentiles or percentiles[0] is None:
            return FirstContact(n, None, None)
        return FirstContact(n, float(percentiles[0]), float(percentiles[1]))
    return FirstContact(n, _percentile_sqlite(session, hours, where, n, 0.5),
                        _percentile_sqlite(session, hours, where, n, 0.9))


def _missed(session: DbSession, scope: Scope, now: datetime) -> int:
    """Requests in scope never contacted and past the promised time (not closed before it)."""
    _, missed, _ = _promise_conditions(now)
    return session.scalar(sa.select(sa.func.count()).select_from(HelpRequest)
                          .where(*_where(scope), missed)) or 0


def _summary_fast(session: DbSession, scope: Scope, now: datetime) -> Summary:
    """The counts from `statistics_day` (per municipality and local day), the times to first
    contact and what depends on now from the requests, through narrow partial indexes."""
    days, by, contacted, in_time = rollup.read(
        session, scope.region_id, scope.municipality_codes, scope.date_from, scope.date_to)
    weeks: dict[date, int] = {}
    for day, count in days.items():
        monday = day - timedelta(days=day.weekday())
        weeks[monday] = weeks.get(monday, 0) + count
    result = Summary(scope=scope, total=sum(days.values()), weeks=_fill_weeks(weeks, scope),
                     by={d: _largest_first([Count(k, n) for k, n in counts.items()])
                         for d, counts in by.items()})
    result.first_contact = _first_contact_times(session, scope, contacted)
    result.promise = Promise(in_time, contacted + _missed(session, scope, now))
    result.open_now, result.overdue_now = open_and_overdue(session, scope, now)
    return result


def summary(session: DbSession, scope: Scope, now: datetime | None = None) -> Summary:
    """Everything the dashboard shows: from the per-day counts when they are built for the
    current dimensions, else from the requests (the same numbers either way)."""
    now = now or datetime.now(UTC)
    if rollup.current(session):
        return _summary_fast(session, scope, now)
    return summary_direct(session, scope, now)


# --- names for the keys (from the database; enum labels are translated by the web side) ----

def names(session: DbSession, region_id: int, lang: str) -> dict[str, dict]:
    """Display names of municipalities (by code), topics (by id) and partners (by id)."""
    municipalities = session.scalars(
        sa.select(Municipality).where(Municipality.region_id == region_id))
    topics = session.scalars(sa.select(Topic).where(Topic.region_id == region_id))
    partners = session.execute(
        sa.select(Partner.id, Partner.name).where(Partner.region_id == region_id))
    return {
        "municipality": {m.code: m.name(lang) for m in municipalities},
        "topic": {t.id: t.label(lang) for t in topics},
        "partner": {pid: name for pid, name in partners.all()},
    }


def codes(session: DbSession, region_id: int) -> dict[str, dict]:
    """Stable codes for exports: topic code by id, partner slug by id."""
    return {
        "topic": {tid: code for tid, code in session.execute(
            sa.select(Topic.id, Topic.code).where(Topic.region_id == region_id))},
        "partner": {pid: slug for pid, slug in session.execute(
            sa.select(Partner.id, Partner.slug).where(Partner.region_id == region_id))},
    }


def municipalities_of(session: DbSession, region_id: int, lang: str,
                      only: frozenset[str] | None = None) -> list[tuple[str, str]]:
    """(code, name) of the region's municipalities (or of `only`), by name."""
    query = sa.select(Municipality).where(Municipality.region_id == region_id)
    if only is not None:
        query = query.where(Municipality.code.in_(sorted(only)))
    return sorted(((m.code, m.name(lang)) for m in session.scalars(query)),
                  key=lambda pair: pair[1])


__all__ = [
    "Scope", "Count", "FirstContact", "Promise", "Summary", "summary", "summary_direct", "total",
    "requests_per_week", "counts_by", "first_contact", "promise_kept", "open_and_overdue",
    "names", "codes", "municipalities_of", "DIMENSIONS", "local_midnight_utc", "summer_time_utc",
]
