"""The reporting-rate pages: for a report form and a period (by default the latest whose due date
has passed), who reported on time, late or not at all.

- a province sees one row per commune (`rates.commune_states`), the totals on top and the rate
  over the last 12 periods as a chart;
- the nation sees one row per province (`rates.rate_table`, grouped by province) with the national
  total, each province opening the same commune table as the province's (`?province=<id>`,
  read-only);
- a commune sees its own returns on the form over the last 12 periods.

Every figure comes from the scoped querysets (`visible_to`) and the two-query roll-ups of
`rates`; the loops below only label the rows of the rendered table. The same resolution of the
query string (`resolve_rates`) feeds the page and its exports (exports.py), so an export holds
exactly what the page shows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View

from garrison.core.filtering import query_text
from garrison.core.replica import ReplicaReadsMixin
from garrison.core.scoping import COMMUNE, NATION, PROVINCE, get_for, scope_of
from garrison.reporting.permissions import (
    can_fill,
    sees_one_commune,
    sees_one_province,
    sees_the_nation,
)
from garrison.reporting.returns import periods as periods_mod
from garrison.reporting.returns.models import FormVersion, ReportForm, Submission
from garrison.reporting.returns.views.registers import fill_url, timeliness
from garrison.territory.models import Commune, Province

from . import querysets as rates

#: periods shown in the trend chart and in a commune's history
RECENT = 12
#: periods offered in the period picker (the current one and those before it)
CHOICES_BACK = 24
#: the statuses of a commune for a period, in the order of the totals
STATUSES = ("on_time", "late", "missing", "not_yet_due", "not_expected")


def status_labels() -> dict[str, str]:
    return {
        "on_time": _("on time"),
        "late": _("late"),
        "missing": _("missing"),
        "not_yet_due": _("not yet due"),
        "not_expected": _("not expected"),
    }


STATUS_STYLES = {
    "on_time": "text-bg-success",
    "late": "text-bg-warning",
    "missing": "text-bg-danger",
    "not_yet_due": "text-bg-light",
    "not_expected": "text-bg-secondary",
}


# --- forms and periods ----------------------------------------------------------------------------
def report_forms(user: Any):
    """The forms `user` may see that have a published version: active ones first."""
    published = FormVersion.objects.visible_to(user).filter(
        form=OuterRef("pk"), published_at__isnull=False
    )
    return (
        ReportForm.objects.visible_to(user)
        .filter(Exists(published))
        .select_related("province")
        .order_by("-active", "code", "pk")
    )


def latest_due_period(form: ReportForm, today: datetime.date) -> periods_mod.Period | None:
    """The latest period of `form` whose due date has passed (an event form: its event)."""
    try:
        period = form.period_of(today)
    except ValueError:  # an event form without its days
        return None
    if period.kind == periods_mod.EVENT:
        return period
    for _step in range(1000):  # a due date is at most a few hundred days after its period
        if period.due_on(form.due_days) < today:
            return period
        period = periods_mod.previous(period)
    return None


def periods_ending(form: ReportForm, last: periods_mod.Period, count: int) -> list:
    """`count` periods of `form` ending with `last`, oldest first."""
    found = [last]
    while len(found) < count:
        before = periods_mod.previous(found[-1], form.event)
        if before is None:
            break
        found.append(before)
    return found[::-1]


def period_choices(form: ReportForm, today: datetime.date) -> list:
    """The periods offered in the picker: the current one and those before it, newest first."""
    try:
        current = form.period_of(today)
    except ValueError:
        return []
    return periods_ending(form, current, CHOICES_BACK)[::-1]


def form_communes(user: Any, form: ReportForm):
    """The communes `user` sees that return `form` (a province's form: that province's)."""
    communes = Commune.objects.visible_to(user)
    if form.province_id:
        communes = communes.filter(province_id=form.province_id)
    return communes


def chart_spec(series: list[tuple[periods_mod.Period, rates.RateRow]]) -> dict[str, Any]:
    """The data of a rate-over-time bar chart (garrison/charts.js)."""
    return {
        "labels": [period.label for period, _row in series],
        "datasets": [
            {"label": _("reported (per cent)"), "data": [row.rate for _p, row in series]},
            {"label": _("on time (per cent)"), "data": [row.on_time_rate for _p, row in series]},
        ],
        "percent": True,
    }


def rates_url(form: ReportForm, period: periods_mod.Period | None = None, **extra: Any) -> str:
    query: dict[str, Any] = {"form": form.pk}
    if period is not None:
        query["period"] = period.key
    query.update({k: v for k, v in extra.items() if v not in (None, "")})
    return reverse("reporting:rates") + "?" + urlencode(query)


# --- what the query string asks for ---------------------------------------------------------------
@dataclass
class RateQuery:
    """The form, period and place a rate page or export is about."""

    user: Any
    today: datetime.date
    forms: list = field(default_factory=list)
    form: ReportForm | None = None
    period: periods_mod.Period | None = None
    #: how the page groups: the nation (by province), a province (by commune) or one commune
    grouping: str = NATION
    province: Province | None = None
    status: str = ""
    q: str = ""
    notice: str = ""

    @property
    def shows_one_commune(self) -> bool:
        """The page is one commune's history (the table's grouping, not a permission)."""
        return self.grouping == COMMUNE

    @property
    def shows_one_province(self) -> bool:
        """The page is one province's table of communes."""
        return self.grouping == PROVINCE

    @property
    def periods(self) -> list:
        if self.form is None or self.period is None:
            return []
        return periods_ending(self.form, self.period, RECENT)

    @property
    def due_on(self) -> datetime.date | None:
        return self.period.due_on(self.form.due_days) if self.period else None

    def filters(self) -> dict[str, Any]:
        """What an export records in the audit log."""
        return {
            "form": self.form.code if self.form else None,
            "period": self.period.key if self.period else None,
            "province": self.province.pk if self.province else None,
            "status": self.status or None,
            "q": self.q or None,
        }

    def query(self, **override: Any) -> str:
        """This page's query string (with `override`), for exports and links."""
        drill_down = self.province is not None and not sees_one_province(self.user)
        values: dict[str, Any] = {
            "form": self.form.pk if self.form else "",
            "period": self.period.key if self.period else "",
            "province": self.province.pk if drill_down else "",
            "status": self.status,
            "q": self.q,
        }
        values.update(override)
        return urlencode({k: v for k, v in values.items() if v not in (None, "")})

    @property
    def user_sees_the_nation(self) -> bool:
        """Whether the user looks from the Ministry (the rate report is then the General
        Staff's)."""
        return sees_the_nation(self.user)


