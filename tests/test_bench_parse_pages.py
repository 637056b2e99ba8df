"""`python -m bench.parse_pages` works: its child measures a page and its generator makes a
page the parser reads (the figures themselves are in bench/RESULTS.md, not asserted)."""

import json
import subprocess
import sys
from pathlib import Path

from bench import parse_pages

ROOT = Path(__file__).resolve().parent.parent


def test_the_generated_worst_case_is_a_readable_place_page(tmp_path):
    html = parse_pages.worst_case_page(size=200_000)
    assert 200_000 <= len(html.encode()) < 200_200
    assert html.count("<meta ") > 1000 and html.count("<script>") > 1000
    path = tmp_path / "worst.html"
    path.write_text(html, encoding="utf-8")
    for mode in ("time", "tracemalloc", "rss"):
        run = subprocess.run(
            [sys.executable, "-m", "bench.parse_pages", "--child", str(path), mode, "1"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert run.returncode == 0, run.stderr[-2000:]
        result = json.loads(run.stdout.splitlines()[-1])
        if mode == "time":
            assert result["outcome"] == "place"
