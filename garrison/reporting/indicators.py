"""Reporting figures for report forms, dashboards and the assessment (core.indicators): the
returns and the directives a commune owed in the year up to the day, and how many of them it
made or completed by their due date. Each is one aggregate query over the communes asked about
(the returns due add one small query for the forms that ask for them).

Definitions taken (the reporting rate's, `rates.querysets`, over a year instead of a period):
- a return is *due* for each period of a report form in use (`active`) that the commune
  returns — its province's forms and the Ministry's — whose due date falls between 1 January of
  the day's year and the day, when the form had a published version by the period's last day
  and the commune's command existed by then (`rates.querysets.expected_q`); a form taken out of
  use no longer counts at all (the register keeps no date of that);
- a return is *made on time* when it is made (submitted or approved: a return sent back for
  correction is not made until submitted again) and its first submission came by its due date
  (`returns.querysets.ON_TIME`), for one of the periods counted as due;
- a directive is *due* for each receipt of an issued directive whose due date falls between 1
  January and the day; it is *completed on time* when its completion was reported by the due
  date (the local date of `completed_at`).
"""

from __future__ import annotations

import bisect
import datetime
from collections.abc import Iterable

from django.db.models import Count, F, Min, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from garrison.core.indicators import Indicator, counts_by_commune, register_indicator
from garrison.territory.models import Commune

from .directives.models import Directive, DirectiveReceipt
from .rates.querysets import expected_q
from .returns import periods as periods_mod
from .returns.models import ReportForm, Submission
from .returns.querysets import ON_TIME


def _year_start(on: datetime.date) -> datetime.date:
    return datetime.date(on.year, 1, 1)


# --- returns due ---------------------------------------------------------------------------------
def due_periods(form: ReportForm, on: datetime.date) -> list[periods_mod.Period]:
    """The periods of `form` whose due date falls between 1 January of `on`'s year and `on`."""
    first_due, last_due = _year_start(on), on
    lag = datetime.timedelta(days=form.due_days)
    if form.period_type == periods_mod.EVENT:
        if form.event_start is None or form.event_end is None:
            return []
        candidates = [form.period_of(form.event_start)]
    else:
        candidates = periods_mod.periods_between(form.period_type, first_due - lag, last_due - lag)
    return [p for p in candidates if first_due <= p.due_on(form.due_days) <= last_due]


def _forms_due(province_ids: Iterable[int], on: datetime.date) -> dict[int | None, list]:
    """{province id (None: the Ministry's): [(form id, [period keys], [period ends])]} of the
    forms in use of these provinces and of the Ministry, with the periods due, each counted
    only from the form's first publication (one query)."""
    forms = (
        ReportForm.objects.filter(active=True)
        .filter(Q(province_id__in=list(province_ids)) | Q(province__isnull=True))
        .annotate(first_published=Min("versions__published_at"))
        .filter(first_published__isnull=False)
    )
    answer: dict[int | None, list] = {}
    for form in forms:
        published = timezone.localdate(form.first_published)
        periods = [p for p in due_periods(form, on) if published <= p.end]
        if periods:
            answer.setdefault(form.province_id, []).append(
                (form.pk, [p.key for p in periods], [p.end for p in periods])
            )
    return answer


def _returns_due(ids: list[int], on: datetime.date) -> dict[int, int]:
    communes = list(
        Commune.objects.filter(pk__in=ids).values_list(
            "pk", "province_id", "command__level", "command__established_on"
        )
    )
    forms = _forms_due({province for _pk, province, _l, _e in communes}, on)
    ends_of: dict[int | None, list[datetime.date]] = {}

    def ends(province_id: int) -> list[datetime.date]:
        """The last days of the periods due from the communes of the province, sorted."""
        if province_id not in ends_of:
            rows = [*forms.get(province_id, []), *forms.get(None, [])]
            ends_of[province_id] = sorted(end for _form, _keys, days in rows for end in days)
        return ends_of[province_id]

    answer = {}
    for pk, province_id, level, established in communes:  # one row per commune: no query
        if level != "commune":
            continue
        period_ends = ends(province_id)
        # expected for the periods that ended on or after the day its command was established
        answer[pk] = (
            len(period_ends)
            if established is None
            else len(period_ends) - bisect.bisect_left(period_ends, established)
        )
    return answer


def _returns_on_time(ids: list[int], on: datetime.date) -> dict[int, int]:
    provinces = set(Commune.objects.filter(pk__in=ids).values_list("province_id", flat=True))
    forms = _forms_due(provinces, on)
    counted = Q(pk__in=[])
    for rows in forms.values():
        for form_id, keys, _ends in rows:
            counted |= Q(form_id=form_id, period_key__in=keys)
    made = (
        Submission.objects.filter(commune_id__in=ids, state__in=Submission.MADE)
        .filter(counted, ON_TIME, expected_q(F("period_end"), prefix="commune__"))
        .order_by()
        .values("commune_id")
        .annotate(n=Count("pk"))
    )
    return {row["commune_id"]: row["n"] for row in made}


# --- directives due ------------------------------------------------------------------------------
def _receipts(ids: list[int], on: datetime.date):
    return DirectiveReceipt.objects.filter(
        commune_id__in=ids,
        directive__status=Directive.Status.ISSUED,
        due_on__gte=_year_start(on),
        due_on__lte=on,
    )


def _receipts_due(ids: list[int], on: datetime.date) -> dict[int, int]:
    return counts_by_commune(_receipts(ids, on))


def _receipts_on_time(ids: list[int], on: datetime.date) -> dict[int, int]:
    return counts_by_commune(_receipts(ids, on).filter(completed_at__date__lte=F("due_on")))


# --- the registry ------------------------------------------------------------------------------
def _list(name: str, **params: str):
    """A figure's list: page `name` filtered on the commune (by its code) and `params`."""

    def url(commune_id: int, on: datetime.date) -> str | None:
        try:
            base = reverse(name)
        except NoReverseMatch:
            return None
        return f"{base}?{urlencode({'commune': Commune.code_of(commune_id), **params})}"

    return url


register_indicator(
    Indicator(
        "reporting.returns_due",
        _("returns due this year"),
        _(
            "Report forms in use: the returns the commune owed for the periods due between 1 "
            "January and the day"
        ),
        _returns_due,
        unit=_("reports"),
        list_url=_list("reporting:submission_list"),
    )
)
register_indicator(
    Indicator(
        "reporting.returns_on_time",
        _("returns made on time this year"),
        _("Returns due between 1 January and the day, first submitted by their due date"),
        _returns_on_time,
        unit=_("reports"),
        list_url=_list("reporting:submission_list", timeliness="on_time"),
    )
)
register_indicator(
    Indicator(
        "reporting.receipts_due",
        _("directives due this year"),
        _("Directives received: receipts of issued directives due between 1 January and the day"),
        _receipts_due,
        unit=_("directives"),
        list_url=_list("reporting:receipt_list"),
    )
)
register_indicator(
    Indicator(
        "reporting.receipts_on_time",
        _("directives completed on time this year"),
        _("Directives due between 1 January and the day whose completion came by the due date"),
        _receipts_on_time,
        unit=_("directives"),
        list_url=_list("reporting:receipt_list", state="on_time"),
    )
)
