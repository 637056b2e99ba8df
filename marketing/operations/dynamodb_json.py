"""Items as DynamoDB JSON lines, the format of DynamoDB's own S3 export.

One line per item, `{"Item": {"name": {"S": "..."}, ...}}`. Values stay in their wire form:
numbers are the strings DynamoDB sent (never floats, so 12345678901234567890.123456789
keeps every digit), binaries are base64. boto3's low-level client hands binaries over as
bytes; `to_json` and `from_json` convert between the two forms and touch nothing else.
"""

import base64
import hashlib
import json
from collections.abc import Iterable
from typing import Any

RawItem = dict[str, dict[str, Any]]


class BadLine(ValueError):
    """A line that is not one DynamoDB JSON item."""


def to_json(value: dict[str, Any]) -> dict[str, Any]:
    """An AttributeValue as boto3 gives it → its JSON form (binaries base64)."""
    ((kind, raw),) = value.items()
    if kind == "B":
        return {"B": base64.b64encode(bytes(raw)).decode("ascii")}
    if kind == "BS":
        return {"BS": [base64.b64encode(bytes(member)).decode("ascii") for member in raw]}
    if kind == "M":
        return {"M": {name: to_json(member) for name, member in raw.items()}}
    if kind == "L":
        return {"L": [to_json(member) for member in raw]}
    return {kind: raw}


def from_json(value: Any) -> dict[str, Any]:
    """The inverse of to_json, checking the shape as it goes (BadLine if wrong)."""
    if not isinstance(value, dict) or len(value) != 1:
        raise BadLine(f"not an attribute value: {value!r:.80}")
    ((kind, raw),) = value.items()
    try:
        if kind == "B":
            return {"B": base64.b64decode(raw, validate=True)}
        if kind == "BS":
            return {"BS": [base64.b64decode(member, validate=True) for member in raw]}
        if kind == "M":
            return {"M": {name: from_json(member) for name, member in raw.items()}}
        if kind == "L":
            return {"L": [from_json(member) for member in raw]}
    except (TypeError, ValueError, AttributeError) as exc:
        raise BadLine(f"bad {kind} value: {exc}") from exc
    if kind in ("S", "N") and isinstance(raw, str):
        return {kind: raw}
    if kind in ("SS", "NS") and isinstance(raw, list) and all(isinstance(m, str) for m in raw):
        return {kind: raw}
    if kind in ("BOOL", "NULL") and isinstance(raw, bool):
        return {kind: raw}
    raise BadLine(f"bad attribute value {value!r:.80}")


def item_line(item: RawItem) -> bytes:
    """One item as its export line (with the newline)."""
    encoded = {name: to_json(value) for name, value in item.items()}
    return json.dumps({"Item": encoded}, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


def parse_line(line: bytes) -> RawItem:
    try:
        document = json.loads(line)
    except ValueError as exc:
        raise BadLine(f"not JSON: {exc}") from exc
    if not isinstance(document, dict) or set(document) != {"Item"}:
        raise BadLine('a line must be {"Item": {...}}')
    item = document["Item"]
    if not isinstance(item, dict) or not item:
        raise BadLine("an item must be a non-empty map of attributes")
    return {name: from_json(value) for name, value in item.items()}


def _canonical(value: dict[str, Any]) -> Any:
    """A form that is equal for equal values whatever order DynamoDB returns set members in."""
    ((kind, raw),) = value.items()
    if kind in ("SS", "NS"):
        return {kind: sorted(raw)}
    if kind == "BS":
        return {kind: sorted(base64.b64encode(bytes(m)).decode() for m in raw)}
    if kind == "B":
        return {kind: base64.b64encode(bytes(raw)).decode()}
    if kind == "M":
        return {kind: {name: _canonical(member) for name, member in raw.items()}}
    if kind == "L":
        return {kind: [_canonical(member) for member in raw]}
    return value


def item_digest(item: RawItem) -> int:
    canonical = {name: _canonical(value) for name, value in item.items()}
    text = json.dumps(canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return int.from_bytes(hashlib.sha256(text.encode()).digest(), "big")


class ContentDigest:
    """An order-independent digest of a set of items: the sum of their SHA-256s (mod 2**256).

    Equal for the items of an export file and the items of the table restored from it,
    whatever order a Scan returns them in: it checks the restore attribute by attribute.
    """

    MODULUS = 1 << 256

    def __init__(self) -> None:
        self.total = 0
        self.count = 0

    def add(self, item: RawItem) -> None:
        self.total = (self.total + item_digest(item)) % self.MODULUS
        self.count += 1

    def add_all(self, items: Iterable[RawItem]) -> None:
        for item in items:
            self.add(item)

    def merge(self, other: "ContentDigest") -> None:
        self.total = (self.total + other.total) % self.MODULUS
        self.count += other.count

    def hexdigest(self) -> str:
        return f"{self.total:064x}"
