"""Who works a match: its owner, a staff username ("my queue"). Version-checked writes."""

from matches.domain import Match
from matches.repository import MatchRepository
from matches.services.workflow import match_to_change


def match_assign(*, match_id: str, owner: str | None, actor: str, expected_version: int) -> Match:
    """Make `owner` the match's owner (None: nobody), if the match is still at the version
    the page showed; a stale page gets ConcurrentModification and changes nothing."""
    repository = MatchRepository()
    match = match_to_change(repository, match_id, expected_version)
    owner = (owner or "").strip() or None
    if match.owner == owner:
        return match
    return repository.update(
        *repository.key(match.store_id, match.creator_id, match.match_id),
        set={"owner": owner},
        expected_version=expected_version,
        actor=actor,
    )
