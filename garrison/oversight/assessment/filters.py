"""Filters of the assessment lists (in the database; the lists paginate), one FilterSet per
register for its page and its API: `year`, `period`, `state`, `province` (a code), `run` (an
id), `commune` (a code), `measure` (a code of `measures.py`)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from garrison.core.filtering import IntegerFilter
from garrison.territory.models import Commune, Province

from .measures import measure_choices
from .models import AssessmentCriterion, AssessmentRun, CommuneScore, Period, RunState, ScoreFigure


def _provinces(request):
    if request is None:
        return Province.objects.none()
    return Province.objects.visible_to(request.user).order_by("name")


def _communes(request):
    if request is None:
        return Commune.objects.none()
    return Commune.objects.visible_to(request.user).order_by("name")


def _runs(request):
    if request is None:
        return AssessmentRun.objects.none()
    return AssessmentRun.objects.visible_to(request.user).select_related("province")


def _province_filter():
    return django_filters.ModelChoiceFilter(
        queryset=_provinces, label=_("province"), to_field_name="code"
    )


def _commune_filter():
    return django_filters.ModelChoiceFilter(
        queryset=_communes, label=_("commune"), to_field_name="code"
    )


class CriterionFilterSet(django_filters.FilterSet):
    year = IntegerFilter(field_name="year", label=_("year"))
    measure = django_filters.ChoiceFilter(choices=measure_choices, label=_("measure"))
    province = _province_filter()

    class Meta:
        model = AssessmentCriterion
        fields = ["year", "measure", "province"]


class RunFilterSet(django_filters.FilterSet):
    year = IntegerFilter(field_name="year", label=_("year"))
    period = django_filters.ChoiceFilter(choices=Period.choices, label=_("period"))
    state = django_filters.ChoiceFilter(choices=RunState.choices, label=_("state"))
    province = _province_filter()

    class Meta:
        model = AssessmentRun
        fields = ["year", "period", "state", "province"]


class ScoreFilterSet(django_filters.FilterSet):
    run = django_filters.ModelChoiceFilter(queryset=_runs, label=_("assessment"))
    year = IntegerFilter(field_name="run__year", label=_("year"))
    period = django_filters.ChoiceFilter(
        field_name="run__period", choices=Period.choices, label=_("period")
    )
    commune = _commune_filter()

    class Meta:
        model = CommuneScore
        fields = ["run", "year", "period", "commune"]


class FigureFilterSet(django_filters.FilterSet):
    run = django_filters.ModelChoiceFilter(queryset=_runs, label=_("assessment"))
    commune = _commune_filter()
    measure = django_filters.ChoiceFilter(choices=measure_choices, label=_("measure"))

    class Meta:
        model = ScoreFigure
        fields = ["run", "commune", "measure"]
