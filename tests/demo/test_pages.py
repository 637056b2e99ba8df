"""The demo's pages open: lists, a store, a creator, a match and a campaign of each status."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from campaigns.dashboards_overview import overview
from campaigns.domain import CampaignStatus
from campaigns.repository import CampaignRepository
from creators.domain import Platform
from creators.repository import CreatorRepository
from matches.domain import MatchStatus
from matches.repository import MatchRepository
from stores.repository import DirectoryRepository
from tests.demo.conftest import STORES

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    admin = django_user_model.objects.create_superuser("boss", "boss@example.com", "pw-boss-123!")
    client.force_login(admin)
    return client


def _opens(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def test_lists_open_with_the_demo_in_them(admin_client, seeded):
    stores = _opens(admin_client, reverse("admin:stores_store_changelist"))
    first = next(DirectoryRepository().iter_all())
    assert first.store_name in stores
    _opens(admin_client, reverse("admin:creators_creator_changelist"))
    for status in MatchStatus:
        page = _opens(admin_client, reverse("admin:matches_match_changelist") + f"?status={status}")
        (row,) = MatchRepository().by_status(status, limit=1).items
        assert row.creator_name in page
    for status in CampaignStatus:
        url = reverse("admin:campaigns_campaign_changelist") + f"?status={status}"
        (row,) = CampaignRepository().by_status(status, limit=1).items
        assert row.name in _opens(admin_client, url)
    _opens(admin_client, reverse("admin:index"))


def test_a_store_and_a_creator_open(admin_client, seeded):
    for entry in list(DirectoryRepository().iter_all())[:3]:
        page = _opens(
            admin_client, reverse("admin:stores_store_detail", kwargs={"store_id": entry.store_id})
        )
        assert entry.store_name in page
    for platform in Platform:
        (row,) = CreatorRepository().by_platform(platform, limit=1).items
        page = _opens(
            admin_client,
            reverse("admin:creators_creator_detail", kwargs={"creator_id": row.creator_id}),
        )
        assert row.channel_name in page
    # An admin sees a demo contact opened with the console's key: an example.com address.
    channel = next(
        c for c in CreatorRepository().iter_platform(Platform.INSTAGRAM, full=True) if c.contact
    )
    page = _opens(
        admin_client,
        reverse("admin:creators_creator_detail", kwargs={"creator_id": channel.creator_id}),
    )
    assert "@example.com" in page


def test_a_match_of_every_status_opens(admin_client, seeded):
    for status in MatchStatus:
        (row,) = MatchRepository().by_status(status, limit=1).items
        page = _opens(
            admin_client, reverse("admin:matches_match_detail", kwargs={"match_id": row.match_id})
        )
        assert row.creator_name in page


def test_a_campaign_of_every_status_opens(admin_client, seeded):
    for status in CampaignStatus:
        (row,) = CampaignRepository().by_status(status, limit=1).items
        page = _opens(
            admin_client,
            reverse("admin:campaigns_campaign_detail", kwargs={"campaign_id": row.campaign_id}),
        )
        assert row.name in page


def _cell(body: str, key: str) -> int:
    found = re.search(rf'<td class="numeric" data-key="{key}">(.*?)</td>', body)
    assert found, key
    return int(found.group(1).replace(",", ""))


def test_the_overview_counts_what_the_demo_holds(admin_client, counted):
    body = _opens(admin_client, reverse("admin:index"))
    matches = MatchRepository()
    dismissed = 0
    for status in MatchStatus:
        rows = []
        cursor = None
        while True:
            page = matches.by_status(status, cursor=cursor, limit=100)
            rows += page.items
            if not page.next_cursor:
                break
            cursor = page.next_cursor
        assert len(rows) == counted["matchesByStatus"][status.value]
        if status is MatchStatus.REJECTED:
            for row in rows:
                history = matches.find(row.match_id).status_history
                dismissed += history[-1].from_status is MatchStatus.PENDING
            assert _cell(body, "stage-rejected") == len(rows) - dismissed
            assert _cell(body, "stage-dismissed") == dismissed
        else:
            assert _cell(body, f"stage-{status.value.lower()}") == len(rows), status
    figures = overview()
    for totals in figures.campaigns.by_status:
        rows = CampaignRepository().by_status(totals.status, limit=100).items
        assert _cell(body, f"campaigns-{totals.status.value.lower()}") == len(rows) == 1
        assert totals.budget == sum(r.budget.total for r in rows)
        assert totals.spent == sum(r.budget.spent for r in rows)
    stores = list(DirectoryRepository().iter_all())
    assert figures.stores_fresh.whole == len(stores) == STORES
    channels = [c for p in Platform for c in CreatorRepository().iter_platform(p)]
    assert figures.creators_fresh.whole == len(channels)


def test_after_remove_the_overview_counts_nothing(admin_client, counted):
    call_command("seed_demo", "--remove", stdout=StringIO(), stderr=StringIO())
    body = _opens(admin_client, reverse("admin:index"))
    for status in MatchStatus:
        assert _cell(body, f"stage-{status.value.lower()}") == 0
    for status in CampaignStatus:
        assert _cell(body, f"campaigns-{status.value.lower()}") == 0
    figures = overview()
    assert figures.stores_fresh.whole == 0 and figures.creators_fresh.whole == 0
