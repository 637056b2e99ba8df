"""The one table from domain errors to what the user gets.

| error                     | response                                          |
|---------------------------|---------------------------------------------------|
| NotFound                  | 404                                               |
| InvalidCursor             | 400                                               |
| ConcurrentModification    | "changed by someone else — reload" (form/message) |
| ConditionFailed           | "changed meanwhile — try again" (form/message)    |
| UserError                 | its own message (form error or message)           |

EndpointUnavailable and Throttled are raised on, to the 503 page (marketing.middleware);
anything else is a bug, and a 500.
"""

from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from marketing.dynamo import errors
from marketing.errors import UserError

STALE = _("This was changed by someone else since you opened it — reload the page and try again.")
CONFLICT = _("Someone else saved the same thing at the same moment; try again.")


def http_error(exc: errors.NotFound | errors.InvalidCursor) -> Exception:
    """The HTTP error a missing item (404) or a bad page link (400) is answered with."""
    if isinstance(exc, errors.NotFound):
        return Http404(str(exc))
    return BadRequest(str(exc))


def _http_error(exc: Exception, **_messages) -> str:
    raise http_error(exc) from exc


def _stale(exc: Exception, *, stale, **_messages) -> str:
    return stale


def _conflict(exc: Exception, *, conflict, **_messages) -> str:
    return conflict


def _own_message(exc: Exception, **_messages) -> str:
    return str(exc)


# Most specific first: ConcurrentModification is a ConditionFailed.
PROBLEMS: tuple[tuple[type[Exception], Callable[..., str]], ...] = (
    (errors.NotFound, _http_error),
    (errors.InvalidCursor, _http_error),
    (errors.ConcurrentModification, _stale),
    (errors.ConditionFailed, _conflict),
    (UserError, _own_message),
)


def user_message(exc: Exception, *, stale=STALE, conflict=CONFLICT) -> str:
    """What to tell the user about `exc`; raises Http404/BadRequest for those, and `exc`
    itself when it is not a domain error a page can report (outages, bugs)."""
    for kind, respond in PROBLEMS:
        if isinstance(exc, kind):
            return respond(exc, stale=stale, conflict=conflict)
    raise exc


def is_reported_on_page(exc: Exception) -> bool:
    """Whether `user_message` answers `exc` (rather than raising it on)."""
    return isinstance(exc, tuple(kind for kind, _respond in PROBLEMS))
