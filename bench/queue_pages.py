"""The staff queue page and the statistics dashboard at 10,000 and at 1,000,000 requests.

    python bench/queue_pages.py [--url postgresql+psycopg://postgres@127.0.0.1:5432/postgres]
                                [--sizes 10000,1000000] [--per-day 25] [--repeat 30] [--keep]
                                [--all-counties] [--tiny]

For each size: a scratch PostgreSQL database (dropped at the end), Varsinais-Suomi with the
demo centres and accounts, and N requests seeded in one INSERT … SELECT over generate_series.
Requests arrive at a steady rate (--per-day for the whole region), so a bigger table is a
longer history, nearly all of it closed (and, past the retention period, erased), not a fuller
queue: the open requests are the last few weeks' at every size. Then the real pages are
requested through Flask's test client, in this process, as a signed-in person (a session set
up as the sign-in sets it, so no password hashing or two-factor code is timed), and each page's
server time is taken around the request: routing, the queries, the template, the response.

`--all-counties` adds, for each size, a second database with every county loaded
(`reference_data.load_all`), the demo of Varsinais-Suomi, Keski-Suomi and Päijät-Häme, and N
requests in each of those three counties; the same people's pages are timed in both, taking
turns with the one-region database.
"""
from __future__ import annotations

import sys
from pathlib import Path
from zoneinfo import ZoneInfo

# Run as a script, Python puts bench/ first on sys.path: the repository root instead, so that
# `from bench import …` works (and no file here may be named like a standard library module).
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

import argparse  # noqa: E402
import contextlib  # noqa: E402
import logging  # noqa: E402
import time  # noqa: E402
from datetime import UTC, datetime, timedelta  # noqa: E402

import sqlalchemy as sa  # noqa: E402

from bench import common  # noqa: E402
from config import Config  # noqa: E402
from helpbutton import create_app  # noqa: E402
from helpbutton.accounts import session as staff_session  # noqa: E402
from helpbutton.extensions import db  # noqa: E402
from helpbutton.models import Municipality, Partner, Region, Topic, User  # noqa: E402
from helpbutton.refdata import demo_data, reference_data  # noqa: E402
from helpbutton.statistics import rollup  # noqa: E402

STAFF = "turku.staff@example.invalid"  # staff of the Turku centre, the busiest
REGION_ADMIN = "region.admin@example.invalid"
MUNICIPALITY_ADMIN = "turku.admin@example.invalid"

