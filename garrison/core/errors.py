"""Garrison's own error pages (templates/403.html, 404.html, 500.html), in debug mode too.

With DEBUG off Django renders those templates itself. With DEBUG on (the demo, a trial) it shows
its technical pages: a URL list, a traceback. This middleware, when GARRISON_FRIENDLY_ERRORS is
on, renders Garrison's pages there as well; the 500 is still logged with its traceback. Whether a
record is missing or outside the user's area stays indistinguishable: both are the same 404.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import Resolver404, get_resolver
from django.views import defaults

logger = logging.getLogger("django.request")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 404 of an address no route matches (settings' handler404): JSON under /api/, as every
    API answer is, Garrison's page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not Found"}, status=404)
    return defaults.page_not_found(request, exception)


def friendly_errors_wanted() -> bool:
    return bool(settings.DEBUG and getattr(settings, "GARRISON_FRIENDLY_ERRORS", True))


class FriendlyErrorsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if friendly_errors_wanted():
            # an address no route matches fails before any view runs (no process_exception)
            try:
                get_resolver(getattr(request, "urlconf", None)).resolve(request.path_info)
            except Resolver404 as exc:
                return page_not_found(request, exc)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not friendly_errors_wanted():
            return None
        if isinstance(exception, Http404):
            return page_not_found(request, exception)
        if isinstance(exception, PermissionDenied):
            return defaults.permission_denied(request, exception)
        logger.error(
            "Internal Server Error: %s",
            request.path,
            exc_info=exception,
            extra={"status_code": 500, "request": request},
        )
        return defaults.server_error(request)
