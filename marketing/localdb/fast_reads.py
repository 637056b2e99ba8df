"""Query and GetItem answered by moto's own action, without moto's routine around it.

Of a 20-item GSI page's 0.75 ms in the app, moto's action (``DynamoHandler.query``) and
writing its JSON take 0.45; the rest is the routine every request goes through: a
werkzeug Request read from the environ, ``setup_class`` (URL and body parsed into a query
string, headers copied, region, account, parameters), ``call_action`` (authorisation,
method lookup, serialiser selection, request id, checksum) and a werkzeug Response. For
the two reads the console pages on, that routine comes to a fixed result, made here
directly: the same parameters (the compiled plans fast_requests installs), the same
region, account and access key (moto's own methods on the same headers), moto's own
action on them, the JSON fast_results writes, and the headers moto would send, in its
order, with its request id and checksum; its two side effects (the request counted for
authorisation, the access key marked as used) happen once, as moto makes them.

Only requests whose routine cannot come out otherwise take this way: a JSON body of the
DynamoDB protocol, not compressed, no query string, no ``Action`` or ``AWSAccessKeyId``
a query string could be read from (moto reads the body as one), no host moto would read
a region from, no Origin (CORS), no request recording, no authorisation checks. A read
that fails, or whose result is not plain JSON, changed nothing and goes through moto as
any other request, which answers it as it would have. A differential test holds the two
ways to the same replies.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qsl

from flask_cors.core import get_cors_headers, try_match_pattern
from moto import settings
from moto.core.authorization import ActionAuthenticatorMixin
from moto.core.request import EnvironHeaders
from moto.core.utils import get_service_model
from moto.dynamodb.responses import DynamoHandler
from moto.iam.models import mark_account_as_visited
from moto.moto_api import recorder
from moto.utilities.aws_headers import gen_amz_crc32, gen_amzn_requestid_long
from moto.utilities.utils import get_partition

from . import fast_results
from .direct_route import DirectRoute
from .fast_requests import OperationPlan

CONTENT_TYPE = "application/x-amz-json-1.0"
ACTIONS = {"DynamoDB_20120810.Query": "query", "DynamoDB_20120810.GetItem": "get_item"}
# Query-string keys moto would act on, were the body to parse as a query string.
_QUERY_KEYS = frozenset({"Action", "AWSAccessKeyId"})
_state = {"installed": False}


class _HeadersOnly:
    """What ``get_region_from_url`` reads of a request."""

    def __init__(self, headers: EnvironHeaders):
        self.headers = headers


class ReadRoute:
    def __init__(self, direct: DirectRoute):
        self.direct = direct
        self.plans: dict[str, OperationPlan] = {}

    def takes(self, environ: dict[str, Any]) -> bool:
        return (
            _state["installed"]
            and environ.get("HTTP_X_AMZ_TARGET") in ACTIONS
            and environ.get("CONTENT_TYPE") == CONTENT_TYPE
            and "HTTP_CONTENT_ENCODING" not in environ
            and "HTTP_ORIGIN" not in environ
            and not environ.get("QUERY_STRING")
            and environ.get("RAW_URI", "/") == "/"
            and environ.get("CONTENT_LENGTH", "").isdigit()
            and "amazonaws" not in environ.get("HTTP_HOST", "amazonaws")
            and not recorder._user_enabled
            and ActionAuthenticatorMixin.request_count < settings.INITIAL_NO_AUTH_ACTION_COUNT
            and self.direct.takes(environ)
        )

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        reply = self._answer(environ)
        if reply is None:
            return self.direct(environ, start_response)
        status, headers, body = reply
        start_response(status, headers)
        return [body]

    def _answer(self, environ: dict[str, Any]) -> tuple[str, list, bytes] | None:
        """The reply moto would make, or None where moto has to make it (nothing done)."""
        target = environ["HTTP_X_AMZ_TARGET"]
        stream = environ["wsgi.input"]
        data = stream.read(int(environ["CONTENT_LENGTH"]))
        stream.seek(0)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return None
        headers = EnvironHeaders(environ)
        if _QUERY_KEYS.intersection(_query_string(text, headers)):
            return None
        # As setup_class: the parameters first (RequestNotParsed raises here as there).
        params = self._plan(target).parse(data)
        handler = DynamoHandler()
        handler.headers = headers
        handler.querystring = {}
        handler.region = handler.get_region_from_url(_HeadersOnly(headers), "")
        handler.partition = get_partition(handler.region)
        handler.access_key = handler.get_access_key()
        handler.current_account = handler.get_current_account()
        handler.params = handler.body = params
        try:
            result = getattr(handler, ACTIONS[target])()
        except Exception:
            return None  # moto raises it again, and answers it, on the way every request takes
        if not result.__dict__.get("_localdb_unconverted"):
            return None
        body = fast_results.dynamo_json(result.result)
        if body is None:
            return None
        # moto's side effects, as setup_class and call_action make them.
        mark_account_as_visited(
            account_id=handler.current_account,
            access_key=handler.access_key,
            service="dynamodb",
            region=handler.region,
        )
        ActionAuthenticatorMixin.request_count += 1
        reply_headers = {"Content-Type": CONTENT_TYPE, "server": "amazon.com"}
        gen_amzn_requestid_long(reply_headers)
        gen_amz_crc32(body, reply_headers)
        encoded = body.encode("utf-8")
        reply_headers["Content-Length"] = str(len(encoded))
        listed = list(reply_headers.items()) + self._cors(environ, headers)
        return "200 OK", listed, encoded

    def _plan(self, target: str) -> OperationPlan:
        operation = target.rpartition(".")[2]
        plan = self.plans.get(operation)
        if plan is None:
            model = get_service_model("dynamodb").operation_model(operation)
            plan = self.plans[operation] = OperationPlan(model)
        return plan

    def _cors(self, environ: dict[str, Any], headers: EnvironHeaders) -> list[tuple[str, str]]:
        """flask-cors's headers for a POST to / (DirectRoute._cors, given no response)."""
        path = environ["PATH_INFO"]
        for pattern, options in self.direct.cors_resources:
            if try_match_pattern(path, pattern, caseSensitive=True):
                return list(get_cors_headers(options, headers, "POST").items())
        return []


def _query_string(text: str, headers: EnvironHeaders) -> Iterable[str]:
    """The keys of the query string moto's setup_class makes of a JSON request."""
    keys: list[str] = []
    # As moto: a body that does not parse leaves the headers to stand in.
    with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError, AttributeError):
        keys = [key for key, _ in parse_qsl(text, keep_blank_values=True)] if text else []
    return keys or [key for key, _ in headers.items()]


def install() -> Callable[[], None]:
    """Lets MotoDynamo answer reads this way (it relies on fast_requests' plans and
    fast_results' JSON being installed too); returns a function that undoes it."""
    _state["installed"] = True

    def uninstall() -> None:
        _state["installed"] = False

    return uninstall
