"""The inspections (communes, team, checklist, findings and findings re-checked; "Record the
checklist", "Record a finding"), the findings ("Add a corrective action", "Close without
action") and the corrective actions (the commune's "Answer", the inspector's "Verify" and
"Return"), declared on core's generic views, each with its Excel export."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from garrison.core.filtering import query_id
from garrison.core.registry import ApiSpec, Column, ModelConfig, ObjectAction, register
from garrison.oversight.inspections import permissions, rules, services
from garrison.oversight.inspections.filters import (
    CorrectiveActionFilterSet,
    FindingFilterSet,
    InspectionFilterSet,
)
from garrison.oversight.inspections.forms import (
    AddActionForm,
    AnswerActionForm,
    ChecklistAnswersForm,
    CloseFindingForm,
    InspectionForm,
    RecordFindingForm,
    ReturnActionForm,
    VerifyActionForm,
    checklist_answers,
)
from garrison.oversight.inspections.models import (
    CorrectiveAction,
    Finding,
    FindingState,
    Inspection,
)
from garrison.oversight.inspections.pages import finding_context, inspection_context
from garrison.oversight.inspections.schemas import (
    CorrectiveActionOut,
    FindingDetailOut,
    FindingOut,
    InspectionDetailOut,
    InspectionIn,
    InspectionOut,
    InspectionPatch,
)

from .common import SeenRowActionView, short_text, shown_day, visible_targets


# --- inspections ----------------------------------------------------------------------------------
def _communes(inspection: Any) -> str:
    return ", ".join(t.commune.name for t in inspection.targets.all())


def _record_checklist(request, inspection, data) -> str:
    services.do_record_checklist(
        actor=request.user,
        inspection=inspection,
        commune=data["commune"],
        answers=checklist_answers(data),
    )
    return gettext("Checklist of %(commune)s recorded.") % {"commune": data["commune"]}


def _checklist_kwargs(request, inspection) -> dict[str, Any]:
    return {"inspection": inspection, "commune_id": query_id(request.GET, "commune")}


def _record_finding(request, inspection, data) -> str:
    finding = services.do_record_finding(
        actor=request.user,
        inspection=inspection,
        commune=data["commune"],
        severity=data["severity"],
        area=data["area"],
        description=data["description"],
        evidence=data.get("evidence") or "",
        found_on=data["found_on"],
    )
    return gettext("Finding recorded in %(commune)s: add its corrective actions.") % {
        "commune": finding.commune
    }


@register
class InspectionConfig(ModelConfig):
    model = Inspection
    name = "inspection"
    namespace = "oversight"
    select_related = ["province", "plan", "checklist_version__template"]
    list_columns = [
        Column("title", order_by="title", link=True),
        Column("kind", order_by="kind"),
        Column("starts_on", order_by="starts_on"),
        Column("ends_on", order_by="ends_on"),
        Column("state", order_by="state"),
        Column("targets", label=_("communes inspected"), accessor=_communes),
    ]
    export_columns = [
        Column("id", label=_("number")),
        Column("province__name", label=_("province")),
        Column("plan__title", label=_("inspection plan")),
        Column("kind"),
        Column("title"),
        Column("decision"),
        Column("starts_on"),
        Column("ends_on"),
        Column("state"),
        Column("targets", label=_("communes inspected"), accessor=_communes),
        Column("lead"),
        Column("outside_members"),
        Column("checklist_version", label=_("checklist"), accessor=lambda i: i.checklist_version),
        Column("conclusion"),
    ]
    default_ordering = ["-starts_on", "-pk"]
    search_fields = ["title__icontains", "decision__icontains"]
    filterset_class = InspectionFilterSet
    form_class = InspectionForm
    detail_template = "oversight/inspection_detail.html"
    detail_fields = [
        "plan",
        "kind",
        "decision",
        "starts_on",
        "ends_on",
        "state",
        "checklist_version",
        "lead",
        "outside_members",
        "conclusion",
    ]
    nav_label = _("Inspections")
    nav_group = "oversight"
    nav_order = 20
    actions = [
        ObjectAction(
            "record_finding",
            _("Record a finding"),
            RecordFindingForm,
            _record_finding,
            icon="exclamation-diamond",
            style="primary",
            available=lambda i, user: permissions.can_record_finding(user, i),
            form_kwargs=lambda request, i: {"inspection": i},
            help_text=_(
                "A finding in one of the communes inspected. The commune reads it; its "
                "corrective actions are added on the finding's page."
            ),
        ),
        ObjectAction(
            "record_checklist",
            _("Record the checklist"),
            ChecklistAnswersForm,
            _record_checklist,
            icon="ui-checks",
            available=lambda i, user: permissions.can_record_checklist(user, i),
            form_kwargs=_checklist_kwargs,
            template="oversight/inspection_checklist_form.html",
            help_text=_(
                "What the inspection found in one commune on each point of its checklist. "
                "Recording it again for the same commune replaces the answers."
            ),
        ),
    ]
    api = ApiSpec(
        path="/oversight/inspections",
        id_param="inspection_id",
        out=InspectionOut,
        detail_out=InspectionDetailOut,
        create_in=InspectionIn,
        patch_in=InspectionPatch,
        summaries={
            "list": "List inspections and supervisions",
            "get": "Get an inspection with its findings, actions and checklist answers",
            "create": "Record an inspection or supervision",
            "patch": "Edit an inspection",
            "delete": "Delete an inspection without findings",
        },
        descriptions={
            "list": "Filters: `year` (of its first day); `kind`; `state`; `plan` an id; "
            "`commune` a commune code (the inspections naming it). A commune sees the "
            "inspections that name it.",
            "create": "The province's inspector. Communes (`commune_codes`), team users "
            "(`team_ids`), plan and checklist are of the inspector's province; the checklist "
            "a published version; `recheck_ids` open findings of the communes inspected.",
        },
    )

    @classmethod
    def queryset(cls, request, action="view"):
        """With the communes inspected the user sees (a commune: its own) prefetched."""
        return super().queryset(request, action).prefetch_related(visible_targets(request.user))

    @classmethod
    def picker_label(cls, obj):
        return f"{obj} ({shown_day(obj.starts_on)})"

    @classmethod
    def _save(cls, actor, form, expected_version=None):
        data = form.cleaned_data
        return services.do_save_inspection(
            actor=actor,
            inspection=form.save(commit=False),
            communes=data.get("communes") or [],
            team=data.get("team") or [],
            rechecks=data.get("rechecks") or [],
            expected_version=expected_version,
        )

    @classmethod
    def create(cls, actor, form):
        return cls._save(actor, form)

    @classmethod
    def update(cls, actor, form, expected_version):
        return cls._save(actor, form, expected_version)

    @classmethod
    def detail_context(cls, request, obj):
        return inspection_context(request, obj, action_url=cls.url)


# --- findings -------------------------------------------------------------------------------------
def _add_action(request, finding, data) -> str:
    action = services.do_add_action(
        actor=request.user,
        finding=finding,
        description=data["description"],
        due_on=data["due_on"],
    )
    return gettext("Corrective action given to %(commune)s, due on %(day)s.") % {
        "commune": action.commune,
        "day": shown_day(action.due_on),
    }


def _close(request, finding, data) -> str:
    services.do_close_finding(actor=request.user, finding=finding, reason=data["reason"])
    return gettext("Finding closed without action.")


@register
class FindingConfig(ModelConfig):
    model = Finding
    name = "finding"
    namespace = "oversight"
    select_related = ["inspection", "commune"]
    list_columns = [
        Column("found_on", order_by="found_on", link=True),
        Column("commune", order_by="commune__name"),
        Column("severity", order_by="severity"),
        Column("area", order_by="area"),
        Column("description", accessor=lambda f: short_text(f.description)),
        Column("state", order_by="state"),
        Column("inspection", order_by="inspection__title"),
    ]
    export_columns = [
        Column("id", label=_("number")),
        Column("inspection__title", label=_("inspection")),
        Column("commune__code", label=_("commune code")),
        Column("commune__name", label=_("commune")),
        Column("found_on"),
        Column("severity"),
        Column("area"),
        Column("description"),
        Column("evidence"),
        Column("state"),
        Column("closed_reason"),
    ]
    default_ordering = ["-found_on", "-pk"]
    search_fields = ["description__icontains", "evidence__icontains", "commune__name__icontains"]
    filterset_class = FindingFilterSet
    form_fields = ["severity", "area", "description", "evidence", "found_on"]
    can_add = False  # recorded from the inspection's page
    can_delete = False  # closed without action instead
    detail_template = "oversight/finding_detail.html"
    detail_fields = [
        "inspection",
        "commune",
        "found_on",
        "severity",
        "area",
        "description",
        "evidence",
        "state",
        "closed_reason",
    ]
    nav_label = _("Findings")
    nav_group = "oversight"
    nav_order = 30
    actions = [
        ObjectAction(
            "add_action",
            _("Add a corrective action"),
            AddActionForm,
            _add_action,
            icon="list-check",
            style="primary",
            available=lambda f, user: permissions.can_add_action(user, f),
            help_text=_(
                "The finding's commune carries it out by the due date and answers it with its "
                "evidence; you then verify it. The finding is corrected when every action is "
                "verified."
            ),
        ),
        ObjectAction(
            "close",
            _("Close without action"),
            CloseFindingForm,
            _close,
            icon="x-circle",
            available=lambda f, user: permissions.can_close_finding(user, f),
        ),
    ]
    api = ApiSpec(
        path="/oversight/findings",
        id_param="finding_id",
        out=FindingOut,
        detail_out=FindingDetailOut,
        summaries={
            "list": "List inspection findings",
            "get": "Get a finding with its corrective actions",
            "patch": "Correct a finding's severity, area, text or date (inspector)",
        },
        descriptions={
            "list": "Filters: `commune` a code; `inspection` an id; `severity`; `area`; "
            "`state` open, corrected or closed; `year` (found in). A commune sees its own.",
        },
    )

    @classmethod
    def picker_label(cls, obj):
        return f"{obj.commune} — {obj.get_severity_display()}: {short_text(obj.description, 60)}"

    @classmethod
    def change_refusal(cls, obj):
        if obj.state == FindingState.OPEN:
            return None
        return gettext("This finding is %(state)s: it no longer changes.") % {
            "state": obj.get_state_display()
        }

    @classmethod
    def detail_context(cls, request, obj):
        return finding_context(request, obj)


# --- corrective actions ---------------------------------------------------------------------------
def _answer(request, action, data) -> str:
    services.do_answer_action(
        actor=request.user,
        action=action,
        answer=data["answer"],
        evidence=data["completion_evidence"],
    )
    return gettext("Answer sent: the inspector verifies it.")


def _verify(request, action, data) -> str:
    services.do_verify_action(actor=request.user, action=action, note=data.get("note") or "")
    return gettext("Action verified.")


def _return(request, action, data) -> str:
    services.do_return_action(actor=request.user, action=action, reason=data["reason"])
    return gettext("Action returned to %(commune)s.") % {"commune": action.commune}


def due_cell(action: Any) -> Any:
    """The due date, red with "overdue" when past due and not verified."""
    if rules.is_overdue(action.due_on, action.state, timezone.localdate()):
        return format_html(
            '<span class="text-danger fw-bold" data-testid="overdue">{} · {}</span>',
            shown_day(action.due_on),
            gettext("overdue"),
        )
    return shown_day(action.due_on)


@register
class CorrectiveActionConfig(ModelConfig):
    model = CorrectiveAction
    name = "corrective_action"
    namespace = "oversight"
    select_related = ["finding", "commune"]
    list_columns = [
        Column("description", accessor=lambda a: short_text(a.description), link=True),
        Column("commune", order_by="commune__name"),
        Column("due_on", accessor=due_cell, order_by="due_on"),
        Column("state", order_by="state"),
        Column("finding__severity", label=_("severity"), order_by="finding__severity"),
        Column("finding__area", label=_("area"), order_by="finding__area"),
        Column("answered_on", order_by="answered_on"),
        Column("verified_on", order_by="verified_on"),
    ]
    export_columns = [
        Column("id", label=_("number")),
        Column("finding_id", label=_("finding number")),
        Column("finding__description", label=_("finding")),
        Column("finding__severity", label=_("severity")),
        Column("finding__area", label=_("area")),
        Column("commune__code", label=_("commune code")),
        Column("commune__name", label=_("owner command")),
        Column("description"),
        Column("due_on"),
        Column(
            "overdue",
            label=_("overdue"),
            accessor=lambda a: rules.is_overdue(a.due_on, a.state, timezone.localdate()),
        ),
        Column("state"),
        Column("answer"),
        Column("completion_evidence"),
        Column("answered_on"),
        Column("verified_on"),
        Column("verification_note"),
    ]
    default_ordering = ["due_on", "pk"]
    search_fields = ["description__icontains", "answer__icontains", "commune__name__icontains"]
    filterset_class = CorrectiveActionFilterSet
    form_fields = ["description", "due_on"]
    can_add = False  # given on the finding's page
    can_delete = False
    picker = False
    view_classes = {"action": SeenRowActionView}
    detail_template = "oversight/action_detail.html"
    detail_fields = [
        "finding",
        "commune",
        "description",
        "due_on",
        "state",
        "answer",
        "completion_evidence",
        "answered_on",
        "answered_by",
        "verified_on",
        "verified_by",
        "verification_note",
    ]
    nav_label = _("Corrective actions")
    nav_group = "oversight"
    nav_order = 31
    actions = [
        ObjectAction(
            "answer",
            _("Answer"),
            AnswerActionForm,
            _answer,
            icon="reply",
            style="primary",
            available=lambda a, user: permissions.can_answer_action(user, a),
            help_text=_(
                "What your command did, and the evidence of completion. The inspector then "
                "verifies it, or returns it saying what is missing."
            ),
        ),
        ObjectAction(
            "verify",
            _("Verify"),
            VerifyActionForm,
            _verify,
            icon="patch-check",
            style="primary",
            available=lambda a, user: permissions.can_verify_action(user, a),
            help_text=_("The answer is accepted: the action never changes again."),
        ),
        ObjectAction(
            "return",
            _("Return"),
            ReturnActionForm,
            _return,
            icon="arrow-return-left",
            style="outline-danger",
            available=lambda a, user: permissions.can_return_action(user, a),
            help_text=_("The commune answers it again, with what you ask for."),
        ),
    ]
    api = ApiSpec(
        path="/oversight/actions",
        id_param="action_id",
        out=CorrectiveActionOut,
        summaries={
            "list": "List corrective actions",
            "get": "Get a corrective action",
            "patch": "Change what an action requires or its due date (inspector)",
        },
        descriptions={
            "list": "Filters: `commune` a code; `finding`, `inspection` ids; `severity` and "
            "`area` of the finding; `state` open, answered, returned or verified; `overdue` "
            "true for those past due and not verified (today); `year` of the due date. A "
            "commune sees its own.",
        },
    )

    @classmethod
    def change_refusal(cls, obj):
        if rules.may_answer(obj.state) or rules.may_verify(obj.state):
            return None
        return gettext("This action is verified: it no longer changes.")

    @classmethod
    def detail_context(cls, request, obj):
        user = request.user
        return {
            "finding_url": FindingConfig.url("detail", obj.finding),
            "overdue": rules.is_overdue(obj.due_on, obj.state, timezone.localdate()),
            "answer_url": cls.url("answer", obj)
            if permissions.can_answer_action(user, obj)
            else None,
        }


__all__ = ["CorrectiveActionConfig", "FindingConfig", "InspectionConfig", "due_cell"]
