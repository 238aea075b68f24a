from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from garrison.territory.models import Province

from .models import Assignment, MilitaryCommand
from .rules import Position


def _provinces(request):
    return Province.objects.visible_to(request.user) if request else Province.objects.none()


def _commands(request):
    return (
        MilitaryCommand.objects.visible_to(request.user)
        if request
        else MilitaryCommand.objects.none()
    )


class MilitaryCommandFilterSet(django_filters.FilterSet):
    province = django_filters.ModelChoiceFilter(
        queryset=_provinces, label=_("province"), to_field_name="code"
    )
    level = django_filters.ChoiceFilter(choices=MilitaryCommand.Level.choices, label=_("level"))
    has_commander = django_filters.BooleanFilter(label=_("has a Commander"))
    vacant = django_filters.BooleanFilter(method="filter_vacant", label=_("has vacant posts"))

    class Meta:
        model = MilitaryCommand
        fields = ["province", "level"]

    def filter_vacant(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(vacancies__gt=0) if value else queryset.filter(vacancies=0)


class AssignmentFilterSet(django_filters.FilterSet):
    command = django_filters.ModelChoiceFilter(queryset=_commands, label=_("command"))
    position = django_filters.ChoiceFilter(choices=Position.choices, label=_("post"))
    current = django_filters.BooleanFilter(method="filter_current", label=_("in post today"))

    class Meta:
        model = Assignment
        fields = ["command", "position"]

    def filter_current(self, queryset, name, value):
        if value is None:
            return queryset
        current = Assignment.objects.current().values("pk")
        return queryset.filter(pk__in=current) if value else queryset.exclude(pk__in=current)
