"""The page a locked-out login gets (django-axes' AXES_LOCKOUT_CALLABLE)."""

from axes.helpers import get_cool_off
from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

TOO_MANY_REQUESTS = 429


def lockout_response(request, original_response=None, credentials=None):
    cool_off = get_cool_off(request)
    context = {
        **admin.site.each_context(request),
        "title": _("Too many failed log-ins"),
        "is_nav_sidebar_enabled": False,
        "cool_off_minutes": round(cool_off.total_seconds() / 60) if cool_off else None,
    }
    response = TemplateResponse(
        request, "registration/locked_out.html", context, status=TOO_MANY_REQUESTS
    )
    return response.render()
