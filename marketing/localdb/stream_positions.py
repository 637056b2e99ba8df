"""Stream labels, shard ids and sequence numbers that continue across restarts.

moto makes a table's stream anew whenever the table is created, so a server rebuilding
its tables from the snapshot and journal would give every stream a new label (a new
stream ARN) and start numbering records again from moto's fixed first sequence number:
a consumer would read numbers it had already seen. DynamoDB keeps a stream, its shards
and its numbering as long as the stream is enabled.

So the snapshot holds, per streamed table, its label, shard id and the next sequence
number (a `LocalStreamState` record after the table's CreateTable), and the journal
replay counts the records its writes made when they were first applied (without making
them: stream_retention). After a restart a stream goes on under the same ARN and shard
id, its next record numbered one past the last one made before; the records themselves
are not kept, so they count as trimmed: an iterator into them gets
TrimmedDataAccessException, one after the last of them reads on normally.

A table created or given a stream after the last snapshot would get a new label at
replay: the store folds the journal into a snapshot right after such a write
(`changes_stream`).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from moto.core import DEFAULT_ACCOUNT_ID
from moto.dynamodb.models import dynamodb_backends

from .journal import Record
from .moto_app import TARGET_PREFIX

OPERATION = "LocalStreamState"
TARGET = TARGET_PREFIX + OPERATION
_STREAM_WRITES = (TARGET_PREFIX + "CreateTable", TARGET_PREFIX + "UpdateTable")


def state(region: str, name: str) -> dict[str, Any] | None:
    """What a snapshot keeps of a table's stream; None for a table without one."""
    table = dynamodb_backends[DEFAULT_ACCOUNT_ID][region].tables[name]
    shard = table.stream_shard
    if shard is None or not table.latest_stream_label:
        return None
    return {
        "TableName": name,
        "StreamLabel": table.latest_stream_label,
        "ShardId": shard.id,
        "NextSequenceNumber": str(shard.starting_sequence_number + len(shard.items)),
        "CreatedOn": shard.created_on.isoformat(),
    }


def restore(record: Record) -> None:
    """Apply a snapshot's `LocalStreamState` record to its (just re-created) table."""
    body = json.loads(record.body)
    table = dynamodb_backends[DEFAULT_ACCOUNT_ID][record.region].get_table(body["TableName"])
    shard = table.stream_shard
    if shard is None:
        return
    table.latest_stream_label = body["StreamLabel"]
    shard.id = body["ShardId"]
    shard.items = []
    shard.starting_sequence_number = int(body["NextSequenceNumber"])
    shard.created_on = dt.datetime.fromisoformat(body["CreatedOn"])


def changes_stream(target: str, body: bytes) -> bool:
    """Whether a write creates a stream (a new label a replay could not reproduce)."""
    return target in _STREAM_WRITES and b"StreamSpecification" in body
