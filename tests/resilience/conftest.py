"""Resilience fixtures: real servers and a family's browser, as far as HTTP goes.

`Family` → one family's browser: own cookies, GET the form, POST it with its hidden fields
(CSRF token, submission key), follow to the confirmation and read the reference;
`prepare_database(url)` → migrations, Varsinais-Suomi and the demo data, as on deploy;
`gunicorn_server(url)` → the app under gunicorn (`-c gunicorn.conf.py`, 2 workers) on a free port;
`serve_in_thread(app)` → the app under a threaded werkzeug server on a free port.

These tests need PostgreSQL: without it they skip, except under CI=true, where they fail.
"""
import os
import pwd
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from flask_migrate import upgrade
from werkzeug.serving import make_server

from helpbutton import create_app, schema_migrations
from helpbutton.extensions import db
from helpbutton.refdata import demo_data, reference_data
from tests.public.conftest import GOOD, hidden_fields

ROOT = Path(__file__).resolve().parents[2]
# High enough never to be reached: every simulated family comes from 127.0.0.1.
NO_RATE_LIMIT = "1000000 per minute"
CHEAP_ARGON2 = {"ARGON2_TIME_COST": 1, "ARGON2_MEMORY_COST": 64, "ARGON2_PARALLELISM": 1}
REFERENCE = re.compile(r'<strong class="code"[^>]*>([^<]+)</strong>')


def need(reason: str) -> None:
    """Skip for want of something outside the project; under CI, fail instead."""
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the resilience tests: {reason}")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare_database(url: str) -> None:
    """The schema by the migrations, then the region and the demo centres and rules."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x" * 40, **CHEAP_ARGON2})
    schema_migrations.init_app(app)
    with app.app_context():
        upgrade()
        reference_data.load_region(db.session, "Varsinais-Suomi")
        demo_data.load_demo(db.session)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


@dataclass
class Answer:
    status: int
    location: str | None
    text: str


class _KeepRedirects(urllib.request.HTTPRedirectHandler):
    # The 302 after a POST is part of what is checked: follow it by hand.
    def redirect_request(self, *args, **kwargs):
        return None


class Family:
    """One family's browser: its own cookies, the form's hidden fields carried along."""

    def __init__(self, base_url: str, lang: str = "fi", timeout: float = 20):
        self.base_url = base_url
        self.lang = lang
        self.timeout = timeout
        self._opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), _KeepRedirects)

    def get(self, path: str) -> Answer:
        return self._send(urllib.request.Request(self.base_url + path))

    def post(self, path: str, data: dict) -> Answer:
        body = urllib.parse.urlencode(data, doseq=True).encode()
        return self._send(urllib.request.Request(self.base_url + path, data=body))

    def _send(self, request) -> Answer:
        try:
            response = self._opener.open(request, timeout=self.timeout)
        except urllib.error.HTTPError as error:  # 3xx, 4xx, 5xx: an answer all the same
            response = error
        with response:
            return Answer(response.status, response.headers.get("Location"),
                          response.read().decode())

    def open_form(self) -> dict:
        answer = self.get(f"/{self.lang}/")
        assert answer.status == 200, answer.status
        return self.form_data(hidden_fields(answer.text))

    def form_data(self, hidden: dict, **changes) -> dict:
        # A description of its own, so that a kept input can be told from any other.
        served = {"service_language": self.lang} if self.lang in ("fi", "sv") else {
            "service_language": "interpreter", "interpreter_language": self.lang}
        data = {**GOOD, **served,
                "description": f"{GOOD['description']} ({secrets.token_hex(4)})", **hidden}
        data.update(changes)
        return data

    def send(self, data: dict) -> Answer:
        return self.post(f"/{self.lang}/", data)

    def confirmation(self) -> Answer:
        return self.get(f"/{self.lang}/confirmation")


def reference_on(answer: Answer) -> str:
    found = REFERENCE.search(answer.text)
    assert answer.status == 200 and found, (answer.status, answer.text[:300])
    return found.group(1)


def _wait_until_up(base_url: str, alive, log: Path, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not alive():
            pytest.fail(f"the server stopped while starting:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(base_url + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(f"the server did not answer in {seconds} s:\n{log.read_text()[-3000:]}")


@dataclass
class Served:
    base_url: str
    log: Path


@contextmanager
def gunicorn_server(database_url: str, log: Path, workers: int = 2):
    """The app under gunicorn, configured only from the environment, as in production."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(32),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(workers),
        "GUNICORN_THREADS": "1",
        "GUNICORN_LOGLEVEL": "warning",
        "PUBLIC_FORM_RATE_LIMIT": NO_RATE_LIMIT,
        "PUBLIC_FORM_ATTEMPT_LIMIT": NO_RATE_LIMIT,
        "RATELIMIT_STORAGE_URI": "memory://",
    }
    env.pop("HELPBUTTON_ENV", None)
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base_url, lambda: process.poll() is None, log)
        yield Served(base_url, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def serve_in_thread(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def _postgres_bindir() -> Path | None:
    """Where initdb and pg_ctl are: pg_config's answer, else the newest Debian-style install."""
    candidates = []
    try:
        found = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True,
                               check=True).stdout.strip()
        candidates.append(Path(found))
    except (OSError, subprocess.CalledProcessError):
        pass
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"),
                         key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
                         reverse=True)
    return next((d for d in candidates if (d / "initdb").exists() and (d / "pg_ctl").exists()),
                None)


