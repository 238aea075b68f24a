"""The readiness overview (issue 17, section 6): for the province, each commune an event reaches;
for the Ministry, each province; the event's plans per state, the patrols against target and the
open incidents by severity, every figure linked to the list behind it — as a page, an Excel
workbook of the same table and a report in the Decree 30/2020/NĐ-CP layout.

The queries do not grow with the communes: the events (one), the places' names (one), the plans
(one), the patrols (one) and the incidents (one), all from `operations.indicators`. The table is
one row per commune of one province or per province of the nation, so the workbook and the PDF
are built in the request (no export job).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views import View

from garrison.commands.rules import provincial_command_name
from garrison.core import audit
from garrison.core.exporting import XLSX, workbook_bytes
from garrison.core.pdf import render_pdf
from garrison.core.scoping import scope_of
from garrison.territory.models import Commune, Province

from . import indicators as ind
from .events.models import EventTarget, PlanStatus, ReadinessEvent
from .home import can_view_overview, link
from .incidents.models import Incident, Severity

PDF_TEMPLATE = "operations/overview_pdf.html"
#: the events offered in the page's choice: declared, ended at most this long ago
RECENT = datetime.timedelta(days=365)


@dataclass
class Row:
    pk: int | None
    name: str
    plans: ind.PlanCounts = field(default_factory=ind.PlanCounts)
    patrols: ind.PatrolCounts | None = None
    incidents: ind.IncidentCounts | None = None
    links: dict[str, str | None] = field(default_factory=dict)

    @property
    def severity_cells(self) -> list[tuple[int, str | None]]:
        """(count, link) per severity, in the order of the table's columns."""
        if self.incidents is None:
            return []
        counts = self.incidents.severity_counts
        return [
            (n, self.links.get(f"sev_{s}")) for n, s in zip(counts, ind.SEVERITIES, strict=True)
        ]


@dataclass
class Overview:
    user: Any
    by_province: bool  # the Ministry's table (a row per province)
    today: datetime.date
    now: datetime.datetime
    events: list[ReadinessEvent]
    event: ReadinessEvent | None
    weeks: list[datetime.date] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    total: Row | None = None


def offered_events(user, today: datetime.date) -> list[ReadinessEvent]:
    """The current events first (the earliest first, as `current_events`), then the other
    declared events of the last year (latest first): two queries."""
    qs = ReadinessEvent.objects.visible_to(user).filter(
        status=ReadinessEvent.Status.DECLARED, ends_on__gte=today - RECENT
    )
    events = list(qs.order_by("-starts_on", "-pk")[:100])
    current = ReadinessEvent.objects.filter(ind.current_q(today))
    current_ids = set(current.filter(pk__in=[e.pk for e in events]).values_list("pk", flat=True))

    def order(e: ReadinessEvent) -> tuple[bool, int]:
        day = e.starts_on.toordinal()
        return (False, day) if e.pk in current_ids else (True, -day)

    return sorted(events, key=order)


def _links(o: Overview, pk: int, code: int | None) -> dict[str, str | None]:
    """Where each figure of a row leads: the lists filtered on the commune (by its `code`, as
    the lists take it), or the province's own view (the Ministry opens it read-only)."""
    if o.by_province:
        url = link("territory:province_dashboard", pk)
        return dict.fromkeys(
            ("place", "reached", "none", "draft", "submitted", "returned", "approved", "late",
             "patrols", "incidents", "overdue", *[f"sev_{s}" for s in ind.SEVERITIES]),
            url,
        )  # fmt: skip
    event = o.event.pk
    plans = {
        state: link("operations:plan_list", event=event, commune=code, status=state)
        for state in (PlanStatus.DRAFT, PlanStatus.SUBMITTED, PlanStatus.RETURNED)
    }
    return {
        "place": link("operations:target_list", event=event, commune=code),
        "reached": link("operations:target_list", event=event, commune=code),
        "none": link("operations:target_list", event=event, commune=code, plan="none"),
        "late": link("operations:target_list", event=event, commune=code, plan="late"),
        "approved": link(
            "operations:plan_list", event=event, commune=code, status=PlanStatus.APPROVED
        ),
        **plans,
        "patrols": link(
            "operations:patrol_list",
            event=event,
            commune=code,
            status="done",
            day_from=o.weeks[0].isoformat() if o.weeks else None,
            day_until=min(o.today, o.event.ends_on).isoformat() if o.weeks else None,
        ),
        "incidents": link("operations:incident_list", status="open", commune=code),
        "overdue": link("operations:incident_list", status="open", commune=code, overdue="true"),
        **{
            f"sev_{s}": link("operations:incident_list", status="open", severity=s, commune=code)
            for s in ind.SEVERITIES
        },
    }