def resolve_rates(request: HttpRequest, today: datetime.date | None = None) -> RateQuery:
    """Read form, period, province, status and q from the query string; 404 for a form or a
    province outside the user's scope. A period that does not parse falls back to the default
    with a notice saying so."""
    user = request.user
    scope = scope_of(user)
    if scope is None:
        raise Http404
    today = today or timezone.localdate()
    forms_qs = report_forms(user)
    query = RateQuery(user=user, today=today, forms=list(forms_qs))
    form_id = request.GET.get("form", "").strip()
    if form_id:
        query.form = get_for(user, forms_qs, pk=form_id)
    else:
        query.form = query.forms[0] if query.forms else None
    if query.form is None:
        return query
    key = query_text(request.GET, "period", max_length=30)
    if key:
        try:
            query.period = query.form.period_for_key(key)
        except ValueError:
            query.notice = _(
                "“%(key)s” is not a period of this form (write it like %(example)s): the latest "
                "period past its due date is shown."
            ) % {
                "key": key,
                "example": periods_mod.KEY_EXAMPLES.get(query.form.period_type, ""),
            }
    if query.period is None:
        query.period = latest_due_period(query.form, today)
    if sees_one_commune(user):
        query.grouping = COMMUNE
    else:
        province_id = request.GET.get("province", "").strip()
        if sees_one_province(user) or province_id:
            query.province = get_for(user, Province, pk=province_id or scope.province_id)
            query.grouping = PROVINCE
    status = request.GET.get("status", "").strip()
    query.status = status if status in STATUSES else ""
    query.q = query_text(request.GET, "q", max_length=100)
    return query


