"""The demo's pages open: lists, a store, a creator, a match and a campaign of each status."""

import pytest
from django.urls import reverse

from campaigns.domain import CampaignStatus
from campaigns.repository import CampaignRepository
from creators.domain import Platform
from creators.repository import CreatorRepository
from matches.domain import MatchStatus
from matches.repository import MatchRepository
from stores.repository import DirectoryRepository

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model, seeded):
    admin = django_user_model.objects.create_superuser("boss", "boss@example.com", "pw-boss-123!")
    client.force_login(admin)
    return client


def _opens(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def test_lists_open_with_the_demo_in_them(admin_client):
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


def test_a_store_and_a_creator_open(admin_client):
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


def test_a_match_of_every_status_opens(admin_client):
    for status in MatchStatus:
        (row,) = MatchRepository().by_status(status, limit=1).items
        page = _opens(
            admin_client, reverse("admin:matches_match_detail", kwargs={"match_id": row.match_id})
        )
        assert row.creator_name in page


def test_a_campaign_of_every_status_opens(admin_client):
    for status in CampaignStatus:
        (row,) = CampaignRepository().by_status(status, limit=1).items
        page = _opens(
            admin_client,
            reverse("admin:campaigns_campaign_detail", kwargs={"campaign_id": row.campaign_id}),
        )
        assert row.name in page
