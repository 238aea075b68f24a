"""Filters of the report-form and return lists (all in the database; the lists paginate)."""

from __future__ import annotations

import django_filters
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from garrison.reporting.permissions import can_decide, can_fill, sees_one_commune
from garrison.territory.models import Commune

from . import periods
from .models import ReportForm, Submission
from .querysets import ON_TIME

TIMELINESS_CHOICES = [
    ("on_time", _("submitted on time")),
    ("late", _("submitted late")),
    ("overdue", _("overdue, not submitted")),
]


def _forms(request):
    if request is None:
        return ReportForm.objects.none()
    return ReportForm.objects.visible_to(request.user).order_by("code")


def _communes(request):
    if request is None:
        return Commune.objects.none()
    return Commune.objects.visible_to(request.user).order_by("name")


class FormFilterSet(django_filters.FilterSet):
    period_type = django_filters.ChoiceFilter(
        choices=ReportForm.PeriodType.choices, label=_("period")
    )
    active = django_filters.BooleanFilter(label=_("in use"))

    class Meta:
        model = ReportForm
        fields = ["period_type", "active"]


class SubmissionFilterSet(django_filters.FilterSet):
    """The returns list's filters. The commune filter is offered to those who see several
    communes; `for_commune` / `for_province` tell the list page which of its own pages to link
    ("Reports to make", "Reports to approve")."""

    form = django_filters.ModelChoiceFilter(queryset=_forms, label=_("form"))
    state = django_filters.ChoiceFilter(choices=Submission.State.choices, label=_("state"))
    period_key = django_filters.CharFilter(
        label=_("period"), method="filter_period", help_text=_("e.g. 10/2026, Q4/2026, 2026")
    )
    commune = django_filters.ModelChoiceFilter(
        queryset=_communes, label=_("commune"), to_field_name="code"
    )
    timeliness = django_filters.ChoiceFilter(
        choices=TIMELINESS_CHOICES, method="filter_timeliness", label=_("on time / late")
    )

    class Meta:
        model = Submission
        fields = ["form", "state", "period_key", "commune", "timeliness"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = request.user if request is not None else None
        self.for_commune = can_fill(user)
        self.for_province = can_decide(user)
        if sees_one_commune(user):
            self.filters.pop("commune")

    def filter_period(self, queryset, name, value):
        key = periods.key_from_text(value)  # "Tháng 10/2026", "10/2026" or the key "2026-10"
        return queryset.filter(period_key=key) if key else queryset

    def filter_timeliness(self, queryset, name, value):
        if value == "on_time":
            return queryset.filter(ON_TIME)
        if value == "late":
            return queryset.filter(
                Q(first_submitted_at__isnull=False, first_submitted_at__date__gt=F("due_on"))
            )
        if value == "overdue":
            return queryset.overdue(timezone.localdate())
        return queryset
