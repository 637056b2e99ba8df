"""Stores: what a parsed Naver place and a stored profile are. Pydantic only, no I/O."""

import datetime as dt
import uuid
from decimal import Decimal
from enum import StrEnum

from django.utils.translation import gettext_lazy as _
from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from marketing.dynamo.models import DynamoModel

# storeId = uuid5(this namespace, "naver-place:<placeId>"): one place, one store, forever.
STORE_ID_NAMESPACE = uuid.UUID("6f1c2b0e-3a4d-5e8f-9b7a-2c1d0e4f5a6b")

CACHE_MAX_AGE = dt.timedelta(days=7)
HISTORY_RETENTION = dt.timedelta(days=365)
TOP_KEYWORDS = 10


def store_id_for(place_id: str) -> str:
    return str(uuid.uuid5(STORE_ID_NAMESPACE, f"naver-place:{place_id}"))


class _Camel(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)


class StoreStatus(StrEnum):
    ACTIVE = "ACTIVE"
    CLOSED = "CLOSED"

    @property
    def label(self):
        return STATUS_LABELS[self]


class ProfileSource(StrEnum):
    FETCH = "fetch"  # fetched from Naver
    IMPORT = "import"  # a page saved in a browser, uploaded by staff

    @property
    def label(self):
        return SOURCE_LABELS[self]


STATUS_LABELS = {StoreStatus.ACTIVE: _("Active"), StoreStatus.CLOSED: _("Closed")}
SOURCE_LABELS = {
    ProfileSource.FETCH: _("Fetched from Naver"),
    ProfileSource.IMPORT: _("Imported from a saved page"),
}


class MenuRole(StrEnum):
    """What a menu line counts as in the per-person spend estimate (stores/per_person.py)."""

    MAIN = "main"
    SET = "set"  # a dish or set for several people
    SIDE = "side"
    DRINK = "drink"
    UNPRICED = "unpriced"  # free or no price: not counted


class Polarity(StrEnum):
    POSITIVE = "positive"
    NEUTRAL = "neutral"
    NEGATIVE = "negative"


# --- what the parser returns --------------------------------------------------------------


class MenuItem(_Camel):
    name: str
    price: int | None = None  # KRW; 0 is free, None is unknown


class VotedKeyword(_Camel):
    label: str
    count: int
    code: str | None = None


class ParsedPlace(_Camel):
    place_id: str
    place_type: str | None = None  # restaurant, place, hairshop, ... (menu page path)
    name: str
    categories: list[str] = Field(default_factory=list)
    address: str | None = None
    road_address: str | None = None
    phone: str | None = None
    lat: Decimal | None = None
    lng: Decimal | None = None
    menus: list[MenuItem] = Field(default_factory=list)
    menus_left_out: int = 0  # menus on the page beyond parser.MAX_MENUS, not kept
    menu_source: str | None = None  # "menu" or "baemin"
    visitor_review_count: int | None = None
    blog_review_count: int | None = None
    rating: Decimal | None = None  # None when Naver hides it (reported as 0)
    keywords: list[VotedKeyword] = Field(default_factory=list)
    from_meta_only: bool = False  # no Apollo state: og/meta fallbacks only
    raw_state: dict | None = Field(default=None, exclude=True, repr=False)

    @property
    def has_priced_menus(self) -> bool:
        return any(m.price for m in self.menus)


# --- analysis -----------------------------------------------------------------------------


class Location(_Camel):
    address: str | None = None
    road_address: str | None = None
    city: str | None = None
    district: str | None = None
    lat: Decimal | None = None
    lng: Decimal | None = None
    phone: str | None = None


class PriceAnalysis(_Camel):
    menu_count: int = 0  # menus listed
    priced_count: int = 0  # menus with a known, non-zero price: the statistics' base
    min: int | None = None
    max: int | None = None
    mean: int | None = None
    median: int | None = None  # of every priced line, kept for comparison
    per_person: int | None = None  # estimated spend per person (stores/per_person.py)
    currency: str = "KRW"
    # 1-4 (data-model.md) by per_person, or by median where there is no estimate (profiles
    # stored before the estimate existed, menus with no main dish); None without prices.
    level: int | None = None


class MenuLine(BaseModel):
    """A priced menu line as the per-person estimate counted it (not stored)."""

    name: str
    price: int | None
    role: MenuRole
    persons: Decimal | None = None  # SET: the head count the price is shared by
    per_person: int | None = None  # MAIN and SET: the price per person


class SpendEstimate(BaseModel):
    """The per-person spend of a menu and how it was reached (not stored)."""

    lines: list[MenuLine]
    main: int | None = None  # median per-person price of the mains and sets
    extra: int | None = None  # median price of the sides and drinks
    drinks_are_mains: bool = False  # most priced lines are drinks: a cafe or a bar
    per_person: int | None = None  # main + extra


class KeywordScore(_Camel):
    label: str
    count: int
    polarity: Polarity = Polarity.NEUTRAL


