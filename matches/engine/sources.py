"""What the engine reads, and nothing else: index queries on the creators table (the
candidates and their engagement peers) and on the matches table (who has a history with
us, and a creator's history), plus the few key reads that go with them. Never a scan.
Every request is counted, so a run can say what it cost and a test can hold it to that.
"""

import datetime as dt
import threading
from collections.abc import Iterator

from pydantic import Field

from creators.domain import (
    ActivityArea,
    AreaEntry,
    CamelModel,
    CreatorStatus,
    InfluenceTier,
    Platform,
    Statistics,
)
from creators.repository import (
    CATEGORY_INDEX,
    INFLUENCE_INDEX,
    LOCATION_INDEX,
    PLATFORM_INDEX,
    CreatorRepository,
)
from marketing.dynamo import keys
from marketing.dynamo.client import ClientMode
from marketing.dynamo.repository import SortKey
from matches.domain import MatchStatus, StatusChange
from matches.repository import CREATOR_INDEX, STATUS_INDEX, MatchRepository

PEER_PAGE = 1000  # rows a page when reading a tier's engagement figures
WORKED_PAGE = 1000  # rows a page when reading the work queues' creator ids
HISTORY_PAGE = 100


class QueryCount:
    """Requests a run made: index queries (GSIs) and other reads (keys and partitions)."""

    def __init__(self):
        self._lock = threading.Lock()
        self.index_queries = 0
        self.other_reads = 0

    def add(self, *, index: bool) -> None:
        with self._lock:
            if index:
                self.index_queries += 1
            else:
                self.other_reads += 1


class CandidateRow(CamelModel):
    """The part of a channel item scoring needs (a projection)."""

    creator_id: str
    platform: Platform
    channel_id: str
    channel_name: str
    uploads_playlist_id: str | None = None
    categories: list[str] = Field(default_factory=list)
    region: str | None = None
    area: ActivityArea | None = None
    statistics: Statistics = Field(default_factory=Statistics)
    influence_tier: InfluenceTier | None = None
    tier_uncertain: bool = False
    status: CreatorStatus = CreatorStatus.ACTIVE
    primary: bool = True
    synced_at: dt.datetime | None = None

    @property
    def hand_entered(self) -> bool:
        """Figures typed in by staff (or a CSV) rather than read from YouTube's API."""
        return self.platform is not Platform.YOUTUBE or self.uploads_playlist_id is None


class PeerRow(CamelModel):
    platform: Platform
    statistics: Statistics = Field(default_factory=Statistics)


