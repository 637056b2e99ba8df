"""The match workflow: each transition one conditional write on status and version."""

import datetime as dt

from django.utils.translation import gettext as _

from marketing.dynamo import errors
from marketing.dynamo.client import ClientMode
from marketing.dynamo.serde import utcnow
from matches.domain import (
    MAX_HISTORY,
    IllegalTransition,
    Match,
    MatchError,
    MatchStatus,
    StatusChange,
)
from matches.repository import MatchRepository

MAX_NOTE_LENGTH = 500


def match_transition(
    *,
    match_id: str,
    to_status: MatchStatus | str,
    actor: str,
    note: str = "",
    expected_version: int | None = None,
    update: dict | None = None,
    clock=utcnow,
    mode: ClientMode = "interactive",
) -> Match:
    """Move a match to `to_status`, if the workflow allows it from its current status.

    The write is conditional on the status and version read (or `expected_version`, the
    one the page showed), so a stale page gets ConcurrentModification and never
    overwrites; an illegal move raises IllegalTransition and writes nothing. Leaving
    PENDING removes the ttl: no negotiated deal is ever lost to it. `update` adds other
    fields to the same write (e.g. the message an e-mail sent).
    """
    repository = MatchRepository(mode=mode)
    match = repository.find(match_id, consistent=True)
    if match is None:
        raise errors.NotFound(f"match {match_id} does not exist")
    if expected_version is not None and match.version != expected_version:
        raise errors.ConcurrentModification(
            f"match {match_id} is at version {match.version}, not {expected_version}"
        )
    changed = transitioned(match, to_status, actor=actor, note=note, at=clock())
    if update:
        changed = changed.model_copy(update=update)
    return _write(repository, match, changed, actor)


def transitioned(
    match: Match, to_status: MatchStatus | str, *, actor: str, note: str, at: dt.datetime
) -> Match:
    """The match after a legal transition (IllegalTransition otherwise); not yet written."""
    try:
        target = MatchStatus(to_status)
    except ValueError:
        raise IllegalTransition(
            _("“%(status)s” is not a match status.") % {"status": to_status}
        ) from None
    if target not in match.allowed:
        raise IllegalTransition(
            _("A match cannot go from “%(from)s” to “%(to)s”.")
            % {"from": match.status.label, "to": target.label}
        )
    note = (note or "").strip()
    if len(note) > MAX_NOTE_LENGTH:
        raise MatchError(_("The note is longer than %(n)d characters.") % {"n": MAX_NOTE_LENGTH})
    change = StatusChange(from_status=match.status, to=target, at=at, by=actor, note=note)
    return match.model_copy(
        update={
            "status": target,
            "status_changed_at": at,
            "status_history": [*match.status_history, change][-MAX_HISTORY:],
            "ttl": match.ttl if target is MatchStatus.PENDING else None,
        }
    )


def _write(repository: MatchRepository, before: Match, after: Match, actor: str) -> Match:
    return repository.put(
        after,
        expected_version=before.version,
        actor=actor,
        condition=repository.where(status=before.status.value),
    )
