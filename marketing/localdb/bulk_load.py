"""Apply put and delete records straight to moto's tables at start-up.

A snapshot holds every item as BatchWriteItem requests of 25 puts (snapshot.py); the
journal holds the requests acknowledged since, most of them puts, deletes and batches of
them. Sent through moto an item costs 0.4 ms in a batch and a PutItem 1.2 ms (request
handling, the put's checks, a stream record, a reply): 40 s for 100,000 items.

Every journaled write was applied by moto, whole: a request it refuses (a failed
condition, bad input) is not journaled, and one it fails half-way through makes the store
fold the journal into a snapshot at once. So a put's item is stored exactly as moto's
put_item stores it (the same DynamoType trees, its key values apart from its attributes,
in the table's partition), conditions or not, and a delete removes what moto's would
(a batch's puts first, as moto does), without the checks, the stream records (start-up
replays record none: stream_retention) or the reply. A differential test holds the tables
it builds to those moto's replay builds. Any other record goes to moto as before.
"""

from __future__ import annotations

import json
from typing import Any

from moto.core import DEFAULT_ACCOUNT_ID
from moto.core.parse import default_blob_parser
from moto.dynamodb.models import dynamodb_backends
from moto.dynamodb.models.dynamo_type import DynamoType, Item, LimitedSizeDict
from moto.dynamodb.models.table import Table

from .journal import Record
from .moto_app import TARGET_PREFIX
from .stream_retention import count_replayed

BATCH_WRITE = TARGET_PREFIX + "BatchWriteItem"
PUT = TARGET_PREFIX + "PutItem"
DELETE = TARGET_PREFIX + "DeleteItem"
APPLIED_HERE = frozenset({BATCH_WRITE, PUT, DELETE})  # the records load() applies
_new = object.__new__


def attribute(value: dict[str, Any]) -> DynamoType:
    """What ``DynamoType(value)`` builds from the value as moto's parser reads its JSON
    (blobs base64-decoded), without moto's per-node dispatch."""
    ((kind, raw),) = value.items()
    if kind == "M":
        raw = {name: attribute(member) for name, member in raw.items()}
    elif kind == "L":
        raw = [attribute(member) for member in raw]
    elif kind == "B":
        raw = default_blob_parser(raw)
    elif kind == "BS":
        raw = [default_blob_parser(member) for member in raw]
    built = _new(DynamoType)
    built.type = kind
    built.value = raw
    return built


def _item(table: Table, document: dict[str, Any]) -> tuple[DynamoType, DynamoType | None, Item]:
    hash_value = attribute(document[table.hash_key_attr])
    range_value = None
    if table.range_key_attr is not None:
        range_value = attribute(document[table.range_key_attr])
    item = _new(Item)
    item.hash_key = hash_value
    item.range_key = range_value
    item.attrs = LimitedSizeDict({name: attribute(value) for name, value in document.items()})
    return hash_value, range_value, item


def load(record: Record) -> bool:
    """Apply a put, delete or batch record; False (having changed nothing) when the record
    is none of those, or not one read here, for moto to replay."""
    if record.target not in APPLIED_HERE:
        return False
    try:
        body = json.loads(record.body)
        backend = dynamodb_backends[DEFAULT_ACCOUNT_ID][record.region]
        if record.target == PUT:
            table = backend.get_table(body["TableName"])
            puts, deletes = [(table, *_item(table, body["Item"]))], []
        elif record.target == DELETE:
            table = backend.get_table(body["TableName"])
            puts, deletes = [], [(table, *_key(table, body["Key"]))]
        else:
            puts, deletes = _batch(backend, body["RequestItems"])
    except Exception:  # not one read here: moto answers it as it would any other
        return False
    for table, hash_value, range_value, item in puts:
        if range_value is None:
            table.items[hash_value] = item
        else:
            table.items[hash_value][range_value] = item
        # moto's put makes a stream record every time; the journal's count (not the snapshot's)
        count_replayed(table.stream_shard)
    for table, hash_value, range_value in deletes:
        if range_value is None:
            removed = table.items.pop(hash_value, None)
        else:  # moto's delete leaves an empty partition behind too
            removed = table.items[hash_value].pop(range_value, None)
        if removed is not None:  # moto's delete makes a record only when there was an item
            count_replayed(table.stream_shard)
    return True


def _batch(backend: Any, batches: dict[str, Any]) -> tuple[list, list]:
    puts, deletes = [], []
    for name, requests in batches.items():
        table = backend.get_table(name)
        for request in requests:
            ((kind, body),) = request.items()
            if kind == "PutRequest":
                puts.append((table, *_item(table, body["Item"])))
            elif kind == "DeleteRequest":
                deletes.append((table, *_key(table, body["Key"])))
            else:
                raise ValueError(kind)
    return puts, deletes


def _key(table: Table, key: dict[str, Any]) -> tuple[DynamoType, DynamoType | None]:
    hash_value = attribute(key[table.hash_key_attr])
    if table.range_key_attr is None:
        return hash_value, None
    return hash_value, attribute(key[table.range_key_attr])
