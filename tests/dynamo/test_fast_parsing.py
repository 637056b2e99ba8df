"""DynamoDB responses parsed by compiled plans equal botocore's own parse, for every
operation's output shape (generated bodies, hostile values included) and errors."""

import json

import botocore.session
import pytest
from botocore.parsers import JSONParser

from marketing.dynamo.client import get_client
from marketing.dynamo.fast_parsing import CompiledJSONParser, CompiledParserFactory
from tests.localdb.test_fast_requests import Generator

SESSION = botocore.session.get_session()
SERVICES = {name: SESSION.get_service_model(name) for name in ("dynamodb", "dynamodbstreams")}
HEADERS = {"x-amzn-RequestId": "R1", "Content-Type": "application/x-amz-json-1.0"}


def _response(body, status=200) -> dict:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return {"body": raw, "headers": dict(HEADERS), "status_code": status, "context": {}}


def _parse(parser, body, shape, status=200):
    try:
        return parser.parse(_response(body, status), shape)
    except Exception:  # a body botocore cannot parse fails the call with ours too
        return "raised"


class _Responses(Generator):
    """Generator's documents for output shapes, with timestamps as DynamoDB sends them."""

    def value(self, shape, depth: int = 0):
        if shape.type_name == "timestamp" and self.rng.random() > self.odd:
            return self.rng.choice([1_700_000_000, 1_700_000_000.25])
        if shape.type_name == "structure" and shape.name == "AttributeValue" and depth > 6:
            return {"S": "deep"}
        return super().value(shape, depth)


@pytest.mark.parametrize("odd", [0.0, 0.05, 0.3])
@pytest.mark.parametrize("service_name", list(SERVICES))
def test_every_output_parses_as_botocore_parses_it(service_name, odd):
    service = SERVICES[service_name]
    generator = _Responses(seed=int(odd * 100) + len(service_name), odd=odd)
    ours, theirs = CompiledJSONParser(), JSONParser()
    shapes = {name: service.operation_model(name).output_shape for name in service.operation_names}
    shapes = {name: shape for name, shape in shapes.items() if shape is not None}
    compared = answered = 0
    for operation, shape in shapes.items():
        for _ in range(25):
            body = generator.value(shape)
            expected = _parse(theirs, body, shape)
            assert _parse(ours, body, shape) == expected, (operation, body)
            compared += 1
            answered += expected != "raised"
    assert compared == 25 * len(shapes) and len(shapes) >= 4
    if odd == 0.0:
        assert answered > compared * 0.8  # well-formed bodies: nearly all parse


@pytest.mark.parametrize(
    "body",
    [
        {"Items": [{"a": {"S": "x"}, "b": {"B": "AAEC/w=="}, "c": {"BS": ["AA==", None]}}]},
        {"Items": [{"a": {"S": "x", "N": "1"}}]},  # two members: botocore's own checks
        {"Items": [{"a": {"Unknown": "x"}}]},  # an unknown union member
        {"Items": [{"a": {"S": None}}], "Count": 1, "Extra": "ignored"},
        {"Items": [None, {"a": {"M": {"b": {"L": [{"NULL": True}, None]}}}}]},
        {"Items": [{"a": {"B": "!!"}}]},  # broken base64
        {"Items": "not a list"},
        {"Count": None, "LastEvaluatedKey": {"PK": {"S": "k"}}},
    ],
)
def test_odd_query_bodies_parse_as_botocore_parses_them(body):
    shape = SERVICES["dynamodb"].operation_model("Query").output_shape
    assert _parse(CompiledJSONParser(), body, shape) == _parse(JSONParser(), body, shape)


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"__type": "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException"}, 400),
        ({"__type": "ResourceNotFoundException", "message": "no table"}, 400),
        (b"<html><body>Service Unavailable</body></html>", 503),
        (b"", 500),
    ],
)
def test_errors_parse_as_botocore_parses_them(body, status):
    shape = SERVICES["dynamodb"].operation_model("PutItem").output_shape
    assert _parse(CompiledJSONParser(), body, shape, status) == _parse(
        JSONParser(), body, shape, status
    )


def test_the_console_s_clients_use_one_compiled_parser_each(dynamo_tables):
    factory = get_client("interactive")._endpoint._response_parser_factory
    assert isinstance(factory, CompiledParserFactory)
    assert factory.create_parser("json") is factory.create_parser("json")
    assert type(factory.create_parser("rest-json")).__name__ == "RestJSONParser"


def test_items_read_back_through_the_console_client_are_botocore_s(dynamo_tables):
    client = get_client("interactive")
    table = dynamo_tables["matches"]
    item = {
        "PK": {"S": "MATCH#1"},
        "SK": {"S": "MATCH"},
        "blob": {"B": b"\x00\x01"},
        "blobs": {"BS": [b"\x02", b"\x03"]},
        "nested": {"M": {"list": {"L": [{"N": "1.50"}, {"NULL": True}, {"BOOL": False}]}}},
        "names": {"SS": ["상점", "x"]},
    }
    client.put_item(TableName=table, Item=item)
    found = client.get_item(TableName=table, Key={"PK": item["PK"], "SK": item["SK"]})["Item"]
    assert found["blob"] == {"B": b"\x00\x01"} and sorted(found["blobs"]["BS"]) == [
        b"\x02",
        b"\x03",
    ]
    assert found["nested"] == item["nested"] and sorted(found["names"]["SS"]) == ["x", "상점"]
    described = client.describe_table(TableName=table)["Table"]
    assert described["CreationDateTime"].tzinfo is not None
