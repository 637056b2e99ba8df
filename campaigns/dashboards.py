"""A campaign's dashboard: budget burn against the timeline, performance by creator,
review growth since launch and disclosure status, from the campaign item alone (one read).

Its figures table is the report's row for the campaign (campaigns.reports.report_row), so
the page and `report --campaign ID` say the same numbers.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from campaigns import dashboards_sources
from campaigns.dashboards_charts import BarChart, Datum, LineChart, Marker, Point, Series
from campaigns.dashboards_sources import Disclosure, DisclosureRow, ReviewCheckpoint
from campaigns.domain import Campaign, CampaignCreator, money
from campaigns.metrics import engagements
from campaigns.reports import ReportRow, report_row
from campaigns.repository import CampaignRepository
from marketing.templatetags.console_format import krw

SEOUL = ZoneInfo("Asia/Seoul")
REVIEW_HORIZON = dt.timedelta(days=30)  # the last follow-up comes 30 days after launch


def count_text(value: int | None) -> str:
    return "—" if value is None else number_format(value, force_grouping=True)


def percent_text(value: Decimal | None) -> str:
    return "—" if value is None else f"{number_format(value, 1, force_grouping=True)}%"


@dataclass(frozen=True)
class CreatorLine:
    key: str
    member: CampaignCreator
    engagements: int | None
    cost_per_engagement: int | None  # the creator's fee / its engagements


@dataclass(frozen=True)
class Burn:
    today: dt.date
    as_of: dt.date  # today, kept within the timeline
    elapsed_percent: Decimal
    planned_by_now: int  # a straight line from 0 at the start to the budget at the end
    spent_percent: Decimal | None
    remaining: int
    over_budget: bool


@dataclass(frozen=True)
class CampaignDashboard:
    campaign: Campaign
    figures: ReportRow
    burn: Burn
    burn_chart: LineChart
    creators: list[CreatorLine]
    creators_chart: BarChart
    checkpoints: list[ReviewCheckpoint]
    reviews_chart: LineChart | None
    cost_per_new_review: int | None
    disclosures: list[DisclosureRow]
    not_disclosed: int
    not_checked: int


def _burn(campaign: Campaign, today: dt.date) -> Burn:
    timeline, budget = campaign.timeline, campaign.budget
    span = max((timeline.end_date - timeline.start_date).days, 1)
    as_of = min(max(today, timeline.start_date), timeline.end_date)
    elapsed = Decimal((as_of - timeline.start_date).days) / span
    return Burn(
        today=today,
        as_of=as_of,
        elapsed_percent=(elapsed * 100).quantize(Decimal("0.1")),
        planned_by_now=money(budget.total * elapsed),
        spent_percent=(Decimal(budget.spent) * 100 / budget.total).quantize(Decimal("0.1"))
        if budget.total
        else None,
        remaining=budget.total - budget.spent,
        over_budget=budget.over,
    )


def _burn_chart(campaign: Campaign, burn: Burn) -> LineChart:
    timeline, budget = campaign.timeline, campaign.budget
    # Both lines start at 0 on the first day: the axis says so, the points stay unlabelled.
    planned = [
        Point("planned-start", timeline.start_date, 0, krw(0), labelled=False),
        Point("planned-now", burn.as_of, burn.planned_by_now, krw(burn.planned_by_now)),
        Point("planned-end", timeline.end_date, budget.total, krw(budget.total)),
    ]
    spent = [
        Point("spent-start", timeline.start_date, 0, krw(0), labelled=False),
        Point("spent-now", burn.as_of, budget.spent, krw(budget.spent)),
    ]
    if burn.as_of == timeline.start_date:
        planned, spent = [planned[0], planned[2]], [spent[1]]
    if burn.as_of == timeline.end_date:
        planned = [planned[0], planned[2]]
    markers = [Marker(m.date, m.name) for m in timeline.milestones]
    if timeline.start_date <= burn.today <= timeline.end_date:
        markers.append(Marker(burn.today, _("Today")))
    return LineChart(
        chart_id="chart-burn",
        title=_("Budget burn against the timeline"),
        x_label=_("Date"),
        y_label=_("Amount (KRW)"),
        series=[
            Series(_("Planned (even spending)"), planned, dashed=True),
            Series(_("Spent"), spent),
        ],
        start=timeline.start_date,
        end=timeline.end_date,
        markers=markers,
    )


def _creator_lines(campaign: Campaign) -> list[CreatorLine]:
    lines = []
    for number, member in enumerate(campaign.creators, start=1):
        count = engagements(member.figures)
        cost = money(Decimal(member.fee) / count) if count else None
        lines.append(CreatorLine(f"creator-{number}", member, count, cost))
    return lines


def _creators_chart(lines: list[CreatorLine]) -> BarChart:
    return BarChart(
        chart_id="chart-creators",
        title=_("Views by creator"),
        category_label=_("Creator"),
        value_label=_("Views"),
        data=[
            Datum(
                line.key,
                line.member.creator_name,
                line.member.figures.views,
                count_text(line.member.figures.views),
            )
            for line in lines
        ],
    )


def _reviews_chart(checkpoints: list[ReviewCheckpoint]) -> LineChart | None:
    if not checkpoints:
        return None
    days = [c.at.astimezone(SEOUL).date() for c in checkpoints]
    visitor = [
        Point(f"visitor-{n}", day, c.visitor_reviews, count_text(c.visitor_reviews))
        for n, (day, c) in enumerate(zip(days, checkpoints, strict=True))
    ]
    blog = [
        Point(f"blog-{n}", day, c.blog_reviews, count_text(c.blog_reviews))
        for n, (day, c) in enumerate(zip(days, checkpoints, strict=True))
    ]
    return LineChart(
        chart_id="chart-reviews",
        title=_("Naver reviews since launch"),
        x_label=_("Date"),
        y_label=_("Reviews"),
        series=[Series(_("Visitor reviews"), visitor), Series(_("Blog reviews"), blog)],
        start=days[0],
        end=max(days[-1], days[0] + REVIEW_HORIZON),
        markers=[Marker(days[0], _("Baseline"))],
    )


def campaign_dashboard(campaign_id: str, *, today: dt.date | None = None):
    """The dashboard of a campaign, or None when there is no such campaign."""
    campaign = CampaignRepository().find(str(campaign_id))
    if campaign is None:
        return None
    today = today or dt.datetime.now(SEOUL).date()
    figures = report_row(campaign)
    burn = _burn(campaign, today)
    lines = _creator_lines(campaign)
    checkpoints = dashboards_sources.review_checkpoints(campaign)
    disclosures = dashboards_sources.disclosure_rows(campaign)
    new_reviews = figures.new_visitor_reviews
    return CampaignDashboard(
        campaign=campaign,
        figures=figures,
        burn=burn,
        burn_chart=_burn_chart(campaign, burn),
        creators=lines,
        creators_chart=_creators_chart(lines),
        checkpoints=checkpoints,
        reviews_chart=_reviews_chart(checkpoints),
        cost_per_new_review=money(Decimal(campaign.budget.spent) / new_reviews)
        if new_reviews
        else None,
        disclosures=disclosures,
        not_disclosed=sum(1 for d in disclosures if d.state is Disclosure.NOT_DISCLOSED),
        not_checked=sum(1 for d in disclosures if d.state is Disclosure.NOT_CHECKED),
    )
