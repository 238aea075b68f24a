"""Filters of the forces lists (all in the database; the list views paginate)."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from garrison.core.filtering import IntegerFilter
from garrison.territory.models import Commune

from .models import (
    Category,
    Force,
    MilitiaMember,
    MilitiaUnit,
    ReserveClass,
    ReserveUnit,
    Reservist,
    Role,
    TechnicalMeans,
    TrainingPlan,
    TrainingSession,
    UnitKind,
    UnitLevel,
)


def _communes(request):
    if request is None:
        return Commune.objects.none()
    return Commune.objects.visible_to(request.user).order_by("name")


def _units(request):
    if request is None:
        return MilitiaUnit.objects.none()
    return MilitiaUnit.objects.visible_to(request.user).order_by("name")


def _reserve_units(request):
    if request is None:
        return ReserveUnit.objects.none()
    return ReserveUnit.objects.visible_to(request.user).order_by("code")


class MilitiaUnitFilterSet(django_filters.FilterSet):
    commune = django_filters.ModelChoiceFilter(
        queryset=_communes, label=_("commune"), to_field_name="code"
    )
    force = django_filters.ChoiceFilter(choices=Force.choices, label=_("force"))
    kind = django_filters.ChoiceFilter(choices=UnitKind.choices, label=_("kind"))
    level = django_filters.ChoiceFilter(choices=UnitLevel.choices, label=_("level"))

    class Meta:
        model = MilitiaUnit
        fields = ["commune", "force", "kind", "level", "is_active"]


class MilitiaMemberFilterSet(django_filters.FilterSet):
    commune = django_filters.ModelChoiceFilter(
        queryset=_communes, label=_("commune"), to_field_name="code"
    )
    unit = django_filters.ModelChoiceFilter(queryset=_units, label=_("unit"))
    kind = django_filters.ChoiceFilter(
        field_name="unit__kind", choices=UnitKind.choices, label=_("kind")
    )
    role = django_filters.ChoiceFilter(choices=Role.choices, label=_("role"))
    status = django_filters.ChoiceFilter(
        choices=[("open", _("serving (incl. extended)")), *MilitiaMember.Status.choices],
        method="filter_status",
        label=_("status"),
    )
    term_ends_in = IntegerFilter(
        field_name="term_end", lookup_expr="year", label=_("term ends in (year)")
    )
    training = django_filters.ChoiceFilter(
        label=_("training this year"),
        choices=[
            ("behind", _("behind (missed sessions)")),
            ("incomplete", _("not complete")),
            ("complete", _("complete")),
        ],
        method="filter_training",
    )

    class Meta:
        model = MilitiaMember
        fields = ["commune", "unit", "role"]

    def filter_status(self, queryset, name, value):
        if value == "open":
            return queryset.filter(status__in=MilitiaMember.OPEN_STATUSES)
        return queryset.filter(status=value)

    def filter_training(self, queryset, name, value):
        today = timezone.localdate()
        queryset = queryset.open().with_training(today.year, today)
        return {
            "behind": queryset.filter(behind=True),
            "incomplete": queryset.filter(complete=False),
            "complete": queryset.filter(complete=True),
        }[value]


class ReservistFilterSet(django_filters.FilterSet):
    commune = django_filters.ModelChoiceFilter(
        queryset=_communes, label=_("commune"), to_field_name="code"
    )
    reserve_unit = django_filters.ModelChoiceFilter(
        queryset=_reserve_units, label=_("reserve unit")
    )
    category = django_filters.ChoiceFilter(choices=Category.choices, label=_("category"))
    reserve_class = django_filters.ChoiceFilter(
        choices=ReserveClass.choices, label=_("reserve class")
    )
    status = django_filters.ChoiceFilter(choices=Reservist.Status.choices, label=_("status"))
    readiness = django_filters.ChoiceFilter(
        label=_("readiness"),
        choices=[
            ("unassigned", _("not assigned to a unit")),
            ("due_check", _("due for the yearly check")),
            ("checked", _("checked this year")),
        ],
        method="filter_readiness",
    )
    specialty_code = django_filters.CharFilter(
        lookup_expr="iexact", label=_("military specialty code")
    )

    class Meta:
        model = Reservist
        fields = ["commune", "reserve_unit", "category", "reserve_class", "status"]

    def filter_readiness(self, queryset, name, value):
        year = timezone.localdate().year
        if value == "unassigned":
            return queryset.registered().filter(reserve_unit__isnull=True)
        if value == "due_check":
            return queryset.due_for_check(year)
        return queryset.registered().filter(checked_on__year=year)


class TechnicalMeansFilterSet(django_filters.FilterSet):
    commune = django_filters.ModelChoiceFilter(
        queryset=_communes, label=_("commune"), to_field_name="code"
    )
    kind = django_filters.ChoiceFilter(choices=TechnicalMeans.Kind.choices, label=_("kind"))
    reserve_unit = django_filters.ModelChoiceFilter(
        queryset=_reserve_units, label=_("reserve unit")
    )
    status = django_filters.ChoiceFilter(choices=TechnicalMeans.Status.choices, label=_("status"))
    due = django_filters.BooleanFilter(method="filter_due", label=_("due for the yearly check"))

    class Meta:
        model = TechnicalMeans
        fields = ["commune", "kind", "reserve_unit", "status"]

    def filter_due(self, queryset, name, value):
        year = timezone.localdate().year
        due = Q(checked_on__isnull=True) | Q(checked_on__year__lt=year)
        return queryset.filter(due) if value else queryset.exclude(due)


class TrainingPlanFilterSet(django_filters.FilterSet):
    commune = django_filters.ModelChoiceFilter(
        queryset=_communes, label=_("commune"), to_field_name="code"
    )
    kind = django_filters.ChoiceFilter(choices=UnitKind.choices, label=_("kind of militia"))

    class Meta:
        model = TrainingPlan
        fields = ["commune", "year", "kind"]


class TrainingSessionFilterSet(django_filters.FilterSet):
    commune = django_filters.ModelChoiceFilter(
        queryset=_communes, label=_("commune"), to_field_name="code"
    )
    year = IntegerFilter(field_name="plan__year", label=_("year"))
    kind = django_filters.ChoiceFilter(
        field_name="plan__kind", choices=UnitKind.choices, label=_("kind of militia")
    )

    class Meta:
        model = TrainingSession
        fields = ["commune", "plan"]
