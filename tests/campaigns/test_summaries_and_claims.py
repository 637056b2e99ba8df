"""The numbers an overview or a report reads from the index agree with the campaign page's;
two staff putting the same match in two campaigns at once cannot both succeed."""

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from campaigns import selectors
from campaigns.domain import (
    Attribution,
    Budget,
    CampaignStatus,
    CampaignType,
    Checkpoint,
    Figures,
    ReviewSnapshot,
)
from campaigns.repository import CampaignRepository, ClaimRepository
from campaigns.services import CampaignDetails, MemberInput, campaign_create
from marketing.dynamo import errors
from tests.campaigns.factories import STORE, accepted_deals, stored_campaign

pytestmark = pytest.mark.usefixtures("dynamo_tables")

AT = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)


def test_summaries_from_the_status_index_equal_the_campaign_page():
    deals = accepted_deals(2)
    campaign = stored_campaign(
        status=CampaignStatus.ACTIVE,
        budget=Budget(total=1_000_000, spent=1_200_000),
        creators=deals,
        members={
            deals[0].creator_id: {"figures": Figures(views=40_000, likes=1_500, revenue=2_000_000)},
            deals[1].creator_id: {"figures": Figures(views=20_000, comments=900, visits=300)},
        },
        attribution=Attribution(
            baseline=ReviewSnapshot(taken_at=AT, visitor_review_count=400),
            checkpoints=[
                Checkpoint(day=14, taken_at=AT, visitor_review_count=430),
                Checkpoint(day=30, taken_at=AT, visitor_review_count=448),
            ],
        ),
    )
    repository = CampaignRepository()
    campaign = repository.put(
        campaign.with_totals(AT), expected_version=campaign.version, actor="t"
    )
    (summary,) = selectors.campaign_summaries(status=CampaignStatus.ACTIVE).items
    page = selectors.campaign_detail(campaign_id=campaign.campaign_id)
    assert summary.derived == dataclasses.replace(page.derived, emv=None)
    assert summary.engagements == page.engagements == 2_400
    assert summary.new_visitor_reviews == page.new_visitor_reviews == 48
    assert summary.derived.cpm == 20_000  # 1,200,000 / 60,000 * 1,000
    assert summary.derived.roi == Decimal(2_000_000 - 1_200_000) / Decimal(1_200_000)


def test_two_campaigns_claiming_the_same_match_at_once_cannot_both_succeed(monkeypatch):
    deal = accepted_deals(1)[0]
    details = CampaignDetails(
        name="A",
        campaign_type=CampaignType.VISIT_REVIEW,
        budget_total=100,
        budget_spent=0,
        start_date=dt.date(2026, 12, 1),
        end_date=dt.date(2026, 12, 2),
    )
    campaign_create(
        store_id=STORE, details=details, members=[MemberInput(deal.match_id)], actor="kim"
    )
    # The second one read the claims before the first one wrote its own.
    monkeypatch.setattr(ClaimRepository, "claims_of", lambda self, ids: {})
    with pytest.raises(errors.ConditionFailed):
        campaign_create(
            store_id=STORE,
            details=details,
            members=[MemberInput(deal.match_id)],
            actor="lee",
        )
    assert [row.name for row in CampaignRepository().by_store(STORE).items] == ["A"]
