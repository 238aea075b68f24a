"""Readiness pages, declared on core's generic views: the events (list, detail with the state
of every commune's plan, draft edit, declare, close), the communes reached (read-only, filtered
by plan state and lateness), and the communes' plans (file, edit, submit, return, approve).
Importing this module registers all three.

Beyond the generic ones: a plan printed as PDF (Decree 30/2020/NĐ-CP), its signed document's
download, and the province's page approving many plans at once — each read through the scoped
lookup, so a file or a plan is served only to whoever may see it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views import View

from garrison.core import audit
from garrison.core.filtering import query_id, query_ids
from garrison.core.pdf import render_pdf
from garrison.core.registry import (
    ApiSpec,
    Column,
    ModelConfig,
    NavLink,
    ObjectAction,
    register,
    register_nav_link,
)
from garrison.core.scoping import COMMUNE, NATION, PROVINCE, get_for, scope_of
from garrison.core.views import ConfiguredView, ObjectEditView

from . import services
from .filters import PLAN_CHOICES, EventFilterSet, PlanFilterSet, TargetFilterSet
from .forms import (
    ApprovePlanForm,
    CloseForm,
    DeclareForm,
    EventForm,
    NewPlanForm,
    PlanForm,
    ReturnPlanForm,
    SubmitPlanForm,
)
from .models import EventTarget, PlanStatus, ReadinessEvent, ReadinessPlan
from .permissions import (
    can_close_event,
    can_decide_plan,
    can_declare_event,
    can_edit_event,
    can_file_plan,
    sees_one_commune,
)
from .querysets import PLAN_STATES
from .schemas import ReadinessPlanDetailOut, ReadinessPlanIn, ReadinessPlanOut, ReadinessPlanPatch

PLAN_LABELS = dict(PLAN_CHOICES)


# --- events ---------------------------------------------------------------------------------
def _declare(request, event, data) -> str:
    n = services.do_declare_event(actor=request.user, event=event)
    return ngettext(
        "Declared: it reaches %(n)d commune.", "Declared: it reaches %(n)d communes.", n
    ) % {"n": n}


def _close(request, event, data) -> str:
    services.do_close_event(actor=request.user, event=event)
    return gettext("Event closed.")


def _targets_url(**params) -> str:
    return f"{reverse('operations:target_list')}?{urlencode(params)}"


@register
class EventConfig(ModelConfig):
    model = ReadinessEvent
    name = "event"
    namespace = "operations"
    select_related = ["province"]
    list_columns = [
        Column("name", order_by="name", link=True),
        Column("kind", order_by="kind"),
        Column("starts_on", order_by="starts_on"),
        Column("ends_on", order_by="ends_on"),
        Column("level", order_by="level"),
        Column("reach", order_by="reach"),
        Column("plan_due_on", order_by="plan_due_on"),
        Column("status", order_by="status"),
        Column(
            "province",
            label=_("declared by"),
            accessor=lambda e: e.province.name if e.province_id else gettext("Ministry"),
        ),
    ]
    default_ordering = ["-starts_on", "-pk"]
    search_fields = ["name__icontains"]
    filterset_class = EventFilterSet
    form_class = EventForm
    api = ApiSpec(
        path="/operations/events",
        id_param="event_id",
        summaries={
            "list": "List readiness events (a commune: those that reach it)",
            "get": "Get a readiness event",
            "create": "Write a draft readiness event (a province, or the Ministry)",
            "patch": "Change a draft readiness event",
            "delete": "Delete a draft readiness event",
        },
        descriptions={
            "list": "A province sees its events and the Ministry's that reach its communes; a "
            "commune the declared events that reach it. `status` draft, declared or closed; "
            "`kind`; `year` of the start.",
        },
    )
    detail_template = "operations/event_detail.html"
    detail_fields = [
        "kind",
        "starts_on",
        "ends_on",
        "level",
        "reach",
        "plan_due_on",
        "patrols_per_week",
        "duty_strength",
        "instructions",
        "previous",
        "status",
        "declared_at",
        "province",
    ]
    nav_label = _("Readiness events")
    nav_group = "operations"
    nav_order = 10
    nav_levels = frozenset({NATION, PROVINCE, COMMUNE})
    actions = [
        ObjectAction(
            "declare",
            _("Declare"),
            DeclareForm,
            _declare,
            icon="megaphone",
            available=lambda e, user: can_edit_event(user, e),
            style="primary",
        ),
        ObjectAction(
            "close",
            _("Close"),
            CloseForm,
            _close,
            icon="archive",
            available=lambda e, user: can_close_event(user, e),
        ),
    ]

    @classmethod
    def user_can_add(cls, user) -> bool:
        return can_declare_event(user)

    @classmethod
    def change_refusal(cls, obj):
        if obj.is_draft:
            return None
        return gettext(
            "“%(name)s” has been declared and can no longer be changed or deleted; it can only "
            "be closed."
        ) % {"name": obj.name}

    @classmethod
    def new_instance(cls, request):
        scope = scope_of(request.user)
        return ReadinessEvent(province_id=scope.province_id if scope else None)

    @classmethod
    def create(cls, actor, form):
        return services.do_create_event(
            actor=actor,
            event=form.save(commit=False),
            chosen_communes=form.cleaned_data.get("chosen_communes") or [],
        )

    @classmethod
    def detail_context(cls, request, obj):
        today = timezone.localdate()
        context = {"today": today}
        if sees_one_commune(request.user):
            own = ReadinessPlan.objects.visible_to(request.user).filter(event=obj).first()
            target = EventTarget.objects.visible_to(request.user).filter(event=obj).first()
            context["own_plan"] = own
            context["own_target"] = target
            if own is None and target is not None and can_file_plan(request.user):
                add = reverse("operations:plan_add")
                context["file_url"] = f"{add}?{urlencode({'event': obj.pk})}"
                has_previous = (
                    obj.previous_id is not None
                    and ReadinessPlan.objects.visible_to(request.user)
                    .filter(event_id=obj.previous_id)
                    .exists()
                )
                if has_previous:
                    context["copy_url"] = (
                        f"{add}?{urlencode({'event': obj.pk, 'start_from_previous': 'on'})}"
                    )
            return context
        if obj.is_draft:
            return context
        targets = EventTarget.objects.visible_to(request.user).filter(event=obj)
        counts = targets.plan_counts(today)
        context["counts"] = [
            {
                "key": key,
                "label": PLAN_LABELS.get(key, key),
                "count": counts[key],
                "url": _targets_url(event=obj.pk, plan=key),
            }
            for key in ("none", "late", *PLAN_STATES[1:])
        ]
        context["total"] = counts["total"]
        context["targets_url"] = _targets_url(event=obj.pk)
        context["plans_url"] = f"{reverse('operations:plan_list')}?{urlencode({'event': obj.pk})}"
        rows = targets.with_plan_state().select_related("commune").order_by("commune__name")[:200]
        context["rows"] = [
            {
                "target": t,
                "state": PLAN_LABELS.get(t.plan_state, t.plan_state),
                "late": t.plan_state not in ("submitted", "approved") and t.plan_due_on < today,
            }
            for t in rows
        ]
        return context


# --- the communes reached ------------------------------------------------------------------------
@register
class TargetConfig(ModelConfig):
    model = EventTarget
    name = "target"
    namespace = "operations"
    select_related = ["event", "commune"]
    list_columns = [
        Column("event", order_by="event__name"),
        Column("commune", order_by="commune__name", link=True),
        Column("plan_due_on", order_by="plan_due_on"),
        Column(
            "plan_state",
            label=_("plan"),
            accessor=lambda t: PLAN_LABELS.get(t.plan_state, t.plan_state),
            order_by="plan_state",
        ),
        Column("patrols_per_week", order_by="patrols_per_week"),
        Column("duty_strength", order_by="duty_strength"),
    ]
    default_ordering = ["event__starts_on", "commune__name"]
    search_fields = ["commune__name__icontains"]
    filterset_class = TargetFilterSet
    can_add = False
    can_delete = False
    picker = False
    api = ApiSpec(
        path="/operations/event-communes",
        id_param="target_id",
        exclude=frozenset({"create", "patch", "delete"}),
        summaries={
            "list": "List the communes reached by readiness events, with their plan's state",
            "get": "Get what one commune owes for an event",
        },
        descriptions={
            "list": "`event` an event id; `commune` a commune code; `plan` none, late, draft, "
            "submitted, returned or approved (late: no plan submitted or approved and the due "
            "date past).",
        },
    )
    detail_fields = ["event", "commune", "plan_due_on", "patrols_per_week", "duty_strength"]

    @classmethod
    def queryset(cls, request, action="view"):
        return super().queryset(request, action).with_plan_state()


# --- plans ---------------------------------------------------------------------------------------
def _submit(request, plan, data) -> str:
    services.do_submit_plan(actor=request.user, plan=plan)
    return gettext("Plan submitted to the province.")


def _return(request, plan, data) -> str:
    services.do_return_plan(actor=request.user, plan=plan, reason=data["reason"])
    return gettext("Plan returned to the commune.")


def _approve(request, plan, data) -> str:
    services.do_approve_plan(actor=request.user, plan=plan)
    return gettext("Plan approved.")


def _submittable(plan, user) -> bool:
    return plan.status in (PlanStatus.DRAFT, PlanStatus.RETURNED) and can_file_plan(user, plan)


def _decidable(plan, user) -> bool:
    return plan.status == PlanStatus.SUBMITTED and can_decide_plan(user, plan)


class PlanEditView(ObjectEditView):
    """The generic add and edit pages, opened to the commune's own command only."""

    def get_instance(self):
        if not can_file_plan(self.request.user):
            raise Http404
        return super().get_instance()


