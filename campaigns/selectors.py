"""Reads for the campaign pages (and the dashboards and reports: the same numbers).

Lists are one index query each (campaign-status-index by start date, campaign-store-index
for a store), a campaign's page one consistent read; nothing scans. `campaign_figures`
turns a stored Campaign into everything a page, a chart or a report shows of it, so they
cannot disagree.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from campaigns import attribution, metrics
from campaigns.attribution import Growth
from campaigns.domain import (
    Campaign,
    CampaignCreator,
    CampaignRow,
    CampaignStatus,
    CampaignSummaryRow,
    ContentCheck,
    Disclosure,
    MatchClaim,
)
from campaigns.metrics import Derived
from campaigns.repository import CampaignRepository, ClaimRepository, StoreMatchRepository
from marketing.dynamo.pagination import Page
from matches.domain import SEOUL, MatchRow, MatchStatus
from matches.repository import MatchRepository

PAGE_SIZE = 25
PANEL_SIZE = 10  # campaigns shown on a store's page
ACCEPTED_READ_LIMIT = 500  # accepted matches listed on "New campaign" (stores to pick)


def campaign_list(
    *, status: CampaignStatus, cursor: str | None = None, limit: int = PAGE_SIZE
) -> Page[CampaignRow]:
    """A status's campaigns, earliest start first (one query)."""
    return CampaignRepository().by_status(status, cursor=cursor, limit=limit)


def store_campaigns(
    *, store_id: str, cursor: str | None = None, limit: int = PANEL_SIZE
) -> Page[CampaignRow]:
    """A store's campaigns, newest first (one query)."""
    return CampaignRepository().by_store(store_id, cursor=cursor, limit=limit)


@dataclass(frozen=True)
class CampaignSummary:
    """One campaign's headline numbers, from an index query (no per-campaign read): what an
    overview or a report line shows. The same functions as the campaign page compute them."""

    row: CampaignSummaryRow
    derived: Derived  # against the budget spent; no EMV (that needs the creators)
    engagements: int | None
    new_visitor_reviews: int | None  # at the latest checkpoint


def summarize(row: CampaignSummaryRow) -> CampaignSummary:
    totals = row.performance.totals
    growth = attribution.growth_since_launch(row.attribution, spent=row.budget.spent)
    return CampaignSummary(
        row=row,
        derived=metrics.derive_from(
            spend=row.budget.spent, figures=totals, budget=row.budget, emv=None
        ),
        engagements=metrics.engagements(totals),
        new_visitor_reviews=growth[-1].new_visitor_reviews if growth else None,
    )


def campaign_summaries(
    *,
    status: CampaignStatus,
    started_since: dt.date | None = None,
    cursor: str | None = None,
    limit: int = 100,
) -> Page[CampaignSummary]:
    """A status's campaigns with their numbers, earliest start first (one query a page)."""
    page = CampaignRepository().by_status(
        status, cursor=cursor, limit=limit, started_since=started_since, into=CampaignSummaryRow
    )
    return Page(items=[summarize(row) for row in page.items], next_cursor=page.next_cursor)


# --- one campaign -------------------------------------------------------------------------


@dataclass(frozen=True)
class ContentLine:
    url: str
    check: ContentCheck


@dataclass(frozen=True)
class CreatorLine:
    """One creator of a campaign as the page, the dashboard and reports show them."""

    member: CampaignCreator
    derived: Derived  # their figures against their fee
    engagements: int | None
    contents: list[ContentLine]

    @property
    def disclosure(self) -> Disclosure:
        return self.member.disclosure


@dataclass(frozen=True)
class BudgetBurn:
    """Spend against the timeline: how much of the budget and of the days are gone."""

    total: int
    spent: int
    fees: int  # the creators' fees added up
    days: int  # in the timeline, both ends counted
    days_gone: int  # up to today (Asia/Seoul), within 0..days
    today: dt.date

    @property
    def spent_share(self) -> Decimal | None:
        return Decimal(self.spent) / Decimal(self.total) if self.total else None

    @property
    def time_share(self) -> Decimal:
        return Decimal(self.days_gone) / Decimal(self.days) if self.days else Decimal(0)


@dataclass(frozen=True)
class DisclosureSummary:
    compliant: list[CampaignCreator] = field(default_factory=list)
    not_compliant: list[CampaignCreator] = field(default_factory=list)
    unchecked: list[CampaignCreator] = field(default_factory=list)


