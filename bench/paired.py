"""This checkout against another commit, in pairs: the same requests in two app processes, one
of each checkout, batch after batch in turn, so that both see the same machine.

    .venv/bin/python bench/paired.py --against REV [--batches 15] [--posts 40] [--gets 300]
                                     [--url postgresql+psycopg://postgres@127.0.0.1:5432/postgres]

A shared machine's speed drifts by half within a minute, and two runs a minute apart compare
two machines; batches a fraction of a second apart, in turn, do not. REV is checked out in a
temporary git worktree (its translations compiled), and for each of three requests (a valid
POST of the form as bench/profile_submit.py sends it, GET /healthz, GET /fi/ without a cookie)
two processes are started, one per checkout, each with its own scratch database set up by its
own `bench/intake.py` and the app in production settings (logs to /dev/null). Each answers
"run N" with the process CPU time of N requests through Flask's test client. Printed: each
side's least and median batch, and the median and range of the pairs' ratios (this / REV).
"""
from __future__ import annotations

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]

import argparse  # noqa: E402
import html  # noqa: E402
import logging  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402

from werkzeug.datastructures import MultiDict  # noqa: E402

ROOT = _HERE.parent
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
KINDS = ("post", "/healthz", "/fi/")


def parser() -> argparse.ArgumentParser:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--against", default="HEAD", help="the commit to compare with")
    options.add_argument("--url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    options.add_argument("--batches", type=int, default=15)
    options.add_argument("--posts", type=int, default=40, help="submissions per batch")
    options.add_argument("--gets", type=int, default=300, help="GETs per batch")
    options.add_argument("--serve", nargs=2, metavar=("ROOT", "KIND"), help=argparse.SUPPRESS)
    options.add_argument("--tiny", action="store_true",
                         help="a run that checks the benchmark works: --against HEAD, "
                              "--batches 2 --posts 3 --gets 20")
    return options


def serve(root: str, kind: str, url: str) -> None:
    """One side: set up, say "ready", then time each batch asked for on stdin. The app and the
    benchmarks' setup are imported from `root`, so they are imported here, not at the top."""
    sys.path.insert(0, root)
    from bench import common, intake
    with common.scratch_database(url) as scratch:
        intake.setup_database(scratch)
        os.environ.update({"HELPBUTTON_ENV": "production", "SESSION_COOKIE_SECURE": "false",
                           "SESSION_COOKIE_NAME": "session", "RATELIMIT_ENABLED": "false",
                           "DATABASE_URL": scratch, "SECRET_KEY": common.BENCH_SECRET})
        from helpbutton import create_app
        from helpbutton.extensions import db
        app = create_app({"SECRET_KEY": common.BENCH_SECRET, "SQLALCHEMY_DATABASE_URI": scratch,
                          "RATELIMIT_ENABLED": False})
        logging.disable(logging.CRITICAL)
        base = "http://" + app.config["TRUSTED_HOSTS"][0].lstrip(".")
        client = app.test_client()
        page = client.get("/fi/", base_url=base).get_data(as_text=True)
        token = html.unescape(re.search(r'name="csrf_token"[^>]*value="([^"]+)"',
                                        page).group(1))
        run, sent = uuid.uuid4().hex[:8], [0]

        def post() -> None:
            sent[0] += 1
            response = client.post("/fi/", base_url=base, data=MultiDict(intake.FORM + [
                ("csrf_token", token), ("submission_key", f"{run}-{sent[0]}")]))
            assert response.status_code == 302, response.status_code

        def get() -> None:  # a new client: no cookie, as a family first opens the page
            assert app.test_client().get(kind, base_url=base).status_code == 200

        one = post if kind == "post" else get
        for _ in range(20):
            one()
        print("ready", flush=True)
        for line in sys.stdin:
            n = int(line)
            started = time.process_time()
            for _ in range(n):
                one()
            print(f"{(time.process_time() - started) / n * 1000:.4f}", flush=True)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def compare(roots: dict[str, Path], kind: str, n: int, batches: int, url: str) -> None:
    sides = {name: subprocess.Popen(
        [sys.executable, __file__, "--serve", str(root), kind, "--url", url], cwd=root,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        for name, root in roots.items()}
    try:
        for side in sides.values():
            # The setup prints its own lines first; an empty one is the end of the output.
            line = "-"
            while line and line.strip() != "ready":
                line = side.stdout.readline()
            if not line:
                raise RuntimeError(f"{kind}: a side did not start (run it with --serve)")
        times: dict[str, list[float]] = {name: [] for name in sides}
        for _ in range(batches):
            for name, side in sides.items():
                side.stdin.write(f"{n}\n")
                side.stdin.flush()
                times[name].append(float(side.stdout.readline()))
    finally:
        for side in sides.values():
            side.stdin.close()
            side.wait(timeout=120)
    ratios = sorted(new / old for old, new in zip(times["against"], times["this"], strict=True))
    label = "POST /fi/ (a submission)" if kind == "post" else f"GET {kind}"
    print(f"{label}, {batches} batches of {n}, ms of CPU per request:")
    for name in ("against", "this"):
        print(f"  {name:8} least {min(times[name]):.3f}, median "
              f"{statistics.median(times[name]):.3f}")
    print(f"  this / against, pair by pair: median {statistics.median(ratios):.3f} "
          f"(from {ratios[0]:.3f} to {ratios[-1]:.3f})")


def main(argv=None) -> None:
    args = parser().parse_args(argv)
    if args.serve:
        serve(*args.serve, args.url)
        return
    if args.tiny:
        args.against, args.batches, args.posts, args.gets = "HEAD", 2, 3, 20
    pybabel = Path(sys.executable).parent / "pybabel"
    with tempfile.TemporaryDirectory(prefix="paired-") as tmp:
        other = Path(tmp) / "against"
        subprocess.run(["git", "worktree", "add", "--detach", "--quiet", str(other),
                        args.against], cwd=ROOT, check=True)
        try:
            subprocess.run([str(pybabel), "-q", "compile", "-d", "translations"], cwd=other,
                           check=True)
            print(f"against {args.against}: "
                  + subprocess.run(["git", "log", "-1", "--format=%h %s", args.against],
                                   cwd=ROOT, capture_output=True, text=True).stdout.strip())
            roots = {"against": other, "this": ROOT}
            for kind in KINDS:
                compare(roots, kind, args.posts if kind == "post" else args.gets,
                        args.batches, args.url)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(other)], cwd=ROOT,
                           check=False)


if __name__ == "__main__":
    main()
