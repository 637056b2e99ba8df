"""Answer Query from sorted partitions instead of reading every item of the table.

moto answers a Query by reading every item of the table, keeping the partition's, sorting
them and walking the sorted list: a 20-item page cost 8-11 ms at 1,000 items and 112-128
ms at 20,000. Here every table keeps, for its primary key and for each secondary index,
partition value -> entries sorted exactly as moto sorts them, kept up to date on every
write. A Query then hands moto's own query only the items that can change its answer:
those of the page (past ExclusiveStartKey, inside the key condition, up to Limit) and the
one after them, which is what makes moto set LastEvaluatedKey. moto sorts, pages, filters,
projects and counts those as it would have the whole table, so its answer is unchanged
(a differential test holds it to that), at O(log n + items read).

Why the narrowed list gives moto's answer: moto skips the items up to ExclusiveStartKey
(dropped here), then walks the rest, stopping with LastEvaluatedKey at the first item
reached after Limit matches, or when the next item would take the page past 1 MB. Items
before the first match cannot stop it (the page is still empty), so they are dropped; the
walk ends at the item after the Limit-th match, so one item past the page is kept. When the
matches run out first, the items after them only matter if one could take the page past
1 MB: they are kept when the page is within an item's size (405,000) of that.

Only what the index answers exactly is narrowed: one HASH and at most one RANGE key, key
values of the types the table declares (an item with another type in an index key marks
that index irregular until it goes), the key-condition operators moto knows. Anything else
(legacy QueryFilter, multi-attribute keys, mismatched types) goes to moto unchanged.

The indexes are kept on the table object, each filled from the table's items when first
needed: by a query on it, or by the store, one index at a time, once it serves after
start-up (a restart does not wait for them). Writes file items only in indexes filled so
far. Copies of a table (backups, moto's own transaction undo copy) carry none. Entries
hold the items moto holds, never anything that points back at them: no reference cycles
for the collector (heap.py).
"""

from __future__ import annotations

import bisect
import contextlib
import copy
import operator
from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from moto.dynamodb.models import DynamoDBBackend, dynamodb_backends
from moto.dynamodb.models import table as table_module
from moto.dynamodb.models.dynamo_type import DynamoType, Item
from moto.dynamodb.models.table import RESULT_SIZE_LIMIT, GlobalSecondaryIndex, Table

from .item_size import ITEM_SIZE_LIMIT
from .stored_items import UNKNOWN, put_key, stored, update_key

ATTR = "_localdb_query_index"  # where a table keeps its TableIndexes
KEY_TYPES = frozenset({"S", "N", "B"})
RANGE_OPERATORS = frozenset({"=", "<", "<=", ">", ">=", "BETWEEN", "BEGINS_WITH"})

_first = operator.itemgetter(0)

# installed: how many times install() ran, and whether it is in place. Indexes remember
# the count they were built under: writes made while uninstalled were not filed, so an
# index from before is never trusted again.
_state = {"bypass": 0, "suspended": 0, "generation": 0, "installed": False}


def _tail(entry: tuple) -> tuple:
    return entry[:-1]


class Irregular(Exception):
    """A key value the index cannot order as moto would (another type than declared)."""


def _string(value: DynamoType | None) -> str:
    if value is not None and value.type == "S" and type(value.value) is str:
        return value.value
    raise Irregular


def _binary(value: DynamoType | None) -> bytes:
    if value is not None and value.type == "B" and type(value.value) is bytes:
        return value.value
    raise Irregular


def _number(value: DynamoType | None) -> Decimal:
    if value is not None and value.type == "N" and type(value.value) is str:
        try:
            number = Decimal(value.value)
        except InvalidOperation:
            raise Irregular from None
        if number.is_finite():
            return number
    raise Irregular


CASTS: dict[str, Callable[[DynamoType | None], Any]] = {"S": _string, "N": _number, "B": _binary}


def cast(value: DynamoType | None, declared: str) -> Any:
    """The value moto compares (`cast_value`), for a key of the declared type; raises
    Irregular for a value of another type (or none)."""
    return CASTS[declared](value)


