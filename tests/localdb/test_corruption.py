"""A damaged journal or snapshot, as the server process, its commands and `make run` see it.

Writes are acknowledged over HTTP by the real server; the files are then damaged on disk
and the server, `manage.py localdynamo [--salvage]`, `python -m marketing.localdb` and
`runconsole` are started on them as a user would.
"""

import hashlib
import json
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from marketing.localdb import journal
from marketing.localdb.process import REPO_ROOT, LocalDynamoProcess, StartRefused, free_port
from marketing.localdb.store import JOURNAL_FILE, SNAPSHOT_FILE
from tests.manage_process import run_manage

from .conftest import dynamo_client
from .helpers import SIMPLE_TABLE, key
from .test_server import all_items

pytestmark = pytest.mark.integration

WRITES = 300


@pytest.fixture(scope="module")
def acknowledged(tmp_path_factory) -> tuple[bytes, list[journal.Frame]]:
    """The journal a server left after acknowledging CreateTable and WRITES PutItems."""
    data_dir = tmp_path_factory.mktemp("acknowledged")
    with LocalDynamoProcess(free_port(), data_dir) as server:
        dynamo_client(server.endpoint_url).create_table(**SIMPLE_TABLE)

        def put_all(pks: list[str]) -> None:
            client = dynamo_client(server.endpoint_url)
            for pk in pks:
                client.put_item(TableName="items", Item={**key(pk), "v": {"S": "x" * 200}})

        pks = [f"k{i:03}" for i in range(WRITES)]
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(put_all, [pks[i::4] for i in range(4)]))
        server.kill()  # a clean stop would fold the journal into a snapshot
    data = (data_dir / JOURNAL_FILE).read_bytes()
    frames = journal.read(data).frames
    assert len(frames) == WRITES + 1
    return data, frames


def put_key(frame: journal.Frame) -> str:
    return json.loads(frame.record.body)["Item"]["PK"]["S"]


def every_key(frames: list[journal.Frame]) -> set[str]:
    return {put_key(frame) for frame in frames[1:]}


def with_journal(data_dir, data: bytes):
    data_dir.mkdir()
    (data_dir / JOURNAL_FILE).write_bytes(data)
    return data_dir / JOURNAL_FILE


