"""Hand-written videos.list bodies (part=snippet,statistics) shaped like the real ones:
counts are strings, the description runs over several lines, made-up videos."""

import json

import responses

from tests.creators import youtube_fakes

DESCRIPTION = "오늘은 연남동 국밥집에 다녀왔어요.\n\n📍 서울 마포구 연남로 12\n#국밥 #연남동"


def video(
    video_id: str,
    *,
    title: str = "연남동 국밥 맛집 솔직 후기",
    description: str = DESCRIPTION,
    views: str | None = "12034",
    likes: str | None = "512",
    comments: str | None = "37",
    channel_id: str = "UCabcdefghijklmnopqrstuv",
) -> dict:
    statistics = {
        "viewCount": views,
        "likeCount": likes,
        "favoriteCount": "0",
        "commentCount": comments,
    }
    return {
        "kind": "youtube#video",
        "etag": f"etag-{video_id}",
        "id": video_id,
        "snippet": {
            "publishedAt": "2026-12-08T09:30:00Z",
            "channelId": channel_id,
            "title": title,
            "description": description,
            "thumbnails": {
                "default": {
                    "url": f"https://i.ytimg.test/vi/{video_id}/default.jpg",
                    "width": 120,
                    "height": 90,
                },
            },
            "channelTitle": "맛집 탐방",
            "tags": ["국밥", "연남동"],
            "categoryId": "22",
            "liveBroadcastContent": "none",
            "defaultAudioLanguage": "ko",
            "localized": {"title": title, "description": description},
        },
        "statistics": {k: v for k, v in statistics.items() if v is not None},
    }


def answer_videos(rsps, videos: dict[str, dict]):
    """videos.list answering each asked id found in `videos` (others are left out, as
    YouTube does for deleted or private videos); returns the list of asked id lists."""
    asked: list[list[str]] = []

    def reply(request):
        ids = request.params.get("id", "").split(",")
        asked.append(ids)
        assert request.params.get("part") == "snippet,statistics"
        items = [videos[i] for i in ids if i in videos]
        return 200, {}, json.dumps(youtube_fakes.videos_body(*items), ensure_ascii=False)

    rsps.add_callback(
        responses.GET,
        youtube_fakes.url("videos"),
        callback=reply,
        content_type="application/json; charset=UTF-8",
    )
    return asked
