"""Reads over many keys or whole tables, for maintenance commands only (seed_demo); pages
never scan.

- `scan_rows` reads every item of a table, one consistent page after another;
- `rows_at` reads the items at a list of keys, 100 to a BatchGetItem, unprocessed keys
  retried with backoff.

Both project each item to its keys and the attributes asked for, and give plain Python
values (the AttributeValue dicts stay here).
"""

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from marketing.dynamo import errors, serde
from marketing.dynamo.backoff import Backoff
from marketing.dynamo.calls import translated_errors
from marketing.dynamo.client import ClientMode, get_client
from marketing.dynamo.config import get_config
from marketing.dynamo.tables import TableSpec

BATCH_GET_SIZE = 100

ItemKey = tuple[str, str]


def scan_rows(
    spec: TableSpec,
    *,
    attributes: Sequence[str] = (),
    mode: ClientMode = "batch",
    client=None,
) -> Iterator[dict[str, Any]]:
    """Every item of the table as {PK, SK, and those of `attributes` it has}."""
    client = client or get_client(mode)
    request: dict[str, Any] = {
        "TableName": spec.table_name(get_config().table_prefix),
        # A run right after another must see what that one wrote.
        "ConsistentRead": True,
        **_projection(spec, attributes),
    }
    while True:
        with translated_errors():
            response = client.scan(**request)
        for raw in response.get("Items", []):
            yield serde.decode_item(raw)
        last = response.get("LastEvaluatedKey")
        if not last:
            return
        request["ExclusiveStartKey"] = last


def rows_at(
    spec: TableSpec,
    item_keys: Iterable[ItemKey],
    *,
    attributes: Sequence[str] = (),
    mode: ClientMode = "batch",
    client=None,
    backoff: Backoff | None = None,
) -> dict[ItemKey, dict[str, Any]]:
    """{key: {PK, SK, and those of `attributes` it has}} of the keys that hold an item."""
    client = client or get_client(mode)
    backoff = backoff or Backoff()
    table = spec.table_name(get_config().table_prefix)
    unique = list(dict.fromkeys(item_keys))
    found: dict[ItemKey, dict[str, Any]] = {}
    for start in range(0, len(unique), BATCH_GET_SIZE):
        chunk = unique[start : start + BATCH_GET_SIZE]
        pending = {
            table: {
                "Keys": [{spec.pk: {"S": pk}, spec.sk: {"S": sk}} for pk, sk in chunk],
                "ConsistentRead": True,
                **_projection(spec, attributes),
            }
        }
        attempt = 1
        while pending:
            with translated_errors():
                response = client.batch_get_item(RequestItems=pending)
            for raw in response.get("Responses", {}).get(table, []):
                row = serde.decode_item(raw)
                found[(row[spec.pk], row[spec.sk])] = row
            pending = response.get("UnprocessedKeys") or {}
            if pending and attempt >= backoff.max_attempts:
                raise errors.Throttled(
                    f"keys of {table} stayed unprocessed after {attempt} attempts"
                )
            if pending:
                backoff.wait(attempt - 1)
                attempt += 1
    return found


def _projection(spec: TableSpec, attributes: Sequence[str]) -> dict[str, Any]:
    wanted = list(dict.fromkeys([spec.pk, spec.sk, *attributes]))
    names = {f"#a{i}": name for i, name in enumerate(wanted)}
    return {"ProjectionExpression": ", ".join(names), "ExpressionAttributeNames": names}
