"""The creators' freshness counters: how many channels, and when each was last synced.

Counters in the creators table, partition `STATS#CREATORS`, each `{count}`:
- `TOTAL`: channels in the catalogue;
- `SYNCED#<YYYY-MM-DDTHH>`: channels whose figures were last synced (or entered) in that
  hour (UTC); a channel never synced counts in the total only.

Creating a channel, saving it with a new `syncedAt` and deleting it move them in the same
transaction (creators.services). The overview's "creators synced within a day" reads the
hours since the cut-off (one Query) and the total. `rebuild_aggregates` recounts.
"""

from collections.abc import Iterable

from creators.domain import CreatorChannel, CreatorRow
from marketing.dynamo import keys
from marketing.dynamo.client import ClientMode
from marketing.dynamo.counters import CounterItem, CounterRepository, Deltas, hour_key
from marketing.dynamo.tables import CREATORS
from marketing.dynamo.transactions import TransactAction

PARTITION = keys.CREATORS_STATS
TOTAL = "TOTAL"
SYNCED = "SYNCED#"

Channel = CreatorChannel | CreatorRow


class CreatorCounter(CounterItem):
    count: int = 0


class CreatorCounterRepository(CounterRepository[CreatorCounter]):
    spec = CREATORS
    model = CreatorCounter
    partition = PARTITION


def deltas_for(changes: Iterable[tuple[Channel | None, Channel | None]]) -> Deltas:
    deltas = Deltas()
    for before, after in changes:
        for channel, step in ((before, -1), (after, 1)):
            if channel is None:
                continue
            deltas.add(TOTAL, {"count": step})
            if channel.synced_at is not None:
                deltas.add(hour_key(SYNCED, channel.synced_at), {"count": step})
    return deltas


def shift_actions(
    before: Channel | None,
    after: Channel | None,
    *,
    actor: str,
    mode: ClientMode = "interactive",
) -> list[TransactAction]:
    """Counter actions for a channel going from `before` to `after` (None: new, deleted);
    none when its sync time stays."""
    return CreatorCounterRepository(mode=mode).actions(deltas_for([(before, after)]), actor=actor)


def deleted_actions(
    channels: Iterable[Channel], *, actor: str, mode: ClientMode = "interactive"
) -> list[TransactAction]:
    deltas = deltas_for((channel, None) for channel in channels)
    return CreatorCounterRepository(mode=mode).actions(deltas, actor=actor)


def recount(channels: Iterable[Channel]) -> list[CreatorCounter]:
    deltas = deltas_for((None, channel) for channel in channels)
    return [CreatorCounter(counter=key, **amounts) for key, amounts, _ in deltas.items()]
