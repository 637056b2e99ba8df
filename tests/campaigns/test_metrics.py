"""Derived figures on hand-computed examples."""

from decimal import Decimal

from campaigns.domain import Budget, CampaignCreator, Figures, Performance
from campaigns.metrics import derive, emv
from tests.campaigns.factories import new_campaign


def test_derived_figures_match_the_hand_computed_ones():
    campaign = new_campaign(
        budget=Budget(total=1_000_000, spent=1_200_000),
        performance=Performance(
            totals=Figures(views=60_000, likes=2_000, comments=400, visits=300, revenue=3_000_000)
        ),
    )
    d = derive(campaign)
    assert d.cpm == Decimal(20_000)  # 1,200,000 / 60,000 * 1,000
    assert d.cost_per_view == Decimal(20)
    assert d.cost_per_engagement == Decimal(500)  # 1,200,000 / 2,400
    assert d.cost_per_visit == Decimal(4000)
    assert d.roi == Decimal("1.5")  # (3,000,000 - 1,200,000) / 1,200,000
    assert d.over_budget is True


def test_unknown_or_zero_inputs_give_no_figure_rather_than_zero():
    d = derive(new_campaign(performance=Performance(totals=Figures(views=0))))
    assert (d.cpm, d.cost_per_engagement, d.cost_per_visit, d.roi, d.emv) == (None,) * 5


def test_emv_prices_each_creators_platform(settings):
    settings.CAMPAIGN_EMV_VALUES = {
        "youtube": {"view": 30, "engagement": 500},
        "default": {"view": 10, "engagement": 300},
    }
    campaign = new_campaign()
    campaign.creators = [
        CampaignCreator(
            creator_id="a",
            match_id="m1",
            creator_name="A",
            platform="youtube",
            figures=Figures(views=1000, likes=10, comments=0),
        ),
        CampaignCreator(
            creator_id="b",
            match_id="m2",
            creator_name="B",
            platform="tiktok",
            figures=Figures(views=500),
        ),
    ]
    assert emv(campaign) == Decimal(30_000 + 5_000 + 5_000)
