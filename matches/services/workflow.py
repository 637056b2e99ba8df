"""The match workflow: each transition one conditional write on status and version."""

import datetime as dt

from django.utils.translation import gettext as _

from marketing.dynamo import errors
from marketing.dynamo.client import ClientMode
from marketing.dynamo.serde import utcnow
from matches import aggregates
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
# Recorded by hand, these moves must say how in the note (the console sends only e-mail).
NOTE_REQUIRED_BY_HAND = frozenset({MatchStatus.CONTACTED.value})


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
    match = match_to_change(repository, match_id, expected_version)
    return apply_transition(
        repository, match, to_status, actor=actor, note=note, update=update, at=clock()
    )


def match_transition_by_hand(
    *,
    match_id: str,
    to_status: MatchStatus | str,
    actor: str,
    note: str = "",
    expected_version: int | None = None,
    mode: ClientMode = "interactive",
) -> Match:
    """A transition staff record themselves (a page, the command): a contact made outside
    the console (a phone call, an Instagram DM) must say how, in the note."""
    require_note_by_hand(to_status, note)
    return match_transition(
        match_id=match_id,
        to_status=to_status,
        actor=actor,
        note=note,
        expected_version=expected_version,
        mode=mode,
    )


def require_note_by_hand(to_status: MatchStatus | str, note: str) -> None:
    if str(to_status).upper() in NOTE_REQUIRED_BY_HAND and not (note or "").strip():
        raise MatchError(
            _("Say in the note how the creator was contacted (a phone call, an Instagram DM…).")
        )


def match_to_change(repository: MatchRepository, match_id: str, expected_version: int | None):
    """The match as it is now (a consistent read), if it is still at `expected_version`."""
    match = repository.find(match_id, consistent=True)
    if match is None:
        raise errors.NotFound(f"match {match_id} does not exist")
    if expected_version is not None and match.version != expected_version:
        raise errors.ConcurrentModification(
            f"match {match_id} is at version {match.version}, not {expected_version}"
        )
    return match


def apply_transition(
    repository: MatchRepository,
    match: Match,
    to_status: MatchStatus | str,
    *,
    actor: str,
    note: str = "",
    update: dict | None = None,
    at: dt.datetime,
) -> Match:
    """Write the transition of `match` (as read) to `to_status`: one conditional put, in
    one transaction with the counters it moves."""
    changed = transitioned(match, to_status, actor=actor, note=note, at=at)
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
    """One transaction: the put, conditional on the status and version read, and the
    funnel counters it moves (matches.aggregates)."""
    put = repository.put_action(
        after,
        expected_version=before.version,
        actor=actor,
        condition=repository.where(status=before.status.value),
    )
    counters = aggregates.shift_actions(before, put.item, actor=actor, mode=repository.mode)
    repository.apply([put, *counters])
    return put.item
