"""YouTube plumbing for the creators services: the quota ledger, the client and turning
an API report into a channel."""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings

from creators.domain import CreatorChannel, Platform, Statistics, creator_id_for, video_statistics
from creators.repository import QuotaRepository
from creators.youtube.client import ChannelData, ChannelReport, YouTubeClient
from creators.youtube.quota import QuotaMeter, quota_day
from marketing.dynamo.client import ClientMode


def youtube_quota_meter(*, mode: ClientMode = "batch") -> QuotaMeter:
    """A meter that starts from what earlier runs spent today (the ledger in DynamoDB)."""
    record = QuotaRepository(mode=mode).day(quota_day())
    return QuotaMeter(budget=settings.YOUTUBE_DAILY_QUOTA, used=record.used)


def youtube_record_quota(meter: QuotaMeter, *, actor: str, mode: ClientMode = "batch") -> None:
    """Add this run's units to today's ledger (an atomic ADD: concurrent runs both count)."""
    if meter.spent_this_run:
        QuotaRepository(mode=mode).add(quota_day(), meter.spent_this_run, actor=actor)


def youtube_client(meter: QuotaMeter) -> YouTubeClient:
    return YouTubeClient(
        api_key=settings.YOUTUBE_API_KEY, base_url=settings.YOUTUBE_API_BASE_URL, quota=meter
    )


@contextmanager
def youtube_session(
    client: YouTubeClient | None, *, actor: str, mode: ClientMode = "batch"
) -> Iterator[YouTubeClient]:
    """A client whose calls are charged to today's ledger when the block ends, even when
    a call fails; a client passed in (tests) is used as it is."""
    if client is not None:
        yield client
        return
    meter = youtube_quota_meter(mode=mode)
    try:
        yield youtube_client(meter)
    finally:
        youtube_record_quota(meter, actor=actor, mode=mode)


def statistics_from_report(report: ChannelReport) -> Statistics:
    channel = report.channel
    return Statistics(
        subscribers=channel.subscribers,
        total_views=channel.total_views,
        video_count=channel.video_count,
        subscribers_hidden=channel.subscribers_hidden,
        subscribers_rounded=channel.subscribers_rounded,
        **video_statistics([video.as_dict() for video in report.videos]),
    )


def channel_from_youtube(report: ChannelReport, *, synced_at: dt.datetime) -> CreatorChannel:
    data: ChannelData = report.channel
    return CreatorChannel(
        creator_id=creator_id_for(Platform.YOUTUBE, data.channel_id),
        platform=Platform.YOUTUBE,
        channel_id=data.channel_id,
        channel_name=data.title,
        channel_url=data.url,
        handle=data.handle,
        uploads_playlist_id=data.uploads_playlist_id,
        thumbnail_url=data.thumbnail_url,
        country=data.country,
        statistics=statistics_from_report(report),
        synced_at=synced_at,
    )
