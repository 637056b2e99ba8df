from django import template

from stores.corrections import FIELD_LABELS

register = template.Library()


@register.filter
def field_label(name: str):
    """A correctable field's translated label (`store_name` → "Name"), never the code."""
    return FIELD_LABELS.get(name, name)
