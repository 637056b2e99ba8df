"""The stores table's access patterns (data-model.md §1), one named method each.

Three item kinds live in the table:
- profiles, `STORE#<storeId>` / `PROFILE#<scrapedAt>`; only the latest (no `ttl`)
  carries the GSI1-3 keys (sparse indexes);
- the store directory, `DIRECTORY#STORE` / `STORE#<storeId>`: one row per store so
  the unfiltered list is a Query, never a Scan;
- the scrape-cache counters, `STATS#SCRAPE_CACHE` / `COUNTERS`.

List methods take `where`, a dict of lookups on StoreProfile's field names
(`{"location__city": "서울", "price_analysis__level": 3}`), and translate it here.
"""

import datetime as dt
from collections.abc import Iterator

from pydantic import Field

from marketing.dynamo import errors, keys
from marketing.dynamo.pagination import Page
from marketing.dynamo.repository import Repository, SortKey, TransactAction
from marketing.dynamo.tables import STORES
from stores.domain import (
    CacheStats,
    DirectoryEntry,
    ProfileSummary,
    StoreFacet,
    StoreProfile,
    StoreRow,
)

CATEGORY_INDEX = "store-category-index"
LOCATION_INDEX = "store-location-index"
PRICE_INDEX = "store-price-index"
GSI_ATTRIBUTES = ("GSI1PK", "GSI1SK", "GSI2PK", "GSI2SK", "GSI3PK", "GSI3SK")
PEERS_PAGE = 500  # an area's stores of one category: one Query unless there are more


def index_keys(profile: StoreProfile) -> dict[str, str]:
    """The GSI keys a latest profile carries (only the indexes it has values for)."""
    store_key = keys.store(profile.store_id)
    found: dict[str, str] = {}
    if profile.primary_category:
        found.update(GSI1PK=keys.category(profile.primary_category), GSI1SK=store_key)
    if profile.location.city and profile.location.district:
        found.update(
            GSI2PK=keys.location(profile.location.city, profile.location.district),
            GSI2SK=keys.area_entry(profile.store_id, profile.primary_category),
        )
    if profile.price_analysis.level:
        found.update(GSI3PK=keys.price(profile.price_analysis.level), GSI3SK=store_key)
    return found


