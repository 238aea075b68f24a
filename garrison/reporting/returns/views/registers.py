"""Report forms and returns, declared on core's generic views: the form (list with its current
version, detail with its versions and current fields, new version), the version (fields and
rules, publish), its fields and rules (changeable while the version is a draft), and the return
(list with timeliness, detail with values, sources, warnings and history; approve, return).
Importing this module registers them. The commune's fill page, its "Reports to make" and the
province's "Reports to approve" are in fill.py."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from garrison.core.registry import ApiSpec, Column, ModelConfig, ObjectAction, register
from garrison.core.scoping import NATION, PROVINCE
from garrison.reporting.permissions import can_decide, can_fill, can_withdraw
from garrison.reporting.returns import rules, services
from garrison.reporting.returns.filters import FormFilterSet, SubmissionFilterSet
from garrison.reporting.returns.forms import (
    ApproveForm,
    FormFieldEditForm,
    FormFieldForm,
    FormRuleEditForm,
    FormRuleForm,
    NewVersionForm,
    PublishForm,
    ReportFormForm,
    ReturnForm,
    WithdrawForm,
)
from garrison.reporting.returns.models import (
    FormField,
    FormRule,
    FormVersion,
    ReportForm,
    Submission,
    indicator_label,
    kind_label,
)
from garrison.reporting.returns.schemas import (
    FormDetailOut,
    FormOut,
    SubmissionDetailOut,
    SubmissionOut,
)

State = Submission.State


def fill_url(form_id: int, period_key: str) -> str:
    return reverse("reporting:submission_fill", kwargs={"pk": form_id, "period_key": period_key})


# --- values shown by section ----------------------------------------------------------------------
def display_value(spec: dict, value: Any) -> Any:
    """A stored value for reading (dates as dates; the display filter formats them)."""
    if value is not None and spec["kind"] == rules.DATE:
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError:
            return value
    return value


def source_of(sources: dict, key: str) -> dict | None:
    """A computed field's source with its "as of" day as a date."""
    source = sources.get(key)
    if not source:
        return None
    as_of = source.get("as_of")
    try:
        day = datetime.date.fromisoformat(as_of) if as_of else None
    except ValueError:
        day = None
    return {**source, "as_of_date": day}


def by_section(rows: list[dict]) -> list[dict]:
    """Rows grouped by their "section", in the order the sections first appear."""
    sections: dict[str, list[dict]] = {}
    for row in rows:
        sections.setdefault(row["section"], []).append(row)
    return [{"name": name, "rows": items} for name, items in sections.items()]


def value_rows(specs: list[dict], values: dict, sources: dict) -> list[dict]:
    return [
        {
            "spec": spec,
            "key": spec["key"],
            "section": spec["section"],
            "computed": bool(spec["indicator"]),
            "kind": kind_label(spec["kind"]),
            "indicator": indicator_label(spec["indicator"]),
            "value": display_value(spec, values.get(spec["key"])),
            "source": source_of(sources, spec["key"]),
        }
        for spec in specs
    ]


def timeliness(submission: Submission) -> str:
    """ "on time", "3 days late" (judged by the first submission), "overdue by 2 days" (not
    submitted, past due) or "" (not due yet)."""
    n = submission.days_late
    if submission.first_submitted_at is not None:
        if not n:
            return gettext("on time")
        return ngettext("%(n)d day late", "%(n)d days late", n) % {"n": n}
    if n:
        return ngettext("overdue by %(n)d day", "overdue by %(n)d days", n) % {"n": n}
    return ""


def _counted(queryset: models.QuerySet, link: str) -> Subquery:
    """A correlated count of `queryset`'s rows whose `link` is the outer row."""
    rows = queryset.filter(**{link: OuterRef("pk")}).order_by().values(link)
    return Subquery(rows.annotate(n=Count("pk")).values("n"), output_field=models.IntegerField())


# --- report forms --------------------------------------------------------------------------------
def _new_version(request, form, data) -> str:
    version = services.do_new_version(actor=request.user, form=form, note=data.get("note", ""))
    return gettext(
        "Version %(n)d opened as a copy of the latest: change its fields and rules, then "
        "publish it."
    ) % {"n": version.number}


def _no_draft(form, user) -> bool:
    return not form.versions.filter(published_at__isnull=True).exists()


