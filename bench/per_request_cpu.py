"""CPU time of the app process per request, in-process through Flask's test client: the steady
measure on a shared machine, where wrk's rates move with everyone else's load.

    .venv/bin/python bench/per_request_cpu.py [--requests 2000] [--url …]

A scratch PostgreSQL database with Varsinais-Suomi and its demo (as bench/intake.py), the app
with production settings and JSON logs (written to /dev/null), and the minimal insert of
bench/minimal_app.py on the same database; the same loop for each: `time.process_time` over N
requests after 50 of warm-up, the test client's own work included. It also prints the RSS of a
fresh process after importing the app, as a gunicorn worker would.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import uuid

if __package__ in (None, ""):
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench import common, intake, minimal_app  # noqa: E402


def cpu_per_request(client, method: str, path: str, n: int, status: int, data=None) -> float:
    def one(i: int):
        if data is not None:
            return client.open(path, method=method, data=data(i))
        return client.open(path, method=method)

    for i in range(50):
        assert one(-1 - i).status_code == status
    started = time.process_time()
    for i in range(n):
        response = one(i)
    elapsed = time.process_time() - started
    assert response.status_code == status, response.status_code
    return elapsed / n * 1e6


RSS_SNIPPET = """
import re, {module}
print(re.search(r"VmRSS:\\s+(\\d+)", open("/proc/self/status").read()).group(1))
"""


def rss_after_import(module: str, env: dict[str, str]) -> float:
    out = subprocess.run([sys.executable, "-c", RSS_SNIPPET.format(module=module)],
                         env={**os.environ, **env, "PYTHONPATH": str(common.ROOT)},
                         cwd=common.ROOT, capture_output=True, text=True, check=True)
    return int(out.stdout.split()[-1]) / 1024


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default=common.DEFAULT_URL,
                        help="a PostgreSQL server (a scratch database is made there)")
    parser.add_argument("--requests", type=int, default=2000, help="timed requests of each")
    common.add_tiny(parser, requests=20)
    return parser


def main(argv=None) -> None:
    args = common.parse(parser(), argv)
    with common.scratch_database(args.url) as url:
        intake.setup_database(url)
        env = {"DATABASE_URL": url, "SECRET_KEY": common.BENCH_SECRET,
               "HELPBUTTON_ENV": "production", "SESSION_COOKIE_SECURE": "false",
               "RATELIMIT_ENABLED": "false"}
        os.environ.update(env)
        print(f"RSS after import: app {rss_after_import('wsgi', env):.1f} MiB, "
              f"minimal {rss_after_import('bench.minimal_app', env):.1f} MiB")
        from helpbutton import create_app
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": common.BENCH_SECRET,
                          "SESSION_COOKIE_SECURE": False, "RATELIMIT_ENABLED": False,
                          "TRUSTED_HOSTS": ["localhost"]})
        assert app.config["ENV_NAME"] == "production" and app.config["LOG_FORMAT"] == "json"
        minimal = minimal_app.make_app(url)
        run = uuid.uuid4().hex[:8]
        n = args.requests
        stderr = sys.stderr
        with open(os.devnull, "w") as devnull:
            sys.stderr = devnull
            try:
                figures = {
                    "minimal insert (POST)": cpu_per_request(
                        minimal.test_client(), "POST", "/", n, 201,
                        data=lambda i: {"submission_key": f"{run}-{i}"}),
                    "GET /healthz": cpu_per_request(app.test_client(), "GET", "/healthz", n, 200),
                    # a new client each time: no cookie, as a family first opens the page
                    "GET /fi/ (no cookie)": cpu_per_request(
                        _Fresh(app), "GET", "/fi/", n, 200),
                }
            finally:
                sys.stderr = stderr
        for name, us in figures.items():
            print(f"{name:24} {us:7.0f} µs CPU per request")
        base = figures["minimal insert (POST)"]
        for name in ("GET /healthz", "GET /fi/ (no cookie)"):
            print(f"ratio minimal / {name}: {base / figures[name]:.2f}")
        print("load:", os.getloadavg())


class _Fresh:
    """A test client without cookies for each request."""

    def __init__(self, app):
        self.client = app.test_client(use_cookies=False)

    def open(self, *a, **kw):
        return self.client.open(*a, **kw)


if __name__ == "__main__":
    main()
