"""A faster JSON path for moto's DynamoDB item results.

moto serialises every response by walking botocore's output shapes, which costs about
3 ms per item returned: a 20-item query spent 67 of its 100 ms there. Item results are
already plain `{type: value}` dicts (raw bytes for binaries), so `json.dumps` with
base64 for bytes writes the same JSON. Anything else in a result (a datetime, an
unknown object) falls back to moto's own serialiser.

Before that, moto turns its items into those dicts with `dynamo_to_dict`, which tries
`isinstance` and `hasattr` against every node of every item: after the index, half of a
20-item page's time. `plain_dicts` makes the same dicts dispatching on exact types, and
hands anything it does not know to moto's function.

For the operations above, even those dicts are not made: the result is kept as moto built
it (its top level copied, as moto adds ConsumedCapacity there) and `dynamo_json` writes it
in one pass, the encoder asking `_encoded` for each DynamoType's `{type: value}`. It
writes what `plain_json(plain_dicts(result))` writes; where it cannot (anything not plain
data), the result goes that way instead.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from moto.core.responses import ActionResult
from moto.dynamodb import responses
from moto.dynamodb.models.dynamo_type import DynamoType, LimitedSizeDict
from moto.dynamodb.models.utilities import dynamo_to_dict
from moto.dynamodb.responses import DynamoResult

FAST_OPERATIONS = frozenset(
    {
        "GetItem",
        "BatchGetItem",
        "Query",
        "Scan",
        "PutItem",
        "UpdateItem",
        "DeleteItem",
        "TransactGetItems",
    }
)
CONTENT_TYPE = "application/x-amz-json-1.0"


class _NotPlain(TypeError):
    pass


def _bytes_as_base64(value: Any) -> str:
    if isinstance(value, bytes | bytearray):
        return base64.b64encode(value).decode("ascii")
    raise _NotPlain(type(value).__name__)


def plain_json(result: Any) -> str | None:
    """The result as DynamoDB's JSON, or None when it holds anything but plain data."""
    try:
        return json.dumps(result, default=_bytes_as_base64, separators=(",", ":"))
    except (_NotPlain, ValueError):
        return None


_AS_IS = frozenset({str, int, float, bool, bytes, Decimal, type(None)})
_MAPS = frozenset({dict, LimitedSizeDict})


def plain_dicts(value: Any) -> Any:
    """What moto's ``dynamo_to_dict(value)`` returns."""
    kind = type(value)
    if kind is DynamoType:
        return _attribute(value)
    if kind in _MAPS:
        return {key: plain_dicts(member) for key, member in value.items()}
    if kind is list:
        return [plain_dicts(member) for member in value]
    if kind in _AS_IS:
        return value
    return dynamo_to_dict(value)


def _attribute(value: DynamoType) -> dict[str, Any]:
    kind, raw = value.type, value.value
    if kind == "B":
        return {"B": raw if isinstance(raw, bytes) else base64.b64decode(raw)}
    if kind == "BS":
        return {"BS": [v if isinstance(v, bytes) else base64.b64decode(v) for v in raw]}
    return {kind: plain_dicts(raw)}


def _encoded(value: Any) -> Any:
    """The encoder's fallback: a DynamoType as `_attribute` gives it (its members are
    encoded in turn), bytes as base64; anything else is not plain."""
    if type(value) is DynamoType:
        kind = value.type
        if kind == "B" or kind == "BS":
            return _attribute(value)
        return {kind: value.value}
    return _bytes_as_base64(value)


# No circular check: moto's results are trees (a cycle would end in RecursionError).
_encode_dynamo = json.JSONEncoder(
    default=_encoded, separators=(",", ":"), check_circular=False
).encode


def dynamo_json(result: Any) -> str | None:
    """`plain_json(plain_dicts(result))` in one pass, or None where it cannot tell."""
    try:
        return _encode_dynamo(result)
    except (_NotPlain, ValueError, RecursionError):
        return None


def install() -> Callable[[], None]:
    """Route item results through `dynamo_json`, `plain_dicts` and `plain_json`; returns a
    function that undoes it."""
    original_init = DynamoResult.__init__
    original = DynamoResult.execute_result
    responses.dynamo_to_dict = plain_dicts

    def __init__(self: DynamoResult, result: object) -> None:
        if type(result) is dict:
            ActionResult.__init__(self, dict(result))
            self._localdb_unconverted = True
        else:
            original_init(self, result)

    def execute_result(self: DynamoResult, context: Any):
        fast = context.operation_model.name in FAST_OPERATIONS
        if self.__dict__.pop("_localdb_unconverted", False):
            body = dynamo_json(self._result) if fast else None
            if body is not None:
                return 200, {"Content-Type": CONTENT_TYPE}, body
            self._result = plain_dicts(self._result)
        if fast:
            body = plain_json(self._result)
            if body is not None:
                return 200, {"Content-Type": CONTENT_TYPE}, body
        return original(self, context)

    DynamoResult.__init__ = __init__  # type: ignore[method-assign]
    DynamoResult.execute_result = execute_result  # type: ignore[method-assign]

    def uninstall() -> None:
        DynamoResult.__init__ = original_init  # type: ignore[method-assign]
        DynamoResult.execute_result = original  # type: ignore[method-assign]
        responses.dynamo_to_dict = dynamo_to_dict

    return uninstall
