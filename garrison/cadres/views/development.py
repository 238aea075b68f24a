"""Pages of succession planning, courses and enrolments, yearly evaluations, commendations and
discipline, entitlements."""

from __future__ import annotations

from django.utils import timezone

from garrison.cadres.filters import EvaluationFilterSet, SuccessionPlanFilterSet
from garrison.cadres.forms import (
    CourseForm,
    EnrolmentForm,
    EntitlementForm,
    EvaluationForm,
    RecognitionForm,
    SuccessionPlanForm,
)
from garrison.cadres.models import (
    Course,
    Enrolment,
    Entitlement,
    Evaluation,
    Recognition,
    SuccessionPlan,
)
from garrison.cadres.services import development
from garrison.core.filtering import query_id
from garrison.core.registry import Column, ModelConfig, register
from garrison.oversight.interface import commune_assessment

from .profiles import profile_from_query

PROFILE = Column("profile", order_by="profile__person__name_sort_key", link=True)


class _ProfileRowConfig(ModelConfig):
    """A row about one cadre: opened from the profile's page, which passes ?profile=."""

    namespace = "cadres"
    select_related = ["profile__person"]
    search_fields = ["profile__person__search_name__words"]

    @classmethod
    def new_instance(cls, request):
        return profile_from_query(request, cls.model())


@register
class SuccessionPlanConfig(_ProfileRowConfig):
    model = SuccessionPlan
    name = "succession"
    select_related = ["profile__person", "command"]
    list_columns = [
        Column("command", order_by="command__name", link=True),
        Column("position", order_by="position"),
        PROFILE,
        Column("term", order_by="term"),
        Column("readiness", order_by="readiness"),
    ]
    default_ordering = ["command__name", "position", "readiness"]
    filterset_class = SuccessionPlanFilterSet
    form_class = SuccessionPlanForm


@register
class CourseConfig(ModelConfig):
    model = Course
    name = "course"
    namespace = "cadres"
    select_related = ["province"]
    list_columns = [
        Column("title", order_by="title", link=True),
        Column("kind", order_by="kind"),
        Column("theory_level"),
        Column("provider"),
        Column("starts_on", order_by="starts_on"),
        Column("ends_on", order_by="ends_on"),
    ]
    default_ordering = ["-starts_on"]
    search_fields = ["title__icontains", "provider__icontains"]
    form_class = CourseForm
    detail_template = "cadres/course_detail.html"
    detail_fields = ["title", "kind", "theory_level", "provider", "starts_on", "ends_on", "places"]

    @classmethod
    def new_instance(cls, request):
        scope = getattr(request.user, "scope", None)
        return Course(province_id=getattr(scope, "province_id", None))

    @classmethod
    def detail_context(cls, request, obj):
        return {
            "enrolments": Enrolment.objects.visible_to(request.user)
            .filter(course=obj)
            .select_related("profile__person")
        }


@register
class EnrolmentConfig(_ProfileRowConfig):
    model = Enrolment
    name = "enrolment"
    select_related = ["profile__person", "course"]
    list_columns = [
        PROFILE,
        Column("course", order_by="course__title"),
        Column("result", order_by="result"),
        Column("grade"),
        Column("completed_on", order_by="completed_on"),
    ]
    default_ordering = ["course__title", "profile__person__name_sort_key"]
    form_class = EnrolmentForm

    @classmethod
    def new_instance(cls, request):
        instance = super().new_instance(request)
        pk = query_id(request.GET, "course")
        if pk is not None:
            instance.course = Course.objects.visible_to(request.user).filter(pk=pk).first()
        return instance

    @classmethod
    def after_save(cls, actor, obj, created):
        development.apply_course_result(actor=actor, enrolment=obj)


@register
class EvaluationConfig(_ProfileRowConfig):
    audit_reads = True  # personal data: reads and list pages are written to the audit log
    model = Evaluation
    name = "evaluation"
    select_related = ["profile__person", "command"]
    list_columns = [
        PROFILE,
        Column("year", order_by="year"),
        Column("rating", order_by="rating"),
        Column("command", order_by="command__name"),
    ]
    default_ordering = ["-year", "profile__person__name_sort_key"]
    filterset_class = EvaluationFilterSet
    form_class = EvaluationForm
    detail_template = "cadres/evaluation_detail.html"
    detail_fields = ["profile", "year", "rating", "command", "comments"]

    @classmethod
    def new_instance(cls, request):
        instance = super().new_instance(request)
        instance.year = timezone.localdate().year
        return instance

    @classmethod
    def create(cls, actor, form):
        return development.do_record_evaluation(actor=actor, evaluation=form.save(commit=False))

    @classmethod
    def detail_context(cls, request, obj):
        commune_id = obj.command.commune_id if obj.command is not None else None
        return {
            "evidence": obj.evidence,
            "read_on": development.year_end(obj.year) if obj.year else None,
            # the results-based assessment of the commune the cadre commanded that year
            "assessment": commune_assessment(commune_id, obj.year)
            if commune_id and obj.year
            else None,
        }


@register
class RecognitionConfig(_ProfileRowConfig):
    audit_reads = True  # personal data: reads and list pages are written to the audit log
    model = Recognition
    name = "recognition"
    list_columns = [
        PROFILE,
        Column("kind", order_by="kind"),
        Column("form"),
        Column("decided_on", order_by="decided_on"),
        Column("decision_number"),
        Column("issued_by"),
    ]
    default_ordering = ["-decided_on"]
    form_class = RecognitionForm


@register
class EntitlementConfig(_ProfileRowConfig):
    audit_reads = True  # personal data: reads and list pages are written to the audit log
    model = Entitlement
    name = "entitlement"
    list_columns = [
        PROFILE,
        Column("kind", order_by="kind"),
        Column("started_on", order_by="started_on"),
        Column("ended_on", order_by="ended_on"),
        Column("monthly_amount", order_by="monthly_amount"),
        Column("basis"),
    ]
    default_ordering = ["profile__person__name_sort_key", "-started_on"]
    form_class = EntitlementForm
