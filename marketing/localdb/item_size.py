"""Build moto's items with one size check instead of one per attribute.

moto's LimitedSizeDict re-measures the whole item on every attribute it sets, so making
an item of n attributes measures it n times: O(n^2), about half of a put's time in moto
for the console's 20-30 attribute items. Sizes only grow while an item is built, so one
check of the finished item refuses exactly the items the per-attribute checks refused.
Later updates (UpdateItem) still go through moto's own per-attribute check.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from moto.dynamodb.exceptions import ItemSizeTooLarge
from moto.dynamodb.models.dynamo_type import DynamoType, Item, LimitedSizeDict
from moto.dynamodb.models.utilities import bytesize

# moto's own limit (DynamoDB's 400 KB, measured to sit between 409 and 410 KB).
ITEM_SIZE_LIMIT = 405000


def _init(self: Item, hash_key: DynamoType, range_key: DynamoType | None, attrs: dict) -> None:
    self.hash_key = hash_key
    self.range_key = range_key
    values = {key: DynamoType(value) for key, value in attrs.items()}
    if sum(bytesize(key) + value.size() for key, value in values.items()) > ITEM_SIZE_LIMIT:
        raise ItemSizeTooLarge
    self.attrs = LimitedSizeDict(values)  # its constructor does not re-check


def install() -> Callable[[], None]:
    original: Any = Item.__init__
    Item.__init__ = _init  # type: ignore[method-assign]

    def uninstall() -> None:
        Item.__init__ = original  # type: ignore[method-assign]

    return uninstall
