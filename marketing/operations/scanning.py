"""Reading whole tables: parallel Scan segments, counts, and retries past throttling.

botocore already retries a throttled call a few times; a job reading or writing a whole
table keeps going past that, backing off (marketing.dynamo.backoff) between attempts,
rather than dying an hour in.
"""

from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from marketing.dynamo import errors
from marketing.dynamo.backoff import Backoff
from marketing.dynamo.calls import translated_errors
from marketing.dynamo.repository import BATCH_WRITES_IN_FLIGHT, write_raw_chunks

T = TypeVar("T")

# Items per page where a page is a unit of work (a migration's checkpoint); None reads
# DynamoDB's own pages of up to 1 MB, fewest round trips.
PAGE_SIZE = 500


def retrying(call: Callable[[], T], backoff: Backoff) -> T:
    """call(), again after a backoff while DynamoDB throttles it, up to backoff.max_attempts."""
    attempt = 1
    while True:
        try:
            with translated_errors():
                return call()
        except errors.Throttled:
            if attempt >= backoff.max_attempts:
                raise
            backoff.wait(attempt - 1)
            attempt += 1


def scan_pages(
    client,
    table: str,
    *,
    segment: int = 0,
    segments: int = 1,
    start_key: dict | None = None,
    backoff: Backoff,
    page_size: int | None = None,
) -> Iterator[tuple[list[dict], dict | None]]:
    """(items, LastEvaluatedKey) for each page of one segment, read consistently; the
    key is None on the segment's last page. Resumes after `start_key` when given."""
    request: dict[str, Any] = {"TableName": table, "ConsistentRead": True}
    if page_size:
        request["Limit"] = page_size
    if segments > 1:
        request.update(Segment=segment, TotalSegments=segments)
    while True:
        if start_key:
            request["ExclusiveStartKey"] = start_key
        response = retrying(lambda: client.scan(**request), backoff)
        start_key = response.get("LastEvaluatedKey")
        yield response.get("Items", []), start_key
        if not start_key:
            return


def count_items(client, table: str, backoff: Backoff) -> int:
    """The exact number of items (a consistent Scan with Select=COUNT, not ItemCount,
    which DynamoDB refreshes only every six hours)."""
    request: dict[str, Any] = {"TableName": table, "ConsistentRead": True, "Select": "COUNT"}
    total = 0
    while True:
        response = retrying(lambda: client.scan(**request), backoff)
        total += response.get("Count", 0)
        if not response.get("LastEvaluatedKey"):
            return total
        request["ExclusiveStartKey"] = response["LastEvaluatedKey"]


def describe(client, table: str) -> dict | None:
    """DescribeTable's Table, or None when there is no such table."""
    try:
        with translated_errors():
            return client.describe_table(TableName=table)["Table"]
    except errors.NotFound:
        return None


def is_empty(client, table: str, backoff: Backoff) -> bool:
    request = {"TableName": table, "ConsistentRead": True, "Limit": 1, "Select": "COUNT"}
    while True:
        response = retrying(lambda: client.scan(**request), backoff)
        if response.get("Count"):
            return False
        if not response.get("LastEvaluatedKey"):
            return True
        request["ExclusiveStartKey"] = response["LastEvaluatedKey"]


def write_chunks(client, table: str, chunks: list, backoff: Backoff) -> int:
    """Batch-write raw item chunks, every call retried as `retrying` does; how many items
    stayed unprocessed after every retry (0: all written)."""
    outcomes = retrying(
        lambda: write_raw_chunks(
            client, table, chunks, backoff=backoff, in_flight=BATCH_WRITES_IN_FLIGHT
        ),
        backoff,
    )
    return sum(len(unprocessed) for unprocessed, _attempts in outcomes)
