"""Append-only journal of acknowledged mutating requests, and the record framing it shares
with snapshots.

A record on disk is ``length | crc32 | seq | target length | region length`` (big-endian,
the CRC covering everything after itself) followed by the target, the region and the raw
request body. Reading stops at the first record that is incomplete or fails its CRC: that
is where a ``kill -9`` mid-append leaves the file, and nothing after it can be trusted.
"""

from __future__ import annotations

import os
import struct
import threading
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

_PREFIX = struct.Struct(">II")  # payload length, crc32(payload)
_FIELDS = struct.Struct(">QHH")  # seq, target length, region length
MAX_PAYLOAD = 1 << 30


@dataclass(frozen=True)
class Record:
    seq: int
    target: str
    region: str
    body: bytes


def encode(record: Record) -> bytes:
    target = record.target.encode()
    region = record.region.encode()
    payload = _FIELDS.pack(record.seq, len(target), len(region)) + target + region + record.body
    return _PREFIX.pack(len(payload), zlib.crc32(payload)) + payload


def _decode_payload(payload: bytes) -> Record:
    seq, target_len, region_len = _FIELDS.unpack_from(payload)
    start = _FIELDS.size
    target = payload[start : start + target_len].decode()
    region = payload[start + target_len : start + target_len + region_len].decode()
    body = payload[start + target_len + region_len :]
    return Record(seq, target, region, body)


def scan(data: bytes) -> Iterator[tuple[Record, int]]:
    """Yield each intact record with the offset just past it; stop at the first bad one."""
    offset = 0
    while offset + _PREFIX.size <= len(data):
        length, crc = _PREFIX.unpack_from(data, offset)
        start = offset + _PREFIX.size
        end = start + length
        if length < _FIELDS.size or length > MAX_PAYLOAD or end > len(data):
            return
        payload = data[start:end]
        if zlib.crc32(payload) != crc:
            return
        try:
            record = _decode_payload(payload)
        except (UnicodeDecodeError, struct.error):
            return
        offset = end
        yield record, offset


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync(fd: int) -> None:
    # fdatasync still flushes the file size, which is all an append changes.
    getattr(os, "fdatasync", os.fsync)(fd)


@dataclass
class JournalContents:
    records: list[Record]
    valid_bytes: int
    dropped_bytes: int


class Journal:
    """The journal file: read and repair it once at start-up, then append and truncate.

    Appending is split in two so that fsyncs are shared (group commit): ``write`` runs under
    the store's lock and only puts the record in the page cache; ``wait_durable`` runs after
    the lock is released, and one waiter fsyncs on behalf of every record written so far
    while the others wait for it. That keeps the lock free during the disk flush.
    """

    def __init__(self, path: Path):
        self.path = path
        self._fd: int | None = None
        self.records = 0
        self.bytes = 0
        self._synced = threading.Condition()
        self._written_seq = 0
        self._durable_seq = 0
        self._syncing = False
        self._error: OSError | None = None

    def recover(self) -> JournalContents:
        """Read the intact prefix and cut the file there, so appends follow a good record."""
        data = self.path.read_bytes() if self.path.exists() else b""
        records: list[Record] = []
        valid = 0
        last_seq = -1
        for record, end in scan(data):
            if record.seq <= last_seq:
                break  # sequence numbers only grow; anything else is not ours
            records.append(record)
            last_seq = record.seq
            valid = end
        if valid < len(data):
            with open(self.path, "r+b") as f:
                f.truncate(valid)
                _sync(f.fileno())
        self.records = len(records)
        self.bytes = valid
        return JournalContents(records, valid, len(data) - valid)

    def open(self, durable_seq: int) -> None:
        """Open for appending; everything up to durable_seq is already safely on disk."""
        existed = self.path.exists()
        self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        if not existed:
            fsync_dir(self.path.parent)
        self._written_seq = self._durable_seq = durable_seq

    def write(self, record: Record) -> None:
        """Put one record in the file (not yet durable); records must come in seq order."""
        assert self._fd is not None, "journal is not open"
        data = encode(record)
        view = memoryview(data)
        while view:
            written = os.write(self._fd, view)
            view = view[written:]
        self.records += 1
        self.bytes += len(data)
        with self._synced:
            self._written_seq = record.seq

    def wait_durable(self, seq: int) -> None:
        """Return once every record up to seq is on disk; raise OSError if that failed."""
        with self._synced:
            while self._durable_seq < seq:
                if self._error is not None:
                    raise self._error
                if self._syncing:
                    self._synced.wait()
                    continue
                self._syncing = True
                target = self._written_seq
                self._synced.release()
                try:
                    _sync(self._fd)  # type: ignore[arg-type]
                except OSError as exc:
                    error: OSError | None = exc
                else:
                    error = None
                finally:
                    self._synced.acquire()
                    self._syncing = False
                    self._synced.notify_all()
                if error is not None:
                    self._error = error
                    raise error
                self._durable_seq = max(self._durable_seq, target)

    def truncate(self, durable_seq: int) -> None:
        """Empty the journal once a snapshot has made everything up to durable_seq safe."""
        assert self._fd is not None, "journal is not open"
        with self._synced:
            self._durable_seq = max(self._durable_seq, durable_seq)
            self._synced.notify_all()
        os.ftruncate(self._fd, 0)
        _sync(self._fd)
        self.records = 0
        self.bytes = 0

    def close(self) -> None:
        """Flush what is written and close; the caller has stopped new writes."""
        with self._synced:
            while self._syncing:
                self._synced.wait()
            if self._fd is None:
                return
            if self._durable_seq < self._written_seq and self._error is None:
                _sync(self._fd)
                self._durable_seq = self._written_seq
            os.close(self._fd)
            self._fd = None
            self._synced.notify_all()
