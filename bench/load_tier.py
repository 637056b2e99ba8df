"""Tier: every console page fast with a busy team (issue 14, part 2).

The console is served as production serves it: gunicorn (DJANGO_DEBUG=false, collected
static files, JSON logs, call metrics on) in front of the embedded DynamoDB server, with
the stream consumer (`consume_streams`) recording the audit trail beside them, all on
this machine's cores together with the load tool. Locust (headless, loopback only,
bounded in users, requests and time) drives staff users through `bench/staff_walk.py`.

Runs, each on a fresh copy of a dataset made once by `seed_demo` and kept under
var/bench/load/ (the seed is deterministic; a copy is reused only while the demo code
that made it is unchanged):
- the full dataset, 10 users with 1-5 s think time between clicks, a fixed number of
  requests: the pages' p50/p95/p99 as staff meet them;
- the full dataset, the same users with no think time: the throughput ceiling;
- a tenth of the dataset, no think time: the DynamoDB calls each page makes, which must
  be the same as on the full dataset (pages cost what they show, not what is stored).

The calls come from each response's Server-Timing header (marketing/dynamo/request_calls).
CPU is the user+system time each process used during the run, over the run's wall time.
"""

import hashlib
import json
import os
import resource
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from base64 import urlsafe_b64encode
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

import psutil

from bench.stats import percentile
from marketing.localdb.process import LocalDynamoProcess, free_port

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "var" / "bench" / "load"
WALK = Path(__file__).with_name("staff_walk.py")
P99_GOAL_MS = 100.0
PASSWORD = "bench-load-" + secrets.token_urlsafe(12)
# What decides the items seed_demo writes (their attributes and keys): a copy made by
# other code is not reused.
DEMO_SOURCES = (
    "marketing/demo",
    "marketing/dynamo/tables.py",
    "marketing/dynamo/keys.py",
    "stores/repository.py",
    "creators/repository.py",
    "matches/repository.py",
    "campaigns/repository.py",
)


@dataclass(frozen=True)
class Dataset:
    stores: int
    creators: int
    matches: int
    campaigns: int

    def scaled(self, fraction: float) -> "Dataset":
        return Dataset(
            *(
                max(1, round(n * fraction))
                for n in (self.stores, self.creators, self.matches, self.campaigns)
            )
        )

    @property
    def home(self) -> Path:
        """Where its seeded copy is kept: its sizes and the demo code that made it."""
        sizes = f"{self.stores}-{self.creators}-{self.matches}-{self.campaigns}"
        return CACHE / f"{sizes}-{_demo_fingerprint()}"

    @property
    def label(self) -> str:
        return (
            f"{self.stores:,} stores, {self.creators:,} creators, {self.matches:,} matches, "
            f"{self.campaigns:,} campaigns"
        )

    def seed_args(self) -> list[str]:
        return [
            *("--stores", str(self.stores), "--creators", str(self.creators)),
            *("--matches", str(self.matches), "--campaigns", str(self.campaigns)),
        ]


@dataclass(frozen=True)
class LoadSizes:
    dataset: Dataset
    small_fraction: float
    users: int
    think: tuple[float, float]
    think_requests: int
    saturation_requests: int
    small_requests: int
    max_seconds: int  # a bound on each load run, whatever happens
    workers: int = 2 * (os.cpu_count() or 1) + 1  # gunicorn's own advice for sync workers


FULL = LoadSizes(Dataset(2000, 10000, 20000, 500), 0.1, 10, (1.0, 5.0), 1300, 2600, 1300, 1200)
QUICK = LoadSizes(Dataset(20, 60, 120, 6), 0.5, 3, (0.05, 0.2), 52, 52, 52, 60)


@dataclass
class Run:
    name: str
    dataset: Dataset
    think: tuple[float, float]
    requests: int