# Request g (1 … N) arrives (g − random()) / per_day days ago. What happened to it depends on
# its age, as in a queue that is worked: today's are mostly new, most are closed within three
# weeks, all after that; closed requests past the retention period are erased.
SEED_SQL = """
INSERT INTO help_request (
    reference, created_at, region_id, municipality_code, postal_code, topic_id, child_ages,
    age_band, description, urgent, service_language, ui_language, contact_method, phone,
    contact_times, wants_email_confirmation, consent_at, channel, partner_id, status,
    centre_id, assignee_id, routing_via, routing_trace, due_at, first_contact_at, outcome,
    closed_at, erased_at)
SELECT CAST(:prefix AS text) || lpad(g::text, 9, '0'), t.ts, :region, m.code,
       CASE WHEN e.erased THEN NULL ELSE '20100' END,
       (CAST(:topics AS int[]))[1 + floor(r.t * :ntopics)::int],
       CASE WHEN e.erased THEN '[]'::json ELSE '[4, 9]'::json END,
       (ARRAY['expecting','0-2','3-6','7-12','13-17',NULL])[1 + floor(r.a * 6)::int],
       CASE WHEN e.erased THEN NULL
            ELSE 'Iltaisin on vaikeaa, ja haluaisin jutella jonkun kanssa.' END,
       r.u < 0.05,
       CASE WHEN r.l < 0.85 THEN 'fi' WHEN r.l < 0.97 THEN 'sv' ELSE 'en' END, 'fi', 'phone',
       CASE WHEN e.erased THEN NULL ELSE '+358401234567' END,
       CASE WHEN e.erased THEN NULL ELSE 'aamupäivisin' END,
       false, t.ts,
       (ARRAY['web','web','web','library','school','daycare','clinic','website'])
           [1 + floor(r.c * 8)::int],
       CASE WHEN r.c > 0.375 THEN :partner END,
       s.status, m.centre,
       CASE WHEN s.status IN ('in_progress', 'waiting') AND m.centre = :staff_centre
            THEN :staff END,
       'municipality_default', '[]'::json,
       t.ts + interval '3 days',
       CASE WHEN s.status <> 'new' AND r.f < 0.9 THEN t.ts + r.f * interval '2 days' END,
       CASE WHEN s.status = 'closed' THEN (ARRAY['support_started','guided_elsewhere',
            'no_need','not_reached','withdrawn'])[1 + floor(r.o * 5)::int] END,
       CASE WHEN s.status = 'closed' THEN t.ts + interval '2 days' + r.f * interval '5 days' END,
       CASE WHEN e.erased THEN t.ts + interval '372 days' END
FROM generate_series(1, :n) AS g
CROSS JOIN LATERAL (SELECT random() + 0 * g AS m, random() AS t, random() AS a,
                           random() AS u, random() AS l, random() AS c, random() AS s,
                           random() AS f, random() AS o, random() AS d) AS r
CROSS JOIN LATERAL (SELECT (g - r.d) / CAST(:per_day AS float) AS age) AS a
CROSS JOIN LATERAL (SELECT CAST(:now AS timestamptz) - a.age * interval '1 day' AS ts) AS t
CROSS JOIN LATERAL (
    SELECT CASE
        WHEN a.age < 1 THEN CASE WHEN r.s < 0.7 THEN 'new' ELSE 'in_progress' END
        WHEN a.age < 3 THEN CASE WHEN r.s < 0.2 THEN 'new' WHEN r.s < 0.6 THEN 'in_progress'
                                 WHEN r.s < 0.75 THEN 'waiting' ELSE 'closed' END
        WHEN a.age < 21 THEN CASE WHEN r.s < 0.15 THEN 'in_progress'
                                  WHEN r.s < 0.25 THEN 'waiting' ELSE 'closed' END
        ELSE 'closed' END AS status) AS s
CROSS JOIN LATERAL (SELECT a.age > 372 AND s.status = 'closed' AS erased) AS e
-- Weighted towards the big municipalities: squaring the random number favours the first.
CROSS JOIN LATERAL (SELECT 1 + floor(power(r.m, 2) * :ncodes)::int AS i) AS k
CROSS JOIN LATERAL (SELECT (CAST(:codes AS text[]))[k.i] AS code,
                           (CAST(:centres AS int[]))[k.i] AS centre) AS m
"""

BIG = ["853", "734", "202", "680", "529", "423", "577", "430", "445", "704", "322"]


# The other demo counties' requests (--all-counties): the big town first.
OTHERS = {"15": ["179", "410", "182", "992"], "09": ["398", "098", "111", "560"]}


def seed(n: int, per_day: float, now: datetime, every_county: bool = False) -> dict:
    """Load the region, the demo data and N requests (every county's reference data, the three
    counties' demo and N requests in each, if `every_county`); returns what the pages need."""
    db.create_all()
    if every_county:
        reference_data.load_all(db.session)
        demo_data.load_demo_all(db.session)
    else:
        reference_data.load_region(db.session, "Varsinais-Suomi")
        demo_data.load_demo(db.session)
    db.session.commit()
    region = db.session.scalar(sa.select(Region).where(Region.code == "05"))
    staff = db.session.scalar(sa.select(User).where(User.email == STAFF))
    staff_centre = db.session.scalar(sa.select(Municipality.default_centre_id).where(
        Municipality.code == "853"))

    start = time.perf_counter()
    seed_county(region, BIG, "B", n, per_day, now, staff.id, staff_centre)
    if every_county:
        for code, big in OTHERS.items():
            other = db.session.scalar(sa.select(Region).where(Region.code == code))
            seed_county(other, big, code, n, per_day, now, staff.id, -1)
    db.session.commit()
    # Seeded in SQL, past the ORM: the statistics' per-day counts are built as
    # `flask statistics rebuild` builds them.
    rollup.rebuild(db.session)
    db.session.commit()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("VACUUM ANALYZE help_request"))
        conn.execute(sa.text("VACUUM ANALYZE statistics_day"))
    seconds = time.perf_counter() - start
    facts = db.session.execute(sa.text(
        "SELECT count(*), count(*) FILTER (WHERE status <> 'closed' AND region_id = :r),"
        " count(*) FILTER (WHERE centre_id = :c),"
        " count(*) FILTER (WHERE centre_id = :c AND status <> 'closed'),"
        " min(created_at) FROM help_request"), {"c": staff_centre, "r": region.id}).one()
    db.session.commit()
    return {"seconds": seconds, "total": facts[0], "open": facts[1], "centre": facts[2],
            "centre_open": facts[3], "since": facts[4]}


