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
    for maintained, built in zip(live.keys, fresh.keys, strict=True):
        if maintained in live.built:
            fresh.ready(built)
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


# --- beyond generated scenarios -------------------------------------------------------


@pytest.fixture
def moto(installed):
    BackendDict.reset()
    yield MotoDynamo()
    BackendDict.reset()


STRING_TABLE = {
    "types": {"PK": "S", "SK": "S", "H0": "S", "R0": "N"},
    "gsis": [("gsi0", "H0", "R0", "ALL")],
    "lsis": [],
    "odd": False,
}


def put(moto: MotoDynamo, **attrs) -> None:
    item = {name: value_json(*value) for name, value in attrs.items()}
    assert call(moto, "PutItem", {"TableName": TABLE, "Item": item})[0] == "200 OK"


def query(partition: str, condition: str = "", values: dict | None = None, **extra) -> dict:
    return {
        "TableName": TABLE,
        "KeyConditionExpression": "PK = :p" + condition,
        "ExpressionAttributeValues": {":p": {"S": partition}, **(values or {})},
        **extra,
    }


def test_a_page_that_reaches_1_mb_stops_where_moto_stops_it(moto):
    """moto ends a page at 1 MB even on an item outside the key condition: after three
    300 KB matches, the big item that follows them still ends the page."""
    call(moto, "CreateTable", create_table_body(STRING_TABLE))
    big = "x" * 300_000
    for sk in ("a1", "a2", "a3", "b1", "b2"):
        put(moto, PK=("S", "p"), SK=("S", sk), body=("S", big))
    prefix = query("p", " AND begins_with(SK, :s)", {":s": {"S": "a"}})
    first = call(moto, "Query", prefix)[1]
    assert [i["SK"]["S"] for i in first["Items"]] == ["a1", "a2", "a3"]
    assert first["LastEvaluatedKey"] == {"PK": {"S": "p"}, "SK": {"S": "a3"}}
    for forward in (True, False):
        for condition, value in ((" AND begins_with(SK, :s)", "a"), (" AND SK > :s", "a1")):
            body = query("p", condition, {":s": {"S": value}}, ScanIndexForward=forward)
            compare_pages(moto, body)
    assert compare_pages(moto, query("p")) == 2  # three items, then two


def test_restored_tables_and_new_indexes_answer_from_an_index_of_their_own(moto):
    call(moto, "CreateTable", create_table_body(STRING_TABLE))
    for n in range(30):
        put(
            moto,
            PK=("S", f"p{n % 3}"),
            SK=("S", f"s{n:02}"),
            H0=("S", f"h{n % 4}"),
            R0=("N", str(n % 7)),
        )
    gsi_query = {
        "TableName": TABLE,
        "IndexName": "gsi0",
        "KeyConditionExpression": "H0 = :h",
        "ExpressionAttributeValues": {":h": {"S": "h1"}},
        "Limit": 4,
    }
    compare_pages(moto, gsi_query)  # builds the index of TABLE
    backup = call(moto, "CreateBackup", {"TableName": TABLE, "BackupName": "b"})[1]
    arn = backup["BackupDetails"]["BackupArn"]
    restored = call(moto, "RestoreTableFromBackup", {"TargetTableName": "r", "BackupArn": arn})
    assert restored[0] == "200 OK"
    call(
        moto,
        "UpdateContinuousBackups",
        {
            "TableName": TABLE,
            "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
        },
    )
    pitr = call(
        moto, "RestoreTableToPointInTime", {"SourceTableName": TABLE, "TargetTableName": "pitr"}
    )
    assert pitr[0] == "200 OK"
    put(moto, PK=("S", "p0"), SK=("S", "s99"), H0=("S", "h1"), R0=("N", "3"))  # only in TABLE
    for name in (TABLE, "r", "pitr"):
        compare_pages(moto, {**gsi_query, "TableName": name})
        compare_pages(moto, {**query("p0"), "TableName": name, "Limit": 4})

    # An index added later holds the items already there.
    added = call(
        moto,
        "UpdateTable",
        {
            "TableName": TABLE,
            "AttributeDefinitions": [
                {"AttributeName": a, "AttributeType": t}
                for a, t in {**STRING_TABLE["types"], "W": "S"}.items()
            ],
            "GlobalSecondaryIndexUpdates": [{"Create": _index("late", "W", None, "ALL")}],
        },
    )
    assert added[0] == "200 OK", added
    put(moto, PK=("S", "p1"), SK=("S", "s05"), W=("S", "w"))
    put(moto, PK=("S", "p2"), SK=("S", "s77"), W=("S", "w"))
    late = {
        "TableName": TABLE,
        "IndexName": "late",
        "KeyConditionExpression": "W = :w",
        "ExpressionAttributeValues": {":w": {"S": "w"}},
    }
    assert compare_pages(moto, late) == 1
    assert len(call(moto, "Query", late)[1]["Items"]) == 2


