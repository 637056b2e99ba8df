"""Build moto's items with one size check instead of one per attribute.

moto's LimitedSizeDict re-measures the whole item on every attribute it sets, so making
an item of n attributes measures it n times: O(n^2), about half of a put's time in moto
for the console's 20-30 attribute items. Sizes only grow while an item is built, so one
check of the finished item refuses exactly the items the per-attribute checks refused.
Later updates (UpdateItem) still go through moto's own per-attribute check.

`value_size` measures as `DynamoType.size` does, without building a new DynamoType for
every map value and set member on the way down (that took 0.2 ms of a 25-attribute item).

The size measured when an item is built is kept with it: moto's query measures every item
it returns twice (for its 1 MB page limit), a third of a 20-item page's time. Items change
in place only in update_item, which forgets the size of the item it updated; an item
without a kept size (a copy) is measured when asked, and keeps that.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from moto.dynamodb.exceptions import ItemSizeTooLarge
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.dynamo_type import DynamoType, Item, LimitedSizeDict
from moto.dynamodb.models.utilities import bytesize

from .stored_items import UNKNOWN, stored, update_key

# moto's own limit (DynamoDB's 400 KB, measured to sit between 409 and 410 KB).
ITEM_SIZE_LIMIT = 405000
SIZE = "_localdb_size"  # where an item keeps its size


_SET_MEMBERS = {"SS": "S", "NS": "N", "BS": "B"}


def value_size(value: DynamoType) -> int:
    """What ``value.size()`` returns."""
    kind, raw = value.type, value.value
    if kind == "N":
        return len(str(raw))
    member_kind = _SET_MEMBERS.get(kind)
    if member_kind is not None:
        return sum(_scalar_size(member_kind, member) for member in raw)
    if kind == "L":
        return sum(value_size(member) for member in raw)
    if kind == "M":
        return sum(bytesize(name) + value_size(member) for name, member in raw.items())
    return 1 if isinstance(raw, bool) else bytesize(raw)


def _scalar_size(kind: str, raw: Any) -> int:
    if kind == "N":
        return len(str(raw))
    return 1 if isinstance(raw, bool) else bytesize(raw)


def _init(self: Item, hash_key: DynamoType, range_key: DynamoType | None, attrs: dict) -> None:
    self.hash_key = hash_key
    self.range_key = range_key
    values = {key: DynamoType(value) for key, value in attrs.items()}
    size = sum(bytesize(key) + value_size(value) for key, value in values.items())
    if size > ITEM_SIZE_LIMIT:
        raise ItemSizeTooLarge
    self.attrs = LimitedSizeDict(values)  # its constructor does not re-check
    setattr(self, SIZE, size)


def item_size(self: Item) -> int:
    """What ``Item.size()`` returns, kept once measured."""
    size = self.__dict__.get(SIZE)
    if size is None:
        size = sum(bytesize(key) + value_size(value) for key, value in self.attrs.items())
        setattr(self, SIZE, size)
    return size


def _forget_size(backend: DynamoDBBackend, table_name: str, key: Any) -> None:
    try:
        table = backend.get_table(table_name)
    except Exception:
        return  # no such table: nothing was updated
    where = update_key(table, key)
    item = None if where is UNKNOWN else stored(table, *where)
    if item is not None:
        item.__dict__.pop(SIZE, None)


def install() -> Callable[[], None]:
    originals: Any = (Item.__init__, Item.size, DynamoDBBackend.update_item)
    original_update = originals[2]

    def update_item(self: DynamoDBBackend, table_name: str, key: Any, *args: Any, **kwargs: Any):
        try:
            return original_update(self, table_name, key, *args, **kwargs)
        finally:
            _forget_size(self, table_name, key)

    Item.__init__ = _init  # type: ignore[method-assign]
    Item.size = item_size  # type: ignore[method-assign]
    DynamoDBBackend.update_item = update_item  # type: ignore[method-assign]

    def uninstall() -> None:
        Item.__init__, Item.size, DynamoDBBackend.update_item = originals  # type: ignore[method-assign]

    return uninstall
