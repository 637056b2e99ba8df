"""In Chromium: a campaign made from accepted matches, its dashboard opened from the
overview's numbers, screenshotted in Korean; every chart's numbers are its table's.

The campaign pages (create from ACCEPTED matches) are another branch's work: until they
land, the campaign is made here the way their service will (one transaction with its
counters), from matches driven to ACCEPTED through match_transition."""

import datetime as dt
import os
import uuid

import pytest

from campaigns.domain import Budget, CampaignStatus, Milestone, Timeline
from campaigns.repository import CampaignRepository
from campaigns.services import campaign_transition
from matches.services import match_transition
from tests.campaigns.dashboard_support import counted_campaign, counted_match, member

pytestmark = [pytest.mark.browser, pytest.mark.integration]


def _campaign_from_accepted_matches():
    store_id = f"s-{uuid.uuid4().hex[:8]}"
    deals = []
    for name in ("맛집 탐방", "서울 먹방 <b>TV</b>", "동네 산책"):
        match = counted_match(store_id=store_id, creator_id=str(uuid.uuid4()), creator_name=name)
        for status in ("CONTACTED", "RESPONDED", "NEGOTIATING", "ACCEPTED"):
            note = "전화로 연락" if status == "CONTACTED" else ""
            match = match_transition(
                match_id=match.match_id, to_status=status, actor="mina", note=note
            )
        deals.append(match)
    today = dt.datetime.now(dt.UTC).date()
    campaign = counted_campaign(
        store_id=store_id,
        store_name="연남 국밥집",
        name="겨울 체험단",
        status=CampaignStatus.SCHEDULED,
        budget=Budget(total=1_500_000, spent=640_000),
        start=today - dt.timedelta(days=10),
        views=41_000,
        likes=2_300,
        comments=410,
        revenue=1_100_000,
    )
    figures = [(400_000, 25_000, 1_500, 300), (150_000, 12_000, 600, 90), (90_000, 4_000, 200, 20)]
    creators = [
        member(deal, fee=fee, views=views, likes=likes, comments=comments)
        for deal, (fee, views, likes, comments) in zip(deals, figures, strict=True)
    ]
    timeline = Timeline(
        start_date=today - dt.timedelta(days=10),
        end_date=today + dt.timedelta(days=20),
        milestones=[Milestone(name="방문 마감", date=today - dt.timedelta(days=3))],
    )
    CampaignRepository().put(
        campaign.model_copy(update={"creators": creators, "timeline": timeline}),
        expected_version=campaign.version,
        actor="mina",
    )
    return campaign_transition(campaign_id=campaign.campaign_id, to_status="ACTIVE", actor="mina")


@pytest.mark.django_db(transaction=True)
def test_a_campaign_dashboard_in_chromium(
    in_chromium, live_server, make_staff, live_dynamo, tmp_path, korean
):
    make_staff("viewer", username="jun")
    campaign = _campaign_from_accepted_matches()
    shot = tmp_path / "campaign-dashboard.png"  # kept beside the test run's other files
    in_chromium(lambda page: _scenario(page, live_server.url, campaign, shot))
    assert shot.stat().st_size > 10_000
    print(f"screenshot: {shot}")


def _scenario(page, base_url, campaign, shot):
    page.goto(f"{base_url}/login/")
    page.fill("#id_username", "jun")
    page.fill("#id_password", "pw-viewer-123!")
    page.click("input[type=submit]")
    page.wait_for_selector("#overview")
    assert page.locator("#card-active-campaigns h3").inner_text() == "진행 중인 캠페인"
    _charts_agree_with_tables(page)

    page.goto(f"{base_url}/campaigns/campaign/{campaign.campaign_id}/dashboard/")
    page.wait_for_selector("#campaign-dashboard")
    assert "크리에이터별 성과" in page.locator("#performance-by-creator h2").inner_text()
    # Markup in a name stays text, in the chart's tooltip and in its table.
    assert page.locator("#chart-creators-table th", has_text="<b>TV</b>").count() == 1
    assert "서울 먹방 <b>TV</b>" in page.locator("#chart-creators svg").inner_html().replace(
        "&lt;", "<"
    ).replace("&gt;", ">")
    assert page.locator("#chart-creators b").count() == 0
    keys = _charts_agree_with_tables(page)
    assert {"creator-1", "creator-2", "creator-3", "spent-now", "planned-end"} <= keys
    drawn = page.locator('#chart-creators text.chart-value[data-key="creator-1"]')
    assert drawn.text_content() == "25,000"
    # Korean renders with a CJK font, not boxes: .ci/run installs fonts-noto-cjk.
    has_font = page.evaluate("document.fonts.check(\"16px 'Noto Sans CJK KR'\")")
    if os.environ.get("CI") == "true":
        assert has_font, "no Noto Sans CJK KR: .ci/run must install fonts-noto-cjk"
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(shot), full_page=True)


def _charts_agree_with_tables(page) -> set[str]:
    """Every value drawn in an SVG chart equals the cell with its key in the chart's table
    (the table may hold more: a point drawn without its number, like both lines' start)."""
    pairs = page.evaluate(
        """() => [...document.querySelectorAll('figure.dashboard-chart')].flatMap(figure =>
            [...figure.querySelectorAll('svg text.chart-value')].map(mark => [
                mark.dataset.key,
                mark.textContent.trim(),
                (figure.querySelector(`table td[data-key="${mark.dataset.key}"]`) || {})
                    .textContent?.trim() ?? null,
            ]))"""
    )
    assert pairs
    for key, drawn, tabled in pairs:
        assert drawn == tabled, (key, drawn, tabled)
    return {key for key, _drawn, _tabled in pairs}