def flip_body_byte(data: bytes, frame: journal.Frame) -> bytes:
    damaged = bytearray(data)
    damaged[(frame.offset + frame.end) // 2 + 10] ^= 0x01
    return bytes(damaged)


def flip_length_past_the_end(data: bytes, frame: journal.Frame) -> bytes:
    damaged = bytearray(data)
    damaged[frame.offset + 1] ^= 0x40  # +4 MiB, far past the end of this file
    return bytes(damaged)


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def keys_served(spawn, data_dir) -> set[str]:
    server = spawn(data_dir)
    try:
        return set(all_items(dynamo_client(server.endpoint_url)))
    finally:
        server.stop()


def refusal(data_dir) -> str:
    with pytest.raises(StartRefused) as refused:
        LocalDynamoProcess(free_port(), data_dir).start()
    assert refused.value.damaged  # exit status 3: damaged, not a port or data dir in use
    return refused.value.reason


@pytest.mark.parametrize("damage", [flip_body_byte, flip_length_past_the_end])
def test_one_damaged_record_mid_journal_refuses_start_and_leaves_the_file_as_it_is(
    tmp_path, acknowledged, damage
):
    data, frames = acknowledged
    victim = frames[len(frames) // 2]
    path = with_journal(tmp_path / "data", damage(data, victim))
    before = digest(path)

    reason = refusal(tmp_path / "data")

    assert f"{path} is damaged at byte offset {victim.offset}:" in reason
    assert f"{len(frames) - len(frames) // 2 - 1} intact record(s) follow it" in reason
    assert "python manage.py localdynamo --salvage" in reason
    assert digest(path) == before
    assert not list(path.parent.glob("*.corrupt"))


def test_salvage_through_manage_py_then_every_surviving_write_is_served(
    tmp_path, acknowledged, spawn
):
    data, frames = acknowledged
    victim = frames[len(frames) // 2]
    data_dir = tmp_path / "data"
    path = with_journal(data_dir, flip_body_byte(data, victim))
    damaged = path.read_bytes()

    salvaged = run_manage("localdynamo", "--salvage", "--data-dir", str(data_dir))

    assert salvaged.returncode == 0, salvaged.stderr
    assert f"{path}: kept {WRITES} records that check out" in salvaged.stdout
    assert f"bytes {victim.offset} to {victim.end}" in salvaged.stdout
    assert f"lost the record with seq {victim.record.seq}" in salvaged.stdout
    (copy,) = data_dir.glob("journal.*.corrupt")
    assert copy.read_bytes() == damaged
    assert keys_served(spawn, data_dir) == every_key(frames) - {put_key(victim)}


def test_a_record_cut_short_at_the_end_is_dropped_and_the_rest_served(
    tmp_path, acknowledged, spawn
):
    data, frames = acknowledged
    last = frames[-1]
    with_journal(tmp_path / "data", data[: (last.offset + last.end) // 2])

    assert keys_served(spawn, tmp_path / "data") == every_key(frames) - {put_key(last)}


def test_manage_py_localdynamo_refuses_a_damaged_journal_with_file_and_offset(
    tmp_path, acknowledged
):
    data, frames = acknowledged
    victim = frames[100]
    path = with_journal(tmp_path / "data", flip_body_byte(data, victim))
    before = digest(path)

    result = run_manage(
        "localdynamo", "--data-dir", str(path.parent), LOCAL_DYNAMODB_PORT=str(free_port())
    )

    assert result.returncode == 3
    assert f"{path} is damaged at byte offset {victim.offset}:" in result.stderr
    assert "--salvage" in result.stderr and "Traceback" not in result.stderr
    assert digest(path) == before


def test_make_run_reports_the_servers_refusal_not_a_timeout(tmp_path, acknowledged):
    data, frames = acknowledged
    victim = frames[200]
    path = with_journal(tmp_path / "dynamodb", flip_length_past_the_end(data, victim))
    before = digest(path)

    result = run_manage(
        "runconsole",
        f"127.0.0.1:{free_port()}",
        "--noreload",
        LOCAL_DYNAMODB_PORT=str(free_port()),
        LOCAL_DYNAMODB_DIR=str(path.parent),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )

    assert result.returncode == 3
    assert "The embedded DynamoDB did not start." in result.stderr
    assert f"{path} is damaged at byte offset {victim.offset}:" in result.stderr
    assert "did not answer" not in result.stderr and "Traceback" not in result.stderr
    assert digest(path) == before


def python_m_localdb(*args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "marketing.localdb", *args]
    return subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)


def test_a_damaged_snapshot_is_refused_and_salvage_keeps_the_rest(tmp_path, acknowledged, spawn):
    data, frames = acknowledged
    data_dir = tmp_path / "data"
    with_journal(data_dir, data)
    spawn(data_dir).stop()  # a clean stop folds the journal into a snapshot
    snapshot_path = data_dir / SNAPSHOT_FILE
    snapshot_frames = journal.read(snapshot_path.read_bytes(), same_seq=True).frames
    victim = snapshot_frames[len(snapshot_frames) // 2]  # a BatchWriteItem of 25 items
    lost = {
        request["PutRequest"]["Item"]["PK"]["S"]
        for request in json.loads(victim.record.body)["RequestItems"]["items"]
    }
    intact = python_m_localdb("--data-dir", str(data_dir), "--salvage")
    assert "intact, all" in intact.stdout and "nothing changed" in intact.stdout
    shutil.copyfile(snapshot_path, tmp_path / "before")
    snapshot_path.write_bytes(flip_body_byte(snapshot_path.read_bytes(), victim))
    before = digest(snapshot_path)

    reason = refusal(data_dir)

    assert f"{snapshot_path} is damaged at byte offset {victim.offset}:" in reason
    assert digest(snapshot_path) == before
    salvaged = python_m_localdb("--data-dir", str(data_dir), "--salvage")
    assert salvaged.returncode == 0, salvaged.stderr
    assert f"lost 1 of its {len(snapshot_frames) - 2} requests" in salvaged.stdout
    assert keys_served(spawn, data_dir) == every_key(frames) - lost
