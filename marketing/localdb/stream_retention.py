"""Drop stream records after 24 hours, as DynamoDB Streams does.

moto keeps every stream record (each holding full copies of the old and new item) for as
long as the process lives, so a long-running embedded server grows by every write it
ever took. Records older than the retention period are cut from the head of the shard
and its starting sequence number moves past them, so sequence numbers keep counting up
and TRIM_HORIZON iterators start at the oldest record kept. An iterator that still
points at a dropped record gets DynamoDB's TrimmedDataAccessException (moto failed an
assertion there: a 500).

While the store replays its snapshot and journal at start-up no record is made: records
of writes made before the restart would be copies read back, not the changes a consumer
saw happen, numbered again. The journal's writes are counted instead (`counting`), so
that numbering goes on past the records they made (stream_positions): a restarted
server's streams start empty, under the same ARN, with every earlier record trimmed.
Unknown iterators (a restarted server knows none) get ExpiredIteratorException, and a
shard id the stream does not have ResourceNotFoundException, as DynamoDB answers (moto
failed an assertion or a lookup there: a 500).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

from moto.core.exceptions import JsonRESTError
from moto.core.utils import utcnow
from moto.dynamodb.models.table import StreamShard
from moto.dynamodbstreams.models import DynamoDBStreamsBackend

RETENTION = dt.timedelta(hours=24)
_replaying = {"depth": 0}
_untrimmed = {"depth": 0}
_counting = {"depth": 0}


@contextlib.contextmanager
def untrimmed() -> Iterator[None]:
    """Records are added but none dropped while the block runs (a transaction, so that
    undoing it only has to cut what it added; the next write drops what is due)."""
    _untrimmed["depth"] += 1
    try:
        yield
    finally:
        _untrimmed["depth"] -= 1


@contextlib.contextmanager
def replaying() -> Iterator[None]:
    """No stream records while the block runs (the store's start-up replay)."""
    _replaying["depth"] += 1
    try:
        yield
    finally:
        _replaying["depth"] -= 1


@contextlib.contextmanager
def counting() -> Iterator[None]:
    """While replaying, each record a write would make moves its shard's numbering on."""
    _counting["depth"] += 1
    try:
        yield
    finally:
        _counting["depth"] -= 1


def count_replayed(shard: StreamShard | None, records: int = 1) -> None:
    """A replayed write made `records` records before the restart (bulk_load's writes)."""
    if shard is not None and _replaying["depth"] and _counting["depth"]:
        shard.starting_sequence_number += records


class ExpiredIterator(JsonRESTError):
    def __init__(self) -> None:
        super().__init__(
            "ExpiredIteratorException",
            "The shard iterator has expired or is unknown; get a new one.",
        )


class ShardNotFound(JsonRESTError):
    def __init__(self, shard_id: str) -> None:
        super().__init__("ResourceNotFoundException", f"Requested resource not found: {shard_id}")


class TrimmedDataAccess(JsonRESTError):
    def __init__(self) -> None:
        super().__init__(
            "TrimmedDataAccessException",
            "The requested records were trimmed: streams keep 24 hours of records.",
        )


def trim(shard: StreamShard, now: dt.datetime) -> int:
    """Remove the records older than RETENTION; how many went."""
    horizon = now - RETENTION
    expired = 0
    for record in shard.items:
        if record.record["dynamodb"]["ApproximateCreationDateTime"] >= horizon:
            break
        expired += 1
    if expired:
        del shard.items[:expired]
        shard.starting_sequence_number += expired
    return expired


def install() -> Callable[[], None]:
    original_add, original_get = StreamShard.add, StreamShard.get
    backend = DynamoDBStreamsBackend
    original_records, original_iterator = backend.get_records, backend.get_shard_iterator

    def add(self: StreamShard, old: Any, new: Any) -> None:
        if _replaying["depth"]:
            if _counting["depth"]:
                self.starting_sequence_number += 1
            return
        original_add(self, old, new)
        if not _untrimmed["depth"]:
            trim(self, utcnow())

    def get(self: StreamShard, start: int, quantity: int) -> list[dict[str, Any]]:
        if start < self.starting_sequence_number:
            raise TrimmedDataAccess()
        return original_get(self, start, quantity)

    def get_records(self: DynamoDBStreamsBackend, iterator_arn: str, limit: int) -> Any:
        if iterator_arn not in self.shard_iterators:
            raise ExpiredIterator()
        return original_records(self, iterator_arn, limit)

    def get_shard_iterator(
        self: DynamoDBStreamsBackend, arn: str, shard_id: str, *args: Any, **kwargs: Any
    ) -> Any:
        shard = self._get_table_from_arn(arn).stream_shard
        if shard is None or shard.id != shard_id:
            raise ShardNotFound(shard_id)
        return original_iterator(self, arn, shard_id, *args, **kwargs)

    StreamShard.add = add  # type: ignore[method-assign]
    StreamShard.get = get  # type: ignore[method-assign]
    backend.get_records = get_records  # type: ignore[method-assign]
    backend.get_shard_iterator = get_shard_iterator  # type: ignore[method-assign]

    def uninstall() -> None:
        StreamShard.add, StreamShard.get = original_add, original_get  # type: ignore[method-assign]
        backend.get_records = original_records  # type: ignore[method-assign]
        backend.get_shard_iterator = original_iterator  # type: ignore[method-assign]

    return uninstall
