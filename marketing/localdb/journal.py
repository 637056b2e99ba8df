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
    """The journal file: read and repair it once at start-up, then append and truncate."""

    def __init__(self, path: Path):
        self.path = path
        self._fd: int | None = None
        self.records = 0
        self.bytes = 0

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

    def open(self) -> None:
        existed = self.path.exists()
        self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        if not existed:
            fsync_dir(self.path.parent)

    def append(self, record: Record) -> None:
        """Write one record and make it durable before returning."""
        assert self._fd is not None, "journal is not open"
        data = encode(record)
        view = memoryview(data)
        while view:
            written = os.write(self._fd, view)
            view = view[written:]
        _sync(self._fd)
        self.records += 1
        self.bytes += len(data)

    def truncate(self) -> None:
        assert self._fd is not None, "journal is not open"
        os.ftruncate(self._fd, 0)
        _sync(self._fd)
        self.records = 0
        self.bytes = 0

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
