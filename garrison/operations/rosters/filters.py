"""Filters of the duty shifts' list (page and API alike; all in the database)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from garrison.territory.models import Commune

from .models import DutyShift, Shift


def _communes(request):
    if request is None:
        return Commune.objects.none()
    return Commune.objects.visible_to(request.user).order_by("name")


def _events(request):
    from garrison.operations.models import ReadinessEvent

    if request is None:
        return ReadinessEvent.objects.none()
    return ReadinessEvent.objects.visible_to(request.user).order_by("-starts_on", "-pk")


class DutyShiftFilterSet(django_filters.FilterSet):
    event = django_filters.ModelChoiceFilter(queryset=_events, label=_("readiness event"))
    commune = django_filters.ModelChoiceFilter(
        queryset=_communes, label=_("commune"), to_field_name="code"
    )
    day_from = django_filters.DateFilter(field_name="day", lookup_expr="gte", label=_("from"))
    day_until = django_filters.DateFilter(field_name="day", lookup_expr="lte", label=_("until"))
    shift = django_filters.ChoiceFilter(choices=Shift.choices, label=_("shift"))

    class Meta:
        model = DutyShift
        fields = ["event", "commune", "shift"]
