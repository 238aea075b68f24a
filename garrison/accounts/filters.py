from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from garrison.territory.models import Commune

from .models import User
from .rules import Role


def _communes(request):
    return (
        Commune.objects.visible_to(request.user).order_by("name")
        if request
        else Commune.objects.none()
    )


class UserFilterSet(django_filters.FilterSet):
    role = django_filters.ChoiceFilter(choices=Role.choices, label=_("role"))
    commune = django_filters.ModelChoiceFilter(
        queryset=_communes, label=_("commune"), to_field_name="code"
    )
    is_active = django_filters.BooleanFilter(label=_("active"))

    class Meta:
        model = User
        fields = ["role", "commune", "is_active"]
