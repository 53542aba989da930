"""Per-day counts (`statistics_day`) for the dashboard's fast path, kept in the same transaction
as every change of a request, and rebuilt from scratch by `flask statistics rebuild`.

Kept generically: before each flush the statistics columns of every changed or deleted
request are read back from the database (their state before the flush), after it the new
state is taken from the objects; the difference of the two sets of facts is added to the
counts with one upsert. So every ORM write — creation, status changes, first contact,
closing, erasure (which keeps the request), retention, forwarding, a change of municipality or
region, a deletion — is counted without each write knowing about statistics. A Core UPDATE
of a statistics column would bypass it: the only one (`triage.claim`, new → in progress)
touches no column counted here (tests/stats/test_rollup.py checks the list).

The difference is only gathered at the flush; it is added to the counts just before the
outermost COMMIT (a savepoint rolled back drops what was gathered in it). The upsert takes row
locks that every other submission of the same day and municipality needs, so they are held
only for the COMMIT itself rather than from the first flush on: concurrent submissions would
otherwise queue behind each other for a whole request.

A request's facts, under (region, municipality, Helsinki local day of creation): one per
dimension (`dimensions.COLUMNS`, "" for not given; outcomes only when closed), plus
("first_contact", "contacted") and ("first_contact", "in_time"). Times to first contact and
the promise's missed count depend on exact instants and on now, so they are not kept here:
the fast path reads them from narrow partial indexes of the requests themselves.
"""
from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import current_app, has_app_context
from sqlalchemy.dialects import postgresql

from config import Config
from helpbutton.models import HelpRequest, StatisticsDay, StatisticsRollup
from helpbutton.statistics.dimensions import COLUMNS, DIMENSIONS, ONLY
from helpbutton.statistics.local_sql import local_offset_sql

FIRST_CONTACT = "first_contact"
CONTACTED, IN_TIME = "contacted", "in_time"
NOT_GIVEN = ""
VERSION = 1  # bump when the facts themselves change: the old counts are then not used

# Every column a fact is made of: a change of any of them changes the counts.
_KEYS = ("region_id", "municipality_code", "created_at", "first_contact_at", "due_at")
READS = tuple(dict.fromkeys(
    [*_KEYS, *(c.key for c in COLUMNS.values()), *(c.key for c, _ in ONLY.values())]))
_INFO = "statistics_rollup_before"
_PENDING = "statistics_rollup_pending"  # [(the innermost savepoint or root, Counter)]


def zone_name() -> str:
    return current_app.config["DISPLAY_TIMEZONE"] if has_app_context() \
        else Config.DISPLAY_TIMEZONE


def signature() -> str:
    """What the counts were built for: changes when a dimension is added or the zone moves."""
    return json.dumps({"version": VERSION, "dimensions": list(DIMENSIONS),
                       "only": sorted(ONLY), "zone": zone_name()})


def encode(value) -> str:
    value = getattr(value, "value", value)
    return NOT_GIVEN if value is None else str(value)


def decode(dimension: str, value: str):
    if value == NOT_GIVEN:
        return None
    column = COLUMNS[dimension]
    return int(value) if isinstance(column.type, sa.Integer) else value


def facts(values, zone: ZoneInfo) -> tuple[tuple, list[tuple[str, str]]]:
    """(region, municipality, local day) and the (dimension, value) pairs of one request;
    `values` maps the attribute names of READS to the request's values."""
    key = (values["region_id"], values["municipality_code"],
           values["created_at"].astimezone(zone).date())
    pairs = []
    for dimension, column in COLUMNS.items():
        if dimension in ONLY:
            only, wanted = ONLY[dimension]
            if values[only.key] != wanted:
                continue
        pairs.append((dimension, encode(values[column.key])))
    contacted = values["first_contact_at"]
    if contacted is not None:
        pairs.append((FIRST_CONTACT, CONTACTED))
        if values["due_at"] is not None and contacted <= values["due_at"]:
            pairs.append((FIRST_CONTACT, IN_TIME))
    return key, pairs


# --- kept with every flush ---------------------------------------------------------------

def _touches(obj: HelpRequest) -> bool:
    attrs = sa.inspect(obj).attrs
    return any(attrs[name].history.has_changes() for name in READS)


def _columns():
    return [getattr(HelpRequest, name) for name in READS]


def _before_flush(session: so.Session, flush_context, instances) -> None:
    changed = [o for o in session.dirty if isinstance(o, HelpRequest) and _touches(o)]
    deleted = [o for o in session.deleted if isinstance(o, HelpRequest)]
    ids = [o.id for o in changed + deleted if o.id is not None]
    if not ids:
        return
    rows = session.connection().execute(
        sa.select(HelpRequest.id, *_columns()).where(HelpRequest.id.in_(ids))).mappings()
    before = {row["id"]: row for row in rows}
    session.info[_INFO] = [(o, before.get(o.id), o in deleted) for o in changed + deleted]


