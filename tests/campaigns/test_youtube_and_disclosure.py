"""YouTube figures through the creators' API client (one videos.list per 50 URLs, quota
counted) and the disclosure check (공정거래위원회 추천·보증 심사지침), through the pages."""

import pytest
import responses
from bs4 import BeautifulSoup
from django.urls import reverse

from campaigns import disclosure
from campaigns.domain import Disclosure
from campaigns.repository import CampaignRepository
from creators.repository import QuotaRepository
from creators.youtube.quota import quota_day
from tests.campaigns.factories import accepted_deals, stored_campaign
from tests.campaigns.youtube_videos import answer_videos, video
from tests.creators import youtube_fakes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dynamo_tables")]


@pytest.fixture
def rsps():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


def page_url(name, campaign, **kw):
    return reverse(
        f"admin:campaigns_campaign_{name}", kwargs={"campaign_id": campaign.campaign_id, **kw}
    )


def stored(campaign):
    return CampaignRepository().find(campaign.campaign_id, consistent=True)


def vid(n: int) -> str:
    return f"vid{n:08d}"  # 11 characters, as YouTube's ids


# --- the rule, on hand-written examples -----------------------------------------------------


@pytest.mark.parametrize(
    ("title", "description", "expected", "label"),
    [
        ("[광고] 연남동 국밥 후기", "", Disclosure.DISCLOSED, "광고"),
        (
            "연남동 국밥 후기",
            "유료 광고 포함 | 연남 국밥집의 지원을 받았습니다\n...",
            Disclosure.DISCLOSED,
            "유료 광고 포함",
        ),
        ("연남동 국밥 후기 #협찬", "", Disclosure.DISCLOSED, "협찬"),
        (
            "연남동 국밥 후기",
            "\n\n  #유료광고포함 \n맛있어요",
            Disclosure.DISCLOSED,
            "유료 광고 포함",
        ),
        ("연남동 국밥 후기", "맛있어요\n\n#광고", Disclosure.MISSING, ""),  # not the first line
        ("광고 아님! 내돈내산 국밥 후기", "", Disclosure.MISSING, ""),
        ("노광고 솔직 후기", "협찬 없음", Disclosure.MISSING, ""),
        ("AD 국밥 (sponsored)", "", Disclosure.MISSING, ""),  # the guideline asks for Korean
    ],
)
def test_youtube_labels_in_the_title_or_the_first_line(title, description, expected, label):
    assert disclosure.check_youtube(title, description) == (expected, label)


def test_captions_need_the_label_in_their_first_line():
    assert disclosure.check_caption("#광고 연남 국밥집 협찬받아 다녀왔어요\n#맛집") == (
        Disclosure.DISCLOSED,
        "광고",
    )
    assert disclosure.check_caption("연남 국밥집 다녀왔어요 🍲\n\n#협찬 #광고")[0] is (
        Disclosure.MISSING
    )
    assert disclosure.check_caption("   ") == (Disclosure.UNCHECKED, "")


@pytest.mark.parametrize(
    ("url", "video_id"),
    [
        ("https://www.youtube.com/watch?v=vid00000001&t=30s", "vid00000001"),
        ("https://youtu.be/vid00000002?si=abc", "vid00000002"),
        ("https://www.youtube.com/shorts/vid00000003", "vid00000003"),
        ("https://m.youtube.com/watch?v=vid00000004", "vid00000004"),
        ("https://www.youtube.com/@matjip", None),
        ("https://www.instagram.com/p/Cabc/", None),
    ],
)
def test_video_ids_from_the_usual_youtube_addresses(url, video_id):
    assert disclosure.youtube_video_id(url) == video_id


# --- refreshing through the page ---------------------------------------------------------------


