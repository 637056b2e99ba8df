"""What an erasure (erase_creator) leaves in place of a personal value, and how pages show it."""

from django.utils.translation import gettext as _

ERASED = "[erased]"


def shown(value):
    """`value`, or "erased" in the page's language where an erasure left its marker."""
    return _("erased") if value == ERASED else value
