"""The inspection pages beyond the generic ones: what the inspection's and the finding's pages
show below their fields (communes, checklist answers, findings with their actions, findings
re-checked), the year's plan page of the province (inspections by month and state, communes
inspected and not, open findings, overdue actions by commune) and the inspection's conclusion
as a PDF (Decree 30/2020/NĐ-CP layout, in Vietnamese). Every row is read through the user's
scope: a commune opening an inspection of several communes sees its own part only."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.views import View

from garrison.core import audit
from garrison.core.filtering import query_text
from garrison.core.pdf import render_pdf
from garrison.core.scoping import get_for, scope_of
from garrison.core.views import ConfiguredView
from garrison.territory.models import Commune, Province

from . import exports, permissions, rules
from . import querysets as q
from .models import (
    ChecklistAnswer,
    ChecklistResult,
    CorrectiveAction,
    Finding,
    FindingSeverity,
    Inspection,
    InspectionPlan,
    InspectionState,
    InspectionTarget,
)


def _detail(name: str, pk: int) -> str:
    return reverse(f"oversight:{name}_detail", kwargs={"pk": pk})


def link(name: str, **params: Any) -> str:
    """The URL of page `oversight:<name>` with `params` as its query string (empty ones left
    out): how the home page and the plan page link to a filtered list."""
    url = reverse(f"oversight:{name}")
    query = {key: value for key, value in params.items() if value not in (None, "")}
    return f"{url}?{urlencode(query)}" if query else url


def findings_link(**params: Any) -> str:
    return link("finding_list", **params)


def actions_link(**params: Any) -> str:
    return link("corrective_action_list", **params)


def action_rows(actions: list[CorrectiveAction], user: Any, today: datetime.date) -> list[dict]:
    return [
        {
            "action": action,
            "url": _detail("corrective_action", action.pk),
            "overdue": rules.is_overdue(action.due_on, action.state, today),
            "answer_url": reverse("oversight:corrective_action_answer", kwargs={"pk": action.pk})
            if permissions.can_answer_action(user, action)
            else None,
        }
        for action in actions
    ]


def finding_rows(findings: Any, user: Any, today: datetime.date) -> list[dict]:
    """Each finding with its url and its actions' rows (one query for all the actions)."""
    findings = list(findings)
    actions: dict[int, list[CorrectiveAction]] = {}
    visible = CorrectiveAction.objects.visible_to(user).filter(finding__in=findings)
    for action in visible.select_related("commune").order_by("due_on", "pk"):
        actions.setdefault(action.finding_id, []).append(action)
    return [
        {
            "finding": finding,
            "url": _detail("finding", finding.pk),
            "actions": action_rows(actions.get(finding.pk, []), user, today),
        }
        for finding in findings
    ]


def checklist_by_commune(inspection: Inspection, user: Any) -> dict[int, dict[str, Any]]:
    """{commune id: {"answers": [...], "counts": {result: n}}} of the answers the user sees."""
    found: dict[int, dict[str, Any]] = {}
    answers = (
        ChecklistAnswer.objects.visible_to(user)
        .filter(inspection=inspection)
        .select_related("item")
        .order_by("item__order", "item_id")
    )
    for answer in answers:
        entry = found.setdefault(answer.commune_id, {"answers": [], "counts": {}})
        entry["answers"].append(answer)
        entry["counts"][answer.result] = entry["counts"].get(answer.result, 0) + 1
    return found


def result_columns() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in ChecklistResult.choices]


def inspection_context(
    request: HttpRequest, obj: Inspection, action_url: Callable[..., str | None]
) -> dict[str, Any]:
    """Below the inspection's fields: its communes (each with its checklist results and the
    link to record them), its findings with their actions, the findings it re-checks."""
    user = request.user
    today = timezone.localdate()
    answers = checklist_by_commune(obj, user)
    may_record = permissions.can_record_checklist(user, obj)
    checklist_url = action_url("record_checklist", obj)
    targets = (
        InspectionTarget.objects.visible_to(user)
        .filter(inspection=obj)
        .select_related("commune")
        .order_by("commune__name")
    )
    communes = [
        {
            "commune": t.commune,
            "answers": answers.get(t.commune_id, {}).get("answers", []),
            "counts": [
                (label, answers.get(t.commune_id, {}).get("counts", {}).get(value, 0))
                for value, label in result_columns()
            ],
            "record_url": f"{checklist_url}?commune={t.commune_id}" if may_record else None,
        }
        for t in targets
    ]
    findings = (
        Finding.objects.visible_to(user)
        .filter(inspection=obj)
        .select_related("commune")
        .order_by("commune__name", "found_on", "pk")
    )
    rechecks = Finding.objects.visible_to(user).filter(rechecked_by=obj).select_related("commune")
    rechecked_by = (
        Inspection.objects.visible_to(user)
        .filter(rechecks__inspection=obj)
        .distinct()
        .order_by("starts_on")
    )
    return {
        "communes": communes,
        "team": [u.full_name or u.username for u in obj.team.all()],
        "findings": finding_rows(findings, user, today),
        "rechecks": [{"finding": f, "url": _detail("finding", f.pk)} for f in rechecks],
        "rechecked_by": [
            {"inspection": i, "url": _detail("inspection", i.pk)} for i in rechecked_by
        ],
        "pdf_url": reverse("oversight:inspection_pdf", kwargs={"pk": obj.pk}),
    }


