"""Queries answered from the index give exactly moto's own answers, page by page.

Generated tables (string, number and binary keys; global and local secondary indexes,
sparse ones, projections), generated writes (puts, updates that move items between index
partitions or out of an index, deletes, batches, transactions that commit or roll back)
and generated queries (every key-condition operator, Limit, both directions, filters,
projections, Select=COUNT, ConsistentRead, start keys from the previous page or made up).
Every page is compared with moto's own query over every item (`query_index.bypassed`),
and after each scenario the maintained index with one built from scratch.
"""

import base64
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from moto.core.base_backend import BackendDict
from moto.dynamodb.models import dynamodb_backends

from marketing.localdb import patches, query_index
from marketing.localdb.moto_app import TARGET_PREFIX, MotoDynamo
from tests.localdb.helpers import DIFFERENTIAL

REGION = "ap-northeast-2"
ACCOUNT = "123456789012"
TABLE = "t"
STRINGS = ["a", "aa", "ab", "b", "ba", "B", "é", "z😀", "상점"]
NUMBERS = ["0", "1", "1.0", "-1", "2", "10", "-2.5", "1e1", "0.001", "-0", "12345678901234567890"]
BINARIES = [b"\x00", b"\x00\x01", b"\x01", b"\x7f", b"\xff", b"\xff\x00", b"a", b"ab"]
DOMAINS = {"S": STRINGS, "N": NUMBERS, "B": BINARIES}
OPERATORS = ["=", "<", "<=", ">", ">=", "BETWEEN", "begins_with"]
STEP_KINDS = ["put"] * 4 + ["update"] * 2 + ["delete", "batch", "transact"] + ["query"] * 3


@pytest.fixture(scope="module")
def installed():
    uninstall = patches.install_all()
    yield
    uninstall()


def value_json(kind: str, raw) -> dict:
    if kind == "B":
        return {"B": base64.b64encode(raw).decode()}
    return {kind: raw}


def values(kind: str, *, partition: bool = False):
    """Values of a type; partition keys take few, so partitions fill up."""
    domain = DOMAINS[kind][:3] if partition else DOMAINS[kind]
    return st.sampled_from(domain).map(lambda raw: value_json(kind, raw))


def any_value():
    return st.sampled_from(list(DOMAINS)).flatmap(values)


# --- tables ---------------------------------------------------------------------------


@st.composite
def schemas(draw) -> dict:
    """A table: its key, its declared attribute types and its indexes."""
    types = {"PK": draw(st.sampled_from("SNB"))}
    if draw(st.booleans()):
        types["SK"] = draw(st.sampled_from("SNB"))
    gsis = []
    for number in range(draw(st.integers(1, 2))):
        hash_attr = draw(st.sampled_from([f"H{number}", f"H{number}", *types]))
        range_attr = draw(st.sampled_from([None, f"R{number}", f"R{number}", *types]))
        if range_attr == hash_attr:
            range_attr = None
        for attr in (hash_attr, range_attr):
            if attr is not None and attr not in types:
                types[attr] = draw(st.sampled_from("SNB"))
        projection = draw(st.sampled_from(["ALL", "ALL", "KEYS_ONLY", "INCLUDE"]))
        gsis.append((f"gsi{number}", hash_attr, range_attr, projection))
    lsis = []
    if "SK" in types and draw(st.booleans()):
        types.setdefault("L0", draw(st.sampled_from("SNB")))
        lsis.append(("lsi0", "PK", "L0", draw(st.sampled_from(["ALL", "KEYS_ONLY"]))))
    odd = draw(st.integers(0, 3)) == 0
    return {"types": types, "gsis": gsis, "lsis": lsis, "odd": odd}


def _index(name, hash_attr, range_attr, projection) -> dict:
    schema = [{"AttributeName": hash_attr, "KeyType": "HASH"}]
    if range_attr:
        schema.append({"AttributeName": range_attr, "KeyType": "RANGE"})
    spec = {"ProjectionType": projection}
    if projection == "INCLUDE":
        spec["NonKeyAttributes"] = ["v"]
    return {"IndexName": name, "KeySchema": schema, "Projection": spec}


