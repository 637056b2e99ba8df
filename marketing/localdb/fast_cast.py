"""moto's ``DynamoType.cast_value`` without five type tests for a string.

moto compares attribute values through ``cast_value`` (equality, ordering, hashing): a
query sorts its page and checks every item's key with it, some 160 calls for a 20-item
GSI page. Each call asks, one method call at a time, whether the value is a number, a
set, a list, a map or null before returning a string, binary or boolean as it is. Here
those three kinds are returned at once, numbers are made Decimals as moto makes them, and
every other kind goes to moto's own property: the same value in every case.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from moto.dynamodb.models.dynamo_type import DynamoType

AS_IS = frozenset({"S", "B", "BOOL"})


def install() -> Callable[[], None]:
    """Returns a function that undoes it."""
    original = DynamoType.__dict__["cast_value"]
    moto_cast = original.fget

    def cast_value(self: DynamoType) -> Any:
        kind = self.type
        if kind in AS_IS:
            return self.value
        if kind == "N":
            return Decimal(self.value)
        return moto_cast(self)

    DynamoType.cast_value = property(cast_value)  # type: ignore[method-assign,assignment]

    def uninstall() -> None:
        DynamoType.cast_value = original  # type: ignore[method-assign]

    return uninstall
