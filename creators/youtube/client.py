"""YouTube Data API v3 over requests: resolve a channel, read its statistics and videos.

Every call is charged to a QuotaMeter before it is made (failed calls cost quota too).
Transient failures (5xx, 429, network) are retried with exponential backoff and full
jitter; every error body becomes one of creators.youtube.errors.
"""

import logging
import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urlparse

import requests

from creators.youtube import errors
from creators.youtube.quota import COSTS, QuotaMeter
from marketing.dynamo.backoff import Backoff

logger = logging.getLogger(__name__)

MAX_IDS_PER_CALL = 50
TIMEOUT = (5, 15)
CHANNEL_ID = re.compile(r"UC[A-Za-z0-9_-]{22}")
HANDLE = re.compile(r"@?([^\s/?#@]{1,100})")
YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com"}


@dataclass(frozen=True)
class ChannelRef:
    """What the user asked for: a channel id, a handle or a legacy username."""

    kind: str  # id, handle, username
    value: str


@dataclass(frozen=True)
class ChannelData:
    channel_id: str
    title: str
    handle: str | None
    country: str | None
    uploads_playlist_id: str | None
    thumbnail_url: str | None
    subscribers: int | None
    subscribers_hidden: bool
    total_views: int | None
    video_count: int | None

    @property
    def url(self) -> str:
        return f"https://www.youtube.com/channel/{self.channel_id}"

    @property
    def subscribers_rounded(self) -> bool:
        # YouTube shows counts above 1,000 to three significant figures.
        return self.subscribers is not None and self.subscribers >= 1000


@dataclass(frozen=True)
class VideoStats:
    video_id: str
    views: int | None
    likes: int | None
    comments: int | None

    def as_dict(self) -> dict:
        return {"views": self.views, "likes": self.likes, "comments": self.comments}


@dataclass(frozen=True)
class VideoData:
    """A video's snippet and statistics (videos.list part=snippet,statistics)."""

    video_id: str
    channel_id: str | None
    title: str
    description: str
    views: int | None
    likes: int | None
    comments: int | None


@dataclass
class ChannelReport:
    channel: ChannelData
    videos: list[VideoStats] = field(default_factory=list)


def parse_channel_ref(text: str) -> ChannelRef:
    """A channel id (UC…), a handle (@name) or a channel/handle URL → ChannelRef."""
    text = (text or "").strip()
    if not text:
        raise errors.BadInput()
    if CHANNEL_ID.fullmatch(text):
        return ChannelRef("id", text)
    if text.startswith("@"):
        return _handle(text)
    candidate = text if "://" in text else f"https://{text}"
    url = urlparse(candidate)
    if url.hostname and url.hostname.lower() in YOUTUBE_HOSTS:
        parts = [unquote(p) for p in url.path.split("/") if p]
        if parts and parts[0].startswith("@"):
            return _handle(parts[0])
        if len(parts) >= 2 and parts[0] == "channel" and CHANNEL_ID.fullmatch(parts[1]):
            return ChannelRef("id", parts[1])
        if len(parts) >= 2 and parts[0] == "user":
            return ChannelRef("username", parts[1])
        if len(parts) >= 2 and parts[0] == "c":
            # Legacy custom URLs have no API lookup; they usually equal the handle.
            return _handle(parts[1])
    raise errors.BadInput()


def _handle(text: str) -> ChannelRef:
    match = HANDLE.fullmatch(text)
    if not match:
        raise errors.BadInput()
    return ChannelRef("handle", "@" + match.group(1))


def count(value) -> int | None:
    """The API's counts are strings and any may be missing."""
    if value is None or value == "":
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number >= 0 else None


def default_backoff() -> Backoff:
    """Four attempts in all, waiting up to 0.5 s, 1 s, 2 s (full jitter)."""
    return Backoff(base=0.5, cap=8.0, max_attempts=4)


