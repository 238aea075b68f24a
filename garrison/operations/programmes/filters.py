"""Filters of the programme and aid lists (in the database; the lists paginate). Names are an
interface (the totals page and the home page link to them): programmes `year`, `running_on`
(dd/mm/yyyy or yyyy-mm-dd), `partner` (a mass organisation's code), `commune` (a code: the
programmes it takes part in, its own and its province's); help given `programme` (id), `kind`,
`commune` (code), `helped_twice` (true/false: the person was helped more than once under the
same programme)."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from garrison.operations.filtering import communes_in_scope

from .models import PARTNER_FIELDS, AidKind, MassOrganisationCode, MassProgramme, ProgrammeAid


def programmes_in_scope(request):
    if request is None:
        return MassProgramme.objects.none()
    return MassProgramme.objects.visible_to(request.user).order_by("-starts_on", "name")


def helped_twice_q() -> Exists:
    """True for help whose person was helped under the same programme by another row too."""
    return Exists(
        ProgrammeAid.objects.filter(
            programme_id=OuterRef("programme_id"), person_id=OuterRef("person_id")
        ).exclude(pk=OuterRef("pk"))
    )


class ProgrammeFilterSet(django_filters.FilterSet):
    # lookup_expr "year": core.filtering reads it as a whole number ("1.200" is 1200), as every
    # year filter; the method decides what it filters (a programme running in that year)
    year = django_filters.NumberFilter(method="filter_year", lookup_expr="year", label=_("year"))
    running_on = django_filters.DateFilter(method="filter_running_on", label=_("running on"))
    partner = django_filters.ChoiceFilter(
        choices=MassOrganisationCode.choices, method="filter_partner", label=_("partner")
    )
    commune = django_filters.ModelChoiceFilter(
        queryset=communes_in_scope,
        label=_("commune"),
        to_field_name="code",
        method="filter_commune",
    )

    class Meta:
        model = MassProgramme
        fields = ["year", "running_on", "partner", "commune"]

    def filter_year(self, queryset, name, value):
        if value is None:
            return queryset
        year = int(value)
        return queryset.filter(starts_on__year__lte=year, ends_on__year__gte=year)

    def filter_running_on(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(starts_on__lte=value, ends_on__gte=value)

    def filter_partner(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(**{PARTNER_FIELDS[value]: True})

    def filter_commune(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(
            Q(commune_id=value.pk) | Q(commune__isnull=True, province_id=value.province_id)
        )


class AidFilterSet(django_filters.FilterSet):
    programme = django_filters.ModelChoiceFilter(queryset=programmes_in_scope, label=_("programme"))
    kind = django_filters.ChoiceFilter(choices=AidKind.choices, label=_("what was given"))
    commune = django_filters.ModelChoiceFilter(
        queryset=communes_in_scope, label=_("commune"), to_field_name="code"
    )
    helped_twice = django_filters.BooleanFilter(
        method="filter_helped_twice", label=_("helped more than once in the programme")
    )

    class Meta:
        model = ProgrammeAid
        fields = ["programme", "kind", "commune", "helped_twice"]

    def filter_helped_twice(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(helped_twice_q()) if value else queryset.exclude(helped_twice_q())