class KeyIndex:
    """One key (the table's, or a secondary index's): partition -> sorted entries.

    An entry is the tuple of the values moto sorts a partition by, then the item.
    """

    __slots__ = (
        "from_attrs",
        "hash_attr",
        "hash_cast",
        "irregular",
        "partitions",
        "range_attr",
        "sort_attrs",
        "sort_casts",
        "types",
    )

    def __init__(
        self,
        hash_attr: str,
        range_attr: str | None,
        sort_attrs: list[str],
        types: dict[str, str],
        *,
        from_attrs: bool,
    ):
        self.hash_attr = hash_attr
        self.range_attr = range_attr  # the attribute a key condition's range part is on
        self.sort_attrs = sort_attrs  # within a partition, in moto's order
        self.types = types
        self.from_attrs = from_attrs  # secondary indexes read attributes, the table its keys
        self.hash_cast = CASTS[types[hash_attr]]
        self.sort_casts = [(name, CASTS[types[name]]) for name in sort_attrs]
        self.partitions: dict[Any, list[tuple]] = {}
        self.irregular = 0

    def locate(self, item: Item) -> tuple[Any, tuple] | None:
        """(partition, entry) of an item; None when the index does not hold it (a sparse
        index and an item without its keys). Raises Irregular."""
        if not self.from_attrs:
            if self.range_attr is None:
                return self.hash_cast(item.hash_key), (item,)
            return self.hash_cast(item.hash_key), (self.sort_casts[0][1](item.range_key), item)
        attrs = item.attrs
        hash_value = attrs.get(self.hash_attr)
        if hash_value is None:
            return None
        if self.range_attr is not None and self.range_attr not in attrs:
            return None
        entry = [to_key(attrs.get(name)) for name, to_key in self.sort_casts]
        entry.append(item)
        return self.hash_cast(hash_value), tuple(entry)

    def add(self, item: Item) -> None:
        try:
            found = self.locate(item)
        except Irregular:
            self.irregular += 1
            return
        if found is not None:
            partition, entry = found
            entries = self.partitions.get(partition)
            if entries is None:
                self.partitions[partition] = [entry]
            else:
                bisect.insort(entries, entry, key=_tail)

    def discard(self, item: Item) -> bool:
        """Remove an item, unchanged since it was added; False if it is not where it was put."""
        try:
            found = self.locate(item)
        except Irregular:
            self.irregular -= 1
            return True
        if found is None:
            return True
        partition, entry = found
        entries = self.partitions.get(partition)
        if entries is None:
            return False
        at = bisect.bisect_left(entries, entry[:-1], key=_tail)
        if at == len(entries) or entries[at][-1] is not item:
            return False
        del entries[at]
        if not entries:
            del self.partitions[partition]
        return True

    def load(self, items: list[Item]) -> None:
        """Fill an empty index: append everything, then sort each partition once."""
        locate, partitions = self.locate, self.partitions
        for item in items:
            try:
                found = locate(item)
            except Irregular:
                self.irregular += 1
                continue
            if found is not None:
                entries = partitions.get(found[0])
                if entries is None:
                    partitions[found[0]] = [found[1]]
                else:
                    entries.append(found[1])
        for entries in self.partitions.values():
            entries.sort()  # entries differ before their items: an item's key is in each


