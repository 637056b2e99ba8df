"""The raw Apollo state a profile keeps, and the size budget that keeps a profile storable.

DynamoDB refuses items over 400 KB. A profile's bounded fields (stores/naver/parser.py:
name, addresses, categories, at most 300 menus and 50 keywords) stay far below that;
the raw state is kept gzip-compressed only in what is left of a 300 KB budget (and
never over 200 KB), else it is left out and the profile says so.
"""

import gzip
import json
from typing import Any

from pydantic import BaseModel

from marketing.dynamo import serde

MAX_ITEM_BYTES = 300 * 1024  # a profile's own budget, 100 KB under DynamoDB's limit
MAX_RAW_PAYLOAD_BYTES = 200 * 1024
KEY_ATTRIBUTES_BYTES = 1024  # PK/SK and the GSI keys the repository adds to a latest profile
# gzip shrinks these states about tenfold; a state this many times the room left cannot fit.
_NO_CHANCE_RATIO = 30


def item_bytes(model: BaseModel) -> int:
    """DynamoDB's size of the item `model` is stored as, its key attributes left aside."""
    return raw_item_bytes(serde.encode_item(model))


def raw_item_bytes(raw: serde.RawItem) -> int:
    """DynamoDB's size of an item: its attribute names and values, in bytes (at most)."""
    return sum(len(name.encode()) + _value_bytes(value) for name, value in raw.items())


def _value_bytes(value: dict[str, Any]) -> int:
    ((kind, content),) = value.items()
    if kind == "S":
        return len(content.encode())
    if kind == "N":
        return len(content) + 1  # an upper bound of DynamoDB's (digits / 2) + 1
    if kind == "B":
        return len(content)
    if kind in ("BOOL", "NULL"):
        return 1
    if kind == "L":
        return 3 + sum(1 + _value_bytes(item) for item in content)
    if kind == "M":
        return 3 + sum(1 + len(k.encode()) + _value_bytes(v) for k, v in content.items())
    if kind in ("SS", "NS"):
        return sum(len(str(item).encode()) + 1 for item in content)
    return sum(len(item) for item in content)  # BS


def room_for_payload(profile: BaseModel) -> int:
    """Bytes of compressed raw state the profile can still take."""
    left = MAX_ITEM_BYTES - KEY_ATTRIBUTES_BYTES - item_bytes(profile) - len("rawPayload")
    return max(0, min(MAX_RAW_PAYLOAD_BYTES, left))


def compress_state(state: dict | None, room: int) -> bytes | None:
    """The state as gzip-compressed JSON, or None when it does not fit in `room` bytes."""
    if state is None or room <= 0:
        return None
    try:
        text = json.dumps(state, ensure_ascii=False, separators=(",", ":")).encode()
    except (RecursionError, ValueError, TypeError):
        return None  # the parser bounds nesting; this is for states from elsewhere
    if len(text) > room * _NO_CHANCE_RATIO:
        return None
    data = gzip.compress(text, mtime=0)
    return data if len(data) <= room else None


def decompress_state(data: bytes | None) -> dict | None:
    if not data:
        return None
    return json.loads(gzip.decompress(data))
