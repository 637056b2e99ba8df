"""The stream consumer's lag, as far as its checkpoint tells.

`consume_streams` (the audit trail) keeps its position per shard in a checkpoint of its
own. The health report does not read that store directly: the consumer registers a
reader here (`register(reader)`, e.g. from its AppConfig.ready) returning a
`ConsumerLag`, or None while it has no checkpoint yet. No reader registered, or none with
a checkpoint: the report says "no consumer".
"""

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ConsumerLag:
    checkpointed_at: dt.datetime  # when the consumer last saved its position
    # The creation time of the oldest record it has not processed yet (None: unknown, or
    # none: see caught_up).
    last_record_at: dt.datetime | None
    shards: int
    caught_up: bool = False  # every shard read to its end

    def lag_seconds(self, now: dt.datetime) -> float:
        """How far behind the consumer is: 0 when caught up, else from the oldest record it
        has not processed (or, without one known, its last checkpoint) to now."""
        if self.caught_up:
            return 0.0
        since = self.last_record_at or self.checkpointed_at
        return max(0.0, (now - since).total_seconds())


LagReader = Callable[[], ConsumerLag | None]
_readers: list[LagReader] = []


def register(reader: LagReader) -> None:
    if reader not in _readers:
        _readers.append(reader)


def unregister(reader: LagReader) -> None:
    if reader in _readers:
        _readers.remove(reader)


def consumer_lag() -> ConsumerLag | None:
    for reader in list(_readers):
        try:
            lag = reader()
        except Exception:
            logger.warning("The stream consumer's checkpoint could not be read", exc_info=True)
            continue
        if lag is not None:
            return lag
    return None