def create_table_body(schema: dict) -> dict:
    key = [{"AttributeName": "PK", "KeyType": "HASH"}]
    if "SK" in schema["types"]:
        key.append({"AttributeName": "SK", "KeyType": "RANGE"})
    body = {
        "TableName": TABLE,
        "BillingMode": "PAY_PER_REQUEST",
        "KeySchema": key,
        "AttributeDefinitions": [
            {"AttributeName": name, "AttributeType": kind} for name, kind in schema["types"].items()
        ],
        "GlobalSecondaryIndexes": [_index(*gsi) for gsi in schema["gsis"]],
        "StreamSpecification": {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    }
    if schema["lsis"]:
        body["LocalSecondaryIndexes"] = [_index(*lsi) for lsi in schema["lsis"]]
    return body


def key_attrs(schema: dict) -> list[str]:
    return [a for a in ("PK", "SK") if a in schema["types"]]


def index_attrs(schema: dict) -> list[str]:
    return [a for a in schema["types"] if a not in key_attrs(schema)]


# --- writes ---------------------------------------------------------------------------


def keys(schema):
    return st.fixed_dictionaries(
        {a: values(schema["types"][a], partition=a == "PK") for a in key_attrs(schema)}
    )


def is_partition_key(schema: dict, attr: str) -> bool:
    return attr == "PK" or any(attr == hash_attr for _, hash_attr, _, _ in schema["gsis"])


def index_value(schema: dict, attr: str):
    """Of the declared type; in odd scenarios now and then another (an index holding such
    an item steps aside until it is gone, a query with one goes to moto)."""
    declared = values(schema["types"][attr], partition=is_partition_key(schema, attr))
    if not schema["odd"]:
        return declared
    return st.one_of(*[declared] * 20, any_value())


@st.composite
def items(draw, schema) -> dict:
    item = draw(keys(schema))
    for attr in index_attrs(schema):
        if draw(st.integers(0, 3)):  # a quarter of the items lack each: sparse indexes
            item[attr] = draw(index_value(schema, attr))
    item["v"] = {"N": str(draw(st.integers(0, 9)))}
    if draw(st.booleans()):
        item["w"] = {"S": draw(st.sampled_from(STRINGS))}
    return item


@st.composite
def updates(draw, schema) -> dict:
    """SET and REMOVE on index keys and payload: items move between index partitions."""
    names, values_, sets, removes = {}, {}, [], []
    for number, attr in enumerate([*index_attrs(schema), "v", "w"]):
        action = draw(st.sampled_from(["keep", "keep", "set", "remove"]))
        if action == "keep":
            continue
        names[f"#a{number}"] = attr
        if action == "remove":
            removes.append(f"#a{number}")
            continue
        if attr in schema["types"]:
            values_[f":v{number}"] = draw(index_value(schema, attr))
        else:
            values_[f":v{number}"] = draw(values("N" if attr == "v" else "S"))
        sets.append(f"#a{number} = :v{number}")
    expression = " ".join(
        part
        for part in (
            "SET " + ", ".join(sets) if sets else "",
            "REMOVE " + ", ".join(removes) if removes else "",
        )
        if part
    )
    body = {"TableName": TABLE, "Key": draw(keys(schema)), "UpdateExpression": expression}
    if names:
        body["ExpressionAttributeNames"] = names
    if values_:
        body["ExpressionAttributeValues"] = values_
    if not expression:
        body["UpdateExpression"] = "SET v = :same"
        body["ExpressionAttributeValues"] = {":same": {"N": "1"}}
        body.pop("ExpressionAttributeNames", None)
    return body


@st.composite
def transactions(draw, schema) -> dict:
    """Up to three writes, sometimes with a condition that fails: moto then rolls back."""
    actions = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["Put", "Delete", "Update"]))
        if kind == "Put":
            action = {"TableName": TABLE, "Item": draw(items(schema))}
        elif kind == "Delete":
            action = {"TableName": TABLE, "Key": draw(keys(schema))}
        else:
            action = draw(updates(schema))
        if draw(st.integers(0, 2)) == 0:
            action["ConditionExpression"] = "attribute_exists(v)"
        actions.append({kind: action})
    return {"TransactItems": actions}


@st.composite
def batches(draw, schema) -> dict:
    requests = []
    for _ in range(draw(st.integers(1, 5))):
        if draw(st.integers(0, 3)):
            requests.append({"PutRequest": {"Item": draw(items(schema))}})
        else:
            requests.append({"DeleteRequest": {"Key": draw(keys(schema))}})
    return {"RequestItems": {TABLE: requests}}


# --- queries --------------------------------------------------------------------------


