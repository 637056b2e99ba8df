"""What a match's findings and score components say, in the reader's language.

The engine stores each strength or problem as a `Finding` (a code and its facts) and each
score component under a name. This module is the one table that turns them into words:
the engine registers every finding code it emits in FINDINGS and every component name in
COMPONENTS (tests/matches/test_findings.py checks each entry renders in Korean). A code
or component that is not registered is never shown raw: the page shows its facts instead.

Parameters are formatted by name: `platform`, `tier`, `category` and `region` codes become
their labels, numbers are grouped, anything else is shown as stored.
"""

from collections.abc import Callable
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from creators.domain import CATEGORIES, PLATFORM_LABELS, REGIONS, TIER_LABELS
from matches.domain import Finding

# code -> text with %(param)s placeholders for the finding's params. The matching engine
# (matches/engine/scoring.py) emits every one of them.
FINDINGS: dict[str, object] = {
    # location
    "same_district": _("Same district (%(district)s)"),
    "same_city": _("Same city (%(city)s)"),
    "same_province": _("Same province (%(region)s)"),
    "neighbouring_region": _("Neighbouring region (%(region)s)"),
    "nationwide": _("Works nationwide rather than locally"),
    "far_away": _("Based far from the store (%(region)s)"),
    "region_unknown": _("No region recorded for the creator"),
    "store_area_unknown": _("The store's district is unknown"),
    # category
    "category_main": _("Main category is %(category)s, as the store's"),
    "category_match": _("Covers %(category)s"),
    "category_mismatch": _("Does not cover %(category)s"),
    "category_unknown": _("No categories recorded for the creator"),
    "category_guessed": _(
        "The store's category “%(naver)s” is not in the category map; %(category)s was guessed"
    ),
    # audience and engagement
    "audience_fits_price": _("Audience size suits the store's price level"),
    "audience_too_large": _("Audience larger than a store of this size usually needs"),
    "audience_too_small": _("Audience smaller than this store usually needs"),
    "audience_unknown": _("Audience size unknown"),
    "price_unknown": _("The store's price level is unknown"),
    "engagement_top": _("Engagement in the top %(top)s %% of %(tier)s %(platform)s creators"),
    "engagement_bottom": _(
        "Engagement in the bottom %(bottom)s %% of %(tier)s %(platform)s creators"
    ),
    "engagement_unknown": _("Engagement rate unknown"),
    "few_peers": _("Only %(count)s %(tier)s %(platform)s creators to compare engagement with"),
    # data quality
    "subscribers_rounded": _("Subscriber count rounded by YouTube"),
    "tier_uncertain": _("The rounded count may put the creator in another tier"),
    "subscribers_hidden": _("Subscriber count hidden"),
    "hand_entered": _("Figures entered by hand %(days)s days ago"),
    "stale_data": _("Figures last synced %(days)s days ago"),
    "never_synced": _("Figures never synced"),
    # our own history with the creator
    "replies_reliably": _("Replied to %(replied)s of our %(contacted)s messages"),
    "rarely_replies": _("Replied to only %(replied)s of our %(contacted)s messages"),
    "slow_replies": _("Takes about %(days)s days to reply"),
    "deals_completed": _("%(count)s deals completed with us"),
    "declined_before": _("Earlier offers declined: %(count)s"),
}

# component name -> label (the keys of a match's scoreBreakdown).
COMPONENTS: dict[str, object] = {
    "category": _("Category fit"),
    "location": _("Location fit"),
    "audience": _("Audience size fit"),
    "engagement": _("Engagement among peers"),
    "platform": _("Platform fit"),
    "freshness": _("Data freshness"),
    "reliability": _("Reliability from our history"),
}

# Parameter names shown in the fallback (a code the table does not know).
PARAM_LABELS: dict[str, object] = {
    "days": _("days"),
    "count": _("count"),
    "top": _("top percent"),
    "bottom": _("bottom percent"),
    "district": _("district"),
    "city": _("city"),
    "region": _("region"),
    "category": _("category"),
    "platform": _("platform"),
    "tier": _("tier"),
    "naver": _("Naver category"),
    "replied": _("replied"),
    "contacted": _("contacted"),
}

UNKNOWN_COMPONENT = _("Other part of the score")


def _label_from(table) -> Callable[[str], str]:
    return lambda value: str(table.get(value, value))


PARAM_FORMATS: dict[str, Callable[[str], str]] = {
    "platform": _label_from(PLATFORM_LABELS),
    "tier": _label_from(TIER_LABELS),
    "category": _label_from(CATEGORIES),
    "region": _label_from(REGIONS),
}


def describe(finding: Finding) -> str:
    """The finding in words; its facts when the code is unknown or its params don't fit."""
    params = {name: param_text(name, value) for name, value in finding.params.items()}
    text = FINDINGS.get(finding.code)
    if text is not None:
        try:
            return str(text) % params
        except (KeyError, ValueError, TypeError):
            pass  # the engine's params and the text disagree: show the facts instead
    return _facts(params)


def component_label(name: str) -> str:
    return str(COMPONENTS.get(name, UNKNOWN_COMPONENT))


def param_text(name: str, value) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | Decimal):
        return number_format(value, force_grouping=True)
    formatter = PARAM_FORMATS.get(name)
    return formatter(str(value)) if formatter else str(value)


def _facts(params: dict[str, str]) -> str:
    if not params:
        return str(_("A further detail the scoring noted"))
    facts = ", ".join(
        f"{PARAM_LABELS.get(name, name.replace('_', ' '))}: {value}"
        for name, value in params.items()
    )
    return str(_("Further detail: %(facts)s")) % {"facts": facts}
