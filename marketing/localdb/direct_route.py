"""moto's DynamoDB view called without Flask's per-request machinery around it.

For every request, moto's Flask app pushes an application and a request context, binds
its URL map to the request and matches it, opens a session, sends signals, and after the
view runs its after-request functions (flask-cors) and pops the contexts: about 0.2 ms of
a request. The DynamoDB app has one rule (``/``, every method) and one after-request
function, so a POST to ``/`` always ends in the same view and the same CORS step. Here
the view's own work (moto's Request, ``DynamoHandler.dispatch``, the Response it makes)
and the CORS step (flask-cors's own functions) run directly, in Flask's order, and the
Response answers as Flask would have it answer.

The app's shape is checked once: any other rule, hook, error handler, signal receiver or
session secret, and every request goes through Flask as before. So does any request but a
POST to ``/``. A differential test holds the two paths to the same replies.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote

from botocore.exceptions import ClientError
from flask import Flask, signals
from flask_cors.core import FLASK_CORS_EVALUATED, try_match_pattern
from flask_cors.core import get_cors_headers as cors_headers_for
from moto.core.utils import convert_to_flask_response
from moto.moto_api import recorder
from werkzeug.exceptions import BadRequestKeyError, HTTPException

CORS_ORIGIN_HEADER = "Access-Control-Allow-Origin"
_SIGNALS = (
    signals.request_started,
    signals.request_finished,
    signals.got_request_exception,
    signals.request_tearing_down,
    signals.appcontext_pushed,
    signals.appcontext_popped,
    signals.appcontext_tearing_down,
)


class DirectRoute:
    """Answers POST / as the Flask app would, without Flask; ``route_for`` builds one
    only for an app of the expected shape."""

    def __init__(self, app: Flask, view: convert_to_flask_response, cors_resources: list):
        self.app = app
        self.view = view
        self.cors_resources = cors_resources

    def takes(self, environ: dict[str, Any]) -> bool:
        return (
            environ.get("REQUEST_METHOD") == "POST"
            and environ.get("PATH_INFO") == "/"
            and not environ.get("SCRIPT_NAME")
            and not any(signal.receivers for signal in _SIGNALS)
        )

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        request = self.app.request_class(environ)
        try:
            response = self._view(request)
        except BadRequestKeyError:
            raise  # Flask in debug mode lets these through
        except HTTPException as exc:
            response = self.app.response_class.force_type(exc, environ)  # type: ignore[arg-type]
        response = self._cors(request, response)
        return response(environ, start_response)

    def _view(self, request: Any) -> Any:
        """What ``convert_to_flask_response.__call__`` does, given the request."""
        recorder._record_request(request)
        try:
            result = self.view.callback(request, request.raw_url, dict(request.headers))
        except ClientError as exc:
            result = 400, {}, exc.response["Error"]["Message"]
        if len(result) == 3:
            status, headers, content = result
        else:
            status, headers, content = 200, {}, result
        response = self.app.response_class(response=content, status=status, headers=headers)
        if request.method == "HEAD" and "content-length" in headers:
            response.headers["Content-Length"] = headers["content-length"]
        return response

    def _cors(self, request: Any, response: Any) -> Any:
        """flask-cors's after-request function, given the request."""
        if response.headers is not None and response.headers.get(CORS_ORIGIN_HEADER):
            return response
        path = unquote(request.path)
        for pattern, options in self.cors_resources:
            if try_match_pattern(path, pattern, caseSensitive=True):
                if hasattr(response, FLASK_CORS_EVALUATED):
                    return response
                for name, value in cors_headers_for(
                    options, request.headers, request.method
                ).items():
                    response.headers.add(name, value)
                return response
        return response


def route_for(app: Flask) -> DirectRoute | None:
    """A DirectRoute for moto's DynamoDB app, or None if it is not shaped as expected."""
    rules = list(app.url_map.iter_rules())
    if len(rules) != 1 or rules[0].rule != "/" or "POST" not in (rules[0].methods or ()):
        return None
    view = app.view_functions.get(rules[0].endpoint)
    if type(view) is not convert_to_flask_response:
        return None
    after = app.after_request_funcs
    if list(after) != [None] or len(after[None]) != 1:
        return None
    cors = after[None][0]
    if cors.__name__ != "cors_after_request" or not cors.__closure__:
        return None
    resources = cors.__closure__[0].cell_contents
    hooks = (
        app.before_request_funcs,
        app.teardown_request_funcs,
        app.url_value_preprocessors,
        app.error_handler_spec,
    )
    if any(any(hook.values()) for hook in hooks) or app.teardown_appcontext_funcs:
        return None
    if app.secret_key or app.url_map.host_matching or app.subdomain_matching:
        return None
    return DirectRoute(app, view, resources)
