"""The compiled request parser gives exactly what moto's shape walker gives, or steps aside."""

import base64
import binascii
import datetime as dt
import json
import random

import pytest
from moto.core.base_backend import BackendDict
from moto.core.parse import JSONParser
from moto.core.utils import get_service_model

from marketing.localdb import fast_requests
from marketing.localdb.moto_app import MotoDynamo
from tests.localdb.helpers import SIMPLE_TABLE, key
from tests.localdb.test_fast_results import EVERY_TYPE

REGION = "ap-northeast-2"
SERVICE = get_service_model("dynamodb")
OPERATIONS = [name for name in SERVICE.operation_names if SERVICE.operation_model(name).input_shape]
ODD_VALUES = [None, "text", "", 7, -1.5, True, False, [], [None], {}, {"unknown": 1}, "AA=="]


def moto_parse(operation: str, body: bytes):
    parser = JSONParser(SERVICE.operation_model(operation), map_type=dict)
    return parser.parse({"body": body, "headers": {}, "method": "POST", "url_path": "/"})


def plan_parse(operation: str, body: bytes):
    return fast_requests.OperationPlan(SERVICE.operation_model(operation)).parse(body)


def same(a, b) -> bool:
    """Equal, and of the same types all the way down (1 == 1.0 == True is not enough)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return a == b


class Generator:
    """Request documents shaped by botocore's model, with a share of hostile deviations."""

    def __init__(self, seed: int, odd: float):
        self.rng = random.Random(seed)
        self.odd = odd

    def value(self, shape, depth: int = 0):
        rng = self.rng
        if rng.random() < self.odd:
            return rng.choice(ODD_VALUES)
        kind = shape.type_name
        if kind == "structure":
            return self.structure(shape, depth)
        if kind == "list":
            return [self.value(shape.member, depth + 1) for _ in range(self.count(depth))]
        if kind == "map":
            return {
                self.text(): self.value(shape.value, depth + 1) for _ in range(self.count(depth))
            }
        if kind == "blob":
            raw = base64.b64encode(rng.randbytes(rng.randint(0, 9))).decode()
            return rng.choice([raw, raw, raw.rstrip("="), "!!", "Zm9v\n"])
        if kind == "timestamp":
            return rng.choice([1_700_000_000, 1_700_000_000.25, "2026-11-25T01:02:03Z"])
        if kind in ("integer", "long"):
            return rng.choice([0, 5, -3, 10**12])
        if kind in ("float", "double"):
            return rng.choice([0.5, 3])
        if kind == "boolean":
            return rng.choice([True, False])
        return self.text()

    def structure(self, shape, depth: int) -> dict:
        names = list(shape.members)
        if shape.name == "AttributeValue":
            # One type a value, as clients send, unless the odd roll says otherwise.
            if depth > 4:
                names = ["S", "N", "B", "BOOL", "NULL"]
            count = 1 if self.rng.random() > self.odd else self.rng.choice([0, 2, 3])
        else:
            count = self.rng.randint(0, len(names))
        chosen = self.rng.sample(names, min(count, len(names)))
        document = {name: self.value(shape.members[name], depth + 1) for name in chosen}
        if self.rng.random() < self.odd:
            document["NotModelled"] = self.text()
        return document

    def count(self, depth: int) -> int:
        return self.rng.randint(0, 3 if depth < 4 else 1)

    def text(self) -> str:
        return self.rng.choice(["a", "PK", "상점", "#n", ":v", "x" * 20, "\u0000"])


@pytest.mark.parametrize("odd", [0.0, 0.05, 0.3])
def test_every_operation_parses_as_moto_does_or_is_refused(odd):
    generator = Generator(seed=int(odd * 100), odd=odd)
    compared = refused = 0
    for operation in OPERATIONS:
        shape = SERVICE.operation_model(operation).input_shape
        for _ in range(40):
            body = json.dumps(generator.value(shape)).encode()
            try:
                ours = plan_parse(operation, body)
            except fast_requests.RequestNotParsed:
                refused += 1  # the store answers SerializationException
                continue
            theirs = moto_parse(operation, body)  # must not raise where ours did not
            assert same(ours, theirs), (operation, body)
            compared += 1
    assert compared > 200
    if odd == 0.0:
        # Only the deliberately broken base64 in blobs may refuse a well-formed body.
        assert refused < compared / 10


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"{}",
        '{"TableName": "상점"}'.encode(),
        b'{"TableName": null, "Item": null}',
        b'{"TableName": "t", "Item": {"a": {"S": "x", "N": "1"}}}',
        b'{"TableName": "t", "Item": {"a": {"S": null}}}',
        b'{"TableName": "t", "Item": {"a": {}}}',
        b'{"TableName": "t", "Item": {"a": {"Bogus": 1}}}',
        b'{"TableName": "t", "Item": {"a": {"B": "AAEC/w=="}, "b": {"BS": ["AA==", "/w=="]}}}',
        b'{"TableName": "t", "Item": {"a": {"M": {"b": {"L": [{"B": "AQ=="}, {"NULL": true}]}}}}}',
        b'{"TableName": "t", "Item": {"a": {"B": "!!"}}}',
    ],
)
def test_well_typed_bodies_parse_as_moto_does(body):
    assert same(plan_parse("PutItem", body), moto_parse("PutItem", body))


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"null", "expected an object, found null"),
        (b"[]", "expected an object, found an array"),
        (b'"text"', "expected an object, found a string"),
        (b"{not json", "not JSON"),
        (b"\xff\xfe not utf-8", "not JSON"),
        (b'{"TableName": 5}', "expected a string, found a number"),
        (b'{"TableName": "t", "Item": "text"}', "expected an object, found a string"),
        (b'{"TableName": "t", "Item": {"a": "text"}}', "expected an object"),
        (b'{"TableName": "t", "Item": {"a": {"N": {"deep": 1}}}}', "expected a string"),
        (b'{"TableName": "t", "Item": {"a": {"S": 5}}}', "found a number"),
        (b'{"TableName": "t", "Item": {"a": {"BOOL": "yes"}}}', "expected a boolean"),
        (b'{"TableName": "t", "Item": {"a": {"L": "abc"}}}', "expected an array"),
        (b'{"TableName": "t", "Item": {"a": {"SS": "abc"}}}', "expected an array"),
        (b'{"TableName": "t", "Item": {"a": {"SS": ["a", null]}}}', "found null"),
        (b'{"TableName": "t", "Item": {"a": {"L": [null]}}}', "found null"),
        (b'{"TableName": "t", "Item": {"a": {"M": [["b", {"S": "x"}]]}}}', "expected an object"),
        (b'{"TableName": "t", "Item": {"a": {"B": "abc"}}}', "not base64"),
        (b'{"TableName": "t", "Item": {"a": {"B": 5}}}', "expected base64 text"),
    ],
)
def test_ill_typed_bodies_are_refused_with_what_was_wrong(body, message):
    with pytest.raises(fast_requests.RequestNotParsed, match=message):
        plan_parse("PutItem", body)


