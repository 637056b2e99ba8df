"""The public opt-out pages: no login, reached from the link in every outreach message.

GET shows the address's opt-out button (a GET never changes anything: mail scanners and
link previews open links on their own); the button POSTs with Django's CSRF token. The
one-click endpoint is what mail programs POST to (RFC 8058, List-Unsubscribe-Post): they
cannot hold a CSRF token, so that one endpoint is exempt, and the signed token in its URL
is what protects it (it cannot be forged, and all it can do is opt its own address out).
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from matches.outreach import opt_out as service

TEMPLATE = "admin/matches/outreach_opt_out.html"


class OptOutPageView(View):
    http_method_names = ["get", "post"]

    def get(self, request, token):
        if not service.is_valid(token):
            return render(request, TEMPLATE, {"invalid": True}, status=400)
        return render(request, TEMPLATE, {"done": False})

    def post(self, request, token):
        if not service.is_valid(token):
            return render(request, TEMPLATE, {"invalid": True}, status=400)
        service.opt_out(token)
        return render(request, TEMPLATE, {"done": True})


@method_decorator(csrf_exempt, name="dispatch")
class OneClickOptOutView(View):
    """RFC 8058: a POST with `List-Unsubscribe=One-Click`, from the recipient's mail program."""

    http_method_names = ["post"]

    def post(self, request, token):
        if not service.is_valid(token):
            return HttpResponse("invalid link\n", status=400, content_type="text/plain")
        service.opt_out(token)
        return HttpResponse("unsubscribed\n", content_type="text/plain")
