"""The submit path in-process: cProfile over N POSTs of the public form with the Flask test
client against PostgreSQL (a scratch database), production configuration, with every SQL
statement of one submission listed (an SQLAlchemy event listener) and the CPU time per
submission (process time, steady on a loaded machine).

    python bench/profile_submit.py [--url postgresql+psycopg://postgres@127.0.0.1:5432/postgres]
                                   [--requests 300] [--top 25] [--no-profile]
"""
from __future__ import annotations

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

import argparse  # noqa: E402
import cProfile  # noqa: E402
import html  # noqa: E402
import io  # noqa: E402
import os  # noqa: E402
import pstats  # noqa: E402
import re  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402

import sqlalchemy as sa  # noqa: E402
from werkzeug.datastructures import MultiDict  # noqa: E402

from bench import common, intake  # noqa: E402


def parser() -> argparse.ArgumentParser:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--url", default=os.environ.get("BENCH_DATABASE_URL",
                                                         common.DEFAULT_URL))
    options.add_argument("--requests", type=int, default=300)
    options.add_argument("--top", type=int, default=25)
    options.add_argument("--no-profile", action="store_true")
    return options


def main(argv=None) -> None:
    args = parser().parse_args(argv)
    with common.scratch_database(args.url) as url:
        intake.setup_database(url)
        os.environ.update({"HELPBUTTON_ENV": "production", "SESSION_COOKIE_SECURE": "false",
                           "SESSION_COOKIE_NAME": "session", "RATELIMIT_ENABLED": "false",
                           "DATABASE_URL": url, "SECRET_KEY": common.BENCH_SECRET})
        import logging

        from helpbutton import create_app
        from helpbutton.extensions import db
        app = create_app({"SECRET_KEY": common.BENCH_SECRET,
                          "SQLALCHEMY_DATABASE_URI": url,
                          "RATELIMIT_ENABLED": False})
        logging.disable(logging.WARNING)
        client = app.test_client()
        base = "http://" + app.config["TRUSTED_HOSTS"][0].lstrip(".")
        page = client.get("/fi/", base_url=base).get_data(as_text=True)
        token = html.unescape(re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1))
        run = uuid.uuid4().hex[:8]

        def post(i: int):
            response = client.post("/fi/", base_url=base, data=MultiDict(intake.FORM + [
                ("csrf_token", token), ("submission_key", f"{run}-{i}")]))
            assert response.status_code == 302, response.status_code

        for i in range(20):  # warm-up: templates compiled, caches filled
            post(-1 - i)
        statements: list[str] = []
        with app.app_context():
            engine = db.engine

        def listen(conn, cursor, statement, parameters, context, executemany):
            statements.append(" ".join(statement.split())[:110])
        sa.event.listen(engine, "before_cursor_execute", listen)
        post(0)
        sa.event.remove(engine, "before_cursor_execute", listen)
        print(f"SQL statements of one submission (POST /fi/ to 302): {len(statements)}")
        for s in statements:
            print("  ", s)
        profile = cProfile.Profile()
        cpu, wall = time.process_time(), time.perf_counter()
        if not args.no_profile:
            profile.enable()
        for i in range(1, args.requests + 1):
            post(i)
        if not args.no_profile:
            profile.disable()
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        print(f"{args.requests} submissions: CPU {1000 * cpu / args.requests:.2f} ms each, "
              f"wall {1000 * wall / args.requests:.2f} ms each"
              f"{' (under cProfile)' if not args.no_profile else ''}")
        engine2 = sa.create_engine(url)
        with engine2.connect() as conn:
            stored = conn.scalar(sa.text("select count(*) from help_request"))
            outbox = conn.scalar(sa.text("select count(*) from outbox_message"))
        engine2.dispose()
        print(f"stored {stored} requests, {outbox} outbox messages "
              f"(expected {args.requests + 21} each)")
        if not args.no_profile:
            out = io.StringIO()
            stats = pstats.Stats(profile, stream=out)
            stats.sort_stats("cumulative").print_stats(args.top)
            stats.sort_stats("tottime").print_stats(args.top)
            print(out.getvalue())
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


if __name__ == "__main__":
    main()