def test_one_videos_call_per_50_urls_figures_summed_and_quota_charged(client_as, rsps):
    deals = accepted_deals(2, names=["김요리", "박맛집"])
    first_urls = [f"https://www.youtube.com/watch?v={vid(n)}" for n in range(60)]
    second_urls = [f"https://youtu.be/{vid(n)}" for n in range(60, 70)] + [
        "https://www.youtube.com/shorts/vid99999999"  # deleted: YouTube leaves it out
    ]
    campaign = stored_campaign(
        creators=deals,
        members={
            deals[0].creator_id: {"content_urls": first_urls, "platform": "youtube"},
            deals[1].creator_id: {"content_urls": second_urls, "platform": "youtube"},
        },
    )
    videos = {
        vid(n): video(vid(n), title="[광고] 국밥", views="100", likes="10", comments="1")
        for n in range(70)
    }
    videos[vid(65)] = video(vid(65), title="국밥 후기", description="맛있어요", views="1000")
    asked = answer_videos(rsps, videos)
    client = client_as("editor")
    response = client.post(page_url("refresh_youtube", campaign), follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert "70 of 71 YouTube videos refreshed (2 API call(s), one quota unit each)." in messages
    assert any("vid99999999" in m and "no longer serves" in m for m in messages)
    assert [len(ids) for ids in asked] == [50, 21]
    assert QuotaRepository().day(quota_day()).used == 2
    after = stored(campaign)
    first, second = after.creators
    assert (first.figures.views, first.figures.likes, first.figures.comments) == (6000, 600, 60)
    assert second.figures.views == 9 * 100 + 1000
    assert after.performance.totals.views == 6000 + 1900
    assert first.disclosure is Disclosure.DISCLOSED
    assert second.disclosure is Disclosure.MISSING  # vid65 has no label
    page = BeautifulSoup(response.content, "html.parser")
    assert page.select_one("#not-compliant").get_text(strip=True) == "박맛집"
    assert "김요리" in page.select_one("#compliant").get_text()


def test_a_spent_quota_is_refused_before_any_call(client_as, rsps, settings):
    settings.YOUTUBE_DAILY_QUOTA = 0
    deal = accepted_deals(1)[0]
    campaign = stored_campaign(
        creators=[deal],
        members={deal.creator_id: {"content_urls": [f"https://youtu.be/{vid(1)}"]}},
    )
    asked = answer_videos(rsps, {})
    response = client_as("editor").post(page_url("refresh_youtube", campaign), follow=True)
    assert any("YOUTUBE_DAILY_QUOTA" in str(m) for m in response.context["messages"])
    assert asked == [] and stored(campaign).version == campaign.version


def test_youtube_errors_are_reported_and_nothing_is_written(client_as, rsps):
    deal = accepted_deals(1)[0]
    campaign = stored_campaign(
        creators=[deal],
        members={deal.creator_id: {"content_urls": [f"https://youtu.be/{vid(1)}"]}},
    )
    youtube_fakes.add(rsps, "videos", youtube_fakes.QUOTA_EXCEEDED, status=403)
    response = client_as("editor").post(page_url("refresh_youtube", campaign), follow=True)
    assert any("quotaExceeded" in str(m) for m in response.context["messages"])
    assert stored(campaign).version == campaign.version


def test_a_pasted_caption_is_checked_and_non_compliant_creators_are_named(client_as):
    deals = accepted_deals(2, names=["인스타 김", "틱톡 박"])
    insta = "https://www.instagram.com/p/Cabc123/"
    tiktok = "https://www.tiktok.com/@park/video/7300000000000000000"
    campaign = stored_campaign(
        creators=deals,
        members={
            deals[0].creator_id: {"content_urls": [insta], "platform": "instagram"},
            deals[1].creator_id: {"content_urls": [tiktok], "platform": "tiktok"},
        },
    )
    client = client_as("editor")
    page = client.get(page_url("detail", campaign))
    assert page.context["figures"].disclosure.unchecked == list(campaign.creators)
    assert len(BeautifulSoup(page.content, "html.parser").select("form.caption-form")) == 2
    version = campaign.version
    for deal, url, caption in (
        (deals[0], insta, "#광고 연남 국밥집 다녀왔어요\n#맛집"),
        (deals[1], tiktok, "국밥 먹방 🍲\n#협찬"),
    ):
        response = client.post(
            page_url("caption", campaign, creator_id=deal.creator_id),
            {"version": version, "url": url, "caption": caption},
            follow=True,
        )
        version = response.context["campaign"].version
    body = BeautifulSoup(response.content, "html.parser")
    assert body.select_one("#not-compliant").get_text(strip=True) == "틱톡 박"
    assert body.select_one("#compliant").get_text(strip=True) == "인스타 김"
    assert "The caption was saved: Not disclosed." in [str(m) for m in response.context["messages"]]
    # A YouTube URL or a URL not the creator's is refused.
    refused = client.post(
        page_url("caption", campaign, creator_id=deals[0].creator_id),
        {"version": version, "url": "https://www.instagram.com/p/other/", "caption": "광고"},
        follow=True,
    )
    assert any("not one of this creator's" in str(m) for m in refused.context["messages"])


def test_the_brief_reminds_creators_of_the_rule(client_as):
    campaign = stored_campaign()
    body = client_as("viewer").get(page_url("detail", campaign))
    brief = BeautifulSoup(body.content, "html.parser").select_one("#brief-text").get_text()
    assert "추천·보증" in brief and "유료 광고 포함" in brief and "first line" in brief
