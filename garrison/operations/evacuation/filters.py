"""Filter of the evacuation assignments list: `commune` (a code), `village` and `area` (ids)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from garrison.operations.filtering import communes_in_scope
from garrison.operations.works.models import DefenceWork
from garrison.territory.models import Village

from .models import EvacuationAssignment


def _villages(request):
    if request is None:
        return Village.objects.none()
    return Village.objects.visible_to(request.user)


def _areas(request):
    if request is None:
        return DefenceWork.objects.none()
    return DefenceWork.objects.visible_to(request.user).filter(kind="evacuation_area")


class EvacuationAssignmentFilterSet(django_filters.FilterSet):
    commune = django_filters.ModelChoiceFilter(
        queryset=communes_in_scope, label=_("commune"), to_field_name="code"
    )
    village = django_filters.ModelChoiceFilter(queryset=_villages, label=_("village"))
    area = django_filters.ModelChoiceFilter(queryset=_areas, label=_("evacuation area"))

    class Meta:
        model = EvacuationAssignment
        fields = ["commune", "village", "area"]
