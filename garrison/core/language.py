"""The language of every answer: Vietnamese unless the user chose English with the switch in the
header (Django's `set_language` view, which stores the choice in the language cookie).

Django's LocaleMiddleware follows the browser's Accept-Language, so an English browser got the
English UI on its first visit, sign-in page included. Garrison's users work in Vietnamese: the
browser's wish is ignored on pages. Programs calling the JSON API (`/api/`) have no switch to
press, so there the Accept-Language header still chooses.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers


def chosen_language(request: HttpRequest) -> str:
    """The language cookie's language if it names one of LANGUAGES, else (for the API only) the
    Accept-Language header's, else LANGUAGE_CODE."""
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if cookie:
        try:
            return translation.get_supported_language_variant(cookie)
        except LookupError:
            pass
    if request.path_info.startswith("/api/"):
        return translation.get_language_from_request(request)
    return settings.LANGUAGE_CODE


class LanguageMiddleware:
    """In place of django.middleware.locale.LocaleMiddleware (no i18n_patterns are used)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        if request.path_info.startswith("/api/"):
            patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", language)
        return response
