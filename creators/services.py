"""Writes and workflows on creators: creator_<action>(*, ...).

Every channel is found by its owner link (platform + channelId) before it is written, so
adding, re-syncing or re-importing a channel updates the creator that owns it and never
makes a second one.
"""

import datetime as dt
import logging
import math
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from boto3.dynamodb.conditions import Attr
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from creators import crypto, csv_io
from creators.domain import (
    CONTACT_FIELDS,
    ChannelLink,
    CreatorChannel,
    CreatorError,
    CreatorStatus,
    Platform,
    Statistics,
    creator_id_for,
    validate_categories,
    validate_channel_id,
    validate_channel_name,
    validate_region,
    video_statistics,
    with_derived_fields,
)
from creators.repository import ChannelLinkRepository, CreatorRepository, QuotaRepository
from creators.youtube import errors as yt_errors
from creators.youtube.client import ChannelData, ChannelReport, YouTubeClient
from creators.youtube.quota import QuotaMeter, quota_day
from marketing.dynamo import errors as dynamo_errors
from marketing.dynamo.serde import utcnow

logger = logging.getLogger(__name__)

CREATOR_LEVEL_FIELDS = ("categories", "region", "status", "contact")
NO_UPDATE_PERMISSION = gettext_lazy(
    "This channel is already in the catalogue; updating it needs the permission to change creators."
)


# --- YouTube plumbing ---------------------------------------------------------------------


def youtube_quota_meter(*, profile="batch") -> QuotaMeter:
    """A meter that starts from what earlier runs spent today (the ledger in DynamoDB)."""
    record = QuotaRepository(profile=profile).day(quota_day())
    return QuotaMeter(budget=settings.YOUTUBE_DAILY_QUOTA, used=record.used)


def youtube_record_quota(meter: QuotaMeter, *, actor: str, profile="batch") -> None:
    """Add this run's units to today's ledger (an atomic ADD: concurrent runs both count)."""
    if meter.spent_this_run:
        QuotaRepository(profile=profile).add(quota_day(), meter.spent_this_run, actor=actor)


def youtube_client(meter: QuotaMeter) -> YouTubeClient:
    return YouTubeClient(
        api_key=settings.YOUTUBE_API_KEY, base_url=settings.YOUTUBE_API_BASE_URL, quota=meter
    )


@contextmanager
def youtube_session(
    client: YouTubeClient | None, *, actor: str, profile="batch"
) -> Iterator[YouTubeClient]:
    """A client whose calls are charged to today's ledger when the block ends, even when
    a call fails; a client passed in (tests) is used as it is."""
    if client is not None:
        yield client
        return
    meter = youtube_quota_meter(profile=profile)
    try:
        yield youtube_client(meter)
    finally:
        youtube_record_quota(meter, actor=actor, profile=profile)


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


# --- adding and updating ------------------------------------------------------------------


def creator_add_youtube(
    *,
    query: str,
    actor: str,
    categories: Iterable[str] = (),
    region: str | None = None,
    contact: dict[str, str] | None = None,
    link_to: str | None = None,
    may_update: bool = True,
    client: YouTubeClient | None = None,
    recent_videos: int | None = None,
    profile="interactive",
) -> CreatorChannel:
    """Fetch a YouTube channel (id, @handle or URL) and store it; re-adding updates it.

    Raises YouTubeError subclasses (their message is for the user) and CreatorError.
    """
    with youtube_session(client, actor=actor, profile=profile) as youtube:
        data = youtube.resolve(query)
        report = youtube.report(data, recent_videos or settings.YOUTUBE_RECENT_VIDEOS)
    channel = channel_from_youtube(report, synced_at=utcnow())
    return creator_save_channel(
        channel=channel,
        actor=actor,
        categories=categories,
        region=region,
        contact=contact,
        link_to=link_to,
        may_update=may_update,
        profile=profile,
    )


