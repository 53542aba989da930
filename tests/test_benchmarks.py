"""The benchmarks run as docs/benchmarks.md says: every documented command names a script that
exists and accepts its options, no script shadows a standard library module (Python puts bench/
first on the path of a script), and each benchmark runs to the end in its tiny mode.

The tiny runs are real runs of a few seconds (longer on a loaded machine); their figures mean
nothing. Those on PostgreSQL use the server of TEST_DATABASE_URL (a scratch database is created
on it and dropped); without it they are skipped, except under CI (CI=true), where they fail.
"""
import importlib.util
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
COMMAND = re.compile(r"\.venv/bin/python (bench/[\w./-]+\.py)([^`\n#|]*)")
TIMEOUT = 600


def documented_commands() -> list[tuple[str, str]]:
    return [(script, args.strip()) for script, args in COMMAND.findall(DOC.read_text())]


def load(script: str):
    path = ROOT / script
    spec = importlib.util.spec_from_file_location(f"bench_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def postgresql_server() -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("CI must run the PostgreSQL benchmarks: TEST_DATABASE_URL is not set")
        pytest.skip("PostgreSQL not configured (set TEST_DATABASE_URL)")
    return url


def run(script: str, *args: str) -> str:
    result = subprocess.run([sys.executable, script, "--tiny", *args], cwd=ROOT,
                            capture_output=True, text=True, timeout=TIMEOUT)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


def test_no_benchmark_shadows_a_standard_library_module():
    scripts = sorted(p.stem for p in (ROOT / "bench").glob("*.py"))
    assert "routing" in scripts
    assert [s for s in scripts if s in sys.stdlib_module_names] == []


def test_every_documented_command_names_a_script_that_takes_its_options():
    commands = documented_commands()
    scripts = {script for script, _ in commands}
    assert scripts == {"bench/routing.py", "bench/stats_queries.py", "bench/queue_pages.py",
                       "bench/intake.py", "bench/per_request_cpu.py", "bench/profile_submit.py",
                       "bench/paired.py"}
    for script, args in commands:
        assert "…" not in args, f"{script} {args}: a placeholder, not a command"
        # parse_args exits (SystemExit 2) on an option the script does not know.
        load(script).parser().parse_args(shlex.split(args))


def test_routing_benchmark_runs():
    out = run("bench/routing.py")
    assert "compiled, explain=False" in out
    assert "disagreements: 0" in out


def test_routing_benchmark_runs_with_every_county():
    out = run("bench/routing.py", "--all-counties")
    assert "one region  : live router, explain=True" in out
    assert "every county: 23 regions (22 in service), 308 municipalities" in out
    assert "requests from every county" in out
    assert "disagreements: 0" in out


def test_statistics_queries_benchmark_runs():
    out = run("bench/stats_queries.py", "--url", postgresql_server())
    assert "seeded 2,000 requests" in out
    assert "summary (fast path)" in out


def test_queue_and_statistics_pages_benchmark_runs():
    out = run("bench/queue_pages.py", "--url", postgresql_server())
    assert "queue: open requests (default view)" in out
    assert "statistics: region, one year" in out


def test_queue_and_statistics_pages_benchmark_runs_with_every_county():
    out = run("bench/queue_pages.py", "--all-counties", "--url", postgresql_server())
    assert "1,000 every county: 3,000 requests seeded" in out
    assert re.search(r"queue: open requests \(default view\).*counties \d", out)


def test_per_request_cpu_benchmark_runs():
    out = run("bench/per_request_cpu.py", "--url", postgresql_server())
    assert "GET /healthz" in out and "RSS after import" in out
    assert "ratio minimal / GET /fi/ (no cookie)" in out


def test_paired_benchmark_runs():
    out = run("bench/paired.py", "--url", postgresql_server())
    assert "against HEAD:" in out
    for request in ("POST /fi/ (a submission)", "GET /healthz", "GET /fi/"):
        assert request in out
    assert out.count("this / against, pair by pair: median") == 3
