"""Append-only journal of acknowledged mutating requests, and the record framing it shares
with snapshots.

A record on disk is ``length | crc32 | seq | target length | region length`` (big-endian,
the CRC covering everything after itself) followed by the target, the region and the raw
request body.

Reading tells two kinds of damage apart. A ``kill -9`` mid-append leaves an unfinished
record at the very end, with nothing intact after it: that *torn tail* was never
acknowledged and may be dropped. Anything else that does not check out (a record followed,
somewhere later, by one that does) is corruption of acknowledged writes. Past a bad record
the reader tries every later byte offset rather than trusting its length, so even a flipped
length field that makes a record seem to run past the end of the file is caught, and the
caller refuses to start instead of cutting acknowledged writes off.
"""

from __future__ import annotations

import os
import re
import struct
import threading
import zlib
from dataclasses import dataclass
from pathlib import Path

_PREFIX = struct.Struct(">II")  # payload length, crc32(payload)
_FIELDS = struct.Struct(">QHH")  # seq, target length, region length
_SEQ_AT = _PREFIX.size  # where a record's seq starts, counted from its first byte
MIN_FRAME = _PREFIX.size + _FIELDS.size
MAX_PAYLOAD = 1 << 30
_MAX_SEQ = (1 << 64) - 1


@dataclass(frozen=True)
class Record:
    seq: int
    target: str
    region: str
    body: bytes


class Damaged(RuntimeError):
    """A journal or snapshot file holds a record that does not check out, not at its end."""

    EXIT_STATUS = 3  # of `python -m marketing.localdb` and `manage.py localdynamo` refusing

    def __init__(self, path: Path, offset: int, detail: str):
        super().__init__(f"{path} is damaged at byte offset {offset}: {detail}")
        self.path = path
        self.offset = offset


class JournalCorrupt(Damaged):
    pass


def encode(record: Record) -> bytes:
    target = record.target.encode()
    region = record.region.encode()
    payload = _FIELDS.pack(record.seq, len(target), len(region)) + target + region + record.body
    return _PREFIX.pack(len(payload), zlib.crc32(payload)) + payload


def _decode_payload(payload: bytes) -> Record:
    seq, target_len, region_len = _FIELDS.unpack_from(payload)
    start = _FIELDS.size
    if target_len == 0 or start + target_len + region_len > len(payload):
        raise ValueError("target and region lengths do not fit the record")
    target = payload[start : start + target_len].decode()
    region = payload[start + target_len : start + target_len + region_len].decode()
    body = payload[start + target_len + region_len :]
    return Record(seq, target, region, body)


def _frame_at(data: bytes, offset: int) -> tuple[Record, int] | str:
    """The record at offset and the offset just past it, or why there is none there."""
    if offset + _PREFIX.size > len(data):
        return "is cut short: its header runs past the end of the file"
    length, crc = _PREFIX.unpack_from(data, offset)
    start = offset + _PREFIX.size
    end = start + length
    if length < _FIELDS.size or length > MAX_PAYLOAD:
        return f"has an impossible length ({length} bytes)"
    if end > len(data):
        return f"claims {length} bytes, which run past the end of the file"
    payload = data[start:end]
    if zlib.crc32(payload) != crc:
        return "fails its checksum"
    try:
        return _decode_payload(payload), end
    except (UnicodeDecodeError, ValueError):
        return "is malformed although its checksum matches"


@dataclass(frozen=True)
class Frame:
    offset: int
    end: int
    record: Record


@dataclass(frozen=True)
class BadRegion:
    """Bytes from the first that does not check out up to the next intact record (or EOF)."""

    start: int
    end: int
    reason: str  # what is wrong with the record at start, as "the record there <reason>"
    intact_record: bool  # the record at start checks out but is out of sequence

    @property
    def size(self) -> int:
        return self.end - self.start


@dataclass
class Reading:
    frames: list[Frame]
    bad: list[BadRegion]
    size: int

    @property
    def torn_tail(self) -> BadRegion | None:
        """The only damage, when it is an unfinished last record such as a crash leaves."""
        if len(self.bad) == 1:
            tail = self.bad[0]
            if tail.end == self.size and not tail.intact_record:
                return tail
        return None

    @property
    def corruption(self) -> BadRegion | None:
        """The first bad region, unless all the damage there is is a torn tail."""
        if self.bad and self.torn_tail is None:
            return self.bad[0]
        return None

    def frames_after(self, offset: int) -> list[Frame]:
        return [frame for frame in self.frames if frame.offset > offset]


