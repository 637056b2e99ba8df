"""Attribute values cast for comparison exactly as moto casts them."""

from decimal import Decimal, InvalidOperation

import pytest
from moto.dynamodb.models.dynamo_type import DynamoType

from marketing.localdb import fast_cast
from tests.localdb.test_fast_images import _items
from tests.localdb.test_fast_requests import same
from tests.localdb.test_fast_results import EVERY_TYPE


def _values() -> list[DynamoType]:
    values = [DynamoType(value) for value in EVERY_TYPE.values()]
    values += [DynamoType({"N": "1e3"}), DynamoType({"N": "-0"}), DynamoType({"B": b"\x00"})]
    values += [DynamoType({"S": ""}), DynamoType({"BOOL": True}), DynamoType({"NULL": False})]
    for item in _items(300):
        values.extend(item.attrs.values())
    return values


def _cast(value: DynamoType):
    try:
        return value.cast_value
    except Exception as exc:  # generated numbers may not be numbers
        return ("raised", type(exc))


def test_every_value_casts_to_what_moto_casts_it_to():
    values = _values()
    expected = [_cast(value) for value in values]
    uninstall = fast_cast.install()
    try:
        ours = [_cast(value) for value in values]
    finally:
        uninstall()
    assert all(same(mine, theirs) for mine, theirs in zip(ours, expected, strict=True))
    assert {value.type for value in values} >= {
        "S",
        "N",
        "B",
        "BOOL",
        "NULL",
        "SS",
        "NS",
        "BS",
        "L",
        "M",
    }
    assert sum(type(cast) is Decimal for cast in ours) > 3


def test_a_number_moto_cannot_read_fails_as_in_moto():
    broken = DynamoType({"N": "not a number"})
    with pytest.raises(InvalidOperation):
        broken.cast_value  # noqa: B018
    uninstall = fast_cast.install()
    try:
        with pytest.raises(InvalidOperation):
            broken.cast_value  # noqa: B018
    finally:
        uninstall()
