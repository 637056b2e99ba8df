from django.contrib import admin
from django.http import HttpResponseRedirect
from django.templatetags.static import static
from django.urls import include, path

FAVICON = "marketing/favicon.ico"


def favicon(request):
    # Browsers ask for /favicon.ico on their own; the file itself is a static file
    # (whitenoise, hashed name in production), so its URL is looked up per request.
    return HttpResponseRedirect(static(FAVICON))


urlpatterns = [
    path("favicon.ico", favicon),
    path("i18n/", include("django.conf.urls.i18n")),
    # The console is the admin site, served from the root.
    path("", admin.site.urls),
]