class TableIndexes:
    """Every KeyIndex of one table, and what they were built from."""

    def __init__(self, table: Table):
        # What the indexes mirror: a table given new items (a restore) or new indexes
        # (UpdateTable) no longer matches and builds them again.
        self.items = table.items
        self.global_indexes = table.global_indexes
        self.local_indexes = table.indexes
        self.attr = table.attr
        self.generation = _state["generation"]
        self.broken = False
        types = {d["AttributeName"]: d["AttributeType"] for d in table.attr}
        self.base = _table_key(table, types)
        self.secondary: dict[str, KeyIndex | None] = {
            index.name: _secondary_key(table, index, types) for index in table.all_indexes()
        }
        self.keys = [k for k in (self.base, *self.secondary.values()) if k is not None]
        # Each index is filled when first needed (a query on it, or the store's warm-up
        # after start-up); writes file items in those filled so far.
        self.built: list[KeyIndex] = []
        self.has_range = table.range_key_attr is not None

    def ready(self, key: KeyIndex) -> KeyIndex:
        """The key's index, filled from the table's items if it was not yet."""
        if key not in self.built:
            key.load(_items(self.items, has_range=self.has_range))
            self.built.append(key)
        return key

    def unbuilt(self) -> list[KeyIndex]:
        return [key for key in self.keys if key not in self.built]

    def mirrors(self, table: Table) -> bool:
        return (
            not self.broken
            and self.generation == _state["generation"]
            and self.items is table.items
            and self.global_indexes is table.global_indexes
            and self.local_indexes is table.indexes
            and self.attr is table.attr
        )

    def add(self, item: Item) -> None:
        for key in self.built:
            key.add(item)

    def discard(self, item: Item) -> None:
        for key in self.built:
            if not key.discard(item):
                self.broken = True

    def __deepcopy__(self, memo: dict) -> None:
        # A copied table (a backup, a transaction's undo copy) builds its own when queried.
        return None


def _table_key(table: Table, types: dict[str, str]) -> KeyIndex | None:
    attrs = [table.hash_key_attr] + ([table.range_key_attr] if table.range_key_attr else [])
    if any(types.get(a) not in KEY_TYPES for a in attrs):
        return None
    return KeyIndex(
        table.hash_key_attr,
        table.range_key_attr,
        attrs[1:],
        types,
        from_attrs=False,
    )


def _secondary_key(table: Table, index: Any, types: dict[str, str]) -> KeyIndex | None:
    """The index's KeyIndex, sorting its partitions as moto's query does; None when the
    index has a key the narrowing does not handle (queries on it go to moto as they are)."""
    hashes = [k["AttributeName"] for k in index.schema if k["KeyType"] == "HASH"]
    ranges = [k["AttributeName"] for k in index.schema if k["KeyType"] == "RANGE"]
    if len(hashes) != 1 or len(ranges) > 1:
        return None
    if ranges:
        range_attrs: list[str | None] = [ranges[0], table.range_key_attr]
    elif isinstance(index, GlobalSecondaryIndex) and table.range_key_attr:
        range_attrs = [table.range_key_attr, table.range_key_attr]
    else:
        range_attrs = [table.hash_key_attr, table.range_key_attr]
    order = table._generate_attr_to_sort_by([hashes[0], table.hash_key_attr], range_attrs)
    if order[0] != hashes[0] or any(types.get(a) not in KEY_TYPES for a in order):
        return None
    return KeyIndex(hashes[0], ranges[0] if ranges else None, order[1:], types, from_attrs=True)


def _items(items: dict, *, has_range: bool) -> list[Item]:
    """Every item of a table's items (moto's defaultdict; hash -> {range -> item} or
    hash -> item)."""
    if has_range:
        return [item for partition in items.values() for item in partition.values()]
    return [item for item in items.values() if isinstance(item, Item)]


def attach(table: Table) -> TableIndexes:
    """New, unfilled indexes for the table."""
    indexes = TableIndexes(table)
    table.__dict__[ATTR] = indexes
    return indexes


def live(table: Table) -> TableIndexes | None:
    """The table's indexes if they are up to date (a stale set is dropped)."""
    indexes = table.__dict__.get(ATTR)
    if indexes is None:
        return None
    if not indexes.mirrors(table):
        table.__dict__[ATTR] = None
        return None
    return indexes


def replaced(table: Table, old: Item | None, new: Item | None) -> None:
    """File a change made to table.items outside moto's write paths (a rolled-back
    transaction puts items back)."""
    indexes = live(table)
    if indexes is None:
        return
    if old is not None:
        indexes.discard(old)
    if new is not None:
        indexes.add(new)


