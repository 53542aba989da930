"""What the benchmarks share: a scratch PostgreSQL database, gunicorn started and stopped,
percentiles, the memory of a process, and a line about the machine.

Nothing here names a path of one machine: binaries are found on PATH (wrk) or beside the
running Python (gunicorn), and the repository root is this file's parent's parent.
"""
from __future__ import annotations

import contextlib
import os
import platform
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
BENCH_SECRET = "bench-" + "x" * 40


@contextlib.contextmanager
def scratch_database(server_url: str, keep: bool = False):
    """A new, empty database on the server; yields its URL and drops it afterwards."""
    name = f"helpbutton_bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.engine.make_url(server_url).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        if keep:
            print(f"kept the scratch database {name}")
        else:
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def add_tiny(parser, **sizes) -> None:
    """`--tiny`: a run of a few seconds with `sizes` instead of the defaults, which shows that
    the benchmark works from a fresh clone (tests/test_benchmarks.py runs it); its figures mean
    nothing."""
    parser.add_argument("--tiny", action="store_true",
                        help="a run of a few seconds that checks the benchmark works: "
                             + ", ".join(f"--{k.replace('_', '-')} {v}" for k, v in sizes.items()))
    parser.set_defaults(tiny_sizes=sizes)


def parse(parser, argv=None):
    args = parser.parse_args(argv)
    if args.tiny:
        vars(args).update(args.tiny_sizes)
    return args


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    """`gunicorn -c gunicorn.conf.py <app>` from the repository root, on a free local port.

    The worker and thread settings come from gunicorn.conf.py (and GUNICORN_* in `env`), so
    two servers started with the same `env` run with the same settings."""

    def __init__(self, app: str, env: dict[str, str], *, health: str = "/"):
        self.app, self.env, self.health = app, env, health
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Gunicorn:
        env = {**os.environ, **self.env, "GUNICORN_BIND": f"127.0.0.1:{self.port}",
               "PYTHONPATH": str(ROOT)}
        # The server's log goes to a file: a pipe nobody reads fills up and blocks the workers.
        self.log = tempfile.TemporaryFile("w+")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", self.app],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=self.log, text=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.log.seek(0)
                raise RuntimeError("gunicorn exited:\n" + self.log.read()[-4000:])
            try:
                with urllib.request.urlopen(self.base + self.health, timeout=5):
                    pass
                break
            except OSError:
                time.sleep(0.3)
        else:
            self.__exit__(None, None, None)
            raise RuntimeError("gunicorn did not answer within 60 s")
        # Every worker up (each imports the app on its own), so none starts during the load.
        expected = int(self.env.get("GUNICORN_WORKERS") or 2 * (os.cpu_count() or 1) + 1)
        while len(self.workers()) < expected and time.monotonic() < deadline:
            time.sleep(0.2)
        return self

    def workers(self) -> list[int]:
        try:
            text = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read_text()
        except OSError:
            return []
        return [int(p) for p in text.split()]

    def __exit__(self, *exc) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def memory(pid: int) -> dict[str, int]:
    """RSS, PSS and USS (private pages) of a process in KiB, from /proc/<pid>/smaps_rollup."""
    fields = {}
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[2] == "kB":
                fields[parts[0].rstrip(":")] = int(parts[1])
    return {"rss": fields.get("Rss", 0), "pss": fields.get("Pss", 0),
            "uss": fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0)}


def percentile(values: list[float], fraction: float) -> float:
    """Linear interpolation between the closest ranks (as numpy's default)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    position = fraction * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def machine(engine: sa.Engine | None = None) -> str:
    """One line: CPUs, CPU model, memory, Python, PostgreSQL, load average."""
    model = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory_gb = ""
    with contextlib.suppress(OSError, ValueError, IndexError):
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory_gb = f", {kib / 1024 / 1024:.0f} GB"
    parts = [f"nproc {os.cpu_count()}, {model}{memory_gb}",
             f"Python {platform.python_version()}"]
    if engine is not None:
        with engine.connect() as conn:
            parts.append(conn.scalar(sa.text("select version()")).split(" on ")[0])
    parts.append("load average {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    return "; ".join(parts)