def finding_context(request: HttpRequest, obj: Finding) -> dict[str, Any]:
    """Below the finding's fields: its actions (the commune's Answer button on each), the
    inspection it came from, and the inspections that re-checked it."""
    user = request.user
    actions = (
        CorrectiveAction.objects.visible_to(user)
        .filter(finding=obj)
        .select_related("commune")
        .order_by("due_on", "pk")
    )
    rechecked_by = (
        Inspection.objects.visible_to(user).filter(rechecks=obj).order_by("starts_on", "pk")
    )
    return {
        "corrective_actions": action_rows(list(actions), user, timezone.localdate()),
        "inspection_url": _detail("inspection", obj.inspection_id),
        "rechecked_by": [
            {"inspection": i, "url": _detail("inspection", i.pk)} for i in rechecked_by
        ],
    }


# --- the year's plan page -------------------------------------------------------------------------
def _year(request: HttpRequest, today: datetime.date) -> int:
    text = query_text(request.GET, "year", 8)
    if not text:
        return today.year
    if not (text.isascii() and text.isdigit() and 2000 <= int(text) <= 2100):
        raise Http404
    return int(text)


def _province(request: HttpRequest) -> Any:
    """The province the page is drawn for: the user's own; the Ministry's choice
    (`?province=<code>`), or None for the whole nation."""
    user = request.user
    scope = scope_of(user)
    assert scope is not None
    if scope.province_id is not None:
        return get_for(user, Province, "view", pk=scope.province_id)
    code = query_text(request.GET, "province", 8)
    if not code:
        return None
    if not (code.isascii() and code.isdigit()):
        raise Http404
    return get_for(user, Province, "view", code=int(code))


def _month_rows(table: dict[int, dict[str, int]]) -> list[dict[str, Any]]:
    states = [value for value, _label in InspectionState.choices]
    return [
        {
            "month": month,
            "cells": [table.get(month, {}).get(state, 0) for state in states],
            "total": sum(table.get(month, {}).values()),
        }
        for month in range(1, 13)
    ]


def year_context(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    if not permissions.can_view_plan_page(user):
        raise Http404
    today = timezone.localdate()
    year = _year(request, today)
    province = _province(request)
    inspections = q.inspections_of_year(Inspection.objects.visible_to(user), year)
    communes = Commune.objects.visible_to(user)
    findings = Finding.objects.visible_to(user)
    actions = CorrectiveAction.objects.visible_to(user)
    if province is not None:
        inspections = inspections.filter(province=province)
        communes = communes.filter(province=province)
        findings = findings.filter(province=province)
        actions = actions.filter(province=province)
    table = q.by_month_and_state(inspections)
    inspected = q.inspected_communes(communes, inspections)
    open_findings = q.open_findings(findings)
    by_severity = {row["severity"]: row["n"] for row in _count_by(open_findings, "severity")}
    overdue = q.overdue_by_commune(actions, today)
    for row in overdue:
        row["url"] = actions_link(commune=row["commune__code"], overdue="true")
    return {
        "year": year,
        "years": list(range(today.year + 1, today.year - 5, -1)),
        "province": province,
        "provinces": Province.objects.visible_to(user).order_by("code") if province is None else [],
        "plans": InspectionPlan.objects.visible_to(user)
        .filter(year=year)
        .select_related("province"),
        "states": [str(label) for _value, label in InspectionState.choices],
        "months": _month_rows(table),
        "state_totals": [
            sum(table.get(m, {}).get(value, 0) for m in table)
            for value, _label in InspectionState.choices
        ],
        "inspections_total": sum(sum(row.values()) for row in table.values()),
        "inspections_url": link("inspection_list", year=year),
        "communes_total": communes.count(),
        "inspected_total": inspected.count(),
        "not_inspected": list(q.not_inspected_communes(communes, inspections).order_by("name"))
        if province is not None
        else [],
        "open_findings": sum(by_severity.values()),
        "open_by_severity": [
            (str(label), by_severity.get(value, 0), findings_link(state="open", severity=value))
            for value, label in FindingSeverity.choices
        ],
        "open_findings_url": findings_link(state="open"),
        "overdue": overdue,
        "overdue_total": sum(row["count"] for row in overdue),
        "overdue_url": actions_link(overdue="true"),
        "today": today,
    }


def _count_by(qs: Any, field: str) -> Any:
    return qs.values(field).annotate(n=Count("pk")).order_by()


class InspectionYearView(LoginRequiredMixin, View):
    """The year's inspections of the province (the Ministry: of the nation, or of one province
    with `?province=<code>`): by month and state, the communes inspected and not, the open
    findings by severity and the overdue actions by commune, each linked to its list."""

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "oversight/inspection_year.html", year_context(request))


# --- the conclusion's PDF -------------------------------------------------------------------------
class ConclusionPdfView(ConfiguredView):
    """The inspection's conclusion (kết luận kiểm tra) in the Decree 30/2020 layout, in
    Vietnamese: the team, the communes, the checklist results, the findings and their actions
    (those the user sees)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        inspection = self.get_object()
        context = exports.conclusion_context(inspection, request.user)
        with translation.override("vi"):
            pdf = render_pdf("oversight/inspection_pdf.html", context)
        audit.log_export(
            actor=request.user,
            model=Inspection,
            count=1,
            fmt="pdf",
            filters={"inspection": inspection.pk},
            request=request,
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="ket-luan-kiem-tra-{pk}.pdf"'
        return response
