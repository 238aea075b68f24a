"""Filters of the incident and situation report lists (all in the database; the lists paginate).
The dashboards link to these names: `status`, `severity`, `kind`, `commune` (a code), `event` (an
id), `overdue` (true/false); for reports `incident` (an id) and `commune`."""

from __future__ import annotations

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from garrison.operations.filtering import communes_in_scope, events_in_scope

from .models import Incident, IncidentKind, IncidentStatus, Severity, SituationReport
from .querysets import overdue_q


def _incidents(request):
    if request is None:
        return Incident.objects.none()
    return Incident.objects.visible_to(request.user)


class IncidentFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=IncidentStatus.choices, label=_("status"))
    severity = django_filters.ChoiceFilter(choices=Severity.choices, label=_("severity"))
    kind = django_filters.ChoiceFilter(choices=IncidentKind.choices, label=_("kind"))
    commune = django_filters.ModelChoiceFilter(
        queryset=communes_in_scope, label=_("commune"), to_field_name="code"
    )
    event = django_filters.ModelChoiceFilter(queryset=events_in_scope, label=_("readiness event"))
    overdue = django_filters.BooleanFilter(
        label=_("situation report overdue"), method="filter_overdue"
    )

    class Meta:
        model = Incident
        fields = ["status", "severity", "kind", "commune", "event"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        condition = overdue_q(timezone.now())
        return queryset.filter(condition) if value else queryset.exclude(condition)


class SituationReportFilterSet(django_filters.FilterSet):
    incident = django_filters.ModelChoiceFilter(queryset=_incidents, label=_("incident"))
    commune = django_filters.ModelChoiceFilter(
        queryset=communes_in_scope, label=_("commune"), to_field_name="code"
    )
    unread = django_filters.BooleanFilter(
        field_name="read_at", lookup_expr="isnull", label=_("not yet read by the province")
    )

    class Meta:
        model = SituationReport
        fields = ["incident", "commune"]
