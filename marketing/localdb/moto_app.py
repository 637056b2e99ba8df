"""moto's DynamoDB as a WSGI app, plus a way to send it requests from inside the process."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from typing import Any

from flask import Flask
from moto.moto_server.werkzeug_app import create_backend_app
from werkzeug.test import EnvironBuilder

from .direct_route import route_for
from .fast_reads import ReadRoute
from .targets import authorization_for

TARGET_PREFIX = "DynamoDB_20120810."
CONTENT_TYPE = "application/x-amz-json-1.0"


@dataclass(frozen=True)
class Reply:
    status: str
    headers: list[tuple[str, str]]
    body: bytes

    @property
    def ok(self) -> bool:
        return self.status.startswith("200")


class MotoError(RuntimeError):
    """moto refused an internal request (snapshot dump or replay)."""


class MotoDynamo:
    """Not thread-safe: callers serialise every call (see ``Store``)."""

    def __init__(self) -> None:
        # Picked by X-Amz-Target directly: moto's DomainDispatcherApplication would find the
        # same two apps, but its host matching costs ~15% of a request.
        self.dynamodb = create_backend_app("dynamodb")
        self.streams: Flask | None = None
        self.direct = route_for(self.dynamodb)
        self.reads = ReadRoute(self.direct) if self.direct is not None else None

    def app_for(self, environ: dict[str, Any]) -> Any:
        if environ.get("HTTP_X_AMZ_TARGET", "").startswith("DynamoDBStreams"):
            if self.streams is None:
                self.streams = create_backend_app("dynamodbstreams")
            return self.streams
        if self.reads is not None and self.reads.takes(environ):
            return self.reads
        if self.direct is not None and self.direct.takes(environ):
            return self.direct
        return self.dynamodb

    def call(self, environ: dict[str, Any]) -> Reply:
        """Run one request to completion and buffer the whole response."""
        started: dict[str, Any] = {}

        def start_response(status: str, headers: list[tuple[str, str]], exc_info=None):
            started["status"], started["headers"] = status, headers

        chunks = self.app_for(environ)(environ, start_response)
        try:
            body = b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        return Reply(started["status"], list(started["headers"]), body)

    def invoke(self, target: str, body: bytes, region: str) -> Reply:
        environ = EnvironBuilder(
            method="POST",
            path="/",
            headers={
                "Host": "127.0.0.1",
                "X-Amz-Target": target,
                "Authorization": authorization_for(region),
            },
            content_type=CONTENT_TYPE,
            data=body,
        ).get_environ()
        return self.call(environ)

    def invoke_json(self, operation: str, body: dict[str, Any], region: str) -> dict[str, Any]:
        reply = self.invoke(TARGET_PREFIX + operation, json.dumps(body).encode(), region)
        if not reply.ok:
            raise MotoError(f"{operation} in {region}: {reply.status} {reply.body[:300]!r}")
        return json.loads(reply.body or b"{}")


def environ_with_body(environ: dict[str, Any], body: bytes) -> dict[str, Any]:
    """The request's environ with its (already read) body put back as a fresh stream."""
    environ = dict(environ)
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))
    environ.pop("HTTP_TRANSFER_ENCODING", None)
    environ.pop("wsgi.input_terminated", None)
    return environ


def error_reply(status: str, error_type: str, message: str) -> Reply:
    """A DynamoDB-shaped JSON error, so SDKs raise a normal ClientError."""
    body = json.dumps(
        {"__type": f"com.amazonaws.dynamodb.v20120810#{error_type}", "message": message}
    )
    headers = [("Content-Type", CONTENT_TYPE), ("Content-Length", str(len(body)))]
    return Reply(status, headers, body.encode())
