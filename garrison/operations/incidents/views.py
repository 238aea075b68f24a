"""Incident pages, declared on core's generic views: the incidents (list with the next report
due, red when overdue; detail with the timeline, the forces and means mobilised, the reports and,
once closed, the lessons), the mobilisations (stand down) and the situation reports (read by the
province when it opens them). Importing this module registers the three.

Beyond the generic ones: an incident's report and one situation report printed as PDF (Decree
30/2020/NĐ-CP layout, in Vietnamese)."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from garrison.core import audit
from garrison.core.pdf import render_pdf
from garrison.core.registry import ApiSpec, Column, ModelConfig, ObjectAction, register
from garrison.core.views import ConfiguredView, ObjectDetailView

from . import exports, permissions, services
from .filters import IncidentFilterSet, SituationReportFilterSet
from .forms import (
    CloseIncidentForm,
    IncidentForm,
    IncidentUpdateForm,
    MobiliseForm,
    SituationReportForm,
    StandDownForm,
)
from .models import Incident, Mobilisation, SituationReport
from .schemas import IncidentDetailOut, IncidentOut, MobilisationOut, SituationReportOut


def age_text(age: datetime.timedelta | None) -> str:
    """A duration as staff say it: "45 min", "7 h 10 min", "2 d 3 h"."""
    if age is None:
        return ""
    minutes = max(0, int(age.total_seconds() // 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return gettext("%(d)d d %(h)d h") % {"d": days, "h": hours}
    if hours:
        return gettext("%(h)d h %(m)d min") % {"h": hours, "m": mins}
    return gettext("%(m)d min") % {"m": mins}


def _local(moment: datetime.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M") if moment else ""


def _due_cell(incident: Any) -> Any:
    """The next report due, red when overdue, with the time since the last report."""
    if incident.next_report_due_at is None:
        return None
    age = getattr(incident, "last_report_age", None)
    since = (
        gettext("last report %(age)s ago") % {"age": age_text(age)}
        if age is not None
        else gettext("no report yet")
    )
    if getattr(incident, "is_overdue", False):
        return format_html(
            '<span class="text-danger fw-bold" data-testid="overdue">{} · {}</span>',
            _local(incident.next_report_due_at),
            gettext("overdue"),
        ) + format_html('<br><span class="small text-danger">{}</span>', since)
    return format_html(
        '{}<br><span class="small text-body-secondary">{}</span>',
        _local(incident.next_report_due_at),
        since,
    )


# --- incident actions ----------------------------------------------------------------------------
def _add_update(request, incident, data) -> str:
    services.do_add_incident_update(
        actor=request.user, incident=incident, text=data["text"], at=data.get("at")
    )
    return gettext("Added to the timeline.")


def _mobilise(request, incident, data) -> str:
    result = services.do_mobilise(
        actor=request.user,
        incident=incident,
        members=data.get("members") or [],
        reservists=data.get("reservists") or [],
        means=data.get("means") or [],
        from_at=data.get("from_at"),
        task=data.get("task") or "",
    )
    for row, other in result.flags:
        messages.warning(
            request,
            gettext(
                "%(name)s is already mobilised for another incident at that time: "
                "“%(other)s” (since %(since)s). The mobilisation was recorded; check it."
            )
            % {"name": row, "other": other.incident.title, "since": _local(other.from_at)},
        )
    n = len(result.rows)
    return ngettext("%(n)d mobilised.", "%(n)d mobilised.", n) % {"n": n}


def _report(request, incident, data) -> str:
    report = services.do_send_situation_report(
        actor=request.user,
        incident=incident,
        situation=data["situation"],
        people_evacuated=data["people_evacuated"],
        deaths=data["deaths"],
        injured=data["injured"],
        missing=data["missing"],
        needs=data.get("needs") or "",
        sent_at=data.get("sent_at"),
    )
    incident.refresh_from_db()
    return gettext("Situation report sent at %(at)s; the next is due %(due)s.") % {
        "at": _local(report.sent_at),
        "due": _local(incident.next_report_due_at),
    }


def _close(request, incident, data) -> str:
    services.do_close_incident(
        actor=request.user,
        incident=incident,
        after_action=data["after_action"],
        lessons=data["lessons"],
        closed_at=data.get("closed_at"),
    )
    return gettext("Incident closed; its lessons are kept with it.")


@register
class IncidentConfig(ModelConfig):
    model = Incident
    name = "incident"
    namespace = "operations"
    select_related = ["commune", "event", "evacuation_area"]
    list_columns = [
        Column("occurred_at", order_by="occurred_at", link=True),
        Column("title", order_by="title"),
        Column("kind", order_by="kind"),
        Column("commune", order_by="commune__name"),
        Column("village", order_by="village"),
        Column("severity", order_by="severity"),
        Column("status", order_by="status"),
        Column(
            "next_report_due_at",
            label=_("next report due"),
            accessor=_due_cell,
            order_by="next_report_due_at",
        ),
    ]
    export_columns = [
        Column("occurred_at"),
        Column("title"),
        Column("kind"),
        Column("commune__name", label=_("commune")),
        Column("village"),
        Column("place"),
        Column("latitude"),
        Column("longitude"),
        Column("severity"),
        Column("status"),
        Column("people_evacuated"),
        Column("households_evacuated"),
        Column("evacuation_area__name", label=_("evacuation area used")),
        Column("deaths"),
        Column("injured"),
        Column("missing"),
        Column("damage_vnd"),
        Column("last_report_at"),
        Column("next_report_due_at"),
        Column(
            "overdue",
            label=_("situation report overdue"),
            accessor=lambda i: bool(getattr(i, "is_overdue", False)),
        ),
        Column("closed_at"),
    ]
    default_ordering = ["-occurred_at", "-pk"]
    search_fields = ["title__icontains", "village__icontains", "place__icontains"]
    filterset_class = IncidentFilterSet
    form_class = IncidentForm
    can_delete = False
    nav_label = _("Incidents")
    nav_group = "operations"
    nav_order = 40
    api = ApiSpec(
        path="/operations/incidents",
        id_param="incident_id",
        out=IncidentOut,
        detail_out=IncidentDetailOut,
        summaries={
            "list": "List incidents (civil defence, air defence, security)",
            "get": "Get an incident with its timeline and the forces and means mobilised",
            "create": "Open an incident (the commune's own command)",
            "patch": "Edit an open incident (a change of severity reckons the next report again)",
        },
        descriptions={
            "list": "Filters: `status` open or closed; `severity` minor, moderate, severe, "
            "critical; `kind`; `commune` a commune code; `event` a readiness event id; `overdue` "
            "true for open incidents whose next situation report is due before now.",
            "create": "`occurred_at` not in the future; GPS both or neither, inside Viet Nam "
            "(latitude 8–24, longitude 102–118). The next situation report falls due one rhythm "
            "after the incident (critical 3 h, severe 6 h, moderate 12 h, minor 24 h).",
        },
    )
    detail_template = "operations/incident_detail.html"
    detail_fields = [
        "commune",
        "event",
        "kind",
        "occurred_at",
        "severity",
        "status",
        "village",
        "place",
        "latitude",
        "longitude",
        "description",
        "people_evacuated",
        "households_evacuated",
        "evacuation_area",
        "deaths",
        "injured",
        "missing",
        "damage",
        "damage_vnd",
        "last_report_at",
        "next_report_due_at",
        "closed_at",
    ]
    actions = [
        ObjectAction(
            "update",
            _("Add an update"),
            IncidentUpdateForm,
            _add_update,
            icon="journal-plus",
            available=lambda i, user: permissions.can_update(user, i),
        ),
        ObjectAction(
            "mobilise",
            _("Mobilise forces and means"),
            MobiliseForm,
            _mobilise,
            icon="people",
            available=lambda i, user: permissions.can_mobilise(user, i),
            form_kwargs=lambda request, i: {"incident": i, "user": request.user},
            help_text=_(
                "Search the commune's militia (serving members), reserve and technical means "
                "registers. A person or vehicle already mobilised for another incident at that "
                "time is recorded and flagged; a member whose term has ended is refused."
            ),
        ),
        ObjectAction(
            "report",
            _("Send a situation report"),
            SituationReportForm,
            _report,
            icon="send",
            style="primary",
            available=lambda i, user: permissions.can_report(user, i),
            form_kwargs=lambda request, i: {"incident": i},
            help_text=_(
                "The figures are the totals now: they replace the incident's. The next report "
                "falls due by the rhythm of its severity."
            ),
        ),
        ObjectAction(
            "close",
            _("Close the incident"),
            CloseIncidentForm,
            _close,
            icon="check2-square",
            style="outline-success",
            available=lambda i, user: permissions.can_close(user, i),
            help_text=_(
                "Every force and means still mobilised is stood down at the closing time. A "
                "closed incident can no longer be changed."
            ),
        ),
    ]

    @classmethod
    def user_can_add(cls, user):
        return cls.form_class is not None and permissions.can_open_incident(user)

    @classmethod
    def base_queryset(cls):
        return super().base_queryset().with_report_age(timezone.now())

    @classmethod
    def picker_label(cls, obj):
        return f"{obj} — {obj.commune} ({_local(obj.occurred_at)})"

    @classmethod
    def new_instance(cls, request):
        return Incident(occurred_at=timezone.now().replace(second=0, microsecond=0))

    @classmethod
    def create(cls, actor, form):
        return services.do_open_incident(actor=actor, incident=form.save(commit=False))

    @classmethod
    def update(cls, actor, form, expected_version):
        return services.do_update_incident(
            actor=actor, incident=form.save(commit=False), expected_version=expected_version
        )

    @classmethod
    def change_refusal(cls, obj):
        if obj.status == "open":
            return None
        return gettext(
            "This incident was closed on %(at)s: it can no longer be changed; its after-action "
            "account and lessons are kept with it."
        ) % {"at": _local(obj.closed_at)}

    @classmethod
    def detail_context(cls, request, obj):
        user = request.user
        mobilisations = list(
            obj.mobilisations.select_related(
                "member__person", "member__unit", "reservist__person", "means"
            )
        )
        flags = services.flagged_lines(obj)
        lines = [
            {
                "row": m,
                "other": flags.get(m.pk),
                "other_url": cls.url("detail", flags[m.pk].incident) if m.pk in flags else None,
                "stand_down_url": MobilisationConfig.url("stand_down", m)
                if m.until_at is None and permissions.can_mobilise(user, obj)
                else None,
            }
            for m in mobilisations
        ]
        return {
            "updates": obj.updates.select_related("author").order_by("at", "pk"),
            "lines": lines,
            "reports": obj.reports.order_by("-sent_at"),
            "pdf_url": reverse("operations:incident_pdf", kwargs={"pk": obj.pk}),
            "is_overdue": getattr(obj, "is_overdue", False),
            "last_report_age": age_text(getattr(obj, "last_report_age", None)),
        }


# --- mobilisations -------------------------------------------------------------------------------
def _stand_down(request, mobilisation, data) -> str:
    services.do_stand_down(
        actor=request.user, mobilisation=mobilisation, until_at=data.get("until_at")
    )
    return gettext("%(name)s stood down.") % {"name": mobilisation}


@register
class MobilisationConfig(ModelConfig):
    model = Mobilisation
    name = "mobilisation"
    namespace = "operations"
    select_related = ["incident", "commune", "member__person", "reservist__person", "means"]
    list_columns = [
        Column("from_at", order_by="from_at", link=True),
        Column("until_at", order_by="until_at"),
        Column("incident", order_by="incident__title"),
        Column("commune", order_by="commune__name"),
        Column("who", label=_("who or what"), accessor=str),
        Column("task"),
    ]
    default_ordering = ["-from_at", "-pk"]
    search_fields = ["incident__title__icontains", "task__icontains"]
    can_add = False  # mobilised from the incident's page
    can_delete = False
    picker = False
    api = ApiSpec(
        path="/operations/mobilisations",
        id_param="mobilisation_id",
        out=MobilisationOut,
        summaries={"list": "List mobilisations", "get": "Get a mobilisation"},
    )
    detail_fields = ["incident", "commune", "member", "reservist", "means", "from_at", "until_at"]
    actions = [
        ObjectAction(
            "stand_down",
            _("Stand down"),
            StandDownForm,
            _stand_down,
            icon="box-arrow-left",
            available=lambda m, user: m.until_at is None and permissions.can_mobilise(user, m),
        )
    ]


# --- situation reports ---------------------------------------------------------------------------
class SituationReportDetailView(ObjectDetailView):
    """A report's page: the province opening it marks it read first, so the page shows when."""

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        services.do_mark_report_read(actor=request.user, report=self.get_object())
        return super().get(request, pk)