def run(sizes: LoadSizes, *, log=print) -> dict:
    small = sizes.dataset.scaled(sizes.small_fraction)
    runs = [
        Run("think", sizes.dataset, sizes.think, sizes.think_requests),
        Run("saturation", sizes.dataset, (0.0, 0.0), sizes.saturation_requests),
        Run("small", small, (0.0, 0.0), sizes.small_requests),
    ]
    work = Path(tempfile.mkdtemp(prefix="bench-load-"))
    try:
        seeding = {d: pristine(d, log) for d in {sizes.dataset, small}}
        env = console_env(work)
        prepare_console(env, sizes.users, log)
        results = {}
        for each in runs:
            log(f"load: {each.name} run on {each.dataset.label}")
            results[each.name] = load_run(each, sizes, env, work, log)
        return {
            "sizes": sizes,
            "small": small,
            "seeding": {d.label: s for d, s in seeding.items()},
            "runs": results,
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


# --- the dataset -----------------------------------------------------------------------


def _demo_fingerprint() -> str:
    digest = hashlib.sha256()
    for source in DEMO_SOURCES:
        path = ROOT / source
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            digest.update(file.read_bytes())
    return digest.hexdigest()[:12]


def pristine(dataset: Dataset, log) -> dict:
    """The embedded server's data directory holding `dataset` (seeded once, then reused)."""
    home = dataset.home
    done = home / "seeded.json"
    if done.exists():
        return json.loads(done.read_text()) | {"reused": True}
    # Copies of these sizes made by other code are of no further use.
    for stale in CACHE.glob(home.name.rsplit("-", 1)[0] + "-*"):
        shutil.rmtree(stale, ignore_errors=True)
    data = home / "dynamodb"
    data.mkdir(parents=True)
    log(f"load: seeding {dataset.label} (once; kept in {home.relative_to(ROOT)})")
    started = time.perf_counter()
    server = LocalDynamoProcess(free_port(), data)
    server.start(timeout=120)
    try:
        env = _dynamo_env(server.endpoint_url) | {"DJANGO_DEBUG": "true"}
        _manage(env, "dynamodb_tables", "create")
        seeded = json.loads(_manage(env, "seed_demo", *dataset.seed_args(), "--json"))
    finally:
        server.stop(timeout=60)
    summary = {"seconds": round(time.perf_counter() - started, 1), "seed_demo": seeded}
    done.write_text(json.dumps(summary))
    return summary | {"reused": False}


def _dynamo_env(endpoint_url: str) -> dict:
    return {
        "DYNAMODB_ENDPOINT_URL": endpoint_url,
        "AWS_ACCESS_KEY_ID": "local",
        "AWS_SECRET_ACCESS_KEY": "local",
        "DYNAMODB_TABLE_PREFIX": "dot-marketing-",
        "AWS_REGION": "ap-northeast-2",
    }


def _manage(env: dict, *argv: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *argv],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=3600,
    )
    if done.returncode:
        raise RuntimeError(f"manage.py {' '.join(argv)} failed: {done.stderr[-2000:]}")
    return done.stdout


# --- the console as production runs it ----------------------------------------------------


def _key(prefix: str) -> str:
    return f"{prefix}:" + urlsafe_b64encode(secrets.token_bytes(32)).decode()


def console_env(work: Path) -> dict:
    return {
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "CONSOLE_ENCRYPTION_KEYS": _key("bench1"),
        "CONSOLE_CONTACT_HMAC_KEYS": _key("benchh1"),
        "DATABASE_URL": f"sqlite:///{work / 'staff.sqlite3'}",
        "LOG_FORMAT": "json",
        "DJANGO_LOG_LEVEL": "WARNING",
        "CONSOLE_CLIENT_IP_HEADER": "REMOTE_ADDR",
        "EMAIL_URL": f"filemail://{work / 'mail'}",
    }


def accounts(users: int) -> list[str]:
    return [f"bench-staff-{n:02d}" for n in range(users)]


