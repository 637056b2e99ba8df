"""Backup, restore and migration against the embedded server over HTTP, in child processes."""

import io
import json
import signal
import time
import uuid

from django.conf import settings
from django.core.management import call_command

from marketing.dynamo.client import get_client
from marketing.dynamo.tables import TABLES, create_table_request
from tests.manage_process import run_manage, start_manage
from tests.operations.support import every_type_item, put_items, scan_all


def test_backup_and_restore_round_trip_on_the_embedded_server(live_dynamo, tmp_path):
    client = get_client("batch")
    put_items(client, "live-stores", [every_type_item(n) for n in range(40)])
    env = {
        "DYNAMODB_ENDPOINT_URL": live_dynamo.endpoint_url,
        "DYNAMODB_TABLE_PREFIX": "live-",
        # A child's call metrics land in the stores table at its exit, after the backup.
        "DYNAMODB_METRICS": "false",
    }
    output = tmp_path / "export"

    backed_up = run_manage("dynamodb_backup", "--output", str(output), **env)
    assert backed_up.returncode == 0, backed_up.stderr
    assert "백업" in backed_up.stdout  # Korean by default
    manifest = json.loads((output / "manifest.json").read_text())
    assert manifest["tables"]["stores"]["awsBackupArn"] is None  # no CreateBackup off AWS

    prefix = f"copy{uuid.uuid4().hex[:6]}-"
    quiet = {"stdout": io.StringIO(), "stderr": io.StringIO()}
    call_command("dynamodb_restore", str(output), "--prefix", prefix, **quiet)  # a dry run
    assert f"{prefix}stores" not in client.list_tables()["TableNames"]

    call_command("dynamodb_restore", str(output), "--prefix", prefix, "--for-real", **quiet)
    for key in TABLES:
        assert scan_all(client, f"{prefix}{key}") == scan_all(client, f"live-{key}")

    again = run_manage("dynamodb_restore", str(output), "--prefix", prefix, "--for-real", **env)
    assert again.returncode == 1
    assert f"{prefix}stores" in again.stderr


def test_migration_killed_midway_resumes_with_exact_counts(live_dynamo):
    client = get_client("batch")
    tag = uuid.uuid4().hex[:6]
    source, target = f"mig{tag}-stores", f"mig{tag}v2-stores"
    for name in (source, target):
        client.create_table(**create_table_request(TABLES["stores"], name.removesuffix("stores")))
    total = 4000  # 4 segments of ~1,000 items: two pages of 500 each, a checkpoint after each
    items = [{"PK": {"S": f"S#{n}"}, "SK": {"S": "P"}, "n": {"N": str(n)}} for n in range(total)]
    put_items(client, source, items)
    env = {"DYNAMODB_ENDPOINT_URL": live_dynamo.endpoint_url}
    args = ("--source", source, "--target", target, "--segments", "4")
    slow = ("--transform", "tests.operations.transforms.slowly")
    checkpoint = settings.VAR_DIR / "migrations" / f"{source}--{target}.json"
    try:
        child = start_manage("dynamodb_migrate", *args, *slow, "--for-real", **env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if checkpoint.exists() and _read(checkpoint) > 0:  # a first page written
                break
            time.sleep(0.01)
        child.send_signal(signal.SIGKILL)
        child.wait()
        written_before = len(scan_all(client, target))
        assert 0 < written_before < total

        finished = run_manage("dynamodb_migrate", *args, *slow, "--for-real", **env)
        assert finished.returncode == 0, finished.stdout + finished.stderr
        assert scan_all(client, target) == scan_all(client, source)
        # Every page counted once: the items read over both runs are the source's.
        assert f"항목 {total}개를 읽어 {target}에 {total}개를 쓰고" in finished.stdout
        assert not checkpoint.exists()
    finally:
        checkpoint.unlink(missing_ok=True)


def _read(checkpoint) -> int:
    try:
        state = json.loads(checkpoint.read_text())
    except ValueError:
        return 0
    return sum(segment["read"] for segment in state["state"].values())
