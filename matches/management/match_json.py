"""A match as the commands' `--json` prints it: one compact line (marketing's json_lines).

Status is upper case as in data-model.md, confidence and priority their lowercase codes,
numbers JSON numbers. The e-mail address used (ciphertext) is never printed.
"""

from marketing.management.json_lines import json_line
from matches.domain import Match

MATCH_FIELDS = {
    "match_id": True,
    "store_id": True,
    "creator_id": True,
    "store_name": True,
    "creator_name": True,
    "match_score": True,
    "score_breakdown": True,
    "strengths": True,
    "problems": True,
    "confidence": True,
    "priority": True,
    "status": True,
    "status_changed_at": True,
    "status_history": True,
    "communication": {"messages": True, "last_contact_at": True},
    "owner": True,
    "ttl": True,
    "version": True,
    "created_at": True,
    "updated_at": True,
    "updated_by": True,
}


def match_json(match: Match, **extra) -> str:
    return json_line(match, include=MATCH_FIELDS, **extra)
