"""The overview (the console's index page): every figure from maintained counters.

No figure counts the data: each reads counters kept in the same write as the change it
counts (matches/campaigns/stores/creators `aggregates`), in a fixed number of requests
whatever the data size (tests/test_page_calls.py counts them):

- the match funnel and success rate: the `STAGE#` counters and the live `PENDING#` days;
- the follow-up queue: CONTACTED less the hours contacted since the cut-off;
- the scrape cache hit rate: the stores' hit and miss counters;
- data freshness: stores scraped within 7 days, creator channels synced within a day,
  from the hour counters since the cut-off and the totals;
- campaigns per status with budget, spend and ROI.

Each figure carries `updated_at`: when one of its counters last changed (None: never).
"""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from campaigns import aggregates as campaign_counters
from campaigns.dashboards import count_text
from campaigns.dashboards_charts import BarChart, Datum
from campaigns.domain import CampaignStatus
from campaigns.reports import roi_ratio
from creators import aggregates as creator_counters
from marketing.dynamo.counters import RANGE_END, hour_key
from marketing.dynamo.serde import utcnow
from matches import aggregates as match_counters
from matches.domain import SEOUL, STATUS_LABELS, MatchStatus
from stores import aggregates as store_counters
from stores.repository import CacheStatsRepository

SUCCESS_TARGET = 60  # percent of decided matches that became deals
CACHE_TARGET = 80  # percent of scrape requests answered from the 7-day cache
STORE_FRESH_DAYS = 7
CREATOR_FRESH_HOURS = 24
FUNNEL = (
    MatchStatus.PENDING,
    MatchStatus.CONTACTED,
    MatchStatus.RESPONDED,
    MatchStatus.NEGOTIATING,
    MatchStatus.ACCEPTED,
    MatchStatus.COMPLETED,
    MatchStatus.REJECTED,
)
DISMISSED_LABEL = _("Dismissed suggestions")


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _newest(items) -> dt.datetime | None:
    moments = [item.updated_at for item in items if item.updated_at is not None]
    return max(moments) if moments else None


@dataclass(frozen=True)
class Rate:
    """part / whole as a percent (None when whole is 0), against an optional target."""

    part: int
    whole: int
    target: int | None = None
    updated_at: dt.datetime | None = None

    @property
    def percent(self) -> Decimal | None:
        return percent(self.part, self.whole)

    @property
    def meets_target(self) -> bool | None:
        if self.target is None or self.percent is None:
            return None
        return self.percent > self.target


@dataclass(frozen=True)
class Stage:
    key: str  # the status code, or DISMISSED
    label: str
    count: int


@dataclass(frozen=True)
class MatchFigures:
    stages: list[Stage]
    success: Rate
    in_progress: int  # contacted, responded or negotiating: not decided yet
    follow_up: int
    follow_up_days: int
    updated_at: dt.datetime | None


@dataclass(frozen=True)
class StatusTotals:
    status: CampaignStatus
    count: int
    budget: int
    spent: int


@dataclass(frozen=True)
class CampaignFigures:
    by_status: list[StatusTotals]
    active: int
    paused: int
    budget: int
    spent: int
    roi: Decimal | None  # a ratio, as in the report
    updated_at: dt.datetime | None

    @property
    def roi_percent(self) -> Decimal | None:
        return None if self.roi is None else self.roi * 100


@dataclass(frozen=True)
class Overview:
    read_at: dt.datetime
    matches: MatchFigures
    cache: Rate
    cache_since: dt.datetime | None
    stores_fresh: Rate
    creators_fresh: Rate
    campaigns: CampaignFigures


