from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from garrison.core.filtering import IntegerFilter
from garrison.territory.models import Commune

from . import rules
from .models import Admission, CallUpOrder, Campaign, Candidate, RecordTransfer, ServiceRecord
from .querysets import STAGES


def _communes(request):
    if request is None:
        return Commune.objects.none()
    return Commune.objects.visible_to(request.user).order_by("name")


def _campaigns(request):
    if request is None:
        return Campaign.objects.none()
    return Campaign.objects.visible_to(request.user).select_related("province")


class ServiceRecordFilterSet(django_filters.FilterSet):
    commune = django_filters.ModelChoiceFilter(
        queryset=_communes, label=_("commune"), to_field_name="code"
    )
    status = django_filters.ChoiceFilter(choices=ServiceRecord.Status.choices, label=_("status"))
    born_in = IntegerFilter(
        field_name="person__date_of_birth", lookup_expr="year", label=_("born in (year)")
    )

    class Meta:
        model = ServiceRecord
        fields = ["commune", "status"]


class TransferFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=RecordTransfer.Status.choices, label=_("status"))
    direction = django_filters.ChoiceFilter(
        label=_("direction"),
        choices=[("in", _("coming in")), ("out", _("going out"))],
        method="filter_direction",
    )

    class Meta:
        model = RecordTransfer
        fields = ["status"]

    def filter_direction(self, queryset, name, value):
        commune_id = getattr(getattr(self.request, "user", None), "commune_id", None)
        if not commune_id:
            return queryset
        side = "to_commune_id" if value == "in" else "from_commune_id"
        return queryset.filter(**{side: commune_id})


class CampaignFilterSet(django_filters.FilterSet):
    year = IntegerFilter(label=_("year"))
    status = django_filters.ChoiceFilter(choices=Campaign.Status.choices, label=_("status"))

    class Meta:
        model = Campaign
        fields = ["year", "status"]


class CandidateFilterSet(django_filters.FilterSet):
    campaign = django_filters.ModelChoiceFilter(queryset=_campaigns, label=_("campaign"))
    commune = django_filters.ModelChoiceFilter(
        queryset=_communes, label=_("commune"), to_field_name="code"
    )
    stage = django_filters.ChoiceFilter(choices=STAGES, label=_("stage"))
    reached = django_filters.ChoiceFilter(
        choices=STAGES, label=_("reached the stage"), method="filter_reached"
    )
    outcome = django_filters.ChoiceFilter(label=_("outcome"))
    ground = django_filters.CharFilter(label=_("ground"))

    class Meta:
        model = Candidate
        fields = ["campaign", "commune", "outcome", "ground"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["outcome"].extra["choices"] = [
            (code, label) for code, label in rules.OUTCOME_LABELS.items()
        ]

    def filter_reached(self, queryset, name, value):
        return queryset.reached(value) if value else queryset


class CallUpOrderFilterSet(django_filters.FilterSet):
    commune = django_filters.ModelChoiceFilter(
        queryset=_communes, label=_("commune"), to_field_name="code"
    )
    year = IntegerFilter(label=_("year"))

    class Meta:
        model = CallUpOrder
        fields = ["commune", "year"]


class AdmissionFilterSet(django_filters.FilterSet):
    commune = django_filters.ModelChoiceFilter(
        queryset=_communes, label=_("commune"), to_field_name="code"
    )
    year = IntegerFilter(label=_("year"))
    result = django_filters.ChoiceFilter(choices=Admission.Result.choices, label=_("result"))

    class Meta:
        model = Admission
        fields = ["commune", "year", "result"]
