"""The console's index page is the overview: every figure from maintained counters, with
when it last changed; it keeps working on empty tables and without DynamoDB."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from campaigns.domain import Budget, CampaignStatus
from campaigns.services import campaign_transition
from creators import services as creator_services
from creators.domain import Statistics
from matches.domain import MatchStatus
from matches.services import match_transition
from stores import services as store_services
from stores.repository import CacheStatsRepository
from tests.campaigns.dashboard_support import counted_campaign, counted_match
from tests.stores import pages

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def english(settings):
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def _text(body: str, element_id: str) -> str:
    found = re.search(rf'id="{element_id}"[^>]*>(.*?)</', body, re.S)
    assert found, element_id
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


def _cell(body: str, key: str) -> str:
    found = re.search(rf'<td class="numeric" data-key="{key}">(.*?)</td>', body)
    assert found, key
    return found.group(1)


@pytest.mark.usefixtures("dynamo_tables", "english")
def test_on_empty_tables_every_figure_is_a_dash_or_zero(client_as):
    response = client_as("viewer").get(reverse("admin:index"))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="overview"' in body
    for figure in ("success-rate", "cache-hit-rate", "store-freshness", "creator-freshness"):
        assert _text(body, figure) == "—"
    assert _text(body, "follow-up-count") == "0"
    assert _text(body, "active-campaigns") == "0"
    assert _text(body, "campaign-roi") == "—"
    assert "Nothing counted yet" in body
    assert 'id="chart-funnel"' in body and "<svg" in body


@pytest.mark.usefixtures("english")
def test_without_dynamodb_the_index_shows_the_banner_and_no_figures(client_as):
    from marketing.dynamo import config as dynamo_config

    previous = dynamo_config.get_config()
    dynamo_config.configure(
        dynamo_config.DynamoConfig(endpoint_url="http://127.0.0.1:1", uses_embedded_server=True)
    )
    try:
        response = client_as("viewer").get(reverse("admin:index"))
    finally:
        dynamo_config.configure(previous)
    body = response.content.decode()
    assert response.status_code == 200
    assert "python manage.py localdynamo" in body
    assert 'id="overview"' not in body


@pytest.mark.usefixtures("mocked_aws", "english")
def test_with_tables_missing_the_index_names_them_and_shows_no_figures(client_as):
    body = client_as("viewer").get(reverse("admin:index")).content.decode()
    assert "dynamodb_tables create" in body
    assert 'id="overview"' not in body


def _made_funnel():
    """3 deals, 1 rejected after contact, 1 dismissed, 2 in progress, 2 suggestions."""
    for n in range(2):
        counted_match(creator_id=f"pending-{n}")
    for n in range(2):
        counted_match(creator_id=f"accepted-{n}", status=MatchStatus.ACCEPTED)
    counted_match(creator_id="completed-0", status=MatchStatus.COMPLETED)
    counted_match(creator_id="rejected-0", status=MatchStatus.REJECTED)
    dismissed = counted_match(creator_id="dismissed-0")
    match_transition(match_id=dismissed.match_id, to_status="REJECTED", actor="kim")
    waiting = counted_match(creator_id="waiting-0")
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=9)
    match_transition(
        match_id=waiting.match_id, to_status="CONTACTED", actor="kim", clock=lambda: long_ago
    )
    recent = counted_match(creator_id="recent-0")
    match_transition(match_id=recent.match_id, to_status="CONTACTED", actor="kim")


@pytest.mark.usefixtures("dynamo_tables", "english")
def test_the_funnel_success_rate_and_follow_up_queue_follow_the_workflow(client_as):
    _made_funnel()
    body = client_as("viewer").get(reverse("admin:index")).content.decode()
    assert _cell(body, "stage-pending") == "2"
    assert _cell(body, "stage-contacted") == "2"
    assert _cell(body, "stage-accepted") == "2"
    assert _cell(body, "stage-completed") == "1"
    assert _cell(body, "stage-rejected") == "1"
    assert _cell(body, "stage-dismissed") == "1"
    # 3 deals of 4 decided after contact; the dismissed suggestion is not a failure.
    assert _text(body, "success-rate") == "75.0%"
    assert "3 of 4" in body and "2 still in progress" in body
    assert "target-met" in body
    # Contacted 9 days ago (MATCH_FOLLOW_UP_DAYS is 5); the other only just.
    assert _text(body, "follow-up-count") == "1"
    assert "Last change" in body


@pytest.mark.usefixtures("dynamo_tables", "english")
def test_cache_freshness_and_campaign_figures(client_as):
    for n in range(3):
        store_services.store_import_html(html=pages.home_page(str(32000000 + n)), actor="t")
    cache = CacheStatsRepository()
    for hit in (True, True, True, True, False):
        cache.count(hit=hit, actor="t")
    creator_services.creator_add_manual(
        platform="instagram",
        channel_id="fresh.one",
        channel_name="Fresh",
        statistics=Statistics(subscribers=1200),
        actor="t",
    )
    counted_campaign(
        status=CampaignStatus.ACTIVE,
        budget=Budget(total=1_000_000, spent=400_000),
        revenue=500_000,
    )
    counted_campaign(status=CampaignStatus.PAUSED, budget=Budget(total=500_000, spent=100_000))
    body = client_as("viewer").get(reverse("admin:index")).content.decode()
    assert _text(body, "cache-hit-rate") == "80.0%"
    assert "target-missed" in body  # 80 % is not above 80 %
    assert _text(body, "store-freshness") == "100.0%" and "3 of 3 stores" in body
    assert _text(body, "creator-freshness") == "100.0%"
    assert _text(body, "active-campaigns") == "1"
    assert _text(body, "campaign-spend") == "500,000 won"
    # Only the campaign with revenue entered counts: (500,000 - 400,000) / 400,000.
    assert _text(body, "campaign-roi") == "25.00%"


@pytest.mark.usefixtures("dynamo_tables", "english")
def test_figures_move_with_a_campaign_transition(client_as):
    campaign = counted_campaign(status=CampaignStatus.SCHEDULED)
    client = client_as("viewer")
    assert _text(client.get(reverse("admin:index")).content.decode(), "active-campaigns") == "0"
    campaign_transition(campaign_id=campaign.campaign_id, to_status="ACTIVE", actor="kim")
    body = client.get(reverse("admin:index")).content.decode()
    assert _text(body, "active-campaigns") == "1"
    assert _cell(body, "campaigns-scheduled") == "0"


@pytest.mark.usefixtures("dynamo_tables")
def test_the_overview_speaks_korean(client_as):
    body = client_as("viewer").get(reverse("admin:index")).content.decode()
    for korean in ("매칭 성공률", "스크랩 캐시 적중률", "매칭 퍼널"):
        assert korean in body
    assert "Match success rate" not in body