def _after_flush(session: so.Session, flush_context) -> None:
    captured = session.info.pop(_INFO, [])
    new = [o for o in session.new if isinstance(o, HelpRequest)]
    if not captured and not new:
        return
    zone = ZoneInfo(zone_name())
    delta: Counter = Counter()

    def add(values, sign: int) -> None:
        key, pairs = facts(values, zone)
        for pair in pairs:
            delta[(*key, *pair)] += sign

    for obj, before, gone in captured:
        if before is not None:
            add(before, -1)
        if not gone:
            add({name: getattr(obj, name) for name in READS}, +1)
    for obj in new:
        add({name: getattr(obj, name) for name in READS}, +1)
    if delta:
        owner = session.get_nested_transaction() or session.get_transaction()
        session.info.setdefault(_PENDING, []).append((owner, delta))


def _within(transaction, boundary) -> bool:
    while transaction is not None:
        if transaction is boundary:
            return True
        transaction = transaction.parent
    return False


def _after_soft_rollback(session: so.Session, previous) -> None:
    """Drop what was gathered in the savepoint (or transaction) that was rolled back."""
    pending = session.info.get(_PENDING)
    if not pending:
        return
    boundary = previous
    while boundary.parent is not None and not boundary.nested:  # a flush's subtransaction
        boundary = boundary.parent
    pending[:] = [(owner, delta) for owner, delta in pending if not _within(owner, boundary)]


