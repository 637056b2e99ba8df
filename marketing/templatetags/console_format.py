"""How the console writes amounts: KRW as `17,000원` (`17,000 won` in English)."""

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from marketing.erased import shown

register = template.Library()


@register.filter
def krw(value):
    """17000 → "17,000원"; None → "—"."""
    if value is None or value == "":
        return "—"
    amount = number_format(round(value), force_grouping=True)
    return _("%(amount)s won") % {"amount": amount}


@register.filter
def person(value):
    """A person's name as stored, or "erased" (in the page's language) where an erasure
    left its marker."""
    return shown(value)
