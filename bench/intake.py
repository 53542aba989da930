"""Intake throughput: the real submit path under gunicorn on PostgreSQL, beside a minimal Flask
app that inserts one row, driven on loopback by wrk; then the memory of each app process.

    python bench/intake.py [--url postgresql+psycopg://postgres@127.0.0.1:5432/postgres]
                           [--duration 20] [--rounds 3] [--connections 8] [--threads 2]
                           [--keep] [--all-counties] [--rules 0] [--tiny]

Creates a scratch database (dropped at the end), loads Varsinais-Suomi and the demo centres
and rules (`--all-counties`: every county's reference data and the demo of Varsinais-Suomi,
Keski-Suomi and Päijät-Häme; `--rules N`: bench/routing.py's generated configuration of N rules
in Varsinais-Suomi besides), and starts `gunicorn -c gunicorn.conf.py` twice, side by side,
with the same environment (so the same workers and threads): the real app and
`bench/minimal_app.py`. Rate limiting is off for the run (RATELIMIT_ENABLED=false): with it on,
the form takes three requests a minute from one address, and every request here comes from
127.0.0.1.

The real path is what a browser does: GET /fi/ once (per wrk thread) for the session cookie
and the CSRF token, then POST /fi/ with a valid form, each with a fresh submission key, which
answers 302 to the confirmation page. For reading the ratio it also drives plain GETs of the
real app's /healthz (one SELECT 1): the cost of a request through the app before the form does
anything; and plain GETs of the form's page /fi/ without a cookie, as a family first opens it
(a new session and CSRF token each time). The four loads (real, minimal, /healthz, /fi/) run in
turn, `--rounds` times, each for `--duration` seconds, after one warm-up of each server: on a
shared machine whose speed drifts, a ratio holds only between loads run close together, so each
round gives its ratios and the medians are printed. After each load the script checks that
every 302 was stored and that nothing was stored twice; at the end it reads RSS, PSS and USS of
every gunicorn worker from /proc/<pid>/smaps_rollup. The last line is the intake ratio.
"""
from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, Python puts bench/ first on sys.path: the repository root instead, so that
# `from bench import …` works (and no file here may be named like a standard library module).
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

import argparse  # noqa: E402
import html  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import urllib.error  # noqa: E402
import urllib.parse  # noqa: E402
import urllib.request  # noqa: E402
import uuid  # noqa: E402

import sqlalchemy as sa  # noqa: E402

from bench import common, minimal_app  # noqa: E402

# A valid form, as tests/public/conftest.py's GOOD (Turku, parenting, two children, phone).
FORM = [
    ("municipality_code", "853"), ("postal_code", ""), ("topic_code", "parenting"),
    ("child_ages", "4"), ("child_ages", "9"),
    ("description", "Iltaisin on vaikeaa, ja haluaisin jutella jonkun kanssa."),
    ("contact_method", "phone"), ("phone", "040 123 4567"), ("email", ""),
    ("contact_times", "aamupäivisin"), ("contact_name", ""), ("service_language", "fi"),
    ("consent", "y"), ("website", ""), ("partner", ""),
]

# One session (cookie + CSRF token) per wrk thread; a unique submission key per request:
# the run's id, the thread's number and a counter. `response` counts the expected status;
# `done` adds up the threads' counts.
LUA = r"""
local sessions = {SESSIONS}
local run = "{RUN}"
local fixed = "{BODY}"
local expected = {EXPECTED}
local threads = {}
local next_id = 1

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  local s = sessions[((id - 1) % #sessions) + 1]
  csrf = s[2]
  sent, ok, other = 0, 0, 0
  wrk.method = "POST"
  wrk.headers["Cookie"] = s[1]
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end

function request()
  sent = sent + 1
  local key = run .. "-" .. id .. "-" .. sent
  local body = fixed .. "&csrf_token=" .. csrf .. "&submission_key=" .. key
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  if status == expected then ok = ok + 1 else other = other + 1 end
end

function done(summary, latency, requests)
  local ok_all, other_all = 0, 0
  for _, t in ipairs(threads) do
    ok_all = ok_all + t:get("ok")
    other_all = other_all + t:get("other")
  end
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d p50_us=%d p95_us=%d p99_us=%d max_us=%d " ..
    "connect=%d read=%d write=%d timeout=%d non_2xx_3xx=%d expected=%d other=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.timeout, e.status,
    ok_all, other_all))
end
"""