def creator_add_manual(
    *,
    platform: Platform | str,
    channel_id: str,
    channel_name: str,
    actor: str,
    channel_url: str = "",
    statistics: Statistics | None = None,
    categories: Iterable[str] = (),
    region: str | None = None,
    country: str | None = None,
    status: CreatorStatus | str | None = None,
    contact: dict[str, str] | None = None,
    link_to: str | None = None,
    may_update: bool = True,
    profile="interactive",
) -> CreatorChannel:
    """Enter an Instagram or TikTok channel (or any platform) by hand, with its statistics."""
    platform = Platform(platform)
    channel_id = validate_channel_id(channel_id)
    channel_name = validate_channel_name(channel_name)
    channel = CreatorChannel(
        creator_id=creator_id_for(platform, channel_id),
        platform=platform,
        channel_id=channel_id,
        channel_name=channel_name.strip(),
        channel_url=channel_url.strip() or _default_url(platform, channel_id),
        handle="@" + channel_id if platform is not Platform.YOUTUBE else None,
        country=(country or "").strip().upper() or None,
        statistics=statistics or Statistics(),
        synced_at=utcnow(),
    )
    return creator_save_channel(
        channel=channel,
        actor=actor,
        categories=categories,
        region=region,
        status=status,
        contact=contact,
        link_to=link_to,
        may_update=may_update,
        profile=profile,
    )


def _default_url(platform: Platform, channel_id: str) -> str:
    if platform is Platform.INSTAGRAM:
        return f"https://www.instagram.com/{channel_id}/"
    if platform is Platform.TIKTOK:
        return f"https://www.tiktok.com/@{channel_id}"
    return f"https://www.youtube.com/channel/{channel_id}"


def creator_save_channel(
    *,
    channel: CreatorChannel,
    actor: str,
    categories: Iterable[str] = (),
    region: str | None = None,
    status: CreatorStatus | str | None = None,
    contact: dict[str, str] | None = None,
    link_to: str | None = None,
    may_update: bool = True,
    may_create: bool = True,
    profile="interactive",
) -> CreatorChannel:
    """Create the channel, or update it where it already exists (found by platform + id).

    Given categories, region, status and contact replace the creator's; left out (or a
    contact with every field blank), the stored ones stay. `link_to` adds the channel to
    an existing creator. With `may_update` false (staff who may add creators but not
    change them) a channel that already exists raises CreatorError instead of being
    updated; with `may_create` false (re-syncs) one that no longer exists does, so a
    sync never brings back a creator deleted while it ran.
    """
    overrides = _creator_overrides(categories, region, status)
    contact = _given_contact(contact)
    repo = CreatorRepository(profile=profile)
    links = ChannelLinkRepository(profile=profile)
    for _attempt in range(2):
        try:
            owner = links.owner_of(channel.platform, channel.channel_id)
        except dynamo_errors.NotFound:
            owner = None
        if owner is not None:
            if not may_update:
                raise CreatorError(NO_UPDATE_PERMISSION)
            if link_to and link_to != owner.creator_id:
                raise CreatorError(
                    _("This channel already belongs to another creator (%(id)s).")
                    % {"id": owner.creator_id}
                )
            existing = repo.get_channel(owner.creator_id, channel.platform, channel.channel_id)
            updated = _merged(existing, channel, overrides, contact)
            saved = repo.put(updated, expected_version=existing.version, actor=actor)
            if overrides or contact is not None:
                _copy_creator_fields(repo, saved, actor=actor)
            return saved
        if not may_create:
            raise CreatorError(_("This channel was deleted meanwhile."))
        new = _new_channel(repo, channel, overrides, contact, link_to)
        link = ChannelLink(
            platform=new.platform, channel_id=new.channel_id, creator_id=new.creator_id
        )
        channel_put = repo.create_action(new, actor=actor)
        try:
            repo.transact_write([channel_put, links.create_action(link, actor=actor)])
        except dynamo_errors.ConditionFailed:
            continue  # another writer created it meanwhile: update theirs
        return channel_put.item
    raise CreatorError(_("The channel was changed by someone else; try again."))


def _creator_overrides(categories, region, status) -> dict:
    overrides = {}
    categories = validate_categories(list(categories or []))
    if categories:
        overrides["categories"] = categories
    region = validate_region(region)
    if region:
        overrides["region"] = region
    if status:
        overrides["status"] = CreatorStatus(status)
    return overrides


