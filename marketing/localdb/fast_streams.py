"""GetRecords answered in one json.dumps instead of moto's serializer walk.

moto serializes a GetRecords result by walking the output shape value by value (key
lookups, alias checks per AttributeValue member): about 30 ms per stream record of a
20 KB campaign, under the server's lock, so the audit consumer's polls held every page's
queries back by 35-100 ms (bench load tier, issue 14). A record's images are already the
DynamoDB JSON moto would write; only the record's time needs moto's timestamp format. The
status and headers are the ones moto's serializer gives the same result without records.

Records holding a binary value (B or BS anywhere) go through moto's serializer, which
base64-encodes them once more. A differential test holds the two ways to the same reply.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

from moto.core.responses import ActionResult
from moto.core.serialize import TimestampSerializer
from moto.core.utils import get_service_model
from moto.dynamodbstreams.responses import DynamoDBStreamsHandler

_BINARY = frozenset({"B", "BS"})


def _has_binary(value: Any) -> bool:
    if isinstance(value, dict):
        return any(key in _BINARY or _has_binary(inner) for key, inner in value.items())
    if isinstance(value, list):
        return any(_has_binary(inner) for inner in value)
    return False


def _plain(result: dict, timestamp: Callable[[Any], Any]) -> dict | None:
    """The result as moto's serializer writes it, or None where only moto can say."""
    records = []
    for record in result.get("Records", []):
        change = record.get("dynamodb", {})
        if _has_binary(change):
            return None
        made = change.get("ApproximateCreationDateTime")
        if made is not None:
            change = {**change, "ApproximateCreationDateTime": timestamp(made)}
        records.append({**record, "dynamodb": change})
    return {**result, "Records": records}


def install() -> Callable[[], None]:
    original = DynamoDBStreamsHandler.get_records

    def get_records(self: DynamoDBStreamsHandler) -> Any:
        answer = original(self)
        result = answer.result if isinstance(answer, ActionResult) else None
        if not isinstance(result, dict) or not result.get("Records"):
            return answer
        plain = _plain(result, _timestamp)
        if plain is None:
            return answer
        status, headers, _body = self.serialized(ActionResult({**result, "Records": []}))
        return status, headers, json.dumps(plain)

    DynamoDBStreamsHandler.get_records = get_records  # type: ignore[method-assign]

    def uninstall() -> None:
        DynamoDBStreamsHandler.get_records = original  # type: ignore[method-assign]

    return uninstall


_TIMESTAMPS = TimestampSerializer(TimestampSerializer.TIMESTAMP_FORMAT_UNIX)


def _timestamp(value: Any) -> Any:
    """A record's time as moto's serializer writes it (the shape says the format)."""
    wrapper: dict = {}
    _TIMESTAMPS.serialize(wrapper, value, _creation_time_shape(), "t")
    return wrapper["t"]


@functools.cache
def _creation_time_shape():
    records = get_service_model("dynamodbstreams").operation_model("GetRecords").output_shape
    return (
        records.members["Records"].member.members["dynamodb"].members["ApproximateCreationDateTime"]
    )
