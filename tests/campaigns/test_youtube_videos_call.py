"""YouTubeClient.videos: snippet and statistics, 50 ids a call, 1 quota unit each."""

import json

import pytest
import responses

from campaigns import disclosure
from campaigns.domain import Disclosure
from creators.youtube import errors
from creators.youtube.client import YouTubeClient
from creators.youtube.quota import QuotaMeter
from marketing.dynamo.backoff import Backoff
from tests.campaigns.youtube_videos import answer_videos, video
from tests.creators import youtube_fakes as yt
from tests.realworld import captures


@pytest.fixture
def rsps():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


def client(budget=100):
    return YouTubeClient(
        api_key=yt.KEY,
        base_url=yt.BASE,
        quota=QuotaMeter(budget),
        backoff=Backoff(max_attempts=2, sleep=lambda s: None),
    )


def test_videos_are_asked_50_at_a_time_and_missing_ones_left_out(rsps):
    ids = [f"v{n:010d}" for n in range(101)]
    asked = answer_videos(rsps, {i: video(i) for i in ids[:-1]})
    youtube = client()
    found = youtube.videos([*ids, ids[0]])  # a repeated id is asked once
    assert [len(chunk) for chunk in asked] == [50, 50, 1]
    assert len(found) == 100 and ids[-1] not in found
    assert youtube.quota.calls == {"videos": 3} and youtube.quota.used == 3
    one = found[ids[0]]
    assert (one.views, one.likes, one.comments) == (12034, 512, 37)
    assert one.title == "연남동 국밥 맛집 솔직 후기"
    assert one.description.startswith("오늘은 연남동 국밥집에 다녀왔어요.\n")


def test_hidden_counts_are_unknown_not_zero(rsps):
    answer_videos(rsps, {"v1": video("v1", likes=None, comments=None)})
    found = client().videos(["v1"])["v1"]
    assert (found.likes, found.comments) == (None, None)


def test_the_budget_is_checked_before_the_call(rsps):
    asked = answer_videos(rsps, {})
    with pytest.raises(errors.QuotaBudgetExhausted):
        client(budget=0).videos(["v1"])
    assert asked == []


def test_conformance_videos_list_snippet(rsps):
    (path,) = captures("youtube", "youtube_videos_list*.json", expected=1)
    body = json.loads(path.read_text())
    yt.add(rsps, "videos", body)
    ids = [item["id"] for item in body["items"]]
    found = client().videos(ids)
    assert list(found) == ids
    for item in body["items"]:
        video_data = found[item["id"]]
        assert video_data.title == item["snippet"]["title"]
        assert video_data.description == item["snippet"]["description"]
        assert video_data.views == int(item["statistics"]["viewCount"])
        # Not Korean paid posts: no label, so not disclosed.
        verdict, _label = disclosure.check_youtube(video_data.title, video_data.description)
        assert verdict is Disclosure.MISSING
