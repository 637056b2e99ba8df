"""Logical snapshots: the whole database rewritten as the requests that would rebuild it.

A snapshot file uses the journal's record framing: a header record naming the journal
sequence number it covers, one record per rebuilding request, and an end record with the
count, so a file missing its tail is recognised as damaged rather than read as complete.
A snapshot is written whole and renamed into place, so unlike the journal it has no torn
tail to forgive: any record that does not check out makes loading it fail.
Being logical (CreateTable, UpdateTimeToLive, BatchWriteItem, ...) keeps the file
independent of moto's internal classes, which change between releases. Items are read
straight from moto's tables (paging a Scan re-sorts the whole table for every page: a
minute for 50,000 items) and loaded straight back (bulk_load.py).
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from moto.core import DEFAULT_ACCOUNT_ID
from moto.dynamodb.models import dynamodb_backends
from moto.dynamodb.models.dynamo_type import Item

from . import journal, stream_positions
from .fast_images import item_json
from .journal import Damaged, Record
from .moto_app import TARGET_PREFIX, MotoDynamo

HEADER_TARGET = "localdb.snapshot"
END_TARGET = "localdb.end"
FORMAT_VERSION = 1
BATCH_SIZE = 25  # DynamoDB's BatchWriteItem limit


class SnapshotError(Damaged):
    """The snapshot file is damaged; it was written atomically, so this is not a torn write."""


@dataclass(frozen=True)
class Request:
    operation: str
    region: str
    body: dict[str, Any]


@dataclass
class Snapshot:
    seq: int
    records: list[Record]


def _base64(value: Any) -> str:
    if isinstance(value, bytes | bytearray):
        return base64.b64encode(value).decode("ascii")
    raise TypeError(f"{type(value).__name__} is not JSON")


def _json(body: dict[str, Any]) -> bytes:
    return json.dumps(body, separators=(",", ":"), default=_base64).encode()


def write(path: Path, seq: int, requests: Iterable[Request]) -> int:
    """Write atomically (temp file, fsync, rename, fsync directory); return the request count."""
    records = (
        Record(seq, TARGET_PREFIX + request.operation, request.region, _json(request.body))
        for request in requests
    )
    return write_records(path, seq, records)


def write_records(path: Path, seq: int, records: Iterable[Record]) -> int:
    """write() for requests already framed as records (all carrying seq)."""
    tmp = path.with_name(path.name + ".tmp")
    count = 0
    with open(tmp, "wb") as f:
        header = {"version": FORMAT_VERSION, "seq": seq}
        f.write(journal.encode(Record(seq, HEADER_TARGET, "", _json(header))))
        for record in records:
            f.write(journal.encode(record))
            count += 1
        f.write(journal.encode(Record(seq, END_TARGET, "", _json({"count": count}))))
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    journal.fsync_dir(path.parent)
    return count


def load(path: Path) -> Snapshot | None:
    if not path.exists():
        return None
    reading = journal.read(path.read_bytes(), same_seq=True)
    if reading.bad:
        damage = reading.bad[0]
        raise SnapshotError(
            path,
            damage.start,
            f"the record there {damage.reason}; a snapshot is written whole, so no part of it "
            "may be dropped",
        )
    frames = reading.frames
    if not frames or frames[0].record.target != HEADER_TARGET:
        raise SnapshotError(path, 0, "it does not start with a snapshot header")
    if len(frames) < 2 or frames[-1].record.target != END_TARGET:
        raise SnapshotError(path, reading.size, "it lacks its end record")
    header = json.loads(frames[0].record.body)
    if header.get("version") != FORMAT_VERSION:
        raise SnapshotError(path, 0, f"unknown format version {header.get('version')!r}")
    body = [frame.record for frame in frames[1:-1]]
    count = json.loads(frames[-1].record.body).get("count")
    if count != len(body):
        raise SnapshotError(
            path, frames[-1].offset, f"its end record counts {count} requests, not {len(body)}"
        )
    return Snapshot(int(header["seq"]), body)


def dump(moto: MotoDynamo, regions: Iterable[str]) -> Iterator[Request]:
    """Every table in the given regions, with its settings and items, as requests."""
    for region in sorted(regions):
        for name in table_names(moto, region):
            yield from _dump_table(moto, region, name)


def table_names(moto: MotoDynamo, region: str) -> Iterator[str]:
    body: dict[str, Any] = {}
    while True:
        page = moto.invoke_json("ListTables", body, region)
        yield from page.get("TableNames", [])
        if not page.get("LastEvaluatedTableName"):
            return
        body = {"ExclusiveStartTableName": page["LastEvaluatedTableName"]}


def _dump_table(moto: MotoDynamo, region: str, name: str) -> Iterator[Request]:
    table = moto.invoke_json("DescribeTable", {"TableName": name}, region)["Table"]
    tags = moto.invoke_json("ListTagsOfResource", {"ResourceArn": table["TableArn"]}, region)
    yield Request("CreateTable", region, create_table_request(table, tags.get("Tags", [])))
    stream = stream_positions.state(region, name)
    if stream is not None:
        yield Request(stream_positions.OPERATION, region, stream)

    ttl = moto.invoke_json("DescribeTimeToLive", {"TableName": name}, region)
    ttl = ttl.get("TimeToLiveDescription", {})
    if ttl.get("TimeToLiveStatus") in ("ENABLED", "ENABLING"):
        spec = {"Enabled": True, "AttributeName": ttl["AttributeName"]}
        yield Request(
            "UpdateTimeToLive", region, {"TableName": name, "TimeToLiveSpecification": spec}
        )

    backups = moto.invoke_json("DescribeContinuousBackups", {"TableName": name}, region)
    pitr = backups["ContinuousBackupsDescription"].get("PointInTimeRecoveryDescription", {})
    if pitr.get("PointInTimeRecoveryStatus") == "ENABLED":
        yield Request(
            "UpdateContinuousBackups",
            region,
            {
                "TableName": name,
                "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
            },
        )

    batch: list[dict[str, Any]] = []
    for item in _items(region, name):
        batch.append({"PutRequest": {"Item": item}})
        if len(batch) == BATCH_SIZE:
            yield Request("BatchWriteItem", region, {"RequestItems": {name: batch}})
            batch = []
    if batch:
        yield Request("BatchWriteItem", region, {"RequestItems": {name: batch}})


def _items(region: str, name: str) -> Iterator[dict[str, Any]]:
    return table_items(dynamodb_backends[DEFAULT_ACCOUNT_ID][region].tables[name])


def table_items(table: Any) -> Iterator[dict[str, Any]]:
    """Every item of a moto table, as a Scan would return it (binaries as bytes)."""
    for partition in table.items.values():
        for item in partition.values() if isinstance(partition, dict) else (partition,):
            if isinstance(item, Item):
                yield item_json(item)["Attributes"]


def _throughput(described: dict[str, Any]) -> dict[str, int]:
    return {
        "ReadCapacityUnits": described["ReadCapacityUnits"],
        "WriteCapacityUnits": described["WriteCapacityUnits"],
    }


def create_table_request(table: dict[str, Any], tags: list[dict[str, str]]) -> dict[str, Any]:
    """Turn a DescribeTable ``Table`` back into the CreateTable body that makes it."""
    billing = table.get("BillingModeSummary", {}).get("BillingMode", "PROVISIONED")
    provisioned = billing == "PROVISIONED"
    request: dict[str, Any] = {
        "TableName": table["TableName"],
        "KeySchema": table["KeySchema"],
        "AttributeDefinitions": table["AttributeDefinitions"],
        "BillingMode": billing,
    }
    if provisioned:
        request["ProvisionedThroughput"] = _throughput(table["ProvisionedThroughput"])
    gsis = []
    for index in table.get("GlobalSecondaryIndexes") or []:
        gsi = {k: index[k] for k in ("IndexName", "KeySchema", "Projection")}
        if provisioned and "ProvisionedThroughput" in index:
            gsi["ProvisionedThroughput"] = _throughput(index["ProvisionedThroughput"])
        gsis.append(gsi)
    if gsis:
        request["GlobalSecondaryIndexes"] = gsis
    lsis = [
        {k: index[k] for k in ("IndexName", "KeySchema", "Projection")}
        for index in table.get("LocalSecondaryIndexes") or []
    ]
    if lsis:
        request["LocalSecondaryIndexes"] = lsis
    if table.get("StreamSpecification"):
        request["StreamSpecification"] = table["StreamSpecification"]
    sse = table.get("SSEDescription")
    if sse and sse.get("Status") in ("ENABLED", "ENABLING"):
        request["SSESpecification"] = {"Enabled": True, "SSEType": sse.get("SSEType", "KMS")}
        if sse.get("KMSMasterKeyArn"):
            request["SSESpecification"]["KMSMasterKeyId"] = sse["KMSMasterKeyArn"]
    if table.get("DeletionProtectionEnabled"):
        request["DeletionProtectionEnabled"] = True
    if tags:
        request["Tags"] = tags
    return request