# --- the tables -----------------------------------------------------------------------------------
def province_table(query: RateQuery) -> dict[str, Any]:
    """One row per commune of the province (commune_states: one query) and the province's
    totals over the recent periods (rate_table: two queries)."""
    form, period, province = query.form, query.period, query.province
    communes = form_communes(query.user, form).filter(province_id=province.pk)
    table = rates.rate_table(communes, form, query.periods, "province", query.today)
    series = [
        (p, table.get((province.pk, p.key)) or rates.RateRow(key=None)) for p in query.periods
    ]
    total = series[-1][1] if series else rates.RateRow(key=None)
    shown = communes.filter(name__icontains=query.q) if query.q else communes
    labels = status_labels()
    rows = []
    for commune in rates.commune_states(shown, form, period, query.today):
        if query.status and commune.status != query.status:
            continue
        commune.status_label = labels.get(commune.status, commune.status)
        commune.status_style = STATUS_STYLES.get(commune.status, "text-bg-light")
        commune.return_url = (
            reverse("reporting:submission_detail", kwargs={"pk": commune.return_pk})
            if commune.return_pk
            else None
        )
        rows.append(commune)
    return {"rows": rows, "total": total, "series": series}


def nation_table(query: RateQuery) -> dict[str, Any]:
    """One row per province (rate_table grouped by province: two queries) and the national
    totals over the recent periods."""
    form, period = query.form, query.period
    communes = form_communes(query.user, form)
    table = rates.rate_table(communes, form, query.periods, "province", query.today)
    provinces = Province.objects.visible_to(query.user).order_by("code")
    if form.province_id:
        provinces = provinces.filter(pk=form.province_id)
    rows = []
    for province in provinces:
        row = table.get((province.pk, period.key)) or rates.RateRow(
            key=province.pk, period=period, due_passed=query.due_on < query.today
        )
        row.name = province.name
        row.extra["province"] = province
        row.extra["url"] = rates_url(form, period, province=province.pk)
        rows.append(row)
    series = [(p, rates.totals(table, p.key)) for p in query.periods]
    total = series[-1][1] if series else rates.RateRow(key=None)
    return {"rows": rows, "total": total, "series": series}


def commune_history(query: RateQuery) -> dict[str, Any]:
    """The commune's own returns on the form over the recent periods, newest first (two
    queries: its command's establishment and its returns)."""
    user, form = query.user, query.form
    scope = scope_of(user)
    command = (
        Commune.objects.visible_to(user)
        .filter(pk=scope.commune_id)
        .values("command__established_on", "command__level")
        .first()
    ) or {"command__established_on": None, "command__level": None}
    wanted = query.periods
    returns = {
        s.period_key: s
        for s in Submission.objects.visible_to(user).filter(
            form=form, commune_id=scope.commune_id, period_key__in=[p.key for p in wanted]
        )
    }
    fillable = can_fill(user) and form.active
    rows = []
    for period in reversed(wanted):
        submission = returns.get(period.key)
        due = period.due_on(form.due_days)
        expected = command["command__level"] == "commune" and periods_mod.is_expected(
            command["command__established_on"], period
        )
        made = submission is not None and submission.is_made
        rows.append(
            {
                "period": period,
                "due_on": due,
                "expected": expected,
                "submission": submission,
                "made": made,
                "overdue": expected and not made and due < query.today,
                "timeliness": timeliness(submission) if submission else "",
                "detail_url": reverse("reporting:submission_detail", kwargs={"pk": submission.pk})
                if submission
                else None,
                "fill_url": fill_url(form.pk, period.key)
                if fillable and expected and not made and period.start <= query.today
                else None,
            }
        )
    return {"rows": rows}


def rate_context(query: RateQuery) -> dict[str, Any]:
    """Everything the page (and the exports) show for `query`."""
    if query.form is None or query.period is None:
        return {"rows": [], "total": None, "series": []}
    if query.shows_one_commune:
        return commune_history(query)
    if query.shows_one_province:
        return province_table(query)
    return nation_table(query)


class RatesView(LoginRequiredMixin, ReplicaReadsMixin, View):
    template_name = "reporting/rate_page.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        query = resolve_rates(request)
        data = rate_context(query)
        series = data.get("series") or []
        context = {
            "query": query,
            "form": query.form,
            "period": query.period,
            "due_on": query.due_on,
            "level": query.grouping,
            "province": query.province,
            "is_nation": sees_the_nation(request.user),
            "forms": query.forms,
            "period_choices": period_choices(query.form, query.today) if query.form else [],
            "provinces": Province.objects.visible_to(request.user).order_by("code")
            if sees_the_nation(request.user)
            else [],
            "statuses": list(status_labels().items()),
            "status_styles": STATUS_STYLES,
            "chart": chart_spec(series) if len(series) > 1 else None,
            "export_query": query.query(),
            "nation_url": rates_url(query.form, query.period) if query.form else "",
            **data,
        }
        return render(request, self.template_name, context)