def test_a_body_nested_past_recursion_is_refused():
    deep = '{"L": [' * 5000 + '{"S": "bottom"}' + "]}" * 5000
    body = ('{"TableName": "t", "Item": {"deep": ' + deep + "}}").encode()
    with pytest.raises(fast_requests.RequestNotParsed, match="nested too deeply"):
        plan_parse("PutItem", body)


def test_blobs_come_out_as_bytes_and_timestamps_as_datetimes():
    item = plan_parse("PutItem", json.dumps({"TableName": "t", "Item": EVERY_TYPE}).encode())
    assert item["Item"]["blob"] == {"B": b"\x00\x01\x02\xff"}
    assert item["Item"]["blobs"] == {"BS": [b"\x00\x01", b"\xff"]}
    assert item["Item"]["nested"]["M"]["list"]["L"][3] == {"B": b"\x01"}
    backups = plan_parse("ListBackups", b'{"TimeRangeLowerBound": 1700000000}')
    assert backups["TimeRangeLowerBound"] == dt.datetime(2023, 11, 14, 22, 13, 20)


def test_a_deep_item_parses_without_recursing_per_member():
    value = {"S": "bottom"}
    for _ in range(30):
        value = {"M": {"next": value}}
    body = json.dumps({"TableName": "t", "Item": {"deep": value}}).encode()
    assert same(plan_parse("PutItem", body), moto_parse("PutItem", body))


@pytest.fixture
def moto():
    BackendDict.reset()  # moto keeps its state in module globals
    moto = MotoDynamo()
    moto.invoke_json("CreateTable", SIMPLE_TABLE, REGION)
    yield moto
    BackendDict.reset()


def _session(moto: MotoDynamo) -> list[tuple[str, bytes]]:
    requests = [
        ("PutItem", {"TableName": "items", "Item": EVERY_TYPE}),
        ("PutItem", {"TableName": "items", "Item": {"PK": {"N": "1"}}}),
        (
            "BatchWriteItem",
            {"RequestItems": {"items": [{"PutRequest": {"Item": {"PK": {"S": "c"}}}}]}},
        ),
        ("GetItem", {"TableName": "items", "Key": key("a")}),
        ("GetItem", {"TableName": "items", "Key": key("c")}),
        ("GetItem", {"TableName": "nope", "Key": key("a")}),
        ("NoSuchOperation", {}),
    ]
    replies = []
    for operation, body in requests:
        try:
            reply = moto.invoke(f"DynamoDB_20120810.{operation}", json.dumps(body).encode(), REGION)
        except Exception as exc:  # moto's parser raises on bad base64 (the store answers 400)
            cause = exc.__cause__ if isinstance(exc, fast_requests.RequestNotParsed) else exc
            replies.append(("raised", type(cause).__name__))
            continue
        body = json.loads(reply.body) if reply.body.startswith(b"{") else reply.body
        if isinstance(body, dict):
            body.pop("ConsumedCapacity", None)
        replies.append((reply.status, body))
    return replies


def test_installed_the_server_answers_exactly_as_moto_does(moto):
    expected = _session(moto)
    BackendDict.reset()
    moto = MotoDynamo()
    moto.invoke_json("CreateTable", SIMPLE_TABLE, REGION)
    uninstall = fast_requests.install()
    try:
        assert _session(moto) == expected
    finally:
        uninstall()
    assert expected[0][0].startswith("200")
    assert expected[3][1]["Item"]["blob"] == {"B": "AAEC/w=="}


def test_installed_a_body_moto_chokes_on_is_refused_before_moto_sees_it(moto):
    bad = json.dumps({"TableName": "items", "Item": {"PK": {"S": "b"}, "x": {"B": "abc"}}})
    with pytest.raises(binascii.Error):  # moto alone: an exception, so a 500 page
        moto.invoke("DynamoDB_20120810.PutItem", bad.encode(), REGION)
    uninstall = fast_requests.install()
    try:
        with pytest.raises(fast_requests.RequestNotParsed, match="not base64"):
            moto.invoke("DynamoDB_20120810.PutItem", bad.encode(), REGION)
    finally:
        uninstall()


def test_install_undoes_itself():
    from moto.dynamodb.responses import DynamoHandler

    original = DynamoHandler.parse_parameters
    uninstall = fast_requests.install()
    assert DynamoHandler.parse_parameters is not original
    uninstall()
    assert DynamoHandler.parse_parameters is original