def unbuilt() -> list[tuple[Table, TableIndexes, KeyIndex]]:
    """Every index of every table (in every account and region) not filled yet, when
    installed: what the store fills after start-up, one at a time."""
    pending: list[tuple[Table, TableIndexes, KeyIndex]] = []
    if not _state["installed"]:
        return pending
    for account in dict.values(dynamodb_backends):
        for backend in dict.values(account):
            for table in list(backend.tables.values()):
                indexes = live(table) or attach(table)
                pending += [(table, indexes, key) for key in indexes.unbuilt()]
    return pending


def fill(table: Table, indexes: TableIndexes, key: KeyIndex) -> bool:
    """Fill one index found by unbuilt() if it still belongs to the table; False if not."""
    if live(table) is not indexes:
        return False
    indexes.ready(key)
    return True


# --- narrowing a query ----------------------------------------------------------------


def _range_bounds(
    entries: list[tuple], comparison: str | None, values: list[Any]
) -> tuple[int, int]:
    """[lo, hi): the entries whose first sort value meets the key condition's range part."""
    if comparison is None:
        return 0, len(entries)
    if comparison == "=":
        return (
            bisect.bisect_left(entries, values[0], key=_first),
            bisect.bisect_right(entries, values[0], key=_first),
        )
    if comparison == "<":
        return 0, bisect.bisect_left(entries, values[0], key=_first)
    if comparison == "<=":
        return 0, bisect.bisect_right(entries, values[0], key=_first)
    if comparison == ">":
        return bisect.bisect_right(entries, values[0], key=_first), len(entries)
    if comparison == ">=":
        return bisect.bisect_left(entries, values[0], key=_first), len(entries)
    if comparison == "BETWEEN":
        lo = bisect.bisect_left(entries, values[0], key=_first)
        return lo, max(lo, bisect.bisect_right(entries, values[1], key=_first))
    # BEGINS_WITH: the values starting with a prefix sort together, from the prefix up to
    # the prefix with its last character (byte) raised by one.
    prefix = values[0]
    lo = bisect.bisect_left(entries, prefix, key=_first)
    above = _successor(prefix)
    hi = len(entries) if above is None else bisect.bisect_left(entries, above, key=_first)
    return lo, hi


def _successor(prefix: str | bytes) -> str | bytes | None:
    """The least value above every value that starts with prefix (None: there is none)."""
    if isinstance(prefix, bytes):
        stripped = prefix.rstrip(b"\xff")
        if not stripped:
            return None
        return stripped[:-1] + bytes([stripped[-1] + 1])
    stripped = prefix.rstrip("\U0010ffff")
    if not stripped:
        return None
    return stripped[:-1] + chr(ord(stripped[-1]) + 1)


class Unsupported(Exception):
    """The query is one the index does not narrow exactly; moto answers it in full."""


def _cast_or_refuse(value: Any, declared: str) -> Any:
    try:
        return cast(value if isinstance(value, DynamoType) else DynamoType(value), declared)
    except Exception:  # Irregular, or not an attribute value at all
        raise Unsupported from None