class CreatorSource(CreatorRepository):
    """The creators table as the engine reads it: one named query per candidate source."""

    def __init__(self, *, count: QueryCount, mode: ClientMode = "batch"):
        super().__init__(mode=mode)
        self.count = count

    def query(self, **kwargs):
        self.count.add(index=kwargs.get("index") is not None)
        return super().query(**kwargs)

    def in_category(self, code: str, *, limit: int) -> list[CandidateRow]:
        """Creators whose primary category is `code` (primary channels)."""
        return self._rows(CATEGORY_INDEX, keys.category(code), limit=limit)

    def in_region(self, region: str, *, limit: int) -> list[CandidateRow]:
        """Creators based in a province (primary channels)."""
        return self._rows(LOCATION_INDEX, keys.location(region), limit=limit)

    def in_area(self, city: str, district: str, *, limit: int) -> list[AreaEntry]:
        """Creators covering a district: their activity-area entries (which name each
        creator's primary channel)."""
        page = self.query(
            index=LOCATION_INDEX,
            partition_key_value=keys.location(city, district),
            into=AreaEntry,
            limit=limit,
        )
        return page.items

    def primary_channels(self, entries: list[AreaEntry]) -> list[CandidateRow]:
        """The primary channels area entries name, by key (one batch get per 100)."""
        if not entries:
            return []
        self.count.add(index=False)
        found = self.batch_get_channels(
            (entry.creator_id, entry.platform, entry.channel_id) for entry in entries
        )
        return [CandidateRow.model_validate(channel.model_dump()) for channel in found]

    def top_of_platform(
        self, platform: Platform, low: int, high: int, *, limit: int
    ) -> list[CandidateRow]:
        """The largest channels of a platform with `low`-`high` followers."""
        return self._rows(
            PLATFORM_INDEX,
            keys.platform(platform),
            sk=SortKey.between(keys.influence(low), keys.influence(high)),
            newest_first=True,
            limit=limit,
        )

    def top_of_tier(self, tier: InfluenceTier, *, limit: int) -> list[CandidateRow]:
        """The channels of a tier with the highest engagement rates."""
        return self._rows(
            INFLUENCE_INDEX, keys.influence_tier(tier), newest_first=True, limit=limit
        )

    def tier_peers(self, tier: InfluenceTier) -> Iterator[PeerRow]:
        """Every channel of a tier (platform and statistics only), page by page."""
        cursor = None
        while True:
            page = self.query(
                index=INFLUENCE_INDEX,
                partition_key_value=keys.influence_tier(tier),
                into=PeerRow,
                cursor=cursor,
                limit=PEER_PAGE,
            )
            yield from page.items
            if not page.next_cursor:
                return
            cursor = page.next_cursor

    def creator_channels(self, creator_id: str) -> list[CandidateRow]:
        """Every channel of one creator (its partition: a key read, not an index)."""
        page = self.query(
            partition_key_value=keys.creator(creator_id),
            sk_condition=SortKey.begins_with(keys.PLATFORM),
            into=CandidateRow,
            limit=100,
        )
        return page.items

    def _rows(self, index, partition, *, sk=None, newest_first=False, limit) -> list:
        page = self.query(
            index=index,
            partition_key_value=partition,
            sk_condition=sk,
            into=CandidateRow,
            newest_first=newest_first,
            limit=limit,
        )
        return page.items


class HistoryRow(CamelModel):
    """A match as a creator's history needs it (a projection)."""

    match_id: str
    store_id: str
    status: MatchStatus
    status_history: list[StatusChange] = Field(default_factory=list)


class WorkedRow(CamelModel):
    creator_id: str


# Statuses a match reaches only through our own workflow: a creator with a match in one
# of them has a history with us; every other creator has none (a neutral reliability).
WORKED_STATUSES = tuple(status for status in MatchStatus if status is not MatchStatus.PENDING)


class HistorySource(MatchRepository):
    """The matches table as the engine reads it: who has a history with us (the work
    queues, once a run) and a creator's matches (its own index)."""

    def __init__(self, *, count: QueryCount, mode: ClientMode = "batch"):
        super().__init__(mode=mode)
        self.count = count

    def query(self, **kwargs):
        self.count.add(index=kwargs.get("index") is not None)
        return super().query(**kwargs)

    def worked_creators(self) -> set[str]:
        """Every creator with a match past PENDING (match-status-index, creator ids only)."""
        found: set[str] = set()
        for status in WORKED_STATUSES:
            cursor = None
            while True:
                page = self.query(
                    index=STATUS_INDEX,
                    partition_key_value=keys.status(status),
                    into=WorkedRow,
                    cursor=cursor,
                    limit=WORKED_PAGE,
                )
                found.update(row.creator_id for row in page.items)
                if not page.next_cursor:
                    break
                cursor = page.next_cursor
        return found

    def history_of(self, creator_id: str) -> list[HistoryRow]:
        rows, cursor = [], None
        while True:
            page = self.query(
                index=CREATOR_INDEX,
                partition_key_value=keys.creator(creator_id),
                into=HistoryRow,
                cursor=cursor,
                limit=HISTORY_PAGE,
            )
            rows += page.items
            if not page.next_cursor:
                return rows
            cursor = page.next_cursor
