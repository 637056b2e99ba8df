"""moto's per-request routine, trimmed: the same actions found, the same replies written."""

import json

import pytest
from moto.core.base_backend import BackendDict
from moto.core.responses import BaseResponse
from moto.core.utils import method_names_from_class
from moto.dynamodb.responses import DynamoHandler

from marketing.localdb import fast_dispatch
from marketing.localdb.moto_app import TARGET_PREFIX, MotoDynamo
from tests.localdb.helpers import SIMPLE_TABLE, key

REGION = "ap-northeast-2"


class Odd(DynamoHandler):
    not_a_method = 3
    lambda_method = staticmethod(lambda: None)

    @property
    def a_property(self):
        return 1

    @classmethod
    def a_classmethod(cls):
        return cls


@pytest.mark.parametrize("cls", [DynamoHandler, Odd, BaseResponse])
def test_an_action_is_found_exactly_when_moto_s_listing_has_it(cls):
    listed = method_names_from_class(cls)
    names = fast_dispatch.FunctionNames(cls, method_names_from_class)
    candidates = set(dir(cls)) | {"query", "no_such_action", "", "__class__", "Query"}
    for name in candidates:
        assert (name in names) == (name in listed), name
    assert 3 not in names
    assert list(names) == listed


REQUESTS = [
    ("CreateTable", SIMPLE_TABLE),
    ("PutItem", {"TableName": "items", "Item": {**key("a"), "n": {"N": "1"}}}),
    ("GetItem", {"TableName": "items", "Key": key("a")}),
    (
        "Query",
        {
            "TableName": "items",
            "KeyConditionExpression": "PK = :p",
            "ExpressionAttributeValues": {":p": {"S": "a"}},
        },
    ),
    ("GetItem", {"TableName": "missing", "Key": key("a")}),
    ("PutItem", {"TableName": "items", "Item": {"PK": {"N": "1"}}}),
    ("DescribeTable", {"TableName": "items"}),
    ("DeleteTable", {"TableName": "items"}),
]


def _replies() -> list[tuple]:
    BackendDict.reset()
    moto = MotoDynamo()
    replies = []
    for operation, body in REQUESTS:
        reply = moto.invoke(TARGET_PREFIX + operation, json.dumps(body).encode(), REGION)
        headers = dict(reply.headers)
        request_id = headers.pop("x-amzn-requestid")
        assert len(request_id) == 52
        replies.append((reply.status, headers, reply.body))
    BackendDict.reset()
    return replies


def test_replies_are_the_ones_moto_writes():
    expected = _replies()
    uninstall = fast_dispatch.install()
    try:
        ours = _replies()
    finally:
        uninstall()
    for (operation, _), mine, theirs in zip(REQUESTS, ours, expected, strict=True):
        if operation.endswith("Table"):  # a table's creation time differs between runs
            assert (mine[0], list(mine[1])) == (theirs[0], list(theirs[1]))
        else:
            assert mine == theirs


@pytest.mark.parametrize(
    "body",
    [
        '{"Items":[]}',
        "<Response><RequestId>old</RequestId></Response>",
        "<RequestId>a</RequestId> and <RequestId>b</RequestId>",
        b"<RequestId>bytes are left alone</RequestId>",
        "",
        None,
    ],
)
def test_request_ids_are_written_as_moto_writes_them(body):
    expected_headers, expected_body = BaseResponse._enrich_response({"status": 400}, body)
    uninstall = fast_dispatch.install()
    try:
        headers, ours = BaseResponse._enrich_response({"status": 400}, body)
    finally:
        uninstall()
    assert headers["status"] == expected_headers["status"] == "400"
    assert len(headers["x-amzn-requestid"]) == 52
    if isinstance(body, str) and "<RequestId>" in body:
        request_id = headers["x-amzn-requestid"]
        assert ours == expected_body.replace(expected_headers["x-amzn-requestid"], request_id)
    else:
        assert ours == expected_body == body
