"""Put, delete and batch records applied straight to the tables leave what moto leaves.

Generated tables (string, number and binary keys, with and without a range key) and
generated writes (PutItem and DeleteItem, with conditions or not; BatchWriteItem of puts
of items with every attribute type and deletes) go to moto in one region; those it
applies (what the store journals) are applied through bulk_load in another. Every stored
item is then compared, object type by object type, and so are the replies of reads.
"""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from moto.core.base_backend import BackendDict
from moto.dynamodb.models import dynamodb_backends
from moto.dynamodb.models.dynamo_type import DynamoType

from marketing.localdb import bulk_load, patches
from marketing.localdb.journal import Record
from marketing.localdb.moto_app import TARGET_PREFIX, MotoDynamo
from tests.localdb.helpers import DIFFERENTIAL
from tests.localdb.test_fast_results import EVERY_TYPE
from tests.localdb.test_query_index import ACCOUNT, TABLE, keys, value_json, values

MOTOS, OURS = "eu-west-1", "ap-northeast-2"


@pytest.fixture(scope="module")
def installed():
    uninstall = patches.install_all()
    yield
    uninstall()


@st.composite
def schemas(draw) -> dict:
    types = {"PK": draw(st.sampled_from("SNB"))}
    if draw(st.booleans()):
        types["SK"] = draw(st.sampled_from("SNB"))
    return {"types": types, "gsis": [], "lsis": [], "odd": False}


def payloads():
    """Attribute values of every type, nested ones included."""
    nested = {name: st.just(value) for name, value in EVERY_TYPE.items() if name != "PK"}
    return st.fixed_dictionaries({}, optional=nested)


@st.composite
def batches(draw, schema) -> dict:
    requests, seen = [], set()
    for _ in range(draw(st.integers(1, 25))):
        key = draw(keys(schema))
        put = draw(st.integers(0, 3)) > 0
        marker = (put, json.dumps(key, sort_keys=True))
        if marker in seen:
            continue  # moto refuses a batch putting (or deleting) an item twice
        seen.add(marker)
        if put:
            item = {**key, **draw(payloads())}
            if draw(st.booleans()):
                item["n"] = draw(values("N"))
            requests.append({"PutRequest": {"Item": item}})
        else:
            requests.append({"DeleteRequest": {"Key": key}})
    return {"RequestItems": {TABLE: requests}}


def create_table(schema: dict) -> dict:
    key = [{"AttributeName": "PK", "KeyType": "HASH"}]
    if "SK" in schema["types"]:
        key.append({"AttributeName": "SK", "KeyType": "RANGE"})
    return {
        "TableName": TABLE,
        "BillingMode": "PAY_PER_REQUEST",
        "KeySchema": key,
        "AttributeDefinitions": [
            {"AttributeName": name, "AttributeType": kind} for name, kind in schema["types"].items()
        ],
    }


def tree(value):
    """A stored value as plain data, keeping Python types (b'1' is not '1')."""
    if isinstance(value, DynamoType):
        return ("DynamoType", value.type, tree(value.value))
    if isinstance(value, dict):
        return (type(value).__name__, [(k, tree(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [tree(v) for v in value])
    return (type(value).__name__, value)


def stored(region: str) -> list:
    """Every stored item, in key order: the order of moto's dicts is not one replay can
    keep (a refused write, never journaled, leaves an empty partition behind) nor one
    anything reads (moto sorts)."""
    table = dynamodb_backends[ACCOUNT][region].tables[TABLE]
    found = []
    for partition in table.items.values():
        for item in partition.values() if isinstance(partition, dict) else [partition]:
            found.append(
                (
                    type(item).__name__,
                    tree(item.hash_key),
                    tree(item.range_key),
                    item.hash_key is item.attrs.get("PK"),
                    tree(item.attrs),
                )
            )
    return sorted(found, key=repr)


CONDITIONS = [None, None, "attribute_exists(PK)", "attribute_not_exists(PK)", "n > :z"]


@st.composite
def writes(draw, schema) -> tuple[str, dict]:
    kind = draw(st.sampled_from(["BatchWriteItem", "PutItem", "PutItem", "DeleteItem"]))
    if kind == "BatchWriteItem":
        return kind, draw(batches(schema))
    key = draw(keys(schema))
    if kind == "PutItem":
        body = {"TableName": TABLE, "Item": {**key, **draw(payloads())}}
    else:
        body = {"TableName": TABLE, "Key": key, "ReturnValues": "ALL_OLD"}
    condition = draw(st.sampled_from(CONDITIONS))
    if condition:
        body["ConditionExpression"] = condition
        if ":z" in condition:
            body["ExpressionAttributeValues"] = {":z": {"N": "0"}}
    return kind, body


@DIFFERENTIAL
@given(st.data())
def test_records_applied_straight_leave_what_moto_leaves(installed, data):
    schema = data.draw(schemas())
    records = data.draw(st.lists(writes(schema), min_size=1, max_size=12))
    BackendDict.reset()
    moto = MotoDynamo()
    for region in (MOTOS, OURS):
        moto.invoke_json("CreateTable", create_table(schema), region)
    for seq, (kind, body) in enumerate(records, 1):
        raw = json.dumps(body).encode()
        reply = moto.invoke(TARGET_PREFIX + kind, raw, MOTOS)
        if kind == "BatchWriteItem":
            assert reply.ok, reply.body
        if reply.ok:  # what the store journals
            assert bulk_load.load(Record(seq, TARGET_PREFIX + kind, OURS, raw))
    assert stored(OURS) == stored(MOTOS)
    scans = [moto.invoke_json("Scan", {"TableName": TABLE}, r) for r in (OURS, MOTOS)]
    assert scans[0] == scans[1]


def test_other_records_are_left_to_moto(installed):
    BackendDict.reset()
    moto = MotoDynamo()
    schema = {"types": {"PK": "S"}}
    moto.invoke_json("CreateTable", create_table(schema), OURS)
    item = {"PK": value_json("S", "a")}

    def record(target: str, body) -> Record:
        return Record(1, TARGET_PREFIX + target, OURS, json.dumps(body).encode())

    assert not bulk_load.load(record("UpdateItem", {"TableName": TABLE, "Key": item}))
    assert not bulk_load.load(record("PutItem", {"TableName": TABLE, "Item": {"x": item["PK"]}}))
    assert not bulk_load.load(record("DeleteItem", {"TableName": "missing", "Key": item}))
    odd = [
        {"RequestItems": {"missing": [{"PutRequest": {"Item": item}}]}},
        {"RequestItems": {TABLE: [{"PutRequest": {"Item": {"PK": {"S": "a", "N": "1"}}}}]}},
        {"RequestItems": {TABLE: [{"PutRequest": {"Item": {"other": {"S": "a"}}}}]}},
        {"RequestItems": {TABLE: [{"PutRequest": {"Item": item}, "DeleteRequest": {}}]}},
        {"RequestItems": {TABLE: [{"Unknown": {}}]}},
    ]
    for body in odd:
        assert not bulk_load.load(record("BatchWriteItem", body))
    assert dynamodb_backends[ACCOUNT][OURS].tables[TABLE].items == {}
