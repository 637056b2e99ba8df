"""Items built with one size check equal moto's own, and the 400 KB limit still holds."""

import pytest
from moto.dynamodb.exceptions import ItemSizeTooLarge
from moto.dynamodb.models.dynamo_type import DynamoType, Item

from marketing.localdb import fast_requests, item_size
from tests.localdb.test_fast_requests import SERVICE, Generator
from tests.localdb.test_fast_results import EVERY_TYPE


def _build(attrs):
    return Item(DynamoType(attrs["PK"]), None, attrs)


@pytest.fixture
def one_check():
    uninstall = item_size.install()
    yield
    uninstall()


def test_items_equal_those_moto_builds():
    expected = _build(EVERY_TYPE)
    uninstall = item_size.install()
    try:
        built = _build(EVERY_TYPE)
    finally:
        uninstall()
    assert built == expected
    assert built.to_json() == expected.to_json()
    assert type(built.attrs) is type(expected.attrs)


@pytest.mark.usefixtures("one_check")
@pytest.mark.parametrize(
    ("size", "refused"), [(item_size.ITEM_SIZE_LIMIT - 100, False), (410_000, True)]
)
def test_the_size_limit_is_moto_s(size, refused):
    attrs = {"PK": {"S": "k"}, "big": {"S": "x" * size}}
    if refused:
        with pytest.raises(ItemSizeTooLarge):
            _build(attrs)
    else:
        assert _build(attrs).attrs["big"].size() == size


@pytest.mark.usefixtures("one_check")
def test_updates_after_building_are_still_checked():
    item = _build({"PK": {"S": "k"}, "a": {"S": "x" * 300_000}})
    with pytest.raises(ItemSizeTooLarge):
        item.attrs["b"] = DynamoType({"S": "y" * 200_000})


def test_value_size_measures_as_moto_does():
    attribute_value = SERVICE.shape_for("AttributeValue")
    parse = fast_requests.compile_shape(attribute_value)
    generator = Generator(seed=11, odd=0.0)
    values = [DynamoType(value) for value in EVERY_TYPE.values()]
    while len(values) < 2000:
        document = generator.value(attribute_value)
        try:
            value = DynamoType(parse(document))
        except Exception:  # noqa: S112 - no type, or broken base64: nothing moto would store
            continue
        values.append(value)
    values.append(DynamoType({"SS": ["상점", "x"]}))
    values.append(DynamoType({"N": 12}))
    values.append(DynamoType({"NS": [1, "2"]}))
    values.append(DynamoType({"M": {"이름": {"NS": ["1.50", "-2"]}, "b": {"BOOL": True}}}))
    for value in values:
        assert item_size.value_size(value) == value.size(), value


def test_an_item_changed_in_place_is_measured_again():
    """Items keep the size measured when they were built; update_item, the one place moto
    changes an item in place, makes it forget, in a transaction too."""
    import json

    from moto.core.base_backend import BackendDict
    from moto.dynamodb.models import dynamodb_backends

    from marketing.localdb import patches
    from marketing.localdb.moto_app import MotoDynamo
    from tests.localdb.helpers import SIMPLE_TABLE, key

    def measured(item) -> int:
        return sum(len(name.encode()) + value.size() for name, value in item.attrs.items())

    uninstall = patches.install_all()
    BackendDict.reset()
    try:
        moto = MotoDynamo()
        moto.invoke_json("CreateTable", SIMPLE_TABLE, "ap-northeast-2")
        table = dynamodb_backends["123456789012"]["ap-northeast-2"].tables["items"]
        item = {**key("a"), "m": {"M": {"x": {"S": "short"}}}, "l": {"L": [{"N": "1"}]}}
        moto.invoke_json("PutItem", {"TableName": "items", "Item": item}, "ap-northeast-2")
        updates = [
            (
                "UpdateItem",
                {
                    "UpdateExpression": "SET m.x = :v",
                    "ExpressionAttributeValues": {":v": {"S": "x" * 500}},
                },
            ),
            (
                "UpdateItem",
                {
                    "UpdateExpression": "SET l = list_append(l, :v)",
                    "ExpressionAttributeValues": {":v": {"L": [{"S": "y" * 99}]}},
                },
            ),
            ("UpdateItem", {"UpdateExpression": "REMOVE m"}),
            (
                "Transact",
                {
                    "UpdateExpression": "SET z = :v",
                    "ExpressionAttributeValues": {":v": {"S": "z" * 70}},
                },
            ),
        ]
        for operation, update in updates:
            stored = next(iter(table.items.values()))
            assert stored.size() == measured(stored)  # measured and kept
            body = {"TableName": "items", "Key": key("a"), **update}
            if operation == "Transact":
                moto.invoke_json(
                    "TransactWriteItems", {"TransactItems": [{"Update": body}]}, "ap-northeast-2"
                )
            else:
                moto.invoke_json("UpdateItem", body, "ap-northeast-2")
            after = next(iter(table.items.values()))
            assert after.size() == measured(after), json.dumps(update)
        fresh = {
            "TableName": "items",
            "Key": key("new"),
            "UpdateExpression": "SET w = :v",
            "ExpressionAttributeValues": {":v": {"S": "w" * 300}},
        }
        moto.invoke_json("UpdateItem", fresh, "ap-northeast-2")
        created = table.items[next(k for k in table.items if k.value == "new")]
        assert created.size() == measured(created)
    finally:
        uninstall()
        BackendDict.reset()
