"""Put a snapshot's items straight into moto's tables at start-up.

A snapshot holds every item as BatchWriteItem requests of 25 puts (snapshot.py). Sent
through moto each item costs about 0.4 ms (request handling, the put's checks, a stream
record, a reply): 40 s for 100,000 items. Every one of them was stored by moto before and
written out from its tables, so here each is built exactly as moto's put_item stores it
(the same DynamoType trees, its key values apart from its attributes, in the table's
partition) without the checks, the stream record (start-up replays record none:
stream_retention) or the reply. A differential test holds the tables it builds to those
moto's replay builds. A record that is anything else goes to moto as before.
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

BATCH_WRITE = TARGET_PREFIX + "BatchWriteItem"
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
    """Store the items of a snapshot's BatchWriteItem record; False (having changed
    nothing) when the record is not one of those, for moto to replay."""
    if record.target != BATCH_WRITE:
        return False
    try:
        batches = json.loads(record.body)["RequestItems"]
        region_tables = dynamodb_backends[DEFAULT_ACCOUNT_ID][record.region].tables
        built = []
        for name, requests in batches.items():
            table = region_tables[name]
            for request in requests:
                ((kind, put),) = request.items()
                if kind != "PutRequest":
                    return False
                built.append((table, *_item(table, put["Item"])))
    except Exception:  # not a snapshot's record: moto answers it as it would any other
        return False
    for table, hash_value, range_value, item in built:
        if range_value is None:
            table.items[hash_value] = item
        else:
            table.items[hash_value][range_value] = item
    return True