@register
class SituationReportConfig(ModelConfig):
    model = SituationReport
    name = "sitrep"
    namespace = "operations"
    select_related = ["incident", "commune"]
    list_columns = [
        Column("sent_at", order_by="sent_at", link=True),
        Column("incident", order_by="incident__title"),
        Column("commune", order_by="commune__name"),
        Column("people_evacuated", order_by="people_evacuated"),
        Column("deaths", order_by="deaths"),
        Column("injured", order_by="injured"),
        Column("missing", order_by="missing"),
        Column("read_at", order_by="read_at"),
    ]
    default_ordering = ["-sent_at", "-pk"]
    search_fields = ["incident__title__icontains", "situation__icontains"]
    filterset_class = SituationReportFilterSet
    can_add = False  # sent from the incident's page
    can_delete = False
    picker = False
    nav_label = _("Situation reports")
    nav_group = "operations"
    nav_order = 41
    api = ApiSpec(
        path="/operations/situation-reports",
        id_param="report_id",
        out=SituationReportOut,
        summaries={
            "list": "List situation reports",
            "get": "Get a situation report (the province's reading marks it read)",
        },
        descriptions={
            "list": "`incident` an incident id; `commune` a commune code; `unread` true for "
            "the reports the province has not opened yet.",
            "get": "A province account reading a report of its communes marks it read "
            "(`read_at`), as opening it on the page does.",
        },
    )
    detail_template = "operations/sitrep_detail.html"
    view_classes = {"detail": SituationReportDetailView}
    detail_fields = [
        "incident",
        "commune",
        "sent_at",
        "sent_by",
        "situation",
        "people_evacuated",
        "deaths",
        "injured",
        "missing",
        "needs",
        "read_at",
    ]

    @classmethod
    def api_detail(cls, request, obj):
        services.do_mark_report_read(actor=request.user, report=obj)
        return obj

    @classmethod
    def detail_context(cls, request, obj):
        return {
            "incident_url": IncidentConfig.url("detail", obj.incident),
            "pdf_url": reverse("operations:sitrep_pdf", kwargs={"pk": obj.pk}),
        }


# --- PDFs ----------------------------------------------------------------------------------------
class IncidentPdfView(ConfiguredView):
    """The incident's report (báo cáo tình hình) in the Decree 30/2020 layout, in Vietnamese."""

    template = "operations/incident_pdf.html"

    def context(self, obj: Any) -> dict[str, Any]:
        return exports.incident_pdf_context(obj)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = self.get_object()
        with translation.override("vi"):
            pdf = render_pdf(self.template, self.context(obj))
        audit.log_export(
            actor=request.user,
            model=type(obj),
            count=1,
            fmt="pdf",
            filters={self.config.name: obj.pk},
            request=request,
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="bao-cao-{self.config.name}-{pk}.pdf"'
        return response


class SituationReportPdfView(IncidentPdfView):
    template = "operations/sitrep_pdf.html"

    def context(self, obj: Any) -> dict[str, Any]:
        return exports.sitrep_pdf_context(obj)
