"""The fast JSON path for item results writes exactly what moto's serialiser writes."""

import datetime as dt

import pytest
from moto.core.base_backend import BackendDict
from moto.dynamodb.models.dynamo_type import DynamoType
from moto.dynamodb.models.utilities import dynamo_to_dict

from marketing.localdb import fast_results
from marketing.localdb.moto_app import MotoDynamo
from tests.localdb.helpers import SIMPLE_TABLE, key

REGION = "ap-northeast-2"
EVERY_TYPE = {
    "PK": {"S": "a"},
    "text": {"S": '상점 "quoted" \\ \u0001'},
    "whole": {"N": "12"},
    "fraction": {"N": "-1.50"},
    "blob": {"B": "AAEC/w=="},
    "flag": {"BOOL": False},
    "nothing": {"NULL": True},
    "strings": {"SS": ["x", "y"]},
    "numbers": {"NS": ["1", "2.5"]},
    "blobs": {"BS": ["AAE=", "/w=="]},
    "nested": {
        "M": {
            "list": {"L": [{"N": "1"}, {"BOOL": True}, {"NULL": True}, {"B": "AQ=="}]},
            "map": {"M": {"deep": {"SS": ["z"]}}},
        }
    },
}

# The update comes first and is idempotent, so both rounds read the same state.
READS = [
    (
        "UpdateItem",
        {
            "TableName": "items",
            "Key": key("b"),
            "UpdateExpression": "SET v = :v",
            "ExpressionAttributeValues": {":v": {"N": "3"}},
            "ReturnValues": "ALL_NEW",
        },
    ),
    ("GetItem", {"TableName": "items", "Key": key("a")}),
    ("GetItem", {"TableName": "items", "Key": key("missing")}),
    (
        "Query",
        {
            "TableName": "items",
            "KeyConditionExpression": "PK = :p",
            "ExpressionAttributeValues": {":p": {"S": "a"}},
            "ReturnConsumedCapacity": "TOTAL",
        },
    ),
    ("Scan", {"TableName": "items", "Limit": 1}),
    ("BatchGetItem", {"RequestItems": {"items": {"Keys": [key("a"), key("b")]}}}),
]


def _replies(moto: MotoDynamo) -> list[tuple[str, dict]]:
    return [(operation, moto.invoke_json(operation, body, REGION)) for operation, body in READS]


@pytest.fixture
def moto():
    BackendDict.reset()  # moto keeps its state in module globals
    moto = MotoDynamo()
    moto.invoke_json("CreateTable", SIMPLE_TABLE, REGION)
    moto.invoke_json("PutItem", {"TableName": "items", "Item": EVERY_TYPE}, REGION)
    moto.invoke_json("PutItem", {"TableName": "items", "Item": {"PK": {"S": "b"}}}, REGION)
    yield moto
    BackendDict.reset()


def test_fast_path_writes_the_same_json_as_moto(moto):
    expected = _replies(moto)
    uninstall = fast_results.install()
    try:
        assert _replies(moto) == expected
    finally:
        uninstall()


def test_items_become_the_dicts_moto_makes():
    from tests.localdb.test_fast_images import _items
    from tests.localdb.test_fast_requests import same

    items = _items(600)
    result = {
        "Items": [item.attrs for item in items],
        "Count": len(items),
        "LastEvaluatedKey": {"PK": items[-1].hash_key},
        "When": dt.datetime(2026, 11, 30, 12, 0),
        "Binaries": [DynamoType({"B": "AAE="}), DynamoType({"BS": [b"\x00", "/w=="]})],
    }
    assert same(fast_results.plain_dicts(result), dynamo_to_dict(result))


def test_anything_but_plain_data_falls_back_to_moto():
    assert fast_results.plain_json({"Item": {"b": {"B": b"\x00"}}}) == '{"Item":{"b":{"B":"AA=="}}}'
    assert fast_results.plain_json({"When": object()}) is None


def test_one_pass_json_is_what_the_dicts_write():
    from decimal import Decimal

    from tests.localdb.test_fast_images import _items

    items = _items(600)
    results = [
        {"Items": [item.attrs for item in items], "Count": len(items), "ScannedCount": 600},
        {"Item": items[0].attrs, "ConsumedCapacity": {"TableName": "t", "CapacityUnits": 1.0}},
        {"Binaries": [DynamoType({"B": "AAE="}), DynamoType({"BS": [b"\x00", "/w=="]})]},
        {"Raw": b"\x00\xff", "Nested": [{"deep": [DynamoType({"L": [DynamoType({"N": "1"})]})]}]},
        {},
    ]
    for result in results:
        one_pass = fast_results.dynamo_json(result)
        assert one_pass is not None
        assert one_pass == fast_results.plain_json(fast_results.plain_dicts(result))
    for odd in ({"When": dt.datetime(2026, 11, 30)}, {"N": Decimal("1.5")}, {"o": object()}):
        assert fast_results.dynamo_json(odd) is None


def test_consumed_capacity_is_added_to_the_reply_not_to_the_stored_item(moto):
    uninstall = fast_results.install()
    try:
        read = {"TableName": "items", "Key": key("b"), "ReturnConsumedCapacity": "TOTAL"}
        first = moto.invoke_json("GetItem", read, REGION)
        assert first["ConsumedCapacity"]["TableName"] == "items"
        again = moto.invoke_json("GetItem", {"TableName": "items", "Key": key("b")}, REGION)
        assert again == {"Item": {"PK": {"S": "b"}}}
    finally:
        uninstall()


def test_results_of_other_operations_are_made_as_moto_makes_them(moto):
    """DescribeTable's result is no item result: moto's serialiser writes it, from the
    dicts made before (a datetime in it stays one)."""
    described = moto.invoke_json("DescribeTable", {"TableName": "items"}, REGION)
    uninstall = fast_results.install()
    try:
        assert moto.invoke_json("DescribeTable", {"TableName": "items"}, REGION) == described
    finally:
        uninstall()
