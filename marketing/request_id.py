"""A request id on every request, every log line it causes, and its 500 page.

The middleware (first in MIDDLEWARE) takes a sane incoming `X-Request-ID` (a proxy's or
a load balancer's: 1-128 letters, digits, `.`, `_`, `-`, `:`) or makes one, keeps it in
a context variable for the request's duration and sends it back in the response header.
`RequestIdFilter` puts it on every log record (`request_id`, "-" outside a request), so
the JSON log lines of one request share it; the 500 page shows it to quote to support.
"""

import contextvars
import logging
import re
import uuid

HEADER = "X-Request-ID"
_SANE = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
NO_REQUEST = "-"

current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar(
    "request_id", default=NO_REQUEST
)


def request_id_from(incoming: str | None) -> str:
    if incoming and _SANE.match(incoming):
        return incoming
    return uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request_id_from(request.headers.get(HEADER))
        request.request_id = request_id
        token = current_request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id.get()
        return True
