"""The intake benchmark in its tiny mode (tests/test_benchmarks.py says why): a file of its own,
so that the test workers run it beside the other benchmarks rather than after them."""
import os
import shutil

import pytest

from tests.test_benchmarks import postgresql_server, run


def test_intake_benchmark_runs():
    url = postgresql_server()
    if shutil.which("wrk") is None:
        if os.environ.get("CI"):
            pytest.fail("CI must run the intake benchmark: wrk is not on PATH")
        pytest.skip("wrk is not on PATH (Debian: apt-get install wrk)")
    out = run("bench/intake.py", "--url", url)
    assert "ratio real / minimal" in out
    assert "0 submission keys stored twice" in out