def candidates(
    table: Table,
    indexes: TableIndexes,
    *,
    index_name: str | None,
    hash_key_conditions: list[tuple[str, DynamoType]] | None,
    range_key_conditions: list[tuple[str, str, list[DynamoType]]] | None,
    limit: Any,
    exclusive_start_key: Any,
    forward: bool,
) -> list[Item]:
    """The items moto's query needs to give its full answer. Raises Unsupported."""
    key = indexes.base if index_name is None else indexes.secondary.get(index_name)
    if key is None:
        raise Unsupported
    indexes.ready(key)
    if key.irregular:
        raise Unsupported
    if limit is not None and (type(limit) is not int or limit < 1):
        raise Unsupported
    if not hash_key_conditions or len(hash_key_conditions) != 1:
        raise Unsupported
    hash_name, hash_value = hash_key_conditions[0]
    if hash_name != key.hash_attr:
        raise Unsupported
    partition_value = _cast_or_refuse(hash_value, key.types[key.hash_attr])

    comparison, bounds = None, []
    if range_key_conditions:
        if len(range_key_conditions) != 1 or key.range_attr is None:
            raise Unsupported
        range_name, comparison, range_values = range_key_conditions[0]
        declared = key.types[key.range_attr]
        expected = 2 if comparison == "BETWEEN" else 1
        if (
            range_name != key.range_attr
            or comparison not in RANGE_OPERATORS
            or len(range_values) != expected
            or (comparison == "BEGINS_WITH" and declared == "N")
        ):
            raise Unsupported
        bounds = [_cast_or_refuse(v, declared) for v in range_values]

    entries = key.partitions.get(partition_value, [])
    size = len(entries)
    lo, hi = _range_bounds(entries, comparison, bounds)
    # The part of the partition moto walks after skipping up to ExclusiveStartKey:
    # [start, size) going forward, [0, end) going backward.
    start, end = 0, size
    if exclusive_start_key is not None:
        start, end = _after_start_key(key, entries, partition_value, exclusive_start_key, forward)

    if forward:
        first, last = max(lo, start), hi
        if first >= last:
            return []
        if limit is not None and last - first >= limit:
            page = entries[first : first + limit + 1]  # and the item after the page
            return [entry[-1] for entry in page]
        matches = entries[first:last]
        beyond = entries[last:] if _may_overflow(matches) else []
    else:
        first, last = lo, min(hi, end)
        if first >= last:
            return []
        if limit is not None and last - first >= limit:
            page = entries[max(0, last - limit - 1) : last]
            return [entry[-1] for entry in page]
        matches = entries[first:last]
        beyond = entries[:first] if _may_overflow(matches) else []
    return [entry[-1] for entry in matches] + [entry[-1] for entry in beyond]


def _may_overflow(matches: list[tuple]) -> bool:
    """Could an item after these take moto's page past its 1 MB limit?"""
    if (len(matches) + 1) * ITEM_SIZE_LIMIT <= RESULT_SIZE_LIMIT:
        return False
    return sum(entry[-1].size() for entry in matches) + ITEM_SIZE_LIMIT > RESULT_SIZE_LIMIT


def _after_start_key(
    key: KeyIndex, entries: list[tuple], partition_value: Any, start_key: Any, forward: bool
) -> tuple[int, int]:
    """Where moto's walk resumes after ExclusiveStartKey: it compares items with the key
    attribute by attribute in its sort order (the index's partition key first) and skips
    those that come before the key or equal it."""
    if not isinstance(start_key, dict):
        raise Unsupported
    values = []
    for name in [key.hash_attr, *key.sort_attrs]:
        if name not in start_key:
            raise Unsupported
        values.append(_cast_or_refuse(start_key[name], key.types[name]))
    size = len(entries)
    if values[0] != partition_value:
        # Another partition's key: the whole partition comes before it, or none of it.
        skipped_all = (values[0] > partition_value) == forward
        if not skipped_all:
            return 0, size
        return (size, size) if forward else (0, 0)
    tail = tuple(values[1:])
    if forward:
        return bisect.bisect_right(entries, tail, key=_tail), size
    return 0, bisect.bisect_left(entries, tail, key=_tail)


# --- hooks ------------------------------------------------------------------------------


class _ResultsShared:
    """Stands in for the copy module in moto's table module while a narrowed query runs.

    moto deep-copies the items of a page before answering, a fifth of a 20-item page's
    time, though nothing after changes them: the index's projection makes new items (or,
    for ALL, passes them on), the filter reads them, ProjectionExpression makes new items,
    and the response is built from new dicts. The copy is the only use of the module in
    moto's query; a shallow list is what it then gets.
    """

    deepcopy = staticmethod(list)


@contextlib.contextmanager
def bypassed() -> Iterator[None]:
    """moto's own query, reading every item (the differential test's reference)."""
    _state["bypass"] += 1
    try:
        yield
    finally:
        _state["bypass"] -= 1