def _version_label(form) -> str:
    current = getattr(form, "current_number", None)
    draft = getattr(form, "draft_number", None)
    label = str(current) if current else "—"
    if draft:
        label += " " + gettext("(%(n)d in draft)") % {"n": draft}
    return label


@register
class ReportFormConfig(ModelConfig):
    model = ReportForm
    name = "report_form"
    namespace = "reporting"
    select_related = ["province"]
    list_columns = [
        Column("code", order_by="code", link=True),
        Column("name", order_by="name"),
        Column("period_type", order_by="period_type"),
        Column("due_days", order_by="due_days"),
        Column("active", order_by="active"),
        Column(
            "current_number",
            label=_("current version"),
            accessor=_version_label,
            order_by="current_number",
        ),
        Column(
            "province",
            label=_("issued by"),
            accessor=lambda f: f.province.name if f.province_id else gettext("Ministry"),
            order_by="province__name",
        ),
    ]
    default_ordering = ["code"]
    search_fields = ["code__icontains", "name__icontains"]
    filterset_class = FormFilterSet
    form_class = ReportFormForm
    detail_template = "reporting/form_detail.html"
    detail_fields = [
        "code",
        "name",
        "period_type",
        "due_days",
        "event_start",
        "event_end",
        "active",
        "description",
    ]
    nav_label = _("Report forms")
    nav_order = 61
    nav_group = "reporting"
    nav_levels = frozenset({NATION, PROVINCE})
    actions = [
        ObjectAction(
            "new_version",
            _("New version"),
            NewVersionForm,
            _new_version,
            icon="files",
            available=_no_draft,
            help_text=_(
                "The new version starts as a copy of the latest one. Returns already made keep "
                "the version they were made on."
            ),
        ),
    ]

    api = ApiSpec(
        path="/reporting/forms",
        id_param="form_id",
        out=FormOut,
        detail_out=FormDetailOut,
        exclude=frozenset({"create", "patch", "delete"}),  # the pages keep forms and versions
        summaries={
            "list": "List the report forms your communes return",
            "get": "Get a report form with its current version's fields and rules",
        },
        descriptions={
            "list": "A province's own forms and the Ministry's (`province_code` null); a commune "
            "sees those of its province and the Ministry's. `active` true: only those in use.",
            "get": "`fields` say how each value is typed (`key` is its name in a return's "
            "`values`); a `computed` field is filled from the registers. `rules` are the checks "
            "across fields: `block` stops submission, `warn` only warns.",
        },
    )

    @classmethod
    def api_queryset(cls, request):
        return cls.queryset(request).annotate(
            province_code=models.F("province__code"),
            current_version_number=models.F("current_number"),
        )

    @classmethod
    def queryset(cls, request, action="view"):
        # correlated subqueries over the versions of rows already scoped by the outer query
        versions = (
            FormVersion.objects.visible_to(request.user)
            .filter(form=OuterRef("pk"))
            .order_by("-number")
        )
        return (
            super()
            .queryset(request, action)
            .annotate(
                current_number=Subquery(
                    versions.filter(published_at__isnull=False).values("number")[:1]
                ),
                draft_number=Subquery(
                    versions.filter(published_at__isnull=True).values("number")[:1]
                ),
            )
        )

    @classmethod
    def create(cls, actor, form):
        return services.do_create_form(actor=actor, form=form.save(commit=False))

    @classmethod
    def detail_context(cls, request, obj):
        versions = list(
            obj.versions.annotate(
                fields_count=_counted(FormField.objects.visible_to(request.user), "form_version"),
                returns_count=_counted(Submission.objects.visible_to(request.user), "form_version"),
            ).order_by("-number")
        )
        current = next((v for v in versions if not v.is_draft), None)
        draft = versions[0] if versions and versions[0].is_draft else None
        context: dict[str, Any] = {
            "versions": versions,
            "current": current,
            "draft": draft,
            "returns_url": SubmissionConfig.url("list") + f"?form={obj.pk}",
        }
        if current is not None:
            specs = current.field_specs()
            context["sections"] = by_section(value_rows(specs, {}, {}))
            context["rules"] = list(current.rules.all())
        if can_fill(request.user) and obj.active and current is not None:
            context["todo_url"] = reverse("reporting:submission_todo")
        return context


# --- versions ------------------------------------------------------------------------------------
def _publish(request, version, data) -> str:
    version = services.do_publish_version(actor=request.user, version=version)
    return gettext("Version %(n)d is published: new returns are made on it.") % {
        "n": version.number
    }


