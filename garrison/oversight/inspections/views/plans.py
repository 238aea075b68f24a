"""The yearly plans and the checklists (templates, their versions and points: a draft version
changes, a published one never; "Publish", "New version"), declared on core's generic views."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from garrison.core.registry import ApiSpec, Column, ModelConfig, ObjectAction, register
from garrison.core.scoping import scope_of
from garrison.oversight.inspections import permissions, services
from garrison.oversight.inspections.filters import (
    InspectionPlanFilterSet,
)
from garrison.oversight.inspections.forms import (
    ChecklistItemEditForm,
    ChecklistItemForm,
    InspectionPlanForm,
    NewChecklistVersionForm,
    PublishChecklistForm,
)
from garrison.oversight.inspections.models import (
    ChecklistItem,
    ChecklistTemplate,
    ChecklistVersion,
    Inspection,
    InspectionPlan,
)
from garrison.oversight.inspections.schemas import (
    ChecklistItemOut,
    ChecklistTemplateDetailOut,
    ChecklistTemplateOut,
    ChecklistVersionDetailOut,
    ChecklistVersionOut,
    InspectionPlanOut,
)

from .common import PROVINCE_PAGES, visible_targets


# --- plans ----------------------------------------------------------------------------------------
@register
class InspectionPlanConfig(ModelConfig):
    model = InspectionPlan
    name = "inspection_plan"
    namespace = "oversight"
    select_related = ["province"]
    list_columns = [
        Column("year", order_by="year", link=True),
        Column("title", order_by="title"),
        Column("decision"),
        Column("approved_on", order_by="approved_on"),
        Column("province", order_by="province__code"),
    ]
    export_columns = [
        Column("year"),
        Column("province__name", label=_("province")),
        Column("title"),
        Column("decision"),
        Column("approved_on"),
        Column("notes"),
    ]
    default_ordering = ["-year", "province__code"]
    search_fields = ["title__icontains", "decision__icontains"]
    filterset_class = InspectionPlanFilterSet
    form_class = InspectionPlanForm
    can_delete = False  # inspections point at it
    picker = False  # one a year: a small list
    detail_template = "oversight/inspection_plan_detail.html"
    detail_fields = ["province", "year", "title", "decision", "approved_on", "notes"]
    nav_label = _("Inspection plans")
    nav_group = "oversight"
    nav_order = 10
    nav_levels = PROVINCE_PAGES
    api = ApiSpec(
        path="/oversight/inspection-plans",
        id_param="inspection_plan_id",
        out=InspectionPlanOut,
        summaries={
            "list": "List the yearly inspection plans",
            "get": "Get an inspection plan",
            "create": "Create the province's inspection plan of a year",
            "patch": "Edit an inspection plan",
        },
        descriptions={
            "list": "Filter `year`. A province's plans, and every province's for the Ministry.",
            "create": "The province is the inspector's own (a nation account names it with "
            "`province_code`); one plan per province and year.",
        },
    )

    @classmethod
    def new_instance(cls, request):
        scope = scope_of(request.user)
        return InspectionPlan(province_id=getattr(scope, "province_id", None))

    @classmethod
    def detail_context(cls, request, obj):
        inspections = (
            Inspection.objects.visible_to(request.user)
            .filter(plan=obj)
            .prefetch_related(visible_targets(request.user))
            .order_by("starts_on", "pk")
        )
        return {
            "inspections": list(inspections),
            "year_url": reverse("oversight:inspection_year") + f"?year={obj.year}",
        }


# --- checklists -----------------------------------------------------------------------------------
def _new_version(request, template, data) -> str:
    version = services.do_new_checklist_version(actor=request.user, template=template)
    return gettext(
        "Version %(n)d opened as a copy of the latest: change its points, then publish it."
    ) % {"n": version.number}


def _template_versions(template: Any) -> str:
    numbers = sorted((v.number, v.is_draft) for v in template.versions.all())
    published = [n for n, draft in numbers if not draft]
    label = str(published[-1]) if published else "—"
    drafts = [n for n, draft in numbers if draft]
    if drafts:
        label += " " + gettext("(%(n)d in draft)") % {"n": drafts[-1]}
    return label


@register
class ChecklistTemplateConfig(ModelConfig):
    model = ChecklistTemplate
    name = "checklist"
    namespace = "oversight"
    select_related = ["province"]
    list_columns = [
        Column("name", order_by="name", link=True),
        Column("versions", label=_("current version"), accessor=_template_versions),
        Column(
            "province",
            label=_("issued by"),
            accessor=lambda t: t.province.name if t.province_id else gettext("Ministry"),
            order_by="province__name",
        ),
    ]
    default_ordering = ["name"]
    search_fields = ["name__icontains"]
    form_fields = ["name", "description"]
    can_delete = False  # its versions are followed by inspections
    picker = False
    detail_template = "oversight/checklist_detail.html"
    detail_fields = ["name", "description", "province"]
    nav_label = _("Inspection checklists")
    nav_group = "oversight"
    nav_order = 12
    nav_levels = PROVINCE_PAGES
    actions = [
        ObjectAction(
            "new_version",
            _("New version"),
            NewChecklistVersionForm,
            _new_version,
            icon="files",
            available=lambda t, user: permissions.can_new_checklist_version(user, t),
            help_text=_(
                "The new version starts as a copy of the latest one. Inspections already made "
                "keep the version they followed."
            ),
        ),
    ]
    api = ApiSpec(
        path="/oversight/checklists",
        id_param="checklist_id",
        out=ChecklistTemplateOut,
        detail_out=ChecklistTemplateDetailOut,
        summaries={
            "list": "List inspection checklists",
            "get": "Get an inspection checklist with its versions",
            "create": "Create an inspection checklist (with an empty draft version 1)",
            "patch": "Rename or describe an inspection checklist",
        },
        descriptions={
            "list": "The province's own checklists and the Ministry's (`province_code` null).",
        },
    )

    @classmethod
    def base_queryset(cls):
        return super().base_queryset().prefetch_related("versions")

    @classmethod
    def create(cls, actor, form):
        return services.do_create_checklist(actor=actor, template=form.save(commit=False))

    @classmethod
    def detail_context(cls, request, obj):
        versions = list(obj.versions.order_by("-number"))
        current = next((v for v in versions if not v.is_draft), None)
        return {
            "versions": versions,
            "current": current,
            "items": list(current.items.all()) if current else [],
        }


def _publish(request, version, data) -> str:
    version = services.do_publish_checklist_version(actor=request.user, version=version)
    return gettext("Version %(n)d is published: inspections may follow it.") % {"n": version.number}


@register
class ChecklistVersionConfig(ModelConfig):
    model = ChecklistVersion
    name = "checklist_version"
    namespace = "oversight"
    select_related = ["template"]
    list_columns = [
        Column("template", order_by="template__name", link=True),
        Column("number", order_by="number"),
        Column("published_at", order_by="published_at"),
    ]
    default_ordering = ["template__name", "-number"]
    search_fields = ["template__name__icontains"]
    can_add = False  # versions come from the services: a new checklist's first, "New version"
    can_delete = False
    picker = False
    detail_template = "oversight/checklist_version_detail.html"
    detail_fields = ["template", "number", "published_at"]
    actions = [
        ObjectAction(
            "publish",
            _("Publish"),
            PublishChecklistForm,
            _publish,
            icon="send-check",
            style="primary",
            available=lambda v, user: permissions.can_publish_checklist_version(user, v),
            form_kwargs=lambda request, v: {
                "problems": services.version_problems(v) if v.pk else []
            },
        ),
    ]
    api = ApiSpec(
        path="/oversight/checklist-versions",
        id_param="checklist_version_id",
        out=ChecklistVersionOut,
        detail_out=ChecklistVersionDetailOut,
        summaries={
            "list": "List the versions of inspection checklists",
            "get": "Get a checklist version with its points",
        },
    )

    @classmethod
    def change_refusal(cls, obj):
        return services.frozen_version_message(obj)

    @classmethod
    def detail_context(cls, request, obj):
        context: dict[str, Any] = {
            "items": list(obj.items.all()),
            "template_url": ChecklistTemplateConfig.url("detail", obj.template),
            "problems": services.version_problems(obj) if obj.is_draft else [],
            "inspections_count": Inspection.objects.visible_to(request.user)
            .filter(checklist_version=obj)
            .count(),
        }
        if obj.is_draft and ChecklistItemConfig.user_can_write(request.user):
            context["add_item_url"] = (
                ChecklistItemConfig.url("add") + f"?checklist_version={obj.pk}"
            )
        return context


@register
class ChecklistItemConfig(ModelConfig):
    model = ChecklistItem
    name = "checklist_item"
    namespace = "oversight"
    select_related = ["checklist_version__template"]
    list_columns = [
        Column("checklist_version", order_by="checklist_version__template__name", link=True),
        Column("order", order_by="order"),
        Column("area", order_by="area"),
        Column("text"),
    ]
    default_ordering = ["checklist_version__template__name", "-checklist_version__number", "order"]
    search_fields = ["text__icontains"]
    form_class = ChecklistItemEditForm
    add_form_class = ChecklistItemForm
    picker = False
    detail_fields = ["checklist_version", "order", "area", "text"]
    api = ApiSpec(
        path="/oversight/checklist-items",
        id_param="checklist_item_id",
        out=ChecklistItemOut,
        summaries={
            "list": "List the points of inspection checklists",
            "get": "Get a point of a checklist",
            "create": "Add a point to a draft checklist version",
            "patch": "Change a point of a draft checklist version",
            "delete": "Remove a point from a draft checklist version",
        },
        descriptions={
            "create": "A published version never changes: a point added to it is refused (400).",
        },
    )

    @classmethod
    def change_refusal(cls, obj):
        return services.frozen_version_message(obj.checklist_version)