def seed_county(region: Region, big: list[str], prefix: str, n: int, per_day: float,
                now: datetime, staff: int, staff_centre: int) -> None:
    """N requests in the county, in one INSERT … SELECT (SEED_SQL)."""
    municipalities = {m.code: m for m in db.session.scalars(
        sa.select(Municipality).where(Municipality.region_id == region.id))}
    codes = big + sorted(set(municipalities) - set(big))
    centres = [municipalities[c].default_centre_id or region.fallback_centre_id for c in codes]
    topics = list(db.session.scalars(sa.select(Topic.id).where(Topic.region_id == region.id)))
    partner = db.session.scalar(sa.select(sa.func.min(Partner.id)).where(
        Partner.region_id == region.id))
    db.session.execute(sa.text(SEED_SQL), {
        "region": region.id, "codes": codes, "centres": centres, "ncodes": len(codes),
        "topics": topics, "ntopics": len(topics), "partner": partner, "n": n,
        "per_day": per_day, "now": now, "staff": staff, "staff_centre": staff_centre,
        "prefix": prefix})


def signed_in(app, email: str):
    """A test client with a full session for the account, as the sign-in leaves it."""
    user = db.session.scalar(sa.select(User).where(User.email == email))
    client = app.test_client()
    now = time.time()
    with client.session_transaction() as sess:
        sess[staff_session.KEY] = {"uid": user.id, "sv": user.session_version, "sid": "bench",
                                   "start": now, "seen": now, "stage": staff_session.FULL,
                                   "next": None}
    return client


def timed(clients: dict, url: str, repeat: int, must_contain: str) -> dict:
    """p50 and p95 of the page's server time for each size. The sizes take turns, request by
    request, so that the load of other work on the machine falls on all of them alike."""
    for client in clients.values():
        for _ in range(3):  # warm: templates compiled, caches filled, pages in shared buffers
            check(client.get(url), url, must_contain)
    times = {n: [] for n in clients}
    for _ in range(repeat):
        for n, client in clients.items():
            start = time.perf_counter()
            response = client.get(url)
            times[n].append((time.perf_counter() - start) * 1000)
            check(response, url, must_contain)
    return {n: (common.percentile(t, 0.5), common.percentile(t, 0.95)) for n, t in times.items()}


def check(response, url: str, must_contain: str) -> None:
    if response.status_code != 200 or must_contain not in response.get_data(as_text=True):
        raise SystemExit(f"{url} answered {response.status_code} without {must_contain!r}")


def pages(today) -> list[tuple[str, str, str, str]]:
    """(label, who, url, a text the page must show)."""
    year_ago = (today - timedelta(days=365)).isoformat()
    return [
        ("queue: open requests (default view)", STAFF, "/staff/requests", 'class="queue"'),
        ("queue: open, by due time", STAFF, "/staff/requests?sort=due", 'class="queue"'),
        ("queue: closed requests, first page", STAFF, "/staff/requests?status=closed",
         'class="queue"'),
        ("statistics: region, default 12 weeks", REGION_ADMIN, "/admin/statistics/", "<table"),
        ("statistics: region, one year", REGION_ADMIN,
         f"/admin/statistics/?from={year_ago}&to={today.isoformat()}", "<table"),
        ("statistics: Turku admin, one year", MUNICIPALITY_ADMIN,
         f"/admin/statistics/?from={year_ago}&to={today.isoformat()}", "<table"),
    ]


