"""Filters of the patrols lists (in the database; the lists paginate). The patrol list's
parameter names are an interface: the progress page and the dashboards link to them —
`event` (id), `commune` (code), `status`, `day_from`, `day_until` (dd/mm/yyyy or yyyy-mm-dd),
`joint` (true/false: with police officers)."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from garrison.operations.filtering import communes_in_scope, events_in_scope

from .models import (
    CoordinationMeeting,
    CoordinationPlan,
    Patrol,
    PatrolStatus,
    PoliceOfficer,
    PoliceUnit,
)


def _commune_filter():
    return django_filters.ModelChoiceFilter(
        queryset=communes_in_scope, label=_("commune"), to_field_name="code"
    )


class PoliceUnitFilterSet(django_filters.FilterSet):
    commune = _commune_filter()

    class Meta:
        model = PoliceUnit
        fields = ["commune"]


class PoliceOfficerFilterSet(django_filters.FilterSet):
    commune = _commune_filter()
    is_active = django_filters.BooleanFilter(label=_("serving"))

    class Meta:
        model = PoliceOfficer
        fields = ["commune", "is_active"]


class CoordinationPlanFilterSet(django_filters.FilterSet):
    commune = _commune_filter()

    class Meta:
        model = CoordinationPlan
        fields = ["commune"]


class CoordinationMeetingFilterSet(django_filters.FilterSet):
    commune = _commune_filter()
    event = django_filters.ModelChoiceFilter(queryset=events_in_scope, label=_("readiness event"))

    class Meta:
        model = CoordinationMeeting
        fields = ["commune", "event"]


class PatrolFilterSet(django_filters.FilterSet):
    event = django_filters.ModelChoiceFilter(queryset=events_in_scope, label=_("readiness event"))
    commune = _commune_filter()
    status = django_filters.ChoiceFilter(choices=PatrolStatus.choices, label=_("status"))
    day_from = django_filters.DateFilter(field_name="day", lookup_expr="gte", label=_("from"))
    day_until = django_filters.DateFilter(field_name="day", lookup_expr="lte", label=_("until"))
    joint = django_filters.BooleanFilter(
        method="filter_joint", label=_("joint, with police officers")
    )

    class Meta:
        model = Patrol
        fields = ["event", "commune", "status", "day_from", "day_until", "joint"]

    def filter_joint(self, queryset, name, value):
        if value is None:
            return queryset
        with_officers = Exists(Patrol.officers.through.objects.filter(patrol_id=OuterRef("pk")))
        return queryset.filter(with_officers) if value else queryset.exclude(with_officers)
