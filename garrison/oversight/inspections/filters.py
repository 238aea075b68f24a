"""Filters of the inspection registers (all in the database; the lists paginate), one FilterSet
for a list page and its API list. The home page and the plan page link to these names:
plans `year`; inspections `year`, `kind`, `state`, `plan` (id), `commune` (a code: the
inspections naming it); findings `commune` (code), `inspection` (id), `severity`, `area`,
`state`, `year`; corrective actions `commune` (code), `finding` (id), `inspection` (id),
`severity` and `area` (of the finding), `state`, `overdue` (true/false: past due and not
verified, today), `to_answer` (true/false: open or returned, waiting for the commune), `year`
(of the due date)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from garrison.territory.models import Commune

from .models import (
    ActionState,
    Area,
    CorrectiveAction,
    Finding,
    FindingSeverity,
    FindingState,
    Inspection,
    InspectionKind,
    InspectionPlan,
    InspectionState,
)
from .querysets import awaiting_commune_q, overdue_q


def communes_in_scope(request: Any) -> Any:
    if request is None:
        return Commune.objects.none()
    return Commune.objects.visible_to(request.user).order_by("name")


def plans_in_scope(request: Any) -> Any:
    if request is None:
        return InspectionPlan.objects.none()
    return InspectionPlan.objects.visible_to(request.user).order_by("-year")


def inspections_in_scope(request: Any) -> Any:
    if request is None:
        return Inspection.objects.none()
    return Inspection.objects.visible_to(request.user)


def findings_in_scope(request: Any) -> Any:
    if request is None:
        return Finding.objects.none()
    return Finding.objects.visible_to(request.user)


def _commune_filter(**kwargs: Any) -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        queryset=communes_in_scope, label=_("commune"), to_field_name="code", **kwargs
    )


class InspectionPlanFilterSet(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("year"))

    class Meta:
        model = InspectionPlan
        fields = ["year"]


class InspectionFilterSet(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="starts_on", lookup_expr="year", label=_("year"))
    kind = django_filters.ChoiceFilter(choices=InspectionKind.choices, label=_("kind"))
    state = django_filters.ChoiceFilter(choices=InspectionState.choices, label=_("state"))
    plan = django_filters.ModelChoiceFilter(queryset=plans_in_scope, label=_("inspection plan"))
    commune = _commune_filter(method="filter_commune")

    class Meta:
        model = Inspection
        fields = ["year", "kind", "state", "plan", "commune"]

    def filter_commune(self, queryset: Any, name: str, value: Any) -> Any:
        if value is None:
            return queryset
        return queryset.filter(targets__commune=value).distinct()


class FindingFilterSet(django_filters.FilterSet):
    commune = _commune_filter()
    inspection = django_filters.ModelChoiceFilter(
        queryset=inspections_in_scope, label=_("inspection")
    )
    severity = django_filters.ChoiceFilter(choices=FindingSeverity.choices, label=_("severity"))
    area = django_filters.ChoiceFilter(choices=Area.choices, label=_("area"))
    state = django_filters.ChoiceFilter(choices=FindingState.choices, label=_("state"))
    year = django_filters.NumberFilter(field_name="found_on", lookup_expr="year", label=_("year"))

    class Meta:
        model = Finding
        fields = ["commune", "inspection", "severity", "area", "state", "year"]


class CorrectiveActionFilterSet(django_filters.FilterSet):
    commune = _commune_filter()
    finding = django_filters.ModelChoiceFilter(queryset=findings_in_scope, label=_("finding"))
    inspection = django_filters.ModelChoiceFilter(
        field_name="finding__inspection", queryset=inspections_in_scope, label=_("inspection")
    )
    severity = django_filters.ChoiceFilter(
        field_name="finding__severity", choices=FindingSeverity.choices, label=_("severity")
    )
    area = django_filters.ChoiceFilter(
        field_name="finding__area", choices=Area.choices, label=_("area")
    )
    state = django_filters.ChoiceFilter(choices=ActionState.choices, label=_("state"))
    overdue = django_filters.BooleanFilter(label=_("overdue"), method="filter_overdue")
    to_answer = django_filters.BooleanFilter(
        label=_("waiting for the commune's answer"), method="filter_to_answer"
    )
    year = django_filters.NumberFilter(
        field_name="due_on", lookup_expr="year", label=_("due in (year)")
    )

    class Meta:
        model = CorrectiveAction
        fields = ["commune", "finding", "inspection", "severity", "area", "state", "year"]

    def filter_overdue(self, queryset: Any, name: str, value: Any) -> Any:
        if value is None:
            return queryset
        condition = overdue_q(timezone.localdate())
        return queryset.filter(condition) if value else queryset.exclude(condition)

    def filter_to_answer(self, queryset: Any, name: str, value: Any) -> Any:
        if value is None:
            return queryset
        condition = awaiting_commune_q()
        return queryset.filter(condition) if value else queryset.exclude(condition)