def prepare(url: str, n: int, args, now: datetime, every_county: bool = False):
    """An app on its own scratch database, seeded with N requests (in each of three counties,
    with every county loaded, if `every_county`)."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": common.BENCH_SECRET})
    with app.app_context():
        facts = seed(n, args.per_day, now, every_county)
        db.session.remove()
    print(f"{label(n, every_county)}: {facts['total']:,} requests seeded in "
          f"{facts['seconds']:.0f} s; history since "
          f"{facts['since']:%Y-%m-%d}; {facts['open']:,} open in the region; "
          f"the Turku centre has {facts['centre']:,} ({facts['centre_open']:,} open)",
          flush=True)
    return app


def client_for(app, email: str):
    with app.app_context():
        client = signed_in(app, email)
        db.session.remove()
    return client


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", default=common.DEFAULT_URL,
                        help="a PostgreSQL server URL (SQLAlchemy form); a scratch database "
                             "is created on it for each size and dropped afterwards")
    parser.add_argument("--sizes", default="10000,1000000")
    parser.add_argument("--per-day", type=float, default=25.0,
                        help="requests a day in the whole region (the history's length)")
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per page")
    parser.add_argument("--keep", action="store_true", help="keep the scratch databases")
    parser.add_argument("--all-counties", action="store_true",
                        help="also a database per size with every county loaded and N requests "
                             "in each of the three demo counties")
    common.add_tiny(parser, sizes="300,1000", repeat=2)
    return parser


def main(argv=None) -> None:
    args = common.parse(parser(), argv)
    # The app logs every request; a thousand lines of it would hide the figures.
    logging.getLogger("helpbutton").setLevel(logging.WARNING)

    engine = sa.create_engine(args.url)
    print("machine:", common.machine(engine), flush=True)
    engine.dispose()
    sizes = [int(s) for s in args.sizes.split(",")]
    setups = [(n, every) for n in sizes for every in ((False, True) if args.all_counties
                                                       else (False,))]
    now = datetime.now(UTC)
    today = now.astimezone(ZoneInfo(Config.DISPLAY_TIMEZONE)).date()
    table = {}
    with contextlib.ExitStack() as stack:
        apps = {setup: prepare(stack.enter_context(common.scratch_database(args.url, args.keep)),
                               *setup[:1], args, now, setup[1]) for setup in setups}
        # Close the apps' connections before the databases are dropped.
        for app in apps.values():
            stack.callback(lambda app=app: _dispose(app))
        first, last = (sizes[0], False), (sizes[-1], False)
        print(f"\nserver time, ms: p50 / p95 of {args.repeat} requests per page and database; "
              f"ratio = p50 at {sizes[-1]:,} / p50 at {sizes[0]:,} (target <= 1.5)"
              + ("; counties = p50 with every county / with one region, at "
                 f"{sizes[-1]:,}" if args.all_counties else ""))
        print(f"{'':40} " + "  ".join(f"{label(*setup):>17}" for setup in setups))
        for name, who, page, text in pages(today):
            clients = {setup: client_for(app, who) for setup, app in apps.items()}
            table[name] = timed(clients, page, args.repeat, text)
            cells = "  ".join(f"{table[name][setup][0]:7.1f} / {table[name][setup][1]:7.1f}"
                              for setup in setups)
            ratio = table[name][last][0] / table[name][first][0]
            line = f"{name:40} {cells}  ratio {ratio:.2f}"
            if args.all_counties:
                line += f"  counties {table[name][(sizes[-1], True)][0] / table[name][last][0]:.2f}"
            print(line, flush=True)


def label(n: int, every_county: bool) -> str:
    return f"{n:,}" + (" every county" if every_county else "")


def _dispose(app) -> None:
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


if __name__ == "__main__":
    main()
