"""Demo creators: channels on YouTube, Instagram and TikTok in every tier, made through
the same steps as a creator typed into the add form (creators.services.saving: the
validated channel, the creator-level fields with the contact sealed by creators.crypto,
the derived tier), with their owner links and activity-area entries.

Contacts are e-mail addresses at example.com; no creator has a phone number.
"""

import datetime as dt
import itertools
import math
import random
from dataclasses import dataclass
from decimal import Decimal

from creators.area import validate_area
from creators.domain import (
    AreaEntry,
    ChannelLink,
    CreatorChannel,
    CreatorStatus,
    InfluenceTier,
    Platform,
    Statistics,
    rounding_unit,
    with_derived_fields,
)
from creators.services.saving import CREATOR_LEVEL_FIELDS, CreatorFields, manual_channel
from marketing.demo import ids
from marketing.demo.korean import (
    CATEGORY_WEIGHTS,
    CHANNEL_NAMES,
    DISTRICTS,
    GIVEN_NAMES,
    SECOND_CATEGORIES,
)

# The first creators go through every platform in every tier.
EVERY_PLATFORM_AND_TIER = tuple(itertools.product(Platform, InfluenceTier))
PLATFORM_WEIGHTS = {Platform.YOUTUBE: 30, Platform.INSTAGRAM: 50, Platform.TIKTOK: 20}
TIER_WEIGHTS = {
    InfluenceTier.NANO: 20,
    InfluenceTier.MICRO: 35,
    InfluenceTier.MID: 30,
    InfluenceTier.MACRO: 12,
    InfluenceTier.MEGA: 3,
}
# Subscribers drawn (log-uniformly) inside each tier, kept off its upper edge so that
# YouTube's rounding to three figures cannot push a count into the next tier.
SUBSCRIBERS = {
    InfluenceTier.NANO: (150, 950),
    InfluenceTier.MICRO: (1_000, 9_500),
    InfluenceTier.MID: (10_000, 95_000),
    InfluenceTier.MACRO: (100_000, 950_000),
    InfluenceTier.MEGA: (1_000_000, 3_200_000),
}
# Engagement (%) falls as audiences grow.
ENGAGEMENT = {
    InfluenceTier.NANO: (4.0, 10.0),
    InfluenceTier.MICRO: (3.0, 7.5),
    InfluenceTier.MID: (2.0, 5.0),
    InfluenceTier.MACRO: (1.2, 3.5),
    InfluenceTier.MEGA: (0.6, 2.2),
}
VIEWS_PER_FOLLOWER = {
    Platform.YOUTUBE: (0.05, 0.5),
    Platform.INSTAGRAM: (0.15, 0.6),
    Platform.TIKTOK: (0.3, 1.5),
}
CENTS = Decimal("0.01")


@dataclass(frozen=True)
class DemoCreator:
    number: int
    roman: str  # the given name as its handles spell it
    channels: tuple[CreatorChannel, ...]  # the primary first
    links: tuple[ChannelLink, ...]
    areas: tuple[AreaEntry, ...]

    @property
    def primary(self) -> CreatorChannel:
        return self.channels[0]

    @property
    def creator_id(self) -> str:
        return self.primary.creator_id

    @property
    def active(self) -> bool:
        return self.primary.status is CreatorStatus.ACTIVE


def build_creators(seed: int, count: int, now: dt.datetime) -> list[DemoCreator]:
    return [build_creator(seed, number, now) for number in range(count)]