def test_a_transaction_that_fails_leaves_the_pages_as_they_were(moto):
    call(moto, "CreateTable", create_table_body(STRING_TABLE))
    for n in range(10):
        put(moto, PK=("S", "p"), SK=("S", f"s{n}"), H0=("S", "h"), R0=("N", str(n)))
    gsi_query = {
        "TableName": TABLE,
        "IndexName": "gsi0",
        "KeyConditionExpression": "H0 = :h",
        "ExpressionAttributeValues": {":h": {"S": "h"}},
    }
    before = call(moto, "Query", gsi_query)
    failed = call(
        moto,
        "TransactWriteItems",
        {
            "TransactItems": [
                {
                    "Update": {
                        "TableName": TABLE,
                        "Key": {"PK": {"S": "p"}, "SK": {"S": "s1"}},
                        "UpdateExpression": "SET H0 = :o",
                        "ExpressionAttributeValues": {":o": {"S": "other"}},
                    }
                },
                {"Delete": {"TableName": TABLE, "Key": {"PK": {"S": "p"}, "SK": {"S": "s2"}}}},
                {
                    "Put": {
                        "TableName": TABLE,
                        "Item": {"PK": {"S": "p"}, "SK": {"S": "s3"}},
                        "ConditionExpression": "attribute_not_exists(PK)",
                    }
                },
            ]
        },
    )
    assert "TransactionCanceled" in json.dumps(failed[1])
    assert call(moto, "Query", gsi_query) == before
    compare_pages(moto, {**gsi_query, "Limit": 3})


def test_the_index_makes_no_cyclic_garbage():
    """The server keeps the collector off stored data (heap.py): entries only point at
    items, so a dropped index, and every entry replaced, goes by reference counting."""
    import gc

    from moto.dynamodb.models.dynamo_type import DynamoType, Item

    key = query_index.KeyIndex(
        "H", "R", ["R", "PK"], {"H": "S", "R": "N", "PK": "S"}, from_attrs=True
    )
    items = [
        Item(
            DynamoType({"S": f"k{n}"}),
            None,
            {"PK": {"S": f"k{n}"}, "H": {"S": f"h{n % 5}"}, "R": {"N": str(n % 17)}},
        )
        for n in range(2000)
    ]
    gc.collect()
    gc.disable()
    try:
        for item in items:
            key.add(item)
        for item in items[::2]:
            assert key.discard(item)
        key.load(items[::3])
        del key
        assert gc.collect() == 0
    finally:
        gc.enable()


@pytest.mark.integration
def test_pages_are_the_same_after_a_kill_9_and_stay_right_as_writes_go_on(spawn):
    """Through the server: the index is rebuilt from the snapshot and the journal at
    start-up, and writes after the restart are filed in it."""
    from tests.localdb.conftest import dynamo_client

    server = spawn()
    client = dynamo_client(server.endpoint_url)
    client.create_table(**create_table_body(STRING_TABLE))
    for start in range(0, 120, 25):
        requests = [
            {
                "PutRequest": {
                    "Item": {
                        "PK": {"S": f"p{n % 4}"},
                        "SK": {"S": f"s{n:03}"},
                        "H0": {"S": f"h{n % 3}"},
                        "R0": {"N": str(n % 11)},
                    }
                }
            }
            for n in range(start, min(start + 25, 120))
        ]
        client.batch_write_item(RequestItems={TABLE: requests})
    client.update_item(
        TableName=TABLE,
        Key={"PK": {"S": "p1"}, "SK": {"S": "s001"}},
        UpdateExpression="SET H0 = :h",
        ExpressionAttributeValues={":h": {"S": "h2"}},
    )

    def pages(index_value: str) -> list[dict]:
        body = {
            "TableName": TABLE,
            "IndexName": "gsi0",
            "KeyConditionExpression": "H0 = :h AND R0 BETWEEN :a AND :b",
            "ExpressionAttributeValues": {
                ":h": {"S": index_value},
                ":a": {"N": "2"},
                ":b": {"N": "8"},
            },
            "ScanIndexForward": False,
            "Limit": 7,
        }
        found = []
        while True:
            page = client.query(**body)
            found.append({"items": page["Items"], "last": page.get("LastEvaluatedKey")})
            if "LastEvaluatedKey" not in page:
                return found
            body["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    before = {h: pages(h) for h in ("h0", "h1", "h2")}
    assert sum(len(p["items"]) for p in before["h2"]) > 7
    server.kill()
    server.start()
    client = dynamo_client(server.endpoint_url)
    assert {h: pages(h) for h in before} == before

    assert any(i["SK"]["S"] == "s003" for page in before["h0"] for i in page["items"])
    client.delete_item(TableName=TABLE, Key={"PK": {"S": "p3"}, "SK": {"S": "s003"}})
    client.put_item(
        TableName=TABLE,
        Item={"PK": {"S": "p9"}, "SK": {"S": "s999"}, "H0": {"S": "h0"}, "R0": {"N": "5"}},
    )
    after = [i for page in pages("h0") for i in page["items"]]
    assert {"PK": {"S": "p9"}, "SK": {"S": "s999"}, "H0": {"S": "h0"}, "R0": {"N": "5"}} in after
    assert not any(i["SK"]["S"] == "s003" for i in after)