def match_figures(now: dt.datetime) -> MatchFigures:
    # One Query: the keys sort CONTACTED#<hour> < PENDING#<day> < STAGE#<stage>, so the
    # contacts since the cut-off, the suggestions' expiry days and the stages lie in one
    # range. Expiry days already past (until TTL removes them) are left out here.
    cutoff = now - dt.timedelta(days=settings.MATCH_FOLLOW_UP_DAYS)
    counters = match_counters.MatchCounterRepository().read_between(
        match_counters.contacted_hour_key(cutoff), match_counters.STAGE + RANGE_END
    )
    today = match_counters.pending_day_key(now.astimezone(SEOUL).date())
    stages = [item for item in counters if item.counter.startswith(match_counters.STAGE)]
    pending_days = [
        item
        for item in counters
        if item.counter.startswith(match_counters.PENDING_DAY) and item.counter >= today
    ]
    recent_contacts = [
        item for item in counters if item.counter.startswith(match_counters.CONTACTED_HOUR)
    ]
    counts = {item.counter.removeprefix(match_counters.STAGE): item.count for item in stages}
    counts[MatchStatus.PENDING.value] = counts.get(MatchStatus.PENDING.value, 0) + sum(
        item.count for item in pending_days
    )
    shown = [Stage(s.value, str(STATUS_LABELS[s]), counts.get(s.value, 0)) for s in FUNNEL]
    dismissed = counts.get(match_counters.DISMISSED, 0)
    shown.append(Stage(match_counters.DISMISSED, str(DISMISSED_LABEL), dismissed))
    deals = counts.get(MatchStatus.ACCEPTED.value, 0) + counts.get(MatchStatus.COMPLETED.value, 0)
    decided = deals + counts.get(MatchStatus.REJECTED.value, 0)
    updated_at = _newest([*stages, *pending_days, *recent_contacts])
    contacted = counts.get(MatchStatus.CONTACTED.value, 0)
    return MatchFigures(
        stages=shown,
        success=Rate(deals, decided, SUCCESS_TARGET, updated_at),
        in_progress=sum(
            counts.get(s.value, 0)
            for s in (MatchStatus.CONTACTED, MatchStatus.RESPONDED, MatchStatus.NEGOTIATING)
        ),
        follow_up=max(contacted - sum(item.count for item in recent_contacts), 0),
        follow_up_days=settings.MATCH_FOLLOW_UP_DAYS,
        updated_at=updated_at,
    )


def _freshness(repository, prefix: str, cutoff: dt.datetime, total_key: str) -> Rate:
    # One Query: `<prefix><hour>` keys sort before TOTAL, and nothing else lies between.
    counters = repository.read_between(hour_key(prefix, cutoff), total_key)
    recent = [item for item in counters if item.counter.startswith(prefix)]
    total = next((item for item in counters if item.counter == total_key), None)
    fresh = sum(item.count for item in recent)
    whole = total.count if total else 0
    return Rate(min(fresh, whole), whole, None, _newest([*recent, *([total] if total else [])]))


def campaign_figures() -> CampaignFigures:
    totals = campaign_counters.CampaignCounterRepository().read_prefix(campaign_counters.STATUS)
    by_status = {item.status: item for item in totals}
    rows = [
        StatusTotals(
            status=status,
            count=by_status[status].count if status in by_status else 0,
            budget=by_status[status].budget if status in by_status else 0,
            spent=by_status[status].spent if status in by_status else 0,
        )
        for status in CampaignStatus
    ]
    revenue = sum(item.revenue for item in totals)
    revenue_spent = sum(item.revenue_spent for item in totals)
    known_revenue = any(item.revenue or item.revenue_spent for item in totals)
    return CampaignFigures(
        by_status=rows,
        active=next(r.count for r in rows if r.status is CampaignStatus.ACTIVE),
        paused=next(r.count for r in rows if r.status is CampaignStatus.PAUSED),
        budget=sum(r.budget for r in rows),
        spent=sum(r.spent for r in rows),
        roi=roi_ratio(revenue if known_revenue else None, revenue_spent),
        updated_at=_newest(totals),
    )


def overview(*, now: dt.datetime | None = None) -> Overview:
    """Every figure of the index page (a fixed number of requests)."""
    now = now or utcnow()
    cache = CacheStatsRepository().current()
    return Overview(
        read_at=now,
        matches=match_figures(now),
        cache=Rate(cache.hits, cache.hits + cache.misses, CACHE_TARGET, cache.updated_at),
        cache_since=cache.created_at,
        stores_fresh=_freshness(
            store_counters.StoreCounterRepository(),
            store_counters.SCRAPED,
            now - dt.timedelta(days=STORE_FRESH_DAYS),
            store_counters.TOTAL,
        ),
        creators_fresh=_freshness(
            creator_counters.CreatorCounterRepository(),
            creator_counters.SYNCED,
            now - dt.timedelta(hours=CREATOR_FRESH_HOURS),
            creator_counters.TOTAL,
        ),
        campaigns=campaign_figures(),
    )


def funnel_chart(figures: MatchFigures) -> BarChart:
    return BarChart(
        chart_id="chart-funnel",
        title=str(_("Match funnel")),
        category_label=str(_("Status")),
        value_label=str(_("Matches")),
        data=[
            Datum(f"stage-{s.key.lower()}", s.label, s.count, count_text(s.count))
            for s in figures.stages
        ],
    )


def campaigns_chart(figures: CampaignFigures) -> BarChart:
    return BarChart(
        chart_id="chart-campaign-status",
        title=str(_("Campaigns by status")),
        category_label=str(_("Status")),
        value_label=str(_("Campaigns")),
        data=[
            Datum(
                f"campaigns-{row.status.value.lower()}",
                str(row.status.label),
                row.count,
                count_text(row.count),
            )
            for row in figures.by_status
        ],
    )