def build_creator(seed: int, number: int, now: dt.datetime) -> DemoCreator:
    rng = ids.stream(seed, "creator", number)
    if number < len(EVERY_PLATFORM_AND_TIER):
        platform, tier = EVERY_PLATFORM_AND_TIER[number]
    else:
        platform = _weighted(rng, PLATFORM_WEIGHTS)
        tier = _weighted(rng, TIER_WEIGHTS)
    category = _weighted(rng, CATEGORY_WEIGHTS)
    categories = [category]
    if rng.random() < 0.5:
        categories.append(rng.choice(SECOND_CATEGORIES[category]))
    given, roman = rng.choice(GIVEN_NAMES)
    names, word = CHANNEL_NAMES[category]
    handle = f"demo.{roman}_{word}.{ids.seed_tag(seed)}{number:05d}"
    primary = _channel(platform, tier, handle, rng.choice(names).format(given=given), rng, now)
    region, area = _region_and_area(rng)
    fields = CreatorFields.given(
        categories=categories,
        region=region,
        area=area,
        status=_status(number, rng),
        contact={"email": f"{roman}.{number:05d}@example.com"} if rng.random() < 0.75 else None,
    )
    primary = primary.model_copy(update={**fields.update_for(primary.creator_id), "demo": True})
    primary = with_derived_fields(primary)
    channels = [primary]
    if number >= len(EVERY_PLATFORM_AND_TIER) and rng.random() < 0.2:
        other = Platform.INSTAGRAM if platform is Platform.YOUTUBE else Platform.YOUTUBE
        second = _channel(other, tier, handle, primary.channel_name, rng, now)
        level = {name: getattr(primary, name) for name in CREATOR_LEVEL_FIELDS}
        second = second.model_copy(
            update={**level, "creator_id": primary.creator_id, "primary": False, "demo": True}
        )
        channels.append(with_derived_fields(second))
    links = tuple(
        ChannelLink(
            platform=c.platform, channel_id=c.channel_id, creator_id=primary.creator_id, demo=True
        )
        for c in channels
    )
    areas = tuple(
        AreaEntry(
            creator_id=primary.creator_id,
            city=area.city,
            district=district,
            platform=primary.platform,
            channel_id=primary.channel_id,
            demo=True,
        )
        for district in (area.districts if area else [])
    )
    return DemoCreator(number, roman, tuple(channels), links, areas)


def _channel(
    platform: Platform,
    tier: InfluenceTier,
    handle: str,
    name: str,
    rng: random.Random,
    now: dt.datetime,
) -> CreatorChannel:
    """A channel as the add form makes it: YouTube's id is `demo-yt-…`, the others' the handle."""
    youtube = platform is Platform.YOUTUBE
    channel_id = "demo-yt-" + handle.rsplit(".", 1)[1] if youtube else handle
    channel = manual_channel(
        platform=platform,
        channel_id=channel_id,
        channel_name=name,
        statistics=_statistics(platform, tier, rng),
        country="KR",
    )
    if youtube:
        synced = dt.timedelta(hours=rng.uniform(1, 20))
        if rng.random() < 0.1:
            synced = dt.timedelta(days=rng.uniform(2, 12))
        update = {"handle": "@" + handle, "uploads_playlist_id": "demo-uu-" + channel_id[8:]}
    else:
        synced = dt.timedelta(days=rng.uniform(1, 40))
        update = {}
    return channel.model_copy(update={**update, "synced_at": now - synced})


def _statistics(platform: Platform, tier: InfluenceTier, rng: random.Random):
    low, high = SUBSCRIBERS[tier]
    subscribers = int(math.exp(rng.uniform(math.log(low), math.log(high))))
    rounded = platform is Platform.YOUTUBE and subscribers >= 1000
    if rounded:
        unit = rounding_unit(subscribers)
        subscribers = round(subscribers / unit) * unit
    rate = Decimal(str(rng.uniform(*ENGAGEMENT[tier]))).quantize(CENTS)
    views = Decimal(int(subscribers * rng.uniform(*VIEWS_PER_FOLLOWER[platform])) + 20)
    reactions = views * rate / 100
    youtube = platform is Platform.YOUTUBE
    videos = rng.randint(30, 900) if youtube else None
    return Statistics(
        subscribers=subscribers,
        total_views=int(views * videos * Decimal(str(rng.uniform(0.8, 1.5)))) if videos else None,
        video_count=videos,
        avg_views=views.quantize(CENTS),
        avg_likes=(reactions * Decimal("0.92")).quantize(CENTS),
        avg_comments=(reactions * Decimal("0.08")).quantize(CENTS),
        engagement_rate=rate,
        subscribers_rounded=rounded,
        sample_size=10 if youtube else 0,
    )


def _status(number: int, rng: random.Random) -> str:
    roll = rng.random()
    if number < len(EVERY_PLATFORM_AND_TIER) or roll >= 0.06:
        return CreatorStatus.ACTIVE.value
    return CreatorStatus.PAUSED.value if roll < 0.04 else CreatorStatus.ARCHIVED.value


def _region_and_area(rng: random.Random):
    """Most demo creators work in Seoul or Busan (in some of its districts), some in
    Gyeonggi, some nationwide."""
    roll = rng.random()
    if roll < 0.75:
        region = "seoul" if roll < 0.55 else "busan"
        districts = [d for d in DISTRICTS if d.region == region]
        covered = rng.sample(districts, rng.randint(1, 3))
        return region, validate_area(covered[0].city, [d.name for d in covered])
    return ("gyeonggi" if roll < 0.85 else "nationwide"), None


def _weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]
