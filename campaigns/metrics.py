"""Derived campaign figures, each with the formula the pages show beside it.

All money is whole KRW; ratios are Decimals rounded for display by the templates. A
figure whose inputs are unknown (None) or zero where it divides is None: "—", never 0.

- CPM = spend / views * 1,000
- cost per view = spend / views
- cost per engagement = spend / (likes + comments)
- cost per visit = spend / visits
- ROI = (revenue - spend) / spend
- EMV (an estimate) = views * value per view + engagements * value per engagement, with the
  values per platform from settings (CAMPAIGN_EMV_VALUES)
- cost per new review = spend / new visitor reviews since launch
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from campaigns.domain import Budget, Campaign, CampaignCreator, Figures


def _ratio(numerator, denominator) -> Decimal | None:
    if numerator is None or not denominator:
        return None
    return Decimal(numerator) / Decimal(denominator)


def engagements(figures: Figures) -> int | None:
    if figures.likes is None and figures.comments is None:
        return None
    return (figures.likes or 0) + (figures.comments or 0)


@dataclass(frozen=True)
class Derived:
    spend: int
    cpm: Decimal | None
    cost_per_view: Decimal | None
    cost_per_engagement: Decimal | None
    cost_per_visit: Decimal | None
    roi: Decimal | None
    emv: Decimal | None
    over_budget: bool


def derive(
    campaign: Campaign, figures: Figures | None = None, *, member: CampaignCreator | None = None
) -> Derived:
    """The derived figures of a campaign's totals (or of `figures`), spending the budget
    spent; of one `member`, their figures spending their fee and their EMV alone."""
    if member is not None:
        figures, spend, value = member.figures, member.fee, emv_of([member])
    else:
        figures = figures or campaign.performance.totals
        spend, value = campaign.budget.spent, emv(campaign)
    return derive_from(spend=spend, figures=figures, emv=value, budget=campaign.budget)


def derive_from(*, spend: int, figures: Figures, budget: Budget, emv: Decimal | None) -> Derived:
    """The derived figures of `figures` spending `spend` (what derive() and the campaign
    summaries of lists and reports both use, so they agree)."""
    views = figures.views
    return Derived(
        spend=spend,
        cpm=None if (cpv := _ratio(spend, views)) is None else cpv * 1000,
        cost_per_view=cpv,
        cost_per_engagement=_ratio(spend, engagements(figures)),
        cost_per_visit=_ratio(spend, figures.visits),
        roi=None if figures.revenue is None else _ratio(figures.revenue - spend, spend),
        emv=emv,
        over_budget=budget.over,
    )


def emv(campaign: Campaign) -> Decimal | None:
    """Earned media value, an estimate: per creator, views and engagements priced at the
    configured values of the creator's platform; None when no creator has figures."""
    return emv_of(campaign.creators)


def emv_of(members: list[CampaignCreator]) -> Decimal | None:
    values = settings.CAMPAIGN_EMV_VALUES
    total, known = Decimal(0), False
    for member in members:
        rates = values.get(member.platform or "", values["default"])
        figures = member.figures
        if figures.views is not None:
            total += Decimal(figures.views) * Decimal(str(rates["view"]))
            known = True
        if (count := engagements(figures)) is not None:
            total += Decimal(count) * Decimal(str(rates["engagement"]))
            known = True
    return total if known else None
