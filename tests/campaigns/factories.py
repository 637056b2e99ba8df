"""Campaigns as staff would make them, for tests."""

import datetime as dt
import uuid

from campaigns.domain import (
    Budget,
    Campaign,
    CampaignCreator,
    CampaignStatus,
    Timeline,
    new_campaign_id,
)
from campaigns.repository import CampaignRepository
from matches.domain import MatchStatus
from tests.matches.factories import stored_match

STORE = "5703e000-0000-4000-8000-00000000ca11"


def new_campaign(store_id="s-1", status=CampaignStatus.DRAFT, creators=(), **kw):
    start = kw.pop("start", dt.date(2026, 12, 1))
    members = kw.pop("members", {})
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
                creator_id=m.creator_id,
                match_id=m.match_id,
                creator_name=m.creator_name,
                **members.get(m.creator_id, {}),
            )
            for m in creators
        ],
        **kw,
    )


def stored_campaign(**kw) -> Campaign:
    return CampaignRepository().create(new_campaign(**kw), actor="staff")


def accepted_deals(count: int, store_id: str = STORE, names=None) -> list:
    """`count` ACCEPTED matches of the store, each with a creator of its own."""
    names = names or [f"크리에이터 {n}" for n in range(count)]
    return [
        stored_match(
            store_id=store_id,
            creator_id=str(uuid.uuid4()),
            creator_name=names[n],
            status=MatchStatus.ACCEPTED,
            score=90 - n,
        )
        for n in range(count)
    ]
