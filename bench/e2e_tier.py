"""Tier 2: end to end, against servers in their own processes.

- repository vs raw client (+ hand decoding), p50/p99 per operation, interleaved, on the
  embedded server (journal off: the core is measured, not the disk) and on dynalite;
- batch writes of 25 vs sequential creates (items/s), then the same batch path under
  injected UnprocessedItems and throttling: nothing lost, attempts and delays bounded;
- the embedded server's cost of durability: journal on vs off, write p50/p99 and
  throughput with concurrent writers.
"""

import http.client
import itertools
import random
import threading
import time
import urllib.parse
from dataclasses import dataclass, field

from bench import handcodec, servers
from bench.canned import RequestRecorder, ThrottleEvery
from bench.models import PREFIX, STORE_INDEX, Match, MatchRepository, make_match
from bench.stats import Summary, interleaved, settled_heap
from marketing.dynamo import errors, serde
from marketing.dynamo.backoff import Backoff
from marketing.dynamo.client import get_client
from marketing.dynamo.repository import BATCH_WRITES_IN_FLIGHT, _stamp_for_batch
from marketing.dynamo.tables import MATCHES

TABLE = MATCHES.table_name(PREFIX)


@dataclass(frozen=True)
class Sizes:
    stores: int
    per_store: int
    samples: int  # per operation and contender
    batch_items: int  # per side of batch vs sequential
    fault_items: int
    durability_samples: int
    throughput_seconds: float

    @property
    def items(self) -> int:
        return self.stores * self.per_store


# The embedded server answers a GSI query in time proportional to the table (moto scans),
# so the tables are kept small enough for `make bench` to finish in minutes on 2 cores.
FULL = Sizes(20, 25, 150, 1600, 250, 300, 2.0)
QUICK = Sizes(5, 20, 15, 200, 60, 30, 0.3)
BATCH_ROUNDS = 4


# --- repository vs raw --------------------------------------------------------------------