def _new_channel(repo, channel, overrides, contact, link_to) -> CreatorChannel:
    update = dict(overrides)
    if link_to:
        siblings = repo.channels_of(link_to, consistent=True)
        if not siblings:
            raise CreatorError(_("There is no creator %(id)s to link to.") % {"id": link_to})
        primary = siblings[0]
        update = {
            **{name: getattr(primary, name) for name in CREATOR_LEVEL_FIELDS},
            **overrides,
            "creator_id": link_to,
            "primary": False,
        }
    new = channel.model_copy(update=update)
    if contact is not None:
        new = new.model_copy(update={"contact": _sealed(contact, new.creator_id)})
    return with_derived_fields(new)


def _merged(existing, incoming, overrides, contact) -> CreatorChannel:
    """The stored channel with fresh channel data; the creator-level fields kept."""
    keep = {name: getattr(existing, name) for name in (*CREATOR_LEVEL_FIELDS, "primary")}
    data = incoming.model_dump()
    data.update(keep, creator_id=existing.creator_id, **overrides)
    for name in ("version", "created_at", "created_by", "updated_at", "updated_by"):
        data[name] = getattr(existing, name)
    if not incoming.country:
        data["country"] = existing.country
    merged = CreatorChannel.model_validate(data)
    if contact is not None:
        merged = merged.model_copy(update={"contact": _sealed(contact, existing.creator_id)})
    return with_derived_fields(merged)


def _given_contact(contact: dict[str, str] | None) -> dict[str, str] | None:
    """None for a contact with every field blank: adding or re-importing a channel with
    no contact keeps the stored one (the change form clears it through creator_update)."""
    if contact is None or not any((value or "").strip() for value in contact.values()):
        return None
    return contact


def _sealed(contact: dict[str, str], creator_id: str) -> dict[str, str]:
    cleaned = {name: (contact.get(name) or "").strip() for name in CONTACT_FIELDS}
    return crypto.seal_contact(cleaned, creator_id=creator_id)


def _copy_creator_fields(repo, source: CreatorChannel, *, actor: str) -> None:
    """Give the creator's other channels the creator-level fields of `source`."""
    for sibling in repo.channels_of(source.creator_id, consistent=True):
        if (sibling.platform, sibling.channel_id) == (source.platform, source.channel_id):
            continue
        update = {name: getattr(source, name) for name in CREATOR_LEVEL_FIELDS}
        repo.put(sibling.model_copy(update=update), expected_version=sibling.version, actor=actor)


def creator_update(
    *,
    creator_id: str,
    expected_version: int,
    actor: str,
    categories: Iterable[str],
    region: str | None,
    status: CreatorStatus | str,
    contact: dict[str, str] | None = None,
    profile="interactive",
) -> CreatorChannel:
    """Edit the creator-level fields; `expected_version` is the primary channel's as read.

    All the creator's channels change in one transaction (each version-checked), so a
    concurrent edit makes the whole edit fail with ConcurrentModification.
    """
    repo = CreatorRepository(profile=profile)
    channels = repo.channels_of(creator_id, consistent=True)
    if not channels:
        raise dynamo_errors.NotFound(f"creator {creator_id} does not exist")
    categories = validate_categories(list(categories))
    update = {
        "categories": categories,
        "region": validate_region(region),
        "status": CreatorStatus(status),
    }
    if contact is not None:
        update["contact"] = _sealed(contact, creator_id)
    actions = []
    saved = None
    for index, channel in enumerate(channels):
        version = expected_version if index == 0 else channel.version
        action = repo.put_action(
            channel.model_copy(update=update), expected_version=version, actor=actor
        )
        actions.append(action)
        saved = saved or action.item
    repo.transact_write(actions)
    return saved


def creator_contact(channel: CreatorChannel) -> dict[str, str]:
    """The plaintext contact. Callers check `creators.change_creator` first."""
    return crypto.open_contact(channel.contact, creator_id=channel.creator_id)


