"""Filters of the directive lists (all in the database; the list views paginate)."""

from __future__ import annotations

import django_filters
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from garrison.core.filtering import IntegerFilter
from garrison.territory.models import Commune

from .models import Directive, DirectiveReceipt

STATE_CHOICES = [
    ("not_acknowledged", _("not acknowledged")),
    ("acknowledged", _("acknowledged")),
    ("not_completed", _("not completed")),
    ("completed", _("completed")),
    ("overdue", _("overdue")),
    ("late", _("completed late")),
    ("on_time", _("completed on time")),
]


def _communes(request):
    if request is None:
        return Commune.objects.none()
    return Commune.objects.visible_to(request.user).order_by("name")


def _directives(request):
    if request is None:
        return Directive.objects.none()
    return Directive.objects.visible_to(request.user).order_by("-issued_on", "-pk")


class DirectiveFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Directive.Status.choices, label=_("status"))
    year = IntegerFilter(field_name="issued_on", lookup_expr="year", label=_("issued in (year)"))
    progress = django_filters.ChoiceFilter(
        label=_("progress"),
        choices=[
            ("overdue", _("with communes overdue")),
            ("open", _("not completed by every commune")),
            ("done", _("completed by every commune")),
        ],
        method="filter_progress",
    )

    class Meta:
        model = Directive
        fields = ["status", "year"]

    def filter_progress(self, queryset, name, value):
        # the list's queryset carries the progress annotations (DirectiveQuerySet.with_progress)
        if value == "overdue":
            return queryset.filter(overdue_count__gt=0)
        if value == "open":
            return queryset.issued().exclude(completed_count__gte=F("recipients_count"))
        if value == "done":
            return queryset.issued().filter(completed_count__gte=F("recipients_count"))
        return queryset


class ReceiptFilterSet(django_filters.FilterSet):
    directive = django_filters.ModelChoiceFilter(queryset=_directives, label=_("directive"))
    commune = django_filters.ModelChoiceFilter(
        queryset=_communes, label=_("commune"), to_field_name="code"
    )
    state = django_filters.ChoiceFilter(
        choices=STATE_CHOICES, method="filter_state", label=_("state")
    )
    reminded = django_filters.BooleanFilter(
        field_name="reminders_sent", lookup_expr="gt", label=_("reminded"), method="filter_reminded"
    )

    class Meta:
        model = DirectiveReceipt
        fields = ["directive", "commune", "state"]

    def filter_state(self, queryset, name, value):
        return queryset.filter_state(value, timezone.localdate())

    def filter_reminded(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(reminders_sent__gt=0) if value else queryset.filter(reminders_sent=0)