def session_for(base: str) -> tuple[str, str]:
    """GET /fi/ as a browser: (the Cookie header to send back, the form's CSRF token)."""
    with urllib.request.urlopen(base + "/fi/", timeout=30) as response:
        page = response.read().decode()
        cookies = [c.split(";", 1)[0] for c in response.headers.get_all("Set-Cookie") or []]
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    if not cookies or not token:
        raise RuntimeError("the form page gave no session cookie or no CSRF token")
    return "; ".join(cookies), html.unescape(token.group(1))


def check_one(base: str, cookie: str, token: str, run: str) -> int:
    """One submission by hand, so that a broken setup fails loudly before the load."""
    body = urllib.parse.urlencode(
        FORM + [("csrf_token", token), ("submission_key", f"{run}-check")]).encode()
    req = urllib.request.Request(base + "/fi/", data=body, method="POST", headers={
        "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        with urllib.request.build_opener(NoRedirect).open(req, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def lua_script(sessions: list[tuple[str, str]], run: str, expected: int) -> str:
    def quote(value: str) -> str:
        return value.replace("\\", "\\\\").replace('"', '\\"')

    table = "{" + ", ".join(f'{{"{quote(c)}", "{quote(urllib.parse.quote(t))}"}}'
                            for c, t in sessions) + "}"
    return (LUA.replace("{SESSIONS}", table).replace("{RUN}", run)
            .replace("{BODY}", quote(urllib.parse.urlencode(FORM)))
            .replace("{EXPECTED}", str(expected)))


def run_wrk(wrk: str, url: str, script: str, args, duration: int) -> dict[str, int]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script)
    try:
        out = subprocess.run(
            [wrk, f"-t{args.threads}", f"-c{args.connections}", f"-d{duration}s",
             "--timeout", "10s", "-s", f.name, url],
            capture_output=True, text=True, check=True).stdout
    finally:
        Path(f.name).unlink()
    line = next(line for line in out.splitlines() if line.startswith("RESULT "))
    return {k: int(v) for k, v in (pair.split("=") for pair in line.split()[1:])}


def plain_rate(wrk: str, url: str, args, duration: int) -> float:
    """Requests per second of plain GETs of `url` (no script): a floor for the app's cost."""
    out = subprocess.run(
        [wrk, f"-t{args.threads}", f"-c{args.connections}", f"-d{duration}s", url],
        capture_output=True, text=True, check=True).stdout
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def setup_database(url: str, all_counties: bool = False, rules: int = 0) -> None:
    import random

    from bench import counties, routing
    from helpbutton import create_app
    from helpbutton.extensions import db
    from helpbutton.refdata import demo_data

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": common.BENCH_SECRET})
    with app.app_context():
        db.create_all()
        region = counties.load(db.session, all_counties)
        if all_counties:
            demo_data.load_demo_all(db.session)
        else:
            demo_data.load_demo(db.session)
        if rules:
            counties.store_config(db.session, region,
                                  routing.make_config(random.Random(2026), rules))
        db.session.commit()
        print(f"database: {counties.counts(db.session)}", flush=True)
        db.session.remove()
        db.engine.dispose()
    minimal_app.create_table(url)


def count(url: str, sql: str) -> int:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        value = conn.scalar(sa.text(sql))
    engine.dispose()
    return value


def settled(url: str, sql: str, timeout: float = 30.0) -> int:
    """The count once the server has finished the requests still in flight: unchanged for
    two seconds (a fixed pause is too short on a loaded machine, where a request takes long)."""
    deadline = time.monotonic() + timeout
    last, still = count(url, sql), 0
    while time.monotonic() < deadline and still < 4:
        time.sleep(0.5)
        now = count(url, sql)
        still = still + 1 if now == last else 0
        last = now
    return last


def measure(server: common.Gunicorn, name: str, wrk: str, args, run: str, expected: int,
            sessions: list[tuple[str, str]], stored_sql: str, url: str, warmup: int) -> dict:
    target = server.base + ("/fi/" if name == "real" else "/")
    if warmup:
        run_wrk(wrk, target, lua_script(sessions, run + "w", expected), args, warmup)
    before = settled(url, stored_sql)  # the warm-up's last requests finished before counting
    result = run_wrk(wrk, target, lua_script(sessions, run, expected), args, args.duration)
    result["stored"] = settled(url, stored_sql) - before
    result["memory"] = {pid: common.memory(pid) for pid in server.workers()}
    return result


def report(name: str, r: dict, connections: int) -> tuple[float, bool]:
    rate = r["requests"] / (r["duration_us"] / 1e6)
    errors = r["connect"] + r["read"] + r["write"] + r["timeout"]
    # wrk stops without waiting for the requests still in flight: the server may have stored
    # up to one per connection more than wrk saw answered.
    lost = r["stored"] < r["expected"]
    extra = r["stored"] - r["expected"]
    verdict = "ok" if not lost and extra <= connections else "MISMATCH"
    print(f"{name:8} {rate:8.1f} req/s  p50 {r['p50_us'] / 1000:7.1f} ms  "
          f"p95 {r['p95_us'] / 1000:7.1f} ms  p99 {r['p99_us'] / 1000:7.1f} ms  "
          f"answers {r['requests']}  expected status {r['expected']}  other {r['other']}  "
          f"non-2xx/3xx {r['non_2xx_3xx']}  socket errors {errors}  "
          f"stored {r['stored']} ({verdict}: {extra} in flight at the end)")
    return rate, verdict == "ok"


def memory_report(name: str, memory: dict) -> None:
    for pid, m in sorted(memory.items()):
        print(f"{name:8} worker {pid}: RSS {m['rss'] / 1024:6.1f} MiB  "
              f"PSS {m['pss'] / 1024:6.1f} MiB  USS {m['uss'] / 1024:6.1f} MiB")


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", default=common.DEFAULT_URL,
                        help="a PostgreSQL server URL (SQLAlchemy form); a scratch database "
                             "is created on it and dropped afterwards")
    parser.add_argument("--duration", type=int, default=20, help="seconds of measured load")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of warm-up load")
    parser.add_argument("--rounds", type=int, default=3,
                        help="rounds of the four loads in turn; the ratios are their medians")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--all-counties", action="store_true",
                        help="every county loaded, the three demo counties' demo")
    parser.add_argument("--rules", type=int, default=0,
                        help="a generated configuration of this many rules in Varsinais-Suomi")
    common.add_tiny(parser, duration=2, warmup=1, connections=1, threads=1, rounds=1)
    return parser


