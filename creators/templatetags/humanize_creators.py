"""How creator figures and codes read on a page: grouped counts, percentages, labels."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.formats import number_format

from creators.domain import CATEGORIES, REGIONS, STATUS_LABELS, CreatorStatus
from marketing.geography import province_label

register = template.Library()

NOTHING = "—"


@register.filter
def count(value):
    """12300 → "12,300" (grouped in every language)."""
    if value is None:
        return NOTHING
    return number_format(value, force_grouping=True)


@register.filter
def average(value):
    """An average of counts, to the whole number: 1234.56 → "1,235"."""
    if value is None:
        return NOTHING
    whole = Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return number_format(int(whole), force_grouping=True)


@register.filter
def percent(value):
    """5.234 → "5.2 %": one decimal everywhere (list, detail, forms' notes)."""
    if value is None:
        return NOTHING
    rounded = Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{number_format(rounded, decimal_pos=1, force_grouping=True)}\u00a0%"


@register.filter
def category_labels(codes):
    """["food", "cafe"] → "음식, 카페·디저트" (the labels, in the page's language)."""
    return ", ".join(str(CATEGORIES.get(code, code)) for code in codes or ()) or NOTHING


@register.filter
def region_label(code):
    return str(REGIONS.get(code, code)) if code else NOTHING


@register.filter
def area_label(area):
    """An activity area as `Seoul 송파구, 강동구` (the city translated), or a dash."""
    if not area:
        return NOTHING
    return f"{province_label(area.city)} {', '.join(area.districts)}".strip()


@register.filter
def status_label(value):
    try:
        return str(STATUS_LABELS[CreatorStatus(value)])
    except ValueError:
        return value or NOTHING
