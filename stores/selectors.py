"""Stores: reads for pages. Every list is a Query on the table or one of its indexes."""

from dataclasses import dataclass, field

from marketing.dynamo.pagination import Page
from stores import analysis, per_person
from stores.domain import (
    CacheStats,
    PricePosition,
    ProfileSummary,
    SpendEstimate,
    StoreProfile,
)
from stores.repository import (
    CacheStatsRepository,
    DirectoryRepository,
    FacetRepository,
    StoreRepository,
)

PAGE_SIZE = 20


@dataclass(frozen=True)
class StoreFilters:
    category: str | None = None
    city: str | None = None
    district: str | None = None
    price_level: int | None = None

    @property
    def active(self) -> bool:
        return bool(self.category or self.city or self.price_level)


@dataclass(frozen=True)
class StoreFacets:
    """The categories and areas stores have, from the counters kept on every write."""

    categories: list[str] = field(default_factory=list)
    areas: dict[str, list[str]] = field(default_factory=dict)  # city -> districts

    def districts(self, city: str | None) -> list[str]:
        return self.areas.get(city or "", [])


def store_facets() -> StoreFacets:
    """One query on the facet counters (never a read of the stores)."""
    categories, areas = [], {}
    for facet in FacetRepository().all():
        if facet.count <= 0:
            continue
        if facet.category:
            categories.append(facet.category)
        elif facet.city and facet.district:
            areas.setdefault(facet.city, []).append(facet.district)
    return StoreFacets(categories=sorted(categories), areas=areas)


def store_list(
    *,
    filters: StoreFilters | None = None,
    cursor: str | None = None,
    limit: int = PAGE_SIZE,
) -> Page:
    """One page of stores. The most selective filter picks the index (category, then area,
    then price level); the others become a filter on that index's query. A city without a
    district is its list rows' city partition. No filter: the store directory partition."""
    filters = filters or StoreFilters()
    repository = StoreRepository()
    category = analysis.normalise_category(filters.category)
    city = analysis.normalise_city(filters.city) or filters.city
    district = filters.district if city else None
    level = filters.price_level
    where = {}
    if category:
        if city:
            where["location__city"] = city
        if district:
            where["location__district"] = district
        if level:
            where["price_analysis__level"] = level
        return repository.list_by_category(category, where=where, cursor=cursor, limit=limit)
    if level and (city or district):
        where["price_analysis__level"] = level
    if city and district:
        return repository.list_by_location(city, district, where=where, cursor=cursor, limit=limit)
    if city:
        return DirectoryRepository().list_by_city(city, where=where, cursor=cursor, limit=limit)
    if level:
        return repository.list_by_price_level(level, cursor=cursor, limit=limit)
    return DirectoryRepository().list_all(cursor=cursor, limit=limit)


@dataclass(frozen=True)
class StoreDetail:
    profile: StoreProfile
    history: Page[ProfileSummary]
    price_position: PricePosition | None
    price_distribution: list[tuple[str, int]]
    spend: SpendEstimate  # how each menu line counts towards the per-person spend
    median_level: int | None  # the level the median alone gives, shown for comparison


def store_profile(*, store_id: str) -> StoreProfile | None:
    """The store's latest profile, or None when there is no such store."""
    return StoreRepository().latest_profile(store_id)


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