class Sentiment(_Camel):
    review_count: int | None = None  # visitor + blog
    visitor_review_count: int | None = None
    blog_review_count: int | None = None
    rating: Decimal | None = None
    positive_ratio: Decimal | None = None  # 0-1, of polarised keyword votes
    # The score's inputs (stores/analysis.py); absent on profiles stored before them.
    positive_votes: int | None = None
    negative_votes: int | None = None
    net_votes_per_review: Decimal | None = None  # (positive - negative) / visitor reviews
    keyword_part: Decimal | None = None  # 0-1
    rating_part: Decimal | None = None  # 0-1
    score: int | None = None  # 0-100
    keywords: list[KeywordScore] = Field(default_factory=list)


# --- staff corrections ----------------------------------------------------------------------


class Correction(_Camel):
    """A value staff set over Naver's: it survives re-scrapes until dropped."""

    value: str | None = None
    naver_value: str | None = None  # what Naver says, as of the profile's scrape
    by: str
    at: dt.datetime


class ProfileEdit(_Camel):
    """One staff edit of a profile: who, when, which fields (the profile history shows it)."""

    by: str
    at: dt.datetime
    fields: list[str] = Field(default_factory=list)
    note: str = ""  # e.g. "Naver's value restored"


MAX_EDITS_KEPT = 50  # per profile; older edit records drop off, the values stay


# --- stored items -------------------------------------------------------------------------


class StoreProfile(DynamoModel):
    """One scrape of one store: `STORE#<storeId>` / `PROFILE#<scrapedAt>`.

    The latest profile has no `ttl` and carries the GSI keys; superseded ones expire.
    """

    store_id: str
    store_name: str
    source_url: str
    naver_place_id: str
    place_type: str | None = None
    primary_category: str | None = None
    categories: list[str] = Field(default_factory=list)
    location: Location = Field(default_factory=Location)
    price_analysis: PriceAnalysis = Field(default_factory=PriceAnalysis)
    sentiment: Sentiment = Field(default_factory=Sentiment)
    menus: list[MenuItem] = Field(default_factory=list)
    menus_left_out: int = 0  # the page listed more menus than a profile keeps
    status: StoreStatus = StoreStatus.ACTIVE
    source: ProfileSource = ProfileSource.FETCH
    scraped_at: dt.datetime
    ttl: int | None = None
    raw_payload: bytes | None = None  # gzip-compressed JSON of the Apollo state
    # The creator category staff chose for matching (a creators.domain.CATEGORIES code);
    # None: mapped from Naver's categories (stores.category_map). Naver never sets it.
    creator_category: str | None = None
    # Staff corrections by field name (stores.corrections.CORRECTABLE), kept across scrapes.
    corrections: dict[str, Correction] = Field(default_factory=dict)
    edits: list[ProfileEdit] = Field(default_factory=list)
    raw_payload_left_out: bool = False  # the state was too large to keep within the item

    @property
    def is_latest(self) -> bool:
        return self.ttl is None

    @property
    def menus_on_page(self) -> int:
        return len(self.menus) + self.menus_left_out

    def age(self, now: dt.datetime) -> dt.timedelta:
        return now - self.scraped_at


class StoreRow(DynamoModel):
    """What list pages read (a projection of the latest profile)."""

    store_id: str
    store_name: str
    primary_category: str | None = None
    location: Location = Field(default_factory=Location)
    price_analysis: PriceAnalysis = Field(default_factory=PriceAnalysis)
    sentiment: Sentiment = Field(default_factory=Sentiment)
    scraped_at: dt.datetime


class ProfileSummary(DynamoModel):
    """A line of a store's profile history (and the staff edits made to that profile)."""

    store_id: str
    store_name: str
    scraped_at: dt.datetime
    source: ProfileSource = ProfileSource.FETCH
    edits: list[ProfileEdit] = Field(default_factory=list)
    price_analysis: PriceAnalysis = Field(default_factory=PriceAnalysis)
    sentiment: Sentiment = Field(default_factory=Sentiment)
    ttl: int | None = None


class DirectoryEntry(StoreRow):
    """`DIRECTORY#STORE` / `STORE#<storeId>`: the unfiltered store list, without a scan.

    It holds what a list row shows, copied from the latest profile in the same transaction.
    """


class StoreFacet(DynamoModel):
    """`FACETS#STORE` / `CATEGORY#<category>` or `LOCATION#<city>#<district>`: how many
    stores' latest profiles have that category or area, counted on every write. The store
    list offers these values as its filter choices without reading the stores."""

    category: str | None = None
    city: str | None = None
    district: str | None = None
    count: int = 0


class CacheStats(DynamoModel):
    """`STATS#SCRAPE_CACHE` / `COUNTERS`: the 7-day scrape cache's hits and misses."""

    hits: int = 0
    misses: int = 0

    @property
    def hit_rate(self) -> Decimal | None:
        total = self.hits + self.misses
        if not total:
            return None
        return (Decimal(self.hits) * 100 / total).quantize(Decimal("0.1"))


class ScrapeOutcome(BaseModel):
    profile: StoreProfile
    cache_hit: bool
    created: bool = False  # the first profile of a new store


class PricePosition(BaseModel):
    """Where a store's median price stands among same-category stores of its district."""

    percentile: int  # 0-100: share of peers priced below (ties count half)
    peers: int  # other stores compared with
    cheaper: int
    pricier: int
    category: str
    city: str
    district: str
