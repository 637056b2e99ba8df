"""Reads for the creators pages: one index query each, cursor-paginated, no scans."""

from django.utils.translation import gettext as _

from creators.domain import (
    CreatorChannel,
    CreatorError,
    CreatorFilters,
    CreatorRow,
    Platform,
    validate_channel_id,
)
from creators.repository import ChannelLinkRepository, CreatorRepository
from marketing.dynamo import errors
from marketing.dynamo.pagination import Page

PAGE_SIZE = 25

# The list's filters that older links give as `?by=<filter>&value=<code>`.
LEGACY_LISTINGS = ("platform", "tier", "category", "region")


def creator_list(*, filters: CreatorFilters, cursor: str | None = None) -> Page[CreatorRow]:
    """One page of the creators list: every filter given holds (one index query)."""
    return CreatorRepository().listing(filters, cursor=cursor, limit=PAGE_SIZE)


def creator_list_order(filters: CreatorFilters) -> str:
    """How the list for these filters is sorted, for the page to say."""
    if filters.search:
        return _("Names starting with the search first, then handles; each A to Z.")
    if filters.platform:
        return _("Largest audience first.")
    if filters.tier:
        return _("Highest engagement first.")
    if filters.category or filters.region:
        return ""
    return _("Every platform, by name.")


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
