"""Erasure: no personal value left in any table, the do-not-contact entry kept."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from campaigns.domain import CampaignCreator
from creators import services as creator_services
from creators.domain import ActivityArea
from marketing.dynamo.client import get_client
from matches.domain import Communication, MatchStatus
from matches.outreach import do_not_contact
from matches.repository import MatchRepository
from tests.campaigns.factories import stored_campaign
from tests.matches.factories import stored_match

PERSONAL = ["김요리왕", "cook.kim", "cook@example.com", "010-9876-5432", "01098765432"]


@pytest.fixture(autouse=True)
def hmac_keys(settings):
    from matches.outreach.address_hmac import generate_key_spec

    settings.CONSOLE_CONTACT_HMAC_KEYS = generate_key_spec("h1")


def _scan_everything(dynamo_tables) -> str:
    client, items = get_client("batch"), []
    for table in dynamo_tables.values():
        request = {"TableName": table}
        while True:
            page = client.scan(**request)
            items += page["Items"]
            if "LastEvaluatedKey" not in page:
                break
            request["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    return json.dumps(items, ensure_ascii=False).casefold()


def _creator_everywhere(consume):
    from creators import crypto

    channel = creator_services.creator_add_manual(
        platform="instagram",
        channel_id="cook.kim",
        channel_name="김요리왕",
        contact={"email": "cook@example.com", "phone": "010-9876-5432"},
        area=ActivityArea(city="서울", districts=["송파구"]),
        actor="kim",
    )
    accepted = stored_match(
        store_id="s-1",
        creator_id=channel.creator_id,
        creator_name="김요리왕",
        status=MatchStatus.ACCEPTED,
        communication=Communication(
            email=crypto.encrypt("cook@example.com", creator_id=channel.creator_id, field="email")
        ),
    )
    stored_match(store_id="s-2", creator_id=channel.creator_id, creator_name="김요리왕")
    campaign = stored_campaign(store_id="s-1", creators=[accepted])
    from campaigns.repository import CampaignRepository

    member = CampaignCreator(
        **{
            **campaign.creators[0].model_dump(),
            "content_urls": ["https://www.instagram.com/p/cook.kim-reel/"],
        }
    )
    CampaignRepository().put(
        campaign.model_copy(update={"creators": [member]}),
        expected_version=campaign.version,
        actor="kim",
    )
    consume()
    return channel


def test_erase_creator_is_a_dry_run_by_default(dynamo_tables, consume):
    channel = _creator_everywhere(consume)
    out = StringIO()
    call_command("erase_creator", channel.creator_id, stdout=out)
    assert "dry run" in out.getvalue() and "matches to redact: 2" in out.getvalue()
    assert "김요리왕" not in out.getvalue()
    assert "김요리왕".casefold() in _scan_everything(dynamo_tables)


def test_erasure_leaves_no_personal_value_in_any_table_and_keeps_the_dnc_entry(
    dynamo_tables, consume
):
    channel = _creator_everywhere(consume)

    out = StringIO()
    call_command("erase_creator", channel.creator_id, "--for-real", stdout=out)
    consume()  # the erasure's own writes reach the audit trail too

    everything = _scan_everything(dynamo_tables)
    for value in PERSONAL:
        assert value.casefold() not in everything, value
    assert do_not_contact.address_blocked("cook@example.com") is not None
    matches = MatchRepository().by_creator(channel.creator_id).items
    assert len(matches) == 2 and {m.creator_name for m in matches} == {"[erased]"}
    # Running it again changes nothing more.
    call_command("erase_creator", channel.creator_id, "--for-real", stdout=StringIO())
    assert "channels to delete" not in out.getvalue() or "김요리왕" not in out.getvalue()
    assert "[erased]" in everything


def test_an_interrupted_erasure_is_resumed_by_running_it_again(dynamo_tables, consume, monkeypatch):
    from audit import erasure

    channel = _creator_everywhere(consume)

    def interrupted(*args, **kwargs):
        raise RuntimeError("power cut")

    monkeypatch.setattr(erasure, "_redact_audit", interrupted)
    with pytest.raises(RuntimeError):
        call_command("erase_creator", channel.creator_id, "--for-real", stdout=StringIO())
    monkeypatch.undo()
    call_command("erase_creator", channel.creator_id, "--for-real", stdout=StringIO())
    consume()

    everything = _scan_everything(dynamo_tables)
    for value in PERSONAL:
        assert value.casefold() not in everything, value


def test_an_unknown_creator_is_a_clear_error(dynamo_tables):
    with pytest.raises(CommandError, match="no creator"):
        call_command("erase_creator", "00000000-0000-4000-8000-000000000000", stdout=StringIO())
    with pytest.raises(CommandError, match="not a creator id"):
        call_command("erase_creator", "nope", stdout=StringIO())


def test_pages_show_an_erased_creator_as_erased_in_the_page_s_language(
    dynamo_tables, consume, client_as, settings
):
    from django.urls import reverse

    settings.LANGUAGE_CODE = "ko"

    channel = _creator_everywhere(consume)
    call_command("erase_creator", channel.creator_id, "--for-real", stdout=StringIO())
    match = MatchRepository().by_creator(channel.creator_id).items[0]
    page = reverse("admin:matches_match_detail", kwargs={"match_id": match.match_id})
    body = client_as("viewer").get(page).content.decode()
    assert "지워짐" in body and "[erased]" not in body


def test_an_expired_suggestion_awaiting_dynamodb_s_ttl_is_erased_too(dynamo_tables, consume):
    import time

    from tests.matches.factories import new_match

    channel = _creator_everywhere(consume)
    expired = new_match(store_id="s-9", creator_id=channel.creator_id, creator_name="김요리왕")
    expired = MatchRepository().create(
        expired.model_copy(update={"ttl": int(time.time()) - 3600}), actor="engine"
    )
    call_command("erase_creator", channel.creator_id, "--for-real", stdout=StringIO())
    raw = get_client("batch").get_item(
        TableName=dynamo_tables["matches"],
        Key=dict(
            zip(
                ("PK", "SK"),
                (
                    {"S": k}
                    for k in MatchRepository.key(
                        expired.store_id, expired.creator_id, expired.match_id
                    )
                ),
                strict=True,
            )
        ),
    )["Item"]
    assert raw["creatorName"] == {"S": "[erased]"}
