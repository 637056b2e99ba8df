"""Writes and workflows on campaigns: campaign_<action>(*, ...).

- workflow: status transitions; completing a campaign completes its ACCEPTED matches in
  the same transaction, and going ACTIVE records the attribution baseline;
- members: a campaign made from a store's ACCEPTED matches, creators added or taken out;
- editing: details, a creator's terms, figures and pasted captions (disclosure check);
- figures_import: performance figures from a CSV file;
- youtube_refresh: figures and disclosure of YouTube posts from the creators' API client;
- followups: the daily review checkpoints (+14, +30 days).
"""

from campaigns.services.editing import (
    campaign_record_caption,
    campaign_record_figures,
    campaign_update_details,
    campaign_update_member,
)
from campaigns.services.figures_import import (
    campaign_check_figures_file,
    campaign_import_figures,
    figures_template,
)
from campaigns.services.followups import campaign_followups
from campaigns.services.inputs import CampaignDetails, MemberInput, MemberTerms, checked_figures
from campaigns.services.members import (
    campaign_add_members,
    campaign_create,
    campaign_remove_member,
)
from campaigns.services.workflow import campaign_transition
from campaigns.services.youtube_refresh import campaign_refresh_youtube

__all__ = [
    "CampaignDetails",
    "MemberInput",
    "MemberTerms",
    "campaign_add_members",
    "campaign_check_figures_file",
    "campaign_create",
    "campaign_followups",
    "campaign_import_figures",
    "campaign_record_caption",
    "campaign_record_figures",
    "campaign_refresh_youtube",
    "campaign_remove_member",
    "campaign_transition",
    "campaign_update_details",
    "campaign_update_member",
    "checked_figures",
    "figures_template",
]