@register
class PlanConfig(ModelConfig):
    model = ReadinessPlan
    name = "plan"
    namespace = "operations"
    select_related = ["event", "commune"]
    list_columns = [
        Column("event", order_by="event__name", link=True),
        Column("commune", order_by="commune__name"),
        Column("status", order_by="status"),
        Column("submitted_at", order_by="submitted_at"),
        Column("decided_at", order_by="decided_at"),
    ]
    export_columns = [
        Column("event__name", label=_("readiness event")),
        Column("commune__code", label=_("commune code")),
        Column("commune__name", label=_("commune")),
        Column("status"),
        Column("submitted_at"),
        Column("decided_at"),
        Column("return_reason"),
        Column("key_places"),
        Column("contacts"),
    ]
    default_ordering = ["-event__starts_on", "commune__name"]
    search_fields = ["commune__name__icontains", "event__name__icontains"]
    filterset_class = PlanFilterSet
    form_class = PlanForm
    add_form_class = NewPlanForm
    can_delete = False
    picker = False
    view_classes = {"edit": PlanEditView}
    detail_template = "operations/plan_detail.html"
    api = ApiSpec(
        path="/operations/plans",
        id_param="readiness_plan_id",
        out=ReadinessPlanOut,
        detail_out=ReadinessPlanDetailOut,
        create_in=ReadinessPlanIn,
        patch_in=ReadinessPlanPatch,
        summaries={
            "list": "List readiness plans (a commune: its own)",
            "get": "Get a readiness plan",
            "create": "File a draft plan for an event that reaches your commune (the commune)",
            "patch": "Change a draft or returned plan (the commune)",
        },
        descriptions={
            "list": "`event` an event id; `status` draft, submitted, returned or approved; "
            "`commune` a commune code.",
            "create": "`start_from_previous` copies the commune's plan for the event's previous "
            "similar event (texts and forces on standby, members still serving only). A second "
            "plan for the same event, or an event that does not reach the commune, answers 400.",
        },
    )
    detail_fields = [
        "event",
        "commune",
        "status",
        "submitted_at",
        "decided_at",
        "decided_by",
        "return_reason",
        "copied_from",
        "key_places",
        "contacts",
        "content",
    ]
    nav_label = _("Readiness plans")
    nav_group = "operations"
    nav_order = 20
    nav_levels = frozenset({NATION, PROVINCE, COMMUNE})
    actions = [
        ObjectAction(
            "submit",
            _("Submit to the province"),
            SubmitPlanForm,
            _submit,
            icon="send",
            available=_submittable,
            style="primary",
        ),
        ObjectAction(
            "approve",
            _("Approve"),
            ApprovePlanForm,
            _approve,
            icon="check2",
            available=_decidable,
            style="success",
        ),
        ObjectAction(
            "return",
            _("Return with a reason"),
            ReturnPlanForm,
            _return,
            icon="arrow-counterclockwise",
            available=_decidable,
            style="outline-danger",
        ),
    ]

    @classmethod
    def user_can_add(cls, user) -> bool:
        return can_file_plan(user)

    @classmethod
    def change_refusal(cls, obj):
        if obj.status in (PlanStatus.DRAFT, PlanStatus.RETURNED):
            return None
        return gettext(
            "This plan is %(status)s and can no longer be changed; the province returns it if "
            "it must be corrected."
        ) % {"status": obj.get_status_display()}

    @classmethod
    def new_instance(cls, request):
        scope = scope_of(request.user)
        commune_id = scope.commune_id if scope else None
        province_id = scope.province_id if scope else None
        return ReadinessPlan(commune_id=commune_id, province_id=province_id)

    @classmethod
    def create(cls, actor, form):
        data = form.cleaned_data
        return services.do_create_plan(
            actor=actor,
            plan=form.save(commit=False),
            standby_units=data.get("standby_units") or [],
            standby_members=data.get("standby_members") or [],
            standby_staff=data.get("standby_staff") or [],
            start_from_previous=bool(data.get("start_from_previous")),
        )

    @classmethod
    def update(cls, actor, form, expected_version):
        data = form.cleaned_data
        return services.do_update_plan(
            actor=actor,
            plan=form.save(commit=False),
            expected_version=expected_version,
            standby_units=data.get("standby_units"),
            standby_members=data.get("standby_members"),
            standby_staff=data.get("standby_staff"),
        )

    @classmethod
    def detail_context(cls, request, obj):
        return {
            "pdf_url": reverse("operations:plan_pdf", kwargs={"pk": obj.pk}),
            "document_url": reverse("operations:plan_document", kwargs={"pk": obj.pk})
            if obj.document
            else None,
            "units": obj.standby_units.order_by("name"),
            "members": obj.standby_members.select_related("person"),
            "staff": obj.standby_staff.select_related("person", "command"),
        }


