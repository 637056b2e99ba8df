from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    # The console is the admin site, served from the root.
    path("", admin.site.urls),
]
