"""The WSGI app in front of the store: read and bound the body, then apply it under the lock."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .moto_app import Reply, error_reply
from .store import Store
from .targets import region_from_authorization

MAX_REQUEST_BYTES = 16 << 20
_MAX_DRAIN_BYTES = 256 << 20
_CHUNK = 1 << 16


class RequestTooLarge(Exception):
    pass


def read_body(environ: dict[str, Any], limit: int) -> bytes:
    """Read the whole body (outside the lock, so a slow client cannot stall the others).

    An oversized body is still drained, up to a bound, so the client gets to read our 413
    instead of a reset connection.
    """
    stream = environ["wsgi.input"]
    try:
        declared = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    chunked = bool(environ.get("wsgi.input_terminated"))
    if declared > limit:
        _drain(stream, min(declared, _MAX_DRAIN_BYTES))
        raise RequestTooLarge
    if not chunked:
        return stream.read(declared) if declared else b""
    body = stream.read(limit + 1)
    if len(body) > limit:
        _drain(stream, _MAX_DRAIN_BYTES)
        raise RequestTooLarge
    return body


def _drain(stream: Any, budget: int) -> None:
    while budget > 0:
        chunk = stream.read(min(_CHUNK, budget))
        if not chunk:
            return
        budget -= len(chunk)


class LocalDynamoApp:
    def __init__(self, store: Store, max_request_bytes: int = MAX_REQUEST_BYTES):
        self.store = store
        self.max_request_bytes = max_request_bytes

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        reply = self._handle(environ)
        start_response(reply.status, reply.headers)
        return [reply.body]

    def _handle(self, environ: dict[str, Any]) -> Reply:
        try:
            body = read_body(environ, self.max_request_bytes)
        except RequestTooLarge:
            return error_reply(
                "413 REQUEST ENTITY TOO LARGE",
                "ValidationException",
                f"Request body exceeds the local server's limit of {self.max_request_bytes} bytes",
            )
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        region = region_from_authorization(environ.get("HTTP_AUTHORIZATION"))
        return self.store.apply(environ, body, target, region)
