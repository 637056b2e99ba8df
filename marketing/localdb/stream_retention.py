"""Drop stream records after 24 hours, as DynamoDB Streams does.

moto keeps every stream record (each holding full copies of the old and new item) for as
long as the process lives, so a long-running embedded server grows by every write it
ever took. Records older than the retention period are cut from the head of the shard
and its starting sequence number moves past them, so sequence numbers keep counting up
and TRIM_HORIZON iterators start at the oldest record kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from moto.core.utils import utcnow
from moto.dynamodb.models.table import StreamShard

RETENTION = dt.timedelta(hours=24)


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
    original = StreamShard.add

    def add(self: StreamShard, old: Any, new: Any) -> None:
        original(self, old, new)
        trim(self, utcnow())

    StreamShard.add = add  # type: ignore[method-assign]

    def uninstall() -> None:
        StreamShard.add = original  # type: ignore[method-assign]

    return uninstall
