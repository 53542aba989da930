"""The dashboard's fast path (per-day counts kept with every change, times from narrow
indexes) gives exactly the figures of direct aggregation over the requests — every count, the
weeks, the median and 90th percentile, the promise, open and overdue — on random requests,
for many scopes, and still after the writes that change what statistics read."""
import random
from datetime import timedelta

import pytest
import sqlalchemy as sa
import sqlalchemy.orm as so

from helpbutton.models import (
    Channel,
    HelpRequest,
    Outcome,
    RequestStatus,
    StatisticsDay,
    StatisticsRollup,
)
from helpbutton.privacy import retention
from helpbutton.statistics import queries as statistics
from helpbutton.statistics import rollup
from helpbutton.statistics.dimensions import COLUMNS, ONLY
from helpbutton.triage import operations as triage
from tests.factories import centre, make_request, partner_id, topic, user, utc

NOW = utc(2026, 11, 20, 12, 0)
START = utc(2026, 9, 1)  # over the end of summer time (25 Oct) and into November
CENTRES = ["turku", "loimaa-area", "kaarina", "abo-sv"]
TOPICS = ["everyday", "parenting", "violence_safety", None]
AGE_BANDS = ["expecting", "0-2", "3-6", "7-12", "13-17", None]
CLOSING = [o for o in Outcome]


def _random_requests(session, rng: random.Random, n: int) -> list[HelpRequest]:
    partners = [None, partner_id(session, "turku-main-library"),
                partner_id(session, "loimaa-school")]
    made = []
    for _ in range(n):
        created = START + timedelta(seconds=rng.randrange(int((NOW - START).total_seconds())),
                                    microseconds=rng.randrange(1_000_000))
        if rng.random() < 0.15:  # around a Helsinki midnight, where days and weeks turn
            local_midnight = created.replace(hour=22, minute=0, second=0)
            created = local_midnight + timedelta(minutes=rng.choice([-1, -30, 0, 1, 59, 61]))
        status = rng.choice(list(RequestStatus))
        closed = status is RequestStatus.CLOSED
        contact = (timedelta(hours=rng.choice([1, 2, 24, 72, 73]))
                   if rng.random() < 0.3 else
                   timedelta(seconds=rng.randrange(1, 6 * 86400),
                             microseconds=rng.randrange(1_000_000)))
        made.append(make_request(
            session, rng.choice(CENTRES), created_at=created, commit=False, events=False,
            topic_code=rng.choice(TOPICS), age_band=rng.choice(AGE_BANDS),
            channel=rng.choice(list(Channel)), partner_id=rng.choice(partners),
            service_language=rng.choice(["fi", "sv", "en"]),
            due_at=created + timedelta(days=rng.choice([1, 3, 3, 3, 7])),
            first_contact_after=contact if rng.random() < 0.8 else None,
            status=status, outcome=rng.choice(CLOSING) if closed else None,
            closed_at=created + timedelta(hours=rng.randrange(1, 300)) if closed else None))
    session.flush()
    return made


def _scopes(session, rng: random.Random) -> list[statistics.Scope]:
    region_id = centre(session, "turku").region_id
    codes = sorted({centre(session, key).host_municipality_code for key in CENTRES})
    scopes = [statistics.Scope(region_id),
              statistics.Scope(region_id, None, NOW.date() - timedelta(weeks=12), NOW.date())]
    for _ in range(10):
        first = START.date() + timedelta(days=rng.randrange(-5, 80))
        last = first + timedelta(days=rng.randrange(0, 60))
        chosen = frozenset(rng.sample(codes, rng.randrange(1, len(codes) + 1)))
        scopes.append(statistics.Scope(region_id, rng.choice([None, chosen]),
                                       rng.choice([first, None]), last))
    scopes.append(statistics.Scope(region_id, frozenset({"853"}), utc(2026, 10, 25).date(),
                                   utc(2026, 10, 25).date()))
    scopes.append(statistics.Scope(region_id + 1000))  # another region: nothing
    return scopes


