"""The stores' freshness counters: how many stores, and when their latest profile was made.

Counters in the stores table, partition `STATS#STORES`, each `{count}`:
- `TOTAL`: stores (one latest profile each);
- `SCRAPED#<YYYY-MM-DDTHH>`: stores whose latest profile was scraped in that hour (UTC).

A new profile moves its store from the old hour to the new one in the transaction that
writes it (stores.services); deleting a store takes it off. The overview's "stores scraped
within 7 days" reads the hours since the cut-off (one Query) and the total: exact to the
hour, whatever the number of stores. `rebuild_aggregates` recounts from the directory.
"""

from collections.abc import Iterable

from marketing.dynamo import keys
from marketing.dynamo.client import ClientMode
from marketing.dynamo.counters import CounterItem, CounterRepository, Deltas, hour_key
from marketing.dynamo.tables import STORES
from marketing.dynamo.transactions import TransactAction
from stores.domain import StoreProfile, StoreRow

PARTITION = keys.STORES_STATS
TOTAL = "TOTAL"
SCRAPED = "SCRAPED#"


class StoreCounter(CounterItem):
    count: int = 0


class StoreCounterRepository(CounterRepository[StoreCounter]):
    spec = STORES
    model = StoreCounter
    partition = PARTITION


def deltas_for(changes: Iterable[tuple[StoreRow | StoreProfile | None, ...]]) -> Deltas:
    deltas = Deltas()
    for before, after in changes:
        for latest, step in ((before, -1), (after, 1)):
            if latest is not None:
                deltas.add(TOTAL, {"count": step})
                deltas.add(hour_key(SCRAPED, latest.scraped_at), {"count": step})
    return deltas


def shift_actions(
    before: StoreRow | StoreProfile | None,
    after: StoreRow | StoreProfile | None,
    *,
    actor: str,
    mode: ClientMode = "interactive",
) -> list[TransactAction]:
    """Counter actions for a store whose latest profile goes from `before` to `after`
    (None: the store is new, or deleted)."""
    return StoreCounterRepository(mode=mode).actions(deltas_for([(before, after)]), actor=actor)


def recount(latest_profiles: Iterable[StoreRow]) -> list[StoreCounter]:
    deltas = deltas_for((None, row) for row in latest_profiles)
    return [StoreCounter(counter=key, **amounts) for key, amounts, _ in deltas.items()]
