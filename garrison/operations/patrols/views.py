"""Patrols pages: the commune police and its officers, the joint coordination plans (with the
signed document) and meetings, the patrols planned and done with their actions (record the
result, cancel); the patrols done against an event's target per commune and week
(`operations:patrol_progress`), the patrol log of a commune as PDF (`operations:patrol_log_pdf`)
and the signed document of a coordination plan (`operations:coordination_document`)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from garrison.core.registry import (
    ApiSpec,
    Column,
    ModelConfig,
    NavLink,
    ObjectAction,
    register,
    register_nav_link,
)
from garrison.core.scoping import COMMUNE, PROVINCE

from . import permissions, services
from .filters import (
    CoordinationMeetingFilterSet,
    CoordinationPlanFilterSet,
    PatrolFilterSet,
    PoliceOfficerFilterSet,
    PoliceUnitFilterSet,
)
from .forms import (
    CancelPatrolForm,
    CoordinationMeetingForm,
    CoordinationPlanForm,
    PatrolForm,
    PoliceOfficerForm,
    PoliceUnitForm,
    RecordPatrolForm,
)
from .models import (
    CoordinationMeeting,
    CoordinationPlan,
    Patrol,
    PatrolStatus,
    PoliceOfficer,
    PoliceUnit,
)

LOCAL_LEVELS = frozenset({COMMUNE, PROVINCE})

register_nav_link(
    NavLink(
        "operations",
        51,
        _("Patrols against target"),
        "operations:patrol_progress",
        permissions.can_view_patrol_progress,
    )
)


@register
class PoliceUnitConfig(ModelConfig):
    model = PoliceUnit
    name = "police"
    namespace = "operations"
    select_related = ["commune"]
    list_columns = [
        Column("name", order_by="name", link=True),
        Column("commune", order_by="commune__name"),
        Column("head_name"),
        Column("phone"),
    ]
    default_ordering = ["commune__name"]
    search_fields = ["name__icontains", "commune__name__icontains"]
    filterset_class = PoliceUnitFilterSet
    form_class = PoliceUnitForm
    nav_label = _("Commune police")
    nav_group = "operations"
    nav_order = 60
    nav_levels = LOCAL_LEVELS
    api = ApiSpec(
        path="/operations/police",
        id_param="police_id",
        summaries={
            "list": "List the commune police (one per commune)",
            "create": "Add the commune police of a commune",
        },
    )
    detail_fields = ["commune", "name", "head_name", "phone"]

    @classmethod
    def detail_context(cls, request, obj):
        return {"officers": obj.officers.order_by("-is_active", "full_name")}

    detail_template = "operations/police_detail.html"


@register
class PoliceOfficerConfig(ModelConfig):
    model = PoliceOfficer
    name = "officer"
    namespace = "operations"
    select_related = ["commune", "police_unit"]
    list_columns = [
        Column("full_name", order_by="full_name", link=True),
        Column("rank"),
        Column("position"),
        Column("police_unit", order_by="police_unit__name"),
        Column("is_active", order_by="is_active"),
    ]
    default_ordering = ["full_name"]
    search_fields = ["full_name__icontains"]
    filterset_class = PoliceOfficerFilterSet
    form_class = PoliceOfficerForm
    nav_label = _("Police officers")
    nav_group = "operations"
    nav_order = 61
    nav_levels = LOCAL_LEVELS
    api = ApiSpec(
        path="/operations/police-officers",
        id_param="officer_id",
        summaries={
            "list": "List the officers of the commune police",
            "create": "Add an officer of the commune police",
        },
    )
    detail_fields = ["police_unit", "full_name", "rank", "position", "phone", "is_active"]

    @classmethod
    def picker_queryset(cls, user, nationwide=False):
        """A picker offers the serving officers only (a patrol takes no one who has left)."""
        return super().picker_queryset(user, nationwide).filter(is_active=True)

    @classmethod
    def picker_label(cls, obj):
        return f"{obj} — {obj.police_unit}"


@register
class CoordinationPlanConfig(ModelConfig):
    model = CoordinationPlan
    name = "coordination"
    namespace = "operations"
    select_related = ["commune"]
    list_columns = [
        Column("signed_on", order_by="signed_on", link=True),
        Column("title", order_by="title"),
        Column("number"),
        Column("commune", order_by="commune__name"),
        Column("valid_until", order_by="valid_until"),
    ]
    default_ordering = ["-signed_on"]
    search_fields = ["title__icontains", "number__icontains"]
    filterset_class = CoordinationPlanFilterSet
    form_class = CoordinationPlanForm
    nav_label = _("Coordination plans with the police")
    nav_group = "operations"
    nav_order = 62
    nav_levels = LOCAL_LEVELS
    api = ApiSpec(
        path="/operations/coordination-plans",
        id_param="coordination_id",
        summaries={
            "list": "List the joint coordination plans with the commune police "
            "(Decree 03/2019/ND-CP)",
            "create": "Add a joint coordination plan (the signed document is uploaded on its page)",
        },
    )
    detail_template = "operations/coordination_detail.html"
    detail_fields = ["commune", "title", "number", "signed_on", "valid_until", "content"]

    @classmethod
    def detail_context(cls, request, obj):
        return {"meetings": obj.meetings.order_by("-held_on")}


@register
class CoordinationMeetingConfig(ModelConfig):
    model = CoordinationMeeting
    name = "meeting"
    namespace = "operations"
    select_related = ["commune", "plan", "event"]
    list_columns = [
        Column("held_on", order_by="held_on", link=True),
        Column("commune", order_by="commune__name"),
        Column("plan"),
        Column("event"),
        Column("conclusions"),
    ]
    default_ordering = ["-held_on"]
    search_fields = ["conclusions__icontains", "attendees__icontains"]
    filterset_class = CoordinationMeetingFilterSet
    form_class = CoordinationMeetingForm
    nav_label = _("Coordination meetings with the police")
    nav_group = "operations"
    nav_order = 63
    nav_levels = LOCAL_LEVELS
    api = ApiSpec(
        path="/operations/coordination-meetings",
        id_param="meeting_id",
        summaries={
            "list": "List the coordination meetings with the commune police",
            "create": "Record a coordination meeting with the commune police",
        },
    )
    detail_fields = ["commune", "plan", "event", "held_on", "attendees", "conclusions"]


# --- patrols -------------------------------------------------------------------------------------
def _hours(patrol) -> str:
    return f"{patrol.starts_at:%H:%M}–{patrol.ends_at:%H:%M}"


def _record(request, patrol, data) -> str:
    services.do_record_patrol(
        actor=request.user,
        patrol=patrol,
        findings=data.get("findings") or "",
        follow_up=data.get("follow_up") or "",
        members=list(data.get("members") or []),
        officers=list(data.get("officers") or []),
    )
    return gettext("The patrol is recorded as done.")


def _cancel(request, patrol, data) -> str:
    services.do_cancel_patrol(actor=request.user, patrol=patrol, reason=data["reason"])
    return gettext("The patrol is cancelled.")


@register
class PatrolConfig(ModelConfig):
    model = Patrol
    name = "patrol"
    namespace = "operations"
    select_related = ["commune", "event"]
    list_columns = [
        Column("day", order_by="day", link=True),
        Column("hours", label=_("hours"), accessor=_hours),
        Column("commune", order_by="commune__name"),
        Column("villages"),
        Column("event", order_by="event__name"),
        Column("status", order_by="status"),
        Column("member_count", label=_("militia"), accessor=lambda p: p.member_count or 0),
        Column("officer_count", label=_("police"), accessor=lambda p: p.officer_count or 0),
    ]
    default_ordering = ["-day", "-starts_at"]
    search_fields = ["villages__icontains", "route__icontains", "findings__icontains"]
    filterset_class = PatrolFilterSet
    form_class = PatrolForm
    nav_label = _("Patrols")
    nav_group = "operations"
    nav_order = 50
    api = ApiSpec(
        path="/operations/patrols",
        id_param="patrol_id",
        summaries={
            "list": "List patrols (filters: event, commune, status, day_from, day_until, joint)",
            "create": "Plan a patrol: day, hours (an end before the start is the next morning), "
            "villages, militia members and police officers of the commune",
        },
        descriptions={
            "create": "Refused (400, naming the field) for equal hours, an event that is not "
            "declared, does not reach the commune or whose period does not cover the day, "
            "members or officers of another commune, or someone already on a patrol whose "
            "hours overlap.",
        },
    )
    detail_template = "operations/patrol_detail.html"
    detail_fields = [
        "commune",
        "event",
        "status",
        "day",
        "starts_at",
        "ends_at",
        "villages",
        "route",
        "findings",
        "follow_up",
        "cancel_reason",
    ]
    actions = [
        ObjectAction(
            "record",
            _("Record result"),
            RecordPatrolForm,
            _record,
            icon="clipboard-check",
            available=lambda p, user: permissions.can_record_patrol(user, p),
            form_kwargs=lambda request, p: {"patrol": p, "user": request.user},
            help_text=_(
                "What the patrol found, the follow-up, and who took part. A patrol not yet held "
                "cannot be recorded as done."
            ),
            style="primary",
        ),
        ObjectAction(
            "cancel",
            _("Cancel"),
            CancelPatrolForm,
            _cancel,
            icon="x-circle",
            available=lambda p, user: permissions.can_cancel_patrol(user, p),
            help_text=_("Say why the patrol will not take place."),
            style="outline-danger",
        ),
    ]

    @classmethod
    def base_queryset(cls):
        return super().base_queryset().with_counts()

    @classmethod
    def new_instance(cls, request):
        return Patrol(day=timezone.localdate())

    @classmethod
    def create(cls, actor, form):
        patrol = form.save(commit=False)
        return services.do_plan_patrol(
            actor=actor,
            patrol=patrol,
            members=form.cleaned_data.get("members") or [],
            officers=form.cleaned_data.get("officers") or [],
        )

    @classmethod
    def update(cls, actor, form, expected_version):
        patrol = form.save(commit=False)
        return services.do_plan_patrol(
            actor=actor,
            patrol=patrol,
            members=form.cleaned_data.get("members") or [],
            officers=form.cleaned_data.get("officers") or [],
            expected_version=expected_version,
        )

    @classmethod
    def change_refusal(cls, obj):
        if obj.status != PatrolStatus.PLANNED:
            return gettext(
                "This patrol is %(status)s: only a planned patrol can be changed or deleted."
            ) % {"status": obj.get_status_display()}
        return None

    @classmethod
    def detail_context(cls, request, obj):
        return {
            "members": obj.members.select_related("person", "unit").order_by(
                "person__name_sort_key"
            ),
            "officers": obj.officers.order_by("full_name"),
            "not_yet_held": services.not_yet_held(obj)
            if obj.status == PatrolStatus.PLANNED
            else None,
        }
