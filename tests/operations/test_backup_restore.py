"""dynamodb_backup → dynamodb_restore: an exact round trip, and every refusal."""

import gzip
import io
import json

import pytest
from django.core.management import CommandError, call_command

from marketing.dynamo.client import get_client
from tests.operations.support import BIG_NUMBER, every_type_item, put_items, scan_all


@pytest.fixture
def stocked(dynamo_tables):
    client = get_client("batch")
    put_items(client, dynamo_tables["stores"], [every_type_item(n) for n in range(60)])
    put_items(
        client,
        dynamo_tables["creators"],
        [
            {"PK": {"S": f"CREATOR#{n}"}, "SK": {"S": "PROFILE"}, "n": {"N": str(n)}}
            for n in range(7)
        ],
    )
    return dynamo_tables


def backup(tmp_path, *extra):
    output = tmp_path / "export"
    call_command(
        "dynamodb_backup",
        "--output",
        str(output),
        *extra,
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    return output


def restore(directory, *extra):
    out = []

    class Sink:
        def write(self, text):
            out.append(text)

        def flush(self):
            pass

    call_command("dynamodb_restore", str(directory), *extra, stdout=Sink(), stderr=Sink())
    return "".join(out)


def test_backup_then_restore_is_an_exact_round_trip(stocked, tmp_path):
    output = backup(tmp_path)
    manifest = json.loads((output / "manifest.json").read_text())
    assert manifest["tables"]["stores"]["itemCount"] == 60
    assert manifest["tables"]["creators"]["itemCount"] == 7
    assert manifest["tables"]["matches"]["itemCount"] == 0
    assert len(manifest["specsVersion"]) == 16
    first = gzip.decompress((output / "stores.json.gz").read_bytes()).splitlines()[0]
    assert set(json.loads(first)) == {"Item"}
    assert BIG_NUMBER.encode() in first  # the number as a string, every digit

    restore(output, "--prefix", "restored-", "--for-real")

    client = get_client("batch")
    for key in ("stores", "creators", "matches", "campaigns"):
        original = scan_all(client, stocked[key])
        copied = scan_all(client, f"restored-{key}")
        assert copied == original
    item = scan_all(client, "restored-stores")[("STORE#00007", "PROFILE")]
    assert item["big"] == {"N": BIG_NUMBER}
    assert item["blob"] == {"B": bytes([0, 255, 7, 10, 13]) + b"\x00binary"}
    assert item["blobs"] == {"BS": [b"\x01\x02", b"\xff\xfe\x00"]}
    assert item["nested"]["M"]["list"]["L"][3] == {"B": b"\x00"}


def test_backup_on_aws_makes_an_on_demand_backup_per_table(stocked, tmp_path):
    output = backup(tmp_path, "--tables", "stores", "creators")
    manifest = json.loads((output / "manifest.json").read_text())
    assert set(manifest["tables"]) == {"stores", "creators"}
    backups = get_client("batch").list_backups()["BackupSummaries"]
    names = sorted(b["BackupName"] for b in backups)
    assert len(names) == 2
    assert names[0].startswith("test-creators-backup-20") and len(names[0]) == len(
        "test-creators-backup-YYYYMMDD"
    )
    assert manifest["tables"]["stores"]["awsBackupArn"] in {b["BackupArn"] for b in backups}


def test_dry_run_verifies_and_writes_nothing(stocked, tmp_path):
    output = backup(tmp_path)
    said = restore(output, "--prefix", "dry-")
    assert "dry-stores" in said
    assert not any(
        name.startswith("dry-") for name in get_client("batch").list_tables()["TableNames"]
    )


def test_restore_refuses_non_empty_tables(stocked, tmp_path):
    output = backup(tmp_path)
    client = get_client("batch")
    restore(output, "--prefix", "again-", "--for-real")
    client.delete_item(
        TableName="again-stores", Key={"PK": {"S": "STORE#00001"}, "SK": {"S": "PROFILE"}}
    )
    before = scan_all(client, "again-campaigns")
    with pytest.raises(CommandError) as refused:
        restore(output, "--prefix", "again-", "--for-real")
    assert "again-stores" in str(refused.value) and "again-creators" in str(refused.value)
    assert refused.value.returncode == 1
    assert len(scan_all(client, "again-stores")) == 59  # nothing written
    assert scan_all(client, "again-campaigns") == before


def test_restore_refuses_a_tampered_file(stocked, tmp_path):
    output = backup(tmp_path)
    path = output / "creators.json.gz"
    lines = gzip.decompress(path.read_bytes()).replace(b'"n":{"N":"3"}', b'"n":{"N":"4"}')
    path.write_bytes(gzip.compress(lines))
    with pytest.raises(CommandError, match="SHA-256"):
        restore(output, "--prefix", "tampered-", "--for-real")
    assert not any(
        n.startswith("tampered-") for n in get_client("batch").list_tables()["TableNames"]
    )


def test_restore_refuses_a_forged_checksum(stocked, tmp_path):
    """Changing an item and its file's SHA-256 together is caught by the items' digest."""
    from marketing.operations.manifest import file_sha256

    output = backup(tmp_path)
    path = output / "creators.json.gz"
    lines = gzip.decompress(path.read_bytes()).replace(b'"n":{"N":"3"}', b'"n":{"N":"4"}')
    path.write_bytes(gzip.compress(lines))
    manifest = json.loads((output / "manifest.json").read_text())
    manifest["tables"]["creators"]["sha256"] = file_sha256(path)
    (output / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="다이제스트"):
        restore(output, "--prefix", "forged-", "--for-real")


@pytest.mark.parametrize("damage", ["missing file", "missing manifest", "not gzip"])
def test_restore_refuses_a_damaged_export(stocked, tmp_path, damage):
    output = backup(tmp_path)
    if damage == "missing file":
        (output / "stores.json.gz").unlink()
    elif damage == "missing manifest":
        (output / "manifest.json").unlink()
    else:
        (output / "stores.json.gz").write_bytes(b"not gzip at all")
    with pytest.raises(CommandError):
        restore(output, "--prefix", "damaged-", "--for-real")
    assert not any(
        n.startswith("damaged-") for n in get_client("batch").list_tables()["TableNames"]
    )


def test_backup_refuses_a_non_empty_output_and_leaves_nothing_on_failure(stocked, tmp_path):
    output = tmp_path / "taken"
    output.mkdir()
    (output / "x").write_text("mine")
    with pytest.raises(CommandError):
        call_command("dynamodb_backup", "--output", str(output))
    assert [p.name for p in output.iterdir()] == ["x"]
    with pytest.raises(CommandError):
        call_command("dynamodb_backup", "--tables", "nosuch", "--output", str(tmp_path / "b"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]


class FailingScans:
    """The real client, whose scans fail from the `fail_from`-th call on."""

    def __init__(self, client, fail_from: int):
        self.client, self.fail_from, self.scans = client, fail_from, 0

    def scan(self, **request):
        from botocore.exceptions import ClientError

        self.scans += 1
        if self.scans >= self.fail_from:
            error = {"Error": {"Code": "InternalServerError", "Message": "gone"}}
            raise ClientError(error, "Scan")
        return self.client.scan(**request)

    def __getattr__(self, name):
        return getattr(self.client, name)


def test_a_backup_failing_midway_leaves_no_directory(stocked, tmp_path, monkeypatch):
    from marketing.management.commands import dynamodb_backup

    failing = FailingScans(get_client("batch"), fail_from=6)
    monkeypatch.setattr(dynamodb_backup, "get_client", lambda mode="batch": failing)
    output = tmp_path / "backups" / "tonight"
    with pytest.raises(CommandError, match="DynamoDB"):
        call_command("dynamodb_backup", "--output", str(output), stderr=io.StringIO())
    assert failing.scans >= 6
    assert list((tmp_path / "backups").iterdir()) == []  # no half export, no manifest
