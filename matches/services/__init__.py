"""Writes and workflows on matches: match_<action>(*, ...).

- workflow: status transitions, the one conditional write on status and version;
- bulk: a transition for many selected matches, with a report per match;
- ownership: who works a match;
- records: deleting a match by hand.
"""

from matches.services.bulk import BulkOutcome, BulkResult, match_bulk_transition
from matches.services.ownership import match_assign
from matches.services.records import match_delete
from matches.services.workflow import match_transition, match_transition_by_hand

__all__ = [
    "BulkOutcome",
    "BulkResult",
    "match_assign",
    "match_bulk_transition",
    "match_delete",
    "match_transition",
    "match_transition_by_hand",
]