def read(data: bytes, *, same_seq: bool = False) -> Reading:
    """Every record that checks out, and the regions between them that do not.

    Journal records have growing sequence numbers; every record of a snapshot carries the
    same one (``same_seq``). A record that breaks that order counts as damage, and past a
    bad record the reader only resyncs on one whose sequence number could follow.
    """
    frames: list[Frame] = []
    bad: list[BadRegion] = []
    previous: int | None = None
    offset = 0
    while offset < len(data):
        found = _frame_at(data, offset)
        if isinstance(found, tuple):
            record, end = found
            if previous is None or _follows(record.seq, previous, same_seq):
                frames.append(Frame(offset, end, record))
                previous = record.seq
                offset = end
                continue
            reason, intact = f"has sequence number {record.seq} after {previous}", True
        else:
            reason, intact = found, False
        low, high = _plausible_seqs(previous, same_seq, len(data) - offset)
        resume = _next_frame(data, offset + 1, low, high)
        end = len(data) if resume is None else resume
        bad.append(BadRegion(offset, end, reason, intact))
        offset = end
    return Reading(frames, bad, len(data))


def _follows(seq: int, previous: int, same_seq: bool) -> bool:
    return seq == previous if same_seq else seq > previous


def _plausible_seqs(previous: int | None, same_seq: bool, remaining: int) -> tuple[int, int]:
    """The sequence numbers a record that resumes after damage could carry."""
    if previous is None:
        return 0, _MAX_SEQ
    if same_seq:
        return previous, previous
    # Each record takes at least MIN_FRAME bytes, which bounds how many the damage can hide.
    return previous + 1, min(previous + 1 + remaining // MIN_FRAME, _MAX_SEQ)


def _next_frame(data: bytes, start: int, low: int, high: int) -> int | None:
    """The first offset from start where a record with a seq in [low, high] checks out."""
    for match in _candidates(start, len(data), low, high).finditer(data, start):
        offset = match.start()
        if offset + MIN_FRAME > len(data):
            return None
        (seq,) = struct.unpack_from(">Q", data, offset + _SEQ_AT)
        if low <= seq <= high and isinstance(_frame_at(data, offset), tuple):
            return offset
    return None


def _candidates(start: int, size: int, low: int, high: int) -> re.Pattern[bytes]:
    """Where a record could begin, as a regex, so that damaged stretches are skimmed in C.

    A record's length is at least the fixed fields (so not four zero bytes, as in a
    zero-filled tail) and fits what is left of the file (which bounds its first byte), and
    its seq starts with the bytes every seq in [low, high] shares.
    """
    longest = min(MAX_PAYLOAD, max(size - start - _PREFIX.size, 0))
    shared = _common_prefix(low.to_bytes(8, "big"), high.to_bytes(8, "big"))
    return re.compile(
        rb"(?s)(?=(?!\x00{4})[\x00-\x%02x].{%d}%s)"
        % (longest >> 24, _SEQ_AT - 1, re.escape(shared))
    )


def _common_prefix(a: bytes, b: bytes) -> bytes:
    size = 0
    while size < len(a) and a[size] == b[size]:
        size += 1
    return a[:size]


def describe(reading: Reading, damage: BadRegion) -> str:
    """Why damage at this point is corruption, not a write cut short by a crash."""
    before = [frame for frame in reading.frames if frame.end <= damage.start]
    after = reading.frames_after(damage.start)
    where = f" (the one after seq {before[-1].record.seq})" if before else ""
    if after:
        return (
            f"the record there{where} {damage.reason}, yet {len(after)} intact record(s) "
            f"follow it (the next at byte offset {damage.end}): this is damage to acknowledged "
            "writes, not a write cut short at the end"
        )
    # Only an intact record out of sequence is left: not a write a crash could have cut.
    return f"the record there{where} {damage.reason}, so it is not a write cut short at the end"


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
        """Read the records and cut off a torn tail, so appends follow a good record.

        Raises JournalCorrupt, leaving the file exactly as it is, when anything other than
        a torn tail does not check out.
        """
        data = self.path.read_bytes() if self.path.exists() else b""
        reading = read(data)
        damage = reading.corruption
        if damage is not None:
            raise JournalCorrupt(self.path, damage.start, describe(reading, damage))
        torn = reading.torn_tail
        valid = len(data) if torn is None else torn.start
        if torn is not None:
            with open(self.path, "r+b") as f:
                f.truncate(valid)
                _sync(f.fileno())
        records = [frame.record for frame in reading.frames]
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
