"""Campaigns as staff would make them, for tests."""

import datetime as dt

from campaigns.domain import (
    Budget,
    Campaign,
    CampaignCreator,
    CampaignStatus,
    Timeline,
    new_campaign_id,
)
from campaigns.repository import CampaignRepository


def new_campaign(store_id="s-1", status=CampaignStatus.DRAFT, creators=(), **kw):
    start = kw.pop("start", dt.date(2026, 12, 1))
    return Campaign(
        campaign_id=kw.pop("campaign_id", new_campaign_id()),
        store_id=store_id,
        store_name=kw.pop("store_name", "연남 국밥집"),
        name=kw.pop("name", "겨울 체험단"),
        status=status,
        budget=kw.pop("budget", Budget(total=1_000_000)),
        timeline=Timeline(start_date=start, end_date=start + dt.timedelta(days=30)),
        creators=[
            CampaignCreator(
                creator_id=m.creator_id, match_id=m.match_id, creator_name=m.creator_name
            )
            for m in creators
        ],
        **kw,
    )


def stored_campaign(**kw) -> Campaign:
    return CampaignRepository().create(new_campaign(**kw), actor="staff")
