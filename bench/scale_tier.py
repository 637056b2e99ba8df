"""Tier 4: the embedded server at scale, next to dynalite (issue 14).

Both servers are filled step by step to each size (1k, 10k, 100k matches) with batch
writes, and at every size the same requests are timed on both, interleaved:
- a 20-item page of one store's matches on a GSI (match-store-index, newest first): every
  store has the same number of matches at every size, so the page stays the same while
  the table grows tenfold twice;
- a 20-item page of one creator's matches (match-creator-index, newest first);
- a query on the base table (a match's own partition: one item);
- a get and a put (an existing match written again) of a random match;
- a one-item transaction (TransactWriteItems with a condition), as the console writes
  a profile and its directory entry.
Then the embedded server's memory (RSS) and, at the largest size, its restart time after
a `kill -9`: spawn to first answer, with every item back.
"""

import concurrent.futures
import itertools
import os
import random
import time
from dataclasses import dataclass
from pathlib import Path

from bench import servers
from bench.models import PREFIX, STORE_INDEX, MatchRepository, make_match
from bench.stats import Summary, interleaved, settled_heap
from marketing.dynamo.tables import MATCHES

TABLE = MATCHES.table_name(PREFIX)
CREATOR_INDEX = "match-creator-index"
BATCH = 25
LOADERS = 4  # batch requests in flight while loading


@dataclass(frozen=True)
class ScaleSizes:
    steps: tuple[int, ...]  # items in the table at each measurement
    samples: int  # per operation and server
    per_store: int = 40  # matches per store: a 20-item page never reaches the end
    per_creator: int = 40
    restart_timeout: float = 600.0


FULL = ScaleSizes((1_000, 10_000, 100_000), samples=201)
QUICK = ScaleSizes((100, 300), samples=7, per_store=20, per_creator=20)


def match_number(n: int, sizes: ScaleSizes):
    """Match n: stores and creators fill up in order, so each has its full share of
    matches once loaded, whatever the table's size."""
    return make_match(
        n,
        store=n // sizes.per_store,
        creator=n // sizes.per_creator,
        status=servers.STATUSES[n % len(servers.STATUSES)],
    )


def load(server: servers.Server, start: int, stop: int, sizes: ScaleSizes) -> float:
    """Write matches [start, stop) with batch writes, LOADERS requests at once; seconds."""
    client = server.client("batch", max_pool_connections=LOADERS * 2)
    repo = MatchRepository(client=client)

    def write(first: int) -> None:
        numbers = range(first, min(first + BATCH, stop))
        pending = [{"PutRequest": {"Item": repo._encode(match_number(n, sizes))}} for n in numbers]
        while pending:
            response = client.batch_write_item(RequestItems={TABLE: pending})
            pending = response.get("UnprocessedItems", {}).get(TABLE, [])

    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(LOADERS) as pool:
        for future in [pool.submit(write, first) for first in range(start, stop, BATCH)]:
            future.result()
    return time.perf_counter() - started


def table_items(server: servers.Server) -> int:
    """The embedded server's item count (DescribeTable: a Scan of 100k items takes moto
    longer than a client waits)."""
    client = server.client(read_timeout=600, retries={"total_max_attempts": 1})
    return client.describe_table(TableName=TABLE)["Table"].get("ItemCount", 0)


def _server_pids(server: servers.Server) -> list[int]:
    if server.process is not None and server.process.pid is not None:
        return [server.process.pid]
    if server.group is not None:
        return [pid for pid in _pids() if _pgid(pid) == server.group]
    return []


def cpu_seconds(server: servers.Server) -> float:
    """CPU time (user + system) the server's processes have used, from /proc: the
    server's own cost of a request, whatever else the machine is running."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in _server_pids(server):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total / ticks


def rss_bytes(server: servers.Server) -> int | None:
    """Resident memory of the server's processes (dynalite: npx and node), from /proc."""
    pids = _server_pids(server)
    if not pids:
        return None
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total or None


def _pids() -> list[int]:
    return [int(name) for name in os.listdir("/proc") if name.isdigit()]