class YouTubeClient:
    def __init__(
        self,
        *,
        api_key: str,
        base_url: str,
        quota: QuotaMeter,
        session: requests.Session | None = None,
        backoff: Backoff | None = None,
    ):
        if not api_key:
            raise errors.KeyMissing()
        self.api_key = api_key
        self.base_url = base_url.rstrip("/")
        self.quota = quota
        self.session = session or requests.Session()
        self.backoff = backoff or default_backoff()

    # --- resources ------------------------------------------------------------------------

    def resolve(self, text: str) -> ChannelData:
        """The channel a user typed (id, @handle or URL); ChannelNotFound if none."""
        ref = parse_channel_ref(text)
        if ref.kind == "id":
            params = {"id": ref.value}
        elif ref.kind == "handle":
            params = {"forHandle": ref.value}
        else:
            params = {"forUsername": ref.value}
        found = self._channels(params)
        if not found:
            raise errors.ChannelNotFound(
                errors.ChannelNotFound.default_message + f" ({ref.value})", reason="emptyItems"
            )
        return found[0]

    def channels(self, channel_ids: list[str]) -> dict[str, ChannelData]:
        """{channelId: data} for the ids that exist, 50 ids a call."""
        found: dict[str, ChannelData] = {}
        for start in range(0, len(channel_ids), MAX_IDS_PER_CALL):
            chunk = channel_ids[start : start + MAX_IDS_PER_CALL]
            for channel in self._channels({"id": ",".join(chunk), "maxResults": len(chunk)}):
                found[channel.channel_id] = channel
        return found

    def _channels(self, params: dict) -> list[ChannelData]:
        body = self._get("channels", {"part": "snippet,statistics,contentDetails", **params})
        return [_channel(item) for item in body.get("items") or []]

    def latest_video_ids(self, uploads_playlist_id: str, limit: int) -> list[str]:
        """The newest `limit` uploads, following nextPageToken as needed."""
        ids: list[str] = []
        token = None
        while len(ids) < limit:
            params = {
                "part": "contentDetails",
                "playlistId": uploads_playlist_id,
                "maxResults": min(MAX_IDS_PER_CALL, limit - len(ids)),
            }
            if token:
                params["pageToken"] = token
            body = self._get("playlistItems", params)
            for item in body.get("items") or []:
                video_id = (item.get("contentDetails") or {}).get("videoId") or (
                    (item.get("snippet") or {}).get("resourceId") or {}
                ).get("videoId")
                if video_id and video_id not in ids:
                    ids.append(video_id)
            token = body.get("nextPageToken")
            if not token:
                break
        return ids[:limit]

    def video_stats(self, video_ids: list[str]) -> list[VideoStats]:
        stats: list[VideoStats] = []
        for start in range(0, len(video_ids), MAX_IDS_PER_CALL):
            chunk = video_ids[start : start + MAX_IDS_PER_CALL]
            body = self._get(
                "videos", {"part": "statistics", "id": ",".join(chunk), "maxResults": len(chunk)}
            )
            for item in body.get("items") or []:
                numbers = item.get("statistics") or {}
                stats.append(
                    VideoStats(
                        video_id=item.get("id", ""),
                        views=count(numbers.get("viewCount")),
                        likes=count(numbers.get("likeCount")),
                        comments=count(numbers.get("commentCount")),
                    )
                )
        return stats

    def videos(self, video_ids: list[str]) -> dict[str, VideoData]:
        """{videoId: data} for the ids YouTube still serves (deleted or private ones are
        absent): one videos.list call per 50 ids, 1 quota unit each."""
        found: dict[str, VideoData] = {}
        unique = list(dict.fromkeys(video_ids))
        for start in range(0, len(unique), MAX_IDS_PER_CALL):
            chunk = unique[start : start + MAX_IDS_PER_CALL]
            body = self._get(
                "videos",
                {"part": "snippet,statistics", "id": ",".join(chunk), "maxResults": len(chunk)},
            )
            for item in body.get("items") or []:
                video = _video(item)
                if video is not None:
                    found[video.video_id] = video
        return found

    def report(self, channel: ChannelData, recent_videos: int) -> ChannelReport:
        """The channel with statistics of its latest uploads."""
        if not channel.uploads_playlist_id or recent_videos < 1 or not channel.video_count:
            return ChannelReport(channel)
        try:
            ids = self.latest_video_ids(channel.uploads_playlist_id, recent_videos)
        except errors.ChannelNotFound:
            return ChannelReport(channel)  # an uploads playlist YouTube no longer serves
        return ChannelReport(channel, self.video_stats(ids) if ids else [])

    # --- transport ------------------------------------------------------------------------

    def _get(self, resource: str, params: dict) -> dict:
        url = f"{self.base_url}/{resource}"
        attempt = 1
        while True:
            self.quota.spend(resource)
            try:
                response = self.session.get(
                    url, params={**params, "key": self.api_key}, timeout=TIMEOUT
                )
            except requests.RequestException as exc:
                failure = errors.Unavailable(
                    errors.Unavailable.default_message + f" ({type(exc).__name__})"
                )
            else:
                if response.status_code == 200:
                    try:
                        return response.json()
                    except ValueError:
                        failure = errors.Unavailable(status=200, reason="notJson")
                else:
                    failure = error_from_response(response.status_code, _json_or_none(response))
                    if not isinstance(failure, errors.Unavailable):
                        raise failure
            if attempt >= self.backoff.max_attempts or not self.quota.can_afford(COSTS[resource]):
                raise failure
            logger.warning(
                "YouTube %s failed (%s), retry %d", resource, failure.reason or "network", attempt
            )
            self.backoff.wait(attempt - 1)
            attempt += 1


