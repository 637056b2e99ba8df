"""A campaign as the commands' `--json` prints it: one compact line (marketing's json_lines).

Status is upper case as in data-model.md, the type and the creators' statuses their
lowercase codes, money whole KRW as JSON numbers, dates ISO-8601.
"""

from campaigns.domain import Campaign
from marketing.management.json_lines import json_line

CAMPAIGN_FIELDS = {
    "campaign_id": True,
    "store_id": True,
    "store_name": True,
    "name": True,
    "campaign_type": True,
    "status": True,
    "budget": True,
    "timeline": True,
    "creators": True,
    "performance": True,
    "status_history": True,
    "attribution": True,
    "version": True,
    "created_at": True,
    "updated_at": True,
    "updated_by": True,
}


def campaign_json(campaign: Campaign, **extra) -> str:
    return json_line(campaign, include=CAMPAIGN_FIELDS, **extra)
