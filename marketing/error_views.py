"""The 500 page, with the request id to quote (handler500 in marketing/urls.py).

Rendered without the request's context processors: whatever failed (the database, the
session) must not fail the error page too.
"""

from django.http import HttpResponseServerError
from django.template import loader

from marketing.request_id import current_request_id


def server_error(request):
    request_id = getattr(request, "request_id", None) or current_request_id.get()
    html = loader.get_template("500.html").render({"request_id": request_id})
    return HttpResponseServerError(html)