@st.composite
def queries(draw, schema) -> dict:
    types = schema["types"]
    indexes = [(None, "PK", "SK" if "SK" in types else None)]
    indexes += [(name, h, r) for name, h, r, _ in schema["gsis"] + schema["lsis"]]
    index_name, hash_attr, range_attr = draw(st.sampled_from(indexes))
    names = {"#h": hash_attr}
    expression_values = {":h": draw(index_value(schema, hash_attr))}
    condition = "#h = :h"
    if range_attr is not None and draw(st.integers(0, 2)):
        operator = draw(st.sampled_from(OPERATORS))
        names["#r"] = range_attr
        expression_values[":r1"] = draw(index_value(schema, range_attr))
        if operator == "BETWEEN":
            expression_values[":r2"] = draw(index_value(schema, range_attr))
            condition += " AND #r BETWEEN :r1 AND :r2"
        elif operator == "begins_with":
            condition += " AND begins_with(#r, :r1)"
        else:
            condition += f" AND #r {operator} :r1"
    body = {
        "TableName": TABLE,
        "KeyConditionExpression": condition,
        "ScanIndexForward": draw(st.booleans()),
    }
    if index_name is not None:
        body["IndexName"] = index_name
    limit = draw(st.sampled_from([None, 1, 2, 3, 5]))
    if limit is not None:
        body["Limit"] = limit
    if draw(st.integers(0, 3)) == 0:
        body["FilterExpression"] = "v < :f"
        expression_values[":f"] = {"N": str(draw(st.integers(0, 9)))}
    extra = draw(st.sampled_from(["none", "none", "projection", "count", "consistent"]))
    if extra == "projection":
        body["ProjectionExpression"] = "v, #h"
    elif extra == "count":
        body["Select"] = "COUNT"
    elif extra == "consistent":
        body["ConsistentRead"] = True
    if draw(st.integers(0, 4)) == 0:
        # A start key made up from the key attributes, often in another partition.
        attrs = {*key_attrs(schema), hash_attr, range_attr} - {None}
        body["ExclusiveStartKey"] = {a: draw(index_value(schema, a)) for a in sorted(attrs)}
    body["ExpressionAttributeNames"] = names
    body["ExpressionAttributeValues"] = expression_values
    return body


# --- running --------------------------------------------------------------------------


def call(moto: MotoDynamo, operation: str, body: dict):
    try:
        reply = moto.invoke(TARGET_PREFIX + operation, json.dumps(body).encode(), REGION)
    except Exception as exc:  # moto fails the same way on both paths, or the test says so
        return ("raised", type(exc).__name__, str(exc))
    return (reply.status, json.loads(reply.body or b"{}"))


def compare_pages(moto: MotoDynamo, body: dict, pages: int = 6) -> int:
    """Run a query page by page, each page with and without the index; pages compared."""
    for page in range(pages):
        ours = call(moto, "Query", body)
        with query_index.bypassed():
            theirs = call(moto, "Query", body)
        assert ours == theirs, (page, body)
        last = ours[1].get("LastEvaluatedKey") if ours[0] == "200 OK" else None
        if last is None:
            return page + 1
        body = {**body, "ExclusiveStartKey": last}
    return pages


def assert_index_matches_a_fresh_one() -> None:
    table = dynamodb_backends[ACCOUNT][REGION].tables[TABLE]
    live = query_index.live(table)
    if live is None:
        return  # dropped (a rollback swapped the table): the next query builds it
    fresh = query_index.TableIndexes(table)
    items = query_index._all_items(table)
    for key in fresh.keys:
        key.load(items)
    for maintained, built in zip(live.keys, fresh.keys, strict=True):
        assert maintained.irregular == built.irregular
        assert _shape(maintained) == _shape(built)


def _shape(key) -> dict:
    return {
        partition: [(*entry[:-1], id(entry[-1])) for entry in entries]
        for partition, entries in key.partitions.items()
    }


@st.composite
def scenarios(draw) -> tuple[dict, list]:
    schema = draw(schemas())
    # A first query builds the index: every write after it is filed by the hooks.
    steps = [("Query", draw(queries(schema)))]
    for _ in range(draw(st.integers(5, 60))):
        kind = draw(st.sampled_from(STEP_KINDS))
        if kind == "put":
            steps.append(("PutItem", {"TableName": TABLE, "Item": draw(items(schema))}))
        elif kind == "update":
            steps.append(("UpdateItem", draw(updates(schema))))
        elif kind == "delete":
            steps.append(("DeleteItem", {"TableName": TABLE, "Key": draw(keys(schema))}))
        elif kind == "batch":
            steps.append(("BatchWriteItem", draw(batches(schema))))
        elif kind == "transact":
            steps.append(("TransactWriteItems", draw(transactions(schema))))
        else:
            steps.append(("Query", draw(queries(schema))))
    return schema, steps


@DIFFERENTIAL
@given(scenarios())
def test_queries_answer_as_moto_does_page_by_page(installed, scenario):
    schema, steps = scenario
    BackendDict.reset()
    moto = MotoDynamo()
    created = call(moto, "CreateTable", create_table_body(schema))
    assert created[0] == "200 OK", created
    for operation, body in steps:
        if operation == "Query":
            compare_pages(moto, body)
        else:
            call(moto, operation, body)
    assert_index_matches_a_fresh_one()