@dataclass(frozen=True)
class CampaignFigures:
    campaign: Campaign
    derived: Derived  # the totals against the budget spent
    engagements: int | None
    creators: list[CreatorLine]
    burn: BudgetBurn
    growth: list[Growth]  # one per recorded checkpoint (+14, +30), day order
    disclosure: DisclosureSummary

    @property
    def latest_growth(self) -> Growth | None:
        return self.growth[-1] if self.growth else None

    @property
    def new_visitor_reviews(self) -> int | None:
        latest = self.latest_growth
        return latest.new_visitor_reviews if latest else None


def today_in_seoul() -> dt.date:
    return dt.datetime.now(SEOUL).date()


def campaign_figures(campaign: Campaign, *, today: dt.date | None = None) -> CampaignFigures:
    """Every number shown of a campaign, from the stored campaign alone (no reads)."""
    today = today or today_in_seoul()
    lines = [
        CreatorLine(
            member=member,
            derived=metrics.derive(campaign, member=member),
            engagements=metrics.engagements(member.figures),
            contents=[
                ContentLine(url=url, check=member.content_for(url) or ContentCheck(url=url))
                for url in member.content_urls
            ],
        )
        for member in campaign.creators
    ]
    timeline = campaign.timeline
    days = (timeline.end_date - timeline.start_date).days + 1
    gone = min(max((today - timeline.start_date).days + 1, 0), days)
    by_state = {d: [m for m in campaign.creators if m.disclosure is d] for d in Disclosure}
    return CampaignFigures(
        campaign=campaign,
        derived=metrics.derive(campaign),
        engagements=metrics.engagements(campaign.performance.totals),
        creators=lines,
        burn=BudgetBurn(
            total=campaign.budget.total,
            spent=campaign.budget.spent,
            fees=sum(m.fee for m in campaign.creators),
            days=days,
            days_gone=gone,
            today=today,
        ),
        growth=attribution.growth_since_launch(campaign.attribution, spent=campaign.budget.spent),
        disclosure=DisclosureSummary(
            compliant=by_state[Disclosure.DISCLOSED],
            not_compliant=by_state[Disclosure.MISSING],
            unchecked=by_state[Disclosure.UNCHECKED],
        ),
    )


def campaign(*, campaign_id: str) -> Campaign | None:
    """The campaign as stored now (consistent read), or None."""
    return CampaignRepository().find(campaign_id, consistent=True)


def campaign_detail(*, campaign_id: str) -> CampaignFigures | None:
    """The campaign as stored now (a consistent read, so a page right after a change shows
    it) with its figures; None when there is no such campaign."""
    found = campaign(campaign_id=campaign_id)
    return campaign_figures(found) if found is not None else None


# --- making a campaign --------------------------------------------------------------------


@dataclass(frozen=True)
class StoreWithDeals:
    store_id: str
    store_name: str
    accepted: int


def stores_with_accepted_matches() -> list[StoreWithDeals]:
    """Stores that have ACCEPTED matches (the status queue, a few pages at most)."""
    repository = MatchRepository()
    stores: dict[str, StoreWithDeals] = {}
    cursor, read = None, 0
    while read < ACCEPTED_READ_LIMIT:
        page = repository.by_status(MatchStatus.ACCEPTED, cursor=cursor, limit=100)
        for row in page.items:
            known = stores.get(row.store_id)
            stores[row.store_id] = StoreWithDeals(
                row.store_id, row.store_name, (known.accepted if known else 0) + 1
            )
        read += len(page.items)
        cursor = page.next_cursor
        if not cursor:
            break
    return sorted(stores.values(), key=lambda s: s.store_name)


@dataclass(frozen=True)
class Candidate:
    """An ACCEPTED match of the store, and the unfinished campaign holding it, if any."""

    match: MatchRow
    claim: MatchClaim | None


def accepted_matches(*, store_id: str) -> list[Candidate]:
    """The store's ACCEPTED matches (one query) and their claims (one batch read)."""
    rows = StoreMatchRepository().accepted_of_store(store_id)
    claims = ClaimRepository().claims_of([row.match_id for row in rows]) if rows else {}
    return [Candidate(match=row, claim=claims.get(row.match_id)) for row in rows]