@contextlib.contextmanager
def _refiled(table: Table, key: Any, *, changed_in_place: bool) -> Iterator[None]:
    """File the item under key again once the block is done, however it ended.

    An item replaced or removed is still as it was filed. One changed in place (update)
    is taken out first, while its keys are still the ones it was filed under."""
    indexes = None if _state["suspended"] else live(table)
    if indexes is None:
        yield
        return
    if key is UNKNOWN:
        try:
            yield
        finally:
            indexes.broken = True  # cannot tell which item changed: build again when queried
        return
    before = stored(table, *key)
    if changed_in_place and before is not None:
        indexes.discard(before)
    _state["suspended"] += 1  # a put or delete inside (update's new item) is filed here
    try:
        yield
    finally:
        _state["suspended"] -= 1
        after = stored(table, *key)
        if changed_in_place:
            if after is not None:
                indexes.add(after)
        elif after is not before:
            if before is not None:
                indexes.discard(before)
            if after is not None:
                indexes.add(after)


def install() -> Callable[[], None]:
    originals = (Table.query, Table.put_item, Table.delete_item, DynamoDBBackend.update_item)
    original_query, original_put, original_delete, original_update = originals

    def query(self: Table, *args: Any, **kwargs: Any) -> Any:
        if _state["bypass"]:
            return original_query(self, *args, **kwargs)
        try:
            narrowed = _narrow(self, *args, **kwargs)
        except Unsupported:
            return original_query(self, *args, **kwargs)
        # moto's query reads the table through all_items(): give it the narrowed list.
        self.__dict__["all_items"] = narrowed.copy
        table_module.copy = _ResultsShared
        try:
            return original_query(self, *args, **kwargs)
        finally:
            table_module.copy = copy
            del self.__dict__["all_items"]

    def put_item(self: Table, item_attrs: Any, *args: Any, **kwargs: Any) -> Item:
        with _refiled(self, put_key(self, item_attrs), changed_in_place=False):
            return original_put(self, item_attrs, *args, **kwargs)

    def delete_item(self: Table, hash_key: Any, range_key: Any) -> Item | None:
        with _refiled(self, (hash_key, range_key), changed_in_place=False):
            return original_delete(self, hash_key, range_key)

    def update_item(self: DynamoDBBackend, table_name: str, key: Any, *args: Any, **kwargs: Any):
        try:
            table = self.get_table(table_name)
        except Exception:
            return original_update(self, table_name, key, *args, **kwargs)
        with _refiled(table, update_key(table, key), changed_in_place=True):
            return original_update(self, table_name, key, *args, **kwargs)

    _state["generation"] += 1
    _state["installed"] = True
    Table.query = query  # type: ignore[method-assign]
    Table.put_item = put_item  # type: ignore[method-assign]
    Table.delete_item = delete_item  # type: ignore[method-assign]
    DynamoDBBackend.update_item = update_item  # type: ignore[method-assign]

    def uninstall() -> None:
        _state["generation"] += 1
        _state["installed"] = False
        Table.query, Table.put_item, Table.delete_item = originals[:3]  # type: ignore[method-assign]
        DynamoDBBackend.update_item = original_update  # type: ignore[method-assign]

    return uninstall


def _narrow(
    table: Table,
    hash_key: Any,
    range_comparison: Any,
    range_objs: Any,
    limit: Any,
    exclusive_start_key: Any,
    scan_index_forward: Any,
    projection_expressions: Any,
    index_name: str | None = None,
    consistent_read: bool = False,
    filter_expression: Any = None,
    hash_key_conditions: Any = None,
    range_key_conditions: Any = None,
    **filter_kwargs: Any,
) -> list[Item]:
    if filter_kwargs or scan_index_forward not in (True, False):
        raise Unsupported  # legacy QueryFilter / KeyConditions on other attributes
    indexes = live(table) or attach(table)
    return candidates(
        table,
        indexes,
        index_name=index_name,
        hash_key_conditions=hash_key_conditions,
        range_key_conditions=range_key_conditions,
        limit=limit,
        exclusive_start_key=exclusive_start_key,
        forward=scan_index_forward,
    )
