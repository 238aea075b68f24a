"""Hand-written patrol pages: the patrols done against an event's target per commune and week
(`patrol_progress`), the patrol log of a commune as PDF in the Decree 30/2020 layout
(`patrol_log_pdf`), and the signed document of a coordination plan (`coordination_document`).
Every row is read through the user's scope; the figures are one aggregate query."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.forms import DateField
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views import View

from garrison.commands.rules import commune_command_name
from garrison.core import audit
from garrison.core.filtering import query_id, query_text
from garrison.core.pdf import render_pdf
from garrison.core.scoping import get_for
from garrison.operations.events.models import EventTarget, ReadinessEvent
from garrison.territory.models import Commune

from . import permissions, rules
from .models import CoordinationPlan, Patrol, PatrolStatus

PATROL_LOG_TEMPLATE = "operations/patrol_log_pdf.html"


def _iso(day: datetime.date) -> str:
    return day.isoformat()


def patrol_list_url(event_id: int, code: int | None, first: datetime.date, last: datetime.date):
    """The patrol list filtered as a figure counts it (done patrols of the event, the commune
    — None: every commune — and the days)."""
    params: dict[str, Any] = {"event": event_id, "status": PatrolStatus.DONE}
    if code is not None:
        params["commune"] = code
    params |= {"day_from": _iso(first), "day_until": _iso(last)}
    return reverse("operations:patrol_list") + "?" + urlencode(params)


def progress_table(user: Any, event: ReadinessEvent, today: datetime.date) -> dict[str, Any]:
    """Per commune reached (in the user's scope) and per week of the event so far: patrols done
    against the target. Three queries, whatever the number of communes."""
    targets = list(
        EventTarget.objects.visible_to(user)
        .filter(event_id=event.pk)
        .select_related("commune")
        .order_by("commune__name")
    )
    counts = {
        (row["commune_id"], row["week"]): row["done"]
        for row in Patrol.objects.visible_to(user).filter(event_id=event.pk).done_per_week()
    }
    weeks = rules.event_weeks(event.starts_on, event.ends_on, today)
    rows = []
    totals = [{"done": 0, "target": 0} for _week in weeks]
    for target in targets:
        cells, below = [], False
        for i, (monday, first, last) in enumerate(weeks):
            done = counts.get((target.commune_id, _as_date(monday)), 0)
            over = rules.week_is_over(last, today)
            short = rules.below_target(done, target.patrols_per_week, over)
            below = below or short
            totals[i]["done"] += done
            totals[i]["target"] += target.patrols_per_week
            cells.append(
                {
                    "done": done,
                    "target": target.patrols_per_week,
                    "below": short,
                    "url": patrol_list_url(event.pk, target.commune.code, first, last),
                }
            )
        rows.append({"commune": target.commune, "cells": cells, "below": below})
    total_cells = []
    for (_monday, first, last), total in zip(weeks, totals, strict=True):
        over = rules.week_is_over(last, today)
        total_cells.append(
            {
                **total,
                "below": rules.below_target(total["done"], total["target"], over),
                "url": patrol_list_url(event.pk, None, first, last),
            }
        )
    return {
        "weeks": [{"monday": m, "first": f, "last": last} for m, f, last in weeks],
        "rows": rows,
        "total": total_cells,
        "below_count": sum(1 for row in rows if row["below"]),
    }


def _as_date(value: Any) -> Any:
    """TruncWeek hands back a date (or, on some back ends, a datetime): the Monday as a date."""
    return value.date() if isinstance(value, datetime.datetime) else value


class PatrolProgressView(LoginRequiredMixin, View):
    """`?event=<id>`: the event's communes (in the user's scope) × its weeks so far."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not permissions.can_view_patrol_progress(request.user):
            raise Http404
        events = ReadinessEvent.objects.visible_to(request.user)
        event_id = query_id(request.GET, "event")
        if event_id is None:
            choices = events.filter(status=ReadinessEvent.Status.DECLARED).order_by("-starts_on")
            return render(
                request, "operations/patrol_progress.html", {"event": None, "events": choices[:50]}
            )
        event = get_for(request.user, events, pk=event_id)
        today = timezone.localdate()
        context = {"event": event, **progress_table(request.user, event, today), "today": today}
        return render(request, "operations/patrol_progress.html", context)


