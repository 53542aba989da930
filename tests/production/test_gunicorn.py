"""The app under gunicorn, as in production: `gunicorn -c gunicorn.conf.py wsgi:app` on
PostgreSQL, with HELPBUTTON_ENV=production. Health check, security headers, and a stderr that
is JSON lines only, with no follow-up link's path in it."""
import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from helpbutton import create_app
from helpbutton.extensions import db, limiter
from helpbutton.refdata import demo_data, reference_data
from tests.production.conftest import BASE_CONFIG
from tests.public.conftest import FormDriver

ROOT = Path(__file__).resolve().parents[2]
SECRET = "gunicorn-test-secret-key-long-enough-0000"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def database(make_postgres_database):
    """A PostgreSQL database with the schema, the region, and one family's request."""
    url = make_postgres_database()
    app = create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.create_all()
        reference_data.load_region(db.session, "Varsinais-Suomi")
        demo_data.load_demo(db.session)
        db.session.commit()
        limiter.reset()
        client = app.test_client()
        assert FormDriver(client).send().status_code == 302
        confirmation = client.get("/fi/confirmation").get_data(as_text=True)
        token = re.search(r"/fi/follow-up/([A-Za-z0-9_\-]+)", confirmation).group(1)
        db.session.remove()
        db.engine.dispose()
    return url, token


@contextlib.contextmanager
def _serving(url: str, logs: Path, **settings):
    """gunicorn as in production on a free port, its stderr in `logs`/stderr."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LOG_", "GUNICORN_"))}
    env.update({
        "HELPBUTTON_ENV": "production", "SECRET_KEY": SECRET, "DATABASE_URL": url,
        "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "2",
        "RATELIMIT_STORAGE_URI": "memory://", "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
        "TRUSTED_HOSTS": "127.0.0.1,localhost",
        **settings,
    })
    stderr = (logs / "stderr").open("wb")
    stdout = (logs / "stdout").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
        cwd=ROOT, env=env, stdout=stdout, stderr=stderr)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60  # a busy machine boots workers slowly
        while True:
            if process.poll() is not None:
                pytest.fail(f"gunicorn exited: {(logs / 'stderr').read_text()}")
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"gunicorn did not answer: {(logs / 'stderr').read_text()}")
                time.sleep(0.2)
        yield {"base": base, "port": port, "process": process, "stderr": logs / "stderr"}
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        stderr.close()
        stdout.close()


@pytest.fixture(scope="module")
def gunicorn(database, tmp_path_factory):
    url, _token = database
    with _serving(url, tmp_path_factory.mktemp("gunicorn")) as served:
        yield served


def _get(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.headers, response.read()


def test_gunicorn_serves_with_headers_and_logs_json_without_the_link(gunicorn, database):
    _url, token = database
    status, _headers, body = _get(f"{gunicorn['base']}/healthz")
    assert status == 200 and json.loads(body) == {"status": "ok", "database": "ok"}

    status, headers, body = _get(f"{gunicorn['base']}/fi/")
    assert status == 200 and b"<form" in body
    assert headers["Content-Security-Policy"].startswith("default-src 'self'; script-src 'self'")
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Strict-Transport-Security"].startswith("max-age=")  # production
    assert re.fullmatch(r"[0-9a-f]{32}", headers["X-Request-ID"])
    assert "__Host-session=" in headers["Set-Cookie"] and "Secure" in headers["Set-Cookie"]

    status, _headers, body = _get(f"{gunicorn['base']}/fi/follow-up/{token}")
    assert status == 200

    # Stop gunicorn now (the fixture would too), so every worker has written its lines.
    gunicorn["process"].send_signal(signal.SIGTERM)
    gunicorn["process"].wait(timeout=10)
    log = gunicorn["stderr"].read_text(encoding="utf-8")
    lines = [line for line in log.splitlines() if line.strip()]
    entries = [json.loads(line) for line in lines]  # every line is JSON
    assert any(e["logger"] == "gunicorn.error" and "Booting worker" in e["message"]
               for e in entries)
    requests = [(e["method"], e["rule"], e["status"]) for e in entries
                if e["logger"] == "helpbutton.request"]
    assert ("GET", "/<lang>/follow-up/<token>", 200) in requests
    assert ("GET", "/<lang>/", 200) in requests
    assert token not in log
    assert "/fi/follow-up/" not in log


def _stop(served) -> str:
    served["process"].send_signal(signal.SIGTERM)
    served["process"].wait(timeout=15)
    return served["stderr"].read_text(encoding="utf-8")


@pytest.mark.parametrize("log_format", ["json", "text"])
def test_a_slow_body_past_the_worker_timeout_leaves_no_token_in_the_log(database,
                                                                        tmp_path_factory,
                                                                        log_format):
    url, token = database
    secret_query = "next=somewhere-secret"
    with _serving(url, tmp_path_factory.mktemp("slow"), GUNICORN_TIMEOUT="2",
                  GUNICORN_WORKERS="1", LOG_FORMAT=log_format) as served:
        with socket.create_connection(("127.0.0.1", served["port"]), timeout=10) as conn:
            conn.sendall((f"POST /fi/follow-up/{token}/withdraw?{secret_query} HTTP/1.1\r\n"
                          f"Host: 127.0.0.1:{served['port']}\r\n"
                          "Content-Type: application/x-www-form-urlencoded\r\n"
                          "Content-Length: 5000\r\n\r\nconfirm=y&").encode())
            # The body never comes: the worker is killed at its timeout, gunicorn logs it.
            deadline = time.monotonic() + 20
            while "Error handling request" not in served["stderr"].read_text(encoding="utf-8"):
                assert time.monotonic() < deadline, served["stderr"].read_text()
                time.sleep(0.3)
        log = _stop(served)
    lines = [line for line in log.splitlines() if "Error handling request" in line]
    assert lines and all("/fi/follow-up/[redacted]/withdraw?[redacted]" in line
                         for line in lines), log
    if log_format == "json":
        assert [json.loads(line) for line in log.splitlines() if line.strip()]
    assert token not in log and secret_query not in log
    assert "/fi/follow-up/" + token[:8] not in log


def test_workers_recycled_under_load_are_forks_that_answer_at_once(database, tmp_path):
    """The app is made once, in the master (preload_app); a worker recycled after its few
    requests is a fork that serves at once, with database connections of its own: requests
    from eight threads at a time across several recycles all answer, none with an error."""
    url, token = database
    with _serving(url, tmp_path, GUNICORN_MAX_REQUESTS="4") as served:
        paths = ["/healthz", "/fi/", f"/fi/follow-up/{token}"] * 12
        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(lambda path: _get(served["base"] + path), paths))
        log = _stop(served)
    assert [status for status, _h, _b in answers] == [200] * len(paths)
    assert all(b"<form" in body for (_s, _h, body), path in zip(answers, paths, strict=True)
               if path == "/fi/")
    entries = [json.loads(line) for line in log.splitlines() if line.strip()]
    boots = [e for e in entries if "Booting worker" in e["message"]]
    assert len(boots) >= 6  # two at the start, then one per recycling (36 requests, 4 each)
    assert not [e for e in entries if e["level"] == "ERROR"]
    # Every request logged (and the start's health checks besides).
    assert sum(e["logger"] == "helpbutton.request" for e in entries) >= len(paths)
