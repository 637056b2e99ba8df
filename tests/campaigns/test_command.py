"""`python manage.py campaign_transition CAMPAIGN_ID STATUS [--note] [--expect-version] [--json]`:
the same exit rules as match_transition."""

import io
import itertools
import json

import pytest
from django.core.management import CommandError, call_command

from campaigns.domain import TRANSITIONS, CampaignStatus
from campaigns.repository import CampaignRepository
from campaigns.services import campaign_transition
from matches.domain import MatchStatus
from matches.repository import MatchRepository
from tests.campaigns.factories import accepted_deals, new_campaign, stored_campaign
from tests.manage_process import run_manage

pytestmark = pytest.mark.usefixtures("dynamo_tables")


def run(*args) -> tuple[int, str]:
    """(exit status, stdout) of the command called in this process."""
    out = io.StringIO()
    try:
        call_command("campaign_transition", *args, stdout=out)
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    return 0, out.getvalue()


def test_every_legal_transition_exits_0_and_prints_the_campaign():
    legal = [(a, b) for a in CampaignStatus for b in TRANSITIONS[a]]
    assert len(legal) == 10
    for start, target in legal:
        campaign = stored_campaign(status=start)
        code, out = run(campaign.campaign_id, target.value, "--note", "사장님 요청", "--json")
        assert code == 0
        lines = out.splitlines()
        assert len(lines) == 1
        printed = json.loads(lines[0])
        assert printed["campaignId"] == campaign.campaign_id
        assert printed["status"] == target.value
        assert printed["version"] == campaign.version + 1
        assert printed["statusHistory"][-1] == {
            "from": start.value,
            "to": target.value,
            "at": printed["statusHistory"][-1]["at"],
            "by": "system:campaign_transition",
            "note": "사장님 요청",
        }
        assert printed["budget"] == {"total": 1_000_000, "spent": 0, "currency": "KRW"}


def test_every_illegal_transition_exits_1_with_a_reason_and_writes_nothing():
    illegal = [
        (a, b)
        for a, b in itertools.product(CampaignStatus, CampaignStatus)
        if b not in TRANSITIONS[a]
    ]
    assert len(illegal) == 26
    for start, target in illegal:
        campaign = stored_campaign(status=start)
        code, out = run(campaign.campaign_id, target.value, "--json")
        assert code == 1
        assert json.loads(out) == {
            "error": f"A campaign cannot go from “{start.label}” to “{target.label}”.",
            "campaignId": campaign.campaign_id,
        }
        with pytest.raises(CommandError, match="cannot go from"):
            call_command("campaign_transition", campaign.campaign_id, target.value)
        assert CampaignRepository().find(campaign.campaign_id).version == campaign.version


def test_a_stale_version_is_refused():
    campaign = stored_campaign()
    campaign_transition(campaign_id=campaign.campaign_id, to_status="SCHEDULED", actor="kim")
    code, out = run(campaign.campaign_id, "ACTIVE", "--expect-version", "1", "--json")
    assert code == 1
    assert json.loads(out)["error"] == (
        f"Campaign {campaign.campaign_id} is no longer at version 1: someone changed it; "
        "look at it again."
    )
    assert CampaignRepository().find(campaign.campaign_id).status is CampaignStatus.SCHEDULED
    code, _out = run(campaign.campaign_id, "active", "--expect-version", "2")
    assert code == 0


@pytest.mark.parametrize(
    "campaign_id", ["8d0f3c52-5b7e-4d7a-9a51-3f0c2b1d6e47", "not-an-id", "a#b"]
)
def test_an_unknown_campaign_is_refused(campaign_id):
    code, out = run(campaign_id, "SCHEDULED", "--json")
    assert code == 1
    assert json.loads(out) == {
        "error": f"There is no campaign {campaign_id}.",
        "campaignId": campaign_id,
    }
    with pytest.raises(CommandError, match="There is no campaign"):
        call_command("campaign_transition", campaign_id, "SCHEDULED")


def test_an_unknown_status_and_an_unsettled_match_are_refused_with_the_reason():
    campaign = stored_campaign()
    with pytest.raises(CommandError, match="“SHIPPED” is not a campaign status"):
        call_command("campaign_transition", campaign.campaign_id, "shipped")
    deal = accepted_deals(1, names=["김요리"])[0]
    MatchRepository().put(
        deal.model_copy(update={"status": MatchStatus.NEGOTIATING}),
        expected_version=deal.version,
        actor="t",
    )
    active = stored_campaign(status=CampaignStatus.ACTIVE, creators=[deal])
    code, out = run(active.campaign_id, "COMPLETED", "--json")
    assert code == 1 and "김요리" in json.loads(out)["error"]


def test_completing_completes_the_matches_and_says_what_changed():
    deals = accepted_deals(2)
    campaign = stored_campaign(status=CampaignStatus.PAUSED, creators=deals)
    out = io.StringIO()
    call_command("campaign_transition", campaign.campaign_id, "COMPLETED", stdout=out)
    assert out.getvalue().strip() == (
        f"Campaign {campaign.campaign_id}: Paused → Completed (version 2)."
    )
    for deal in deals:
        assert MatchRepository().find(deal.match_id).status is MatchStatus.COMPLETED


@pytest.mark.integration
def test_exit_codes_and_korean_from_a_real_process(live_dynamo):
    campaign = CampaignRepository().create(new_campaign(), actor="staff")
    env = {
        "DYNAMODB_ENDPOINT_URL": live_dynamo.endpoint_url,
        "DYNAMODB_TABLE_PREFIX": "live-",
    }
    moved = run_manage(
        "campaign_transition", campaign.campaign_id, "SCHEDULED", "--note", "예약", "--json", **env
    )
    assert moved.returncode == 0, moved.stderr
    assert json.loads(moved.stdout)["status"] == "SCHEDULED"
    refused = run_manage("campaign_transition", campaign.campaign_id, "COMPLETED", **env)
    assert refused.returncode == 1
    assert "캠페인" in refused.stderr and "Traceback" not in refused.stderr