def _after_transaction_end(session: so.Session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(_PENDING, None)


def _before_commit(session: so.Session) -> None:
    if session.in_nested_transaction():  # a savepoint released: its counts wait for the root
        return
    session.flush()
    pending = session.info.pop(_PENDING, None)
    if pending:
        total: Counter = Counter()
        for _owner, delta in pending:
            total.update(delta)
        apply(session.connection(), total)


def discard_pending(session: so.Session | so.scoped_session) -> None:
    """Forget the counts gathered in this transaction (the caller counts them otherwise)."""
    session.flush()
    session.info.pop(_PENDING, None)


_TABLE: Any = StatisticsDay.__table__
_NAMES = [c.name for c in _TABLE.columns]
_ON_CONFLICT = (
    f"ON CONFLICT ({', '.join(c.name for c in _TABLE.primary_key.columns)}) "
    f"DO UPDATE SET requests = {_TABLE.name}.requests + excluded.requests")


def _array_of(column_type) -> str:
    # VARCHAR without its length: a cast to VARCHAR(n) would cut a longer value silently, where
    # the column refuses it.
    if isinstance(column_type, sa.String):
        return "VARCHAR"
    return str(column_type.compile(postgresql.dialect()))


# Add to a day's counts, or start them. Written out because SQLAlchemy compiles its own
# `on_conflict_do_update` again on every execution (the dialects' Insert has no cache key), a
# sixth of a gunicorn worker's CPU on the submit path. On PostgreSQL all of a commit's rows
# (one per dimension, about eight for a new request) go in one statement as arrays, in the
# sorted order that keeps the row locks in one order; SQLite, in process, takes them one by one.
_PG_UPSERT = sa.text(
    f"INSERT INTO {_TABLE.name} ({', '.join(_NAMES)}) SELECT * FROM unnest("
    + ", ".join(f"CAST(:{c.name} AS {_array_of(c.type)}[])" for c in _TABLE.columns)
    + f") {_ON_CONFLICT}")
_UPSERT = sa.text(
    f"INSERT INTO {_TABLE.name} ({', '.join(_NAMES)}) "
    f"VALUES ({', '.join(':' + n for n in _NAMES)}) {_ON_CONFLICT}"
).bindparams(*(sa.bindparam(c.name, type_=c.type) for c in _TABLE.columns))


def apply(connection: sa.Connection, delta: Counter) -> None:
    """Add `delta` ((region, municipality, day, dimension, value) → change) to the counts."""
    rows = [{"region_id": r, "municipality_code": m, "day": d, "dimension": dim, "value": v,
             "requests": n} for (r, m, d, dim, v), n in sorted(delta.items()) if n]
    if not rows:
        return
    if connection.dialect.name == "postgresql":
        connection.execute(_PG_UPSERT, {name: [row[name] for row in rows] for name in _NAMES})
    else:
        connection.execute(_UPSERT, rows)


sa.event.listen(so.Session, "before_flush", _before_flush)
sa.event.listen(so.Session, "after_flush", _after_flush)
sa.event.listen(so.Session, "after_soft_rollback", _after_soft_rollback)
sa.event.listen(so.Session, "after_transaction_end", _after_transaction_end)
sa.event.listen(so.Session, "before_commit", _before_commit)


# --- built from scratch --------------------------------------------------------------------

def _local_day_sql(connection: sa.Connection, column, years: range):
    """SQL for the Helsinki local date of `column` (as the dashboard's weeks count it)."""
    if connection.dialect.name == "postgresql":
        return sa.cast(sa.func.timezone(zone_name(), column), sa.Date)
    return sa.func.date(column, local_offset_sql(ZoneInfo(zone_name()), column, years))


def rebuild(bind: sa.Connection | so.Session | so.scoped_session,
            now: datetime | None = None) -> int:
    """Count every request again (in one transaction: the caller commits). Returns the number
    of per-day rows written. Given a session, what it has gathered but not yet added is
    forgotten: the rebuild counts those requests already."""
    if isinstance(bind, sa.Connection):
        connection = bind
    else:
        discard_pending(bind)
        connection = bind.connection()
    table: Any = StatisticsDay.__table__
    if connection.dialect.name == "postgresql":
        # Writers wait (their flush upserts) until the new counts are committed: none is lost
        # and none counted twice.
        connection.execute(sa.text("LOCK TABLE statistics_day IN EXCLUSIVE MODE"))
    connection.execute(sa.delete(table))
    first, last = connection.execute(sa.select(sa.func.min(HelpRequest.created_at),
                                               sa.func.max(HelpRequest.created_at))).one()
    if first is not None:
        if isinstance(first, str):
            first, last = (datetime.fromisoformat(v) for v in (first, last))
        years = range(first.year - 1, last.year + 2)
        day = _local_day_sql(connection, HelpRequest.created_at, years)
        parts: list[tuple[str, Any, list[Any]]] = [
                 (dimension, sa.func.coalesce(sa.cast(column, sa.String), NOT_GIVEN),
                  [ONLY[dimension][0] == ONLY[dimension][1]] if dimension in ONLY else [])
                 for dimension, column in COLUMNS.items()]
        parts.append((FIRST_CONTACT, sa.literal(CONTACTED),
                      [HelpRequest.first_contact_at.is_not(None)]))
        parts.append((FIRST_CONTACT, sa.literal(IN_TIME),
                      [HelpRequest.first_contact_at <= HelpRequest.due_at]))
        for dimension, value, where in parts:
            select = (sa.select(HelpRequest.region_id, HelpRequest.municipality_code,
                                day.label("day"), sa.literal(dimension).label("dimension"),
                                value.label("value"), sa.func.count().label("requests"))
                      .where(*where).group_by(HelpRequest.region_id,
                                              HelpRequest.municipality_code, day, value))
            connection.execute(sa.insert(table).from_select(
                ["region_id", "municipality_code", "day", "dimension", "value", "requests"],
                select))
    state: Any = StatisticsRollup.__table__
    connection.execute(sa.delete(state))
    connection.execute(sa.insert(state).values(id=1, signature=signature(),
                                               built_at=now or datetime.now(UTC)))
    return connection.scalar(sa.select(sa.func.count()).select_from(table)) or 0


def current(session) -> bool:
    """Whether the counts were built for today's dimensions and zone."""
    stored = session.scalar(sa.select(StatisticsRollup.signature).where(
        StatisticsRollup.id == 1))
    return stored == signature()


@sa.event.listens_for(StatisticsRollup.__table__, "after_create")
def _created(table, connection, **kw) -> None:
    """A new database has no requests: its (empty) counts are current."""
    connection.execute(sa.insert(table).values(id=1, signature=signature(),
                                               built_at=datetime.now(UTC)))


# --- read ------------------------------------------------------------------------------------

def read(session, region_id: int, municipality_codes, date_from: date | None,
         date_to: date | None) -> tuple[dict[date, int], dict[str, dict], int, int]:
    """(requests per local day, {dimension: {key: count}}, contacted, contacted in time)."""
    where = [StatisticsDay.region_id == region_id]
    if municipality_codes is not None:
        where.append(StatisticsDay.municipality_code.in_(sorted(municipality_codes)))
    if date_from:
        where.append(StatisticsDay.day >= date_from)
    if date_to:
        where.append(StatisticsDay.day <= date_to)
    total = sa.func.sum(StatisticsDay.requests)
    rows = session.execute(
        sa.select(StatisticsDay.dimension, StatisticsDay.value, total)
        .where(*where).group_by(StatisticsDay.dimension, StatisticsDay.value)).all()
    by: dict[str, dict] = {d: {} for d in DIMENSIONS}
    first_contact: dict[str, int] = {}
    for dimension, value, count in rows:
        if not count:
            continue
        if dimension == FIRST_CONTACT:
            first_contact[value] = int(count)
        elif dimension in by:
            by[dimension][decode(dimension, value)] = int(count)
    days = {_as_date(d): int(n) for d, n in session.execute(
        sa.select(StatisticsDay.day, total)
        .where(*where, StatisticsDay.dimension == "municipality")
        .group_by(StatisticsDay.day)).all() if n}
    return days, by, first_contact.get(CONTACTED, 0), first_contact.get(IN_TIME, 0)


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)
