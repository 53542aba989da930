"""Benchmark the statistics dashboard's queries on PostgreSQL with many requests.

    python bench/stats_queries.py [--url postgresql+psycopg://postgres@127.0.0.1:5432/postgres]
                                  [--requests 100000] [--repeat 5] [--keep] [--tiny]

Creates a scratch database on that server (dropped at the end unless --keep), loads
Varsinais-Suomi and the demo centres, and seeds N requests in one INSERT … SELECT over
generate_series: two years of requests, weighted towards the big municipalities, 12 topics,
6 age bands, 8 channels, 3 languages, 85 % closed with an outcome, 90 % contacted. Then times
`statistics.summary` (every query the dashboard makes: the fast path, from the per-day counts
rebuilt after seeding) beside `statistics.summary_direct` (the same figures aggregated from the
requests, checked equal), and some queries on their own, for the whole region over 12 weeks
and over a year, and for Turku over a year. Use --requests 1000000 for a
million.
"""
from __future__ import annotations

import argparse
import os
import platform
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

if __package__ in (None, ""):  # run as a script: the repository root, not bench/, on the path
    _HERE = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
    sys.path.insert(0, str(_HERE.parent))

import sqlalchemy as sa  # noqa: E402

from bench import common  # noqa: E402
from config import Config  # noqa: E402
from helpbutton import create_app  # noqa: E402
from helpbutton.extensions import db  # noqa: E402
from helpbutton.models import Centre, Municipality, Partner, Region, Topic  # noqa: E402
from helpbutton.refdata import demo_data, reference_data  # noqa: E402
from helpbutton.statistics import queries as statistics  # noqa: E402
from helpbutton.statistics import rollup  # noqa: E402

SEED_SQL = """
INSERT INTO help_request (
    reference, created_at, region_id, municipality_code, topic_id, child_ages, age_band, urgent,
    service_language, ui_language, contact_method, wants_email_confirmation, consent_at,
    channel, partner_id, status, centre_id, routing_via, routing_trace, due_at,
    first_contact_at, outcome, closed_at)
SELECT 'B' || lpad(g::text, 9, '0'), t.ts, :region,
       (CAST(:codes AS text[]))[1 + floor(power(r.m, 2) * :ncodes)::int],
       (CAST(:topics AS int[]))[1 + floor(r.t * :ntopics)::int],
       '[4]'::json,
       (ARRAY['expecting','0-2','3-6','7-12','13-17',NULL])[1 + floor(r.a * 6)::int],
       r.u < 0.05,
       CASE WHEN r.l < 0.85 THEN 'fi' WHEN r.l < 0.97 THEN 'sv' ELSE 'en' END, 'fi', 'either',
       false, t.ts,
       (ARRAY['web','web','web','library','school','daycare','clinic','website'])
           [1 + floor(r.c * 8)::int],
       CASE WHEN r.c > 0.375 THEN :partner END,
       CASE WHEN r.s < 0.85 THEN 'closed' WHEN r.s < 0.93 THEN 'in_progress' ELSE 'new' END,
       :centre, 'municipality_default', '[]'::json,
       t.ts + interval '3 days',
       CASE WHEN r.f < 0.9 THEN t.ts + r.f * interval '5 days' END,
       CASE WHEN r.s < 0.85 THEN (ARRAY['support_started','guided_elsewhere','no_need',
                                        'not_reached','withdrawn'])[1 + floor(r.o * 5)::int] END,
       CASE WHEN r.s < 0.85 THEN t.ts + interval '7 days' END
FROM generate_series(1, :n) AS g
CROSS JOIN LATERAL (SELECT random() + 0 * g AS m, random() AS t, random() AS a,
                           random() AS u, random() AS l, random() AS c, random() AS s,
                           random() AS f, random() AS o, random() AS d) AS r
CROSS JOIN LATERAL (SELECT CAST(:now AS timestamptz) - r.d * interval '730 days' AS ts) AS t
"""


def _timed(fn, repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return times[0], times[len(times) // 2]


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", default=common.DEFAULT_URL,
                        help="a PostgreSQL server URL (SQLAlchemy form); a scratch database "
                             "is created on it and dropped afterwards")
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--reuse", metavar="NAME",
                        help="time again on a database kept by --keep (brought up to the "
                             "models' tables and indexes, not seeded again, not dropped)")
    common.add_tiny(parser, requests=2_000, repeat=1)
    return parser


