"""Maintained aggregates: counter items moved by ADD in the same transaction as each change.

A table's counters live in one partition, `STATS#<NAME>`, one item per counter key (the
sort key): `STATS#MATCHES` / `STAGE#ACCEPTED` holds `count`, and so on. A write that
changes what a counter counts adds its counter actions to its own transaction, so the
figures are never behind the data and a failed write moves no counter. Dashboards read the
partition with one Query per key range instead of counting the data; a rebuild command
recomputes every counter from the tables (`replace_all`) when a count drifted or the data
was loaded in bulk.

Deltas from several changes (a campaign completing its matches) are merged first: a
transaction may touch an item only once, and a delta that sums to zero writes nothing.
"""

import datetime as dt
from collections.abc import Iterable
from typing import ClassVar, TypeVar

from pydantic import Field

from marketing.dynamo.expressions import SortKey
from marketing.dynamo.models import DynamoModel
from marketing.dynamo.repository import Repository
from marketing.dynamo.transactions import TransactAction

# A dashboard's key range holds at most a few hundred counters (hours of a week, days of
# a month); one page of this size reads any of them in one request.
RANGE_LIMIT = 1000
RANGE_END = "~"  # sorts after every key character used in counter keys


class CounterItem(DynamoModel):
    """One counter item; subclasses add their int fields (top level: ADD needs that)."""

    counter: str = Field(alias="SK")  # the item's sort key: `STAGE#ACCEPTED`
    ttl: int | None = None  # set on counters that stop mattering (a day that is over)


C = TypeVar("C", bound=CounterItem)


class Deltas:
    """Counter changes gathered from any number of item changes, merged per counter."""

    def __init__(self):
        self._amounts: dict[str, dict[str, int]] = {}
        self._initial: dict[str, dict] = {}

    def add(self, counter: str, amounts: dict[str, int], *, initial: dict | None = None):
        merged = self._amounts.setdefault(counter, {})
        for field, amount in amounts.items():
            merged[field] = merged.get(field, 0) + int(amount)
        if initial:
            self._initial.setdefault(counter, {}).update(initial)
        return self

    def items(self) -> list[tuple[str, dict[str, int], dict]]:
        """(counter, non-zero amounts, initial attributes) of every counter that moves."""
        found = []
        for counter, amounts in self._amounts.items():
            moving = {field: amount for field, amount in amounts.items() if amount}
            if moving:
                found.append((counter, moving, self._initial.get(counter, {})))
        return found

    def __bool__(self) -> bool:
        return bool(self.items())


class CounterRepository(Repository[C]):
    """The counters of one table: `partition` is the PK of every counter item."""

    partition: ClassVar[str]

    def keys_for(self, item: C) -> dict[str, str]:
        return {"PK": self.partition, "SK": item.counter}

    def actions(self, deltas: Deltas, *, actor: str) -> list[TransactAction]:
        """One ADD action per counter that moves, to go in the transaction of the change."""
        return [
            self.increment_action(
                self.partition,
                counter,
                amounts,
                actor=actor,
                initial=initial,
            )
            for counter, amounts, initial in deltas.items()
        ]

    def read_prefix(self, prefix: str) -> list[C]:
        """Every counter whose key begins with `prefix` (one Query)."""
        return self._read(SortKey.begins_with(prefix))

    def read_from(self, first: str, prefix: str) -> list[C]:
        """The counters from key `first` to the end of `prefix`'s keys (one Query)."""
        return self._read(SortKey.between(first, prefix + RANGE_END))

    def read_between(self, first: str, last: str) -> list[C]:
        """The counters whose keys sort from `first` to `last`: counters of several
        prefixes that sort next to each other, in one Query (a page holds 1,000)."""
        return self._read(SortKey.between(first, last))

    def read_one(self, counter: str) -> C | None:
        found = self._read(SortKey.eq(counter))
        return found[0] if found else None

    def _read(self, condition: SortKey) -> list[C]:
        found, cursor = [], None
        while True:
            page = self.query(
                partition_key_value=self.partition,
                sk_condition=condition,
                limit=RANGE_LIMIT,
                cursor=cursor,
            )
            found += page.items
            cursor = page.next_cursor
            if cursor is None:
                return found

    def all(self) -> list[C]:
        """Every counter of the partition, page by page (commands only)."""
        found, cursor = [], None
        while True:
            page = self.query(partition_key_value=self.partition, cursor=cursor, limit=500)
            found += page.items
            if not page.next_cursor:
                return found
            cursor = page.next_cursor

    def replace_all(self, items: Iterable[C], *, actor: str) -> tuple[int, int]:
        """Write counts recomputed from the tables and delete every other counter of the
        partition (idempotent: a second run writes the same); (written, deleted)."""
        wanted = {item.counter: item for item in items}
        stale = [(self.partition, old.counter) for old in self.all() if old.counter not in wanted]
        self.batch_write(put_items=wanted.values(), delete_keys=stale, actor=actor)
        return len(wanted), len(stale)


def hour_key(prefix: str, moment: dt.datetime) -> str:
    """`<prefix><YYYY-MM-DDTHH>`: the UTC hour of `moment`, for counters by the hour."""
    return f"{prefix}{moment.astimezone(dt.UTC):%Y-%m-%dT%H}"
