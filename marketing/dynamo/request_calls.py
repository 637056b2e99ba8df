"""The DynamoDB calls a web request made, sent back in its `Server-Timing` header.

`RequestCallsMiddleware` opens a tally for the request; every DynamoDB call the request's
thread makes adds itself (count and wall time, answered or failed); the response carries
`Server-Timing: dynamodb;dur=<ms>;desc="<n> calls", app;dur=<ms>`, which a browser's
developer tools show beside the request and the bench's load tier reads per page. Only
counts and durations leave the server, never what was read.

Calls made by worker threads a request starts (batch writes, bulk deletes) run outside
the request's context and are not counted.
"""

import contextvars
import time
from dataclasses import dataclass

HEADER = "Server-Timing"
_STARTED = "console-request-call-started"


@dataclass
class CallTally:
    calls: int = 0
    seconds: float = 0.0


_tally: contextvars.ContextVar[CallTally | None] = contextvars.ContextVar(
    "dynamodb_request_calls", default=None
)


def install(events) -> None:
    """Count the calls of the client whose `meta.events` these are."""
    events.register("before-call.dynamodb", _before_call, unique_id="console-request-calls-start")
    events.register("after-call.dynamodb", _after_call, unique_id="console-request-calls-answer")
    events.register(
        "after-call-error.dynamodb", _after_call, unique_id="console-request-calls-no-answer"
    )


def _before_call(context, **_):
    if _tally.get() is not None:
        context[_STARTED] = time.perf_counter()


def _after_call(context, **_):
    started = context.pop(_STARTED, None)
    tally = _tally.get()
    if started is None or tally is None:
        return
    tally.calls += 1
    tally.seconds += time.perf_counter() - started


def server_timing(tally: CallTally, request_seconds: float) -> str:
    return (
        f'dynamodb;dur={tally.seconds * 1000:.1f};desc="{tally.calls} calls", '
        f"app;dur={request_seconds * 1000:.1f}"
    )


class RequestCallsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        tally = CallTally()
        token = _tally.set(tally)
        try:
            response = self.get_response(request)
        finally:
            _tally.reset(token)
        response[HEADER] = server_timing(tally, time.perf_counter() - started)
        return response