def _pgid(pid: int) -> int | None:
    try:
        return os.getpgid(pid)
    except OSError:
        return None


class Operations:
    """The timed requests against one server, over the raw boto3 client."""

    def __init__(self, server: servers.Server, loaded: int, sizes: ScaleSizes, seed: int):
        # One attempt each, and time enough for the slowest (moto's transactions copy the
        # whole table): a retried or cut-off request would hide what the server costs.
        self.client = server.client(read_timeout=600, retries={"total_max_attempts": 1})
        self.repo = MatchRepository(client=self.client)
        rng = random.Random(seed)
        numbers = [rng.randrange(loaded) for _ in range(256)]
        self.stores = itertools.cycle([f"s{n // sizes.per_store:04d}" for n in numbers]).__next__
        self.creators = itertools.cycle(
            [f"c{n // sizes.per_creator:06d}" for n in numbers]
        ).__next__
        self.keys = itertools.cycle([MatchRepository.key(match_number(n, sizes)) for n in numbers])
        self.rewrites = itertools.cycle(
            [self.repo._encode(match_number(n, sizes)) for n in numbers[:64]]
        )
        self.fresh = itertools.count(10_000_000 * (1 + sizes.steps.index(loaded)))

    def gsi_page(self) -> None:
        response = self.client.query(
            TableName=TABLE,
            IndexName=STORE_INDEX,
            KeyConditionExpression="GSI4PK = :k",
            ExpressionAttributeValues={":k": {"S": f"STORE#{self.stores()}"}},
            ScanIndexForward=False,
            Limit=20,
        )
        assert len(response["Items"]) == 20, response.get("Count")

    def base_page(self) -> None:
        # A match's PK is its own, so a base-table query reads a one-item partition: what
        # it costs beyond a get is finding the partition, which moto did by reading them all.
        pk, _ = next(self.keys)
        response = self.client.query(
            TableName=TABLE,
            KeyConditionExpression="PK = :p",
            ExpressionAttributeValues={":p": {"S": pk}},
        )
        assert response["Count"] == 1, response["Count"]

    def creator_page(self) -> None:
        response = self.client.query(
            TableName=TABLE,
            IndexName=CREATOR_INDEX,
            KeyConditionExpression="GSI5PK = :k",
            ExpressionAttributeValues={":k": {"S": f"CREATOR#{self.creators()}"}},
            ScanIndexForward=False,
            Limit=20,
        )
        assert len(response["Items"]) == 20, response.get("Count")

    def get(self) -> None:
        pk, sk = next(self.keys)
        response = self.client.get_item(TableName=TABLE, Key={"PK": {"S": pk}, "SK": {"S": sk}})
        assert "Item" in response

    def put(self) -> None:
        self.client.put_item(TableName=TABLE, Item=next(self.rewrites))

    def transact(self) -> None:
        n = next(self.fresh)
        self.client.transact_write_items(
            TransactItems=[
                {
                    "Put": {
                        "TableName": TABLE,
                        "Item": {
                            "PK": {"S": f"MATCH#t{n}"},
                            "SK": {"S": "STORE#s9999#CREATOR#c9999"},
                            "status": {"S": "PENDING"},
                            "version": {"N": "1"},
                        },
                        "ConditionExpression": "attribute_not_exists(PK)",
                    }
                }
            ]
        )


OPERATIONS = ("gsi_page", "creator_page", "base_page", "get", "put", "transact")
# dynalite answers TransactWriteItems with UnknownOperationException.
EMBEDDED_ONLY = frozenset({"transact"})


