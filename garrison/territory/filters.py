from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Commune, CommuneType, Province, Village


def _provinces(request):
    if request is None:
        return Province.objects.none()
    return Province.objects.visible_to(request.user)


class CommuneFilterSet(django_filters.FilterSet):
    province = django_filters.ModelChoiceFilter(
        queryset=_provinces, label=_("province"), to_field_name="code"
    )
    division_type = django_filters.ChoiceFilter(choices=CommuneType.choices, label=_("type"))
    is_border = django_filters.BooleanFilter(label=_("border commune"))
    is_remote = django_filters.BooleanFilter(label=_("extremely difficult / remote area"))
    is_island = django_filters.BooleanFilter(label=_("island"))
    is_key_defence = django_filters.BooleanFilter(label=_("key defence-security area"))

    class Meta:
        model = Commune
        fields = [
            "province",
            "division_type",
            "is_border",
            "is_remote",
            "is_island",
            "is_key_defence",
        ]


def _communes(request):
    if request is None:
        return Commune.objects.none()
    return Commune.objects.visible_to(request.user).order_by("name")


class VillageFilterSet(django_filters.FilterSet):
    commune = django_filters.ModelChoiceFilter(
        queryset=_communes, label=_("commune"), to_field_name="code"
    )

    class Meta:
        model = Village
        fields = ["commune"]
