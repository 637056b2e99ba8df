"""Tier: the matching engine (issue 11) at two sizes of the creators table.

For each size (stores x creators) a fresh embedded server (journal off: the engine and
the server's query path are measured, not the disk) gets the three tables, synthetic
creators (categories, regions, activity areas, platforms, audiences and engagement spread
like a real catalogue) and stores, then one engine run scores every store with the defaults
(min score 0, 50 matches a store), writing its matches. Per store: wall time, index
queries and other reads. The first store of a run pays for reading the engagement peers
(whole tier partitions, once a run), so the tier reports it apart from the rest.

Goal: time per store does not grow with the creators table (p50 at the larger size over
p50 at the smaller, at most GROWTH_GOAL), with the same number of index queries per store.
"""

import os
import random
import time
from dataclasses import dataclass
from decimal import Decimal

from bench import servers
from bench.stats import Summary

GROWTH_GOAL = 1.5
QUERY_GROWTH_GOAL = 1.25


@dataclass(frozen=True)
class Size:
    stores: int
    creators: int
    alone: int = 5  # stores also scored in a run of their own (the store page's button)


FULL = (Size(100, 1_000), Size(300, 5_000))
QUICK = (Size(3, 40, alone=1), Size(3, 80, alone=1))

CATEGORY_SHARES = {
    "food": 40,
    "cafe": 15,
    "beauty": 10,
    "lifestyle": 8,
    "travel": 6,
    "fashion": 6,
    "fitness": 5,
    "parenting": 3,
    "pets": 3,
    "entertainment": 2,
    "tech": 2,
}
REGION_SHARES = {
    "seoul": 40,
    "gyeonggi": 20,
    "busan": 8,
    "incheon": 6,
    "daegu": 5,
    "gwangju": 3,
    "daejeon": 3,
    "jeju": 3,
    "nationwide": 12,
}
PLATFORM_SHARES = {"instagram": 50, "youtube": 35, "tiktok": 15}
STORE_KINDS = [
    ("곱창,막창,양", 25_000),
    ("국밥,순대국", 10_000),
    ("분식", 7_000),
    ("카페,디저트", 9_000),
    ("피부,체형관리", 60_000),
    ("이탈리아음식", 30_000),
    ("필라테스", 50_000),
    ("한식", 15_000),
]
# A third of the creators based in these provinces cover some of its districts.
AREA_SHARE = 0.3
AREA_CITIES = {"seoul": "서울", "gyeonggi": "경기", "busan": "부산", "incheon": "인천"}
AREAS = [
    ("서울", "송파구"),
    ("서울", "마포구"),
    ("서울", "강남구"),
    ("경기", "성남시 분당구"),
    ("경기", "수원시 팔달구"),
    ("부산", "해운대구"),
    ("인천", "연수구"),
]


def _pick(rng: random.Random, shares: dict[str, int]) -> str:
    return rng.choices(list(shares), weights=list(shares.values()))[0]


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketing.settings")
    import django

    django.setup()


def make_creators(count: int, rng: random.Random, now) -> list:
    import datetime as dt

    from creators.domain import (
        ActivityArea,
        CreatorChannel,
        Platform,
        Statistics,
        creator_id_for,
        with_derived_fields,
    )

    channels = []
    for n in range(count):
        platform = Platform(_pick(rng, PLATFORM_SHARES))
        subscribers = int(10 ** rng.uniform(2.5, 6.3))
        # Engagement falls as audiences grow: about 8 % for a few hundred, 1.5 % at 1M.
        typical = 12 / (subscribers**0.13)
        rate = Decimal(str(round(max(0.05, rng.gauss(typical, typical / 3)), 2)))
        handle = f"bench{n:06d}"
        categories = [_pick(rng, CATEGORY_SHARES)]
        if rng.random() < 0.3:
            second = _pick(rng, CATEGORY_SHARES)
            if second not in categories:
                categories.append(second)
        channel = CreatorChannel(
            creator_id=creator_id_for(platform, handle),
            platform=platform,
            channel_id=handle,
            channel_name=f"벤치 {n}",
            uploads_playlist_id=f"UU{handle}" if platform is Platform.YOUTUBE else None,
            categories=categories,
            region=_pick(rng, REGION_SHARES),
            statistics=Statistics(
                subscribers=subscribers,
                subscribers_rounded=platform is Platform.YOUTUBE and subscribers >= 1000,
                engagement_rate=rate,
            ),
            synced_at=now - dt.timedelta(days=rng.randint(0, 200)),
        )
        city = AREA_CITIES.get(channel.region or "")
        if city and rng.random() < AREA_SHARE:
            districts = [d for c, d in AREAS if c == city]
            chosen = rng.sample(districts, k=rng.randint(1, len(districts)))
            channel = channel.model_copy(update={"area": ActivityArea(city=city, districts=chosen)})
        channels.append(with_derived_fields(channel))
    return channels


