"""The reporting-rate API: a form's rate for a period, per commune or per province."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router

from garrison.core.api import ERRORS_LIST, ApiFieldError
from garrison.reporting.permissions import sees_the_nation
from garrison.reporting.returns import periods
from garrison.reporting.returns.api import period_or_422
from garrison.reporting.returns.models import ReportForm
from garrison.territory.models import Commune, Province

from . import querysets as rates
from .schemas import RatesOut

router = Router(tags=["reporting"])


# --- the reporting rate ---------------------------------------------------------------------------
def _rate_row(row: rates.RateRow, code: int | None, name: str, **extra: Any) -> dict:
    return {
        "code": code,
        "name": name,
        "expected": row.expected,
        "made": row.made,
        "on_time": row.on_time,
        "late": row.late,
        "missing": row.missing,
        "not_yet_due": row.not_yet_due,
        "rate": row.rate,
        "on_time_rate": row.on_time_rate,
        **extra,
    }


def _rate_rows(request, communes, form, period, grouping: str, today) -> tuple[list, dict]:
    """(rows, total) for one form and period: each province, or each commune with its state."""
    if grouping == "province":
        table = rates.rate_table(communes, form, [period], "province", today)
        places = Province.objects.visible_to(request.user).filter(
            pk__in=[key for key, _key in table]
        )
        rows = [
            _rate_row(table[(p.pk, period.key)], p.code, p.name) for p in places.order_by("code")
        ]
    else:
        table = rates.rate_table(communes, form, [period], "pk", today)
        rows = [
            _rate_row(
                table.get((c.pk, period.key)) or rates.RateRow(key=c.pk),
                c.code,
                c.name,
                status=c.status,
                submission_id=c.return_pk,
                days_late=c.days_late,
            )
            for c in rates.commune_states(communes, form, period, today)
        ]
    return rows, _rate_row(rates.totals(table), None, _("Total"))


@router.get(
    "/reporting/rates",
    response={200: RatesOut, **ERRORS_LIST},
    summary="The reporting rate of a form for a period: on time, late, missing",
    description="`form` a form id (default: the first form in use, by code); `period` a "
    "period key of that form (default: the last period that has ended); `province` a "
    "province code. Rows are communes (with each one's state and report) for a province or "
    "commune user, or with `province`; provinces for the Ministry. Only communes whose "
    "command existed by the period's end are expected; before the due date, what is not yet "
    "made counts as not yet due, not missing.",
)
def get_rates(
    request: HttpRequest,
    form: int | None = None,
    period: str | None = None,
    province: int | None = None,
):
    today = timezone.localdate()
    grouping = "province" if sees_the_nation(request.user) and province is None else "commune"
    forms = ReportForm.objects.visible_to(request.user).order_by("code", "pk")
    chosen = forms.filter(active=True).first() if form is None else forms.filter(pk=form).first()
    if chosen is None and form is not None:
        message = _("No report form with this id in your area: see /api/reporting/forms.")
        raise ApiFieldError({"form": [message]}, detail=message, status=422)
    if chosen is None:  # no form in use in the user's area
        empty = _rate_row(rates.RateRow(key=None), None, _("Total"))
        return {"form": None, "period": None, "grouping": grouping, "total": empty, "rows": []}
    if period:
        chosen_period = period_or_422(chosen, period, "period")
    else:
        chosen_period = chosen.period_of(today)
        chosen_period = periods.previous(chosen_period, chosen.event) or chosen_period
    communes = Commune.objects.visible_to(request.user)
    if chosen.province_id:
        communes = communes.filter(province_id=chosen.province_id)
    if province is not None:
        communes = communes.filter(province__code=province)
    rows, total = _rate_rows(request, communes, chosen, chosen_period, grouping, today)
    return {
        "form": chosen,
        "period": {
            "key": chosen_period.key,
            "label": chosen_period.label,
            "start": chosen_period.start,
            "end": chosen_period.end,
            "due_on": chosen_period.due_on(chosen.due_days),
        },
        "grouping": grouping,
        "total": total,
        "rows": rows,
    }
