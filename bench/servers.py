"""The servers the end-to-end tiers talk to, each in its own process (never this one:
a server in the benchmark's process would share its GIL and its timings)."""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import boto3

from bench.models import MATCHES, PREFIX, REGION, Match, MatchRepository, make_match
from marketing.dynamo.client import CLIENT_MODES
from marketing.dynamo.config import DynamoConfig, configure
from marketing.dynamo.provisioning import ensure_tables
from marketing.localdb.process import LocalDynamoProcess, free_port

STATUSES = ("PENDING", "CONTACTED", "RESPONDED", "NEGOTIATING", "ACCEPTED")


@dataclass
class Server:
    name: str
    endpoint_url: str
    embedded: bool
    # The process group serving it (its memory is read from /proc), and for the embedded
    # server its process handle and data directory (the scale tier restarts it).
    group: int | None = None
    process: LocalDynamoProcess | None = None
    data_dir: Path | None = None

    def use(self) -> None:
        """Point the core at this server (get_client() then returns clients for it)."""
        configure(
            DynamoConfig(
                endpoint_url=self.endpoint_url,
                region=REGION,
                table_prefix=PREFIX,
                uses_embedded_server=self.embedded,
            )
        )

    def client(self, mode: str = "interactive", **overrides):
        config = CLIENT_MODES[mode]
        if overrides:
            from botocore.config import Config

            config = config.merge(Config(**overrides))
        return boto3.session.Session().client(
            "dynamodb",
            endpoint_url=self.endpoint_url,
            region_name=REGION,
            aws_access_key_id="local",
            aws_secret_access_key="local",
            config=config,
        )


@contextlib.contextmanager
def embedded(*, journal: bool) -> Iterator[Server]:
    data_dir = Path(tempfile.mkdtemp(prefix="bench-localdb-"))
    process = LocalDynamoProcess(free_port(), data_dir, journal=journal)
    process.start()
    try:
        name = "embedded (journal on)" if journal else "embedded (journal off)"
        yield Server(
            name,
            process.endpoint_url,
            embedded=True,
            group=process.pid,
            process=process,
            data_dir=data_dir,
        )
    finally:
        process.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


def npx_available() -> bool:
    return shutil.which("npx") is not None and shutil.which("node") is not None


@contextlib.contextmanager
def dynalite(timeout: float = 180) -> Iterator[Server]:
    """`npx --yes dynalite` (in memory); RuntimeError when it cannot be started."""
    port = free_port()
    argv = ["npx", "--yes", "dynalite", "--port", str(port), "--host", "127.0.0.1"]
    argv += ["--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"]
    log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in the finally below
    process = subprocess.Popen(argv, stdout=log, stderr=log, start_new_session=True)
    try:
        deadline = time.monotonic() + timeout
        while not _listening(port):
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                tail = log.read()[-400:].decode(errors="replace")
                raise RuntimeError(f"dynalite did not start: {tail.strip()}")
            time.sleep(0.2)
        yield Server("dynalite", f"http://127.0.0.1:{port}", embedded=False, group=process.pid)
    finally:
        # npx runs node as a child: stop the whole group this Popen started, by its id.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


def _listening(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
        return True
    return False


def create_table(server: Server) -> None:
    client = server.client("batch")
    for _ in ensure_tables(client, [MATCHES], PREFIX):
        pass


def dataset(stores: int, per_store: int) -> list[Match]:
    """`stores` x `per_store` matches; each creator has 4 matches; statuses mixed."""
    total = stores * per_store
    creators = max(1, total // 4)
    return [
        make_match(
            n,
            store=n % stores,
            creator=n % creators,
            status=STATUSES[n % len(STATUSES)],
        )
        for n in range(total)
    ]


def seed(server: Server, items: list[Match]) -> None:
    """Write `items` as they are (version 1) with raw batch writes."""
    client = server.client("batch")
    repo = MatchRepository(client=client)
    raws = [repo._encode(item) for item in items]
    table = MATCHES.table_name(PREFIX)
    for start in range(0, len(raws), 25):
        pending = [{"PutRequest": {"Item": raw}} for raw in raws[start : start + 25]]
        while pending:
            response = client.batch_write_item(RequestItems={table: pending})
            pending = response.get("UnprocessedItems", {}).get(table, [])


def item_count(server: Server) -> int:
    client = server.client()
    table = MATCHES.table_name(PREFIX)
    count, start = 0, None
    while True:
        extra = {"ExclusiveStartKey": start} if start else {}
        response = client.scan(TableName=table, Select="COUNT", **extra)
        count += response["Count"]
        start = response.get("LastEvaluatedKey")
        if not start:
            return count
