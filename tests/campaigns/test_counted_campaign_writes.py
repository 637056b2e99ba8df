"""Every campaign write the pages make moves the dashboard counters in its own transaction:
after a day of creating, editing, entering figures, importing, taking creators out and
completing, the counters are what a recount from the tables gives."""

import datetime as dt

import pytest

from campaigns.aggregates import CampaignCounterRepository
from campaigns.domain import CampaignStatus, CampaignType, Figures
from campaigns.services import (
    CampaignDetails,
    MemberInput,
    campaign_add_members,
    campaign_create,
    campaign_import_figures,
    campaign_record_figures,
    campaign_remove_member,
    campaign_transition,
    campaign_update_details,
)
from marketing.aggregates import aggregates_rebuild
from tests.campaigns.factories import STORE, accepted_deals

pytestmark = pytest.mark.usefixtures("dynamo_tables")


def _details(**kw):
    values = {
        "name": "겨울 체험단",
        "campaign_type": CampaignType.VISIT_REVIEW,
        "budget_total": 1_000_000,
        "budget_spent": 0,
        "start_date": dt.date(2026, 12, 1),
        "end_date": dt.date(2026, 12, 31),
    }
    return CampaignDetails(**{**values, **kw})


def _differences():
    return [(r.table, r.changed) for r in aggregates_rebuild(for_real=False) if r.changed]


def _totals(status):
    return CampaignCounterRepository().read_one("STATUS#" + status.value)


def test_a_campaign_s_life_on_its_pages_keeps_the_counters_right():
    deals = accepted_deals(3)
    aggregates_rebuild(for_real=True)  # the test's deals were written without counters
    campaign = campaign_create(
        store_id=STORE, details=_details(), members=[MemberInput(deals[0].match_id)], actor="kim"
    )
    assert _totals(CampaignStatus.DRAFT).count == 1
    campaign = campaign_add_members(
        campaign_id=campaign.campaign_id,
        members=[MemberInput(deals[1].match_id), MemberInput(deals[2].match_id)],
        expected_version=campaign.version,
        actor="kim",
    )
    campaign = campaign_update_details(
        campaign_id=campaign.campaign_id,
        details=_details(budget_total=2_000_000, budget_spent=500_000),
        expected_version=campaign.version,
        actor="kim",
    )
    assert (_totals(CampaignStatus.DRAFT).budget, _totals(CampaignStatus.DRAFT).spent) == (
        2_000_000,
        500_000,
    )
    campaign = campaign_record_figures(
        campaign_id=campaign.campaign_id,
        creator_id=deals[0].creator_id,
        figures=Figures(views=10_000, revenue=800_000),
        expected_version=campaign.version,
        actor="kim",
    )
    assert _totals(CampaignStatus.DRAFT).revenue == 800_000
    csv_text = f"creator,views,revenue\n{deals[1].creator_id},2000,100000\n"
    campaign, _checked = campaign_import_figures(
        campaign_id=campaign.campaign_id,
        data=csv_text.encode(),
        expected_version=campaign.version,
        actor="kim",
    )
    assert _totals(CampaignStatus.DRAFT).revenue == 900_000
    campaign = campaign_remove_member(
        campaign_id=campaign.campaign_id,
        creator_id=deals[1].creator_id,
        expected_version=campaign.version,
        actor="kim",
    )
    assert _totals(CampaignStatus.DRAFT).revenue == 800_000
    assert _differences() == []
    for status in ("SCHEDULED", "ACTIVE", "COMPLETED"):
        campaign = campaign_transition(
            campaign_id=campaign.campaign_id, to_status=status, actor="kim"
        )
    assert _totals(CampaignStatus.DRAFT).count == 0
    assert _totals(CampaignStatus.COMPLETED).count == 1
    assert _differences() == []  # the completed matches moved in the funnel too