# --- the daily sync -----------------------------------------------------------------------


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
    return math.ceil(channels / 50) + 2 * channels


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
    now = now or utcnow()
    repo = CreatorRepository(profile="batch")
    cutoff = now - dt.timedelta(days=stale_days)
    stale = list(repo.iter_platform(Platform.YOUTUBE, synced_before=cutoff))
    oldest = dt.datetime.min.replace(tzinfo=dt.UTC)
    stale.sort(key=lambda row: (row.synced_at or oldest, row.channel_id))
    candidates = stale[:limit] if limit else stale
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
    recent = recent_videos or settings.YOUTUBE_RECENT_VIDEOS
    done = 0
    try:
        for start in range(0, len(candidates), 50):
            chunk = candidates[start : start + 50]
            found = client.channels([row.channel_id for row in chunk])
            for row in chunk:
                data = found.get(row.channel_id)
                done += 1
                if data is None:
                    summary.not_found.append(row.channel_id)
                    progress(f"[{done}/{len(candidates)}] {row.channel_id}: no such channel")
                    continue
                report = client.report(data, recent)
                try:
                    _save_resynced(report, actor=actor, profile="batch")
                except (CreatorError, dynamo_errors.ConcurrentModification) as exc:
                    summary.failed.append(row.channel_id)
                    progress(f"[{done}/{len(candidates)}] {row.channel_id}: {exc}")
                    continue
                summary.synced += 1
                progress(f"[{done}/{len(candidates)}] {data.title} ({row.channel_id})")
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


# --- one creator now ----------------------------------------------------------------------


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
    profile="interactive",
) -> SyncNowResult:
    """Re-fetch one creator's YouTube channels now; the quota is charged as by the daily
    sync. Raises NotFound, CreatorError (no YouTube channel) and YouTubeError."""
    channels = CreatorRepository(profile=profile).channels_of(creator_id, consistent=True)
    if not channels:
        raise dynamo_errors.NotFound(creator_id)
    youtube_channels = [c for c in channels if c.platform == Platform.YOUTUBE]
    if not youtube_channels:
        raise CreatorError(
            _("No YouTube channel to sync: Instagram and TikTok figures are entered by hand.")
        )
    recent = recent_videos or settings.YOUTUBE_RECENT_VIDEOS
    with youtube_session(client, actor=actor, profile=profile) as youtube:
        ids = [channel.channel_id for channel in youtube_channels]
        found = youtube.channels(ids)
        reports = [
            youtube.report(found[c.channel_id], recent)
            for c in youtube_channels
            if c.channel_id in found
        ]
    synced = [_save_resynced(report, actor=actor, profile=profile) for report in reports]
    return SyncNowResult(
        synced=synced,
        missing=[c.channel_id for c in youtube_channels if c.channel_id not in found],
        entered_by_hand=len(channels) - len(youtube_channels),
    )


def _save_resynced(report: ChannelReport, *, actor: str, profile: str) -> CreatorChannel:
    """A re-fetched channel saved over the stored one; never re-created if it is gone."""
    channel = channel_from_youtube(report, synced_at=utcnow())
    return creator_save_channel(channel=channel, actor=actor, may_create=False, profile=profile)


# A transaction holds at most 100 actions: a channel and its owner link each.
MAX_CHANNELS_TO_DELETE = 50


def creator_delete(*, creator_id: str, actor: str, profile="interactive") -> int:
    """Delete a creator: every channel and its owner link, all or nothing; how many channels.

    Each channel must still have the version just read, and each link still point at this
    creator, so a channel synced or moved meanwhile fails the whole delete
    (ConcurrentModification or ConditionFailed) rather than leaving half a creator.
    """
    repo = CreatorRepository(profile=profile)
    links = ChannelLinkRepository(profile=profile)
    channels = repo.channels_of(creator_id, consistent=True)
    if not channels:
        raise dynamo_errors.NotFound(creator_id)
    if len(channels) > MAX_CHANNELS_TO_DELETE:
        raise CreatorError(
            _("A creator with more than %(n)d channels cannot be deleted at once.")
            % {"n": MAX_CHANNELS_TO_DELETE}
        )
    actions = []
    for channel in channels:
        pk, sk = CreatorRepository.key(channel)
        actions.append(repo.delete_action(pk, sk, expected_version=channel.version))
        link_pk, link_sk = ChannelLinkRepository.key_of(channel.platform, channel.channel_id)
        # A link pointing at another creator stops the delete; a missing one does not.
        owned = Attr("creatorId").eq(creator_id) | Attr("PK").not_exists()
        actions.append(links.delete_action(link_pk, link_sk, condition=owned))
    repo.transact_write(actions)
    logger.info("creator %s deleted by %s (%d channels)", creator_id, actor, len(channels))
    return len(channels)


