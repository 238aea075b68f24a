"""Garrison's own error pages (templates/403.html, 404.html, 500.html), in debug mode too.

With DEBUG off Django renders those templates itself. With DEBUG on (the demo, a trial) it shows
its technical pages: a URL list, a traceback. This middleware, when GARRISON_FRIENDLY_ERRORS is
on, renders Garrison's pages there as well; the 500 is still logged with its traceback. Whether a
record is missing or outside the user's area stays indistinguishable: both are the same 404.

A database that refuses or drops the connection (PostgreSQL's "too many clients", a server
restarting, SQLite locked past its timeout) is a passing condition, not a fault of the request:
pages answer a friendly 503 (templates/503.html) and the API a JSON 503, both with Retry-After
(issue 20: it answered 500). `server_error` is settings' handler500 (middleware's exceptions
reach only it), the middleware below covers debug mode, and core.api's handler the API.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import OperationalError, connections
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.urls import Resolver404, get_resolver
from django.utils.translation import gettext as _
from django.views import defaults

logger = logging.getLogger("django.request")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 404 of an address no route matches (settings' handler404): JSON under /api/, as every
    API answer is, Garrison's page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not Found"}, status=404)
    return defaults.page_not_found(request, exception)


# How long a client should wait before it tries again (seconds), sent as Retry-After.
RETRY_AFTER_SECONDS = 5
# What the drivers say when the server refuses or drops a connection (psycopg: PostgreSQL's
# messages; sqlite3: the lock a writer held past the busy timeout).
UNAVAILABLE = (
    "too many clients",
    "remaining connection slots",
    "connection refused",
    "could not connect",
    "connection to server",
    "server closed the connection",
    "terminating connection",
    "the database system is",
    "no connection to the server",
    "connection timeout expired",
    "database is locked",
)


def database_unavailable(exc: BaseException | None) -> bool:
    """Whether `exc` says the database cannot be reached now (as opposed to a bad query): an
    OperationalError with one of the messages above, or raised while connecting (the
    connection is left unopened)."""
    if not isinstance(exc, OperationalError):
        return False
    text = str(exc).lower()
    if any(marker in text for marker in UNAVAILABLE):
        return True
    return any(c.connection is None for c in connections.all(initialized_only=True))


def service_unavailable(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After: JSON under /api/ (as every API answer), Garrison's page elsewhere
    (rendered without a request context: no query, nothing that needs the database)."""
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"detail": _("The database is busy or unavailable: try again in a few seconds.")},
            status=503,
        )
    else:
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """settings' handler500: Django calls it while handling the exception, so sys.exc_info()
    is the error; a database that cannot be reached answers 503, anything else the 500 page."""
    if database_unavailable(sys.exc_info()[1]):
        return service_unavailable(request)
    return defaults.server_error(request)


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
        if database_unavailable(exception):
            logger.warning("Database unavailable: %s: %s", request.path, exception)
            return service_unavailable(request)
        logger.error(
            "Internal Server Error: %s",
            request.path,
            exc_info=exception,
            extra={"status_code": 500, "request": request},
        )
        return defaults.server_error(request)
