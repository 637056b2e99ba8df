"""The creators table's access patterns, one named method each (data-model.md §2).

Besides channel items the table holds two small helper item types (additions to the
data model, noted there by this app's issue):
- `PLATFORM#<platform>#<channelId>` / `CHANNEL`: which creator owns a channel. It is
  created in the same transaction as the channel item, so a channel can never belong to
  two creators and a re-sync or re-import always finds its creator by key, not by scan.
- `QUOTA#youtube` / `DATE#<YYYY-MM-DD>`: YouTube quota units spent that (Pacific) day.

Every channel is also in the name and handle indexes (`DIRECTORY#CREATOR` /
`NAME#<search key>#<platform>#<channelId>`, `HANDLE#…`): the all-creators list reads the
name index in name order, and a search is a `begins_with` on the normalised name, then on
the handle. The keys are attributes of the channel item, so every write of the channel
moves them and its delete removes them, in the same request or transaction.
"""

import datetime as dt
from collections.abc import Iterable, Iterator

from boto3.dynamodb.conditions import Attr
from pydantic import Field

from creators.domain import (
    ActivityArea,
    AreaEntry,
    ChannelLink,
    CreatorChannel,
    CreatorFilters,
    CreatorRow,
    InfluenceTier,
    Platform,
    QuotaDay,
    handle_search_key,
    search_key,
)
from marketing.dynamo import keys
from marketing.dynamo.errors import InvalidCursor, NotFound
from marketing.dynamo.filters import stored_path
from marketing.dynamo.pagination import Page
from marketing.dynamo.repository import Repository, SortKey
from marketing.dynamo.tables import CREATORS

CATEGORY_INDEX = "creator-category-index"
LOCATION_INDEX = "creator-location-index"
PLATFORM_INDEX = "creator-platform-index"
INFLUENCE_INDEX = "creator-influence-index"
NAME_INDEX = "creator-name-index"
HANDLE_INDEX = "creator-handle-index"
# A search reads the name index, then the handle index; its cursor says which it is in.
_NAME_PHASE, _HANDLE_PHASE = "N", "H"

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
    result.update(search_keys(item))
    return result


def search_keys(item: CreatorChannel) -> dict[str, str]:
    """The name and handle index keys of a channel (every channel has both)."""
    fallback = search_key(item.channel_id)  # ids are letters, digits and . _ -: never empty
    name = search_key(item.channel_name) or fallback
    handle = handle_search_key(item.handle or item.channel_id) or fallback
    name_index, handle_index = CREATORS.index(NAME_INDEX), CREATORS.index(HANDLE_INDEX)
    return {
        name_index.pk: keys.CREATOR_DIRECTORY,
        name_index.sk: keys.name_entry(name, item.platform, item.channel_id),
        handle_index.pk: keys.CREATOR_DIRECTORY,
        handle_index.sk: keys.handle_entry(handle, item.platform, item.channel_id),
    }


class IndexedChannel(CreatorChannel):
    """A channel with the search keys it is stored under (None: written before they existed)."""

    stored_name_key: str | None = Field(None, alias=CREATORS.index(NAME_INDEX).sk)
    stored_handle_key: str | None = Field(None, alias=CREATORS.index(HANDLE_INDEX).sk)

    def channel(self) -> CreatorChannel:
        return CreatorChannel.model_validate(
            self.model_dump(exclude={"stored_name_key", "stored_handle_key"})
        )

    def has_current_keys(self) -> bool:
        wanted = search_keys(self)
        return (
            self.stored_name_key == wanted[CREATORS.index(NAME_INDEX).sk]
            and self.stored_handle_key == wanted[CREATORS.index(HANDLE_INDEX).sk]
        )


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
        self, creator_id: str, platform: Platform | str, channel_id: str, *, consistent=False
    ) -> CreatorChannel:
        return self.get(
            keys.creator(creator_id), keys.channel(platform, channel_id), consistent=consistent
        )

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

    # --- the list page: one index, the other filters on it ----------------------------------

    def listing(
        self, filters: CreatorFilters, *, cursor: str | None = None, limit: int = 25
    ) -> Page[CreatorRow]:
        """Channels matching every filter given, a page at a time.

        One index is queried and the other filters are applied on it (a FilterExpression,
        the page filled as `query` does): a search reads the name index, then the handle
        index; otherwise the platform index (largest audience first), the tier index
        (highest engagement first), the category or region index, or, with no filter,
        every channel in name order.
        """
        if filters.search:
            return self._search(filters, cursor=cursor, limit=limit)
        index, partition, newest_first = _listing_index(filters)
        return self.query(
            index=index,
            partition_key_value=partition,
            filter=self._filter(filters, indexed=index),
            into=CreatorRow,
            newest_first=newest_first,
            cursor=cursor,
            limit=limit,
        )

    def _search(self, filters: CreatorFilters, *, cursor: str | None, limit: int) -> Page:
        """Name matches (by name), then handle matches whose name did not match (by handle)."""
        phase, inner = _search_cursor(cursor)
        name_key, handle_key = search_key(filters.search), handle_search_key(filters.search)
        condition = self._filter(filters, indexed=None)
        items: list[CreatorRow] = []
        if phase == _NAME_PHASE and name_key:
            prefix = keys.name_prefix(name_key)
            page = self._prefix_page(NAME_INDEX, prefix, condition, inner, limit)
            if page.next_cursor:
                return Page(page.items, f"{_NAME_PHASE}.{page.next_cursor}")
            items, inner = page.items, None
            if len(items) == limit:
                return Page(items, _HANDLE_PHASE if handle_key else None)
        if not handle_key:
            return Page(items)
        if name_key:
            # A channel whose name matched was listed in the first part already.
            name_sk = CREATORS.index(NAME_INDEX).sk
            unnamed = ~Attr(name_sk).begins_with(keys.name_prefix(name_key))
            condition = unnamed if condition is None else condition & unnamed
        page = self._prefix_page(
            HANDLE_INDEX, keys.handle_prefix(handle_key), condition, inner, limit - len(items)
        )
        following = f"{_HANDLE_PHASE}.{page.next_cursor}" if page.next_cursor else None
        return Page(items + page.items, following)

    def _prefix_page(self, index: str, prefix: str, condition, cursor, limit) -> Page:
        return self.query(
            index=index,
            partition_key_value=keys.CREATOR_DIRECTORY,
            sk_condition=SortKey.begins_with(prefix),
            filter=condition,
            into=CreatorRow,
            cursor=cursor,
            limit=limit,
        )

    def _filter(self, filters: CreatorFilters, *, indexed: str | None):
        """The filters the queried index does not apply by itself, ANDed (None: none)."""
        conditions = []
        if filters.platform and indexed != PLATFORM_INDEX:
            conditions.append(self.where(platform=filters.platform))
        if filters.tier and indexed != INFLUENCE_INDEX:
            conditions.append(self.where(influence_tier=filters.tier))
        if filters.category and indexed != CATEGORY_INDEX:
            # The primary category, as the category index has it: the creator's first one,
            # copied onto each of its channels.
            first = f"{stored_path(self.model, 'categories')}[0]"
            conditions.append(Attr(first).eq(filters.category))
        if filters.region and indexed != LOCATION_INDEX:
            conditions.append(self.where(region=filters.region))
        combined = None
        for condition in conditions:
            combined = condition if combined is None else combined & condition
        return combined

    # --- one index each (commands and older links) ----------------------------------------

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

    def iter_indexed(self, platform: Platform | str) -> Iterator[IndexedChannel]:
        """Every channel of a platform with the search keys it is stored under (backfill)."""
        cursor = None
        while True:
            page = self.query(
                index=PLATFORM_INDEX,
                partition_key_value=keys.platform(Platform(platform)),
                into=IndexedChannel,
                cursor=cursor,
                limit=100,
            )
            yield from page.items
            if not page.next_cursor:
                return
            cursor = page.next_cursor


