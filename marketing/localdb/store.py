"""The database: moto behind one lock, with a journal and snapshots for durability.

moto is not safe under concurrent requests (conditional puts both win, ADD counters lose
increments), so every request, read or write, runs alone under ``Store.lock``. A mutating
request that succeeded is written to the journal while the lock is still held, which keeps
the journal in the order the writes were applied; the fsync happens after the lock is
released, shared by all the requests waiting for it, and the response waits for it.
"""

from __future__ import annotations

import contextlib
import fcntl
import itertools
import os
import sys
import threading
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import backups, bulk_load, query_index, snapshot, stream_positions, stream_retention
from .fast_requests import RequestNotParsed
from .heap import Heap
from .journal import Damaged, Journal, Record
from .moto_app import MotoDynamo, Reply, environ_with_body, error_reply
from .targets import is_known, is_mutating

JOURNAL_FILE = "journal.bin"
SNAPSHOT_FILE = "snapshot.bin"
LOCK_FILE = "lock"
# At start-up a put, delete or batch record is applied straight to the tables (bulk_load:
# ~0.1 ms for a put, 35 us a batched item), any other goes through moto (~1.2 ms); compacting
# costs ~50 us per stored item. These bound a restart's journal replay at ~2-3 s of CPU.
COMPACT_RECORDS = 10_000
COMPACT_MOTO_RECORDS = 2_000  # records bulk_load leaves to moto
COMPACT_BYTES = 32 << 20


class DataDirInUse(RuntimeError):
    pass


