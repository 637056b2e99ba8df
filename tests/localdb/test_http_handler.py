"""Connections kept open: HTTP/1.1 requests answered on one connection, as werkzeug would
answer them one connection each; anything else closed as werkzeug closes it."""

import email.parser
import email.utils
import http.client
import json
import socket
import threading
from http.client import HTTPMessage

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.serving import make_server

from marketing.localdb.http_handler import KeepAliveRequestHandler, plain_headers
from marketing.localdb.targets import authorization_for

from .conftest import REGION, dynamo_client
from .helpers import SIMPLE_TABLE, key


def echo(environ, start_response):
    """Answers with the body it was sent (the whole of a chunked one)."""
    stream = environ["wsgi.input"]
    if environ.get("wsgi.input_terminated"):
        body = stream.read()
    else:
        body = stream.read(int(environ.get("CONTENT_LENGTH") or 0))
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]


def ignores_the_body(environ, start_response):
    start_response("200 OK", [("Content-Length", "2")])
    return [b"ok"]


def fails(environ, start_response):
    raise RuntimeError("broken app")


@pytest.fixture
def serve():
    servers = []

    def start(app) -> int:
        server = make_server(
            "127.0.0.1", 0, app, threaded=True, request_handler=KeepAliveRequestHandler
        )
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return server.port

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


class _OneFile:
    """Lets several HTTPResponses read one after another from one buffered stream (each
    closes the stream it read once done: here, that closes nothing)."""

    def __init__(self, stream):
        self.stream = stream

    def makefile(self, mode):
        return self

    def __getattr__(self, name):
        return getattr(self.stream, name)

    def close(self):
        pass


