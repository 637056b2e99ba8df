"""The audit pages and the erasure action through the Django test client."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse

from audit.repository import AuditEntryRepository
from creators import services as creator_services
from matches.domain import MatchStatus
from matches.repository import MatchRepository
from tests.campaigns.factories import stored_campaign
from tests.matches.factories import stored_match

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dynamo_tables")]

STORE = "0f4a2c1e-0000-4000-8000-000000000001"
CREATOR = "0f4a2c1e-0000-4000-8000-0000000000c1"


def history_url(table, entity_id):
    return reverse("admin:audit_auditentry_history", args=[table, entity_id])


def test_audit_pages_are_for_admins_only(client_as, consume):
    match = stored_match(store_id=STORE, creator_id=CREATOR)
    consume()
    urls = [
        reverse("admin:audit_auditentry_changelist"),
        reverse("admin:audit_auditentry_changelist") + "?actor=engine",
        history_url("matches", match.match_id),
        reverse("admin:audit_auditentry_erase", args=[match.creator_id]),
    ]
    for role in ("viewer", "editor"):
        client = client_as(role)
        for address in urls:
            assert client.get(address).status_code == 403, (role, address)
        client.logout()
    assert Client().get(urls[0]).status_code == 302  # to the log-in page
    admin = client_as("admin")
    for address in urls[:3]:
        assert admin.get(address).status_code == 200, address


def test_by_day_by_actor_and_by_entity_newest_first(client_as, consume):
    match = stored_match(store_id=STORE)
    repository = MatchRepository()
    repository.update(
        *repository.key(match.store_id, match.creator_id, match.match_id),
        set={"priority": "high"},
        expected_version=match.version,
        actor="kim",
    )
    consume()
    admin = client_as("admin")

    today = BeautifulSoup(
        admin.get(reverse("admin:audit_auditentry_changelist")).content, "html.parser"
    )
    assert [row["data-event"] for row in today.select("tr.audit-entry")] == ["modify", "insert"]

    by_kim = admin.get(reverse("admin:audit_auditentry_changelist") + "?actor=kim")
    rows = BeautifulSoup(by_kim.content, "html.parser").select("tr.audit-entry")
    assert len(rows) == 1 and "normal" in rows[0].text and "high" in rows[0].text

    history = admin.get(history_url("matches", match.match_id))
    events = [
        r["data-event"]
        for r in BeautifulSoup(history.content, "html.parser").select("tr.audit-entry")
    ]
    assert events == ["modify", "insert"]


def test_values_are_escaped(client_as, consume):
    stored_match(store_id=STORE, creator_name='<script>alert("x")</script>')
    consume()
    page = client_as("admin").get(reverse("admin:audit_auditentry_changelist"))
    html = page.content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html


def test_a_deleted_matchs_history_stays_readable(client_as, consume):
    match = stored_match(store_id=STORE)
    repository = MatchRepository()
    repository.delete(
        *repository.key(match.store_id, match.creator_id, match.match_id),
        expected_version=match.version,
    )
    consume()
    page = client_as("admin").get(history_url("matches", match.match_id))
    events = [
        r["data-event"] for r in BeautifulSoup(page.content, "html.parser").select("tr.audit-entry")
    ]
    assert events == ["remove", "insert"]


def test_entity_pages_link_their_history_for_admins_only(client_as, consume):
    channel = creator_services.creator_add_manual(
        platform="tiktok", channel_id="dance.lee", channel_name="댄스", actor="kim"
    )
    match = stored_match(store_id=STORE, creator_id=channel.creator_id, status=MatchStatus.ACCEPTED)
    campaign = stored_campaign(store_id=STORE, creators=[match])
    pages = {
        "creators": (
            reverse("admin:creators_creator_detail", args=[channel.creator_id]),
            channel.creator_id,
        ),
        "matches": (reverse("admin:matches_match_detail", args=[match.match_id]), match.match_id),
        "campaigns": (
            reverse("admin:campaigns_campaign_detail", args=[campaign.campaign_id]),
            campaign.campaign_id,
        ),
    }
    admin = client_as("admin")
    for table, (address, entity_id) in pages.items():
        soup = BeautifulSoup(admin.get(address).content, "html.parser")
        link = soup.select_one("a.audit-history-link")
        assert link is not None and link["href"] == history_url(table, entity_id), table
    creator_page = BeautifulSoup(admin.get(pages["creators"][0]).content, "html.parser")
    assert creator_page.select_one("a.audit-erase-link") is not None
    admin.logout()
    viewer = client_as("viewer")
    for address, _entity in pages.values():
        assert b"audit-history-link" not in viewer.get(address).content


def test_the_erase_action_confirms_needs_csrf_and_erases(make_staff, consume):
    channel = creator_services.creator_add_manual(
        platform="instagram",
        channel_id="cook.kim",
        channel_name="김요리왕",
        contact={"email": "cook@example.com"},
        actor="kim",
    )
    consume()
    admin = make_staff("admin")
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)
    address = reverse("admin:audit_auditentry_erase", args=[channel.creator_id])

    confirm = client.get(address)
    assert confirm.status_code == 200
    assert (
        "channels to delete (with their area entries and owner links): 1"
        in confirm.content.decode()
    )
    assert client.post(address).status_code == 403  # no CSRF token
    assert creator_services.creator_contact(channel)  # nothing erased yet

    token = confirm.cookies["csrftoken"].value
    done = client.post(address, {"csrfmiddlewaretoken": token})
    assert done.status_code == 302
    assert done["Location"] == history_url("creators", channel.creator_id)
    from creators.repository import CreatorRepository

    assert CreatorRepository().channels_of(channel.creator_id) == []
    consume()
    entries = AuditEntryRepository().history("creators", f"CREATOR#{channel.creator_id}").items
    assert entries and all(entry.erased for entry in entries)
    page = client.get(history_url("creators", channel.creator_id)).content.decode()
    assert "김요리왕" not in page and "cook.kim" not in page
