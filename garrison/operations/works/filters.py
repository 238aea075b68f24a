"""Filters of the works and inspections lists (all in the database; the lists paginate). The
home pages and the roll-up link to these names: `kind`, `state`, `commune` (a code),
`province` (a code), `village` (an id), `due` (true/false: due for inspection today); for
inspections `work` (an id), `commune`, `state_found`."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from garrison.operations.filtering import communes_in_scope
from garrison.territory.models import Province, Village

from .models import DefenceWork, WorkInspection, WorkKind, WorkState


def _villages(request):
    if request is None:
        return Village.objects.none()
    return Village.objects.visible_to(request.user).order_by("name")


def _provinces(request):
    if request is None:
        return Province.objects.none()
    return Province.objects.visible_to(request.user).order_by("code")


def _works(request):
    if request is None:
        return DefenceWork.objects.none()
    return DefenceWork.objects.visible_to(request.user)


def due_q(day) -> Q:
    """Works due for inspection on `day` (`rules.is_due` as a database condition)."""
    return Q(inspection_due_on__lte=day) & ~Q(state=WorkState.OUT_OF_USE)


class DefenceWorkFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=WorkKind.choices, label=_("kind"))
    state = django_filters.ChoiceFilter(choices=WorkState.choices, label=_("state"))
    commune = django_filters.ModelChoiceFilter(
        queryset=communes_in_scope, label=_("commune"), to_field_name="code"
    )
    province = django_filters.ModelChoiceFilter(
        queryset=_provinces, label=_("province"), to_field_name="code"
    )
    village = django_filters.ModelChoiceFilter(queryset=_villages, label=_("village"))
    due = django_filters.BooleanFilter(label=_("due for inspection"), method="filter_due")

    class Meta:
        model = DefenceWork
        fields = ["kind", "state", "commune", "province", "village"]

    def filter_due(self, queryset, name, value):
        if value is None:
            return queryset
        condition = due_q(timezone.localdate())
        return queryset.filter(condition) if value else queryset.exclude(condition)


class InspectionFilterSet(django_filters.FilterSet):
    work = django_filters.ModelChoiceFilter(queryset=_works, label=_("defence work"))
    commune = django_filters.ModelChoiceFilter(
        queryset=communes_in_scope, label=_("commune"), to_field_name="code"
    )
    state_found = django_filters.ChoiceFilter(choices=WorkState.choices, label=_("state found"))

    class Meta:
        model = WorkInspection
        fields = ["work", "commune", "state_found"]
