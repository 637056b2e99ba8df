"""Salvage a damaged journal or snapshot: keep every record that still checks out.

``localdynamo --salvage`` runs this on a data directory no server is using. Each damaged
file is first copied aside, as ``<name>.<UTC time>.corrupt`` in the same directory, then
replaced (temp file, fsync, rename) by one holding only its intact records, in order and
byte for byte. A file with nothing wrong is left as it is, so salvaging twice is harmless.
"""

from __future__ import annotations

import json
import os
import shlex
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from . import journal, snapshot
from .journal import BadRegion, Reading
from .store import JOURNAL_FILE, SNAPSHOT_FILE, lock_data_dir

SALVAGE_HELP = (
    "do not serve: copy a damaged journal or snapshot aside (as <name>.<UTC time>.corrupt "
    "in the data dir), rewrite it keeping every record that still checks out, report what "
    "was kept and lost, and exit; an intact file is left as it is"
)


class SalvageError(RuntimeError):
    pass


@dataclass
class Salvaged:
    path: Path
    unit: str  # what its records are, in the report: "records" or "requests"
    kept: int
    damage: list[BadRegion] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)  # what each damaged stretch took, in words
    copy: Path | None = None  # where the original went; None when nothing had to change
    note: str = ""


def advice(data_dir: Path) -> str:
    """What to do when start-up refuses a damaged file, for every way of starting."""
    where = shlex.quote(str(data_dir))
    return (
        "Nothing was changed. To copy the damaged file aside and keep every record that "
        f"still checks out, run `python manage.py localdynamo --salvage --data-dir {where}` "
        f"(or `python -m marketing.localdb --salvage --data-dir {where}`), then start again."
    )


def salvage(data_dir: Path, *, now: datetime | None = None) -> list[Salvaged]:
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise SalvageError(f"{data_dir} does not exist: there is nothing to salvage")
    lock = lock_data_dir(data_dir)  # DataDirInUse while a server runs on it
    try:
        stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
        results = [
            _salvage_snapshot(data_dir / SNAPSHOT_FILE, stamp),
            _salvage_journal(data_dir / JOURNAL_FILE, stamp),
        ]
    finally:
        os.close(lock)
    return [result for result in results if result is not None]


def _salvage_journal(path: Path, stamp: str) -> Salvaged | None:
    if not path.exists():
        return None
    data = path.read_bytes()
    reading = journal.read(data)
    result = Salvaged(path, "records", len(reading.frames))
    if not reading.bad:
        return result
    result.damage = reading.bad
    result.lost = [_lost_journal_records(reading, region) for region in reading.bad]
    result.copy = _copy_aside(path, data, stamp)
    _replace(path, b"".join(data[frame.offset : frame.end] for frame in reading.frames))
    return result


def _lost_journal_records(reading: Reading, region: BadRegion) -> str:
    before = [frame.record.seq for frame in reading.frames if frame.end <= region.start]
    after = [frame.record.seq for frame in reading.frames if frame.offset >= region.end]
    if before and after:
        first, last = before[-1] + 1, after[0] - 1
        if first > last:
            lost = "no whole record (the bytes were inserted between two)"
        elif first == last:
            lost = f"the record with seq {first}"
        else:
            lost = f"the {last - first + 1} records with seq {first} to {last}"
    elif after:
        lost = f"the records before seq {after[0]}"
    elif before:
        lost = f"whatever followed seq {before[-1]}"
    else:
        lost = "every record"
    return _stretch(region) + f"; lost {lost}"


def _salvage_snapshot(path: Path, stamp: str) -> Salvaged | None:
    if not path.exists():
        return None
    try:
        loaded = snapshot.load(path)
    except snapshot.SnapshotError:
        pass
    else:
        return Salvaged(path, "requests", len(loaded.records) if loaded else 0)
    data = path.read_bytes()
    reading = journal.read(data, same_seq=True)
    records = [frame.record for frame in reading.frames]
    by_target = {record.target: record for record in records}
    header = by_target.get(snapshot.HEADER_TARGET)
    if header is not None and json.loads(header.body).get("version") != snapshot.FORMAT_VERSION:
        raise SalvageError(f"{path} has a format version this server does not know; left as is")
    body = [r for r in records if r.target not in (snapshot.HEADER_TARGET, snapshot.END_TARGET)]
    end = by_target.get(snapshot.END_TARGET)
    result = Salvaged(path, "requests", len(body), reading.bad)
    result.lost = [_stretch(region) for region in reading.bad]
    if end is not None:
        count = json.loads(end.body).get("count", 0)
        result.lost.append(f"lost {count - len(body)} of its {count} requests")
    else:
        result.lost.append("lost an unknown number of requests: its end record is gone too")
    result.copy = _copy_aside(path, data, stamp)
    if records:
        # Every record of a snapshot carries its seq, so a lost header does not lose it.
        snapshot.write_records(path, records[0].seq, body)
    else:
        path.unlink()
        journal.fsync_dir(path.parent)
        result.note = "nothing in it checked out: it was removed; start-up uses the journal alone"
    return result


def _stretch(region: BadRegion) -> str:
    return (
        f"bytes {region.start} to {region.end} ({region.size} bytes) did not check out: "
        f"the record at {region.start} {region.reason}"
    )


def _copy_aside(path: Path, data: bytes, stamp: str) -> Path:
    stem = path.name.partition(".")[0]
    for attempt in range(1, 1000):
        suffix = "" if attempt == 1 else f"-{attempt}"
        copy = path.with_name(f"{stem}.{stamp}{suffix}.corrupt")
        try:
            with open(copy, "xb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
        except FileExistsError:
            continue
        journal.fsync_dir(path.parent)
        return copy
    raise SalvageError(f"could not find a free name to copy {path} aside")


def _replace(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".salvage.tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    journal.fsync_dir(path.parent)


def report(results: list[Salvaged], data_dir: Path) -> list[str]:
    """The salvage, line by line, for a terminal."""
    if not results:
        return [f"No journal or snapshot in {data_dir}: nothing to salvage."]
    lines = []
    for result in results:
        if result.copy is None:
            lines.append(
                f"{result.path}: intact, all {result.kept} {result.unit} kept, nothing changed."
            )
            continue
        damaged = sum(region.size for region in result.damage)
        lines.append(
            f"{result.path}: kept {result.kept} {result.unit} that check out; dropped "
            f"{len(result.damage)} damaged stretch(es), {damaged} bytes in all."
        )
        lines.append(f"  The original is copied to {result.copy}")
        lines += [f"  {line}" for line in result.lost]
        if result.note:
            lines.append(f"  {result.note}")
    return lines
