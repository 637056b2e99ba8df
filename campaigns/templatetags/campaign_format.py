"""How campaign figures read on a page: counts, ratios, percentages, labels of codes."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from campaigns import disclosure
from campaigns.domain import FIGURE_LABELS, ContentPlatform
from creators.templatetags.humanize_creators import NOTHING, count

register = template.Library()

# Counts read as on the creator pages: "12,300", and "—" for an unknown figure.
register.filter("count", count)


@register.filter
def signed(value):
    """A change: 12 → "+12", -3 → "-3" (with a minus sign), 0 → "0"."""
    if value is None:
        return NOTHING
    text = number_format(abs(value), force_grouping=True)
    return f"+{text}" if value > 0 else f"\u2212{text}" if value < 0 else "0"


@register.filter
def ratio_percent(value):
    """A ratio as a percentage with one decimal: Decimal("1.5") → "150.0 %"."""
    if value is None:
        return NOTHING
    rounded = (Decimal(value) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{number_format(rounded, decimal_pos=1, force_grouping=True)}\u00a0%"


@register.filter
def figure(figures, name):
    """`figures|figure:"views"`: one figure of a Figures by its field name."""
    return getattr(figures, name, None)


@register.filter
def figure_label(name):
    return FIGURE_LABELS.get(name, name)


@register.filter
def krw_fine(value):
    """A small amount with two decimals: 0.35 → "0.35원" (cost per view)."""
    if value is None:
        return NOTHING
    rounded = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    amount = number_format(rounded, decimal_pos=2, force_grouping=True)
    return _("%(amount)s won") % {"amount": amount}


@register.filter
def platform_label(code):
    """ "youtube" → "YouTube" (in the page's language); an unknown code as it is."""
    try:
        return ContentPlatform(code).label
    except ValueError:
        return code or NOTHING


@register.filter
def is_youtube(url):
    return disclosure.platform_of(url) is ContentPlatform.YOUTUBE


@register.filter
def dict_value(mapping, key):
    """`values|dict_value:name`: a dict's value by a variable key (None when absent)."""
    return (mapping or {}).get(key)


@register.filter
def has_content(creator_lines) -> bool:
    """Whether any creator of the campaign has a content URL."""
    return any(line.contents for line in creator_lines)
