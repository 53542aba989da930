"""Benchmark routing decisions: the compiled router against a naive scan of every rule.

    python bench/routing.py [--rules 10000] [--requests 100000] [--naive 5000] [--seed 2026]
                            [--all-counties [--other-rules 200] [--url URL]] [--tiny]

Generates a region like Varsinais-Suomi (27 municipalities, 41 centres), random rules and
requests from a seeded RNG, times each decision, and checks that the compiled router (both
paths) and the naive scan agree. Exits 1 on any disagreement.

`--all-counties` then stores that configuration in Varsinais-Suomi in two databases, one with
Varsinais-Suomi alone and one with every county loaded and in service (`bench/counties.py`:
each other county a centre per municipality and `--other-rules` rules), and times, in both,
what the web side does (`routing_admin.router`): building and compiling the router from the
database, then each decision through the cached router, with the trace (`route_request`) and
without; in the second also requests from every county, each routed by its own county.

`naive_route` here is also the reference implementation the property tests compare against.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import math
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

if __package__ in (None, ""):  # run as a script: the repository root, not bench/, on the path
    _HERE = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
    sys.path.insert(0, str(_HERE.parent))

import sqlalchemy as sa  # noqa: E402

from bench import common, counties  # noqa: E402
from helpbutton import create_app  # noqa: E402
from helpbutton.extensions import db  # noqa: E402
from helpbutton.routing import (  # noqa: E402
    EXPECTING,
    Centre,
    Municipality,
    RequestFacts,
    RoutingConfig,
    Rule,
    compile_config,
)
from helpbutton.routing_admin import router as live_router  # noqa: E402

# --- the reference: a straightforward scan of all rules, written without the engine's helpers ---


def naive_blocker(
    config: RoutingConfig, rule: Rule, facts: RequestFacts, today: date
) -> tuple[str, str | None] | None:
    """Why `rule` does not take the request, as (outcome, condition), or None if it matches."""
    if not rule.active:
        return "skipped_inactive_rule", None
    if (rule.valid_from is not None and today < rule.valid_from) or (
        rule.valid_until is not None and today > rule.valid_until
    ):
        return "skipped_not_valid_today", None
    target = config.centres.get(rule.target_centre)
    if target is None or not target.active:
        return "skipped_inactive_target", None
    if facts.municipality not in target.serves and rule.target_centre != config.fallback_centre:
        return "skipped_target_not_serving", None
    if rule.topics and facts.topic not in rule.topics:
        return "condition_failed", "topic"
    if rule.min_age is not None or rule.max_age is not None:
        low = -math.inf if rule.min_age is None else rule.min_age
        high = math.inf if rule.max_age is None else rule.max_age
        if not [age for age in facts.child_ages if low <= age <= high]:
            return "condition_failed", "age"
    # With an interpreter the family's own language is what a language condition looks at.
    language = facts.interpreter_language if facts.interpreter_language else facts.service_language
    if rule.languages and language not in rule.languages:
        return "condition_failed", "language"
    if rule.interpreter is not None and rule.interpreter != bool(facts.interpreter_language):
        return "condition_failed", "interpreter"
    if rule.postal_codes and facts.postal_code not in rule.postal_codes:
        return "condition_failed", "postal_code"
    if rule.channels and facts.channel not in rule.channels:
        return "condition_failed", "channel"
    if rule.urgent is not None and rule.urgent != facts.urgent:
        return "condition_failed", "urgency"
    return None


def naive_order(rule: Rule) -> tuple[bool, int, int]:
    """Own rules before region-wide ones, then by position, then by id."""
    return (rule.owner is None, rule.position, rule.id)


def naive_route(
    config: RoutingConfig, facts: RequestFacts, today: date
) -> tuple[int, str, int | None]:
    """(centre, via, rule id) by scanning every rule of the configuration."""
    municipality = config.municipalities.get(facts.municipality)
    if municipality is None:
        return config.fallback_centre, "region_fallback", None
    best: Rule | None = None
    for rule in config.rules:
        if rule.owner not in (facts.municipality, None):
            continue
        if naive_blocker(config, rule, facts, today) is None:
            if best is None or naive_order(rule) < naive_order(best):
                best = rule
    if best is not None:
        return best.target_centre, "rule", best.id
    default = municipality.default_centre
    if default is not None and default in config.centres and config.centres[default].active:
        return default, "municipality_default", None
    return config.fallback_centre, "region_fallback", None


# --- a generated region --------------------------------------------------------------------

# Varsinais-Suomi: code -> (population, sub-region); Turku, Parainen and Kemiönsaari bilingual.
MUNICIPALITIES = {
    "019": (4000, "Loimaa"), "202": (36000, "Turku"), "284": (2200, "Loimaa"),
    "304": (900, "Vakka"), "322": (6500, "Åboland"), "400": (8200, "Vakka"),
    "423": (20500, "Turku"), "430": (15500, "Loimaa"), "445": (15000, "Åboland"),
    "480": (1900, "Loimaa"), "481": (9900, "Turku"), "503": (7600, "Turku"),
    "529": (19800, "Turku"), "538": (4700, "Turku"), "561": (1300, "Loimaa"),
    "577": (11000, "Turku"), "631": (2000, "Vakka"), "636": (8000, "Loimaa"),
    "680": (25000, "Turku"), "704": (6300, "Turku"), "734": (51000, "Salo"),
    "738": (3000, "Turku"), "761": (8600, "Salo"), "833": (1600, "Vakka"),
    "853": (200000, "Turku"), "895": (15000, "Vakka"), "918": (2200, "Vakka"),
}  # fmt: skip
BILINGUAL = {"853", "445", "322"}
TOPICS = [
    "parenting", "couple", "pregnancy", "baby", "sleep", "school", "mental_health",
    "substance_use", "money", "violence", "disability", "other",
]  # fmt: skip
CHANNELS = ["web", "library", "school", "daycare", "clinic", "municipality", "api"]
INTERPRETER_LANGUAGES = ["ar", "ru", "so", "uk", "fa", "ku"]
AGE_BANDS = [
    (EXPECTING, 0), (EXPECTING, EXPECTING), (0, 2), (0, 6), (3, 6), (7, 12), (13, 17),
    (None, 6), (7, None), (12, None),
]  # fmt: skip
FALLBACK = 1
TODAY = date(2026, 11, 23)
DAYS = 30  # requests arrive over a month, so validity dates matter


def make_config(rng: random.Random, n_rules: int) -> RoutingConfig:
    codes = list(MUNICIPALITIES)
    serving: list[frozenset[str]] = [frozenset()]  # the region fallback queue serves nobody
    serving += [frozenset({code}) for code in codes]  # one centre per municipality
    for area in sorted({area for _, area in MUNICIPALITIES.values()}):  # shared area centres
        serving.append(frozenset(c for c, (_, a) in MUNICIPALITIES.items() if a == area))
    serving += [frozenset({"853"})] * 4  # Turku's districts
    serving += [frozenset({"734"}), frozenset({"202"}), frozenset({"680"})]  # Salo, Kaarina, Raisio
    serving.append(frozenset(BILINGUAL))  # service in Swedish for the bilingual municipalities
    inactive = set(rng.sample(range(2, len(serving) + 1), 3))
    centres = {
        i: Centre(i, i not in inactive, serves, f"Centre {i}")
        for i, serves in enumerate(serving, start=1)
    }
    municipalities = {code: Municipality(code, i) for i, code in enumerate(codes, start=2)}
    for code in rng.sample(codes, 2):
        municipalities[code] = Municipality(code, None)
    postal = postal_codes()
    weights = [math.sqrt(pop) for pop, _ in MUNICIPALITIES.values()]  # big places, more rules
    positions: Counter[str | None] = Counter()
    rules = []
    for rule_id in range(1, n_rules + 1):
        owner = None if rng.random() < 0.2 else rng.choices(codes, weights)[0]
        positions[owner] += 1
        rules.append(make_rule(rng, rule_id, owner, positions[owner] * 10, centres, postal))
    return RoutingConfig(centres, municipalities, rules, FALLBACK, version="bench")


def make_rule(
    rng: random.Random,
    rule_id: int,
    owner: str | None,
    position: int,
    centres: dict[int, Centre],
    postal: dict[str, list[str]],
) -> Rule:
    if owner is not None and rng.random() > 0.03:  # a few misconfigured targets
        target = rng.choice([c.id for c in centres.values() if owner in c.serves])
    else:
        target = FALLBACK if rng.random() < 0.1 else rng.choice(list(centres))
    low, high = rng.choice(AGE_BANDS) if rng.random() < 0.6 else (None, None)
    valid_from = valid_until = None
    if rng.random() < 0.12:  # campaigns and pilots: some expired, some to come
        start = TODAY + timedelta(days=rng.randint(-400, 60))
        valid_from, valid_until = start, start + timedelta(days=rng.randint(0, 365))
    place = owner or rng.choice(list(postal))
    languages = rng.choice([{"sv"}, {"en"}, {"sv", "en"}, {"ar"}, {"so", "ar"}, {"ru", "uk"}])
    if rng.random() > (0.4 if owner in BILINGUAL else 0.05):
        languages = set()
    interpreter = rng.choices([None, True, False], [0.9, 0.07, 0.03])[0]
    return Rule(
        id=rule_id,
        owner=owner,
        position=position,
        target_centre=target,
        active=rng.random() < 0.93,
        topics=frozenset(rng.sample(TOPICS, rng.randint(1, 3)) if rng.random() < 0.85 else ()),
        min_age=low,
        max_age=high,
        languages=frozenset(languages),
        postal_codes=frozenset(
            rng.sample(postal[place], min(len(postal[place]), rng.randint(1, 5)))
            if rng.random() < 0.08
            else ()
        ),
        channels=frozenset(rng.sample(CHANNELS, rng.randint(1, 2)) if rng.random() < 0.1 else ()),
        urgent=rng.choices([None, True, False], [0.9, 0.08, 0.02])[0],
        interpreter=interpreter,
        valid_from=valid_from,
        valid_until=valid_until,
        name=f"Rule {rule_id}",
    )


def postal_codes() -> dict[str, list[str]]:
    # Invented but shaped like the real ones: more codes for larger places.
    return {
        code: [f"{20000 + i * 700 + j:05d}" for j in range(2 + int(math.sqrt(pop) / 12))]
        for i, (code, (pop, _)) in enumerate(MUNICIPALITIES.items())
    }


def make_requests(rng: random.Random, n: int) -> list[tuple[RequestFacts, date]]:
    codes = list(MUNICIPALITIES)
    weights = [pop for pop, _ in MUNICIPALITIES.values()]
    postal = postal_codes()
    requests = []
    for _ in range(n):
        code = "999" if rng.random() < 0.005 else rng.choices(codes, weights)[0]
        ages = tuple(
            EXPECTING if rng.random() < 0.08 else min(17, int(rng.expovariate(1 / 6)))
            for _ in range(rng.choices([0, 1, 2, 3, 4], [10, 40, 30, 15, 5])[0])
        )
        if code in BILINGUAL:
            language = rng.choices(["fi", "sv", "en"], [70, 25, 5])[0]
        else:
            language = rng.choices(["fi", "sv", "en"], [93, 2, 5])[0]
        known = code in postal and rng.random() < 0.75  # the form asks for it, but not always
        interpreter = (
            rng.choices(INTERPRETER_LANGUAGES, [30, 25, 20, 10, 10, 5])[0]
            if rng.random() < 0.06
            else None
        )
        facts = RequestFacts(
            municipality=code,
            postal_code=rng.choice(postal[code]) if known else None,
            topic=rng.choice(TOPICS) if rng.random() < 0.95 else None,
            child_ages=ages,
            service_language=language,
            urgent=rng.random() < 0.1,
            channel=rng.choices(CHANNELS, [60, 8, 8, 8, 6, 6, 4])[0],
            interpreter_language=interpreter,
        )
        requests.append((facts, TODAY + timedelta(days=rng.randrange(DAYS))))
    return requests


# --- timing --------------------------------------------------------------------------------


def timed(decide: Callable[[RequestFacts, date], object], requests: list) -> tuple[list, list]:
    """Each decision and its time in nanoseconds (perf_counter_ns around one call).

    The garbage collector is off while timing, as in timeit: otherwise the pauses it takes over
    the decisions this benchmark keeps for checking would be counted against routing.
    """
    clock = time.perf_counter_ns
    results, times = [], []
    gc.collect()
    gc.disable()
    try:
        for facts, today in requests:
            start = clock()
            result = decide(facts, today)
            times.append(clock() - start)
            results.append(result)
    finally:
        gc.enable()
    return results, times


def summary(times: list[int]) -> str:
    ordered = sorted(times)

    def at(share: float) -> float:
        return ordered[int(share * (len(ordered) - 1))] / 1000

    return (
        f"median {at(0.5):8.2f}  p95 {at(0.95):8.2f}  p99 {at(0.99):8.2f}  max {at(1):9.2f}  "
        f"mean {statistics.fmean(ordered) / 1000:8.2f}  (µs)"
    )


def machine() -> str:
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            model = next(line.split(":", 1)[1].strip() for line in cpuinfo if "model name" in line)
    except (OSError, StopIteration):
        pass
    return f"{model}, nproc {os.cpu_count()}, Python {platform.python_version()}"


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rules", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--naive", type=int, default=5_000, help="requests sampled for the scan")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--all-counties", action="store_true",
                        help="also time the live router in a database with one region and in "
                             "one with every county loaded")
    parser.add_argument("--other-rules", type=int, default=200,
                        help="rules of each other county (with --all-counties)")
    parser.add_argument("--url", default=None,
                        help="a PostgreSQL server for --all-counties (a scratch database is "
                             "created and dropped); SQLite files by default")
    common.add_tiny(parser, rules=300, requests=3_000, naive=300, other_rules=20)
    return parser


@contextlib.contextmanager
def database(args, name: str):
    if args.url:
        with common.scratch_database(args.url) as url:
            yield url
    else:
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{folder}/{name}.db"


def live(args, config: RoutingConfig, requests: list, expected: list, every_county: bool
         ) -> int:
    """The live router (routing_admin.router) on a database with Varsinais-Suomi alone or with
    every county; prints its rows and returns the disagreements with `expected`."""
    label = "every county" if every_county else "one region  "
    with database(args, "every" if every_county else "one") as url:
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": common.BENCH_SECRET})
        with app.app_context():
            db.create_all()
            start = time.perf_counter()
            region = counties.load(db.session, every_county)
            centre_ids, rule_ids = counties.store_config(db.session, region, config)
            others = (counties.start_other_counties(db.session, random.Random(args.seed),
                                                    args.other_rules) if every_county else [])
            db.session.commit()
            print(f"{label}: {counties.counts(db.session)} (set up in "
                  f"{time.perf_counter() - start:.1f} s)")
            live_router.clear_cache()
            start = time.perf_counter()
            live_router.router_for(db.session, region)
            build_ms = (time.perf_counter() - start) * 1000
            print(f"{label}: build from the database and compile: {build_ms:.0f} ms")
            session = db.session
            fast, fast_ns = timed(
                lambda f, d: live_router.router_for(session, region).route(f, d, explain=False),
                requests)
            traced, traced_ns = timed(
                lambda f, d: live_router.route_request(session, region, f, d), requests)
            print(f"{label}: live router, explain=False ({len(requests):>6} requests): "
                  f"{summary(fast_ns)}")
            print(f"{label}: live router, explain=True  ({len(requests):>6} requests): "
                  f"{summary(traced_ns)}")
            want = [(centre_ids[c], via, rule_ids.get(r) if r else None)
                    for c, via, r in expected]
            disagreements = sum(w != (d.centre, d.via, d.rule)
                                for w, d in zip(want, fast, strict=True))
            disagreements += sum(w != (d.centre, d.via, d.rule)
                                 for w, d in zip(want, traced, strict=True))
            if others:
                spread = finland_requests(db.session, random.Random(args.seed), len(requests))
                by_id = {r.id: r for r in [region, *others]}
                start = time.perf_counter()
                for r in others:  # every county's router built and cached once
                    live_router.router_for(session, r)
                print(f"{label}: build and compile the other {len(others)} counties: "
                      f"{(time.perf_counter() - start) * 1000:.0f} ms")
                _, spread_ns = timed(lambda f, d: live_router.route_request(
                    session, by_id[f[0]], f[1], d), spread)
                print(f"{label}: live router, explain=True, requests from every county "
                      f"({len(spread):>6}): {summary(spread_ns)}")
            db.session.remove()
            db.engine.dispose()
    return disagreements


def finland_requests(session, rng: random.Random, n: int) -> list:
    """Requests from every municipality in service, more from those with more postal codes
    (a stand-in for population), each with its county's id: ((region id, facts), day)."""
    rows = session.execute(sa.text(
        "SELECT m.code, m.region_id, count(p.code) FROM municipality m"
        " JOIN region r ON r.id = m.region_id AND r.in_service"
        " LEFT JOIN postal_code p ON p.municipality_code = m.code"
        " GROUP BY m.code, m.region_id")).all()
    weights = [count + 1 for _, _, count in rows]
    requests = []
    for code, region_id, _ in rng.choices(rows, weights, k=n):
        facts = RequestFacts(municipality=code, topic=rng.choice(counties.TOPICS),
                             child_ages=(rng.randint(0, 17),))
        requests.append(((region_id, facts), TODAY + timedelta(days=rng.randrange(DAYS))))
    return requests