def _total_links(o: Overview) -> dict[str, str | None]:
    event = o.event.pk
    return {
        "reached": link("operations:target_list", event=event),
        "none": link("operations:target_list", event=event, plan="none"),
        "late": link("operations:target_list", event=event, plan="late"),
        **{
            s: link("operations:plan_list", event=event, status=s)
            for s in (
                PlanStatus.DRAFT,
                PlanStatus.SUBMITTED,
                PlanStatus.RETURNED,
                PlanStatus.APPROVED,
            )
        },
        "patrols": link("operations:patrol_progress", event=event),
        "incidents": link("operations:incident_list", status="open"),
        "overdue": link("operations:incident_list", status="open", overdue="true"),
        **{
            f"sev_{s}": link("operations:incident_list", status="open", severity=s)
            for s in ind.SEVERITIES
        },
    }


def build_overview(request: HttpRequest) -> Overview:
    """The table the page, the workbook and the PDF show, for `?event=<pk>` (default: the first
    current event). 404 for a user who has no overview, or an event they do not see."""
    user = request.user
    if not can_view_overview(user):
        raise Http404
    scope = scope_of(user)
    now = timezone.now()
    today = timezone.localdate(now)
    events = offered_events(user, today)
    wanted = request.GET.get("event", "")
    event = None
    if wanted:
        event = next((e for e in events if str(e.pk) == wanted), None)
        if event is None:
            raise Http404
    elif events:
        event = events[0]
    o = Overview(user, scope.is_nation, today, now, events, event)
    if event is None:
        return o
    by = ind.BY_PROVINCE if o.by_province else ind.BY_COMMUNE
    o.weeks = ind.event_weeks(event, today)
    targets = EventTarget.objects.visible_to(user)
    plans = ind.plan_states(targets.filter(event_id=event.pk), today, by)
    patrols = ind.patrols_against_target(targets, event, today, by)
    incidents = ind.open_incidents(Incident.objects.visible_to(user), now, by)
    keys = sorted({group for (_event, group) in plans})
    places = Province.objects if o.by_province else Commune.objects
    found = list(places.visible_to(user).filter(pk__in=keys).values_list("pk", "name", "code"))
    names = {pk: name for pk, name, _code in found}
    codes = {pk: code for pk, _name, code in found}
    total = Row(None, _("Nation") if o.by_province else _("Province"))
    total.patrols = ind.PatrolCounts()
    total.incidents = ind.IncidentCounts(now=now, by_severity=dict.fromkeys(ind.SEVERITIES, 0))
    for pk in keys:
        row = Row(pk, names.get(pk, str(pk)), plans[(event.pk, pk)], patrols.get(pk))
        row.incidents = incidents.get(pk) or ind.IncidentCounts(now=now)
        row.links = _links(o, pk, codes.get(pk))
        o.rows.append(row)
        total.plans.add(row.plans)
        if row.patrols:
            total.patrols.add(row.patrols)
    # the incidents' totals are the scope's (every place, reached by the event or not): the
    # figures the incident list linked from them counts
    for counts in incidents.values():
        total.incidents.open += counts.open
        total.incidents.overdue += counts.overdue
        for s, n in counts.by_severity.items():
            total.incidents.by_severity[s] += n
    o.rows.sort(key=lambda r: r.name)
    total.links = _total_links(o)
    o.total = total
    return o


