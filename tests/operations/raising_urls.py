"""The console's URLs plus a view that logs and then fails (for the 500 page tests)."""

import logging

from django.urls import path

from marketing.urls import handler500
from marketing.urls import urlpatterns as console_urlpatterns

logger = logging.getLogger("tests.operations")


def boom(request):
    logger.warning("about to fail")
    raise RuntimeError("boom")


def fine(request):
    from django.http import HttpResponse

    logger.info("all fine")
    return HttpResponse("ok")


urlpatterns = [path("boom/", boom), path("fine/", fine), *console_urlpatterns]
__all__ = ["handler500", "urlpatterns"]
