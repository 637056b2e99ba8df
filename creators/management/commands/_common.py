"""Shared bits of the creators commands."""

import json
from decimal import Decimal

from creators.domain import CreatorChannel


def channel_json(channel: CreatorChannel) -> str:
    """The stored creator as --json prints it (never the contact)."""
    stats = channel.statistics.model_dump(by_alias=True)
    payload = {
        "creatorId": channel.creator_id,
        "channelId": channel.channel_id,
        "channelName": channel.channel_name,
        "platform": channel.platform.value,
        "statistics": stats,
        "influenceTier": channel.influence_tier.value if channel.influence_tier else None,
        "tierUncertain": channel.tier_uncertain,
        "version": channel.version,
        "syncedAt": channel.synced_at.isoformat() if channel.synced_at else None,
    }
    return json.dumps(payload, ensure_ascii=False, indent=2, default=_number)


def _number(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(type(value).__name__)
