"""The campaign report: which campaigns are in range, and the numbers of each and of all.

One selector feeds the `report` command, the dashboards' download buttons and the
campaign dashboard's figures table, so the numbers agree wherever they are read.

- In range: a campaign whose timeline overlaps [from, to] (start ≤ to and end ≥ from;
  either bound may be left open). Read per status from campaign-status-index with the
  start date ≤ `to` as key condition and the end date ≥ `from` as filter; `--store` reads
  campaign-store-index, `--campaign` the campaign itself. Never a scan.
- Order: start date, then name, then id.
- Per campaign: budget (total) and spent in whole KRW; views, engagements (likes +
  comments) and new visitor reviews since launch, None where not entered; CPM and cost
  per engagement in whole KRW (rounded half up), ROI as a ratio to 4 places (0.2512 is
  25.12 %), each None when its inputs are unknown (campaigns.metrics).
- Totals: sums of the known values; CPM over the campaigns whose views are known (their
  spend / their views * 1,000), ROI over those whose revenue is known, as the overview's.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from campaigns import dashboards_sources, metrics
from campaigns.domain import Campaign, CampaignError, CampaignStatus, money
from campaigns.repository import STATUS_INDEX, STORE_INDEX, CampaignRepository
from marketing.dynamo import errors, keys
from marketing.dynamo.client import ClientMode
from marketing.dynamo.expressions import SortKey

ROI_PLACES = Decimal("0.0001")


def roi_ratio(revenue: int | None, spend: int) -> Decimal | None:
    """(revenue - spend) / spend to 4 places; None without revenue or spend."""
    if revenue is None or not spend:
        return None
    return ((Decimal(revenue) - spend) / Decimal(spend)).quantize(ROI_PLACES, ROUND_HALF_UP)


def cpm(spend: int, views: int | None) -> int | None:
    if not views:
        return None
    return money(Decimal(spend) * 1000 / views)


@dataclass(frozen=True)
class ReportRange:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    store_id: str | None = None
    campaign_id: str | None = None

    def __post_init__(self):
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise CampaignError(_("The start of the range comes after its end."))
        for given, make_key in ((self.store_id, keys.store), (self.campaign_id, keys.campaign)):
            try:
                if given is not None:
                    make_key(given)
            except ValueError:
                raise CampaignError(
                    _("“%(id)s” is not an id: letters, digits, dots, dashes only.") % {"id": given}
                ) from None

    def covers(self, campaign: Campaign) -> bool:
        timeline = campaign.timeline
        return (self.date_to is None or timeline.start_date <= self.date_to) and (
            self.date_from is None or timeline.end_date >= self.date_from
        )


@dataclass(frozen=True)
class ReportRow:
    campaign_id: str
    store_id: str
    store_name: str
    name: str
    status: CampaignStatus
    budget: int
    spent: int
    views: int | None
    engagements: int | None
    new_visitor_reviews: int | None
    cpm: int | None
    cost_per_engagement: int | None
    roi: Decimal | None
    revenue: int | None  # for the totals' ROI; not a report column
    start_date: dt.date
    end_date: dt.date

    @property
    def roi_percent(self) -> Decimal | None:
        """ROI as the pages show it: the ratio times 100 (0.2512 → 25.12)."""
        return None if self.roi is None else self.roi * 100


def report_row(campaign: Campaign) -> ReportRow:
    totals = campaign.performance.totals
    derived = metrics.derive(campaign)
    return ReportRow(
        campaign_id=campaign.campaign_id,
        store_id=campaign.store_id,
        store_name=campaign.store_name,
        name=campaign.name,
        status=campaign.status,
        budget=campaign.budget.total,
        spent=campaign.budget.spent,
        views=totals.views,
        engagements=metrics.engagements(totals),
        new_visitor_reviews=dashboards_sources.new_visitor_reviews(
            dashboards_sources.review_checkpoints(campaign)
        ),
        cpm=cpm(campaign.budget.spent, totals.views),
        cost_per_engagement=money(derived.cost_per_engagement),
        roi=roi_ratio(totals.revenue, campaign.budget.spent),
        revenue=totals.revenue,
        start_date=campaign.timeline.start_date,
        end_date=campaign.timeline.end_date,
    )


@dataclass(frozen=True)
class ReportTotals:
    budget: int
    spent: int
    views: int | None
    engagements: int | None
    new_visitor_reviews: int | None
    cpm: int | None
    roi: Decimal | None


def _known_sum(values) -> int | None:
    known = [value for value in values if value is not None]
    return sum(known) if known else None


def report_totals(rows: list[ReportRow]) -> ReportTotals:
    with_views = [row for row in rows if row.views is not None]
    with_revenue = [row for row in rows if row.revenue is not None]
    return ReportTotals(
        budget=sum(row.budget for row in rows),
        spent=sum(row.spent for row in rows),
        views=_known_sum(row.views for row in rows),
        engagements=_known_sum(row.engagements for row in rows),
        new_visitor_reviews=_known_sum(row.new_visitor_reviews for row in rows),
        cpm=cpm(sum(row.spent for row in with_views), sum(row.views for row in with_views)),
        roi=roi_ratio(
            _known_sum(row.revenue for row in with_revenue),
            sum(row.spent for row in with_revenue),
        ),
    )


@dataclass(frozen=True)
class Report:
    range: ReportRange
    rows: list[ReportRow]
    totals: ReportTotals


class ReportRepository(CampaignRepository):
    """Whole campaigns (performance included) through the two indexes, page by page."""

    def started_by(self, status: CampaignStatus, date_to, date_from, *, cursor=None):
        return self.query(
            index=STATUS_INDEX,
            partition_key_value=keys.status(status),
            sk_condition=SortKey.lte(keys.date(date_to)) if date_to else None,
            filter=self.where(timeline__end_date__gte=date_from) if date_from else None,
            cursor=cursor,
            limit=100,
        )

    def of_store(self, store_id: str, *, cursor=None):
        return self.query(
            index=STORE_INDEX,
            partition_key_value=keys.store(store_id),
            cursor=cursor,
            limit=100,
        )


def _every_page(read) -> list[Campaign]:
    found, cursor = [], None
    while True:
        page = read(cursor)
        found += page.items
        if not page.next_cursor:
            return found
        cursor = page.next_cursor


def campaigns_in_range(wanted: ReportRange, *, mode: ClientMode = "interactive") -> list:
    """The campaigns of the report, in its order (NotFound for an unknown campaign id)."""
    repository = ReportRepository(mode=mode)
    if wanted.campaign_id:
        campaign = repository.find(wanted.campaign_id)
        if campaign is None:
            raise errors.NotFound(_("There is no campaign %(id)s.") % {"id": wanted.campaign_id})
        found = [campaign]
    elif wanted.store_id:
        found = _every_page(lambda cursor: repository.of_store(wanted.store_id, cursor=cursor))
    else:
        found = []
        for status in CampaignStatus:
            found += _every_page(
                lambda cursor, status=status: repository.started_by(
                    status, wanted.date_to, wanted.date_from, cursor=cursor
                )
            )
    kept = [
        c
        for c in found
        if wanted.covers(c) and (not wanted.store_id or c.store_id == wanted.store_id)
    ]
    return sorted(kept, key=lambda c: (c.timeline.start_date, c.name, c.campaign_id))


def campaign_report(wanted: ReportRange, *, mode: ClientMode = "interactive") -> Report:
    rows = [report_row(campaign) for campaign in campaigns_in_range(wanted, mode=mode)]
    return Report(range=wanted, rows=rows, totals=report_totals(rows))