def area_entries(channels: list) -> list:
    from creators.domain import AreaEntry

    return [
        AreaEntry(
            creator_id=channel.creator_id,
            city=channel.area.city,
            district=district,
            platform=channel.platform,
            channel_id=channel.channel_id,
        )
        for channel in channels
        if channel.area
        for district in channel.area.districts
    ]


def make_stores(count: int, rng: random.Random, now) -> tuple[list, list]:
    from stores.domain import Location, PriceAnalysis, StoreProfile
    from stores.services import _directory_entry

    profiles, entries = [], []
    for n in range(count):
        category, spend = STORE_KINDS[n % len(STORE_KINDS)]
        city, district = AREAS[rng.randrange(len(AREAS))]
        per_person = int(spend * rng.uniform(0.7, 1.4))
        level = 1 if per_person < 10_000 else 2 if per_person < 20_000 else 3
        level = 4 if per_person >= 40_000 else level
        words = category.split(",")
        profile = StoreProfile(
            store_id=f"00000000-0000-4000-8000-{n:012d}",
            store_name=f"벤치 상점 {n}",
            source_url=f"https://m.place.naver.com/place/{31000000 + n}",
            naver_place_id=str(31000000 + n),
            place_type="restaurant",
            primary_category=words[0],
            categories=words,
            location=Location(city=city, district=district),
            price_analysis=PriceAnalysis(per_person=per_person, level=level),
            scraped_at=now,
        )
        profiles.append(profile)
        entries.append(_directory_entry(profile))
    return profiles, entries


def one_size(size: Size, *, log=print) -> dict:
    import datetime as dt

    from creators.repository import AreaRepository, CreatorRepository
    from marketing.dynamo.provisioning import ensure_tables
    from marketing.dynamo.tables import CREATORS, MATCHES, STORES
    from matches.engine.run import MatchingRun
    from stores.repository import DirectoryRepository, StoreRepository

    rng = random.Random(size.creators)
    now = dt.datetime.now(dt.UTC)
    with servers.embedded(journal=False) as server:
        server.use()
        client = server.client("batch")
        for _event in ensure_tables(client, [STORES, CREATORS, MATCHES], servers.PREFIX):
            pass
        started = time.perf_counter()
        channels = make_creators(size.creators, rng, now)
        CreatorRepository(mode="batch").batch_write(put_items=channels, actor="bench")
        AreaRepository(mode="batch").batch_write(put_items=area_entries(channels), actor="bench")
        profiles, entries = make_stores(size.stores, rng, now)
        StoreRepository(mode="batch").batch_write(put_items=profiles, actor="bench")
        DirectoryRepository(mode="batch").batch_write(put_items=entries, actor="bench")
        log(
            f"matching: {size.stores} stores x {size.creators} creators seeded in "
            f"{time.perf_counter() - started:.1f} s"
        )
        run = MatchingRun(actor="system:bench", mode="batch")
        times, queries, reads = [], [], []
        for position, store_id in enumerate(run.all_store_ids()):
            before = (run.count.index_queries, run.count.other_reads + run.writer.reads)
            began = time.perf_counter_ns()
            result = run.run_store(store_id)
            times.append(time.perf_counter_ns() - began)
            queries.append(run.count.index_queries - before[0])
            reads.append(run.count.other_reads + run.writer.reads - before[1])
            if result.error:
                raise RuntimeError(f"{store_id}: {result.error}")
            if position % 25 == 0:
                log(f"matching: store {position + 1}/{size.stores}: {times[-1] / 1e6:.0f} ms")
        summary = run.summary
        # "Find creators" on one store: a run of its own, caches cold (dry run: the
        # writes are the same as above, and the table stays as measured).
        alone, alone_queries = [], []
        for store_id in [p.store_id for p in profiles[: size.alone]]:
            single = MatchingRun(actor="system:bench", mode="batch", dry_run=True)
            began = time.perf_counter_ns()
            single.run_store(store_id)
            alone.append(time.perf_counter_ns() - began)
            alone_queries.append(single.count.index_queries)
    warm = times[1:] or times
    return {
        "size": size,
        "first_ms": times[0] / 1e6,
        "warm": Summary.of(warm),
        "queries_per_store": sum(queries) / len(queries),
        "warm_queries_per_store": sum(queries[1:] or queries) / len(queries[1:] or queries),
        "reads_per_store": sum(reads) / len(reads),
        "pairs_per_store": summary.pairs_scored / summary.stores,
        "written_per_store": (summary.created + summary.rescored) / summary.stores,
        "alone": Summary.of(alone),
        "alone_queries": sum(alone_queries) / len(alone_queries),
    }