def _json_or_none(response) -> dict | None:
    try:
        body = response.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def error_from_response(status: int, body: dict | None) -> errors.YouTubeError:
    """The error an API error body stands for (both the old and the new body formats)."""
    error = (body or {}).get("error") if isinstance((body or {}).get("error"), dict) else {}
    reasons = {e.get("reason") for e in error.get("errors") or [] if isinstance(e, dict)}
    reasons |= {
        d.get("reason") for d in error.get("details") or [] if isinstance(d, dict)
    }  # google.rpc.ErrorInfo: API_KEY_INVALID, SERVICE_DISABLED
    reasons.discard(None)
    message = str(error.get("message") or "")
    reason = sorted(reasons)[0] if reasons else None
    if reasons & {"quotaExceeded", "dailyLimitExceeded"}:
        return errors.QuotaExceeded(status=status, reason="quotaExceeded")
    if reasons & {"rateLimitExceeded", "userRateLimitExceeded", "RATE_LIMIT_EXCEEDED"}:
        return errors.Unavailable(
            errors.Unavailable.default_message + " (rateLimitExceeded)",
            status=status,
            reason="rateLimitExceeded",
        )
    if reasons & {"keyInvalid", "API_KEY_INVALID", "keyExpired"} or (
        "API key not valid" in message
    ):
        return errors.KeyInvalid(status=status, reason="keyInvalid")
    if reasons & {"accessNotConfigured", "SERVICE_DISABLED"}:
        return errors.ApiNotEnabled(status=status, reason="accessNotConfigured")
    if status == 404 or reasons & {"channelNotFound", "playlistNotFound", "videoNotFound"}:
        return errors.ChannelNotFound(status=status, reason=reason or "notFound")
    if status >= 500 or status == 429:
        return errors.Unavailable(
            errors.Unavailable.default_message + f" (HTTP {status})", status=status, reason=reason
        )
    detail = f" (HTTP {status}{': ' + reason if reason else ''})"
    return errors.YouTubeError(
        errors.YouTubeError.default_message + detail, status=status, reason=reason
    )


def _channel(item: dict) -> ChannelData:
    snippet = item.get("snippet") or {}
    stats = item.get("statistics") or {}
    related = (item.get("contentDetails") or {}).get("relatedPlaylists") or {}
    thumbnails = snippet.get("thumbnails") or {}
    thumbnail = (thumbnails.get("medium") or thumbnails.get("default") or {}).get("url")
    hidden = bool(stats.get("hiddenSubscriberCount"))
    return ChannelData(
        channel_id=item["id"],
        title=snippet.get("title") or item["id"],
        handle=snippet.get("customUrl") or None,
        country=snippet.get("country") or None,
        uploads_playlist_id=related.get("uploads") or None,
        thumbnail_url=thumbnail,
        subscribers=None if hidden else count(stats.get("subscriberCount")),
        subscribers_hidden=hidden,
        total_views=count(stats.get("viewCount")),
        video_count=count(stats.get("videoCount")),
    )


def _video(item: dict) -> VideoData | None:
    video_id = item.get("id")
    if not isinstance(video_id, str) or not video_id:
        return None
    snippet = item.get("snippet") or {}
    numbers = item.get("statistics") or {}
    return VideoData(
        video_id=video_id,
        channel_id=snippet.get("channelId") or None,
        title=str(snippet.get("title") or ""),
        description=str(snippet.get("description") or ""),
        views=count(numbers.get("viewCount")),
        likes=count(numbers.get("likeCount")),
        comments=count(numbers.get("commentCount")),
    )
