"""Canned DynamoDB responses served from botocore's `before-send` event.

botocore emits `before-send.dynamodb.<Operation>` just before it would open a connection;
the first handler that returns a response object short-circuits the HTTP send. The rest
of the pipeline (parameter validation, serialisation, signing, parsing, retries) runs as
it does against the real service, so only our code and botocore are timed.
"""

import json
import zlib
from collections.abc import Callable

from botocore.awsrequest import AWSResponse


class _Body:
    """What AWSResponse reads its content from (urllib3's response in real life)."""

    def __init__(self, data: bytes):
        self.data = data

    def stream(self, **_):
        yield self.data


class CannedResponses:
    """Answers registered operations with fixed JSON bodies; counts what it answered."""

    def __init__(self):
        self.bodies: dict[str, tuple[int, bytes, dict]] = {}
        self.calls: dict[str, int] = {}

    def set(self, operation: str, body: dict, status: int = 200) -> None:
        data = json.dumps(body, separators=(",", ":")).encode()
        headers = {
            "content-type": "application/x-amz-json-1.0",
            "content-length": str(len(data)),
            "x-amzn-requestid": "BENCH0000000000000000000000000000000000000000000000",
            "x-amz-crc32": str(zlib.crc32(data)),
        }
        self.bodies[operation] = (status, data, headers)

    def attach(self, events) -> None:
        """Answer every DynamoDB request emitted on `events` (a client's meta.events)."""
        events.register("before-send.dynamodb", self._answer, unique_id="bench-canned")

    def _answer(self, request, event_name: str, **_):
        operation = event_name.rsplit(".", 1)[-1]
        status, data, headers = self.bodies[operation]
        self.calls[operation] = self.calls.get(operation, 0) + 1
        return AWSResponse(request.url, status, headers, _Body(data))


def throttling_body() -> dict:
    return {
        "__type": "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
        "message": "The level of configured provisioned throughput for the table was exceeded.",
    }


class ThrottleEvery:
    """A before-send handler answering every `n`-th request with a throttling error.

    A throttled request never reaches the server; botocore retries it with its own backoff.
    Never two throttles in a row, so botocore's attempt limit is never the one that fails.
    """

    def __init__(self, n: int, operations: tuple[str, ...] = ("BatchWriteItem",)):
        self.n = n
        self.operations = operations
        self.sent = 0
        self.throttled = 0
        self._last_throttled = False
        data = json.dumps(throttling_body()).encode()
        self._response: Callable[[str], AWSResponse] = lambda url: AWSResponse(
            url,
            400,
            {"content-type": "application/x-amz-json-1.0", "content-length": str(len(data))},
            _Body(data),
        )

    def attach(self, events) -> None:
        events.register("before-send.dynamodb", self._maybe_throttle, unique_id="bench-throttle")

    def _maybe_throttle(self, request, event_name: str, **_):
        if event_name.rsplit(".", 1)[-1] not in self.operations:
            return None
        self.sent += 1
        if self.sent % self.n == 0 and not self._last_throttled:
            self.throttled += 1
            self._last_throttled = True
            return self._response(request.url)
        self._last_throttled = False
        return None


class RequestRecorder(CannedResponses):
    """Answers like CannedResponses and keeps each signed request (headers and body), so
    it can be replayed against a server with no client-side work in the timing."""

    def __init__(self):
        super().__init__()
        self.requests: list[tuple[str, dict[str, str], bytes]] = []

    def _answer(self, request, event_name: str, **kwargs):
        body = request.body if isinstance(request.body, bytes) else request.body.encode()
        headers = {
            name: value.decode() if isinstance(value, bytes) else str(value)
            for name, value in request.headers.items()
        }
        self.requests.append((event_name.rsplit(".", 1)[-1], headers, body))
        return super()._answer(request, event_name, **kwargs)
