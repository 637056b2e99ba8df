"""Where moto keeps an item: the lookups the write hooks share (query_index, item_size).

moto's Table.items is a defaultdict, hash key -> item (tables without a range key) or
hash key -> {range key -> item}; indexing it creates empty partitions, so these only read.
The keys are found exactly as moto's put_item and update_item find them, so a hook looks
at the same item moto writes.
"""

from __future__ import annotations

from typing import Any

from moto.dynamodb.models.dynamo_type import DynamoType, Item
from moto.dynamodb.models.table import Table

UNKNOWN = object()  # moto would fail before writing, or the key is not one we can read


def stored(table: Table, hash_value: Any, range_value: Any) -> Item | None:
    partition = table.items.get(hash_value)
    if table.range_key_attr is None:
        return partition if isinstance(partition, Item) else None
    return partition.get(range_value) if isinstance(partition, dict) else None


def put_key(table: Table, item_attrs: Any) -> Any:
    """(hash, range) moto's put_item stores item_attrs under, or UNKNOWN."""
    try:
        hash_value = DynamoType(item_attrs[table.hash_key_attr])
        range_value = None
        if table.range_key_attr is not None:
            range_value = DynamoType(item_attrs[table.range_key_attr])
        return hash_value, range_value
    except Exception:
        return UNKNOWN


def update_key(table: Table, key: Any) -> Any:
    """(hash, range) moto's update_item reads (and may create) its item under, or UNKNOWN."""
    try:
        if table.hash_key_attr in key and table.range_key_attr in key:
            return DynamoType(key[table.hash_key_attr]), DynamoType(key[table.range_key_attr])
        if table.hash_key_attr in key:
            return DynamoType(key[table.hash_key_attr]), None
        return DynamoType(key), None
    except Exception:
        return UNKNOWN