def _day(value: str) -> datetime.date | None:
    if not value:
        return None
    try:
        return DateField().clean(value)
    except Exception:
        return None


class PatrolLogPdfView(LoginRequiredMixin, View):
    """`?commune=<code>&day_from=…&day_until=…`: the patrols done by a commune over the days
    (default: the month so far), as the commune Military Command's report, in Vietnamese."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not permissions.can_print_patrol_log(request.user):
            raise Http404
        communes = Commune.objects.visible_to(request.user)
        code = query_id(request.GET, "commune")
        if code is None:
            only = list(communes[:2])
            if len(only) != 1:  # back to the list, which has the commune to choose
                messages.error(request, _("Choose the commune whose patrol log to print."))
                return HttpResponseRedirect(reverse("operations:patrol_list"))
            commune = only[0]
        else:
            commune = get_for(request.user, communes, code=code)
        today = timezone.localdate()
        first = _day(query_text(request.GET, "day_from", 20)) or today.replace(day=1)
        last = _day(query_text(request.GET, "day_until", 20)) or today
        if last < first:
            first, last = last, first
        patrols = list(
            Patrol.objects.visible_to(request.user)
            .filter(commune_id=commune.pk, status=PatrolStatus.DONE, day__range=(first, last))
            .select_related("event")
            .prefetch_related("members__person", "officers")
            .order_by("day", "starts_at")
        )
        with translation.override("vi"):
            context = patrol_log_context(commune, patrols, first, last, today)
        pdf = render_pdf(PATROL_LOG_TEMPLATE, context)
        audit.log_export(
            actor=request.user,
            model=Patrol,
            count=len(patrols),
            fmt="pdf",
            filters={"commune": commune.code, "day_from": _iso(first), "day_until": _iso(last)},
            request=request,
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        name = f"nhat-ky-tuan-tra-{commune.code}-{first:%Y%m%d}-{last:%Y%m%d}.pdf"
        response["Content-Disposition"] = f'inline; filename="{name}"'
        return response


def patrol_log_context(commune, patrols, first, last, today) -> dict[str, Any]:
    rows = []
    for patrol in patrols:
        rows.append(
            {
                "day": patrol.day,
                "hours": f"{patrol.starts_at:%H:%M} - {patrol.ends_at:%H:%M}",
                "overnight": rules.runs_past_midnight(patrol.starts_at, patrol.ends_at),
                "villages": patrol.villages,
                "route": patrol.route,
                "members": ", ".join(m.person.full_name for m in patrol.members.all()),
                "officers": ", ".join(str(o) for o in patrol.officers.all()),
                "findings": patrol.findings,
                "follow_up": patrol.follow_up,
                "event": patrol.event.name if patrol.event_id else "",
            }
        )
    return {
        "issuer_parent": f"Ủy ban nhân dân {commune.name}",
        "issuer": commune_command_name(commune.name),
        "place": commune.name.split(" ", 1)[-1],
        "issued_on": today,
        "commune": commune,
        "first": first,
        "last": last,
        "rows": rows,
        "joint": sum(1 for p in patrols if p.officers.all()),
        "signer_title": "CHỈ HUY TRƯỞNG",
        "signature_hint": True,
        "recipients": ["Bộ Chỉ huy Quân sự tỉnh", "Công an " + commune.name, "Lưu: VT"],
    }


def coordination_document(request: HttpRequest, pk: int) -> FileResponse:
    """The signed document of a coordination plan, to whoever may see the plan."""
    if not request.user.is_authenticated:
        raise Http404
    plan = get_for(request.user, CoordinationPlan, pk=pk)
    if not plan.document:
        raise Http404("This plan has no signed document.")
    try:
        handle = plan.document.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("The file is missing from the server's storage.") from None
    return FileResponse(handle, as_attachment=True, filename=plan.document.name.rsplit("/", 1)[-1])
