"""moto's DynamoDB view called without Flask answers every request as through Flask."""

import io
import json

import pytest
from moto.core.base_backend import BackendDict
from moto.dynamodb.responses import DynamoHandler
from werkzeug.exceptions import BadRequestKeyError, Forbidden
from werkzeug.test import EnvironBuilder

from marketing.localdb import direct_route, fast_requests
from marketing.localdb.moto_app import CONTENT_TYPE, TARGET_PREFIX, MotoDynamo
from marketing.localdb.targets import authorization_for
from tests.localdb.helpers import SIMPLE_TABLE, key

REGION = "ap-northeast-2"

REQUESTS = [
    ("ListTables", {}),
    ("CreateTable", SIMPLE_TABLE),
    ("PutItem", {"TableName": "items", "Item": {**key("a"), "s": {"S": "상점"}}}),
    ("GetItem", {"TableName": "items", "Key": key("a")}),
    (
        "Query",
        {
            "TableName": "items",
            "KeyConditionExpression": "PK = :p",
            "ExpressionAttributeValues": {":p": {"S": "a"}},
            "ReturnConsumedCapacity": "INDEXES",
        },
    ),
    ("GetItem", {"TableName": "missing", "Key": key("a")}),
    ("PutItem", {"TableName": "items", "Item": {"PK": {"N": "1"}}}),
    ("Query", {"TableName": "items"}),
    ("NoSuchOperation", {}),
    ("DeleteItem", {"TableName": "items", "Key": key("a"), "ReturnValues": "ALL_OLD"}),
]
HEADER_SETS = [
    {},
    {"Origin": "http://localhost:8000"},
    {"Origin": "http://localhost:8000", "Access-Control-Request-Private-Network": "true"},
]


def environ(target: str, body: bytes, method: str = "POST", path: str = "/", **headers) -> dict:
    return EnvironBuilder(
        method=method,
        path=path,
        headers={
            "Host": "127.0.0.1:8001",
            "X-Amz-Target": target,
            "Authorization": authorization_for(REGION),
            **headers,
        },
        content_type=CONTENT_TYPE,
        data=body,
    ).get_environ()


def run(moto: MotoDynamo, app, environ: dict):
    """(status, headers without the random request id, body) or the exception raised."""
    started = {}

    def start_response(status, headers, exc_info=None):
        started["status"], started["headers"] = status, headers

    try:
        body = b"".join(app(environ, start_response))
    except Exception as exc:
        return ("raised", type(exc).__name__, str(exc))
    headers = [(k, v) for k, v in started["headers"] if k != "x-amzn-requestid"]
    return started["status"], headers, body


def replies(route: str, extra_headers: dict) -> list:
    BackendDict.reset()
    moto = MotoDynamo()
    assert moto.direct is not None
    app = moto.direct if route == "direct" else moto.dynamodb
    answers = []
    for operation, body in REQUESTS:
        request = environ(TARGET_PREFIX + operation, json.dumps(body).encode(), **extra_headers)
        if route == "direct":
            assert moto.direct.takes(request)
        answer = run(moto, app, request)
        if operation.endswith("Table") and answer[0] != "raised":
            # The table's creation time (so the body and its checksum) differs between runs.
            answer = (answer[0], [name for name, _ in answer[1]])
        answers.append(answer)
    BackendDict.reset()
    return answers


@pytest.fixture
def parsed_by_plans():
    uninstall = fast_requests.install()
    yield
    uninstall()


@pytest.mark.parametrize("extra_headers", HEADER_SETS)
def test_replies_are_the_ones_flask_gives(extra_headers, parsed_by_plans):
    assert replies("direct", extra_headers) == replies("flask", extra_headers)


@pytest.mark.parametrize("raised", [Forbidden("no"), BadRequestKeyError("k")])
def test_a_view_raising_an_http_error_is_answered_as_flask_answers_it(monkeypatch, raised):
    def list_tables(self):
        raise raised

    monkeypatch.setattr(DynamoHandler, "list_tables", list_tables)
    moto = MotoDynamo()
    request = environ(TARGET_PREFIX + "ListTables", b"{}")
    through_flask = run(moto, moto.dynamodb, request)
    request["wsgi.input"] = io.BytesIO(b"{}")
    assert run(moto, moto.direct, request) == through_flask


def test_a_body_that_does_not_parse_raises_as_through_flask(parsed_by_plans):
    moto = MotoDynamo()
    request = environ(TARGET_PREFIX + "GetItem", b'{"TableName": 3}')
    through_flask = run(moto, moto.dynamodb, request)
    assert through_flask[:2] == ("raised", "RequestNotParsed")
    request["wsgi.input"] = io.BytesIO(b'{"TableName": 3}')
    assert run(moto, moto.direct, request) == through_flask


@pytest.mark.parametrize(
    ("method", "path"), [("GET", "/"), ("OPTIONS", "/"), ("POST", "/other"), ("POST", "//")]
)
def test_anything_but_a_post_to_the_root_goes_through_flask(method, path):
    moto = MotoDynamo()
    request = environ(TARGET_PREFIX + "ListTables", b"{}", method=method, path=path)
    assert not moto.direct.takes(request)
    assert moto.app_for(request) is moto.dynamodb


def test_an_app_with_more_than_moto_gives_it_has_no_direct_route():
    moto = MotoDynamo()
    moto.dynamodb.before_request(lambda: None)
    assert direct_route.route_for(moto.dynamodb) is None
    fresh = MotoDynamo()
    fresh.dynamodb.add_url_rule("/extra", view_func=lambda: "")
    assert direct_route.route_for(fresh.dynamodb) is None
