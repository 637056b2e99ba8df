"""On-demand backups (CreateBackup) that survive restarts and compaction.

moto keeps a backup as a deep copy of the table in memory, named by an ARN made of the
time and a random id. Nothing of it reached the disk: a restart replayed CreateBackup
into a backup with another ARN and time (so DescribeBackup and RestoreTableFromBackup with
the ARN a client was given failed), and a compaction, which every clean stop does, lost
it altogether.

Now the journal keeps the identity moto gave the backup (`journaled_body`), and its replay
makes the same backup again from the table as replay has rebuilt it at that point; a
snapshot holds every backup whole (`dump`): its table's CreateTable request, then its
items in batches. `load` applies both kinds of record at start-up.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

from moto.core import DEFAULT_ACCOUNT_ID
from moto.dynamodb.models import dynamodb_backends
from moto.dynamodb.models.table import Backup, Table

from .bulk_load import _item as stored_item  # the item as moto's put_item stores it
from .journal import Record
from .moto_app import TARGET_PREFIX, Reply
from .snapshot import Request, create_table_request, table_items

CREATE_BACKUP = TARGET_PREFIX + "CreateBackup"
# Snapshot-only records (not DynamoDB operations): a backup, and a batch of its items.
BACKUP_OPERATION = "LocaldbBackup"
ITEMS_OPERATION = "LocaldbBackupItems"
BACKUP = TARGET_PREFIX + BACKUP_OPERATION
ITEMS = TARGET_PREFIX + ITEMS_OPERATION
IDENTITY = "localdbBackup"  # the key added to a journaled CreateBackup body
ITEMS_PER_RECORD = 500


def _backend(region: str) -> Any:
    return dynamodb_backends[DEFAULT_ACCOUNT_ID][region]


def journaled_body(target: str, body: bytes, reply: Reply, region: str) -> bytes:
    """The body to journal for a request moto applied: a CreateBackup's with the identity
    moto gave the backup, so that its replay makes the same backup."""
    if target != CREATE_BACKUP or not reply.ok:
        return body
    try:
        arn = json.loads(reply.body)["BackupDetails"]["BackupArn"]
        backup = _backend(region).backups[arn]
        request = json.loads(body)
    except (ValueError, KeyError, TypeError):
        return body  # replayed through moto, as before: a backup with a new identity
    request[IDENTITY] = {
        "identifier": backup.identifier,
        "created": backup.creation_date_time.isoformat(),
    }
    return json.dumps(request, separators=(",", ":")).encode()


def load(record: Record) -> bool:
    """Apply a backup record (journaled CreateBackup with its identity, or a snapshot's
    backup or its items); False, having changed nothing, for any other record."""
    if record.target == CREATE_BACKUP:
        body = json.loads(record.body)
        identity = body.get(IDENTITY)
        if identity is None:
            return False  # journaled before backups kept their identity: moto replays it
        backend = _backend(record.region)
        backup = Backup(
            DEFAULT_ACCOUNT_ID,
            record.region,
            body["BackupName"],
            backend.get_table(body["TableName"]),
        )
        _restore_identity(backup, identity)
        backend.backups[backup.arn] = backup
        return True
    if record.target == BACKUP:
        body = json.loads(record.body)
        backend = _backend(record.region)
        backup = _new_backup(record.region, body)
        backend.backups[backup.arn] = backup
        return True
    if record.target == ITEMS:
        body = json.loads(record.body)
        table = _backend(record.region).backups[body["BackupArn"]].table
        for document in body["Items"]:
            hash_value, range_value, item = stored_item(table, document)
            if range_value is None:
                table.items[hash_value] = item
            else:
                table.items[hash_value][range_value] = item
        return True
    return False


def _restore_identity(backup: Backup, identity: dict[str, str]) -> None:
    backup.identifier = identity["identifier"]
    backup.creation_date_time = dt.datetime.fromisoformat(identity["created"])


def _new_backup(region: str, body: dict[str, Any]) -> Backup:
    request = body["Table"]
    table = Table(
        request["TableName"],
        account_id=DEFAULT_ACCOUNT_ID,
        region=region,
        schema=request["KeySchema"],
        attr=request["AttributeDefinitions"],
        throughput=request.get("ProvisionedThroughput"),
        billing_mode=request.get("BillingMode"),
        indexes=request.get("LocalSecondaryIndexes", []),
        global_indexes=request.get("GlobalSecondaryIndexes", []),
        streams=request.get("StreamSpecification"),
        sse_specification=request.get("SSESpecification"),
        tags=request.get("Tags", []),
    )
    backup = object.__new__(Backup)  # Backup() would deep-copy the table it is given
    backup.region_name = region
    backup.account_id = DEFAULT_ACCOUNT_ID
    backup.name = body["BackupName"]
    backup.table = table
    backup.status = body["BackupStatus"]
    backup.type = body["BackupType"]
    _restore_identity(backup, body)
    return backup


def dump(regions: set[str]) -> Iterator[Request]:
    """Every backup of the given regions, as snapshot records."""
    for region in sorted(regions):
        for backup in list(_backend(region).backups.values()):
            table = backup.table
            described = table.describe()["TableDescription"]
            yield Request(
                BACKUP_OPERATION,
                region,
                {
                    "BackupName": backup.name,
                    "BackupStatus": backup.status,
                    "BackupType": backup.type,
                    "identifier": backup.identifier,
                    "created": backup.creation_date_time.isoformat(),
                    "Table": create_table_request(described, list(table.tags or [])),
                },
            )
            batch: list[dict[str, Any]] = []
            for item in table_items(table):
                batch.append(item)
                if len(batch) == ITEMS_PER_RECORD:
                    yield Request(
                        ITEMS_OPERATION, region, {"BackupArn": backup.arn, "Items": batch}
                    )
                    batch = []
            if batch:
                yield Request(ITEMS_OPERATION, region, {"BackupArn": backup.arn, "Items": batch})
