"""PDF documents from Django templates, with WeasyPrint.

render_pdf        one template + context → PDF bytes
render_pdf_batch  one template, many contexts → one PDF; each document starts on a new page
                  and keeps its own page numbering; `progress(done, total)` after each
html_to_pdf       HTML text → PDF bytes (what render_pdf uses)
vn_admin_date     a date the Vietnamese administrative way: "ngày 05 tháng 02 năm 2026"

Nothing is fetched from the network: the URL fetcher serves `data:` URLs and local files of the
static directories only (`{% static %}` paths included) and refuses everything else, which
WeasyPrint then leaves out of the document (with a warning in its log). Fonts are the system's
(DejaVu Serif / DejaVu Sans, found through fontconfig).

WeasyPrint is imported when a PDF is made, not when this module is, so that pages which never
make a PDF (and the template tag library that uses `vn_admin_date`) load without it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sized
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils import timezone, translation

if TYPE_CHECKING:
    from weasyprint.document import Document

# Base URL of every rendered document: `{% static %}` gives "/static/…", which resolves to
# file:///static/… and is served from the static directories by the fetcher.
BASE_URL = "file:///"


def vn_admin_date(d: datetime.date) -> str:
    """`ngày 05 tháng 02 năm 2026` (Decree 30/2020/NĐ-CP, Appendix I: days below 10 and the
    months 1 and 2 take a leading zero; the months 3 to 12 do not)."""
    if isinstance(d, datetime.datetime) and timezone.is_aware(d):
        d = timezone.localtime(d)
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"ngày {d.day:02d} tháng {month} năm {d.year}"


# --- URL fetching: local only ---------------------------------------------------------------


class RefusedURL(ValueError):
    """A document asked for a resource from outside the machine (or outside the static files)."""


def _static_roots() -> list[Path]:
    from django.contrib.staticfiles import finders

    roots = [Path(settings.STATIC_ROOT)] if settings.STATIC_ROOT else []
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            location = getattr(storage, "location", None)
            if location:
                roots.append(Path(location))
    return [root.resolve() for root in roots]


def local_path(url: str) -> Path | None:
    """The static file a `file:` URL names, or None when it names nothing servable.

    `file:///static/css/x.css` (a `{% static %}` path against BASE_URL) is looked up through
    the static file finders; any other `file:` URL must lie inside a static directory.
    """
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return None
    path = unquote(parts.path)
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    if path.startswith(prefix):
        from django.contrib.staticfiles import finders

        try:
            found = finders.find(path.removeprefix(prefix))
        except SuspiciousFileOperation:  # "../" out of a static directory
            return None
        if isinstance(found, list):
            found = found[0] if found else None
        if found:
            return Path(found)
    candidate = Path(path).resolve()
    if candidate.is_file() and any(candidate.is_relative_to(root) for root in _static_roots()):
        return candidate
    return None


def _check_url(url: str) -> str:
    """The URL to fetch for `url` (`data:` as is, `file:` to a static file); raise otherwise."""
    if url.startswith("data:"):
        return url
    path = local_path(url)
    if path is None:
        raise RefusedURL(f"not fetched (PDFs use local static files only): {url[:200]}")
    return path.as_uri()


def make_url_fetcher() -> Any:
    """A WeasyPrint URL fetcher that never touches the network."""
    from weasyprint import urls

    if hasattr(urls, "URLFetcher"):  # WeasyPrint 68 and later

        class LocalURLFetcher(urls.URLFetcher):
            def fetch(self, url, headers=None):
                return super().fetch(_check_url(url), headers)

        return LocalURLFetcher(allowed_protocols=("data", "file"), allow_redirects=False)

    def fetch(url: str, *args: Any, **kwargs: Any) -> dict:  # WeasyPrint 62–67
        return urls.default_url_fetcher(_check_url(url), *args, **kwargs)

    return fetch


# --- rendering --------------------------------------------------------------------------------


def _document(html: str, url_fetcher: Any) -> Document:
    from weasyprint import HTML

    return HTML(string=html, base_url=BASE_URL, url_fetcher=url_fetcher).render()


def html_to_pdf(html: str) -> bytes:
    """PDF bytes of an HTML document (resources: local static files and `data:` URLs only)."""
    return _document(html, make_url_fetcher()).write_pdf()


def render_pdf(template_name: str, context: dict, *, language: str = "vi") -> bytes:
    """Render a template in `language` and return the PDF."""
    with translation.override(language):
        html = render_to_string(template_name, context)
    return html_to_pdf(html)


def render_pdf_batch(
    template_name: str,
    contexts: Iterable[dict],
    *,
    language: str = "vi",
    progress: Callable[[int, int], None] | None = None,
    total: int | None = None,
) -> bytes:
    """Render one document per context and return them all as one PDF.

    Each document is laid out on its own, so it starts on a new page and numbers its own pages.
    `progress(done, total)` is called after each document; `total` defaults to the number of
    contexts (an unsized iterable is read into a list first to count it).
    Raises ValueError when there is no context at all.
    """
    if total is None:
        if not isinstance(contexts, Sized):
            contexts = list(contexts)
        total = len(contexts)
    url_fetcher = make_url_fetcher()
    documents = []
    with translation.override(language):
        for context in contexts:
            documents.append(_document(render_to_string(template_name, context), url_fetcher))
            if progress is not None:
                progress(len(documents), total)
    if not documents:
        raise ValueError("render_pdf_batch: no documents to render")
    pages = [page for document in documents for page in document.pages]
    return documents[0].copy(pages).write_pdf()