# --- the plan as PDF, its signed document, many approved at once ------------------------------
PDF_TEMPLATE = "operations/plan_pdf.html"


class PlanPdfView(ConfiguredView):
    """One readiness plan as a PDF in Vietnamese (an official document)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        plan = self.get_object()
        pdf = render_pdf(PDF_TEMPLATE, services.plan_pdf_context(plan))
        audit.log_export(
            actor=request.user,
            model=type(plan),
            count=1,
            fmt="pdf",
            filters={"plan": plan.pk},
            request=request,
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="ke-hoach-{plan.pk}.pdf"'
        return response


class PlanDocumentView(LoginRequiredMixin, View):
    """The signed plan, served only to whoever may see the plan."""

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        plan = get_for(request.user, ReadinessPlan, pk=pk)
        if not plan.document:
            raise Http404("This plan has no signed document.")
        try:
            handle = plan.document.open("rb")
        except (FileNotFoundError, ValueError):
            raise Http404("The file is missing from the server's storage.") from None
        return FileResponse(
            handle, as_attachment=True, filename=plan.document.name.rsplit("/", 1)[-1]
        )


REVIEW_PAGE_SIZE = 100


class PlanReviewView(LoginRequiredMixin, View):
    """The province's submitted plans, to approve several at once (or open one to return it).
    Each is approved on its own: the message says how many were, and which were not, why."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_decide_plan(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        queryset = (
            ReadinessPlan.objects.editable_by(request.user)
            .awaiting_decision()
            .select_related("event", "commune")
            .order_by("event__plan_due_on", "commune__name", "pk")
        )
        events = ReadinessEvent.objects.visible_to(request.user).declared().order_by("-starts_on")
        event_id = query_id(request.GET, "event")
        if event_id is not None:
            queryset = queryset.filter(event_id=event_id)
        page = Paginator(queryset, REVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        return render(
            request,
            "operations/plan_review.html",
            {
                "page": page,
                "plans": page.object_list,
                "events": events,
                "event_id": str(event_id or ""),
                "query": query.urlencode(),
                "list_url": PlanConfig.url("list"),
            },
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        back = HttpResponseRedirect(request.get_full_path())
        ids = query_ids(request.POST.getlist("selected"))
        found = (
            ReadinessPlan.objects.visible_to(request.user)
            .select_related("event", "commune")
            .in_bulk(ids)
        )
        chosen = [found[pk] for pk in ids if pk in found]
        if not chosen:
            messages.warning(request, gettext("Tick the plans to approve, then press the button."))
            return back
        result = services.do_bulk_approve_plans(actor=request.user, plans=chosen)
        if result.approved:
            n = len(result.approved)
            messages.success(
                request, ngettext("%(n)d plan approved.", "%(n)d plans approved.", n) % {"n": n}
            )
        for plan, why in result.failed:
            messages.error(
                request,
                gettext("%(commune)s (%(event)s) was not approved: %(why)s")
                % {"commune": plan.commune.name, "event": plan.event.name, "why": why},
            )
        return back


register_nav_link(
    NavLink(
        group="operations",
        order=25,
        label=_("Plans to approve"),
        url_name="operations:plan_review",
        visible=can_decide_plan,
    )
)
