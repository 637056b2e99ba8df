import base64
import json

import pytest

from marketing.dynamo import config as dynamo_config
from marketing.dynamo.errors import InvalidCursor
from marketing.dynamo.pagination import MAX_CURSOR_LENGTH, Page, decode_cursor, encode_cursor

LAST_KEY = {"PK": {"S": "MATCH#m1"}, "SK": {"S": "STORE#s1#CREATOR#c1"}}
SCOPE = "test-matches/match-store-index/abc"


@pytest.fixture(autouse=True)
def cursor_secret():
    previous = dynamo_config.get_config()
    dynamo_config.configure(dynamo_config.DynamoConfig(cursor_secret=b"secret-1"))
    yield
    dynamo_config.configure(previous)


def test_cursor_round_trip():
    cursor = encode_cursor(LAST_KEY, SCOPE)
    assert decode_cursor(cursor, SCOPE) == LAST_KEY


def test_cursor_is_url_safe():
    cursor = encode_cursor({"PK": {"S": "?&/+= 한"}}, SCOPE)
    assert set(cursor) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.")


def test_tampered_key_is_rejected():
    body, signature = encode_cursor(LAST_KEY, SCOPE).split(".")
    payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    payload["k"]["PK"]["S"] = "MATCH#other"
    forged = base64.urlsafe_b64encode(json.dumps(payload).encode()).rstrip(b"=").decode()
    with pytest.raises(InvalidCursor, match="altered"):
        decode_cursor(f"{forged}.{signature}", SCOPE)


def test_cursor_from_another_listing_is_rejected():
    cursor = encode_cursor(LAST_KEY, "test-matches/match-score-index/xyz")
    with pytest.raises(InvalidCursor, match="another list"):
        decode_cursor(cursor, SCOPE)


def test_cursor_signed_with_another_secret_is_rejected():
    cursor = encode_cursor(LAST_KEY, SCOPE)
    dynamo_config.configure(dynamo_config.DynamoConfig(cursor_secret=b"secret-2"))
    with pytest.raises(InvalidCursor):
        decode_cursor(cursor, SCOPE)


@pytest.mark.parametrize(
    "garbage",
    ["", ".", "not-a-cursor", "a.b", "!!!.???", "eyJr.", "é.é", "x" * 100, "a.b.c"],
)
def test_garbage_is_rejected(garbage):
    with pytest.raises(InvalidCursor):
        decode_cursor(garbage, SCOPE)


def test_signed_but_malformed_payload_is_rejected():
    # A correctly signed body that is not the expected JSON shape.
    from marketing.dynamo import pagination

    body = pagination._b64encode(b'{"s": "%s", "k": []}' % SCOPE.encode())
    cursor = f"{body}.{pagination._b64encode(pagination._sign(body))}"
    with pytest.raises(InvalidCursor, match="malformed"):
        decode_cursor(cursor, SCOPE)


def test_oversized_cursor_is_rejected_before_any_work():
    with pytest.raises(InvalidCursor):
        decode_cursor("A" * (MAX_CURSOR_LENGTH + 1), SCOPE)


def test_non_string_cursor_is_rejected():
    with pytest.raises(InvalidCursor):
        decode_cursor(b"bytes", SCOPE)


def test_page_reports_whether_more_follow():
    assert Page(items=[1], next_cursor="c").has_next
    assert not Page(items=[1]).has_next
