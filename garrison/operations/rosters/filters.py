"""Filters of the duty shifts' list (page and API alike; all in the database)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from garrison.operations.filtering import communes_in_scope, events_in_scope

from .models import DutyShift, Shift


class DutyShiftFilterSet(django_filters.FilterSet):
    event = django_filters.ModelChoiceFilter(queryset=events_in_scope, label=_("readiness event"))
    commune = django_filters.ModelChoiceFilter(
        queryset=communes_in_scope, label=_("commune"), to_field_name="code"
    )
    day_from = django_filters.DateFilter(field_name="day", lookup_expr="gte", label=_("from"))
    day_until = django_filters.DateFilter(field_name="day", lookup_expr="lte", label=_("until"))
    shift = django_filters.ChoiceFilter(choices=Shift.choices, label=_("shift"))

    class Meta:
        model = DutyShift
        fields = ["event", "commune", "shift"]
