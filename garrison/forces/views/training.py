"""Training pages: yearly plans per kind of militia with the days the law requires, sessions and
their attendance, completion per member and who is behind."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from garrison.core import idempotency
from garrison.core.registry import ApiSpec, Column, ModelConfig, ObjectAction, register
from garrison.forces import rules, services
from garrison.forces.filters import TrainingPlanFilterSet, TrainingSessionFilterSet
from garrison.forces.forms import (
    AllPresentForm,
    AttendanceForm,
    TrainingPlanForm,
    TrainingSessionForm,
)
from garrison.forces.models import MilitiaMember, TrainingPlan, TrainingSession
from garrison.forces.schemas import PlanDetailOut, PlanIn, PlanOut, SessionIn, SessionOut


def _days_required(plan) -> str:
    return f"{rules.training_days(plan.kind, 1)} / {rules.training_days(plan.kind, 2)}"


@register
class TrainingPlanConfig(ModelConfig):
    model = TrainingPlan
    name = "plan"
    namespace = "forces"
    select_related = ["commune"]
    list_columns = [
        Column("year", order_by="year", link=True),
        Column("kind", order_by="kind"),
        Column("commune", order_by="commune__name"),
        Column(
            "days_required",
            label=_("days required (1st year / later)"),
            accessor=lambda p: (
                f"{rules.training_days(p.kind, 1)} / {rules.training_days(p.kind, 2)}"
            ),
        ),
        Column("starts_on", order_by="starts_on"),
        Column("ends_on", order_by="ends_on"),
    ]
    default_ordering = ["-year", "commune__name", "kind"]
    filterset_class = TrainingPlanFilterSet
    form_class = TrainingPlanForm

    @classmethod
    def picker_search(cls, qs, term):
        """A plan is found by its year and its commune's name ("2026 Na Son")."""
        for word in term.split()[:6]:
            qs = (
                qs.filter(year=int(word))
                if word.isdigit() and len(word) <= 4
                else qs.filter(commune__name__icontains=word)
            )
        return qs

    @classmethod
    def picker_label(cls, obj):
        return f"{obj} — {obj.commune}"

    api = ApiSpec(
        path="/forces/plans",
        id_param="plan_id",
        out=PlanOut,
        detail_out=PlanDetailOut,
        create_in=PlanIn,
        summaries={
            "list": "List training plans",
            "get": "Get a plan with each member's completion (DQTV 28.1 days)",
            "create": "Add a plan",
        },
    )
    detail_template = "forces/plan_detail.html"
    detail_fields = ["commune", "year", "kind", "starts_on", "ends_on", "location", "notes"]

    @classmethod
    def detail_context(cls, request, obj):
        today = timezone.localdate()
        members = (
            MilitiaMember.objects.visible_to(request.user)
            .open()
            .filter(commune_id=obj.commune_id, unit__kind=obj.kind)
            .with_training(obj.year, today)
            .select_related("person", "unit")
            .order_by("unit__name", "person__name_sort_key")
        )
        return {
            "sessions": obj.sessions.order_by("held_on"),
            "members": members,
            "first_year_days": rules.training_days(obj.kind, 1),
            "later_days": rules.training_days(obj.kind, 2),
        }


def _attendance(request, session, data) -> str:
    n = services.do_record_attendance(
        actor=request.user,
        session=session,
        members=data["members"],
        absences=data.get("absences") or {},
    )
    absent = len(data.get("absences") or {})
    if not absent:
        return gettext("Attendance recorded: %(n)s present.") % {"n": n}
    return gettext("Attendance recorded: %(n)s present, %(a)s absent.") % {"n": n, "a": absent}


def _all_present(request, session, data) -> str:
    n = services.do_mark_all_present(actor=request.user, session=session)
    return gettext("Everyone expected was marked present: %(n)s.") % {"n": n}


@register
class TrainingSessionConfig(ModelConfig):
    model = TrainingSession
    name = "session"
    namespace = "forces"
    select_related = ["plan", "commune"]
    list_columns = [
        Column("held_on", order_by="held_on", link=True),
        Column("plan", order_by="plan__kind"),
        Column("commune", order_by="commune__name"),
        Column("days", order_by="days"),
        Column("content"),
        Column("present", label=_("present"), accessor=lambda s: s.present),
    ]
    default_ordering = ["-held_on"]
    search_fields = ["content__icontains"]
    filterset_class = TrainingSessionFilterSet
    form_class = TrainingSessionForm
    api = ApiSpec(
        path="/forces/sessions",
        id_param="session_id",
        out=SessionOut,
        create_in=SessionIn,
        summaries={"list": "List training sessions", "create": "Record a training session"},
    )
    detail_template = "forces/session_detail.html"
    detail_fields = ["commune", "plan", "held_on", "days", "content", "location"]
    actions = [
        ObjectAction(
            "attendance",
            _("Record attendance"),
            AttendanceForm,
            _attendance,
            icon="person-check",
            form_kwargs=lambda request, s: {"session": s},
            help_text=_(
                "Tick who was present; for who was not, choose the reason of absence. The lists "
                "replace what was recorded before."
            ),
            style="primary",
        ),
        ObjectAction(
            "all_present",
            _("All present"),
            AllPresentForm,
            _all_present,
            icon="people-fill",
            form_kwargs=lambda request, s: {"session": s},
            help_text=_("Every member expected at the session is marked present."),
            style="success",
        ),
    ]

    @classmethod
    def base_queryset(cls):
        from django.db.models import Count

        return super().base_queryset().annotate(present=Count("attendance"))

    @classmethod
    def new_instance(cls, request):
        return TrainingSession(held_on=timezone.localdate())

    @classmethod
    def detail_context(cls, request, obj):
        return {
            "present": obj.attendance.select_related("member__person", "member__unit").order_by(
                "member__unit__name", "member__person__name_sort_key"
            ),
            "absent": obj.absences.select_related("member__person", "member__unit").order_by(
                "member__unit__name", "member__person__name_sort_key"
            ),
            "not_yet_held": services.not_yet_held(obj),
            "all_present_url": cls.action_url(cls.get_action("all_present"), obj),
            "submission_field": idempotency.KEY_FIELD,
            "submission_key": idempotency.new_key(),
        }
