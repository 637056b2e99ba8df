from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def count(value):
    """12300 → "12,300" (grouped in every language)."""
    if value is None:
        return "—"
    return number_format(value, force_grouping=True)
