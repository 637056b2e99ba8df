from django.contrib import admin
from django.http import HttpResponseRedirect
from django.templatetags.static import static
from django.urls import include, path

from matches.outreach import public_views as outreach_public

FAVICON = "marketing/favicon.ico"

# The 500 page shows the request id (marketing/request_id.py) to quote to an admin.
handler500 = "marketing.error_views.server_error"


def favicon(request):
    # Browsers ask for /favicon.ico on their own; the file itself is a static file
    # (whitenoise, hashed name in production), so its URL is looked up per request.
    return HttpResponseRedirect(static(FAVICON))


urlpatterns = [
    path("favicon.ico", favicon),
    path("i18n/", include("django.conf.urls.i18n")),
    # Public, no login: the opt-out link in every outreach e-mail (before the admin's
    # catch-all, which would ask for a login).
    path("opt-out/<str:token>/", outreach_public.OptOutPageView.as_view(), name="outreach_opt_out"),
    path(
        "opt-out/<str:token>/one-click/",
        outreach_public.OneClickOptOutView.as_view(),
        name="outreach_opt_out_one_click",
    ),
    # The console is the admin site, served from the root.
    path("", admin.site.urls),
]
