"""The campaigns table's access patterns (data-model.md §4), one named method each.

- campaign-status-index `STATUS#<status>` / `DATE#<startDate>`: campaigns by status, by start;
- campaign-store-index `STORE#<storeId>` / `DATE#<createdAt>`: a store's campaigns;
- `MATCH#<matchId>` / `CAMPAIGN` (no index keys): the campaign a match is in (MatchClaim).
"""

import datetime as dt
from collections.abc import Iterable

from pydantic import BaseModel

from campaigns.domain import Campaign, CampaignRow, CampaignStatus, MatchClaim
from marketing.dynamo import keys
from marketing.dynamo.expressions import SortKey
from marketing.dynamo.pagination import Page
from marketing.dynamo.repository import Repository
from marketing.dynamo.tables import CAMPAIGNS
from matches.domain import MatchRow, MatchStatus
from matches.repository import STORE_INDEX as MATCH_STORE_INDEX
from matches.repository import MatchRepository

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
        self,
        status: CampaignStatus | str,
        *,
        cursor=None,
        limit=25,
        newest_first=False,
        started_since: dt.date | None = None,
        into: type[BaseModel] = CampaignRow,
    ) -> Page:
        """Campaigns of a status ordered by start date (earliest first by default);
        `started_since` keeps those that start on or after that day; `into` a row model
        (CampaignRow for lists) projects what is read."""
        return self.query(
            index=STATUS_INDEX,
            partition_key_value=keys.status(CampaignStatus(status)),
            sk_condition=SortKey.gte(keys.date(started_since)) if started_since else None,
            into=into,
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


class ClaimRepository(Repository[MatchClaim]):
    """Which campaign each match is in: one item per match, keyed by the match."""

    spec = CAMPAIGNS
    model = MatchClaim

    def keys_for(self, item: MatchClaim) -> dict[str, str]:
        pk, sk = keys.campaign_claim(item.match_id)
        return {"PK": pk, "SK": sk}

    def claims_of(self, match_ids: Iterable[str]) -> dict[str, MatchClaim]:
        """{matchId: claim} for the matches that are in a campaign (one batch read)."""
        found = self.batch_get([keys.campaign_claim(m) for m in match_ids], consistent=True)
        return {claim.match_id: claim for claim in found}

    def release_action(self, claim: MatchClaim):
        """Delete the claim, if it is still this campaign's (version-checked)."""
        return self.delete_action(
            *keys.campaign_claim(claim.match_id),
            expected_version=claim.version,
            condition=self.where(campaign_id=claim.campaign_id),
        )


class StoreMatchRepository(MatchRepository):
    """The one match listing campaigns need that the matches app has no method for."""

    def accepted_of_store(self, store_id: str, *, limit: int = 100) -> list[MatchRow]:
        """A store's ACCEPTED matches, best score first (one query, filtered on status)."""
        return self.query(
            index=MATCH_STORE_INDEX,
            partition_key_value=keys.store(store_id),
            filter=self.where(status=MatchStatus.ACCEPTED.value),
            into=MatchRow,
            newest_first=True,
            limit=limit,
        ).items
