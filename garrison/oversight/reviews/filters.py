"""Filters of the reviews list (in the database; the list paginates), for the page and the API
alike: `kind` (interim, overall), `subject` (period, programme, event), `year` (the year it was
held), `province` (a province code: the Ministry's choice)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from garrison.core.filtering import IntegerFilter
from garrison.territory.models import Province

from .models import Review, ReviewKind, ReviewSubject


def provinces_in_scope(request):
    if request is None:
        return Province.objects.none()
    return Province.objects.visible_to(request.user).order_by("code")


class ReviewFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=ReviewKind.choices, label=_("kind"))
    subject = django_filters.ChoiceFilter(
        choices=ReviewSubject.choices, label=_("what is reviewed")
    )
    year = IntegerFilter(field_name="held_on", lookup_expr="year", label=_("held in (year)"))
    province = django_filters.ModelChoiceFilter(
        queryset=provinces_in_scope, label=_("province"), to_field_name="code"
    )

    class Meta:
        model = Review
        fields = ["kind", "subject", "year", "province"]
