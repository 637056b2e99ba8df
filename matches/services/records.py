"""Removing a match by hand (admins): a versioned delete, so a page that is out of date
never deletes a match someone has just moved on."""

from matches import aggregates
from matches.domain import Match
from matches.repository import MatchRepository
from matches.services.workflow import match_to_change


def match_delete(*, match_id: str, expected_version: int, actor: str) -> Match:
    """Delete the match if it is still at `expected_version`; the match as it was."""
    repository = MatchRepository()
    match = match_to_change(repository, match_id, expected_version)
    delete = repository.delete_action(
        *repository.key(match.store_id, match.creator_id, match.match_id),
        expected_version=expected_version,
    )
    # The funnel counters go down in the same transaction (matches.aggregates).
    repository.apply([delete, *aggregates.shift_actions(match, None, actor=actor)])
    return match
