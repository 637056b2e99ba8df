import json

import pytest
import responses

from creators.youtube import errors
from creators.youtube.client import (
    YouTubeClient,
    _channel,
    count,
    error_from_response,
    parse_channel_ref,
)
from creators.youtube.quota import QuotaMeter
from tests.creators import youtube_fakes as yt
from tests.realworld import captures

CHANNEL = "UCabcdefghijklmnopqrstuv"


@pytest.fixture
def client(no_sleep):
    backoff, _slept = no_sleep
    return YouTubeClient(api_key=yt.KEY, base_url=yt.BASE, quota=QuotaMeter(100), backoff=backoff)


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        (CHANNEL, "id", CHANNEL),
        ("@matjip", "handle", "@matjip"),
        ("https://www.youtube.com/@matjip", "handle", "@matjip"),
        ("youtube.com/@matjip/videos", "handle", "@matjip"),
        ("https://m.youtube.com/@%EB%A7%9B%EC%A7%91", "handle", "@맛집"),
        (f"https://www.youtube.com/channel/{CHANNEL}", "id", CHANNEL),
        (f"https://www.youtube.com/channel/{CHANNEL}/featured?x=1", "id", CHANNEL),
        ("https://www.youtube.com/user/oldname", "username", "oldname"),
        ("https://www.youtube.com/c/custom", "handle", "@custom"),
    ],
)
def test_parse_channel_ref(text, kind, value):
    ref = parse_channel_ref(text)
    assert (ref.kind, ref.value) == (kind, value)


@pytest.mark.parametrize("text", ["", "   ", "https://example.com/@x", "UCshort", "hello world"])
def test_parse_channel_ref_refuses_other_input(text):
    with pytest.raises(errors.BadInput):
        parse_channel_ref(text)


def test_counts_arrive_as_strings_and_may_be_missing():
    assert count("12300") == 12300
    assert count(None) is None
    assert count("") is None
    assert count("n/a") is None


def test_resolve_by_handle_uses_for_handle(client, rsps):
    yt.add(rsps, "channels", yt.channels_body(yt.channel_item()), forHandle="@matjip", key=yt.KEY)
    data = client.resolve("https://www.youtube.com/@matjip")
    assert data.channel_id == CHANNEL
    assert data.subscribers == 12300 and data.subscribers_rounded
    assert data.uploads_playlist_id == "UUabcdefghijklmnopqrstuv"
    assert client.quota.used == 1


def test_empty_items_means_no_such_channel(client, rsps):
    yt.add(rsps, "channels", yt.channels_body(), forHandle="@nobody")
    with pytest.raises(errors.ChannelNotFound) as caught:
        client.resolve("@nobody")
    assert "@nobody" in str(caught.value)


def test_hidden_subscribers_are_unknown_not_zero():
    data = _channel(yt.channel_item(hidden=True))
    assert data.subscribers is None
    assert data.subscribers_hidden
    assert not data.subscribers_rounded


def test_missing_statistics_are_unknown():
    item = yt.channel_item(views=None, videos=None)
    del item["statistics"]["subscriberCount"]
    data = _channel(item)
    assert (data.subscribers, data.total_views, data.video_count) == (None, None, None)


def test_channels_are_fetched_fifty_ids_a_call(client, rsps):
    ids = [f"UC{n:022d}" for n in range(120)]
    rsps.add_callback(
        responses.GET,
        yt.url("channels"),
        callback=lambda request: (
            200,
            {},
            json.dumps(
                yt.channels_body(
                    *[yt.channel_item(i) for i in request.params["id"].split(",")[:-1]]
                )
            ),
        ),
    )
    found = client.channels(ids)
    assert len(rsps.calls) == 3
    assert len(found) == 117  # each fake answer leaves the last id out: "not found"
    assert client.quota.used == 3


def test_latest_videos_follow_next_page_token(client, rsps):
    yt.add(rsps, "playlistItems", yt.playlist_body(["a", "b"], next_token="P2"), playlistId="UU1")
    rsps.add(
        responses.GET,
        yt.url("playlistItems"),
        json=yt.playlist_body(["c", "d"], next_token="P3"),
        match=[responses.matchers.query_param_matcher({"pageToken": "P2"}, strict_match=False)],
    )
    # Registered first wins for equal matchers, so put the first page behind its own match.
    ids = client.latest_video_ids("UU1", 3)
    assert ids == ["a", "b", "c"]
    assert client.quota.used == 2


def test_video_stats_with_missing_counts(client, rsps):
    yt.add(
        rsps,
        "videos",
        yt.videos_body(yt.video_item("a"), yt.video_item("b", likes=None, comments=None)),
    )
    stats = client.video_stats(["a", "b"])
    assert stats[0].as_dict() == {"views": 1000, "likes": 50, "comments": 10}
    assert stats[1].as_dict() == {"views": 1000, "likes": None, "comments": None}


