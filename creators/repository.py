"""The creators table's access patterns, one named method each (data-model.md §2).

Besides channel items the table holds two small helper item types (additions to the
data model, noted there by this app's issue):
- `PLATFORM#<platform>#<channelId>` / `CHANNEL`: which creator owns a channel. It is
  created in the same transaction as the channel item, so a channel can never belong to
  two creators and a re-sync or re-import always finds its creator by key, not by scan.
- `QUOTA#youtube` / `DATE#<YYYY-MM-DD>`: YouTube quota units spent that (Pacific) day.
"""

import datetime as dt
from collections.abc import Iterable, Iterator

from creators.domain import (
    ChannelLink,
    CreatorChannel,
    CreatorRow,
    InfluenceTier,
    Platform,
    QuotaDay,
)
from marketing.dynamo import keys
from marketing.dynamo.errors import NotFound
from marketing.dynamo.pagination import Page
from marketing.dynamo.repository import Repository, SortKey
from marketing.dynamo.tables import CREATORS

CATEGORY_INDEX = "creator-category-index"
LOCATION_INDEX = "creator-location-index"
PLATFORM_INDEX = "creator-platform-index"
INFLUENCE_INDEX = "creator-influence-index"

MAX_ENGAGEMENT_PERCENT = 9999
YOUTUBE_QUOTA = "youtube"  # the quota ledger's service name  # 6 digits of basis points


def channel_keys(item: CreatorChannel) -> dict[str, str]:
    """PK/SK and the index keys of the indexes the channel belongs in (sparse)."""
    stats = item.statistics
    result = {
        "PK": keys.creator(item.creator_id),
        "SK": keys.channel(item.platform, item.channel_id),
        # Every channel is ranked on its platform; an unknown audience sorts last.
        "GSI3PK": keys.platform(item.platform),
        "GSI3SK": keys.influence(stats.subscribers or 0),
    }
    if item.primary and item.primary_category:
        result["GSI1PK"] = keys.category(item.primary_category)
        result["GSI1SK"] = keys.creator(item.creator_id)
    if item.primary and item.region:
        result["GSI2PK"] = keys.location(item.region)
        result["GSI2SK"] = keys.creator(item.creator_id)
    if item.influence_tier is not None:
        rate = stats.engagement_rate if stats.engagement_rate is not None else 0
        result["GSI4PK"] = keys.influence_tier(item.influence_tier)
        result["GSI4SK"] = keys.engagement(min(rate, MAX_ENGAGEMENT_PERCENT))
    return result


class CreatorRepository(Repository[CreatorChannel]):
    spec = CREATORS
    model = CreatorChannel

    def keys_for(self, item: CreatorChannel) -> dict[str, str]:
        return channel_keys(item)

    # --- one creator ----------------------------------------------------------------------

    @staticmethod
    def key(channel: CreatorChannel) -> tuple[str, str]:
        return keys.creator(channel.creator_id), keys.channel(channel.platform, channel.channel_id)

    def get_channel(
        self, creator_id: str, platform: Platform | str, channel_id: str
    ) -> CreatorChannel:
        return self.get(keys.creator(creator_id), keys.channel(platform, channel_id))

    def channels_of(self, creator_id: str, *, consistent: bool = False) -> list[CreatorChannel]:
        """Every channel of a creator, primary first (a creator has a handful at most)."""
        page = self.query(
            partition_key_value=keys.creator(creator_id),
            sk_condition=SortKey.begins_with(keys.PLATFORM),
            limit=100,
            consistent=consistent,
        )
        return sorted(page.items, key=lambda c: (not c.primary, c.platform, c.channel_id))

    def batch_get_channels(self, refs: Iterable[tuple[str, Platform, str]]) -> list:
        return self.batch_get(
            (keys.creator(cid), keys.channel(platform, channel)) for cid, platform, channel in refs
        )

    # --- list pages (one index each) ------------------------------------------------------

    def by_category(self, category: str, *, cursor=None, limit=25) -> Page[CreatorRow]:
        return self.query(
            index=CATEGORY_INDEX,
            partition_key_value=keys.category(category),
            into=CreatorRow,
            cursor=cursor,
            limit=limit,
        )

    def by_region(self, region: str, *, cursor=None, limit=25) -> Page[CreatorRow]:
        return self.query(
            index=LOCATION_INDEX,
            partition_key_value=keys.location(region),
            into=CreatorRow,
            cursor=cursor,
            limit=limit,
        )

    def by_platform(self, platform: Platform | str, *, cursor=None, limit=25) -> Page[CreatorRow]:
        """Largest audience first."""
        return self.query(
            index=PLATFORM_INDEX,
            partition_key_value=keys.platform(Platform(platform)),
            into=CreatorRow,
            newest_first=True,
            cursor=cursor,
            limit=limit,
        )

    def by_tier(self, tier: InfluenceTier | str, *, cursor=None, limit=25) -> Page[CreatorRow]:
        """Highest engagement first."""
        return self.query(
            index=INFLUENCE_INDEX,
            partition_key_value=keys.influence_tier(InfluenceTier(tier)),
            into=CreatorRow,
            newest_first=True,
            cursor=cursor,
            limit=limit,
        )

    def iter_platform(
        self,
        platform: Platform | str,
        *,
        synced_before: dt.datetime | None = None,
        full: bool = False,
    ) -> Iterator[CreatorRow | CreatorChannel]:
        """Every channel of a platform, page by page, for commands (export, stale sync).

        A query on the platform index, not a scan; with `synced_before`, only channels
        never synced or synced before then (a filter, so DynamoDB still reads them all).
        Rows by default (a projection); `full` reads whole items (export).
        """
        condition = None
        if synced_before is not None:
            condition = self.where(synced_at__exists=False) | self.where(
                synced_at__lt=_timestamp(synced_before)
            )
        cursor = None
        while True:
            page = self.query(
                index=PLATFORM_INDEX,
                partition_key_value=keys.platform(Platform(platform)),
                into=None if full else CreatorRow,
                filter=condition,
                cursor=cursor,
                limit=100,
            )
            yield from page.items
            if not page.next_cursor:
                return
            cursor = page.next_cursor


