"""Filters of the readiness lists (all in the database; the lists paginate). The parameter
names are part of the pages' and dashboards' links: `event`, `commune`, `plan`, `status`."""

from __future__ import annotations

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from garrison.core.filtering import IntegerFilter
from garrison.operations.filtering import communes_in_scope, events_in_scope

from .models import EventKind, EventTarget, PlanStatus, ReadinessEvent, ReadinessPlan

#: the values of the targets' `plan` filter (the dashboards link to them)
PLAN_CHOICES = [
    ("none", _("no plan")),
    ("late", _("late")),
    ("draft", _("draft")),
    ("submitted", _("submitted")),
    ("returned", _("returned")),
    ("approved", _("approved")),
]


class EventFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ReadinessEvent.Status.choices, label=_("status"))
    kind = django_filters.ChoiceFilter(choices=EventKind.choices, label=_("kind"))
    year = IntegerFilter(field_name="starts_on", lookup_expr="year", label=_("year"))

    class Meta:
        model = ReadinessEvent
        fields = ["status", "kind", "year"]


class TargetFilterSet(django_filters.FilterSet):
    event = django_filters.ModelChoiceFilter(queryset=events_in_scope, label=_("readiness event"))
    commune = django_filters.ModelChoiceFilter(
        queryset=communes_in_scope, label=_("commune"), to_field_name="code"
    )
    plan = django_filters.ChoiceFilter(choices=PLAN_CHOICES, method="filter_plan", label=_("plan"))

    class Meta:
        model = EventTarget
        fields = ["event", "commune", "plan"]

    def filter_plan(self, queryset, name, value):
        return queryset.filter_plan(value, timezone.localdate())


class PlanFilterSet(django_filters.FilterSet):
    event = django_filters.ModelChoiceFilter(queryset=events_in_scope, label=_("readiness event"))
    status = django_filters.ChoiceFilter(choices=PlanStatus.choices, label=_("status"))
    commune = django_filters.ModelChoiceFilter(
        queryset=communes_in_scope, label=_("commune"), to_field_name="code"
    )

    class Meta:
        model = ReadinessPlan
        fields = ["event", "status", "commune"]