def _assert_same(session, scopes, now=NOW) -> None:
    assert rollup.current(session)
    for scope in scopes:
        fast, direct = statistics.summary(session, scope, now), \
            statistics.summary_direct(session, scope, now)
        assert fast == direct, scope


def _counts(session) -> dict:
    return {(r.region_id, r.municipality_code, r.day, r.dimension, r.value): r.requests
            for r in session.scalars(sa.select(StatisticsDay)) if r.requests}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_fast_path_gives_the_figures_of_direct_aggregation(db, demo, seed):
    rng = random.Random(seed)
    _random_requests(db.session, rng, 120)
    db.session.commit()
    scopes = _scopes(db.session, rng)
    _assert_same(db.session, scopes)
    for later in (NOW + timedelta(days=3), NOW - timedelta(days=30)):  # what depends on now
        _assert_same(db.session, scopes, later)


def test_the_counts_follow_every_change_of_a_request(db, demo):
    rng = random.Random(7)
    requests = _random_requests(db.session, rng, 80)
    db.session.commit()
    scopes = _scopes(db.session, rng)
    staff = user(db.session, "turku.staff@example.invalid")
    turku = [r for r in requests if r.centre_id == centre(db.session, "turku").id]
    open_ones = [r for r in turku if r.status is not RequestStatus.CLOSED]

    # Status changes: closing (an outcome is counted), reopening (it is not any more).
    triage.change_status(db.session, staff, open_ones[0], RequestStatus.CLOSED,
                         Outcome.SUPPORT_STARTED, now=NOW)
    closed = next(r for r in turku if r.status is RequestStatus.CLOSED and r is not open_ones[0])
    triage.change_status(db.session, staff, closed, RequestStatus.IN_PROGRESS, now=NOW)
    db.session.commit()
    _assert_same(db.session, scopes)

    # A first contact, recorded; a claim (a Core UPDATE of the status: new → in progress).
    uncontacted = next(r for r in open_ones[1:] if r.first_contact_at is None)
    triage.record_contact_attempt(db.session, staff, uncontacted, triage.ContactResult.REACHED,
                                  now=uncontacted.created_at + timedelta(hours=5))
    new = next((r for r in open_ones[1:] if r.status is RequestStatus.NEW), None)
    if new is not None:
        triage.claim(db.session, staff, new, now=NOW)
    db.session.commit()
    _assert_same(db.session, scopes)

    # Forwarded to another centre (same municipality of the family, another centre).
    movable = next(r for r in open_ones[1:] if r.is_open and r is not new)
    triage.forward(db.session, staff, movable, centre(db.session, "kaarina"), "Lähempänä",
                   now=NOW)
    db.session.commit()
    _assert_same(db.session, scopes)

    # Erasure on request (closes an open request as withdrawn) and by retention.
    region_admin = user(db.session, "region.admin@example.invalid")
    erasable = next(r for r in requests if r.is_open and r.erased_at is None)
    retention.erase_on_request(db.session, region_admin, erasable, "Perhe pyysi", now=NOW)
    retention.purge(db.session, now=NOW + timedelta(days=400))
    db.session.commit()
    _assert_same(db.session, scopes)

    # Any other write of a column the statistics read: municipality, topic, creation time,
    # the promised time; and a request deleted.
    other = requests[5]
    other.municipality_code = "430" if other.municipality_code != "430" else "853"
    other.topic_id = topic(db.session, "parenting").id
    requests[6].created_at = requests[6].created_at - timedelta(days=9, hours=3)
    requests[7].due_at = requests[7].created_at + timedelta(minutes=1)
    db.session.flush()
    requests[6].created_at = requests[6].created_at + timedelta(hours=1)  # twice in one commit
    db.session.delete(requests[8])
    db.session.commit()
    _assert_same(db.session, scopes)

    # Kept counts are what a rebuild counts.
    kept = _counts(db.session)
    rollup.rebuild(db.session)
    db.session.commit()
    assert _counts(db.session) == kept
    _assert_same(db.session, scopes)


