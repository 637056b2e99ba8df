"""Damaged snapshots refuse to load; salvage keeps every record that checks out (in-process)."""

import json

import pytest

from marketing.localdb import journal, snapshot
from marketing.localdb.journal import JournalCorrupt
from marketing.localdb.salvage import report, salvage
from marketing.localdb.snapshot import SnapshotError
from marketing.localdb.store import JOURNAL_FILE, SNAPSHOT_FILE, DataDirInUse

from .helpers import SIMPLE_TABLE
from .test_journal import (
    call,
    clean_moto,  # noqa: F401  (autouse: each test starts from empty moto)
    journal_of_puts,
    open_store,
    put,
    scan_keys,
)


def corrupt_files(data_dir) -> list[str]:
    return sorted(path.name for path in data_dir.glob("*.corrupt"))


def test_salvage_copies_the_journal_aside_and_keeps_every_record_that_checks_out(tmp_path):
    data, frames = journal_of_puts(tmp_path)
    damaged = bytearray(data)
    damaged[frames[3].end - 2] ^= 0xFF  # seq 4, the put of k2
    path = tmp_path / JOURNAL_FILE
    path.write_bytes(bytes(damaged))
    with pytest.raises(JournalCorrupt):
        open_store(tmp_path)  # refused, and the directory released for salvage

    results = salvage(tmp_path)
    lines = "\n".join(report(results, tmp_path))

    (copy,) = tmp_path.glob("journal.*.corrupt")
    assert copy.read_bytes() == bytes(damaged)
    assert path.read_bytes() == data[: frames[3].offset] + data[frames[3].end :]
    assert f"{path}: kept 5 records that check out" in lines
    assert f"copied to {copy}" in lines
    assert f"bytes {frames[3].offset} to {frames[3].end}" in lines
    assert "lost the record with seq 4" in lines
    assert scan_keys(open_store(tmp_path)) == ["k0", "k1", "k3", "k4"]


def test_salvage_resyncs_past_a_length_field_that_runs_past_the_end(tmp_path):
    data, frames = journal_of_puts(tmp_path, count=8)
    damaged = bytearray(data)
    damaged[frames[2].offset] ^= 0x01
    (tmp_path / JOURNAL_FILE).write_bytes(bytes(damaged))

    lines = "\n".join(report(salvage(tmp_path), tmp_path))

    assert "kept 8 records" in lines and "lost the record with seq 3" in lines
    assert scan_keys(open_store(tmp_path)) == [f"k{i}" for i in range(8) if i != 1]


def test_salvaging_an_intact_data_dir_changes_nothing_and_says_so(tmp_path):
    data, _ = journal_of_puts(tmp_path)

    for _ in range(2):
        lines = report(salvage(tmp_path), tmp_path)
        assert lines == [f"{tmp_path / JOURNAL_FILE}: intact, all 6 records kept, nothing changed."]
    assert (tmp_path / JOURNAL_FILE).read_bytes() == data
    assert corrupt_files(tmp_path) == []


def test_salvaging_twice_copies_aside_once(tmp_path):
    data, frames = journal_of_puts(tmp_path)
    damaged = bytearray(data)
    damaged[frames[2].end - 2] ^= 0xFF
    (tmp_path / JOURNAL_FILE).write_bytes(bytes(damaged))

    salvage(tmp_path)
    second = report(salvage(tmp_path), tmp_path)

    assert second == [f"{tmp_path / JOURNAL_FILE}: intact, all 5 records kept, nothing changed."]
    assert len(corrupt_files(tmp_path)) == 1


def test_salvage_refuses_a_data_dir_a_server_is_using(tmp_path):
    store = open_store(tmp_path)
    try:
        with pytest.raises(DataDirInUse):
            salvage(tmp_path)
    finally:
        store.close()


def compacted_store(data_dir, items: int = 60):
    """A store whose snapshot holds CreateTable and 3 BatchWriteItem (25, 25, 10 items)."""
    store = open_store(data_dir)
    call(store, "CreateTable", SIMPLE_TABLE)
    for i in range(items):
        put(store, f"k{i:02}")
    store.compact()
    put(store, "after")  # in the journal, past the snapshot
    store.close()
    data = (data_dir / SNAPSHOT_FILE).read_bytes()
    return data, journal.read(data, same_seq=True).frames


def test_a_damaged_snapshot_is_refused_with_its_offset_and_left_untouched(tmp_path):
    data, frames = compacted_store(tmp_path)
    damaged = bytearray(data)
    damaged[frames[3].end - 3] ^= 0xFF  # the second batch
    path = tmp_path / SNAPSHOT_FILE
    path.write_bytes(bytes(damaged))

    with pytest.raises(SnapshotError) as refused:
        open_store(tmp_path)

    assert str(refused.value).startswith(f"{path} is damaged at byte offset {frames[3].offset}:")
    assert path.read_bytes() == bytes(damaged)
    assert (tmp_path / JOURNAL_FILE).stat().st_size > 0  # the journal was not touched either


def test_a_snapshot_cut_short_is_refused(tmp_path):
    data, frames = compacted_store(tmp_path)
    (tmp_path / SNAPSHOT_FILE).write_bytes(data[: frames[-1].offset])  # no end record

    with pytest.raises(SnapshotError, match="lacks its end record"):
        open_store(tmp_path)


def test_salvage_keeps_the_snapshot_requests_that_check_out(tmp_path):
    data, frames = compacted_store(tmp_path)
    damaged = bytearray(data)
    damaged[frames[3].end - 3] ^= 0xFF
    (tmp_path / SNAPSHOT_FILE).write_bytes(bytes(damaged))

    lines = "\n".join(report(salvage(tmp_path), tmp_path))

    assert f"{tmp_path / SNAPSHOT_FILE}: kept 3 requests that check out" in lines
    assert "lost 1 of its 4 requests" in lines
    assert f"{tmp_path / JOURNAL_FILE}: intact, all 1 records kept" in lines
    (copy,) = tmp_path.glob("snapshot.*.corrupt")
    assert copy.read_bytes() == bytes(damaged)
    batch = json.loads(frames[3].record.body)["RequestItems"]["items"]
    lost = {request["PutRequest"]["Item"]["PK"]["S"] for request in batch}
    assert len(lost) == 25
    expected = sorted({f"k{i:02}" for i in range(60)} - lost | {"after"})
    assert scan_keys(open_store(tmp_path)) == expected


def test_a_snapshot_whose_header_is_lost_keeps_its_sequence_number(tmp_path):
    data, frames = compacted_store(tmp_path)
    damaged = bytearray(data)
    damaged[frames[0].end - 2] ^= 0xFF
    (tmp_path / SNAPSHOT_FILE).write_bytes(bytes(damaged))

    salvage(tmp_path)

    assert snapshot.load(tmp_path / SNAPSHOT_FILE).seq == frames[0].record.seq
    assert len(scan_keys(open_store(tmp_path))) == 61
