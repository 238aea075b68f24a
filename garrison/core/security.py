"""The Content-Security-Policy of every response: scripts, styles, fonts, images and requests
come from the site itself (the front-end libraries are served from node_modules by whitenoise),
never from an inline <script> or another origin, and no page may be framed. Inline style
attributes stay allowed (progress bars' widths, chart heights; htmx's indicator styles): they
cannot run code."""

from __future__ import annotations

import errno
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import (
    MemoryFileUploadHandler,
    StopUpload,
    TemporaryFileUploadHandler,
)
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import Resolver404, resolve
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


def is_import_upload(request: HttpRequest) -> bool:
    """Whether `request` posts to a register's import page (`<register>_import`)."""
    if request.method != "POST":
        return False
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return bool(match.url_name and match.url_name.endswith("_import"))


class DiskFullUploadHandler(TemporaryFileUploadHandler):
    """Streams an upload to a temporary file, as Django's own handler; when the disk is full
    it deletes what it wrote, stops the upload and marks the request (`upload_disk_full`), so
    the page says so instead of answering a server error."""

    def receive_data_chunk(self, raw_data: bytes, start: int) -> Any:
        try:
            return super().receive_data_chunk(raw_data, start)
        except OSError as exc:
            if exc.errno != errno.ENOSPC:
                raise
            self.file.close()  # a temporary file: closing it deletes it
            self.request.upload_disk_full = True  # type: ignore[union-attr]
            raise StopUpload(connection_reset=False) from exc


class RequestSizeMiddleware:
    """Refuse a request whose body is larger than `GARRISON_MAX_UPLOAD_MB` from its
    Content-Length, before anything reads it (issue 15, finding 13): a 2 GB "sheet" is answered
    413 at once instead of being received whole, then refused. An import sheet may be larger
    (`GARRISON_MAX_IMPORT_MB`, the import pages only: a million people is about 92 MB of CSV);
    it is streamed to a temporary file above FILE_UPLOAD_MAX_MEMORY_SIZE, never held whole in
    memory by the request, and a full disk is told as such (`DiskFullUploadHandler`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.GARRISON_MAX_UPLOAD_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length and is_import_upload(request):
            limit = max(limit, settings.GARRISON_MAX_IMPORT_BYTES)
            request.upload_handlers = [
                MemoryFileUploadHandler(request),
                DiskFullUploadHandler(request),
            ]
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