def test_after_a_new_dimension_the_dashboard_counts_directly_until_rebuilt(db, demo,
                                                                           monkeypatch):
    rng = random.Random(11)
    _random_requests(db.session, rng, 30)
    db.session.commit()
    scope = statistics.Scope(centre(db.session, "turku").region_id)
    monkeypatch.setattr(rollup, "signature", lambda: "with another dimension")
    assert not rollup.current(db.session)
    direct = statistics.summary_direct(db.session, scope, NOW)
    calls = []
    monkeypatch.setattr(rollup, "read", lambda *a: calls.append(a))
    assert statistics.summary(db.session, scope, NOW) == direct
    assert calls == []
    monkeypatch.undo()
    rollup.rebuild(db.session)
    assert db.session.scalar(sa.select(StatisticsRollup.signature)) == rollup.signature()
    assert statistics.summary(db.session, scope, NOW) == direct


def test_every_column_the_statistics_read_is_watched():
    read = {c.key for c in COLUMNS.values()} | {c.key for c, _ in ONLY.values()} | {
        "region_id", "municipality_code", "created_at", "first_contact_at", "due_at"}
    assert read <= set(rollup.READS)


def test_the_rebuild_command_counts_everything_again(app, db, demo):
    _random_requests(db.session, random.Random(5), 20)
    db.session.commit()
    kept = _counts(db.session)
    db.session.execute(sa.delete(StatisticsDay))  # as if the counts were lost
    result = app.test_cli_runner().invoke(args=["statistics", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "Rebuilt the per-day statistics" in result.output
    assert _counts(db.session) == kept


def test_a_savepoint_rolled_back_leaves_no_counts(db, demo):
    """A request stored inside a savepoint that is rolled back (as a double submit's losing
    insert is) is not counted; the one stored beside it is."""
    kept = make_request(db.session, "turku", commit=False)
    with pytest.raises(RuntimeError), db.session.begin_nested():
        make_request(db.session, "turku", commit=False)
        db.session.flush()
        raise RuntimeError("the savepoint's insert lost")
    db.session.commit()
    scope = statistics.Scope(kept.region_id)
    fast, direct = (statistics.summary(db.session, scope, NOW),
                    statistics.summary_direct(db.session, scope, NOW))
    assert fast == direct
    stored = db.session.scalar(sa.select(sa.func.count(HelpRequest.id)).where(
        HelpRequest.municipality_code == kept.municipality_code))
    assert stored >= 1
    assert sum(n for (_r, m, _d, dimension, _v), n in _counts(db.session).items()
               if dimension == "municipality" and m == kept.municipality_code) == stored


def test_an_open_transaction_keeps_no_lock_on_the_days_counts(committed_app, db, demo,
                                                              database_url):
    """The counts are added at COMMIT: a request stored and still uncommitted in one
    transaction keeps no other submission of the same day and municipality waiting."""
    if not database_url.startswith("postgresql"):
        pytest.skip("row locks exist on PostgreSQL only")
    first = so.Session(bind=db.engine)
    try:
        make_request(first, "turku", commit=False)
        first.flush()
        with so.Session(bind=db.engine) as second:
            second.execute(sa.text("SET LOCAL lock_timeout = '2s'"))
            make_request(second, "turku", commit=False)
            second.commit()  # before the change: "canceling statement due to lock timeout"
        first.commit()
    finally:
        first.close()
    db.session.expire_all()
    scope = statistics.Scope(centre(db.session, "turku").region_id)
    assert statistics.summary(db.session, scope, NOW) == \
        statistics.summary_direct(db.session, scope, NOW)
    assert statistics.summary(db.session, scope, NOW).total == 2