class StoreRepository(Repository[StoreProfile]):
    spec = STORES
    model = StoreProfile

    def keys_for(self, item: StoreProfile) -> dict[str, str]:
        found = {"PK": keys.store(item.store_id), "SK": keys.profile(item.scraped_at)}
        if item.is_latest:
            found.update(index_keys(item))
        return found

    # --- profiles -------------------------------------------------------------------------

    def latest_profile(
        self, store_id: str, *, consistent: bool = False, into: type[StoreProfile] | None = None
    ) -> StoreProfile | None:
        page = self.query(
            partition_key_value=keys.store(store_id),
            sk_condition=SortKey.begins_with(keys.PROFILE),
            newest_first=True,
            limit=1,
            consistent=consistent,
            into=into,
        )
        return page.items[0] if page.items else None

    def profile_history(
        self, store_id: str, *, cursor: str | None = None, limit: int = 10
    ) -> Page[ProfileSummary]:
        return self.query(
            partition_key_value=keys.store(store_id),
            sk_condition=SortKey.begins_with(keys.PROFILE),
            newest_first=True,
            into=ProfileSummary,
            limit=limit,
            cursor=cursor,
        )

    def all_profile_keys(self, store_id: str) -> Iterator[tuple[str, str]]:
        cursor = None
        while True:
            page = self.query(
                partition_key_value=keys.store(store_id),
                sk_condition=SortKey.begins_with(keys.PROFILE),
                projection=["storeId", "scrapedAt"],
                into=ProfileSummaryKey,
                limit=100,
                cursor=cursor,
            )
            for row in page.items:
                yield keys.store(store_id), keys.profile(row.scraped_at)
            if not page.next_cursor:
                return
            cursor = page.next_cursor

    def profile_key(self, profile: StoreProfile) -> tuple[str, str]:
        return keys.store(profile.store_id), keys.profile(profile.scraped_at)

    def delete_store(self, store_id: str, *, actor: str) -> int:
        """Every profile of a store and its directory row; how many items went (0: none)."""
        doomed = list(self.all_profile_keys(store_id))
        if not doomed and DirectoryRepository(mode=self.mode).find(store_id) is None:
            return 0
        doomed.append(DirectoryRepository.key(store_id))
        return self.batch_write(delete_keys=doomed, actor=actor)

    def supersede_action(
        self, profile: StoreProfile, *, expires_at: dt.datetime, actor: str
    ) -> TransactAction:
        """Take the GSI keys off a profile that stops being the latest and let it expire."""
        pk, sk = self.profile_key(profile)
        return self.update_action(
            pk,
            sk,
            set={"ttl": int(expires_at.timestamp())},
            remove=GSI_ATTRIBUTES,
            expected_version=profile.version,
            actor=actor,
        )

    def reindex_action(self, profile: StoreProfile, changes: dict, *, actor: str) -> TransactAction:
        """Edit a latest profile's fields and rewrite its GSI keys to match."""
        edited = profile.model_copy(update=changes)
        new_keys = index_keys(edited)
        pk, sk = self.profile_key(profile)
        return self.update_action(
            pk,
            sk,
            set={**changes, **new_keys},
            remove=[name for name in GSI_ATTRIBUTES if name not in new_keys],
            expected_version=profile.version,
            actor=actor,
            condition=self.where(ttl__exists=False),
        )

    # --- the three indexes ----------------------------------------------------------------

    def list_by_category(
        self, category: str, *, where: dict | None = None, cursor: str | None = None, limit=20
    ) -> Page[StoreRow]:
        return self.query(
            index=CATEGORY_INDEX,
            partition_key_value=keys.category(category),
            filter=self.where(**(where or {})),
            into=StoreRow,
            cursor=cursor,
            limit=limit,
        )

    def list_by_location(
        self,
        city: str,
        district: str,
        *,
        where: dict | None = None,
        cursor: str | None = None,
        limit: int = 20,
    ) -> Page[StoreRow]:
        return self.query(
            index=LOCATION_INDEX,
            partition_key_value=keys.location(city, district),
            filter=self.where(**(where or {})),
            into=StoreRow,
            cursor=cursor,
            limit=limit,
        )

    def list_by_price_level(
        self, level: int, *, where: dict | None = None, cursor: str | None = None, limit=20
    ) -> Page[StoreRow]:
        return self.query(
            index=PRICE_INDEX,
            partition_key_value=keys.price(level),
            filter=self.where(**(where or {})),
            into=StoreRow,
            cursor=cursor,
            limit=limit,
        )

    def category_medians_in_area(self, city: str, district: str, category: str) -> list[tuple]:
        """(storeId, median) of every priced store of `category` in the area: the area's
        key range of that category (GSI2), read in one Query up to PEERS_PAGE stores."""
        found, cursor = [], None
        while True:
            page = self.query(
                index=LOCATION_INDEX,
                partition_key_value=keys.location(city, district),
                sk_condition=SortKey.begins_with(keys.area_category_prefix(category)),
                filter=self.where(price_analysis__median__exists=True),
                into=StoreRow,
                cursor=cursor,
                limit=PEERS_PAGE,
            )
            found += [(row.store_id, row.price_analysis.median) for row in page.items]
            if not page.next_cursor or len(found) >= 2000:
                return found
            cursor = page.next_cursor


class ProfileSummaryKey(ProfileSummary):
    store_name: str = ""


def directory_keys(item: DirectoryEntry) -> dict[str, str]:
    """A list row's keys. The row also lists its store under its city (store-location-
    index): a city's stores are one partition, whatever the number of its districts."""
    found = {"PK": keys.STORE_DIRECTORY, "SK": keys.store(item.store_id)}
    if item.location.city:
        found.update(GSI2PK=keys.location(item.location.city), GSI2SK=found["SK"])
    return found


class IndexedDirectoryEntry(DirectoryEntry):
    """A list row with the city key it is stored under (None: written before it had one)."""

    stored_city_key: str | None = Field(None, alias="GSI2PK")

    def entry(self) -> DirectoryEntry:
        return DirectoryEntry.model_validate(self.model_dump(exclude={"stored_city_key"}))

    def has_current_keys(self) -> bool:
        return self.stored_city_key == directory_keys(self.entry()).get("GSI2PK")


class IndexedStoreProfile(StoreProfile):
    """A latest profile with its area sort key as stored (the category came first later)."""

    stored_area_key: str | None = Field(None, alias="GSI2SK")

    def profile(self) -> StoreProfile:
        return StoreProfile.model_validate(self.model_dump(exclude={"stored_area_key"}))

    def has_current_keys(self) -> bool:
        return self.stored_area_key == index_keys(self.profile()).get("GSI2SK")