def frozen_message(version: FormVersion) -> str | None:
    if version.is_draft:
        return None
    return gettext(
        "Version %(n)d is published and cannot change: open a new version of the form and "
        "change that."
    ) % {"n": version.number}


@register
class FormVersionConfig(ModelConfig):
    model = FormVersion
    name = "form_version"
    namespace = "reporting"
    select_related = ["form"]
    list_columns = [
        Column("form__code", label=_("form"), order_by="form__code", link=True),
        Column("number", order_by="number"),
        Column("published_at", order_by="published_at"),
        Column("note"),
    ]
    default_ordering = ["form__code", "-number"]
    search_fields = ["form__code__icontains", "note__icontains"]
    can_add = False  # versions come from the services: a new form's first, or "new version"
    detail_template = "reporting/version_detail.html"
    detail_fields = ["form", "number", "published_at", "note"]
    actions = [
        ObjectAction(
            "publish",
            _("Publish"),
            PublishForm,
            _publish,
            icon="send-check",
            available=lambda version, user: version.is_draft,
            form_kwargs=lambda request, version: {"problems": services.version_problems(version)},
            style="primary",
        ),
    ]

    @classmethod
    def change_refusal(cls, obj):
        return frozen_message(obj)

    @classmethod
    def detail_context(cls, request, obj):
        fields = list(obj.fields.all())
        context = {
            "form_url": ReportFormConfig.url("detail", obj.form),
            "sections": by_section(
                [{"section": f.section, "field": f, "computed": f.computed} for f in fields]
            ),
            "rules": list(obj.rules.all()),
            "problems": services.version_problems(obj) if obj.is_draft else [],
            "returns_count": Submission.objects.visible_to(request.user)
            .filter(form_version=obj)
            .count(),
        }
        if obj.is_draft and FormFieldConfig.user_can_write(request.user):
            context["add_field_url"] = FormFieldConfig.url("add") + f"?form_version={obj.pk}"
            context["add_rule_url"] = FormRuleConfig.url("add") + f"?form_version={obj.pk}"
        return context


# --- fields and rules of a draft version --------------------------------------------------------
class VersionRowConfig(ModelConfig):
    """A field or rule: added, edited and deleted while its version is a draft (the model's
    clean refuses otherwise; the pages say so before the user types anything)."""

    namespace = "reporting"
    select_related = ["form_version__form"]
    detail_template = "reporting/version_row_detail.html"

    @classmethod
    def change_refusal(cls, obj):
        return frozen_message(obj.form_version)

    @classmethod
    def detail_context(cls, request, obj):
        return {"version_url": FormVersionConfig.url("detail", obj.form_version)}


@register
class FormFieldConfig(VersionRowConfig):
    model = FormField
    name = "form_field"
    list_columns = [
        Column("form_version", accessor=str, order_by="form_version__form__code", link=True),
        Column("section", order_by="section"),
        Column("order", order_by="order"),
        Column("key", order_by="key"),
        Column("label", order_by="label"),
        Column("kind", order_by="kind"),
        Column("indicator", order_by="indicator"),
    ]
    default_ordering = ["form_version__form__code", "-form_version__number", "order"]
    search_fields = ["key__icontains", "label__icontains"]
    form_class = FormFieldEditForm
    add_form_class = FormFieldForm
    detail_fields = FormFieldForm.Meta.fields  # the page shows what the form edits


@register
class FormRuleConfig(VersionRowConfig):
    model = FormRule
    name = "form_rule"
    list_columns = [
        Column("form_version", accessor=str, order_by="form_version__form__code", link=True),
        Column("rule", label=_("rule"), accessor=str),
        Column("severity", order_by="severity"),
        Column("message"),
    ]
    default_ordering = ["form_version__form__code", "-form_version__number", "pk"]
    search_fields = ["left__icontains", "message__icontains"]
    form_class = FormRuleEditForm
    add_form_class = FormRuleForm
    detail_fields = [
        "form_version",
        "left",
        "op",
        "right_field",
        "right_value",
        "severity",
        "message",
    ]


# --- returns -------------------------------------------------------------------------------------
def _approve(request, submission, data) -> str:
    services.do_approve(actor=request.user, submission=submission)
    return gettext("Report approved; %(commune)s is told in its inbox.") % {
        "commune": submission.commune.name
    }


