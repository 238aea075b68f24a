from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from garrison.territory.models import Commune

from .models import EducationLevel, Person, Sex


def _communes(request):
    if request is None:
        return Commune.objects.none()
    return Commune.objects.visible_to(request.user).order_by("name")


class PersonFilterSet(django_filters.FilterSet):
    # one meaning on the page and in the API: a commune is named by its official code
    commune = django_filters.ModelChoiceFilter(
        field_name="residence_commune",
        queryset=_communes,
        label=_("residence commune"),
        to_field_name="code",
    )
    sex = django_filters.ChoiceFilter(choices=Sex.choices, label=_("sex"))
    education_level = django_filters.ChoiceFilter(
        choices=EducationLevel.choices, label=_("education level")
    )
    born_from = django_filters.DateFilter(
        field_name="date_of_birth", lookup_expr="gte", label=_("born from")
    )
    born_until = django_filters.DateFilter(
        field_name="date_of_birth", lookup_expr="lte", label=_("born until")
    )

    class Meta:
        model = Person
        fields = ["commune", "sex", "education_level"]
