"""The campaign workflow: legal moves only, each one conditional write; completing a
campaign completes its ACCEPTED matches in the same transaction."""

import itertools

import pytest

from campaigns.domain import TRANSITIONS, CampaignError, CampaignStatus, IllegalCampaignTransition
from campaigns.repository import CampaignRepository
from campaigns.services import campaign_transition
from marketing.dynamo import errors
from matches.domain import MatchStatus
from matches.repository import MatchRepository
from tests.campaigns.factories import stored_campaign
from tests.matches.factories import stored_match

pytestmark = pytest.mark.usefixtures("dynamo_tables")


def test_every_legal_and_illegal_transition():
    pairs = list(itertools.product(CampaignStatus, CampaignStatus))
    for start, target in pairs:
        campaign = stored_campaign(status=start)
        if target in TRANSITIONS[start]:
            moved = campaign_transition(
                campaign_id=campaign.campaign_id, to_status=target, actor="kim"
            )
            assert moved.status is target and moved.version == campaign.version + 1
            assert moved.status_history[-1].to is target
        else:
            with pytest.raises(IllegalCampaignTransition):
                campaign_transition(campaign_id=campaign.campaign_id, to_status=target, actor="kim")
            assert CampaignRepository().find(campaign.campaign_id).version == campaign.version


def test_a_stale_page_never_overwrites():
    campaign = stored_campaign()
    campaign_transition(campaign_id=campaign.campaign_id, to_status="SCHEDULED", actor="lee")
    with pytest.raises(errors.ConcurrentModification):
        campaign_transition(
            campaign_id=campaign.campaign_id,
            to_status="CANCELLED",
            actor="kim",
            expected_version=campaign.version,
        )


def test_completing_completes_the_accepted_matches_in_the_same_write():
    deals = [stored_match(creator_id=f"c-{n}", status=MatchStatus.ACCEPTED) for n in range(3)]
    campaign = stored_campaign(status=CampaignStatus.ACTIVE, creators=deals)
    done = campaign_transition(campaign_id=campaign.campaign_id, to_status="COMPLETED", actor="kim")
    assert done.status is CampaignStatus.COMPLETED
    for deal in deals:
        assert MatchRepository().find(deal.match_id).status is MatchStatus.COMPLETED


def test_completing_refuses_while_a_match_is_not_accepted_and_writes_nothing():
    ok = stored_match(creator_id="c-ok", status=MatchStatus.ACCEPTED)
    late = stored_match(creator_id="c-late", status=MatchStatus.NEGOTIATING)
    campaign = stored_campaign(status=CampaignStatus.ACTIVE, creators=[ok, late])
    with pytest.raises(CampaignError, match="not accepted"):
        campaign_transition(campaign_id=campaign.campaign_id, to_status="COMPLETED", actor="kim")
    assert CampaignRepository().find(campaign.campaign_id).status is CampaignStatus.ACTIVE
    assert MatchRepository().find(ok.match_id).status is MatchStatus.ACCEPTED


def test_cancelling_leaves_the_matches_accepted():
    deal = stored_match(status=MatchStatus.ACCEPTED)
    campaign = stored_campaign(status=CampaignStatus.SCHEDULED, creators=[deal])
    campaign_transition(campaign_id=campaign.campaign_id, to_status="CANCELLED", actor="kim")
    assert MatchRepository().find(deal.match_id).status is MatchStatus.ACCEPTED
