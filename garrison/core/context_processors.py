"""The header's context: the registers the signed-in user can open (`navigation`) and the
number of unread notifications for the inbox badge (`inbox`)."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from .notify import unread_count
from .permissions import can_view_reads
from .registry import navigation_for


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = navigation_for(request)
    if can_view_reads(user):  # the province watches who reads its people's data
        url = reverse("core:reads")
        items.append({"label": _("Reads"), "url": url, "active": request.path.startswith(url)})
    return {"nav_items": items}


def inbox(request: HttpRequest) -> dict:
    """`unread_notifications`: one COUNT query, run only when a template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