def measure(
    contenders: list[servers.Server], loaded: int, sizes: ScaleSizes, log
) -> tuple[dict, dict]:
    """p50/p99 per operation and server, and the server CPU per request (ms)."""
    ops = {server.name: Operations(server, loaded, sizes, seed=loaded) for server in contenders}
    result: dict[str, dict[str, Summary]] = {}
    cpu: dict[str, dict[str, float]] = {}
    for operation in OPERATIONS:
        samples = sizes.samples if operation != "transact" else max(5, sizes.samples // 4)
        log(f"  scale {loaded} items: {operation} ({samples} samples per server)")
        timed = {
            server.name: getattr(ops[server.name], operation)
            for server in contenders
            if server.embedded or operation not in EMBEDDED_ONLY
        }
        warmup = max(3, samples // 10)
        before = {server.name: cpu_seconds(server) for server in contenders}
        with settled_heap():
            result[operation] = interleaved(timed, samples=samples, warmup=warmup)
        cpu[operation] = {
            server.name: (cpu_seconds(server) - before[server.name]) * 1000 / (samples + warmup)
            for server in contenders
            if server.name in timed
        }
    return result, cpu


def restart(server: servers.Server, sizes: ScaleSizes, expected: int, log) -> dict:
    """kill -9 the embedded server, start it on the same directory, time it to its first
    answer and check every item came back."""
    assert server.process is not None
    rss_before = rss_bytes(server)
    journal = server.data_dir / "journal.bin" if server.data_dir else None
    snapshot = server.data_dir / "snapshot.bin" if server.data_dir else None
    files = {
        "journal_bytes": journal.stat().st_size if journal and journal.exists() else 0,
        "snapshot_bytes": snapshot.stat().st_size if snapshot and snapshot.exists() else 0,
    }
    log(f"  scale: kill -9 with {expected} items, restarting")
    server.process.kill()
    started = time.perf_counter()
    server.process.start(timeout=sizes.restart_timeout)
    seconds = time.perf_counter() - started
    # The server fills its query indexes beside requests once it answers: the first
    # pages may wait for that.
    ops = Operations(server, sizes.steps[-1], sizes, seed=1)
    first_pages = []
    for _ in range(3):
        page_started = time.perf_counter()
        ops.gsi_page()
        first_pages.append(time.perf_counter() - page_started)
    return {
        "seconds": seconds,
        "first_pages": first_pages,
        "items_back": table_items(server),
        "expected": expected,
        "rss_before": rss_before,
        "rss_after": rss_bytes(server),
        **files,
    }


def run(sizes: ScaleSizes, *, with_dynalite: bool = True, log=print) -> dict:
    result: dict = {"sizes": sizes, "steps": [], "notes": [], "servers": []}
    with servers.embedded(journal=True) as embedded:
        contenders = [embedded]
        dynalite_context = None
        if not with_dynalite:
            result["notes"].append("dynalite skipped (--no-dynalite)")
        elif not servers.npx_available():
            result["notes"].append("dynalite skipped: node/npx not found on this machine")
        else:
            dynalite_context = servers.dynalite()
            try:
                contenders.append(dynalite_context.__enter__())
            except RuntimeError as exc:
                dynalite_context = None
                result["notes"].append(f"dynalite skipped: {exc}")
        try:
            result["servers"] = [server.name for server in contenders]
            for server in contenders:
                servers.create_table(server)
            loaded = 0
            for size in sizes.steps:
                load_seconds = {}
                for server in contenders:
                    log(f"  scale: loading {server.name} to {size} items")
                    load_seconds[server.name] = load(server, loaded, size, sizes)
                loaded = size
                timings, cpu = measure(contenders, loaded, sizes, log)
                for operation, summaries in timings.items():
                    figures = ", ".join(
                        f"{name} {s.p50 / 1000:.2f}/{s.p99 / 1000:.2f} ms "
                        f"(server CPU {cpu[operation][name]:.2f} ms)"
                        for name, s in summaries.items()
                    )
                    log(f"  scale {loaded} items: {operation} p50/p99 {figures}")
                # The timed puts rewrite existing matches; the transactions add items.
                count = table_items(embedded)
                result["steps"].append(
                    {
                        "items": loaded,
                        "table_items": count,
                        "load_seconds": load_seconds,
                        "timings": timings,
                        "cpu": cpu,
                        "rss": {server.name: rss_bytes(server) for server in contenders},
                    }
                )
            result["restart"] = restart(embedded, sizes, count, log)
        finally:
            if dynalite_context is not None:
                dynalite_context.__exit__(None, None, None)
    return result


__all__ = ["FULL", "OPERATIONS", "QUICK", "ScaleSizes", "run"]
