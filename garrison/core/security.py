"""The Content-Security-Policy of every response: scripts, styles, fonts, images and requests
come from the site itself (the front-end libraries are served from node_modules by whitenoise),
never from an inline <script> or another origin, and no page may be framed. Inline style
attributes stay allowed (progress bars' widths, chart heights; htmx's indicator styles): they
cannot run code."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.html import escape
from django.utils.translation import gettext as _

POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", POLICY)
        return response


class RequestSizeMiddleware:
    """Refuse a request whose body is larger than `GARRISON_MAX_UPLOAD_MB` from its
    Content-Length, before anything reads it (issue 15, finding 13): a 2 GB "sheet" is answered
    413 at once instead of being received whole, then refused."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.GARRISON_MAX_UPLOAD_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            return too_large(request, length, limit)
        return self.get_response(request)


def too_large(request: HttpRequest, length: int, limit: int) -> HttpResponse:
    mb = 1024 * 1024
    message = _(
        "What you sent is %(size).1f MB; the most this server accepts is %(limit)d MB. Split the "
        "file into smaller ones (for a sheet: fewer rows per file) and send them one by one."
    ) % {"size": length / mb, "limit": limit // mb}
    if request.path.startswith("/api/"):
        body = {"detail": message, "errors": {"__all__": [message]}}
        return JsonResponse(body, status=413)
    title = _("Too large")
    html = (
        f'<!doctype html><html lang="{escape(request.LANGUAGE_CODE)}"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head><body><h1>{escape(title)}</h1>"
        f'<p>{escape(message)}</p><p><a href="/">{escape(_("Home"))}</a></p></body></html>'
    )
    return HttpResponse(html, status=413)