def overview_query(o: Overview) -> str:
    return f"?event={o.event.pk}" if o.event else ""


class OverviewView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        o = build_overview(request)
        return render(
            request,
            "operations/overview.html",
            {
                "o": o,
                "severities": Severity.choices,
                "query": overview_query(o),
                "plan_states": PlanStatus.choices,
            },
        )


# --- the workbook --------------------------------------------------------------------------------
def table_rows(o: Overview) -> tuple[list[str], list[list[Any]]]:
    """The headers and rows (the total last) of the overview's table."""
    headers = [
        _("province") if o.by_province else _("commune"),
        _("communes reached"),
        _("no plan"),
        _("draft"),
        _("submitted"),
        _("returned"),
        _("approved"),
        _("plans late"),
        _("patrol weeks on target"),
        _("commune-weeks so far"),
        _("patrol target met (per cent)"),
        _("patrols done"),
        _("patrols due"),
        _("open incidents"),
        *[str(label) for _value, label in Severity.choices],
        _("situation reports overdue"),
        _("oldest last report (hours)"),
    ]
    rows = []
    for row in [*o.rows, *([o.total] if o.total else [])]:
        p, w, i = row.plans, row.patrols, row.incidents
        rows.append(
            [
                row.name,
                p.reached,
                p.none,
                p.draft,
                p.submitted,
                p.returned,
                p.approved,
                p.late,
                w.weeks_met if w else None,
                w.weeks if w else None,
                w.met_percent if w else None,
                w.done if w else None,
                w.due if w else None,
                i.open,
                *i.severity_counts,
                i.overdue,
                i.report_age_hours,
            ]
        )
    return headers, rows


def _filename(o: Overview, ext: str) -> str:
    return f"san-sang-{o.event.pk}-{o.today:%Y%m%d}.{ext}"


def _download(content: bytes, content_type: str, name: str, inline: bool = False):
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    return response


class OverviewExportView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        o = build_overview(request)
        if o.event is None:
            raise Http404
        headers, rows = table_rows(o)
        content = workbook_bytes(headers, rows)
        audit.log_export(
            actor=request.user,
            model=EventTarget,
            count=len(o.rows),
            fmt="xlsx",
            filters={"overview": {"event": o.event.pk}},
            request=request,
        )
        return _download(content, XLSX, _filename(o, "xlsx"))


# --- the report (Decree 30/2020) -----------------------------------------------------------------
def _issuer(o: Overview) -> dict[str, Any]:
    if o.by_province:
        return {
            "issuer_parent": "Bộ Quốc phòng",
            "issuer": "Bộ Tổng Tham mưu",
            "place": "Hà Nội",
            "signer_title": "THỦ TRƯỞNG CƠ QUAN",
            "recipients": ["Thủ trưởng Bộ Tổng Tham mưu", "Cục Dân quân tự vệ", "Lưu: VT"],
            "scope_name": "toàn quốc",
        }
    province = Province.objects.get(pk=scope_of(o.user).province_id)
    return {
        "issuer_parent": "",
        "issuer": provincial_command_name(province.name, province.code),
        "place": province.short_name,
        "signer_title": "CHỈ HUY TRƯỞNG",
        "recipients": ["Cơ quan quân sự cấp trên", "Ban CHQS các xã, phường, đặc khu", "Lưu: VT"],
        "scope_name": province.name,
    }


def pdf_context(o: Overview) -> dict[str, Any]:
    return {
        **_issuer(o),
        "o": o,
        "event": o.event,
        "issued_on": o.today,
        "signature_hint": True,
    }


class OverviewPdfView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        o = build_overview(request)
        if o.event is None:
            raise Http404
        with translation.override("vi"):
            context = pdf_context(o)
        pdf = render_pdf(PDF_TEMPLATE, context)
        audit.log_export(
            actor=request.user,
            model=EventTarget,
            count=len(o.rows),
            fmt="pdf",
            filters={"overview": {"event": o.event.pk}},
            request=request,
        )
        return _download(pdf, "application/pdf", _filename(o, "pdf"), inline=True)
