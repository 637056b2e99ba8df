"""Two pieces of moto's per-request routine done without the work that cannot matter.

- Before calling an action, moto lists every function of the handler class
  (``inspect.getmembers``: some 300 names) to see whether the action is one of them. Here
  the one name is looked up instead: the same test, the same answer.
- After it, moto writes a new request id into the body with a regex that looks for
  ``<RequestId>...</RequestId>`` (XML protocols), scanning the whole body: 0.13 ms for a
  20-item page of JSON. A body without ``<RequestId>`` cannot match, so it is left as it
  is without the scan; the request id header is made exactly as before.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from typing import Any

from moto.core import responses

_REQUEST_ID_TAG = "<RequestId>"


class FunctionNames:
    """``method_names_from_class(cls)`` as a container: ``name in names`` checks the one
    name as ``inspect.getmembers(cls, inspect.isfunction)`` would list it."""

    def __init__(self, cls: type, listing: Callable[[Any], list[str]]):
        self.cls = cls
        self.listing = listing

    def __contains__(self, name: object) -> bool:
        if not isinstance(name, str):
            return False
        try:
            return inspect.isfunction(getattr(self.cls, name))
        except AttributeError:
            return False

    def __iter__(self) -> Iterator[str]:
        return iter(self.listing(self.cls))


def install() -> Callable[[], None]:
    """Returns a function that undoes it."""
    original_names = responses.method_names_from_class
    original_enrich = responses.BaseResponse.__dict__["_enrich_response"]
    enrich = original_enrich.__func__

    def method_names_from_class(cls: Any) -> FunctionNames:
        return FunctionNames(cls, original_names)

    def _enrich_response(headers: dict[str, str], body: Any) -> tuple[dict[str, str], Any]:
        if isinstance(body, bytes) or (isinstance(body, str) and _REQUEST_ID_TAG not in body):
            # moto's substitution would change nothing (on bytes it fails, and is ignored).
            headers, _ = enrich(headers, "")
            return headers, body
        return enrich(headers, body)

    responses.method_names_from_class = method_names_from_class
    responses.BaseResponse._enrich_response = staticmethod(_enrich_response)  # type: ignore[method-assign]

    def uninstall() -> None:
        responses.method_names_from_class = original_names
        responses.BaseResponse._enrich_response = original_enrich  # type: ignore[method-assign]

    return uninstall
