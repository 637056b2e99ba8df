"""Which creators a store is scored against: index queries on the creators table only.

For each store, in this order:
0. the creators whose activity area covers its district (their `AREA#` entries in
   creator-location-index under `LOCATION#<city>#<district>`, up to AREA_LIMIT, then
   their primary channels by key);
1. its creator categories (stores.category_map) on creator-category-index, up to
   CATEGORY_LIMIT creators each;
2. its province (up to REGION_LIMIT), then each neighbouring province
   (marketing.geography.NEIGHBOURS, up to NEIGHBOUR_LIMIT), on creator-location-index;
3. the top of the audience band of the store's price level (the follower counts its
   level's typical spend suits, scoring.level_band): the largest channels within the band
   on creator-platform-index,
   per platform, and the most engaging channels of each tier the band touches on
   creator-influence-index, up to BAND_LIMIT each.

Each query reads one page of bounded size, so a store's candidates — and the time it
takes to score them — do not grow with the creators table. A partition read once in a run
is not read again for the next store. A creator is scored once, on its primary channel
(the category and location indexes hold primary channels only; a secondary channel found
on the other two indexes leads to its creator's primary one); paused and archived
creators are left out.

A candidate's engagement is placed among the channels of the same platform and tier,
read from creator-influence-index once per tier per run.
"""

from collections.abc import Callable

from creators.domain import CreatorStatus, InfluenceTier, Platform, tier_for
from marketing.geography import neighbours
from matches.engine import scoring
from matches.engine.scoring import CreatorFacts, Engagement, StoreFacts
from matches.engine.sources import CandidateRow, CreatorSource

AREA_LIMIT = 100
CATEGORY_LIMIT = 150
REGION_LIMIT = 100
NEIGHBOUR_LIMIT = 30
BAND_LIMIT = 30


class Catalogue:
    """The creators table for one run: the candidate queries, cached by partition."""

    def __init__(self, source: CreatorSource):
        self.source = source
        self._partitions: dict[tuple, list[CandidateRow]] = {}
        self._primary: dict[str, CandidateRow | None] = {}
        self._peers: dict[InfluenceTier, dict[Platform, list]] = {}

    def candidates(self, store: StoreFacts) -> list[CandidateRow]:
        """The primary channels of the active creators worth scoring for `store`."""
        rows: list[CandidateRow] = []
        if store.city and store.district:
            rows += self._once(
                ("area", store.city, store.district),
                lambda: self.source.primary_channels(
                    self.source.in_area(store.city, store.district, limit=AREA_LIMIT)
                ),
            )
        for code in store.categories:
            rows += self._once(
                ("category", code),
                lambda code=code: self.source.in_category(code, limit=CATEGORY_LIMIT),
            )
        if store.province:
            rows += self._once(
                ("region", store.province, REGION_LIMIT),
                lambda: self.source.in_region(store.province, limit=REGION_LIMIT),
            )
            for region in neighbours(store.province):
                rows += self._once(
                    ("region", region, NEIGHBOUR_LIMIT),
                    lambda region=region: self.source.in_region(region, limit=NEIGHBOUR_LIMIT),
                )
        low, high = scoring.level_band(store)
        for platform in Platform:
            rows += self._once(
                ("platform", platform, low, high),
                lambda platform=platform: self.source.top_of_platform(
                    platform, low, high, limit=BAND_LIMIT
                ),
            )
        for tier in tiers_between(low, high):
            rows += self._once(
                ("tier", tier),
                lambda tier=tier: self.source.top_of_tier(tier, limit=BAND_LIMIT),
            )
        return self._primaries(rows)

    def engagement(self, row: CandidateRow) -> Engagement:
        rate, tier = row.statistics.engagement_rate, row.influence_tier
        if rate is None or tier is None:
            return Engagement(percentile=None)
        peers = self._tier_rates(tier).get(row.platform, [])
        if not peers:
            return Engagement(percentile=None)
        return Engagement(percentile=scoring.percentile_of(rate, peers), peers=len(peers))

    def _tier_rates(self, tier: InfluenceTier) -> dict[Platform, list]:
        if tier not in self._peers:
            rates: dict[Platform, list] = {}
            for peer in self.source.tier_peers(tier):
                rate = peer.statistics.engagement_rate
                if rate is not None:
                    rates.setdefault(peer.platform, []).append(rate)
            self._peers[tier] = {platform: sorted(values) for platform, values in rates.items()}
        return self._peers[tier]

    def _once(self, key: tuple, read: Callable[[], list[CandidateRow]]) -> list[CandidateRow]:
        if key not in self._partitions:
            self._partitions[key] = read()
        return self._partitions[key]

    def _primaries(self, rows: list[CandidateRow]) -> list[CandidateRow]:
        seen: dict[str, CandidateRow | None] = {}
        for row in rows:
            if row.primary:
                seen[row.creator_id] = row
            else:
                seen.setdefault(row.creator_id, None)
        found = []
        for creator_id, primary in seen.items():
            primary = primary or self._primary_of(creator_id)
            if primary is not None and primary.status is CreatorStatus.ACTIVE:
                found.append(primary)
        return sorted(found, key=lambda row: row.creator_id)

    def _primary_of(self, creator_id: str) -> CandidateRow | None:
        if creator_id not in self._primary:
            channels = self.source.creator_channels(creator_id)
            self._primary[creator_id] = next((c for c in channels if c.primary), None)
        return self._primary[creator_id]


def tiers_between(low: int, high: int) -> list[InfluenceTier]:
    """The tiers whose follower range meets `low`-`high`, smallest first."""
    order = list(InfluenceTier)
    first, last = order.index(tier_for(low)), order.index(tier_for(high))
    return order[first : last + 1]


def creator_facts(row: CandidateRow) -> CreatorFacts:
    stats = row.statistics
    return CreatorFacts(
        creator_id=row.creator_id,
        creator_name=row.channel_name,
        platform=row.platform,
        categories=tuple(row.categories),
        region=row.region,
        area_city=row.area.city if row.area else None,
        area_districts=tuple(row.area.districts) if row.area else (),
        subscribers=stats.subscribers,
        subscribers_hidden=stats.subscribers_hidden,
        subscribers_rounded=stats.subscribers_rounded,
        tier=row.influence_tier,
        tier_uncertain=row.tier_uncertain,
        engagement_rate=stats.engagement_rate,
        synced_at=row.synced_at,
        hand_entered=row.hand_entered,
    )
