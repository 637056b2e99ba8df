"""Stores and creators for the engine's tests: made through the services staff use."""

import datetime as dt
from decimal import Decimal

from creators.domain import CreatorChannel, Platform, Statistics, creator_id_for
from creators.services import creator_save_channel
from stores import services as store_services
from tests.stores import pages

KOREAN_MENUS = [("국밥", "9000"), ("순대국", "9500"), ("수육", "25000")]


def add_store(
    place_id: str = "31000101",
    *,
    name: str = "연남 국밥집",
    category: str = "국밥,순대국",
    road_address: str = "서울 마포구 연남로 12 1층",
    menus=None,
    kind: str = "restaurant",
):
    """A store imported from a hand-made Naver page; its stored profile."""
    html = pages.home_page(
        place_id,
        kind=kind,
        name=name,
        category=category,
        road_address=road_address,
        address=road_address,
        menus=KOREAN_MENUS if menus is None else menus,
    )
    return store_services.store_import_html(html=html, actor="test").profile


def add_creator(
    handle: str,
    *,
    platform: str = "instagram",
    subscribers: int | None = 5_000,
    engagement: str | None = "3.0",
    categories=("food",),
    region: str | None = "seoul",
    synced_days_ago: int = 1,
    from_api: bool = False,
    rounded: bool = False,
    hidden: bool = False,
    status: str | None = None,
    link_to: str | None = None,
    now: dt.datetime | None = None,
) -> CreatorChannel:
    """A creator with one channel (or another channel for `link_to`), saved by the upsert."""
    platform = Platform(platform)
    now = now or dt.datetime.now(dt.UTC)
    channel = CreatorChannel(
        creator_id=creator_id_for(platform, handle),
        platform=platform,
        channel_id=handle,
        channel_name=f"{handle} 채널",
        channel_url=f"https://example.com/{handle}",
        uploads_playlist_id=f"UU{handle}" if from_api else None,
        statistics=Statistics(
            subscribers=None if hidden else subscribers,
            subscribers_hidden=hidden,
            subscribers_rounded=rounded,
            engagement_rate=Decimal(engagement) if engagement is not None else None,
        ),
        synced_at=now - dt.timedelta(days=synced_days_ago),
    )
    return creator_save_channel(
        channel=channel,
        actor="test",
        categories=list(categories),
        region=region,
        status=status,
        link_to=link_to,
    )
