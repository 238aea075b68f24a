"""Filters of the cadres lists."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from garrison.commands.rules import Position
from garrison.core.filtering import IntegerFilter
from garrison.territory.models import Commune, Province

from .models import CadreDecision, CadreProfile, Evaluation, PlacementRun, SuccessionPlan
from .rules import PoliticalTheory, Rank, ServiceCategory


def _communes(request):
    return Commune.objects.visible_to(request.user) if request else Commune.objects.none()


def _provinces(request):
    return Province.objects.visible_to(request.user) if request else Province.objects.none()


class CadreProfileFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=CadreProfile.Status.choices, label=_("status"))
    service_category = django_filters.ChoiceFilter(
        choices=ServiceCategory.choices, label=_("service category")
    )
    rank = django_filters.ChoiceFilter(choices=Rank.choices, label=_("rank"))
    political_theory = django_filters.ChoiceFilter(
        choices=PoliticalTheory.choices, label=_("political theory level")
    )
    commune = django_filters.ModelChoiceFilter(
        queryset=_communes, label=_("serving in"), to_field_name="code"
    )
    unplaced = django_filters.BooleanFilter(
        field_name="commune", lookup_expr="isnull", label=_("without a commune post")
    )

    class Meta:
        model = CadreProfile
        fields = ["status", "service_category", "rank", "political_theory", "commune"]


class CadreDecisionFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=CadreDecision.Kind.choices, label=_("kind"))
    status = django_filters.ChoiceFilter(choices=CadreDecision.Status.choices, label=_("status"))
    commune = django_filters.ModelChoiceFilter(
        queryset=_communes, label=_("commune"), to_field_name="code"
    )
    profile = IntegerFilter(field_name="profile_id", label=_("cadre profile (id)"))
    run = IntegerFilter(field_name="placement_run_id", label=_("placement proposal (id)"))

    class Meta:
        model = CadreDecision
        fields = ["kind", "status"]


class PlacementRunFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=PlacementRun.Status.choices, label=_("status"))
    province = django_filters.ModelChoiceFilter(
        queryset=_provinces, label=_("province"), to_field_name="code"
    )

    class Meta:
        model = PlacementRun
        fields = ["status", "province"]


class SuccessionPlanFilterSet(django_filters.FilterSet):
    position = django_filters.ChoiceFilter(choices=Position.choices, label=_("post"))
    readiness = django_filters.ChoiceFilter(
        choices=SuccessionPlan.Readiness.choices, label=_("readiness")
    )

    class Meta:
        model = SuccessionPlan
        fields = ["position", "readiness"]


class EvaluationFilterSet(django_filters.FilterSet):
    year = IntegerFilter(label=_("year"))
    rating = django_filters.ChoiceFilter(choices=Evaluation.Rating.choices, label=_("rating"))

    class Meta:
        model = Evaluation
        fields = ["year", "rating"]