def _responses(port: int, raw: bytes, count: int) -> tuple[list, bytes]:
    """Send raw bytes, read count responses; also what the server sends after them
    (b"" once it closed the connection)."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(raw)
        stream = sock.makefile("rb")
        responses = []
        for _ in range(count):
            response = http.client.HTTPResponse(_OneFile(stream))
            response.begin()
            responses.append((response.status, dict(response.getheaders()), response.read()))
        sock.settimeout(0.5)
        try:
            after = stream.read(1)
        except TimeoutError:
            after = None  # still open
        return responses, after


def _post(body: bytes, *extra: str, version: str = "HTTP/1.1") -> bytes:
    head = [f"POST / {version}", "Host: x", f"Content-Length: {len(body)}", *extra]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


def test_http_1_1_requests_are_answered_on_one_connection(serve):
    port = serve(echo)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        sockets = set()
        for body in (b"first", b"", b"third" * 1000):
            connection.request("POST", "/", body=body)
            response = connection.getresponse()
            assert response.read() == body
            assert response.getheader("Connection") is None
            assert response.getheader("Server") and response.getheader("Date")
            sockets.add(id(connection.sock))
        assert len(sockets) == 1
    finally:
        connection.close()


def test_pipelined_requests_are_answered_in_order_each_with_its_own_body(serve):
    port = serve(echo)
    raw = _post(b'{"a": 1}') + _post(b"") + _post(b"last")
    responses, after = _responses(port, raw, 3)
    assert [body for _, _, body in responses] == [b'{"a": 1}', b"", b"last"]
    assert after is None


@pytest.mark.parametrize(
    ("extra", "version"),
    [((), "HTTP/1.0"), (("Connection: close",), "HTTP/1.1")],
)
def test_http_1_0_and_connection_close_are_answered_then_closed(serve, extra, version):
    port = serve(echo)
    responses, after = _responses(port, _post(b"body", *extra, version=version), 1)
    status, headers, body = responses[0]
    assert (status, body, headers["Connection"]) == (200, b"body", "close")
    assert after == b""


def test_a_chunked_body_is_read_by_werkzeug_and_the_connection_closed(serve):
    port = serve(echo)
    raw = (
        b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"4\r\nabcd\r\n3\r\nefg\r\n0\r\n\r\n"
    )
    responses, after = _responses(port, raw, 1)
    assert responses[0][2] == b"abcdefg"
    assert responses[0][1]["Connection"] == "close"
    assert after == b""


def test_a_body_the_app_left_unread_closes_the_connection(serve):
    # Otherwise the rest of the body would be read as the next request line.
    port = serve(ignores_the_body)
    responses, after = _responses(port, _post(b"unread") + _post(b""), 1)
    assert responses[0][2] == b"ok"
    assert responses[0][1]["Connection"] == "close"
    assert after == b""


def test_expect_100_continue_gets_the_interim_answer_first(serve):
    port = serve(echo)
    raw = _post(b"sent after", "Expect: 100-continue")
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(raw)
        stream = sock.makefile("rb")
        assert stream.readline() == b"HTTP/1.1 100 Continue\r\n"
        assert stream.readline() == b"\r\n"
        response = http.client.HTTPResponse(_OneFile(stream))
        response.begin()
        assert response.read() == b"sent after"


def test_an_app_failure_is_a_dynamodb_error_and_the_connection_closes(serve):
    port = serve(fails)
    responses, after = _responses(port, _post(b"{}"), 1)
    status, headers, body = responses[0]
    assert status == 500
    assert json.loads(body)["__type"].endswith("#InternalServerError")
    assert "broken app" in json.loads(body)["message"]
    assert headers["Connection"] == "close"
    assert after == b""


def _dynamo_request(target: str, body: dict, *extra: str) -> bytes:
    data = json.dumps(body).encode()
    return _post(
        data,
        f"X-Amz-Target: DynamoDB_20120810.{target}",
        "Content-Type: application/x-amz-json-1.0",
        f"Authorization: {authorization_for(REGION)}",
        *extra,
    )


VARYING = {"Date", "x-amzn-requestid", "Connection"}


@pytest.mark.integration
def test_the_server_answers_on_an_open_connection_as_werkzeug_answers_on_a_closed_one(spawn):
    server = spawn(journal=False)
    client = dynamo_client(server.endpoint_url)
    client.create_table(**SIMPLE_TABLE)
    client.put_item(TableName="items", Item={**key("a"), "n": {"N": "1"}, "s": {"S": "상점"}})
    requests = [
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
    ]
    kept_open = b"".join(_dynamo_request(target, body) for target, body in requests)
    answers, after = _responses(server.port, kept_open, len(requests))
    assert after is None
    for (target, body), (status, headers, content) in zip(requests, answers, strict=True):
        closing, _ = _responses(server.port, _dynamo_request(target, body, "Connection: close"), 1)
        expected_status, expected_headers, expected_content = closing[0]
        assert expected_headers["Connection"] == "close"
        assert status == expected_status
        assert content == expected_content
        assert [name for name in headers if name not in VARYING] == [
            name for name in expected_headers if name not in VARYING
        ]
        assert {k: v for k, v in headers.items() if k not in VARYING} == {
            k: v for k, v in expected_headers.items() if k not in VARYING
        }


PLAIN_LINES = [
    b"Host: 127.0.0.1:8001\r\n",
    b"X-Amz-Target: DynamoDB_20120810.Query\r\n",
    b"Content-Type:application/x-amz-json-1.0\r\n",
    b"Empty:\r\n",
    b"Spaces:  \t value with  inner  spaces \t \r\n",
    b"Authorization: AWS4-HMAC-SHA256 Credential=a/b/c, SignedHeaders=host, Signature=0\r\n",
    b"Folded: first\r\n",
    b"Dup: 1\r\n",
    b"Dup: 2\r\n",
]
HEADER_LINES = [
    *PLAIN_LINES,
    b"  continued\r\n",
    b"No colon here\r\n",
    b": no name\r\n",
    b"From nowhere: x\r\n",
    b"Odd name\x01: x\r\n",
    b"Latin: caf\xe9\r\n",
    b"Bare\rreturn: x\r\n",
    b"Tab\tin name: x\r\n",
    b"Only-newline: x\n",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(HEADER_LINES), max_size=8), st.sampled_from([b"\r\n", b"\n", b""]))
def test_plain_header_lines_make_the_message_the_email_parser_makes(lines, end):
    lines = [*lines, end]
    parsed = email.parser.Parser(_class=HTTPMessage).parsestr(b"".join(lines).decode("latin-1"))
    direct = plain_headers(lines, HTTPMessage)
    if direct is not None:
        assert vars(direct) == vars(parsed)
    plain = all(line in PLAIN_LINES for line in lines[:-1])
    assert (direct is not None) == (plain and end == b"\r\n")


@pytest.mark.parametrize(
    "header",
    [b"X-Plain: yes", b"X-Folded: yes\r\n  and more", b"X-Latin: caf\xe9"],
)
def test_requests_with_any_header_lines_are_answered(serve, header):
    port = serve(echo)
    raw = b"POST / HTTP/1.1\r\nHost: x\r\n" + header + b"\r\nContent-Length: 2\r\n\r\nhi"
    responses, _ = _responses(port, raw + _post(b"next"), 2)
    assert [body for _, _, body in responses] == [b"hi", b"next"]


def test_too_many_headers_are_refused_as_http_server_refuses_them(serve):
    port = serve(echo)
    raw = b"POST / HTTP/1.1\r\n" + b"X-Many: 1\r\n" * 101 + b"\r\n"
    responses, after = _responses(port, raw, 1)
    assert responses[0][0] == 431
    assert after == b""


def test_the_date_header_is_http_server_s(serve):
    port = serve(echo)
    before = email.utils.formatdate(usegmt=True)
    responses, _ = _responses(port, _post(b""), 1)
    after = email.utils.formatdate(usegmt=True)
    assert responses[0][1]["Date"] in (before, after)
