"""What a match's strengths and problems say, in the reader's language.

A match stores each finding as a code and its facts (matches.domain.Finding), never as
words, so a page shows it in whichever language the reader picked. FINDINGS is the one
table from codes to words; `render` fills in the facts, showing codes among them
(platform, tier, category, region) by their translated labels.
"""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from creators.domain import CATEGORIES, PLATFORM_LABELS, REGIONS, Platform

TIER_NAMES = {
    "nano": _("nano"),
    "micro": _("micro"),
    "mid": _("mid-tier"),
    "macro": _("macro"),
    "mega": _("mega"),
}

FINDINGS = {
    # --- the matching engine: strengths --------------------------------------------------
    "category_main": _("main category is %(category)s, as the store's"),
    "category_shared": _("also makes %(category)s content"),
    "same_district": _("same district (%(district)s)"),
    "same_city": _("same city (%(city)s)"),
    "same_province": _("same province (%(region)s)"),
    "neighbouring_region": _("neighbouring region (%(region)s)"),
    "audience_fits_spend": _(
        "audience size suits a store where one person spends about %(amount)s won"
    ),
    "engagement_top": _("engagement in the top %(percent)s %% of %(tier)s %(platform)s creators"),
    "replies_reliably": _("replied to %(replied)s of %(contacted)s of our messages"),
    "deals_completed": ngettext_lazy(
        "%(count)s deal completed with us", "%(count)s deals completed with us", "count"
    ),
    # --- the matching engine: problems ---------------------------------------------------
    "category_mismatch": _("makes %(category)s content, not %(store_category)s"),
    "category_unknown": _("no categories recorded for this creator"),
    "category_guessed": _("store category “%(naver)s” is not in the map; guessed %(category)s"),
    "other_region": _("based in another region (%(region)s)"),
    "region_unknown": _("no region recorded for this creator"),
    "store_area_unknown": _("the store's district is unknown"),
    "audience_too_small": _("audience of %(subscribers)s may be too small for this store"),
    "audience_too_large": _("audience of %(subscribers)s may be too large (and costly)"),
    "audience_unknown": _("audience size unknown"),
    "price_unknown": _("the store's price level is unknown"),
    "engagement_bottom": _(
        "engagement in the bottom %(percent)s %% of %(tier)s %(platform)s creators"
    ),
    "engagement_unknown": _("engagement rate unknown"),
    "few_peers": _("only %(count)s %(tier)s %(platform)s creators to compare engagement with"),
    "subscribers_rounded": _("subscriber count rounded by YouTube"),
    "tier_uncertain": _("the rounded count may put the creator in another tier"),
    "subscribers_hidden": _("subscriber count hidden by the creator"),
    "figures_by_hand": ngettext_lazy(
        "figures entered by hand %(days)s day ago",
        "figures entered by hand %(days)s days ago",
        "days",
    ),
    "figures_stale": ngettext_lazy(
        "figures last synced %(days)s day ago", "figures last synced %(days)s days ago", "days"
    ),
    "never_synced": _("figures never synced"),
    "rarely_replies": _("replied to only %(replied)s of %(contacted)s of our messages"),
    "slow_replies": _("takes about %(days)s days to reply"),
    "declined_before": ngettext_lazy(
        "declined an earlier offer", "declined %(count)s earlier offers", "count"
    ),
}


def _label(table: dict, value):
    return table.get(value, value)


# Facts that are codes, shown by their labels.
_PARAM_LABELS = {
    "category": CATEGORIES,
    "store_category": CATEGORIES,
    "region": REGIONS,
    "tier": TIER_NAMES,
    "platform": {p.value: label for p, label in PLATFORM_LABELS.items()},
}


# Facts a plural form is chosen by (ngettext_lazy): passed on as numbers.
_PLURAL_KEYS = ("count", "days")


def _display(name: str, value):
    if name in _PLURAL_KEYS and isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, Platform):
        value = value.value
    table = _PARAM_LABELS.get(name)
    if table is not None:
        return str(_label(table, value))
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)


UNKNOWN = _("(a finding this version cannot show)")


class _Facts(dict):
    """The facts a finding's words take; one missing shows as a dash."""

    def __missing__(self, key):
        return "—"


def render(finding) -> str:
    """One finding in words, in the active language."""
    template = FINDINGS.get(finding.code)
    if template is None:
        return str(UNKNOWN)
    params = {name: _display(name, value) for name, value in finding.params.items()}
    try:
        return str(template % _Facts(params))
    except (TypeError, ValueError):  # a stored finding whose facts do not fit its words
        return str(UNKNOWN)
