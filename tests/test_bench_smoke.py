"""`make bench` works end to end: a quick run of every tier finishes and reports its goals.

The figures of a quick run mean nothing (few samples, small tables); what this holds is
that each tier runs against real servers, the fault-injected batch write loses nothing,
every goal gets a verdict, and --no-write leaves bench/RESULTS.md alone.
"""

import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parent.parent


def test_a_quick_run_of_every_tier_reports_every_goal():
    results = ROOT / "bench" / "RESULTS.md"
    before = hashlib.sha256(results.read_bytes()).hexdigest()
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench",
            "--quick",
            "--no-dynalite",
            "--no-write",
            "--samples",
            "20",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    out = run.stdout
    for heading in ("### Client side", "### End to end", "### Query cost", "### Scale", "### Load"):
        assert heading in out
    # The load tier: every page of the walk measured through gunicorn, none failing.
    assert re.search(r"\| errors in all three runs \| 0 of \d+ requests \| 0 \| met \|", out)
    for page in ("overview", "store page", "match transition (post)", "campaign dashboard"):
        assert f"| {page} |" in out
    assert "dynalite skipped (--no-dynalite)" in out
    assert re.search(r"\| items lost \| 0 of (\d+) \(read back: \1\) \| met \|", out)
    assert "| reachable |" in out and "| embedded (journal on, as shipped) |" in out
    assert re.search(r"\| restart after kill -9 at \d+ items .*, (\d+) items back", out)
    goals = re.search(r"Goals met: (\d+) of (\d+)", out)
    assert goals and int(goals.group(2)) >= 15
    assert hashlib.sha256(results.read_bytes()).hexdigest() == before
