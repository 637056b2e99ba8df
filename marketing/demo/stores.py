"""Demo stores: a parsed Naver place made up from `korean`, analysed and stored exactly as
a fetched page is (stores.services.build_profile), with its store-directory row, and
for some stores an earlier profile in their history.

No phone number is made up: a demo store has none.
"""

import datetime as dt
import random
import re
from dataclasses import dataclass
from decimal import Decimal

from marketing.demo import ids
from marketing.demo.korean import DISTRICTS, SHOP_KINDS, SHOP_WORDS, SURNAMES, District, ShopKind
from stores.domain import (
    HISTORY_RETENTION,
    DirectoryEntry,
    MenuItem,
    ParsedPlace,
    ProfileSource,
    StoreProfile,
    StoreStatus,
    VotedKeyword,
)
from stores.services import _directory_entry, build_profile

CLOSED_SHARE = 0.03  # stores marked closed (never the first few, never in a match)


@dataclass(frozen=True)
class DemoStore:
    number: int
    kind: ShopKind
    district: District
    profiles: tuple[StoreProfile, ...]  # the latest first
    directory: DirectoryEntry
    reviews_per_day: Decimal  # how fast its visitor reviews grow (attribution snapshots)

    @property
    def latest(self) -> StoreProfile:
        return self.profiles[0]

    @property
    def store_id(self) -> str:
        return self.latest.store_id

    @property
    def open(self) -> bool:
        return self.latest.status is StoreStatus.ACTIVE

    def reviews_at(self, moment: dt.datetime) -> tuple[int | None, int | None, float]:
        """(visitor reviews, blog reviews, share of today's keyword votes) at `moment`."""
        sentiment = self.latest.sentiment
        visitors, blogs = sentiment.visitor_review_count, sentiment.blog_review_count
        days = max((self.latest.scraped_at - moment).total_seconds() / 86400, 0)
        fewer = int(self.reviews_per_day * Decimal(str(round(days, 3))))
        if not visitors:
            return visitors, blogs, 1.0
        then = max(visitors - fewer, 0)
        share = then / visitors
        return then, (round(blogs * share) if blogs is not None else None), share


def build_stores(seed: int, count: int, now: dt.datetime) -> list[DemoStore]:
    return [build_store(seed, number, now) for number in range(count)]


def build_store(seed: int, number: int, now: dt.datetime) -> DemoStore:
    rng = ids.stream(seed, "store", number)
    # The first stores go through every kind of shop and every district, so even a small
    # demo shows them all.
    kind = (
        SHOP_KINDS[number % len(SHOP_KINDS)]
        if number < len(SHOP_KINDS)
        else rng.choices(SHOP_KINDS, weights=[k.weight for k in SHOP_KINDS])[0]
    )
    district = DISTRICTS[number % len(DISTRICTS)] if number < 2 * len(DISTRICTS) else None
    district = district or rng.choice(DISTRICTS)
    place = _place(seed, number, kind, district, rng)
    fresh = rng.random() < 0.85
    age = (
        dt.timedelta(hours=rng.uniform(2, 150)) if fresh else dt.timedelta(days=rng.uniform(8, 40))
    )
    latest = build_profile(place, scraped_at=now - age, source=ProfileSource.FETCH)
    closed = number >= len(SHOP_KINDS) and rng.random() < CLOSED_SHARE
    latest = latest.model_copy(
        update={"demo": True, "status": StoreStatus.CLOSED if closed else StoreStatus.ACTIVE}
    )
    visitors = place.visitor_review_count or 0
    per_day = Decimal(visitors) / Decimal(rng.randint(100, 300))
    store = DemoStore(
        number=number,
        kind=kind,
        district=district,
        profiles=(latest,),
        directory=_directory_entry(latest).model_copy(update={"demo": True}),
        reviews_per_day=per_day.quantize(Decimal("0.001")),
    )
    if rng.random() < 0.35:
        store = _with_earlier_profile(store, place, rng)
    return store