def main(argv=None) -> int:
    args = common.parse(parser(), argv)

    rng = random.Random(args.seed)
    config = make_config(rng, args.rules)
    requests = make_requests(rng, args.requests)
    sample = rng.sample(range(len(requests)), min(args.naive, len(requests)))

    start = time.perf_counter()
    router = compile_config(config)
    compile_ms = (time.perf_counter() - start) * 1000

    fast, fast_ns = timed(lambda f, d: router.route(f, d, explain=False), requests)
    explained, explained_ns = timed(lambda f, d: router.route(f, d, explain=True), requests)
    naive, naive_ns = timed(lambda f, d: naive_route(config, f, d), [requests[i] for i in sample])
    _, empty_ns = timed(lambda f, d: None, requests)

    decided = [(d.centre, d.via, d.rule) for d in fast]
    disagreements = sum(a != (b.centre, b.via, b.rule)
                        for a, b in zip(decided, explained, strict=True))
    disagreements += sum(decided[i] != n for i, n in zip(sample, naive, strict=False))

    print(f"machine: {machine()}")
    print(
        f"{args.rules} rules, {len(config.centres)} centres, {len(config.municipalities)} "
        f"municipalities; {len(requests)} requests over {DAYS} days (seed {args.seed})"
    )
    print(f"compile: {compile_ms:.0f} ms")
    print(f"compiled, explain=False  ({len(requests):>6} requests): {summary(fast_ns)}")
    print(f"compiled, explain=True   ({len(requests):>6} requests): {summary(explained_ns)}")
    print(f"naive scan of all rules  ({len(sample):>6} requests): {summary(naive_ns)}")
    print(f"timer and call overhead  ({len(requests):>6} requests): {summary(empty_ns)}")
    vias = Counter(d.via for d in fast)
    steps = statistics.median(len(d.trace) for d in explained)
    print(f"decisions: {dict(vias)}; median trace length {steps} steps")
    if args.all_counties:
        expected = [(d.centre, d.via, d.rule) for d in fast]
        for every_county in (False, True):
            disagreements += live(args, config, requests, expected, every_county)
    print(f"disagreements: {disagreements}")
    return 1 if disagreements else 0


if __name__ == "__main__":
    sys.exit(main())