class OwnPostgres:
    """A PostgreSQL server of the test's own, in a temporary directory on a free port.

    initdb refuses to run as root, so as root the server runs as the `postgres` user. Its socket
    stays in the same directory, away from any shared server's.
    """

    def __init__(self, bindir: Path, directory: Path, port: int):
        self.bindir = bindir
        self.directory = directory
        self.data = directory / "data"
        self.port = port
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
        self._as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _run(self, *args: str) -> None:
        result = subprocess.run([*self._as, *args], capture_output=True, text=True, timeout=60)
        if result.returncode != 0:
            log = self.directory / "server.log"
            tail = log.read_text()[-2000:] if log.exists() else ""
            raise RuntimeError(f"{args[0]} failed: {result.stderr[-2000:]}\n{tail}")

    def init(self) -> None:
        self._run(str(self.bindir / "initdb"), "-D", str(self.data), "-U", "postgres",
                  "--auth=trust", "--no-sync", "--encoding=UTF8", "--locale=C")

    def start(self) -> None:
        options = (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.directory} "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l",
                  str(self.directory / "server.log"), "-o", options, "-w", "-t", "30", "start")

    def stop(self) -> None:
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w",
                  "-t", "30", "stop")

    def running(self) -> bool:
        status = subprocess.run([*self._as, str(self.bindir / "pg_ctl"), "-D", str(self.data),
                                 "status"], capture_output=True)
        return status.returncode == 0


@pytest.fixture
def own_postgres():
    """A started PostgreSQL of the test's own; always stopped and removed afterwards."""
    bindir = _postgres_bindir()
    if bindir is None:
        need("PostgreSQL's server programs (initdb, pg_ctl) are not installed")
    if os.geteuid() == 0:  # initdb refuses root
        if shutil.which("runuser") is None:
            need("as root, PostgreSQL is started with runuser, which is not installed")
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            need("as root, PostgreSQL is started as the user postgres, which does not exist")
    # Not under pytest's tmp_path: that is private to root, and the server may run as postgres.
    directory = Path(tempfile.mkdtemp(prefix="helpbutton-pg-"))
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres", "postgres")
    server = OwnPostgres(bindir, directory, free_port())
    try:
        server.init()
        server.start()
        yield server
    finally:
        try:
            if (server.data / "postmaster.pid").exists():
                server.stop()
        finally:
            shutil.rmtree(directory, ignore_errors=True)
