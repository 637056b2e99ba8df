"""Writes and workflows on matches: match_<action>(*, ...).

- workflow: status transitions, the one conditional write on status and version.
"""

from matches.services.workflow import match_transition

__all__ = ["match_transition"]
