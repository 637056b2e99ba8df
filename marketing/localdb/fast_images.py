"""Copy moto's items out as JSON dicts without deep-copying them first.

Every write to a table with a stream copies the new (and old) item into a stream record,
and every item a read returns is copied the same way. moto's copy deep-copies each map
and list value and then walks the copy again to convert it: a quarter of a batched put's
time on the server. `item_json` and `regular_json` build the same dicts in one walk.
Strings, numbers and bytes are immutable, so sharing them with the stored item is safe;
every dict and list is new, as in moto's copy.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

from moto.dynamodb.models.dynamo_type import DynamoType, Item


def regular_json(value: DynamoType) -> dict[str, Any]:
    """What ``value.to_regular_json()`` returns."""
    kind, raw = value.type, value.value
    if isinstance(raw, dict):
        raw = {k: regular_json(v) if isinstance(v, DynamoType) else v for k, v in raw.items()}
    elif isinstance(raw, list):
        raw = [regular_json(v) if isinstance(v, DynamoType) else v for v in raw]
    if kind == "B" and isinstance(raw, str):
        raw = base64.b64decode(raw)
    return {kind: raw}


def item_json(item: Item, root_attr_name: str = "Attributes") -> dict[str, Any]:
    """What ``item.to_json(root_attr_name)`` returns."""
    attributes: dict[str, Any] = {}
    for name, attribute in item.attrs.items():
        raw = attribute.value
        if isinstance(raw, dict):
            raw = {k: regular_json(v) for k, v in raw.items()}
        elif isinstance(raw, list):
            raw = [regular_json(v) if isinstance(v, DynamoType) else v for v in raw]
        attributes[name] = {attribute.type: raw}
    return {root_attr_name: attributes}


def install() -> Callable[[], None]:
    originals = (Item.to_json, DynamoType.to_regular_json)
    Item.to_json = item_json  # type: ignore[method-assign]
    DynamoType.to_regular_json = regular_json  # type: ignore[method-assign]

    def uninstall() -> None:
        Item.to_json, DynamoType.to_regular_json = originals  # type: ignore[method-assign]

    return uninstall
