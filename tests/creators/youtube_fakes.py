"""Hand-written YouTube Data API v3 bodies, shaped like the real ones (made-up channels)."""

import re

import responses

BASE = "https://yt.test/youtube/v3"
KEY = "test-api-key"


def channel_item(
    channel_id="UCabcdefghijklmnopqrstuv",
    title="맛집 탐방 채널",
    handle="@matjip",
    subscribers="12300",
    hidden=False,
    views="4567890",
    videos="321",
    country="KR",
    uploads=None,
):
    statistics = {"viewCount": views, "subscriberCount": subscribers, "videoCount": videos}
    statistics = {k: v for k, v in statistics.items() if v is not None}
    statistics["hiddenSubscriberCount"] = hidden
    if hidden:
        statistics.pop("subscriberCount", None)
    snippet = {
        "title": title,
        "description": "먹방과 동네 맛집",
        "customUrl": handle,
        "publishedAt": "2019-03-02T11:22:33Z",
        "thumbnails": {"default": {"url": "https://img.test/a.jpg", "width": 88, "height": 88}},
    }
    if country:
        snippet["country"] = country
    return {
        "kind": "youtube#channel",
        "etag": "etag-channel",
        "id": channel_id,
        "snippet": snippet,
        "contentDetails": {
            "relatedPlaylists": {"likes": "", "uploads": uploads or "UU" + channel_id[2:]}
        },
        "statistics": statistics,
    }


def channels_body(*items):
    body = {"kind": "youtube#channelListResponse", "etag": "etag-list"}
    body["pageInfo"] = {"totalResults": len(items), "resultsPerPage": 5}
    if items:
        body["items"] = list(items)
    return body


def playlist_body(video_ids, next_token=None, playlist="UUabcdefghijklmnopqrstuv"):
    items = [
        {
            "kind": "youtube#playlistItem",
            "etag": f"etag-{vid}",
            "id": f"item-{vid}",
            "contentDetails": {"videoId": vid, "videoPublishedAt": "2024-05-01T09:00:00Z"},
            "snippet": {
                "playlistId": playlist,
                "resourceId": {"kind": "youtube#video", "videoId": vid},
            },
        }
        for vid in video_ids
    ]
    body = {
        "kind": "youtube#playlistItemListResponse",
        "etag": "etag-pl",
        "items": items,
        "pageInfo": {"totalResults": 99, "resultsPerPage": len(items)},
    }
    if next_token:
        body["nextPageToken"] = next_token
    return body


def video_item(video_id, views="1000", likes="50", comments="10"):
    stats = {"viewCount": views, "likeCount": likes, "favoriteCount": "0", "commentCount": comments}
    return {
        "kind": "youtube#video",
        "etag": f"etag-{video_id}",
        "id": video_id,
        "statistics": {k: v for k, v in stats.items() if v is not None},
    }


def videos_body(*items):
    return {
        "kind": "youtube#videoListResponse",
        "etag": "etag-videos",
        "items": list(items),
        "pageInfo": {"totalResults": len(items), "resultsPerPage": len(items)},
    }


def error_body(code, reason, message, domain="youtube.quota", details_reason=None):
    error = {
        "code": code,
        "message": message,
        "errors": [{"message": message, "domain": domain, "reason": reason}],
    }
    if details_reason:
        error["status"] = "PERMISSION_DENIED" if code == 403 else "INVALID_ARGUMENT"
        error["details"] = [
            {"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": details_reason}
        ]
    return {"error": error}


QUOTA_EXCEEDED = error_body(
    403, "quotaExceeded", "The request cannot be completed because you have exceeded your quota."
)
KEY_INVALID_OLD = error_body(400, "keyInvalid", "Bad Request", domain="usageLimits")
KEY_INVALID_NEW = error_body(
    400,
    "badRequest",
    "API key not valid. Please pass a valid API key.",
    domain="global",
    details_reason="API_KEY_INVALID",
)
NOT_ENABLED = error_body(
    403,
    "accessNotConfigured",
    "YouTube Data API v3 has not been used in project 1 before or it is disabled.",
    domain="usageLimits",
    details_reason="SERVICE_DISABLED",
)
PLAYLIST_NOT_FOUND = error_body(
    404, "playlistNotFound", "The playlist cannot be found.", domain="youtube.playlistItem"
)
BACKEND_ERROR = error_body(503, "backendError", "Backend Error", domain="global")


def url(resource):
    return re.compile(re.escape(f"{BASE}/{resource}") + r"(\?.*)?$")


def add(rsps, resource, body, status=200, **params):
    matchers = (
        [responses.matchers.query_param_matcher(params, strict_match=False)] if params else []
    )
    rsps.add(responses.GET, url(resource), json=body, status=status, match=matchers)


def add_full_channel(rsps, channel_id="UCabcdefghijklmnopqrstuv", videos=None, **channel):
    """channels.list by id, one page of uploads and their statistics."""
    videos = videos or [
        video_item("vid1", "1000", "50", "10"),
        video_item("vid2", "3000", "100", "40"),
    ]
    add(rsps, "channels", channels_body(channel_item(channel_id, **channel)), id=channel_id)
    add(
        rsps,
        "playlistItems",
        playlist_body([v["id"] for v in videos]),
        playlistId="UU" + channel_id[2:],
    )
    add(rsps, "videos", videos_body(*videos), id=",".join(v["id"] for v in videos))


def add_any_channels(rsps, missing=(), **channel):
    """channels.list answering every asked id (but `missing`), for batched calls."""
    import json

    def answer(request):
        asked = request.params.get("id", "").split(",")
        items = [channel_item(cid, **channel) for cid in asked if cid and cid not in missing]
        return 200, {}, json.dumps(channels_body(*items))

    rsps.add_callback(responses.GET, url("channels"), callback=answer)
