"""Drop stream records after 24 hours, as DynamoDB Streams does.

moto keeps every stream record (each holding full copies of the old and new item) for as
long as the process lives, so a long-running embedded server grows by every write it
ever took. Records older than the retention period are cut from the head of the shard
and its starting sequence number moves past them, so sequence numbers keep counting up
and TRIM_HORIZON iterators start at the oldest record kept. An iterator that still
points at a dropped record gets DynamoDB's TrimmedDataAccessException (moto failed an
assertion there: a 500).

While the store replays its snapshot and journal at start-up no record is made: the
tables, and so their streams, are created anew by that replay (new stream labels), and
records of writes made before the restart would be copies read back, not the changes a
consumer saw happen. A restarted server's streams start empty.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

from moto.core.exceptions import JsonRESTError
from moto.core.utils import utcnow
from moto.dynamodb.models.table import StreamShard

RETENTION = dt.timedelta(hours=24)
_replaying = {"depth": 0}
_untrimmed = {"depth": 0}


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

    def add(self: StreamShard, old: Any, new: Any) -> None:
        if _replaying["depth"]:
            return
        original_add(self, old, new)
        if not _untrimmed["depth"]:
            trim(self, utcnow())

    def get(self: StreamShard, start: int, quantity: int) -> list[dict[str, Any]]:
        if start < self.starting_sequence_number:
            raise TrimmedDataAccess()
        return original_get(self, start, quantity)

    StreamShard.add = add  # type: ignore[method-assign]
    StreamShard.get = get  # type: ignore[method-assign]

    def uninstall() -> None:
        StreamShard.add, StreamShard.get = original_add, original_get  # type: ignore[method-assign]

    return uninstall
