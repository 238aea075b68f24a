"""Reserve pages: reserve units (province-wide), reservists (yearly check, assignment through
the engine's unit rules, discharge) and reserve technical means."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from garrison.core.registry import ApiSpec, Column, ModelConfig, ObjectAction, register
from garrison.forces import rules, services
from garrison.forces.filters import ReservistFilterSet, TechnicalMeansFilterSet
from garrison.forces.forms import (
    AssignForm,
    CheckForm,
    DischargeForm,
    MeansCheckForm,
    ReserveUnitForm,
    ReservistForm,
    TechnicalMeansForm,
)
from garrison.forces.models import ReserveUnit, Reservist, TechnicalMeans
from garrison.forces.schemas import (
    MeansIn,
    MeansOut,
    ReserveUnitOut,
    ReservistDetailOut,
    ReservistIn,
    ReservistOut,
)
from garrison.people.querysets import with_residence_commune

from .militia import person_columns


@register
class ReserveUnitConfig(ModelConfig):
    model = ReserveUnit
    name = "reserve_unit"
    namespace = "forces"
    select_related = ["province"]
    list_columns = [
        Column("code", order_by="code", link=True),
        Column("name", order_by="name"),
        Column("role", order_by="role"),
        Column("establishment", order_by="establishment"),
        Column("assigned", label=_("reservists assigned"), order_by="assigned"),
        Column("means_assigned", label=_("means assigned"), order_by="means_assigned"),
    ]
    default_ordering = ["code"]
    search_fields = ["code__icontains", "name__icontains"]
    form_class = ReserveUnitForm
    api = ApiSpec(
        path="/forces/reserve-units",
        id_param="reserve_unit_id",
        out=ReserveUnitOut,
        summaries={"list": "List the reserve (DBĐV) units of your province"},
    )
    detail_template = "forces/reserve_unit_detail.html"
    detail_fields = [
        "province",
        "role",
        "parent_unit",
        "establishment",
        "means_establishment",
        "notes",
    ]

    @classmethod
    def base_queryset(cls):
        return (
            super()
            .base_queryset()
            .annotate(
                assigned=Count(
                    "reservists", filter=Q(reservists__status="registered"), distinct=True
                ),
                means_assigned=Count(
                    "technical_means",
                    filter=Q(technical_means__status="registered"),
                    distinct=True,
                ),
            )
        )

    @classmethod
    def detail_context(cls, request, obj):
        by_commune = (
            Reservist.objects.visible_to(request.user)
            .filter(reserve_unit=obj)
            .readiness_by("commune__code", timezone.localdate(), "commune__name")
            .order_by("commune__name")
        )
        spare_low = obj.establishment + (obj.establishment * 10 + 99) // 100
        return {
            "by_commune": by_commune,
            "spare_target": spare_low,  # full strength plus 10 % (LLDBĐV 15.2)
        }


def _assign(request, reservist, data) -> str:
    services.do_assign_reservist(
        actor=request.user, reservist=reservist, unit=data.get("unit"), on=data["on"]
    )
    if data.get("unit"):
        return gettext("Assigned to %(u)s.") % {"u": data["unit"]}
    return gettext("Taken off the reserve unit.")


def _check(request, reservist, data) -> str:
    services.do_check_reservist(
        actor=request.user,
        reservist=reservist,
        on=data["on"],
        health_class=data.get("health_class"),
    )
    return gettext("Yearly check recorded.")


def _discharge(request, reservist, data) -> str:
    services.do_discharge_reservist(
        actor=request.user, reservist=reservist, on=data["on"], reason=data["reason"]
    )
    return gettext("Discharged from the reserve.")


def _registered(obj, user) -> bool:
    return obj.status == "registered"


@register
class ReservistConfig(ModelConfig):
    model = Reservist
    name = "reservist"
    namespace = "forces"
    select_related = ["person", "commune", "reserve_unit"]
    list_columns = [
        Column(
            "person__full_name", label=_("full name"), order_by="person__name_sort_key", link=True
        ),
        Column("person__date_of_birth", label=_("date of birth"), order_by="person__date_of_birth"),
        Column("category", order_by="category"),
        Column("rank", order_by="rank"),
        Column("specialty_code", order_by="specialty_code"),
        Column("reserve_class", order_by="reserve_class"),
        Column("reserve_unit", order_by="reserve_unit__code"),
        Column("checked_on", order_by="checked_on"),
    ]
    #: the reservists' book (sổ đăng ký quân nhân dự bị)
    export_columns = [
        *person_columns(),
        Column("person__sex", label=_("sex")),
        Column("commune__name", label=_("commune")),
        Column("category"),
        Column("rank"),
        Column("specialty_code"),
        Column("specialty"),
        Column("reserve_class"),
        Column(
            "group",
            label=_("group"),
            accessor=lambda r: (
                rules.reserve_group(
                    "M" if r.person.sex == "male" else "F",
                    _age(r.person.date_of_birth),
                )
                or ""
            ),
        ),
        Column("active_service_months"),
        Column("health_class"),
        Column("registered_on"),
        Column("checked_on"),
        Column("reserve_unit__code", label=_("reserve unit")),
        Column("assigned_on"),
        Column("status"),
    ]
    default_ordering = ["person__name_sort_key"]
    search_fields = ["person__citizen_id__startswith", "person__search_name__words"]
    filterset_class = ReservistFilterSet
    form_class = ReservistForm
    can_delete = False
    api = ApiSpec(
        path="/forces/reservists",
        id_param="reservist_id",
        out=ReservistOut,
        detail_out=ReservistDetailOut,
        create_in=ReservistIn,
        summaries={
            "list": "List reservists",
            "get": "Get a reservist with the reserve engine's answer today",
            "create": "Register a reservist residing in your commune",
        },
    )

    @classmethod
    def api_input(cls, request, payload):
        """A reservist belongs to the commune the citizen resides in."""
        return with_residence_commune(request.user, payload)[1]

    audit_reads = True
    detail_template = "forces/reservist_detail.html"
    detail_fields = [
        "person__citizen_id",
        "person__date_of_birth",
        "commune",
        "category",
        "rank",
        "specialty_code",
        "specialty",
        "reserve_class",
        "active_service_months",
        "health_class",
        "registered_on",
        "checked_on",
        "reserve_unit",
        "assigned_on",
        "status",
        "discharged_on",
        "notes",
    ]
    actions = [
        ObjectAction(
            "check",
            _("Record the yearly check"),
            CheckForm,
            _check,
            icon="clipboard-check",
            available=_registered,
        ),
        ObjectAction(
            "assign",
            _("Assign to a reserve unit"),
            AssignForm,
            _assign,
            icon="diagram-3",
            available=_registered,
            form_kwargs=lambda request, r: {"province_id": r.province_id},
            help_text=_(
                "LLDBĐV 17.2: combat units take NCOs and soldiers up to 35, professional "
                "soldiers up to 40; support units men up to 45 and women up to 40."
            ),
        ),
        ObjectAction(
            "discharge",
            _("Discharge from the reserve"),
            DischargeForm,
            _discharge,
            icon="person-x",
            available=_registered,
            style="outline-danger",
        ),
    ]

    @classmethod
    def new_instance(cls, request):
        return Reservist(registered_on=timezone.localdate())

    @classmethod
    def detail_context(cls, request, obj):
        answer = services.assess_reservist(obj)
        return {
            "answer": answer,
            "outcome_label": rules.RESERVE_OUTCOMES.get(answer.outcome, answer.outcome),
            "grounds": services.grounds_list(answer),
        }


def _age(dob):
    from garrison.core.dates import age_on

    return age_on(dob, timezone.localdate())


def _check_means(request, means, data) -> str:
    services.do_check_means(
        actor=request.user,
        means=means,
        on=data["on"],
        unit=data.get("unit"),
        assign=data.get("assign", False),
    )
    return gettext("Yearly check recorded.")


@register
class TechnicalMeansConfig(ModelConfig):
    model = TechnicalMeans
    name = "means"
    namespace = "forces"
    select_related = ["commune", "reserve_unit"]
    list_columns = [
        Column("registration_number", order_by="registration_number", link=True),
        Column("kind", order_by="kind"),
        Column("model_name", order_by="model_name"),
        Column("owner_name", order_by="owner_name"),
        Column("commune", order_by="commune__name"),
        Column("reserve_unit", order_by="reserve_unit__code"),
        Column("checked_on", order_by="checked_on"),
    ]
    export_columns = [
        Column("commune__name", label=_("commune")),
        Column("kind"),
        Column("model_name"),
        Column("registration_number"),
        Column("owner_name"),
        Column("owner_is_organisation"),
        Column("owner_citizen_id"),
        Column("specifications"),
        Column("year_made"),
        Column("registered_on"),
        Column("checked_on"),
        Column("reserve_unit__code", label=_("reserve unit")),
        Column("status"),
    ]
    default_ordering = ["kind", "registration_number"]
    search_fields = ["registration_number__icontains", "owner_name__icontains"]
    filterset_class = TechnicalMeansFilterSet
    form_class = TechnicalMeansForm
    api = ApiSpec(
        path="/forces/means",
        id_param="means_id",
        out=MeansOut,
        create_in=MeansIn,
        summaries={"list": "List reserve technical means", "create": "Register a means"},
    )
    actions = [
        ObjectAction(
            "check",
            _("Record the yearly check"),
            MeansCheckForm,
            _check_means,
            icon="clipboard-check",
            available=_registered,
            form_kwargs=lambda request, m: {"province_id": m.province_id},
        )
    ]

    @classmethod
    def new_instance(cls, request):
        return TechnicalMeans(registered_on=timezone.localdate())
