"""`python -m bench.parse_pages [--repeat N] [--write]`: time and memory of reading a page.

What is measured is the store import minus its DynamoDB write: parse the page
(`parse_place_page`) and build the profile (`services.build_profile`: analysis and the
compressed raw payload). Each page runs in fresh child processes, so one page's memory
does not hide another's:

- time: the median and the slowest of `--repeat` runs in one child;
- peak: tracemalloc's peak over one run (Python allocations only), in its own child;
- max RSS: the child's ru_maxrss growth over one run (the whole process, C included),
  in its own child; for the worst case also with four imports at once in four threads,
  as four concurrent uploads would be in one web process.

Pages: every real capture in ../shared/realworld/naver (read in place) and a generated
worst case: 7.9 MB of <meta> and <script> tags before a small place's Apollo state.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REALWORLD = ROOT.parent / "shared" / "realworld" / "naver"
RESULTS = Path(__file__).with_name("RESULTS.md")
WORST_CASE_BYTES = 7_900_000


def worst_case_page(size: int = WORST_CASE_BYTES) -> str:
    """A place page padded to `size` bytes with meta and script tags, all in the head."""
    place_id = "31000001"
    state = {
        "ROOT_QUERY": {
            'placeDetail({"input":{"id":"' + place_id + '"}})': {
                "base": {"__ref": f"PlaceDetailBase:{place_id}"}
            }
        },
        f"PlaceDetailBase:{place_id}": {
            "id": place_id,
            "name": "최악의 경우 식당",
            "category": "한식",
            "roadAddress": "서울 마포구 연남로 1",
            "visitorReviewsTotal": 10,
        },
        f"Menu:{place_id}_0": {"name": "백반", "price": "9000", "index": 0},
    }
    tail = (
        "</head><body><script>window.__APOLLO_STATE__ = "
        + json.dumps(state, ensure_ascii=False)
        + ";</script></body></html>"
    )
    head = '<!doctype html><html><head><meta charset="utf-8">'
    filler = []
    used = len(head.encode()) + len(tail.encode())
    i = 0
    while used < size:
        if i % 2:
            tag = f'<meta name="filler-{i}" content="메타 태그 {i} 내용 content">'
        else:
            tag = f'<script>window.__FILLER_{i}__ = {{"n": {i}, "s": "스크립트"}};</script>'
        filler.append(tag)
        used += len(tag.encode())
        i += 1
    return head + "".join(filler) + tail


def _pages(workdir: Path) -> list[tuple[str, Path]]:
    pages = [(p.name, p) for p in sorted(REALWORLD.glob("*.html"))] if REALWORLD.is_dir() else []
    worst = workdir / "worst_case_meta_script.html"
    worst.write_text(worst_case_page(), encoding="utf-8")
    pages.append((f"generated: {worst.stat().st_size / 1e6:.1f} MB of meta/script tags", worst))
    return pages


# --- the child: one page, one kind of measurement -------------------------------------------


def _import_once(html: bytes) -> str:
    """Parse and build the profile, as an import does before writing; the outcome's name."""
    import datetime as dt

    from stores import services
    from stores.domain import ProfileSource
    from stores.naver.errors import ScrapeError
    from stores.naver.parser import parse_place_page

    try:
        place = parse_place_page(html)
    except ScrapeError as exc:
        return type(exc).__name__
    services.build_profile(place, scraped_at=dt.datetime.now(dt.UTC), source=ProfileSource.IMPORT)
    return "place"


def _rss_kb() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _current_rss_kb() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


def child(path: str, mode: str, repeat: int) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketing.settings")
    import django

    django.setup()
    html = Path(path).read_bytes()
    _import_once(b"<html></html>")  # every module imported before anything is measured
    if mode == "time":
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            outcome = _import_once(html)
            times.append(time.perf_counter() - started)
        return {"outcome": outcome, "median_s": statistics.median(times), "max_s": max(times)}
    if mode == "tracemalloc":
        import tracemalloc

        tracemalloc.start()
        _import_once(html)
        _current, peak = tracemalloc.get_traced_memory()
        return {"peak_mb": peak / 1e6}
    threads = 4 if mode == "rss4" else 1
    before = _rss_kb()
    if threads == 1:
        _import_once(html)
    else:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(_import_once, [html] * threads))
    import gc

    gc.collect()
    return {"rss_growth_mb": (_rss_kb() - before) / 1024, "rss_after_mb": _current_rss_kb() / 1024}


def _run_child(path: Path, mode: str, repeat: int) -> dict:
    run = subprocess.run(
        [sys.executable, "-m", "bench.parse_pages", "--child", str(path), mode, str(repeat)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if run.returncode != 0:
        raise RuntimeError(f"child failed on {path}: {run.stderr[-2000:]}")
    return json.loads(run.stdout.strip().splitlines()[-1])


# --- the parent: every page, a table -------------------------------------------------------


def measure(repeat: int, log=print) -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory() as workdir:
        for label, path in _pages(Path(workdir)):
            log(f"measuring {label}")
            row = {"page": label, "bytes": path.stat().st_size}
            row.update(_run_child(path, "time", repeat))
            row.update(_run_child(path, "tracemalloc", 1))
            row.update(_run_child(path, "rss", 1))
            if label.startswith("generated"):
                four = _run_child(path, "rss4", 1)
                row["rss4_growth_mb"] = four["rss_growth_mb"]
                row["rss4_after_mb"] = four["rss_after_mb"]
            rows.append(row)
    return rows


def table(rows: list[dict], repeat: int) -> str:
    import datetime as dt
    import platform

    lines = [
        f"## {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC — reading a page (parse + profile)",
        "",
        f"- machine: {platform.machine()}, {os.cpu_count()} CPUs, load average "
        + ", ".join(f"{x:.2f}" for x in os.getloadavg()),
        f"- Python {platform.python_version()}; command: `python -m bench.parse_pages "
        f"--repeat {repeat}`",
        "",
        "| page | size | outcome | time median | time max | tracemalloc peak | max RSS growth |",
        "|---|---:|---|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['page']} | {row['bytes'] / 1e6:.2f} MB | {row['outcome']} "
            f"| {row['median_s'] * 1000:.0f} ms | {row['max_s'] * 1000:.0f} ms "
            f"| {row['peak_mb']:.1f} MB | {row['rss_growth_mb']:.1f} MB |"
        )
    for row in rows:
        if "rss4_growth_mb" in row:
            lines += [
                "",
                f"Four imports of the generated page at once (four threads, one process): max "
                f"RSS grew {row['rss4_growth_mb']:.0f} MB; RSS after, collected: "
                f"{row['rss4_after_mb']:.0f} MB (one import alone: after "
                f"{row['rss_after_mb']:.0f} MB).",
            ]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.parse_pages", description=__doc__)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per page")
    parser.add_argument("--write", action="store_true", help="append to bench/RESULTS.md")
    parser.add_argument("--child", nargs=3, metavar=("PATH", "MODE", "REPEAT"), help="internal")
    args = parser.parse_args(argv)
    if args.child:
        path, mode, repeat = args.child
        print(json.dumps(child(path, mode, int(repeat))))
        return 0
    text = table(measure(args.repeat, log=lambda m: print(m, file=sys.stderr)), args.repeat)
    print(text)
    if args.write:
        with RESULTS.open("a", encoding="utf-8") as results:
            results.write("\n" + text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
