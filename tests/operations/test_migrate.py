"""dynamodb_migrate: parallel segments, transforms, throttling, and resuming after a crash."""

import io
import json
import threading

import pytest
from botocore.exceptions import ClientError
from django.core.management import CommandError, call_command

from marketing.dynamo.backoff import Backoff
from marketing.dynamo.client import get_client
from marketing.dynamo.tables import TABLES, create_table_request
from marketing.management.commands import dynamodb_migrate as command_module
from marketing.operations import migrate
from tests.operations.support import every_type_item, put_items, scan_all

ITEMS = 120


@pytest.fixture
def tables(mocked_aws, settings, tmp_path, monkeypatch):
    settings.VAR_DIR = tmp_path / "var"
    monkeypatch.setattr(migrate, "DEFAULT_BACKOFF", Backoff(sleep=lambda seconds: None))
    monkeypatch.setattr(migrate, "PAGE_SIZE", 10)  # several pages, so several checkpoints
    client = get_client("batch")
    for prefix in ("test-", "v2-"):
        client.create_table(**create_table_request(TABLES["stores"], prefix))
    put_items(client, "test-stores", [every_type_item(n) for n in range(ITEMS)])
    return client


class FaultyClient:
    """The real client, but throttling: every 3rd batch write is refused outright, every
    other one processes only its first item, and every 4th scan is refused."""

    def __init__(self, client, crash_after_batches: int | None = None):
        self.client = client
        self.crash_after = crash_after_batches
        self.lock = threading.Lock()
        self.batches = 0
        self.scans = 0
        self.scanned = 0

    def _throttle(self, operation):
        raise ClientError(
            {"Error": {"Code": "ProvisionedThroughputExceededException", "Message": "slow down"}},
            operation,
        )

    def batch_write_item(self, RequestItems):
        with self.lock:
            self.batches += 1
            number = self.batches
        if self.crash_after is not None and number > self.crash_after:
            raise RuntimeError("killed mid-migration")
        if number % 3 == 0:
            self._throttle("BatchWriteItem")
        ((table, requests),) = RequestItems.items()
        if number % 2 == 0 and len(requests) > 1:
            response = self.client.batch_write_item(RequestItems={table: requests[:1]})
            response["UnprocessedItems"] = {table: requests[1:]}
            return response
        return self.client.batch_write_item(RequestItems=RequestItems)

    def scan(self, **request):
        with self.lock:
            self.scans += 1
            number = self.scans
        if number % 4 == 0:
            self._throttle("Scan")
        response = self.client.scan(**request)
        with self.lock:
            self.scanned += len(response.get("Items", []))
        return response

    def __getattr__(self, name):
        return getattr(self.client, name)


