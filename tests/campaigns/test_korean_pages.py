"""The campaign pages in Korean (the default): labels, never raw codes; KRW as 17,000원;
times in Seoul."""

import datetime as dt
import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import translation

from campaigns.domain import Budget, CampaignStatus, Figures
from campaigns.services import campaign_transition
from tests.campaigns.factories import accepted_deals, stored_campaign

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dynamo_tables")]

CODES = re.compile(
    r"\b(DRAFT|SCHEDULED|ACTIVE|PAUSED|COMPLETED|CANCELLED|visit_review|sponsored_video"
    r"|invited|confirmed|posted|unchecked|disclosed|missing|youtube|instagram|posting_deadline)\b"
)


@pytest.fixture(autouse=True)
def korean(settings):
    settings.LANGUAGE_CODE = "ko"
    with translation.override("ko"):
        yield


def visible(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def test_list_and_detail_speak_korean_with_won_and_seoul_times(client_as):
    deals = accepted_deals(1, names=["김요리"])
    campaign = stored_campaign(
        status=CampaignStatus.SCHEDULED,
        budget=Budget(total=1_700_000, spent=17_000),
        creators=deals,
        members={
            deals[0].creator_id: {
                "platform": "youtube",
                "fee": 150_000,
                "content_urls": ["https://youtu.be/vid00000001"],
                "figures": Figures(views=12_000, likes=300, comments=20, revenue=900_000),
            }
        },
    )
    campaign_transition(
        campaign_id=campaign.campaign_id,
        to_status="ACTIVE",
        actor="kim",
        note="시작",
        clock=lambda: dt.datetime(2026, 12, 1, 23, 5, tzinfo=dt.UTC),
    )
    client = client_as("editor")
    listing = visible(client.get(reverse("admin:campaigns_campaign_changelist")))
    assert "활성 캠페인, 시작일 빠른 순" in listing and "체험단 (방문 리뷰)" in listing
    assert "17,000원" in listing and "1,700,000원" in listing
    assert CODES.findall(listing) == []
    detail = visible(
        client.get(
            reverse("admin:campaigns_campaign_detail", kwargs={"campaign_id": campaign.campaign_id})
        )
    )
    assert CODES.findall(detail) == []
    assert "예정됨 → 활성" in detail and "2026-12-02 08:05" in detail  # 23:05 UTC
    assert "지출 ÷ 조회수 \u00d7 1,000" in detail and "EMV (추정치)" in detail
    assert "150,000원" in detail and "아직 확인 안 함" in detail
    assert "일시 중지" in detail and "캠페인 취소" in detail  # the buttons, in words
    assert "공정거래위원회" in detail and "유료 광고 포함" in detail


def test_the_new_campaign_form_speaks_korean(client_as):
    deals = accepted_deals(1, names=["김요리"])
    page = visible(
        client_as("editor").get(
            reverse("admin:campaigns_campaign_add") + f"?store={deals[0].store_id}"
        )
    )
    assert "예산 (원)" in page and "게시 마감일" in page and "방문일" in page
    assert "크리에이터 (이 상점의 수락된 매칭)" in page and "김요리" in page
    assert CODES.findall(page) == []