def main(argv=None) -> None:
    args = common.parse(parser(), argv)

    name = args.reuse or f"helpbutton_bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(args.url, isolation_level="AUTOCOMMIT")
    if not args.reuse:
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.engine.make_url(args.url).set(database=name).render_as_string(hide_password=False)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-" + "x" * 40})
    try:
        with app.app_context():
            run(args)
            db.session.remove()
            db.engine.dispose()
    finally:
        if not (args.keep or args.reuse):
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def run(args) -> None:
    db.create_all()
    if args.reuse:
        for table in db.metadata.sorted_tables:
            for index in table.indexes:
                index.create(db.engine, checkfirst=True)
    else:
        reference_data.load_region(db.session, "Varsinais-Suomi")
        demo_data.load_demo(db.session)
        db.session.commit()
    region = db.session.scalar(sa.select(Region).where(Region.code == "05"))
    # Big municipalities first, so that squaring the random number weights towards them.
    codes = ["853", "734", "202", "680", "529", "423", "577", "430", "445", "704", "322"] + sorted(
        set(db.session.scalars(sa.select(Municipality.code).where(
            Municipality.region_id == region.id))) - {"853", "734", "202", "680", "529", "423",
                                                       "577", "430", "445", "704", "322"})
    topics = list(db.session.scalars(sa.select(Topic.id).where(Topic.region_id == region.id)))
    centre = db.session.scalar(sa.select(sa.func.min(Centre.id)))
    partner = db.session.scalar(sa.select(sa.func.min(Partner.id)))
    now = datetime.now(UTC)

    start = time.perf_counter()
    if not args.reuse:
        db.session.execute(sa.text(SEED_SQL), {
            "region": region.id, "codes": codes, "ncodes": len(codes), "topics": topics,
            "ntopics": len(topics), "partner": partner, "centre": centre, "n": args.requests,
            "now": now})
        db.session.commit()
    else:
        args.requests = db.session.scalar(sa.text("SELECT count(*) FROM help_request"))
    seeded = time.perf_counter() - start
    # Seeded in SQL, past the ORM: the per-day counts are built as `flask statistics rebuild`
    # builds them.
    start = time.perf_counter()
    rows = rollup.rebuild(db.session)
    db.session.commit()
    rebuilt = time.perf_counter() - start
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("VACUUM ANALYZE help_request"))
        conn.execute(sa.text("VACUUM ANALYZE statistics_day"))
    print(f"seeded {args.requests:,} requests in {seeded:.1f} s; "
          f"per-day counts rebuilt in {rebuilt:.1f} s ({rows:,} rows)")

    today = now.astimezone(ZoneInfo(Config.DISPLAY_TIMEZONE)).date()
    scopes = {
        "region, 12 weeks": statistics.Scope(region.id, None, today - timedelta(weeks=12), today),
        "region, 1 year": statistics.Scope(region.id, None, today - timedelta(days=365), today),
        "Turku, 1 year": statistics.Scope(region.id, frozenset({"853"}),
                                          today - timedelta(days=365), today),
    }
    print(f"machine: {platform.processor() or platform.machine()}, "
          f"Python {platform.python_version()}, "
          f"{db.session.scalar(sa.text('select version()')).split(' on ')[0]}")
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"{'scope':18} {'query':22} {'min ms':>8} {'median ms':>10}")
    for label, scope in scopes.items():
        total = statistics.total(db.session, scope)
        fast = statistics.summary(db.session, scope, now)
        direct = statistics.summary_direct(db.session, scope, now)
        assert fast == direct, f"{label}: the fast path differs from direct aggregation"
        parts = {
            "summary (fast path)": lambda scope=scope: statistics.summary(db.session, scope, now),
            "summary (direct)":
                lambda scope=scope: statistics.summary_direct(db.session, scope, now),
            "per-day counts": lambda scope=scope: rollup.read(
                db.session, scope.region_id, scope.municipality_codes, scope.date_from,
                scope.date_to),
            "first contact p50/p90": lambda scope=scope: statistics.first_contact(
                db.session, scope),
            "promise kept": lambda scope=scope: statistics.promise_kept(db.session, scope, now),
            "open and overdue":
                lambda scope=scope: statistics.open_and_overdue(db.session, scope, now),
        }
        for query, fn in parts.items():
            low, median = _timed(fn, args.repeat)
            print(f"{label:18} {query:22} {low:8.0f} {median:10.0f}", flush=True)
        print(f"{label:18} ({total:,} requests in scope)")
        db.session.rollback()


if __name__ == "__main__":
    main()