def _listing_index(filters: CreatorFilters) -> tuple[str, str, bool]:
    """(index, partition, newest first) a list without a search reads: the first filter
    given of platform, tier, category, region; with none, every channel by name."""
    if filters.platform:
        return PLATFORM_INDEX, keys.platform(filters.platform), True
    if filters.tier:
        return INFLUENCE_INDEX, keys.influence_tier(filters.tier), True
    if filters.category:
        return CATEGORY_INDEX, keys.category(filters.category), False
    if filters.region:
        return LOCATION_INDEX, keys.location(filters.region), False
    return NAME_INDEX, keys.CREATOR_DIRECTORY, False


def _search_cursor(cursor: str | None) -> tuple[str, str | None]:
    """(phase, the cursor of that phase's query) from a search page link."""
    if not cursor:
        return _NAME_PHASE, None
    if cursor == _HANDLE_PHASE:
        return _HANDLE_PHASE, None
    phase, dot, inner = cursor.partition(".")
    if phase not in (_NAME_PHASE, _HANDLE_PHASE) or not dot or not inner:
        raise InvalidCursor("The page link is malformed; start from the first page.")
    return phase, inner


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


class AreaRepository(Repository[AreaEntry]):
    spec = CREATORS
    model = AreaEntry

    def keys_for(self, item: AreaEntry) -> dict[str, str]:
        location = CREATORS.index(LOCATION_INDEX)
        return {
            "PK": keys.creator(item.creator_id),
            "SK": keys.area(item.city, item.district),
            location.pk: keys.location(item.city, item.district),
            location.sk: keys.creator(item.creator_id),
        }

    def entries_of(self, creator_id: str, *, consistent: bool = False) -> list[AreaEntry]:
        """The districts a creator covers (its own partition)."""
        page = self.query(
            partition_key_value=keys.creator(creator_id),
            sk_condition=SortKey.begins_with(keys.AREA),
            limit=100,
            consistent=consistent,
        )
        return page.items

    def covering(self, city: str, district: str, *, limit: int = 100) -> list[AreaEntry]:
        """Creators covering a district (creator-location-index)."""
        page = self.query(
            index=LOCATION_INDEX,
            partition_key_value=keys.location(city, district),
            limit=limit,
        )
        return page.items

    def change_actions(
        self,
        creator_id: str,
        primary: CreatorChannel,
        before: list[AreaEntry],
        after: ActivityArea | None,
        *,
        actor: str,
    ) -> list:
        """The writes that make a creator's entries `after` from `before`: entries that go
        are deleted, new ones created (failing the transaction if one appeared meanwhile)."""
        wanted = {
            (after.city, district): AreaEntry(
                creator_id=creator_id,
                city=after.city,
                district=district,
                platform=primary.platform,
                channel_id=primary.channel_id,
            )
            for district in (after.districts if after else [])
        }
        have = {(entry.city, entry.district): entry for entry in before}
        actions = [
            self.delete_action(*self.key_of(entry), expected_version=entry.version)
            for place, entry in have.items()
            if place not in wanted
        ]
        actions += [
            self.create_action(entry, actor=actor)
            for place, entry in wanted.items()
            if place not in have
        ]
        return actions

    @staticmethod
    def key_of(entry: AreaEntry) -> tuple[str, str]:
        return keys.creator(entry.creator_id), keys.area(entry.city, entry.district)