def lock_data_dir(data_dir: Path) -> int:
    """Hold an exclusive lock on the directory: two servers on one journal would corrupt it.

    The kernel drops the lock when the process dies, even by ``kill -9``.
    """
    fd = os.open(data_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise DataDirInUse(f"another local DynamoDB is using {data_dir}") from None
    return fd


@dataclass
class Recovery:
    snapshot_requests: int = 0
    journal_records: int = 0
    replayed: int = 0
    skipped: int = 0  # already covered by the snapshot (crash between rename and truncate)
    dropped_bytes: int = 0  # torn tail cut off the journal
    failed_replays: int = 0
    compacted: bool = False
    snapshot_seconds: float = 0.0
    journal_seconds: float = 0.0
    seconds: float = 0.0

    @property
    def records(self) -> int:
        return self.snapshot_requests + self.replayed


def log(message: str) -> None:
    print(f"localdb: {message}", file=sys.stderr, flush=True)


class Store:
    def __init__(
        self,
        data_dir: Path,
        *,
        journal: bool = True,
        compact_records: int = COMPACT_RECORDS,
        compact_moto_records: int = COMPACT_MOTO_RECORDS,
        compact_bytes: int = COMPACT_BYTES,
        heap: Heap | None = None,
    ):
        self.data_dir = data_dir
        self.durable = journal
        self.moto = MotoDynamo()
        self.lock = threading.Lock()
        self.seq = 0
        self.regions: set[str] = set()
        self.compact_records = compact_records
        self.compact_moto_records = compact_moto_records
        self.compact_bytes = compact_bytes
        self._moto_records = 0  # journal records since the last compaction moto must replay
        self._journal = Journal(data_dir / JOURNAL_FILE)
        self._snapshot_path = data_dir / SNAPSHOT_FILE
        self._failure: str | None = None
        self._closed = False
        self._compact_floor = 0  # journal size below which no compaction is retried
        self._dir_lock: int | None = None
        # Only the server's own process manages the collector: freezing is process-wide.
        self.heap = heap

    def recover(self) -> Recovery:
        """Load the snapshot and replay the journal past it (folding them into a new snapshot
        when the journal is due for it)."""
        stats = Recovery()
        started = time.perf_counter()
        if not self.durable:
            return stats
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._dir_lock = lock_data_dir(self.data_dir)
        try:
            self._recover(stats)
        except Damaged:
            # Refused before touching anything: salvage may have the directory now.
            os.close(self._dir_lock)
            self._dir_lock = None
            raise
        stats.seconds = time.perf_counter() - started
        return stats

    def _recover(self, stats: Recovery) -> None:
        loading = self.heap.loading() if self.heap is not None else contextlib.nullcontext()
        with self.lock, stream_retention.replaying(), loading:
            # Both files are checked before anything is replayed or cut: a damaged one stops
            # the start-up here (SnapshotError, JournalCorrupt) with both left untouched.
            started = time.perf_counter()
            loaded = snapshot.load(self._snapshot_path)
            contents = self._journal.recover()
            if loaded is not None:
                for record in loaded.records:
                    # Its items go straight into the tables, and its backups into
                    # moto's; anything else to moto.
                    if record.target == stream_positions.TARGET:
                        stream_positions.restore(record)
                    elif bulk_load.load(record) or backups.load(record):
                        self.regions.add(record.region)
                    else:
                        self._replay(record, stats)
                stats.snapshot_requests = len(loaded.records)
                self.seq = loaded.seq
            stats.snapshot_seconds = time.perf_counter() - started
            started = time.perf_counter()
            stats.journal_records = len(contents.records)
            stats.dropped_bytes = contents.dropped_bytes
            if contents.dropped_bytes:
                log(
                    f"dropped a torn record at the end of {self._journal.path}: "
                    f"{contents.dropped_bytes} bytes from byte offset {contents.valid_bytes} "
                    "(a write cut short by a crash, never acknowledged)"
                )
            with stream_retention.counting():
                for record in contents.records:
                    if record.seq <= self.seq:
                        stats.skipped += 1
                        continue
                    if bulk_load.load(record) or backups.load(record):
                        self.regions.add(record.region)
                    else:
                        self._replay(record, stats)
                        self._moto_records += 1
                    stats.replayed += 1
                    self.seq = record.seq
            self._journal.open(durable_seq=self.seq)
            stats.journal_seconds = time.perf_counter() - started
            # The journal goes on from where it is; it is folded into a snapshot at start-up
            # only when it is as long as a running server would fold it at.
            if self._compaction_due():
                self._compact()
                stats.compacted = True

    def _replay(self, record: Record, stats: Recovery) -> None:
        self.regions.add(record.region)
        try:
            reply = self.moto.invoke(record.target, record.body, record.region)
        except Exception as exc:  # failed the same way when it was first applied
            reply = error_reply("500 INTERNAL SERVER ERROR", "InternalServerError", repr(exc))
        if not reply.ok:
            # Replaying onto the same state should succeed exactly as the original did.
            stats.failed_replays += 1
            detail = f"{reply.status} {reply.body[:200]!r}"
            log(f"replay of seq {record.seq} {record.target} failed: {detail}")

    def fill_query_indexes(self, pause: float = 0.05) -> tuple[int, float]:
        """Fill every table's query indexes, one at a time under the lock, pausing after
        each so that waiting requests get the lock (it is not fair: a thread that takes it
        again at once keeps it). The server runs this beside requests after start-up; a
        query on an index not filled yet fills it itself. Returns (indexes filled, seconds).
        """
        started = time.perf_counter()
        filled = 0
        with self.lock:
            pending = query_index.unbuilt()
        for table, indexes, key in pending:
            time.sleep(pause)
            with self.lock:
                if self._closed:
                    break
                filled += query_index.fill(table, indexes, key)
        return filled, time.perf_counter() - started

    def apply(self, environ: dict[str, Any], body: bytes, target: str, region: str) -> Reply:
        if not is_known(target):
            return error_reply(
                "400 BAD REQUEST", "UnknownOperationException", f"unknown operation {target!r}"
            )
        with self.lock:
            if self._failure or self._closed:
                reason = self._failure or "the server is shutting down"
                return error_reply("503 SERVICE UNAVAILABLE", "InternalServerError", reason)
            applied = True  # moto may have changed state, so the journal must have it
            failed = False  # moto raised: maybe half-way through the write
            try:
                reply = self.moto.call(environ_with_body(environ, body))
            except RequestNotParsed as exc:  # raised before moto applied anything
                return error_reply("400 BAD REQUEST", "SerializationException", str(exc))
            except Exception as exc:
                # A moto bug, maybe half-way through a write: keep serving, and journal the
                # request so that a restart replays it into the same state.
                log(f"moto failed on {target}: {exc!r}\n{traceback.format_exc()}")
                failed = True
                reply = error_reply(
                    "500 INTERNAL SERVER ERROR",
                    "InternalServerError",
                    f"the local DynamoDB failed on this request: {exc!r}",
                )
            else:
                applied = reply.ok
            wrote = applied and is_mutating(target)
            if wrote and self.heap is not None:
                self.heap.wrote(target.rpartition(".")[2], len(body))
            if wrote and self.durable:
                self.regions.add(region)
                try:
                    body = backups.journaled_body(target, body, reply, region)
                    self._journal.write(Record(self.seq + 1, target, region, body))
                except OSError as exc:
                    return self._fail(f"journal write failed: {exc}")
                self.seq += 1
                self._moto_records += target not in bulk_load.APPLIED_HERE
                # A write moto failed half-way through is folded into a snapshot at once:
                # the journal then holds only whole writes (bulk_load applies them whole).
                # So is a new stream, whose label a replay could not make again.
                if (
                    failed
                    or self._compaction_due()
                    or stream_positions.changes_stream(target, body)
                ):
                    self._compact_safely()
            observed = self.seq
        if self.durable:
            # Every reply, reads included, waits until the state it saw is on disk, so no
            # client ever sees a write that a crash could still take back.
            try:
                self._journal.wait_durable(observed)
            except OSError as exc:
                return self._fail(f"journal fsync failed: {exc}")
        return reply

    def _fail(self, reason: str) -> Reply:
        # moto holds writes the disk may not: stop serving rather than diverge further.
        self._failure = reason
        log(reason)
        return error_reply("500 INTERNAL SERVER ERROR", "InternalServerError", reason)

    def _compaction_due(self) -> bool:
        size = self._journal.records
        return size >= self._compact_floor and (
            size >= self.compact_records
            or self._moto_records >= self.compact_moto_records
            or self._journal.bytes >= self.compact_bytes
        )

    def _compact_safely(self) -> None:
        try:
            self._compact()
        except Exception as exc:
            # The journal still holds everything; try again once it has grown as much again.
            self._compact_floor = self._journal.records + self.compact_records
            log(f"compaction failed, journal kept: {exc!r}")

    def _compact(self) -> None:
        """Snapshot everything applied so far, then empty the journal. Caller holds the lock."""
        started = time.perf_counter()
        requests = itertools.chain(
            snapshot.dump(self.moto, self.regions), backups.dump(self.regions)
        )
        count = snapshot.write(self._snapshot_path, self.seq, requests)
        # A crash here leaves journal records the snapshot already covers; their seq <=
        # the snapshot's seq, so recovery skips them.
        self._journal.truncate(durable_seq=self.seq)
        self._compact_floor = 0
        self._moto_records = 0
        elapsed = time.perf_counter() - started
        log(f"compacted to {count} requests at seq {self.seq} in {elapsed:.2f}s")

    def contents(self) -> tuple[int, int]:
        """(tables, items) across every region written to, from DescribeTable's ItemCount."""
        tables = items = 0
        with self.lock:
            for region in sorted(self.regions):
                for name in snapshot.table_names(self.moto, region):
                    described = self.moto.invoke_json("DescribeTable", {"TableName": name}, region)
                    tables += 1
                    items += described["Table"].get("ItemCount", 0)
        return tables, items

    def compact(self) -> None:
        with self.lock:
            if self.durable:
                self._compact()

    def close(self, *, fold: bool = False) -> None:
        """Wait for the request in progress, then refuse new ones and close the journal;
        with fold, first fold the journal into a snapshot (a server's clean stop: the next
        start then loads items instead of replaying requests)."""
        with self.lock:
            self._closed = True
            if fold and self.durable and self._failure is None and self._journal.records:
                self._compact_safely()
            self._journal.close()
            if self._dir_lock is not None:
                os.close(self._dir_lock)
                self._dir_lock = None
