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


def test_a_creators_figures_spend_their_fee_and_price_their_own_platform(settings):
    settings.CAMPAIGN_EMV_VALUES = {"default": {"view": 10, "engagement": 300}}
    member = CampaignCreator(
        creator_id="a",
        match_id="m1",
        creator_name="A",
        fee=200_000,
        figures=Figures(views=40_000, likes=900, comments=100, visits=50, revenue=500_000),
    )
    campaign = new_campaign(budget=Budget(total=1_000_000, spent=900_000))
    campaign.creators = [member]
    d = derive(campaign, member=member)
    assert d.spend == 200_000
    assert d.cpm == Decimal(5_000)  # 200,000 / 40,000 * 1,000
    assert d.cost_per_engagement == Decimal(200)  # 200,000 / 1,000
    assert d.cost_per_visit == Decimal(4_000)
    assert d.roi == Decimal("1.5")  # (500,000 - 200,000) / 200,000
    assert d.emv == Decimal(40_000 * 10 + 1_000 * 300)


def test_totals_are_the_sums_and_unknown_stays_unknown():
    import datetime as dt

    campaign = new_campaign()
    campaign.creators = [
        CampaignCreator(
            creator_id=c, match_id=c, creator_name=c, figures=Figures(views=v, revenue=r)
        )
        for c, v, r in (("a", 100, None), ("b", 250, None), ("c", None, None))
    ]
    totals = campaign.with_totals(dt.datetime.now(dt.UTC)).performance.totals
    assert (totals.views, totals.revenue, totals.likes) == (350, None, None)


def test_cost_per_new_review_and_keyword_shifts_by_hand():
    import datetime as dt

    from campaigns.attribution import growth
    from campaigns.domain import Checkpoint, KeywordCount, ReviewSnapshot

    at = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    base = ReviewSnapshot(
        taken_at=at,
        visitor_review_count=400,
        blog_review_count=70,
        keywords=[KeywordCount(label="맛있어요", count=100), KeywordCount(label="친절", count=50)],
    )
    point = Checkpoint(
        day=14,
        taken_at=at + dt.timedelta(days=15),
        visitor_review_count=448,
        blog_review_count=70,
        keywords=[KeywordCount(label="맛있어요", count=130), KeywordCount(label="주차", count=4)],
    )
    g = growth(base, point, spent=1_200_000)
    assert (g.new_visitor_reviews, g.new_blog_reviews) == (48, 0)
    assert g.cost_per_new_review == Decimal(25_000)  # 1,200,000 / 48
    # 친절 is no longer among the keywords the page lists: left out, not "-50".
    assert [(s.label, s.change) for s in g.keyword_shifts] == [("맛있어요", 30), ("주차", 4)]
    assert g.days_after_launch == 15
    fewer = growth(base, point.model_copy(update={"visitor_review_count": 390}), spent=1)
    assert fewer.new_visitor_reviews == -10 and fewer.cost_per_new_review is None
