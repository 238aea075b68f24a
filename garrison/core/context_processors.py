"""Navigation for the header: the registers the signed-in user can open."""

from __future__ import annotations

from django.http import HttpRequest

from .registry import navigation_for


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    return {"nav_items": navigation_for(request)}