def repository_vs_raw(server: servers.Server, sizes: Sizes, log=print) -> dict:
    server.use()
    servers.create_table(server)
    items = servers.dataset(sizes.stores, sizes.per_store)
    servers.seed(server, items)
    count = servers.item_count(server)
    client = get_client()
    repo = MatchRepository()
    rng = random.Random(11)
    keys = [MatchRepository.key(m) for m in items]
    picks = [rng.choice(keys) for _ in range(512)]
    stores = [f"s{rng.randrange(sizes.stores):04d}" for _ in range(512)]
    batches = [rng.sample(keys, 100) for _ in range(16)]

    def cycles(seq):
        return itertools.cycle(seq).__next__

    def get_ops():
        raw_next, repo_next = cycles(picks), cycles(picks)

        def raw():
            pk, sk = raw_next()
            r = client.get_item(TableName=TABLE, Key={"PK": {"S": pk}, "SK": {"S": sk}})
            return handcodec.decode_item(r["Item"])

        def ours():
            return repo.get(*repo_next())

        return {"raw": raw, "repository": ours}

    def put_ops():
        # Each contender rewrites an item of its own, chaining versions.
        ours_item = [items[0]]
        raw_state = {"item": handcodec.decode_item(repo._encode(items[1]))}

        def raw():
            old = raw_state["item"]
            new = {**old, "version": old["version"] + 1, "updatedBy": "bench"}
            new["updatedAt"] = servers.make_match(0).updated_at.isoformat()[:-6] + "Z"
            client.put_item(
                TableName=TABLE,
                Item=handcodec.encode_item(new),
                ConditionExpression="#v = :v",
                ExpressionAttributeNames={"#v": "version"},
                ExpressionAttributeValues={":v": {"N": str(old["version"])}},
            )
            raw_state["item"] = new

        def ours():
            item = ours_item[0]
            ours_item[0] = repo.put(item, expected_version=item.version, actor="bench")

        return {"raw": raw, "repository": ours}

    def query_ops():
        raw_next, repo_next = cycles(stores), cycles(stores)

        def raw():
            r = client.query(
                TableName=TABLE,
                IndexName=STORE_INDEX,
                KeyConditionExpression="#k = :k",
                ExpressionAttributeNames={"#k": "GSI4PK"},
                ExpressionAttributeValues={":k": {"S": f"STORE#{raw_next()}"}},
                ScanIndexForward=False,
                Limit=20,
            )
            return [handcodec.decode_item(i) for i in r["Items"]], r.get("LastEvaluatedKey")

        return {"raw": raw, "repository": lambda: repo.for_store(repo_next(), limit=20)}

    def batch_ops():
        raw_next, repo_next = cycles(batches), cycles(batches)

        def raw():
            request = {TABLE: {"Keys": [{"PK": {"S": p}, "SK": {"S": s}} for p, s in raw_next()]}}
            found = []
            while request:
                r = client.batch_get_item(RequestItems=request)
                found += [handcodec.decode_item(i) for i in r["Responses"][TABLE]]
                request = r.get("UnprocessedKeys")
            return found

        return {"raw": raw, "repository": lambda: repo.batch_get(repo_next())}

    results = {}
    for name, ops in (
        ("get", get_ops),
        ("put (versioned)", put_ops),
        ("query 20", query_ops),
        ("batch get 100", batch_ops),
    ):
        # A batch get of 100 costs ~50 gets on the embedded server: fewer samples of it.
        samples = sizes.samples if "batch" not in name else max(10, sizes.samples // 3)
        log(f"  e2e {server.name}: {name} ({samples} samples per contender)")
        results[name] = interleaved(ops(), samples=samples, warmup=max(3, samples // 10))
    return {"server": server.name, "items": count, "ops": results}


# --- batch writes -------------------------------------------------------------------------


def batch_vs_sequential(server: servers.Server, sizes: Sizes, log=print) -> dict:
    """items/s of repository.batch_write (25 a request) vs repository.create one by one.

    batch_write runs as shipped (BATCH_WRITES_IN_FLIGHT requests at once) and with one
    request at a time. One untimed round of each mode comes first: a server's first calls
    of an operation pay one-off costs (moto loads the operation's model), ~0.1 s that
    would otherwise be charged to whichever mode ran first.
    """
    server.use()
    repo = MatchRepository(mode="batch")
    per_round = sizes.batch_items // BATCH_ROUNDS
    modes = ("batch", "batch_one", "sequential")
    elapsed = dict.fromkeys(modes, 0.0)
    serial = itertools.count(1_000_000)

    def write(mode: str, count: int) -> float:
        fresh = [make_match(next(serial), store=7) for _ in range(count)]
        fresh = [m.model_copy(update={"version": 0}) for m in fresh]
        start = time.perf_counter()
        if mode == "sequential":
            for item in fresh:
                repo.create(item, actor="system:bench")
        else:
            in_flight = 1 if mode == "batch_one" else BATCH_WRITES_IN_FLIGHT
            repo.batch_write(put_items=fresh, actor="system:bench", in_flight=in_flight)
        return time.perf_counter() - start

    log(f"  e2e {server.name}: batch write vs sequential ({sizes.batch_items} items each)")
    for mode in modes:
        write(mode, per_round)
    with settled_heap():
        for round_ in range(BATCH_ROUNDS):
            for mode in modes[round_ % 3 :] + modes[: round_ % 3]:
                elapsed[mode] += write(mode, per_round)
    items = per_round * BATCH_ROUNDS
    rates = {mode: items / seconds for mode, seconds in elapsed.items()}
    return {
        "items": items,
        "rounds": BATCH_ROUNDS,
        "in_flight": BATCH_WRITES_IN_FLIGHT,
        "rates": rates,
        "ratio": rates["batch"] / rates["sequential"],
        "ratio_one": rates["batch_one"] / rates["sequential"],
    }


def server_ceiling(server: servers.Server, sizes: Sizes, log=print) -> dict:
    """items/s of the server alone: the same creates and batches, built and signed by our
    repository beforehand, replayed over one keep-alive connection. The ratio is the
    most any client could reach against this server, whatever its own cost.

    Recording them times the client alone: batch_write (one request at a time) answered
    by canned responses, with no server at all."""
    recorder = RequestRecorder()
    recorder.set("PutItem", {})
    recorder.set("BatchWriteItem", {"UnprocessedItems": {}})
    client = server.client("batch")
    recorder.attach(client.meta.events)
    repo = MatchRepository(mode="batch", client=client)
    per_round = sizes.batch_items // BATCH_ROUNDS
    serial = itertools.count(3_000_000)

    def fresh() -> list[Match]:
        matches = [make_match(next(serial), store=11) for _ in range(per_round)]
        return [m.model_copy(update={"version": 0}) for m in matches]

    rounds: list[dict[str, list]] = []
    client_alone = 0.0
    for number in range(BATCH_ROUNDS + 1):  # the first round warms up
        recorder.requests.clear()
        items = fresh()
        with settled_heap():
            started = time.perf_counter()
            repo.batch_write(put_items=items, actor="system:bench", in_flight=1)
            client_alone += (time.perf_counter() - started) if number else 0.0
        batch = list(recorder.requests)
        recorder.requests.clear()
        for item in fresh():
            repo.create(item, actor="system:bench")
        rounds.append({"batch": batch, "sequential": list(recorder.requests)})

    log(f"  e2e {server.name}: server ceiling ({sizes.batch_items} items replayed each)")
    url = urllib.parse.urlsplit(server.endpoint_url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    elapsed = {"batch": 0.0, "sequential": 0.0}
    try:
        with settled_heap():
            for number, recorded in enumerate(rounds):
                order = ("batch", "sequential") if number % 2 == 0 else ("sequential", "batch")
                for mode in order:
                    seconds = _replay(connection, recorded[mode])
                    if number:
                        elapsed[mode] += seconds
    finally:
        connection.close()
    items = per_round * BATCH_ROUNDS
    rates = {mode: items / seconds for mode, seconds in elapsed.items()}
    rates["client_alone"] = items / client_alone
    rates["encode_alone"] = _encode_rate(repo, fresh, BATCH_ROUNDS)
    return {"items": items, "rates": rates, "ratio": rates["batch"] / rates["sequential"]}


def _encode_rate(repo: MatchRepository, fresh, rounds: int) -> float:
    """items/s of what batch_write does before its first request: stamp and encode every
    item (it sends nothing until all are encoded, so this part never overlaps the server)."""
    now = serde.utcnow()
    seconds, count = 0.0, 0
    with settled_heap():
        for _ in range(rounds):
            items = fresh()
            started = time.perf_counter()
            for item in items:
                repo._encode(_stamp_for_batch(item, "system:bench", now))
            seconds += time.perf_counter() - started
            count += len(items)
    return count / seconds


def _replay(connection: http.client.HTTPConnection, requests: list) -> float:
    start = time.perf_counter()
    for operation, headers, body in requests:
        connection.request("POST", "/", body=body, headers=headers)
        response = connection.getresponse()
        answer = response.read()
        if response.status != 200:
            raise RuntimeError(f"replayed {operation}: {response.status} {answer[:200]!r}")
    return time.perf_counter() - start


class RecordingBackoff(Backoff):
    """Our Backoff, remembering each wait: (retry number, seconds)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        object.__setattr__(self, "waits", [])

    def wait(self, retry: int) -> float:
        seconds = super().wait(retry)
        self.waits.append((retry, seconds))
        return seconds


class UnprocessedInjector:
    """Wraps a client: some batch writes process only the first half of their requests
    (at least one) and return the rest as UnprocessedItems, as DynamoDB does under load."""

    def __init__(self, client, probability: float, seed: int = 7):
        self.client = client
        self.probability = probability
        self.random = random.Random(seed)
        self.calls = 0
        self.injected = 0
        self.items_sent = 0

    def __getattr__(self, name):
        return getattr(self.client, name)

    def batch_write_item(self, RequestItems):
        ((table, requests),) = RequestItems.items()
        self.calls += 1
        if len(requests) > 1 and self.random.random() < self.probability:
            self.injected += 1
            keep = max(1, len(requests) // 2)
            response = self.client.batch_write_item(RequestItems={table: requests[:keep]})
            self.items_sent += keep
            response["UnprocessedItems"] = {table: requests[keep:]}
            return response
        self.items_sent += len(requests)
        return self.client.batch_write_item(RequestItems=RequestItems)


def batch_under_faults(server: servers.Server, sizes: Sizes, log=print) -> dict:
    server.use()
    raw_client = server.client("batch")
    throttle = ThrottleEvery(5)
    throttle.attach(raw_client.meta.events)
    http_attempts = {"n": 0}
    raw_client.meta.events.register(
        "before-send.dynamodb.BatchWriteItem",
        lambda **_: http_attempts.__setitem__("n", http_attempts["n"] + 1),
        unique_id="bench-count-sends",
    )
    flaky = UnprocessedInjector(raw_client, probability=0.5)
    backoff = RecordingBackoff(base=0.01, cap=0.2, max_attempts=8)
    repo = MatchRepository(client=flaky, backoff=backoff)
    fresh = [
        make_match(2_000_000 + n, store=9).model_copy(update={"version": 0})
        for n in range(sizes.fault_items)
    ]
    log(f"  e2e {server.name}: batch write under faults ({len(fresh)} items)")
    start = time.perf_counter()
    error = None
    try:
        sent = repo.batch_write(put_items=fresh, actor="system:bench")
    except errors.BatchWriteIncomplete as exc:
        sent, error = len(fresh) - len(exc.failed), exc
    seconds = time.perf_counter() - start
    keys = [MatchRepository.key(m) for m in fresh]
    found = MatchRepository(client=server.client()).batch_get(keys)
    chunks = -(-len(fresh) // 25)
    ceiling = [min(backoff.cap, backoff.base * 2**r) for r in range(backoff.max_attempts - 1)]
    made = sum(ceiling[r] for r, _ in backoff.waits)
    waited = sum(s for _, s in backoff.waits)
    retries_per_chunk = _retries_per_chunk(backoff.waits)
    return {
        "items": len(fresh),
        "sent": sent,
        "found": len(found),
        "lost": len(fresh) - len(found),
        "error": str(error) if error else None,
        "batch_calls": flaky.calls,
        "injected_unprocessed": flaky.injected,
        "http_attempts": http_attempts["n"],
        "throttled": throttle.throttled,
        "max_attempts_per_chunk": max(retries_per_chunk, default=0) + 1,
        "attempt_limit": backoff.max_attempts,
        "waited": waited,
        "budget_for_retries_made": made,
        "budget_worst_case": chunks * sum(ceiling),
        "backoff": f"base {backoff.base}s, cap {backoff.cap}s, {backoff.max_attempts} attempts",
        "seconds": seconds,
    }


def _retries_per_chunk(waits: list[tuple[int, float]]) -> list[int]:
    """Retry numbers restart at 0 for every chunk: split the sequence there."""
    chunks: list[int] = []
    for retry, _ in waits:
        if retry == 0:
            chunks.append(1)
        else:
            chunks[-1] = retry + 1
    return chunks


# --- durability ---------------------------------------------------------------------------


@dataclass
class _Writer:
    client: object
    serial: itertools.count = field(default_factory=lambda: itertools.count(5_000_000))

    def put(self) -> None:
        n = next(self.serial)
        self.client.put_item(
            TableName=TABLE,
            Item={
                "PK": {"S": f"MATCH#d{n}"},
                "SK": {"S": "STORE#s1#CREATOR#c1"},
                "matchScore": {"N": "70"},
                "status": {"S": "PENDING"},
                "version": {"N": "1"},
            },
        )


def durability(sizes: Sizes, log=print) -> dict:
    """Journal on vs off: single-write latency (interleaved) and concurrent throughput."""
    with servers.embedded(journal=True) as on, servers.embedded(journal=False) as off:
        writers = {}
        for server in (on, off):
            servers.create_table(server)
            writers[server.name] = _Writer(server.client(max_pool_connections=8))
        log(f"  e2e durability: write latency ({sizes.durability_samples} samples each)")
        latency = interleaved(
            {name: writer.put for name, writer in writers.items()},
            samples=sizes.durability_samples,
            warmup=10,
        )
        log(f"  e2e durability: throughput, 4 writers, {sizes.throughput_seconds}s x 2 each")
        done = {name: 0 for name in writers}
        spent = {name: 0.0 for name in writers}
        for _ in range(2):
            for name, writer in writers.items():
                count, seconds = _concurrent_writes(writer, 4, sizes.throughput_seconds)
                done[name] += count
                spent[name] += seconds
        throughput = {name: done[name] / spent[name] for name in writers}
    return {"latency": latency, "throughput": throughput, "on": on.name, "off": off.name}


def _concurrent_writes(writer: _Writer, threads: int, seconds: float) -> tuple[int, float]:
    deadline = time.perf_counter() + seconds
    counts = [0] * threads

    def loop(slot: int) -> None:
        while time.perf_counter() < deadline:
            writer.put()
            counts[slot] += 1

    start = time.perf_counter()
    workers = [threading.Thread(target=loop, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return sum(counts), time.perf_counter() - start


# --- the tier -----------------------------------------------------------------------------


def run(sizes: Sizes, *, with_dynalite: bool = True, log=print) -> dict:
    result: dict = {"sizes": sizes, "servers": [], "notes": []}
    with servers.embedded(journal=False) as server:
        result["servers"].append(repository_vs_raw(server, sizes, log))
        result["batch"] = batch_vs_sequential(server, sizes, log)
        result["ceiling"] = server_ceiling(server, sizes, log)
        result["faults"] = batch_under_faults(server, sizes, log)
    if not with_dynalite:
        result["notes"].append("dynalite skipped (--no-dynalite)")
    elif not servers.npx_available():
        result["notes"].append("dynalite skipped: node/npx not found on this machine")
    else:
        try:
            with servers.dynalite() as server:
                result["servers"].append(repository_vs_raw(server, sizes, log))
                result["batch_dynalite"] = batch_vs_sequential(server, sizes, log)
                result["ceiling_dynalite"] = server_ceiling(server, sizes, log)
        except RuntimeError as exc:
            result["notes"].append(f"dynalite skipped: {exc}")
    with servers.embedded(journal=True) as server:
        # The embedded server as `make run` ships it: every acknowledged request is fsync'd.
        servers.create_table(server)
        result["batch_journaled"] = batch_vs_sequential(server, sizes, log)
        result["ceiling_journaled"] = server_ceiling(server, sizes, log)
    result["durability"] = durability(sizes, log)
    return result


__all__ = ["FULL", "QUICK", "Sizes", "Summary", "run"]
