"""Stores: reads for pages. Every list is a Query on the table or one of its indexes."""

from dataclasses import dataclass

from boto3.dynamodb.conditions import Attr

from marketing.dynamo.pagination import Page
from stores import analysis, per_person
from stores.domain import CacheStats, PricePosition, ProfileSummary, SpendEstimate, StoreProfile
from stores.repository import CacheStatsRepository, DirectoryRepository, StoreRepository

PAGE_SIZE = 20


@dataclass(frozen=True)
class StoreFilters:
    category: str | None = None
    city: str | None = None
    district: str | None = None
    price_level: int | None = None

    @property
    def active(self) -> bool:
        return bool(self.category or (self.city and self.district) or self.price_level)


def store_list(
    *, filters: StoreFilters | None = None, cursor: str | None = None, limit: int = PAGE_SIZE
) -> Page:
    """One page of stores. The most selective filter picks the index (category, then area,
    then price level); the others become a filter on that index's query. No filter: the
    store directory partition."""
    filters = filters or StoreFilters()
    repository = StoreRepository()
    category = analysis.normalise_category(filters.category)
    city = analysis.normalise_city(filters.city) or filters.city
    area = (city, filters.district) if city and filters.district else None
    level = filters.price_level
    conditions = []
    if category:
        if area:
            conditions += [
                Attr("location.city").eq(area[0]),
                Attr("location.district").eq(area[1]),
            ]
        if level:
            conditions.append(Attr("priceAnalysis.level").eq(level))
        return repository.list_by_category(
            category, filter=_all(conditions), cursor=cursor, limit=limit
        )
    if area:
        if level:
            conditions.append(Attr("priceAnalysis.level").eq(level))
        return repository.list_by_location(
            *area, filter=_all(conditions), cursor=cursor, limit=limit
        )
    if level:
        return repository.list_by_price_level(level, cursor=cursor, limit=limit)
    return DirectoryRepository().list_all(cursor=cursor, limit=limit)


def _all(conditions):
    if not conditions:
        return None
    combined = conditions[0]
    for condition in conditions[1:]:
        combined &= condition
    return combined


@dataclass(frozen=True)
class StoreDetail:
    profile: StoreProfile
    history: Page[ProfileSummary]
    price_position: PricePosition | None
    price_distribution: list[tuple[str, int]]
    spend: SpendEstimate  # how each menu line counts towards the per-person spend
    median_level: int | None  # the level the median alone gives, shown for comparison


def store_detail(*, store_id: str, history_cursor: str | None = None) -> StoreDetail | None:
    repository = StoreRepository()
    profile = repository.latest_profile(store_id)
    if profile is None:
        return None
    return StoreDetail(
        profile=profile,
        history=repository.profile_history(store_id, cursor=history_cursor),
        price_position=store_price_position(profile=profile),
        price_distribution=analysis.price_distribution(profile.menus),
        spend=per_person.estimate(profile.menus),
        median_level=analysis.price_level(profile.price_analysis.median),
    )


def store_price_position(*, profile: StoreProfile) -> PricePosition | None:
    """The store's median price among the same category's stores of its district (GSI2)."""
    location, median = profile.location, profile.price_analysis.median
    category = profile.primary_category
    if not (location.city and location.district and category and median):
        return None
    medians = StoreRepository().category_medians_in_area(location.city, location.district, category)
    peers = [m for store_id, m in medians if store_id != profile.store_id and m]
    if not peers:
        return None
    return PricePosition(
        percentile=analysis.percentile(median, peers),
        peers=len(peers),
        cheaper=sum(1 for p in peers if p < median),
        pricier=sum(1 for p in peers if p > median),
        category=category,
        city=location.city,
        district=location.district,
    )


def cache_stats() -> CacheStats:
    return CacheStatsRepository().current()