class ChannelLinkRepository(Repository[ChannelLink]):
    spec = CREATORS
    model = ChannelLink

    def keys_for(self, item: ChannelLink) -> dict[str, str]:
        pk, sk = self.key_of(item.platform, item.channel_id)
        return {"PK": pk, "SK": sk}

    @staticmethod
    def key_of(platform: Platform | str, channel_id: str) -> tuple[str, str]:
        return keys.channel_link(platform, channel_id)

    def owner_of(self, platform: Platform | str, channel_id: str) -> ChannelLink:
        return self.get(*self.key_of(platform, channel_id), consistent=True)

    def find_owner(self, platform: Platform | str, channel_id: str) -> ChannelLink | None:
        try:
            return self.owner_of(platform, channel_id)
        except NotFound:
            return None

    def owners_of(self, refs: Iterable[tuple[Platform, str]]) -> dict[tuple[str, str], str]:
        """{(platform, channelId): creatorId} for the channels that have an owner."""
        found = self.batch_get(self.key_of(platform, channel) for platform, channel in refs)
        return {(link.platform.value, link.channel_id): link.creator_id for link in found}

    def release_action(self, platform: Platform | str, channel_id: str, *, creator_id: str):
        """Delete a channel's owner link if it points at `creator_id` (or is already gone);
        one pointing at another creator fails the transaction."""
        owned = self.where(creator_id=creator_id) | self.absent()
        return self.delete_action(*self.key_of(platform, channel_id), condition=owned)

    def claim_action(self, link: ChannelLink, *, actor: str):
        """Create a channel's owner link; fails the transaction if the channel has one."""
        return self.create_action(link, actor=actor)


class QuotaRepository(Repository[QuotaDay]):
    spec = CREATORS
    model = QuotaDay

    def keys_for(self, item: QuotaDay) -> dict[str, str]:
        pk, sk = keys.quota_day(YOUTUBE_QUOTA, item.day)
        return {"PK": pk, "SK": sk}

    def day(self, day: str) -> QuotaDay:
        try:
            return self.get(*keys.quota_day(YOUTUBE_QUOTA, day), consistent=True)
        except NotFound:
            return QuotaDay(day=day)

    def add(self, day: str, units: int, *, actor: str) -> QuotaDay:
        """Add units to a day's ledger (an atomic ADD: concurrent runs both count)."""
        return self.increment(
            *keys.quota_day(YOUTUBE_QUOTA, day), {"used": units}, initial={"day": day}, actor=actor
        )


def _timestamp(value: dt.datetime) -> str:
    from marketing.dynamo.serde import format_timestamp

    return format_timestamp(value)
