"""Data for the dashboard tests, written the way the services write it: every create in
one transaction with the counters it moves (matches.aggregates, campaigns.aggregates)."""

import datetime as dt

from campaigns import aggregates as campaign_counters
from campaigns.domain import CampaignCreator, Figures, Performance
from campaigns.repository import CampaignRepository
from matches.aggregates import create_counted
from matches.domain import MatchStatus, StatusChange
from matches.repository import MatchRepository
from tests.campaigns.factories import new_campaign
from tests.matches.factories import new_match


def counted_match(**kw):
    """A match created with its counters; a REJECTED one by default rejected after contact."""
    status = kw.get("status", MatchStatus.PENDING)
    if status is MatchStatus.REJECTED and "status_history" not in kw:
        at = dt.datetime.now(dt.UTC)
        kw["status_history"] = [
            StatusChange(from_status=MatchStatus.NEGOTIATING, to=status, at=at, by="t")
        ]
    return create_counted(MatchRepository(), new_match(**kw), actor="engine")


def counted_campaign(*, views=None, likes=None, comments=None, revenue=None, **kw):
    campaign = new_campaign(**kw)
    totals = Figures(views=views, likes=likes, comments=comments, revenue=revenue)
    campaign = campaign.model_copy(
        update={"performance": Performance(totals=totals, updated_at=dt.datetime.now(dt.UTC))}
    )
    repository = CampaignRepository()
    create = repository.create_action(campaign, actor="staff")
    repository.apply([create, *campaign_counters.shift_actions(None, create.item, actor="staff")])
    return create.item


def member(match, *, fee=0, **figures) -> CampaignCreator:
    return CampaignCreator(
        creator_id=match.creator_id,
        match_id=match.match_id,
        creator_name=match.creator_name,
        fee=fee,
        figures=Figures(**figures),
    )