def _return(request, submission, data) -> str:
    services.do_return(actor=request.user, submission=submission, reason=data["reason"])
    return gettext("Report returned to %(commune)s with your reason.") % {
        "commune": submission.commune.name
    }


def _withdraw(request, submission, data) -> str:
    services.do_withdraw_submission(
        actor=request.user, submission=submission, reason=data.get("reason") or ""
    )
    return gettext("Report withdrawn: it is a draft again, correct it and submit it.")


def _decidable(submission, user) -> bool:
    return submission.state == State.SUBMITTED and can_decide(user, submission)


@register
class SubmissionConfig(ModelConfig):
    model = Submission
    name = "submission"
    namespace = "reporting"
    select_related = ["form", "commune", "form_version__form"]
    list_columns = [
        Column("form__code", label=_("form"), order_by="form__code", link=True),
        Column("period_key", accessor=lambda s: s.period.label, order_by="period_start"),
        Column("commune", order_by="commune__name"),
        Column("state", order_by="state"),
        Column("due_on", order_by="due_on"),
        Column("first_submitted_at", order_by="first_submitted_at"),
        Column("timeliness", label=_("on time / late"), accessor=timeliness),
    ]
    default_ordering = ["-period_start", "form__code", "commune__name"]
    search_fields = ["commune__name__icontains", "form__code__icontains"]
    filterset_class = SubmissionFilterSet
    can_add = False
    can_delete = False
    api = ApiSpec(
        path="/reporting/submissions",
        id_param="submission_id",
        out=SubmissionOut,
        detail_out=SubmissionDetailOut,
        exclude=frozenset({"patch"}),  # a return is saved, submitted and decided by actions
        summaries={
            "list": "List reports (returns) of the communes you see",
            "get": "Get a report: values, sources of computed figures, warnings, problems, history",
        },
        descriptions={
            "list": "`form` a form id; `period_key` e.g. 2026-10, 2026-Q4, 2026-H2, 2026-W45, "
            "2026 or event; `state` and `timeliness` as on the list page; `commune` a commune "
            "code.",
        },
    )
    list_template = "reporting/submission_list.html"
    detail_template = "reporting/submission_detail.html"
    detail_fields = [
        "form_version",
        "commune",
        "period_start",
        "period_end",
        "due_on",
        "first_submitted_at",
        "submitted_at",
        "submitted_by",
        "decided_at",
        "decided_by",
    ]
    nav_label = _("Reports")
    nav_order = 62
    nav_group = "reporting"
    actions = [
        ObjectAction(
            "approve",
            _("Approve"),
            ApproveForm,
            _approve,
            icon="check2-circle",
            available=_decidable,
            style="success",
        ),
        ObjectAction(
            "return",
            _("Return for correction"),
            ReturnForm,
            _return,
            icon="arrow-return-left",
            available=_decidable,
            style="outline-danger",
            help_text=_(
                "The commune can correct the report and submit it again; its timeliness stays "
                "that of the first submission."
            ),
        ),
        ObjectAction(
            "withdraw",
            _("Withdraw"),
            WithdrawForm,
            _withdraw,
            icon="arrow-counterclockwise",
            available=lambda s, user: can_withdraw(user, s),
            style="outline-warning",
            help_text=_(
                "The report becomes a draft again: the province no longer sees it as submitted. "
                "Correct it and submit it again; its timeliness will be that of the new "
                "submission."
            ),
        ),
    ]

    @classmethod
    def detail_context(cls, request, obj):
        specs = obj.form_version.field_specs()
        labels = {s["key"]: s["label"] for s in specs}
        by_key = {s["key"]: s for s in specs}
        events = []
        for event in obj.events.select_related("actor").order_by("at", "pk"):
            changes = [
                {
                    "label": labels.get(key, key),
                    "before": display_value(by_key[key], before) if key in by_key else before,
                    "after": display_value(by_key[key], after) if key in by_key else after,
                }
                for key, (before, after) in (event.changes or {}).items()
            ]
            events.append({"event": event, "changes": changes})
        context = {
            "sections": by_section(value_rows(specs, obj.values, obj.sources)),
            "events": events,
            "timeliness": timeliness(obj),
            "form_url": ReportFormConfig.url("detail", obj.form),
        }
        if obj.editable_by_commune and can_fill(request.user, obj):
            context["fill_url"] = fill_url(obj.form_id, obj.period_key)
        return context
