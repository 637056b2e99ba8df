"""Shared bits of the creators commands."""

from creators.domain import CreatorChannel
from marketing.management.json_lines import json_line

# What --json prints of a stored channel (never the contact).
CHANNEL_FIELDS = {
    "creator_id": True,
    "channel_id": True,
    "channel_name": True,
    "platform": True,
    "statistics": True,
    "influence_tier": True,
    "tier_uncertain": True,
    "version": True,
    "synced_at": True,
}


def channel_json(channel: CreatorChannel) -> str:
    """The stored creator as --json prints it: one compact line."""
    return json_line(channel, include=CHANNEL_FIELDS)