def migrate_command(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("dynamodb_migrate", *args, stdout=out, stderr=err)
    return out.getvalue()


def test_migration_copies_every_item_exactly(tables):
    said = migrate_command("--source", "stores", "--target", "v2-stores", "--for-real")
    assert scan_all(tables, "v2-stores") == scan_all(tables, "test-stores")
    assert f"{ITEMS}개" in said or str(ITEMS) in said


def test_dry_run_writes_nothing(tables, settings):
    said = migrate_command("--source", "test-stores", "--target", "v2-stores")
    assert str(ITEMS) in said
    assert scan_all(tables, "v2-stores") == {}
    assert not (settings.VAR_DIR / "migrations").exists()


def test_transform_changes_and_drops_items(tables):
    migrate_command(
        "--source",
        "test-stores",
        "--target",
        "v2-stores",
        "--transform",
        "tests.operations.transforms.mark_and_drop_thirds",
        "--segments",
        "3",
        "--for-real",
    )
    source = scan_all(tables, "test-stores")
    copied = scan_all(tables, "v2-stores")
    kept = {k: v for k, v in source.items() if int(v["count"]["N"]) % 3}
    assert copied.keys() == kept.keys()
    assert all(copied[k] == {**kept[k], "migrated": {"BOOL": True}} for k in kept)


@pytest.mark.parametrize(
    "path",
    [
        "tests.operations.nosuchmodule.f",
        "tests.operations.transforms.nosuch",
        "tests.operations.transforms.NOT_A_FUNCTION",
        "nodots",
    ],
)
def test_bad_transform_path_is_a_clear_error(tables, path):
    with pytest.raises(CommandError, match="--transform"):
        migrate_command("--source", "test-stores", "--target", "v2-stores", "--transform", path)


def test_transform_that_loses_the_key_stops_the_migration(tables):
    with pytest.raises(CommandError, match="키 속성"):
        migrate_command(
            "--source",
            "test-stores",
            "--target",
            "v2-stores",
            "--transform",
            "tests.operations.transforms.loses_its_key",
            "--for-real",
        )
    assert scan_all(tables, "v2-stores") == {}


def test_missing_target_table_is_a_clear_error(tables):
    with pytest.raises(CommandError, match="v3-stores"):
        migrate_command("--source", "test-stores", "--target", "v3-stores", "--for-real")


def test_migration_under_throttling_and_unprocessed_items_loses_nothing(tables, monkeypatch):
    faulty = FaultyClient(tables)
    monkeypatch.setattr(command_module, "get_client", lambda mode="batch": faulty)
    migrate_command("--source", "test-stores", "--target", "v2-stores", "--for-real")
    assert faulty.batches > 10 and faulty.scans > 4  # the faults did fire
    assert scan_all(tables, "v2-stores") == scan_all(tables, "test-stores")


def test_killed_migration_resumes_where_it_stopped(tables, monkeypatch, settings):
    crashing = FaultyClient(tables, crash_after_batches=12)
    monkeypatch.setattr(command_module, "get_client", lambda mode="batch": crashing)
    with pytest.raises(RuntimeError, match="killed"):
        migrate_command("--source", "test-stores", "--target", "v2-stores", "--for-real")
    partial = len(scan_all(tables, "v2-stores"))
    assert 0 < partial < ITEMS
    (checkpoint,) = (settings.VAR_DIR / "migrations").iterdir()
    state = json.loads(checkpoint.read_text())["state"].values()
    read_before_crash = sum(segment["read"] for segment in state)
    assert 0 < read_before_crash < ITEMS

    resumed = FaultyClient(tables)
    monkeypatch.setattr(command_module, "get_client", lambda mode="batch": resumed)
    said = migrate_command("--source", "test-stores", "--target", "v2-stores", "--for-real")
    assert "migrations" in said  # names the checkpoint it resumed from
    assert scan_all(tables, "v2-stores") == scan_all(tables, "test-stores")
    # It carried on: the second run read only the pages not yet written (plus the count).
    assert resumed.scanned == ITEMS - read_before_crash
    assert f"{ITEMS}" in said


def test_resume_with_other_segments_is_refused(tables, monkeypatch):
    crashing = FaultyClient(tables, crash_after_batches=3)
    monkeypatch.setattr(command_module, "get_client", lambda mode="batch": crashing)
    with pytest.raises(RuntimeError):
        migrate_command("--source", "test-stores", "--target", "v2-stores", "--for-real")
    monkeypatch.setattr(command_module, "get_client", lambda mode="batch": tables)
    with pytest.raises(CommandError, match="segments"):
        migrate_command(
            "--source", "test-stores", "--target", "v2-stores", "--segments", "2", "--for-real"
        )


def test_a_finished_migration_leaves_no_checkpoint_and_runs_again_whole(tables, settings):
    migrate_command("--source", "test-stores", "--target", "v2-stores", "--for-real")
    assert list((settings.VAR_DIR / "migrations").iterdir()) == []
    said = migrate_command("--source", "test-stores", "--target", "v2-stores", "--for-real")
    assert "체크포인트" not in said and "개수 확인 통과" in said
    assert scan_all(tables, "v2-stores") == scan_all(tables, "test-stores")
