"""The campaigns table's access patterns (data-model.md §4), one named method each.

- campaign-status-index `STATUS#<status>` / `DATE#<startDate>`: campaigns by status, by start;
- campaign-store-index `STORE#<storeId>` / `DATE#<createdAt>`: a store's campaigns.
"""

import datetime as dt

from campaigns.domain import Campaign, CampaignRow, CampaignStatus
from marketing.dynamo import keys
from marketing.dynamo.pagination import Page
from marketing.dynamo.repository import Repository
from marketing.dynamo.tables import CAMPAIGNS

STATUS_INDEX = "campaign-status-index"
STORE_INDEX = "campaign-store-index"


def campaign_keys(item: Campaign) -> dict[str, str]:
    made = item.created_at or dt.datetime.now(dt.UTC)
    return {
        "PK": keys.campaign(item.campaign_id),
        "SK": keys.store(item.store_id),
        "GSI1PK": keys.status(item.status),
        "GSI1SK": keys.date(item.timeline.start_date),
        "GSI2PK": keys.store(item.store_id),
        "GSI2SK": keys.date(made),
    }


class CampaignRepository(Repository[Campaign]):
    spec = CAMPAIGNS
    model = Campaign

    def keys_for(self, item: Campaign) -> dict[str, str]:
        return campaign_keys(item)

    def find(self, campaign_id: str, *, consistent: bool = False) -> Campaign | None:
        """The campaign with this id (its partition holds it alone), or None."""
        page = self.query(
            partition_key_value=keys.campaign(campaign_id), limit=1, consistent=consistent
        )
        return page.items[0] if page.items else None

    def by_status(
        self, status: CampaignStatus | str, *, cursor=None, limit=25, newest_first=False
    ) -> Page[CampaignRow]:
        """Campaigns of a status ordered by start date (earliest first by default)."""
        return self.query(
            index=STATUS_INDEX,
            partition_key_value=keys.status(CampaignStatus(status)),
            into=CampaignRow,
            newest_first=newest_first,
            cursor=cursor,
            limit=limit,
        )

    def by_store(self, store_id: str, *, cursor=None, limit=25) -> Page[CampaignRow]:
        """A store's campaigns, newest first."""
        return self.query(
            index=STORE_INDEX,
            partition_key_value=keys.store(store_id),
            into=CampaignRow,
            newest_first=True,
            cursor=cursor,
            limit=limit,
        )
