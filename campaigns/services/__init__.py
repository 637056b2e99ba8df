"""Writes and workflows on campaigns: campaign_<action>(*, ...).

- workflow: status transitions; completing a campaign completes its ACCEPTED matches in
  the same transaction.
"""

from campaigns.services.workflow import campaign_transition

__all__ = ["campaign_transition"]