def main(argv=None) -> None:
    args = common.parse(parser(), argv)
    wrk = shutil.which("wrk")
    if wrk is None:
        sys.exit("wrk is not on PATH (Debian: apt-get install wrk)")

    with common.scratch_database(args.url, keep=args.keep) as url:
        engine = sa.create_engine(url)
        print("machine:", common.machine(engine))
        engine.dispose()
        setup_database(url, args.all_counties, args.rules)
        env = {"DATABASE_URL": url, "SECRET_KEY": common.BENCH_SECRET,
               # Production settings, but plain http on loopback: a cookie that wrk can send.
               "HELPBUTTON_ENV": "production", "SESSION_COOKIE_SECURE": "false",
               "SESSION_COOKIE_NAME": "session",
               "RATELIMIT_ENABLED": "false", "GUNICORN_LOGLEVEL": "warning"}
        if args.tiny:  # a check that it works, not a measurement: fewer workers to start
            env.setdefault("GUNICORN_WORKERS", os.environ.get("GUNICORN_WORKERS", "2"))
        run = uuid.uuid4().hex[:12]
        # Both servers up at once, and the four loads taken in turn, round after round: a
        # shared machine's speed drifts by half within a minute, and a ratio means something
        # only between loads that ran under the same drift.
        with common.Gunicorn("wsgi:app", env, health="/healthz") as real_server, \
                common.Gunicorn("bench.minimal_app:app", env) as minimal_server:
            settings = f"{len(real_server.workers())} workers"
            sessions = [session_for(real_server.base) for _ in range(args.threads)]
            status = check_one(real_server.base, *sessions[0], run)
            if status != 302:
                sys.exit(f"a valid submission answered {status}, not 302: setup is broken")
            rounds = []
            for number in range(args.rounds):
                tag = f"{run}r{number}"
                warmup = args.warmup if number == 0 else 0
                real = measure(real_server, "real", wrk, args, tag, 302, sessions,
                               "select count(*) from help_request", url, warmup)
                minimal = measure(minimal_server, "minimal", wrk, args, tag, 201, sessions,
                                  "select count(*) from bench_minimal_row", url, warmup)
                # The app's lightest request (one SELECT 1): what the app costs per request
                # before the form does anything; and the form's page as a family first opens
                # it (no cookie: a new session and CSRF token each time).
                floor = plain_rate(wrk, real_server.base + "/healthz", args, args.duration)
                form_rate = plain_rate(wrk, real_server.base + "/fi/", args, args.duration)
                rounds.append((real, minimal, floor, form_rate))
            outbox = count(url, "select count(*) from outbox_message")
            stored_all = count(url, "select count(*) from help_request")
            duplicates = count(url, "select count(*) - count(distinct submission_key) "
                                    "from help_request")

    print(f"gunicorn -c gunicorn.conf.py: {settings}, "
          f"{os.environ.get('GUNICORN_THREADS', '1')} thread(s) each; wrk -t{args.threads} "
          f"-c{args.connections} -d{args.duration}s each, {args.rounds} round(s) of the four "
          f"loads in turn (after {args.warmup} s warm-up)")
    ratios: dict[str, list[float]] = {"real": [], "healthz": [], "form": []}
    all_ok = True
    for number, (real, minimal, floor, form_rate) in enumerate(rounds, 1):
        print(f"round {number}:")
        real_rate, real_ok = report("real", real, args.connections)
        minimal_rate, minimal_ok = report("minimal", minimal, args.connections)
        all_ok = all_ok and real_ok and minimal_ok
        print(f"GET /healthz {floor:8.1f} req/s   GET /fi/ (no cookie) {form_rate:8.1f} req/s")
        ratios["real"].append(real_rate / minimal_rate)
        ratios["healthz"].append(floor / minimal_rate)
        ratios["form"].append(form_rate / minimal_rate)

    def summary(name: str) -> str:
        each = ", ".join(f"{r:.2f}" for r in ratios[name])
        return f"{statistics.median(ratios[name]):.2f} (median of rounds: {each})"
    print(f"the real app's lightest request, GET /healthz (one SELECT 1) / minimal insert: "
          f"{summary('healthz')}, target >= 2")
    print(f"the public form's page, GET /fi/ (no cookie) / minimal insert: "
          f"{summary('form')}, target >= 2")
    print(f"whole run, warm-up included: {stored_all} help requests stored, {outbox} outbox "
          f"messages queued, {duplicates} submission keys stored twice")
    print("memory of each worker after the load:")
    memory_report("real", rounds[-1][0]["memory"])
    memory_report("minimal", rounds[-1][1]["memory"])
    # Last, as always: the intake ratio.
    print(f"ratio real / minimal: {summary('real')} (target >= 0.5)")
    if not all_ok or duplicates:
        sys.exit("stored rows do not match the answers given")


if __name__ == "__main__":
    main()
