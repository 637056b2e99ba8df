"""Refreshing a campaign's YouTube posts through the creators' YouTube client.

One videos.list call (part=snippet,statistics, 1 quota unit) per 50 video URLs, charged
to the same daily ledger as the creators' syncs (youtube_session), and refused before
YOUTUBE_DAILY_QUOTA would be exceeded. Each video's views, likes and comments are kept
with its URL, and its title and the first line of its description are checked for the
disclosure label. A creator with YouTube posts gets views, likes and comments summed from
them; their other figures (clicks, visits, revenue…) stay as staff entered them.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from campaigns import disclosure
from campaigns.domain import Campaign, CampaignCreator, CampaignError, ContentCheck, ContentPlatform
from campaigns.repository import CampaignRepository
from campaigns.services.loading import campaign_for_edit, saved
from creators.services.youtube import youtube_session
from creators.youtube.client import VideoData, YouTubeClient
from marketing.dynamo.client import ClientMode
from marketing.dynamo.serde import utcnow


@dataclass
class RefreshReport:
    campaign: Campaign
    videos: int = 0  # video URLs asked about
    found: int = 0  # of them, videos YouTube served
    calls: int = 0  # videos.list calls made (quota units spent)
    not_found: list[str] = field(default_factory=list)  # URLs of videos YouTube no longer serves
    not_videos: list[str] = field(default_factory=list)  # YouTube URLs that name no video


def campaign_refresh_youtube(
    *,
    campaign_id: str,
    actor: str,
    expected_version: int | None = None,
    client: YouTubeClient | None = None,
    clock: Callable[[], dt.datetime] = utcnow,
    mode: ClientMode = "interactive",
) -> RefreshReport:
    repository = CampaignRepository(mode=mode)
    campaign = campaign_for_edit(repository, campaign_id, expected_version)
    wanted: dict[str, list[str]] = {}  # video id -> its URLs
    not_videos = []
    for member in campaign.creators:
        for url in member.content_urls:
            if disclosure.platform_of(url) is not ContentPlatform.YOUTUBE:
                continue
            video_id = disclosure.youtube_video_id(url)
            if video_id is None:
                not_videos.append(url)
            else:
                wanted.setdefault(video_id, []).append(url)
    if not wanted:
        raise CampaignError(_("This campaign has no YouTube video URLs to refresh."))
    with youtube_session(client, actor=actor, mode=mode) as youtube:
        calls_before = youtube.quota.calls.get("videos", 0)
        videos = youtube.videos(list(wanted))
        calls = youtube.quota.calls.get("videos", 0) - calls_before
    at = clock()
    creators = [_refreshed(member, videos, at) for member in campaign.creators]
    changed = campaign.model_copy(update={"creators": creators}).with_totals(at)
    return RefreshReport(
        campaign=saved(repository, campaign, changed, actor=actor),
        videos=len(wanted),
        found=sum(1 for video_id in wanted if video_id in videos),
        calls=calls,
        not_found=[url for vid, urls in wanted.items() if vid not in videos for url in urls],
        not_videos=not_videos,
    )


def _refreshed(
    member: CampaignCreator, videos: dict[str, VideoData], at: dt.datetime
) -> CampaignCreator:
    contents = {c.url: c for c in member.contents if c.url in member.content_urls}
    youtube_checks = []
    for url in member.content_urls:
        video_id = disclosure.youtube_video_id(url)
        video = videos.get(video_id) if video_id else None
        if video is None:
            if video_id and url in contents:
                youtube_checks.append(contents[url])
            continue
        verdict, label = disclosure.check_youtube(video.title, video.description)
        check = ContentCheck(
            url=url,
            platform=ContentPlatform.YOUTUBE,
            video_id=video.video_id,
            title=video.title[:300],
            first_line=disclosure.first_line(video.description)[:300],
            disclosure=verdict,
            label=label,
            checked_at=at,
            views=video.views,
            likes=video.likes,
            comments=video.comments,
        )
        contents[url] = check
        youtube_checks.append(check)
    if not youtube_checks:
        return member
    figures = member.figures.model_copy(
        update={name: _sum(youtube_checks, name) for name in ("views", "likes", "comments")}
    )
    return member.model_copy(
        update={
            "figures": figures,
            "contents": [contents[url] for url in member.content_urls if url in contents],
        }
    )


def _sum(checks: list[ContentCheck], name: str) -> int | None:
    known = [getattr(c, name) for c in checks if getattr(c, name) is not None]
    return sum(known) if known else None