@pytest.mark.parametrize(
    ("status", "body", "error"),
    [
        (403, yt.QUOTA_EXCEEDED, errors.QuotaExceeded),
        (400, yt.KEY_INVALID_OLD, errors.KeyInvalid),
        (400, yt.KEY_INVALID_NEW, errors.KeyInvalid),
        (403, yt.NOT_ENABLED, errors.ApiNotEnabled),
        (404, yt.PLAYLIST_NOT_FOUND, errors.ChannelNotFound),
    ],
)
def test_every_error_body_has_its_own_error(client, rsps, status, body, error):
    yt.add(rsps, "channels", body, status=status)
    with pytest.raises(error) as caught:
        client.resolve(CHANNEL)
    assert len(rsps.calls) == 1  # not retried
    assert str(caught.value) == str(error.default_message)


def test_messages_say_what_to_do():
    assert "YOUTUBE_API_KEY" in str(errors.KeyInvalid())
    assert "Enable" in str(errors.ApiNotEnabled())
    assert "resets" in str(errors.QuotaExceeded())


def test_unknown_error_bodies_still_give_a_clear_error():
    error = error_from_response(400, {"error": {"code": 400, "errors": [{"reason": "invalid"}]}})
    assert type(error) is errors.YouTubeError and "invalid" in str(error)
    assert isinstance(error_from_response(502, None), errors.Unavailable)


def test_transient_5xx_is_retried_with_backoff(client, rsps, no_sleep):
    _backoff, slept = no_sleep
    yt.add(rsps, "channels", yt.BACKEND_ERROR, status=503)
    yt.add(rsps, "channels", yt.channels_body(yt.channel_item()))
    # responses serves registrations for the same URL in order.
    assert client.resolve(CHANNEL).channel_id == CHANNEL
    assert len(rsps.calls) == 2 and len(slept) == 1


def test_5xx_gives_up_after_the_last_attempt(client, rsps, no_sleep):
    _backoff, slept = no_sleep
    for _ in range(3):
        yt.add(rsps, "channels", yt.BACKEND_ERROR, status=503)
    with pytest.raises(errors.Unavailable):
        client.resolve(CHANNEL)
    assert len(rsps.calls) == 3 and len(slept) == 2


def test_network_failure_is_unavailable(client, rsps):
    import requests

    for _ in range(3):
        rsps.add(responses.GET, yt.url("channels"), body=requests.ConnectionError("down"))
    with pytest.raises(errors.Unavailable):
        client.resolve(CHANNEL)


def test_budget_refuses_the_call_that_would_exceed_it(rsps):
    client = YouTubeClient(api_key=yt.KEY, base_url=yt.BASE, quota=QuotaMeter(1, used=1))
    with pytest.raises(errors.QuotaBudgetExhausted):
        client.resolve(CHANNEL)
    assert len(rsps.calls) == 0


def test_missing_key_is_refused_before_any_call():
    with pytest.raises(errors.KeyMissing):
        YouTubeClient(api_key="", base_url=yt.BASE, quota=QuotaMeter(10))


# --- conformance over the real captures (read only, never copied) --------------------------


def _capture(prefix):
    (path,) = captures("youtube", prefix + "*.json", expected=1)
    return json.loads(path.read_text())


def test_conformance_channels_list(client, rsps):
    body = _capture("youtube_channels_list")
    yt.add(rsps, "channels", body)
    item = body["items"][0]
    data = client.resolve(item["id"])
    assert data.channel_id == item["id"]
    assert data.title == item["snippet"]["title"]
    assert data.subscribers == int(item["statistics"]["subscriberCount"])
    assert data.subscribers_rounded
    assert data.uploads_playlist_id == item["contentDetails"]["relatedPlaylists"]["uploads"]


def test_conformance_playlist_items_and_videos(client, rsps):
    playlist = _capture("youtube_playlistItems_list")
    videos = _capture("youtube_videos_list")
    yt.add(rsps, "playlistItems", playlist)
    yt.add(rsps, "videos", videos)
    limit = len(playlist["items"])
    ids = client.latest_video_ids("UUx", limit)
    assert ids == [i["contentDetails"]["videoId"] for i in playlist["items"]]
    stats = client.video_stats([v["id"] for v in videos["items"]])
    assert [s.video_id for s in stats] == [v["id"] for v in videos["items"]]
    for stat, item in zip(stats, videos["items"], strict=True):
        assert stat.views == int(item["statistics"]["viewCount"])


def test_conformance_error_body():
    body = _capture("youtube_error_400")
    assert isinstance(error_from_response(400, body), errors.KeyInvalid)
