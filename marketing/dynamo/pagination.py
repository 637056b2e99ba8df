"""Opaque, signed pagination cursors and the page they come with.

A cursor is `base64url(JSON {"k": LastEvaluatedKey, "s": scope}) "." base64url(HMAC)`.
The HMAC (SHA-256, keyed by `cursor_secret`) covers the payload, so a client can neither
forge a start key nor move a cursor from one listing (scope) to another.
"""

import base64
import binascii
import hashlib
import hmac
import json
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from marketing.dynamo.config import get_config
from marketing.dynamo.errors import InvalidCursor

T = TypeVar("T")

MAX_CURSOR_LENGTH = 4096


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T] = field(default_factory=list)
    next_cursor: str | None = None

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None


def encode_cursor(last_key: dict[str, Any], scope: str) -> str:
    payload = json.dumps({"k": last_key, "s": scope}, separators=(",", ":"), sort_keys=True)
    body = _b64encode(payload.encode())
    return f"{body}.{_b64encode(_sign(body))}"


def decode_cursor(cursor: str, scope: str) -> dict[str, Any]:
    """The LastEvaluatedKey in `cursor`; InvalidCursor unless it was made here for `scope`."""
    if not isinstance(cursor, str) or len(cursor) > MAX_CURSOR_LENGTH:
        raise InvalidCursor("The page link is malformed; start from the first page.")
    body, _, signature = cursor.partition(".")
    try:
        expected = _b64decode(signature)
        valid = hmac.compare_digest(expected, _sign(body))
        payload = json.loads(_b64decode(body)) if valid else None
    except (ValueError, binascii.Error, UnicodeError) as exc:
        raise InvalidCursor("The page link is malformed; start from the first page.") from exc
    if not valid:
        raise InvalidCursor("The page link was altered; start from the first page.")
    if not isinstance(payload, dict) or payload.get("s") != scope:
        raise InvalidCursor("The page link belongs to another list; start from the first page.")
    last_key = payload.get("k")
    if not isinstance(last_key, dict) or not last_key:
        raise InvalidCursor("The page link is malformed; start from the first page.")
    return last_key


def _sign(body: str) -> bytes:
    return hmac.new(get_config().cursor_secret, body.encode("ascii"), hashlib.sha256).digest()


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    data = text.encode("ascii")
    # validate=True: refuse characters outside the alphabet instead of skipping them.
    return base64.b64decode(data + b"=" * (-len(data) % 4), altchars=b"-_", validate=True)
