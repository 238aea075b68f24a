"""The choices the operations filters share: the communes and the readiness events of the
user's scope (a filter's queryset is computed per request; no request, no rows)."""

from __future__ import annotations

from typing import Any

from garrison.territory.models import Commune

from .events.models import ReadinessEvent


def communes_in_scope(request: Any) -> Any:
    if request is None:
        return Commune.objects.none()
    return Commune.objects.visible_to(request.user).order_by("name")


def events_in_scope(request: Any) -> Any:
    if request is None:
        return ReadinessEvent.objects.none()
    return ReadinessEvent.objects.visible_to(request.user).order_by("-starts_on", "-pk")
