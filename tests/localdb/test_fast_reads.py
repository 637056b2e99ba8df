"""Query and GetItem answered without moto's routine give moto's own replies, byte for byte,
with moto's side effects; anything the routine could answer otherwise goes through moto."""

import gzip
import io
import json

import pytest
from hypothesis import given
from moto.core.authorization import ActionAuthenticatorMixin
from moto.core.base_backend import BackendDict
from werkzeug.test import EnvironBuilder

from marketing.localdb import fast_reads, patches
from marketing.localdb.moto_app import CONTENT_TYPE, TARGET_PREFIX, MotoDynamo
from marketing.localdb.targets import authorization_for
from tests.localdb.helpers import DIFFERENTIAL
from tests.localdb.test_query_index import TABLE, create_table_body, key_attrs, scenarios

REGION = "ap-northeast-2"


@pytest.fixture(scope="module")
def installed():
    uninstall = patches.install_all()
    yield
    uninstall()


def environ(target: str, body: bytes, host: str = "127.0.0.1:8001", **headers) -> dict:
    return EnvironBuilder(
        method="POST",
        path="/",
        headers={"Host": host, "X-Amz-Target": target, **headers},
        content_type=CONTENT_TYPE,
        data=body,
    ).get_environ()


def run(app, request: dict):
    """(status, headers but the random request id, body, requests counted) or what it raised."""
    started = {}

    def start_response(status, headers, exc_info=None):
        started["status"], started["headers"] = status, headers

    counted = ActionAuthenticatorMixin.request_count
    request = {**request, "wsgi.input": io.BytesIO(request["wsgi.input"].getvalue())}
    try:
        body = b"".join(app(request, start_response))
    except Exception as exc:
        return ("raised", type(exc).__name__, str(exc))
    headers = [(k, v) for k, v in started["headers"] if k != "x-amzn-requestid"]
    assert len(dict(started["headers"])["x-amzn-requestid"]) == 52
    return started["status"], headers, body, ActionAuthenticatorMixin.request_count - counted


def both_ways(moto: MotoDynamo, operation: str, body: dict, *, taken: bool = True, **headers):
    request = environ(
        TARGET_PREFIX + operation,
        json.dumps(body).encode(),
        Authorization=authorization_for(REGION),
        **headers,
    )
    assert moto.reads.takes(request) is taken
    ours = run(moto.reads, request)
    assert ours == run(moto.direct, request), (operation, body)
    return ours


def invoke(moto: MotoDynamo, operation: str, body: dict) -> None:
    moto.invoke(TARGET_PREFIX + operation, json.dumps(body).encode(), REGION)


@DIFFERENTIAL
@given(scenarios())
def test_generated_reads_are_answered_as_moto_answers_them(installed, scenario):
    schema, steps = scenario
    BackendDict.reset()
    moto = MotoDynamo()
    invoke(moto, "CreateTable", create_table_body(schema))
    for operation, body in steps:
        if operation == "Query":
            both_ways(moto, "Query", body)
            continue
        invoke(moto, operation, body)
        if operation == "PutItem":
            item_key = {name: body["Item"][name] for name in key_attrs(schema)}
            both_ways(moto, "GetItem", {"TableName": TABLE, "Key": item_key})
            projected = {"TableName": TABLE, "Key": item_key, "ProjectionExpression": "v"}
            both_ways(moto, "GetItem", {**projected, "ReturnConsumedCapacity": "TOTAL"})
    BackendDict.reset()


@pytest.fixture
def moto(installed):
    BackendDict.reset()
    moto = MotoDynamo()
    invoke(
        moto,
        "CreateTable",
        {
            "TableName": TABLE,
            "BillingMode": "PAY_PER_REQUEST",
            "KeySchema": [{"AttributeName": "PK", "KeyType": "HASH"}],
            "AttributeDefinitions": [{"AttributeName": "PK", "AttributeType": "S"}],
        },
    )
    item = {"PK": {"S": "a"}, "name": {"S": "가게"}, "blob": {"B": "AAE="}, "n": {"N": "1.50"}}
    invoke(moto, "PutItem", {"TableName": TABLE, "Item": item})
    yield moto
    BackendDict.reset()


GET = {"TableName": TABLE, "Key": {"PK": {"S": "a"}}}
FAILING = [
    ("GetItem", {"TableName": "missing", "Key": {"PK": {"S": "a"}}}),
    ("GetItem", {"TableName": TABLE, "Key": {"PK": {"S": ""}}}),
    ("GetItem", {**GET, "ReturnConsumedCapacity": "SOMETIMES"}),
    ("Query", {"TableName": TABLE, "KeyConditionExpression": "nonsense ="}),
    ("Query", {"TableName": TABLE}),
    ("Query", {"TableName": TABLE, "IndexName": "none", "KeyConditionExpression": "PK = :p",
               "ExpressionAttributeValues": {":p": {"S": "a"}}}),
]  # fmt: skip


@pytest.mark.parametrize(("operation", "body"), FAILING)
def test_a_read_moto_refuses_is_refused_as_moto_refuses_it(moto, operation, body):
    status, _, reply, counted = both_ways(moto, operation, body)
    assert status.startswith("400")
    assert b"__type" in reply
    assert counted == 1


def test_a_body_that_does_not_parse_raises_as_in_moto(moto):
    request = environ(TARGET_PREFIX + "GetItem", b'{"TableName": 7}')
    assert run(moto.reads, request)[:2] == ("raised", "RequestNotParsed")
    assert run(moto.reads, request) == run(moto.direct, request)


def test_a_read_is_answered_and_counted_once(moto):
    status, headers, body, counted = both_ways(moto, "GetItem", GET)
    assert (status, counted) == ("200 OK", 1)
    assert json.loads(body)["Item"]["name"] == {"S": "가게"}
    assert [name for name, _ in headers] == [
        "Content-Type",
        "server",
        "x-amz-crc32",
        "Content-Length",
        "Access-Control-Allow-Origin",
    ]


@pytest.mark.parametrize(
    ("body", "host", "headers"),
    [
        (GET, "127.0.0.1:8001", {"Origin": "http://localhost:8000"}),
        (GET, "dynamodb.us-west-2.amazonaws.com", {}),
        (GET, "127.0.0.1:8001", {"Action": "DeleteTable"}),
        ({**GET, "Key": {"PK": {"S": "a&Action=ListTables&"}}}, "127.0.0.1:8001", {}),
        ({**GET, "Key": {"PK": {"S": "&AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE"}}}, "h:1", {}),
    ],
)
def test_what_moto_s_routine_could_answer_otherwise_goes_through_moto(moto, body, host, headers):
    request = environ(
        TARGET_PREFIX + "GetItem",
        json.dumps(body).encode(),
        host=host,
        Authorization=authorization_for(REGION),
        **headers,
    )
    through_moto = run(moto.direct, request)
    assert run(moto.app_for(request), request) == through_moto


def test_a_compressed_body_goes_through_moto(moto):
    request = environ(
        TARGET_PREFIX + "GetItem",
        gzip.compress(json.dumps(GET).encode()),
        **{"Content-Encoding": "gzip"},
    )
    assert not moto.reads.takes(request)


def test_without_the_patches_reads_go_through_moto(installed):
    moto = MotoDynamo()
    request = environ(TARGET_PREFIX + "GetItem", json.dumps(GET).encode())
    assert moto.reads.takes(request)
    fast_reads._state["installed"] = False
    try:
        assert not moto.reads.takes(request)
    finally:
        fast_reads._state["installed"] = True
