"""The header's context: the registers the signed-in user can open (`navigation`) and the
number of unread notifications for the inbox badge (`inbox`)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from .notify import unread_count
from .permissions import can_view_reads
from .registry import NavLink, navigation_for, register_nav_link

# the province watches who reads its people's data
register_nav_link(NavLink("administration", 95, _("Reads"), "core:reads", can_view_reads))


def navigation(request: HttpRequest) -> dict:
    """`nav_items`: the header's menus (core.registry.navigation_for)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    return {"nav_items": navigation_for(request)}


def inbox(request: HttpRequest) -> dict:
    """`unread_notifications`: one COUNT query, run only when a template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