# --- CSV ----------------------------------------------------------------------------------


@dataclass
class ImportReport:
    rows: list
    encoding: str
    applied: bool = False
    written: int = 0

    @property
    def counts(self) -> dict[str, int]:
        counts = {"create": 0, "update": 0, "error": 0, "duplicate": 0}
        for row in self.rows:
            counts[row.action] = counts.get(row.action, 0) + 1
        return counts

    @property
    def valid_rows(self) -> list:
        return [row for row in self.rows if row.ok]


def creators_import(
    *,
    data: bytes,
    actor: str,
    for_real: bool = False,
    may_update: bool = True,
    profile="batch",
) -> ImportReport:
    """Validate a CSV (a per-row report); with `for_real`, write the valid rows.

    Dry run by default. Rows are matched to existing channels by platform + channel id
    (owner links, one batch get per 100 rows), so importing the same file twice updates
    the same creators. Writes are batch writes (25 a request, retried with backoff); like
    every batch write they are last-writer-wins, so do not import over live edits.
    """
    rows, encoding = csv_io.parse(data)
    report = ImportReport(rows=rows, encoding=encoding)
    valid = report.valid_rows
    links = ChannelLinkRepository(profile=profile)
    owners = links.owners_of((row.platform, row.channel_id) for row in valid)
    for row in valid:
        row.action = "update" if (row.platform.value, row.channel_id) in owners else "create"
    if not for_real or not valid:
        return report
    updates = sum(1 for row in valid if row.action == "update")
    if updates and not may_update:
        raise CreatorError(
            ngettext(
                "%(n)d row would update a creator already in the catalogue; that needs the "
                "permission to change creators.",
                "%(n)d rows would update creators already in the catalogue; that needs the "
                "permission to change creators.",
                updates,
            )
            % {"n": updates}
        )
    repo = CreatorRepository(profile=profile)
    existing = {
        (c.platform.value, c.channel_id): c
        for c in repo.batch_get_channels(
            (owners[(r.platform.value, r.channel_id)], r.platform, r.channel_id)
            for r in valid
            if r.action == "update"
        )
    }
    now = utcnow()
    channels, new_links = [], []
    for row in valid:
        key = (row.platform.value, row.channel_id)
        channel = CreatorChannel(
            creator_id=owners.get(key) or creator_id_for(row.platform, row.channel_id),
            platform=row.platform,
            channel_id=row.channel_id,
            channel_name=row.channel_name,
            channel_url=row.channel_url or _default_url(row.platform, row.channel_id),
            country=row.country,
            statistics=row.statistics,
            synced_at=now,
        )
        overrides = _creator_overrides(row.categories, row.region, row.status)
        contact = _given_contact(row.contact)
        old = existing.get(key)
        if old is not None:
            channels.append(_merged(old, channel, overrides, contact))
        else:
            channels.append(_new_channel(repo, channel, overrides, contact, None))
            new_links.append(
                ChannelLink(
                    platform=row.platform, channel_id=row.channel_id, creator_id=channel.creator_id
                )
            )
    report.written = repo.batch_write(put_items=channels, actor=actor)
    if new_links:
        links.batch_write(put_items=new_links, actor=actor)
    report.applied = True
    return report


def creators_export(*, with_contacts: bool = False, profile="batch") -> str:
    """Every channel as CSV, platform by platform (queries on the platform index)."""
    repo = CreatorRepository(profile=profile)
    channels = [c for p in Platform for c in repo.iter_platform(p, full=True)]
    contacts = None
    if with_contacts:
        contacts = {(c.creator_id, c.platform, c.channel_id): creator_contact(c) for c in channels}
    return csv_io.export_rows(channels, contacts)
