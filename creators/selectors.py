"""Reads for the creators pages: one index query each, cursor-paginated, no scans."""

from dataclasses import dataclass

from creators.domain import (
    CATEGORIES,
    PLATFORM_LABELS,
    REGIONS,
    TIER_LABELS,
    CreatorChannel,
    CreatorError,
    CreatorRow,
    InfluenceTier,
    Platform,
    validate_channel_id,
)
from creators.repository import ChannelLinkRepository, CreatorRepository
from marketing.dynamo import errors
from marketing.dynamo.pagination import Page

PAGE_SIZE = 25

# Listing → (the values it is filtered on, the default value).
LISTINGS = {
    "platform": ({p.value: label for p, label in PLATFORM_LABELS.items()}, Platform.YOUTUBE.value),
    "tier": ({t.value: label for t, label in TIER_LABELS.items()}, InfluenceTier.MID.value),
    "category": (CATEGORIES, "food"),
    "region": (REGIONS, "seoul"),
}


@dataclass(frozen=True)
class Listing:
    by: str
    value: str


def creator_listing(by: str | None, value: str | None) -> Listing:
    """The listing asked for, falling back to defaults for unknown input."""
    by = by if by in LISTINGS else "platform"
    choices, default = LISTINGS[by]
    return Listing(by, value if value in choices else default)


def creator_list(*, listing: Listing, cursor: str | None = None) -> Page[CreatorRow]:
    repo = CreatorRepository()
    method = {
        "platform": repo.by_platform,
        "tier": repo.by_tier,
        "category": repo.by_category,
        "region": repo.by_region,
    }[listing.by]
    return method(listing.value, cursor=cursor, limit=PAGE_SIZE)


def creator_channels(*, creator_id: str) -> list[CreatorChannel]:
    """The creator's channels, primary first; an empty list when there is no such creator."""
    return CreatorRepository().channels_of(creator_id)


def channel_by_account(*, platform: str, channel_id: str) -> CreatorChannel | None:
    """The stored channel of a platform account (found by its owner link), or None."""
    try:
        platform = Platform(platform)
        channel_id = validate_channel_id(channel_id)
        owner = ChannelLinkRepository().owner_of(platform, channel_id)
        return CreatorRepository().get_channel(owner.creator_id, platform, channel_id)
    except (ValueError, CreatorError, errors.NotFound):
        return None
