"""A transaction undone item by item leaves exactly what moto's whole-table copy leaves.

The same generated tables, items and transactions (committing, or cancelled by a failed
condition, a condition check or a missing table) are applied in two regions: one through
the undo log, one through moto's own transact_write_items. After every transaction the
replies, the items and the stream records of both are compared, and the query index of
the first with one built from scratch.
"""

import json

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from moto.core.base_backend import BackendDict
from moto.dynamodb.models import DynamoDBBackend, dynamodb_backends

from marketing.localdb import patches, query_index
from marketing.localdb.moto_app import TARGET_PREFIX, MotoDynamo
from tests.localdb.helpers import DIFFERENTIAL
from tests.localdb.test_query_index import (
    ACCOUNT,
    TABLE,
    _shape,
    create_table_body,
    items,
    keys,
    schemas,
    updates,
)

OURS, MOTOS = "ap-northeast-2", "eu-west-1"
MOTO_TRANSACT = DynamoDBBackend.transact_write_items  # before any patch
# A stream record's time, and its size, which counts the time's digits.
TIMED = frozenset({"ApproximateCreationDateTime", "SizeBytes"})


@pytest.fixture(scope="module")
def installed():
    uninstall = patches.install_all()
    yield
    uninstall()


@st.composite
def transactions(draw, schema) -> dict:
    actions = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["Put", "Put", "Delete", "Update", "Update", "ConditionCheck"]))
        if kind == "Put":
            action = {"TableName": TABLE, "Item": draw(items(schema))}
        elif kind == "Update":
            action = draw(updates(schema))
        else:
            action = {"TableName": TABLE, "Key": draw(keys(schema))}
        condition = draw(st.sampled_from([None, "attribute_exists(v)", "attribute_not_exists(v)"]))
        if kind == "ConditionCheck":
            condition = condition or "attribute_exists(v)"
        if condition:
            action["ConditionExpression"] = condition
        if draw(st.integers(0, 20)) == 0:
            action["TableName"] = "missing"
        actions.append({kind: action})
    return {"TransactItems": actions}


@st.composite
def scenarios(draw):
    schema = draw(schemas())
    puts = [draw(items(schema)) for _ in range(draw(st.integers(0, 12)))]
    steps = draw(st.lists(transactions(schema), min_size=1, max_size=12))
    return schema, puts, steps


def send(moto: MotoDynamo, operation: str, body: dict, region: str):
    reply = moto.invoke(TARGET_PREFIX + operation, json.dumps(body).encode(), region)
    return reply.status, json.loads(reply.body or b"{}")


def state(region: str) -> tuple:
    table = dynamodb_backends[ACCOUNT][region].tables[TABLE]
    stored = {
        (item.hash_key.to_json().__repr__(), repr(item.range_key and item.range_key.to_json())): (
            item.to_json()["Attributes"]
        )
        for partition in table.items.values()
        for item in (partition.values() if isinstance(partition, dict) else [partition])
    }
    shard = table.stream_shard
    records = [
        (
            r.record["eventName"],
            {k: v for k, v in r.record["dynamodb"].items() if k not in TIMED},
        )
        for r in shard.items
    ]
    return stored, records, shard.starting_sequence_number


# Found by hypothesis: two actions on one item under two spellings of its number key,
# the first one's condition failing; the update's undo must still put the item back.
ONE_ITEM_TWO_SPELLINGS = (
    {
        "types": {"PK": "N", "H0": "S"},
        "gsis": [("gsi0", "H0", None, "ALL")],
        "lsis": [],
        "odd": True,
    },
    [{"PK": {"N": "1"}, "v": {"N": "0"}}],
    [
        {
            "TransactItems": [
                {
                    "Delete": {
                        "TableName": "t",
                        "Key": {"PK": {"N": "1.0"}},
                        "ConditionExpression": "attribute_not_exists(v)",
                    }
                },
                {
                    "Update": {
                        "TableName": "t",
                        "Key": {"PK": {"N": "1"}},
                        "UpdateExpression": "SET v = :same",
                        "ExpressionAttributeValues": {":same": {"N": "1"}},
                    }
                },
            ]
        }
    ],
)


@DIFFERENTIAL
@given(scenarios())
@example(ONE_ITEM_TWO_SPELLINGS)
def test_a_transaction_ends_as_moto_s_own_would(installed, scenario):
    schema, puts, steps = scenario
    BackendDict.reset()
    moto = MotoDynamo()
    for region in (OURS, MOTOS):
        assert send(moto, "CreateTable", create_table_body(schema), region)[0] == "200 OK"
        for item in puts:
            send(moto, "PutItem", {"TableName": TABLE, "Item": item}, region)
    table = dynamodb_backends[ACCOUNT][OURS].tables[TABLE]
    indexes = query_index.attach(table)  # and every index filled, as queries would:
    for key in indexes.keys:  # the undo must keep them right
        indexes.ready(key)
    ours_transact = DynamoDBBackend.transact_write_items
    for step in steps:
        ours = send(moto, "TransactWriteItems", step, OURS)
        DynamoDBBackend.transact_write_items = MOTO_TRANSACT
        try:
            theirs = send(moto, "TransactWriteItems", step, MOTOS)
        finally:
            DynamoDBBackend.transact_write_items = ours_transact
        assert ours == theirs
        assert state(OURS) == state(MOTOS)
    live = query_index.live(table)
    assert live is not None  # the table was never swapped for a copy
    fresh = query_index.TableIndexes(table)
    for key in fresh.keys:
        fresh.ready(key)
    assert [_shape(k) for k in live.keys] == [_shape(k) for k in fresh.keys]