class DirectoryRepository(Repository[DirectoryEntry]):
    spec = STORES
    model = DirectoryEntry

    def keys_for(self, item: DirectoryEntry) -> dict[str, str]:
        return directory_keys(item)

    def list_by_city(
        self, city: str, *, where: dict | None = None, cursor: str | None = None, limit: int = 20
    ) -> Page[DirectoryEntry]:
        return self.query(
            index=LOCATION_INDEX,
            partition_key_value=keys.location(city),
            filter=self.where(**(where or {})),
            cursor=cursor,
            limit=limit,
        )

    @staticmethod
    def key(store_id: str) -> tuple[str, str]:
        return keys.STORE_DIRECTORY, keys.store(store_id)

    def find(self, store_id: str, *, consistent: bool = False) -> DirectoryEntry | None:
        try:
            return self.get(*self.key(store_id), consistent=consistent)
        except errors.NotFound:
            return None

    def list_all(self, *, cursor: str | None = None, limit: int = 20) -> Page[DirectoryEntry]:
        return self.query(partition_key_value=keys.STORE_DIRECTORY, cursor=cursor, limit=limit)

    def iter_all(self, *, into: type[DirectoryEntry] | None = None) -> Iterator[DirectoryEntry]:
        """Every store's row, page by page (commands only: a page never reads them all)."""
        cursor = None
        while True:
            page = self.query(
                partition_key_value=keys.STORE_DIRECTORY, into=into, cursor=cursor, limit=200
            )
            yield from page.items
            if not page.next_cursor:
                return
            cursor = page.next_cursor


class FacetRepository(Repository[StoreFacet]):
    """Stores per category and per area, kept by ADD counters in each write's transaction."""

    spec = STORES
    model = StoreFacet

    def keys_for(self, item: StoreFacet) -> dict[str, str]:
        return {"PK": keys.STORE_FACETS, "SK": _facet_sk(item.category, item.city, item.district)}

    def all(self) -> list[StoreFacet]:
        """Every category and area with its count (a few hundred items at most)."""
        found, cursor = [], None
        while True:
            page = self.query(partition_key_value=keys.STORE_FACETS, cursor=cursor, limit=500)
            found += page.items
            if not page.next_cursor:
                return found
            cursor = page.next_cursor

    def shift_actions(
        self,
        before: StoreRow | StoreProfile | None,
        after: StoreRow | StoreProfile | None,
        *,
        actor: str,
    ) -> list[TransactAction]:
        """Counter updates for a store whose latest profile goes from `before` to `after`
        (None: the store is new, or deleted); none where category and area stay."""
        deltas: dict[tuple, int] = {}
        for row, step in ((before, -1), (after, 1)):
            for facet in _facets_of(row):
                deltas[facet] = deltas.get(facet, 0) + step
        return [
            self.increment_action(
                keys.STORE_FACETS,
                _facet_sk(*facet),
                {"count": delta},
                initial={"category": facet[0], "city": facet[1], "district": facet[2]},
                actor=actor,
            )
            for facet, delta in deltas.items()
            if delta
        ]

    def replace_all(self, facets: list[StoreFacet], *, actor: str) -> int:
        """Write counts recomputed from the stores (the backfill); stale ones go to 0."""
        wanted = {_facet_sk(f.category, f.city, f.district): f for f in facets}
        for old in self.all():
            sk = _facet_sk(old.category, old.city, old.district)
            wanted.setdefault(sk, old.model_copy(update={"count": 0}))
        return self.batch_write(put_items=wanted.values(), actor=actor)


def _facets_of(row: StoreRow | StoreProfile | None) -> list[tuple]:
    if row is None:
        return []
    found = []
    if row.primary_category:
        found.append((row.primary_category, None, None))
    if row.location.city and row.location.district:
        found.append((None, row.location.city, row.location.district))
    return found


def _facet_sk(category: str | None, city: str | None, district: str | None) -> str:
    if category:
        return keys.category(category)
    return keys.location(city, district)


class CacheStatsRepository(Repository[CacheStats]):
    spec = STORES
    model = CacheStats

    def keys_for(self, item: CacheStats) -> dict[str, str]:
        pk, sk = keys.SCRAPE_CACHE_STATS
        return {"PK": pk, "SK": sk}

    def current(self) -> CacheStats:
        try:
            return self.get(*keys.SCRAPE_CACHE_STATS)
        except errors.NotFound:
            return CacheStats()

    def count(self, *, hit: bool, actor: str) -> None:
        """Add one hit or one miss (an atomic ADD: concurrent counts are never lost)."""
        self.increment(*keys.SCRAPE_CACHE_STATS, {"hits" if hit else "misses": 1}, actor=actor)