def prepare_console(env: dict, users: int, log) -> None:
    log("load: staff accounts and static files")
    _manage(env | _dynamo_env("http://127.0.0.1:1"), "migrate", "--noinput")
    _manage(env | _dynamo_env("http://127.0.0.1:1"), "collectstatic", "--noinput")
    script = (
        "from django.contrib.auth import get_user_model\n"
        "User = get_user_model()\n"
        f"for name in {accounts(users)!r}:\n"
        "    user, _ = User.objects.get_or_create(username=name)\n"
        "    user.is_staff = user.is_superuser = True\n"
        f"    user.set_password({PASSWORD!r})\n"
        "    user.save()\n"
    )
    _manage(env | _dynamo_env("http://127.0.0.1:1"), "shell", "-c", script)


def _answers_http(url: str) -> bool:
    try:
        # As the TLS-terminating proxy would ask (else the console redirects to https).
        request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
        with urllib.request.urlopen(request, timeout=1) as response:
            return response.status == 200
    except OSError:
        return False


def load_run(each: Run, sizes: LoadSizes, console: dict, work: Path, log) -> dict:
    data = work / f"dynamodb-{each.name}"
    shutil.copytree(each.dataset.home / "dynamodb", data)
    server = LocalDynamoProcess(free_port(), data)
    server.start(timeout=120)
    processes: list[subprocess.Popen] = []
    try:
        env = {**os.environ, **console, **_dynamo_env(server.endpoint_url)}
        consumer = subprocess.Popen(
            [sys.executable, "manage.py", "consume_streams"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=(work / f"consumer-{each.name}.log").open("w"),
        )
        processes.append(consumer)
        port = free_port()
        web = subprocess.Popen(
            [
                *(sys.executable, "-m", "gunicorn", "marketing.wsgi"),
                *("--bind", f"127.0.0.1:{port}", "--workers", str(sizes.workers)),
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=(work / f"gunicorn-{each.name}.log").open("w"),
        )
        processes.append(web)
        host = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while not _answers_http(f"{host}/login/"):
            if web.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(_tail(work / f"gunicorn-{each.name}.log"))
            time.sleep(0.2)
        record = work / f"requests-{each.name}.jsonl"
        cpu_before = _cpu({"web": web.pid, "DynamoDB": server.pid, "consumer": consumer.pid})
        children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        locust = subprocess.run(
            [
                *(sys.executable, "-m", "locust", "-f", str(WALK), "--headless", "--host", host),
                *("-u", str(sizes.users), "-r", str(sizes.users)),
                *("--run-time", f"{sizes.max_seconds}s", "--stop-timeout", "10"),
                *("--loglevel", "WARNING", "--only-summary"),
            ],
            cwd=ROOT,
            env={
                **os.environ,
                "BENCH_LOAD_ACCOUNTS": ",".join(accounts(sizes.users)),
                "BENCH_LOAD_PASSWORD": PASSWORD,
                "BENCH_LOAD_REQUESTS": str(each.requests),
                "BENCH_LOAD_RECORD": str(record),
                "BENCH_LOAD_THINK": ",".join(str(s) for s in each.think),
            },
            capture_output=True,
            text=True,
            timeout=sizes.max_seconds + 120,
        )
        wall = time.perf_counter() - started
        cpu_after = _cpu({"web": web.pid, "DynamoDB": server.pid, "consumer": consumer.pid})
        children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        rows, warm_up = [], []
        if record.exists():
            for line in record.read_text().splitlines():
                row = json.loads(line)
                (warm_up if row["warm_up"] else rows).append(row)
        if len(rows) < each.requests:
            raise RuntimeError(
                f"locust made {len(rows)} of {each.requests} requests in {wall:.0f} s "
                f"(exit {locust.returncode}): {locust.stderr[-3000:]}"
            )
        cpu = {name: cpu_after[name] - cpu_before.get(name, 0.0) for name in cpu_after}
        cpu["load tool (locust)"] = (children_after.ru_utime + children_after.ru_stime) - (
            children_before.ru_utime + children_before.ru_stime
        )
        result = summarise(rows, each)
        result |= {"wall_s": wall, "cpu_s": cpu, "locust_exit": locust.returncode}
        result["warm_up"] = {
            "requests": len(warm_up),
            "max_ms": max((row["ms"] for row in warm_up), default=0.0),
            "errors": sum(1 for row in warm_up if row["error"]),
        }
        result["errors"] += result["warm_up"]["errors"]
        result["error_samples"] += [row["error"] for row in warm_up if row["error"]][:5]
        log(
            f"load: {each.name}: {len(rows)} requests, {result['errors']} errors, "
            f"{result['rate']:.1f} requests/s"
        )
        return result
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        server.stop(timeout=60)
        shutil.rmtree(data, ignore_errors=True)


def _tail(path: Path) -> str:
    return path.read_text(errors="replace")[-2000:] if path.exists() else "(no log)"


def _cpu(roots: dict[str, int | None]) -> dict[str, float]:
    """User+system seconds of each process and its children (gunicorn's workers)."""
    seconds = {}
    for name, pid in roots.items():
        total = 0.0
        try:
            root = psutil.Process(pid)
            for process in [root, *root.children(recursive=True)]:
                times = process.cpu_times()
                total += times.user + times.system
        except (psutil.Error, TypeError):
            pass
        seconds[name] = total
    return seconds


# --- figures ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PageFigures:
    requests: int
    p50: float
    p95: float
    p99: float
    max: float
    calls: tuple[int, ...]  # the distinct counts seen
    usual_calls: int  # the count most requests made
    db_p50: float
    errors: int


def summarise(rows: list[dict], each: Run) -> dict:
    by_page: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_page[row["page"]].append(row)
    pages = {}
    for page, seen in by_page.items():
        times = sorted(row["ms"] for row in seen)
        db = sorted(row["db_ms"] for row in seen if row["db_ms"] is not None) or [0.0]
        pages[page] = PageFigures(
            requests=len(seen),
            p50=percentile(times, 50),
            p95=percentile(times, 95),
            p99=percentile(times, 99),
            max=times[-1],
            calls=tuple(sorted({row["calls"] for row in seen if row["calls"] is not None})),
            usual_calls=Counter(row["calls"] for row in seen).most_common(1)[0][0] or 0,
            db_p50=percentile(db, 50),
            errors=sum(1 for row in seen if row["error"]),
        )
    stamps = sorted(row["t"] for row in rows)
    span = (stamps[-1] - stamps[0]) if len(stamps) > 1 else 0.0
    return {
        "dataset": each.dataset,
        "think": each.think,
        "requests": len(rows),
        "pages": dict(sorted(pages.items())),
        "errors": sum(page.errors for page in pages.values()),
        "error_samples": [row["error"] for row in rows if row["error"]][:5],
        "rate": (len(rows) - 1) / span if span else 0.0,
    }


def with_requests(sizes: LoadSizes, requests: int) -> LoadSizes:
    return replace(
        sizes, think_requests=requests, saturation_requests=requests * 2, small_requests=requests
    )


# --- the report -------------------------------------------------------------------------


def _calls(counts: tuple[int, ...]) -> str:
    if not counts:
        return "—"
    return str(counts[0]) if len(counts) == 1 else f"{counts[0]} to {counts[-1]}"


def _cpu_line(result: dict) -> str:
    wall = result["wall_s"]
    parts = [
        f"{name} {seconds:.0f} s ({seconds / wall:.0%})"
        for name, seconds in result["cpu_s"].items()
    ]
    return f"CPU over the run's {wall:.0f} s (share of one core): " + ", ".join(parts)


def section(result: dict) -> tuple[list[str], list[bool]]:
    sizes: LoadSizes = result["sizes"]
    runs = result["runs"]
    think, saturation, small = runs["think"], runs["saturation"], runs["small"]
    lines = [
        "",
        f"### Load (issue 14): {sizes.users} staff users on {sizes.dataset.label}",
        "",
        f"- gunicorn, {sizes.workers} sync workers (DJANGO_DEBUG=false), the embedded "
        "DynamoDB (journal on) and the stream consumer, with locust on the same "
        f"{os.cpu_count()} cores; walk: bench/staff_walk.py",
        f"- runs: {sizes.think[0]:g}-{sizes.think[1]:g} s think time, {think['requests']} "
        f"requests; no think time, {saturation['requests']} requests; a tenth of the data "
        f"({result['small'].label}), no think time, {small['requests']} requests",
        "- datasets: "
        + "; ".join(
            f"{label}: seeded in {s['seconds']:.0f} s{' (reused)' if s['reused'] else ''}"
            for label, s in result["seeding"].items()
        ),
        "- times in ms as locust measured them (request sent to response read); DynamoDB "
        "calls and time from each response's Server-Timing header",
        "",
        "| page | requests | p50 | p95 | p99 | max | DynamoDB calls | calls at 10% | "
        "DynamoDB ms p50 | p50 / p99 no think time | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for page, figures in think["pages"].items():
        busy = saturation["pages"].get(page)
        tenth = small["pages"].get(page)
        lines.append(
            f"| {page} | {figures.requests} | {figures.p50:.1f} | {figures.p95:.1f} | "
            f"{figures.p99:.1f} | {figures.max:.1f} | {_calls(figures.calls)} | "
            f"{_calls(tenth.calls) if tenth else '—'} | {figures.db_p50:.1f} | "
            + (f"{busy.p50:.0f} / {busy.p99:.0f}" if busy else "—")
            + f" | {figures.errors + (busy.errors if busy else 0)} |"
        )
    lines += [
        "",
        f"- think time: {think['rate']:.1f} requests/s. {_cpu_line(think)}",
        f"- before each run every user walks once, unmeasured ({think['warm_up']['requests']} "
        "requests; each gunicorn worker's first requests build its DynamoDB clients and "
        f"compile its templates): slowest {think['warm_up']['max_ms']:.0f} ms",
        f"- no think time (the ceiling): **{saturation['rate']:.1f} requests/s**. "
        + _cpu_line(saturation),
        f"- a tenth of the data, no think time: {small['rate']:.1f} requests/s. "
        + _cpu_line(small),
    ]
    errors = sum(r["errors"] for r in runs.values())
    samples = [e for r in runs.values() for e in r["error_samples"]][:3]
    if samples:
        lines.append("- first errors: " + "; ".join(f"`{e}`" for e in samples))
    slowest_page, slowest = max(think["pages"].items(), key=lambda item: item[1].p99)
    # Independent of data size: no page usually makes more calls on the whole dataset than
    # on a tenth. A page may make fewer (a name search fills its page from the name index
    # alone once there are enough names), and a visit now and then one more (the overview's
    # table check, twice a minute per worker): both columns above show every count seen.
    growing = [
        page
        for page, figures in think["pages"].items()
        if page in small["pages"] and figures.usual_calls > small["pages"][page].usual_calls
    ]
    missing = sorted(set(think["pages"]) ^ set(small["pages"]))
    p99_met = slowest.p99 < P99_GOAL_MS
    calls_met = not growing and not missing
    lines += [
        "",
        "| check | figure | goal | |",
        "|---|---|---|---|",
        f"| every page's p99 with think time | slowest: {slowest_page}, {slowest.p99:.1f} ms "
        f"| < {P99_GOAL_MS:.0f} ms | {'met' if p99_met else '**not met**'} |",
        f"| errors in all three runs | {errors} of "
        f"{sum(r['requests'] for r in runs.values())} requests | 0 | "
        f"{'met' if errors == 0 else '**not met**'} |",
        "| DynamoDB calls per page, full data vs a tenth (the count most requests made) | "
        + (
            "no page makes more on the full data"
            if calls_met
            else "more on the full data: "
            + ", ".join(growing + [f"{p} (only in one run)" for p in missing])
        )
        + f" | none more | {'met' if calls_met else '**not met**'} |",
    ]
    return lines, [p99_met, errors == 0, calls_met]
