"""A campaign's dashboard: budget burn against the timeline, performance by creator,
review growth since launch and disclosure status, each chart with its numbers in a table
beside it, every name escaped (SVG included)."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from campaigns import dashboards_sources
from campaigns.dashboards_sources import Disclosure, DisclosureRow, ReviewCheckpoint
from campaigns.domain import Budget, CampaignStatus, Milestone, Timeline
from matches.domain import MatchStatus
from tests.campaigns.dashboard_support import counted_campaign, counted_match, member

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dynamo_tables")]

XSS = '<script>alert("x")</script>'


def _campaign(**kw):
    deals = [
        counted_match(creator_id="c-1", creator_name="맛집 탐방", status=MatchStatus.ACCEPTED),
        counted_match(creator_id="c-2", creator_name=XSS, status=MatchStatus.ACCEPTED),
    ]
    creators = [
        member(deals[0], fee=300_000, views=12_000, likes=900, comments=100, visits=40),
        member(deals[1], fee=200_000, views=3_000, likes=50, comments=10),
    ]
    start = dt.date(2026, 11, 1)
    campaign = counted_campaign(
        status=CampaignStatus.ACTIVE,
        name=kw.pop("name", "겨울 체험단"),
        budget=Budget(total=1_000_000, spent=600_000),
        views=15_000,
        likes=950,
        comments=110,
        revenue=900_000,
        **kw,
    )
    from campaigns.repository import CampaignRepository

    repository = CampaignRepository()
    timeline = Timeline(
        start_date=start,
        end_date=start + dt.timedelta(days=30),
        milestones=[Milestone(name="방문일", date=start + dt.timedelta(days=5))],
    )
    return repository.put(
        campaign.model_copy(update={"creators": creators, "timeline": timeline}),
        expected_version=campaign.version,
        actor="staff",
    )


def _page(client, campaign):
    url = reverse("admin:campaigns_campaign_dashboard", args=[campaign.campaign_id])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _svg(body: str, chart_id: str) -> str:
    return re.search(rf'<figure class="dashboard-chart" id="{chart_id}">(.*?)</svg>', body, re.S)[1]


def _marks(body: str, chart_id: str) -> dict[str, str]:
    svg = _svg(body, chart_id)
    return dict(re.findall(r'class="chart-value" data-key="([^"]+)"[^>]*>([^<]*)<', svg))


def _cells(body: str, chart_id: str) -> dict[str, str]:
    pattern = rf'<table class="chart-table" id="{chart_id}-table">(.*?)</table>'
    table = re.search(pattern, body, re.S)
    return dict(re.findall(r'data-key="([^"]+)">([^<]*)<', table[1]))


def test_each_chart_has_a_title_axis_labels_and_its_numbers_in_a_table(client_as, english):
    body = _page(client_as("viewer"), _campaign())
    for chart_id in ("chart-burn", "chart-creators"):
        svg = _svg(body, chart_id)
        assert "<title" in svg and 'class="chart-title"' in svg
        assert svg.count('class="chart-axis-label"') == 2
        assert "Noto Sans CJK KR" in svg
        marks, cells = _marks(body, chart_id), _cells(body, chart_id)
        assert marks and marks.items() <= cells.items()  # every number drawn is in the table
    assert _marks(body, "chart-creators") == {"creator-1": "12,000", "creator-2": "3,000"}
    # Spent 600,000 of 1,000,000; planned by today follows the timeline.
    assert _marks(body, "chart-burn")["spent-now"] == "600,000 won"
    # Both lines start at 0 on the first day: in the table, not written twice on the chart.
    assert _cells(body, "chart-burn")["spent-start"] == "0 won"
    assert "spent-start" not in _marks(body, "chart-burn")
    assert "방문일" in _svg(body, "chart-burn")


def test_names_with_markup_are_escaped_in_the_page_and_the_svg(client_as, english):
    campaign = _campaign(name=f"캠페인 {XSS}", store_name=XSS)
    body = _page(client_as("viewer"), campaign)
    assert "<script>alert" not in body
    escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
    assert escaped in _svg(body, "chart-creators")
    assert escaped in body.split('id="creator-performance"')[1]


def test_figures_and_the_burn_against_the_timeline(client_as, english):
    body = _page(client_as("viewer"), _campaign())
    assert re.search(r'id="figure-roi">50.00%<', body)  # (900,000 - 600,000) / 600,000
    assert re.search(r'id="figure-cpm">40,000 won<', body)  # 600,000 / 15,000 * 1,000
    assert "likes + comments" in body  # each formula is shown
    # The creator's cost per engagement is its own fee / its own engagements.
    assert "300 won" in body.split('id="creator-performance"')[1]


def test_review_growth_is_charted_against_the_baseline(client_as, english, monkeypatch):
    launch = dt.datetime(2026, 11, 1, 9, tzinfo=dt.UTC)
    checkpoints = [
        ReviewCheckpoint(launch, 120, 30, is_baseline=True),
        ReviewCheckpoint(launch + dt.timedelta(days=14), 150, 41),
        ReviewCheckpoint(launch + dt.timedelta(days=30), 180, 47),
    ]
    monkeypatch.setattr(dashboards_sources, "review_checkpoints", lambda campaign: checkpoints)
    body = _page(client_as("viewer"), _campaign())
    assert _marks(body, "chart-reviews").items() <= _cells(body, "chart-reviews").items()
    assert _marks(body, "chart-reviews")["visitor-2"] == "180"
    assert re.search(r'id="figure-new-visitor-reviews">60<', body)
    assert re.search(r'id="figure-cost-per-new-review">10,000 won<', body)  # 600,000 / 60


def test_without_a_baseline_the_page_says_when_it_comes(client_as, english):
    body = _page(client_as("viewer"), _campaign())
    assert 'id="chart-reviews"' not in body
    assert "No review baseline yet" in body


def test_disclosure_status_names_the_posts_that_do_not_say_they_are_paid(
    client_as, english, monkeypatch
):
    rows = [
        DisclosureRow("맛집 탐방", "https://youtu.be/ok", Disclosure.DISCLOSED),
        DisclosureRow(XSS, "javascript:alert(1)", Disclosure.NOT_DISCLOSED),
    ]
    monkeypatch.setattr(dashboards_sources, "disclosure_rows", lambda campaign: rows)
    body = _page(client_as("viewer"), _campaign())
    section = body.split('id="disclosure-status"')[1]
    assert "1 post does not say it is paid." in section
    assert 'href="javascript:' not in section and 'href="https://youtu.be/ok"' in section


def test_an_unknown_campaign_is_a_404_and_viewers_may_look(client_as):
    unknown = "00000000-0000-4000-8000-0000000000ab"
    missing = reverse("admin:campaigns_campaign_dashboard", args=[unknown])
    assert client_as("viewer").get(missing).status_code == 404


def test_the_dashboard_offers_the_report_downloads(client_as, english):
    campaign = _campaign()
    body = _page(client_as("viewer"), campaign)
    for output_format in ("csv", "xlsx", "json"):
        assert f"campaign={campaign.campaign_id}&amp;format={output_format}" in body


def test_the_dashboard_speaks_korean(client_as, korean):
    body = _page(client_as("viewer"), _campaign())
    for korean in ("예산 소진", "크리에이터별 성과", "광고 표시"):
        assert korean in body


def test_the_stored_baseline_follow_ups_and_disclosure_checks_are_what_it_shows(client_as, english):
    from campaigns.domain import Attribution, Checkpoint, ContentCheck, ReviewSnapshot
    from campaigns.domain import Disclosure as Checked
    from campaigns.repository import CampaignRepository

    campaign = _campaign()
    launch = dt.datetime(2026, 11, 1, 9, tzinfo=dt.UTC)
    attribution = Attribution(
        baseline=ReviewSnapshot(taken_at=launch, visitor_review_count=120, blog_review_count=30),
        checkpoints=[
            Checkpoint(taken_at=launch + dt.timedelta(days=30), day=30, visitor_review_count=180),
            Checkpoint(taken_at=launch + dt.timedelta(days=14), day=14, visitor_review_count=150),
        ],
    )
    first, second = campaign.creators
    posted = [
        first.model_copy(
            update={
                "content_urls": ["https://youtu.be/ok"],
                "contents": [ContentCheck(url="https://youtu.be/ok", disclosure=Checked.DISCLOSED)],
            }
        ),
        second.model_copy(
            update={
                "content_urls": ["https://www.instagram.com/p/x/", "https://t.co/unread"],
                "contents": [
                    ContentCheck(url="https://www.instagram.com/p/x/", disclosure=Checked.MISSING)
                ],
            }
        ),
    ]
    stored = CampaignRepository().put(
        campaign.model_copy(update={"attribution": attribution, "creators": posted}),
        expected_version=campaign.version,
        actor="staff",
    )
    body = _page(client_as("viewer"), stored)
    assert _marks(body, "chart-reviews")["visitor-2"] == "180"  # follow-ups in day order
    assert re.search(r'id="figure-new-visitor-reviews">60<', body)
    section = body.split('id="disclosure-status"')[1]
    assert "1 post does not say it is paid." in section
    assert "Not checked yet" in section  # the URL no refresh or caption has read
