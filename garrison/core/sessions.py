"""Idle timeout of sessions: a session ends SESSION_COOKIE_AGE after the user's last request, not
after they signed in.

Django's SESSION_SAVE_EVERY_REQUEST would do the same by writing the session on every request: a
database write for every page read, which SQLite serialises with the real writes. Instead a
session carries when it was last renewed and is written again (which moves its expiry) at most
once per `renew_every()` seconds: it ends between SESSION_COOKIE_AGE - renew_every() and
SESSION_COOKIE_AGE after the last request."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

SEEN = "_garrison_seen"


def renew_every() -> int:
    return min(300, settings.SESSION_COOKIE_AGE // 10)


def stamp_session(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """On sign-in (`user_logged_in`): the session starts renewed."""
    if request is not None and hasattr(request, "session"):
        request.session[SEEN] = int(time.time())


class IdleSessionMiddleware:
    """Renews a signed-in session that a request used and was last renewed `renew_every()` ago
    (a session the request did not load is left alone: no query is added to it). Sits after
    SessionMiddleware, which then saves the session and its cookie with a new expiry."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.accessed and SEEN in session:
            now = int(time.time())
            if now - session[SEEN] >= renew_every():
                session[SEEN] = now
        return response
