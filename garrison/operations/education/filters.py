"""Filters of the education lists (in the database; the lists paginate). Names the coverage
page links to: `audience`, `year`, `commune` (a code); for the cadres also `due` (true: not
trained within the cycle today) and for attendance `session` (an id)."""

from __future__ import annotations

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from garrison.operations.filtering import communes_in_scope

from .models import (
    CADRE_GROUPS,
    AudienceGroup,
    AudienceMember,
    EducationAttendance,
    EducationSession,
)
from .querysets import trained_q


def _commune_filter():
    return django_filters.ModelChoiceFilter(
        queryset=communes_in_scope, label=_("commune"), to_field_name="code"
    )


def _sessions(request):
    if request is None:
        return EducationSession.objects.none()
    return EducationSession.objects.visible_to(request.user)


class SessionFilterSet(django_filters.FilterSet):
    audience = django_filters.ChoiceFilter(choices=AudienceGroup.choices, label=_("audience"))
    year = django_filters.NumberFilter(field_name="starts_on", lookup_expr="year", label=_("year"))
    commune = _commune_filter()

    class Meta:
        model = EducationSession
        fields = ["audience", "year", "commune"]


class AttendanceFilterSet(django_filters.FilterSet):
    session = django_filters.ModelChoiceFilter(queryset=_sessions, label=_("session"))
    commune = _commune_filter()

    class Meta:
        model = EducationAttendance
        fields = ["session", "commune"]


class AudienceMemberFilterSet(django_filters.FilterSet):
    audience = django_filters.ChoiceFilter(
        choices=[(g.value, g.label) for g in CADRE_GROUPS], label=_("group")
    )
    commune = _commune_filter()
    due = django_filters.BooleanFilter(
        label=_("due for education (not trained within the cycle)"), method="filter_due"
    )

    class Meta:
        model = AudienceMember
        fields = ["audience", "commune", "due"]

    def filter_due(self, queryset, name, value):
        if value is None:
            return queryset
        today = timezone.localdate()
        if value:
            return queryset.due_on(today)
        return queryset.members_on(today).filter(trained_q(today))
