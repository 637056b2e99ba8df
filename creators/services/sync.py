"""Re-fetching YouTube channels: the daily sync and "Sync YouTube now" on a creator's page.

Both save through the one upsert path with `may_create=False`, so a sync never brings
back a creator deleted while it ran, and both charge the day's quota ledger.
"""

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from creators.domain import CreatorChannel, CreatorError, Platform
from creators.repository import CreatorRepository
from creators.services.saving import creator_save_channel
from creators.services.youtube import (
    channel_from_youtube,
    youtube_client,
    youtube_quota_meter,
    youtube_record_quota,
    youtube_session,
)
from creators.youtube import errors as yt_errors
from creators.youtube.client import ChannelReport, YouTubeClient
from creators.youtube.quota import QuotaMeter
from marketing.dynamo import errors as dynamo_errors
from marketing.dynamo.client import ClientMode
from marketing.dynamo.serde import utcnow

CHANNELS_PER_CALL = 50  # channels.list takes up to 50 ids


@dataclass
class SyncSummary:
    candidates: int = 0
    synced: int = 0
    not_found: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    remaining: int = 0
    stopped_reason: str | None = None
    quota_used_run: int = 0
    quota_used_today: int = 0
    quota_budget: int = 0
    estimated_units: int = 0
    dry_run: bool = False


def estimate_units(channels: int) -> int:
    """channels.list per 50 channels, then one playlistItems and one videos call each."""
    return math.ceil(channels / CHANNELS_PER_CALL) + 2 * channels


def creators_sync(
    *,
    stale_days: int = 1,
    limit: int | None = None,
    dry_run: bool = False,
    actor: str = "system:sync_creators",
    client: YouTubeClient | None = None,
    meter: QuotaMeter | None = None,
    progress: Callable[[str], None] | None = None,
    now: dt.datetime | None = None,
    recent_videos: int | None = None,
) -> SyncSummary:
    """Re-fetch the YouTube channels synced longest ago (or never), oldest first.

    Candidates come from a query over the platform index (a filter on syncedAt, no
    scan). The run stops cleanly before the daily budget would be exceeded, or when
    YouTube says the quota is gone; what it did not reach is still stale, so the next run
    carries on there. Key and API-enablement errors stop the run with their message.
    """
    progress = progress or (lambda message: None)
    candidates = _stale_channels(now or utcnow(), stale_days, limit)
    meter = meter or youtube_quota_meter()
    summary = SyncSummary(
        candidates=len(candidates),
        quota_budget=meter.budget,
        estimated_units=estimate_units(len(candidates)),
        dry_run=dry_run,
    )
    if dry_run:
        summary.remaining = len(candidates)
        summary.quota_used_today = meter.used
        return summary
    client = client or youtube_client(meter)
    try:
        _sync_chunks(client, candidates, summary, progress, recent_videos, actor)
    except (yt_errors.QuotaBudgetExhausted, yt_errors.QuotaExceeded) as exc:
        summary.stopped_reason = str(exc)
    finally:
        summary.quota_used_run = meter.spent_this_run
        summary.quota_used_today = meter.used
        youtube_record_quota(meter, actor=actor)
    summary.remaining = (
        len(candidates) - summary.synced - len(summary.not_found) - len(summary.failed)
    )
    return summary


def _stale_channels(now: dt.datetime, stale_days: int, limit: int | None) -> list:
    cutoff = now - dt.timedelta(days=stale_days)
    stale = list(
        CreatorRepository(mode="batch").iter_platform(Platform.YOUTUBE, synced_before=cutoff)
    )
    oldest = dt.datetime.min.replace(tzinfo=dt.UTC)
    stale.sort(key=lambda row: (row.synced_at or oldest, row.channel_id))
    return stale[:limit] if limit else stale


def _sync_chunks(client, candidates, summary: SyncSummary, progress, recent_videos, actor):
    recent = recent_videos or settings.YOUTUBE_RECENT_VIDEOS
    total = len(candidates)
    for start in range(0, total, CHANNELS_PER_CALL):
        chunk = candidates[start : start + CHANNELS_PER_CALL]
        found = client.channels([row.channel_id for row in chunk])
        for position, row in enumerate(chunk, start + 1):
            prefix = f"[{position}/{total}] "
            data = found.get(row.channel_id)
            if data is None:
                summary.not_found.append(row.channel_id)
                progress(f"{prefix}{row.channel_id}: no such channel")
                continue
            report = client.report(data, recent)
            try:
                save_resynced(report, actor=actor, mode="batch")
            except (CreatorError, dynamo_errors.ConcurrentModification) as exc:
                summary.failed.append(row.channel_id)
                progress(f"{prefix}{row.channel_id}: {exc}")
                continue
            summary.synced += 1
            progress(f"{prefix}{data.title} ({row.channel_id})")


@dataclass
class SyncNowResult:
    synced: list[CreatorChannel]
    missing: list[str]  # YouTube channel ids YouTube no longer has
    entered_by_hand: int  # Instagram and TikTok channels: nothing to fetch


def creator_sync_now(
    *,
    creator_id: str,
    actor: str,
    client: YouTubeClient | None = None,
    recent_videos: int | None = None,
    mode: ClientMode = "interactive",
) -> SyncNowResult:
    """Re-fetch one creator's YouTube channels now; the quota is charged as by the daily
    sync. Raises NotFound, CreatorError (no YouTube channel) and YouTubeError."""
    channels = CreatorRepository(mode=mode).channels_of(creator_id, consistent=True)
    if not channels:
        raise dynamo_errors.NotFound(creator_id)
    youtube_channels = [c for c in channels if c.platform == Platform.YOUTUBE]
    if not youtube_channels:
        raise CreatorError(
            _("No YouTube channel to sync: Instagram and TikTok figures are entered by hand.")
        )
    recent = recent_videos or settings.YOUTUBE_RECENT_VIDEOS
    with youtube_session(client, actor=actor, mode=mode) as youtube:
        found = youtube.channels([channel.channel_id for channel in youtube_channels])
        reports = [
            youtube.report(found[c.channel_id], recent)
            for c in youtube_channels
            if c.channel_id in found
        ]
    return SyncNowResult(
        synced=[save_resynced(report, actor=actor, mode=mode) for report in reports],
        missing=[c.channel_id for c in youtube_channels if c.channel_id not in found],
        entered_by_hand=len(channels) - len(youtube_channels),
    )


def save_resynced(report: ChannelReport, *, actor: str, mode: ClientMode) -> CreatorChannel:
    """A re-fetched channel saved over the stored one; never re-created if it is gone."""
    channel = channel_from_youtube(report, synced_at=utcnow())
    return creator_save_channel(channel=channel, actor=actor, may_create=False, mode=mode)
