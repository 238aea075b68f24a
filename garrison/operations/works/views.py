"""Pages of the works registers, declared on core's generic views: the defence works (list with
the next inspection, filters by kind, state, commune, village and "due"; detail with its
inspections; actions "Record an inspection" and "Ask for an inspection after an incident"; Excel
export and import) and the inspections (read-mostly: recorded from the work's page). Importing
this module registers both."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from garrison.core.registry import (
    ApiSpec,
    Column,
    ImportColumn,
    ModelConfig,
    ObjectAction,
    register,
)

from . import permissions, rules, services
from .filters import DefenceWorkFilterSet, InspectionFilterSet
from .forms import DefenceWorkForm, InspectionForm, RequestInspectionForm
from .models import DefenceWork, WorkInspection
from .schemas import DefenceWorkDetailOut, DefenceWorkOut, WorkInspectionOut


def _day(day: Any) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _due_cell(work: Any) -> Any:
    """The next inspection, red when due, with why."""
    if work.inspection_due_on is None:
        return None
    if rules.is_due(work.inspection_due_on, work.state, timezone.localdate()):
        return format_html(
            '<span class="text-danger fw-bold" data-testid="due">{} · {}</span>',
            _day(work.inspection_due_on),
            gettext("due"),
        )
    return _day(work.inspection_due_on)


def _capacity(work: Any) -> str:
    parts = []
    if work.capacity_people:
        parts.append(gettext("%(n)s people") % {"n": work.capacity_people})
    if work.capacity_vehicles:
        parts.append(gettext("%(n)s vehicles") % {"n": work.capacity_vehicles})
    if work.capacity_tonnes is not None:
        parts.append(gettext("%(n)s t") % {"n": str(work.capacity_tonnes).replace(".", ",")})
    return ", ".join(parts)


# --- actions ---------------------------------------------------------------------------------
def _record(request, work, data) -> str:
    services.do_record_inspection(
        actor=request.user,
        work=work,
        inspected_on=data["inspected_on"],
        inspectors=data["inspectors"],
        state_found=data["state_found"],
        findings=data["findings"],
        incident=data.get("incident"),
        document=data.get("document"),
    )
    work.refresh_from_db()
    return gettext("Inspection recorded; the next is due on %(day)s.") % {
        "day": _day(work.inspection_due_on)
    }


def _request(request, work, data) -> str:
    work = services.do_request_inspection(
        actor=request.user, work=work, incident=data["incident"], due_on=data["due_on"]
    )
    return gettext("The next inspection is due on %(day)s (%(reason)s).") % {
        "day": _day(work.inspection_due_on),
        "reason": work.inspection_reason,
    }


def _action_kwargs(request, work) -> dict[str, Any]:
    return {"work": work, "user": request.user}


@register
class DefenceWorkConfig(ModelConfig):
    model = DefenceWork
    name = "work"
    namespace = "operations"
    select_related = ["commune", "village", "responsible_unit"]
    list_columns = [
        Column("name", order_by="name", link=True),
        Column("kind", order_by="kind"),
        Column("commune", order_by="commune__name"),
        Column("village", order_by="village__name"),
        Column("state", order_by="state"),
        Column("capacity", label=_("capacity"), accessor=_capacity),
        Column("last_inspected_on", order_by="last_inspected_on"),
        Column(
            "inspection_due_on",
            label=_("inspection due on"),
            accessor=_due_cell,
            order_by="inspection_due_on",
        ),
    ]
    export_columns = [
        Column("id"),
        Column("commune__code", label=_("commune code")),
        Column("commune__name", label=_("commune")),
        Column("kind"),
        Column("name"),
        Column("village__name", label=_("village")),
        Column("place"),
        Column("latitude"),
        Column("longitude"),
        Column("capacity_people"),
        Column("capacity_vehicles"),
        Column("capacity_tonnes"),
        Column("state"),
        Column("responsible_unit"),
        Column("built_on"),
        Column("last_inspected_on"),
        Column("last_finding"),
        Column("inspection_due_on"),
        Column("inspection_reason"),
    ]
    default_ordering = ["commune__name", "kind", "name"]
    search_fields = ["name__icontains", "place__icontains", "village__name__icontains"]
    filterset_class = DefenceWorkFilterSet
    form_class = DefenceWorkForm
    can_delete = False  # a work no longer used is put "out of use"; its inspections are kept
    nav_label = _("Defence works")
    nav_group = "operations"
    nav_order = 50
    api = ApiSpec(
        path="/operations/works",
        id_param="work_id",
        out=DefenceWorkOut,
        detail_out=DefenceWorkDetailOut,
        summaries={
            "list": "List the defence works of the defensive zone",
            "get": "Get a defence work with its inspections",
            "create": "Record a defence work",
            "patch": "Edit a defence work",
        },
        descriptions={
            "list": "Filters: `kind`; `state` planned, under_construction, ready, degraded, "
            "out_of_use; `commune` a commune code; `village` a village id; `due` true for the "
            "works due for inspection today (not out of use).",
            "create": "Capacity in the unit the kind needs: people (bases, evacuation areas, "
            "shelters, clusters of combat villages, air-defence positions, observation posts), "
            "tonnes (depots), tonnes or vehicles (logistics-technical bases); a planned work "
            "may leave it empty. GPS both or neither, inside Viet Nam (latitude 8–24, longitude "
            "102–118). The first inspection falls due from the completion date (`built_on`), "
            "or from today when it has none.",
        },
    )
    natural_key = "id"
    import_columns = [
        ImportColumn("id", aliases=("mã công trình",)),
        ImportColumn("commune", required=True, lookup="code", aliases=("commune code",)),
        ImportColumn("kind", required=True),
        ImportColumn("name", required=True),
        ImportColumn("place"),
        ImportColumn("latitude"),
        ImportColumn("longitude"),
        ImportColumn("capacity_people"),
        ImportColumn("capacity_vehicles"),
        ImportColumn("capacity_tonnes"),
        ImportColumn("state"),
        ImportColumn("built_on"),
        ImportColumn("description"),
    ]
    detail_template = "operations/work_detail.html"
    detail_fields = [
        "commune",
        "kind",
        "name",
        "village",
        "place",
        "latitude",
        "longitude",
        "capacity_people",
        "capacity_vehicles",
        "capacity_tonnes",
        "state",
        "responsible_unit",
        "built_on",
        "description",
        "last_inspected_on",
        "last_finding",
        "inspection_due_on",
        "inspection_reason",
    ]
    actions = [
        ObjectAction(
            "inspect",
            _("Record an inspection"),
            InspectionForm,
            _record,
            icon="clipboard-check",
            style="primary",
            available=lambda w, user: permissions.can_record_inspection(user, w),
            form_kwargs=_action_kwargs,
            help_text=_(
                "The work takes the state found and the next inspection falls due a year "
                "later. An inspection older than the last one is kept in the history without "
                "changing the work."
            ),
        ),
        ObjectAction(
            "request_inspection",
            _("Ask for an inspection after an incident"),
            RequestInspectionForm,
            _request,
            icon="exclamation-triangle",
            available=lambda w, user: (
                w.state != rules.OUT_OF_USE and permissions.can_request_inspection(user, w)
            ),
            form_kwargs=_action_kwargs,
            help_text=_(
                "The work's next inspection falls due on the date given, if that is sooner "
                "than the yearly one."
            ),
        ),
    ]

    @classmethod
    def user_can_add(cls, user):
        return cls.form_class is not None and permissions.can_edit_work(user)

    @classmethod
    def picker_label(cls, obj):
        return f"{obj} — {obj.get_kind_display()} ({obj.commune})"

    @classmethod
    def create(cls, actor, form):
        return services.do_create_work(actor=actor, work=form.save(commit=False))

    @classmethod
    def update(cls, actor, form, expected_version):
        return services.do_update_work(
            actor=actor, work=form.save(commit=False), expected_version=expected_version
        )

    @classmethod
    def detail_context(cls, request, obj):
        inspections = obj.inspections.select_related("incident").order_by("-inspected_on", "-pk")
        return {
            "inspections": [
                {"inspection": i, "url": WorkInspectionConfig.url("detail", i)} for i in inspections
            ],
            "is_due": rules.is_due(obj.inspection_due_on, obj.state, timezone.localdate()),
        }


@register
class WorkInspectionConfig(ModelConfig):
    model = WorkInspection
    name = "workinspection"
    namespace = "operations"
    select_related = ["work", "commune", "incident"]
    list_columns = [
        Column("inspected_on", order_by="inspected_on", link=True),
        Column("work", order_by="work__name"),
        Column("commune", order_by="commune__name"),
        Column("state_found", order_by="state_found"),
        Column("inspectors"),
        Column("incident", order_by="incident__title"),
    ]
    export_columns = [
        Column("inspected_on"),
        Column("work__name", label=_("defence work")),
        Column("work__kind", label=_("kind")),
        Column("commune__code", label=_("commune code")),
        Column("commune__name", label=_("commune")),
        Column("inspectors"),
        Column("state_found"),
        Column("findings"),
        Column("incident__title", label=_("after the incident")),
    ]
    default_ordering = ["-inspected_on", "-pk"]
    search_fields = ["work__name__icontains", "inspectors__icontains", "findings__icontains"]
    filterset_class = InspectionFilterSet
    can_add = False  # recorded from the work's page
    can_delete = False
    picker = False
    nav_label = _("Inspections of works")
    nav_group = "operations"
    nav_order = 51
    api = ApiSpec(
        path="/operations/work-inspections",
        id_param="inspection_id",
        out=WorkInspectionOut,
        summaries={
            "list": "List inspections of defence works",
            "get": "Get an inspection of a defence work",
        },
        descriptions={
            "list": "`work` a work id; `commune` a commune code; `state_found`.",
        },
    )
    detail_fields = [
        "work",
        "commune",
        "inspected_on",
        "inspectors",
        "state_found",
        "findings",
        "incident",
        "document",
        "recorded_by",
    ]
