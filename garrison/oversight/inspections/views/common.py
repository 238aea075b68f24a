"""What the inspection registers' pages share: the action view of a row the user reads, the
communes of an inspection as the user sees them, dates and short texts in cells."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.http import Http404

from garrison.core.scoping import NATION, PROVINCE
from garrison.core.views import ObjectActionView
from garrison.oversight.inspections.models import (
    InspectionTarget,
)

#: the pages of the province and the Ministry (a commune has its own findings and actions)
PROVINCE_PAGES = frozenset({NATION, PROVINCE})


def visible_targets(user: Any) -> Prefetch:
    """An inspection's communes as `user` sees them (a commune: its own only)."""
    targets = InspectionTarget.objects.visible_to(user).select_related("commune")
    return Prefetch("targets", queryset=targets.order_by("commune__name"))


def shown_day(day: Any) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


class SeenRowActionView(ObjectActionView):
    """An action on a row the user reads but does not change through the generic pages (the
    commune answers its action; the inspector's write grant covers the rest): the row is
    fetched as seen (404 outside the scope) and the action's `available` — a `permissions`
    function — decides (404 when it says no); the service checks again."""

    def get_available_object(self):
        obj = self.get_object("view")
        if not self.action().available(obj, self.request.user):
            raise Http404
        return obj


def short_text(text: str, length: int = 80) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"