def run(sizes=FULL, *, log=print) -> dict:
    _setup_django()
    return {"results": [one_size(size, log=log) for size in sizes]}


def section(result: dict) -> tuple[list[str], list[bool]]:
    rows = result["results"]
    small, large = rows[0], rows[-1]
    growth = large["warm"].p50 / small["warm"].p50
    query_growth = large["warm_queries_per_store"] / small["warm_queries_per_store"]
    lines = [
        "",
        "### Matching engine (issue 11): one run over every store, embedded server "
        "(journal off), default options",
        "",
        "Time per store excludes the run's first store, which also reads the engagement "
        "peers (whole tier partitions, once a run); queries are index queries (GSI), reads "
        "are key reads, store profiles and batch gets of existing matches.",
        "",
        "| stores | creators | first store | time per store p50 | p90 | max | "
        "index queries per store (after the first) | other reads per store | "
        "candidates scored per store | matches written per store |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        warm = row["warm"]
        lines.append(
            f"| {row['size'].stores} | {row['size'].creators:,} | {row['first_ms']:.0f} ms | "
            f"{warm.p50 / 1000:.0f} ms | {warm.p90 / 1000:.0f} ms | {warm.max / 1000:.0f} ms | "
            f"{row['queries_per_store']:.1f} ({row['warm_queries_per_store']:.1f}) | "
            f"{row['reads_per_store']:.1f} | {row['pairs_per_store']:.0f} | "
            f"{row['written_per_store']:.0f} |"
        )
    lines += [
        "",
        f'One store in a run of its own ("Find creators"; {small["size"].alone} stores a size, '
        "dry run, every cache cold):",
        "",
        "| creators | time p50 | max | index queries |",
        "|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['size'].creators:,} | {row['alone'].p50 / 1000:.0f} ms | "
            f"{row['alone'].max / 1000:.0f} ms | {row['alone_queries']:.1f} |"
        )
    met_time = growth <= GROWTH_GOAL
    met_queries = query_growth <= QUERY_GROWTH_GOAL
    lines += [
        "",
        "| check | figure | goal | |",
        "|---|---:|---|---|",
        f"| time per store, larger ÷ smaller (p50) | {growth:.2f}x | ≤ {GROWTH_GOAL:.2f}x | "
        f"{'met' if met_time else '**not met**'} |",
        f"| index queries per store, larger ÷ smaller | {query_growth:.2f}x | "
        f"≤ {QUERY_GROWTH_GOAL:.2f}x | {'met' if met_queries else '**not met**'} |",
    ]
    return lines, [met_time, met_queries]
