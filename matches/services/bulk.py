"""Bulk workflow actions on a queue: each selected match its own conditional write, and a
report per match of what happened (moved, changed meanwhile, not allowed, gone)."""

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext as _

from marketing.dynamo import errors
from marketing.dynamo.serde import utcnow
from matches.domain import IllegalTransition, MatchError, MatchStatus, pair_label
from matches.repository import MatchRepository
from matches.services.workflow import apply_transition, match_to_change, require_note_by_hand

MAX_SELECTED = 100  # a queue page shows 25; this bounds one request's writes


class BulkResult(StrEnum):
    DONE = "done"
    STALE = "stale"
    ILLEGAL = "illegal"
    MISSING = "missing"


@dataclass(frozen=True)
class BulkOutcome:
    match_id: str
    result: BulkResult
    message: str

    @property
    def ok(self) -> bool:
        return self.result is BulkResult.DONE


def match_bulk_transition(
    *,
    selections: Sequence[tuple[str, int]],
    to_status: MatchStatus | str,
    actor: str,
    note: str = "",
) -> list[BulkOutcome]:
    """Move every selected (matchId, version the page showed) to `to_status`, one
    conditional write each; a match changed since the page was read is left alone."""
    if not selections:
        raise MatchError(_("Select at least one match."))
    if len(selections) > MAX_SELECTED:
        raise MatchError(_("Select at most %(n)d matches at once.") % {"n": MAX_SELECTED})
    require_note_by_hand(to_status, note)
    repository = MatchRepository()
    return [
        _move_one(repository, match_id, version, to_status, actor, note)
        for match_id, version in dict(selections).items()
    ]


def _move_one(repository, match_id, version, to_status, actor, note) -> BulkOutcome:
    try:
        match = match_to_change(repository, match_id, None)
    except errors.NotFound:
        return BulkOutcome(match_id, BulkResult.MISSING, _("A selected match no longer exists."))
    label = pair_label(match.store_name, match.creator_name)
    if match.version != version:
        return _stale(match_id, label)
    try:
        moved = apply_transition(repository, match, to_status, actor=actor, note=note, at=utcnow())
    except IllegalTransition as exc:
        return BulkOutcome(match_id, BulkResult.ILLEGAL, f"{label}: {exc}")
    except errors.ConditionFailed:  # ConcurrentModification included
        return _stale(match_id, label)
    text = _("%(match)s: now “%(status)s”.") % {"match": label, "status": moved.status.label}
    return BulkOutcome(match_id, BulkResult.DONE, text)


def _stale(match_id: str, label: str) -> BulkOutcome:
    text = _("%(match)s: changed by someone else since the list was loaded — left as it is.")
    return BulkOutcome(match_id, BulkResult.STALE, text % {"match": label})


def match_bulk_contact(*, selections, actor: str, note: str = "") -> list[BulkOutcome]:
    """Record a contact made outside the console (the note says how) on each match."""
    return match_bulk_transition(
        selections=selections, to_status=MatchStatus.CONTACTED, actor=actor, note=note
    )


def match_bulk_reject(*, selections, actor: str, note: str = "") -> list[BulkOutcome]:
    return match_bulk_transition(
        selections=selections, to_status=MatchStatus.REJECTED, actor=actor, note=note
    )
