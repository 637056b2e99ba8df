"""Turn "DynamoDB is not there" into a clear page instead of a 500."""

import logging

from django.template.response import TemplateResponse

from marketing.dynamo import errors

logger = logging.getLogger(__name__)


class DynamoUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, errors.EndpointUnavailable):
            logger.warning("DynamoDB unavailable: %s", exception)
            return self._render(request, "unavailable", exception)
        if isinstance(exception, errors.Throttled):
            logger.warning("DynamoDB throttled: %s", exception)
            return self._render(request, "throttled", exception)
        return None

    def _render(self, request, reason, exception):
        from django.contrib import admin

        context = {
            **admin.site.each_context(request),
            "reason": reason,
            "endpoint_url": getattr(exception, "endpoint_url", None),
            "uses_embedded_server": getattr(exception, "uses_embedded_server", False),
        }
        response = TemplateResponse(
            request, "admin/console/dynamo_unavailable.html", context, status=503
        )
        response["Retry-After"] = "5"
        return response.render()


class ConsoleLocaleMiddleware:
    """Korean unless the user picked another language in the header (the language cookie).

    Unlike Django's LocaleMiddleware this ignores Accept-Language: the console's staff
    work in Korean whatever their browser's language is, and switch on purpose.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.utils import translation
        from django.utils.cache import patch_vary_headers

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen not in dict(settings.LANGUAGES):
            chosen = settings.LANGUAGE_CODE
        translation.activate(chosen)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response