def _with_earlier_profile(store: DemoStore, place: ParsedPlace, rng: random.Random) -> DemoStore:
    """An earlier scrape, superseded by the latest (no index keys, a history ttl)."""
    latest = store.latest
    scraped_at = latest.scraped_at - dt.timedelta(days=rng.uniform(10, 60), hours=rng.uniform(0, 8))
    visitors, blogs, share = store.reviews_at(scraped_at)
    earlier_place = place.model_copy(
        update={
            "visitor_review_count": visitors,
            "blog_review_count": blogs,
            "keywords": [
                VotedKeyword(label=k.label, count=max(int(k.count * share), 1))
                for k in place.keywords
            ],
        }
    )
    earlier = build_profile(earlier_place, scraped_at=scraped_at, source=ProfileSource.FETCH)
    ttl = int((latest.scraped_at + HISTORY_RETENTION).timestamp())
    earlier = earlier.model_copy(update={"demo": True, "ttl": ttl})
    return DemoStore(
        number=store.number,
        kind=store.kind,
        district=store.district,
        profiles=(latest, earlier),
        directory=store.directory,
        reviews_per_day=store.reviews_per_day,
    )


def _place(seed, number, kind: ShopKind, district: District, rng: random.Random) -> ParsedPlace:
    dong = rng.choice(district.dongs)
    name = rng.choice(kind.names).format(
        dong=_short_dong(dong, district), surname=rng.choice(SURNAMES), word=rng.choice(SHOP_WORDS)
    )
    lot = f"{rng.randint(1, 900)}-{rng.randint(1, 40)}"
    road = f"{rng.choice(district.roads)} {rng.randint(1, 320)}"
    visitors = int(rng.lognormvariate(5.6, 0.9)) + 15
    jitter = Decimal("0.0001")
    return ParsedPlace(
        place_id=ids.place_id(seed, number),
        place_type=kind.place_type,
        name=name,
        categories=list(kind.categories),
        address=f"{district.city} {district.name} {dong} {lot}",
        road_address=f"{district.city} {district.name} {road}",
        phone=None,
        lat=(Decimal(district.lat) + Decimal(rng.randint(-90, 90)) * jitter).quantize(jitter),
        lng=(Decimal(district.lng) + Decimal(rng.randint(-90, 90)) * jitter).quantize(jitter),
        menus=[
            MenuItem(name=menu, price=_price(base, rng))
            for menu, base in kind.menus
            if rng.random() < 0.9
        ]
        or [MenuItem(name=kind.menus[0][0], price=kind.menus[0][1])],
        menu_source="menu",
        visitor_review_count=visitors,
        blog_review_count=int(visitors * rng.uniform(0.15, 0.6)),
        rating=None if rng.random() < 0.1 else Decimal(rng.randint(420, 495)) / 100,
        keywords=_keywords(kind, visitors, rng),
    )


def _short_dong(dong: str, district: District) -> str:
    """연남동 → 연남, 성수동1가 → 성수; a one-syllable one (우동) → the district's name."""
    short = re.sub(r"동(\d+가)?$", "", dong)
    return short if len(short) >= 2 else district.name.removesuffix("구")


def _price(base: int, rng: random.Random) -> int:
    return max(int(base * rng.uniform(0.85, 1.2) / 500) * 500, 500)


def _keywords(kind: ShopKind, visitors: int, rng: random.Random) -> list[VotedKeyword]:
    """Naver's voted keywords, most voted first: the praise comes first in each list."""
    chosen = kind.keywords[: rng.randint(5, len(kind.keywords))]
    votes, found = visitors * rng.uniform(0.4, 1.1), []
    for label in chosen:
        found.append(VotedKeyword(label=label, count=max(int(votes), 1)))
        votes *= rng.uniform(0.55, 0.85)
    return found
