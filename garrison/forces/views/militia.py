"""Militia pages: units (tree, establishment beside strength), members (admission through the
engine, move, extend, end), and the province's strength target."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from garrison.core.registry import ApiSpec, Column, ModelConfig, ObjectAction, register
from garrison.forces import services
from garrison.forces.filters import MilitiaMemberFilterSet, MilitiaUnitFilterSet
from garrison.forces.forms import (
    EndTermForm,
    ExtendForm,
    ForceTargetForm,
    MilitiaMemberForm,
    MilitiaUnitForm,
    MoveForm,
    NewMilitiaMemberForm,
)
from garrison.forces.models import (
    ESTABLISHMENT_FIELDS,
    ForceTarget,
    MilitiaMember,
    MilitiaUnit,
    Role,
)
from garrison.forces.schemas import (
    MemberDetailOut,
    MemberIn,
    MemberOut,
    UnitIn,
    UnitOut,
    UnitPatch,
)


def person_columns(path: str = "person") -> list[Column]:
    return [
        Column(f"{path}__full_name", label=_("full name")),
        Column(f"{path}__date_of_birth", label=_("date of birth")),
        Column(f"{path}__citizen_id", label=_("citizen ID (CCCD)")),
    ]


def _gap(unit) -> int:
    return max(0, unit.establishment_total - unit.strength)


@register
class MilitiaUnitConfig(ModelConfig):
    model = MilitiaUnit
    name = "unit"
    namespace = "forces"
    nav_label = _("Militia and reserve")
    nav_order = 60
    nav_group = "forces"
    nav_url_name = "forces:overview"
    select_related = ["commune", "parent"]
    list_columns = [
        Column("name", order_by="name", link=True),
        Column("commune", order_by="commune__name"),
        Column("kind", order_by="kind"),
        Column("level", order_by="level"),
        Column("parent"),
        Column("establishment_total", label=_("establishment"), order_by="establishment_total"),
        Column("strength", label=_("strength"), order_by="strength"),
        Column(
            "gap", label=_("gap"), accessor=lambda u: max(0, u.establishment_total - u.strength)
        ),
    ]
    export_columns = [
        Column("commune__code", label=_("commune code")),
        Column("commune__name", label=_("commune")),
        Column("name"),
        Column("force"),
        Column("kind"),
        Column("level"),
        Column("parent__name", label=_("part of")),
        Column("agency"),
        Column("village"),
        Column("established_on"),
        Column("decision_number"),
        *[Column(field) for field in ESTABLISHMENT_FIELDS.values()],
        Column("establishment_total", label=_("establishment")),
        Column("strength", label=_("strength")),
    ]
    default_ordering = ["commune__name", "name"]
    search_fields = ["name__icontains", "village__icontains", "agency__icontains"]
    filterset_class = MilitiaUnitFilterSet
    form_class = MilitiaUnitForm
    detail_template = "forces/unit_detail.html"
    detail_fields = [
        "commune",
        "force",
        "kind",
        "level",
        "parent",
        "agency",
        "village",
        "established_on",
        "decision_number",
        "is_active",
        "notes",
    ]

    api = ApiSpec(
        path="/forces/units",
        id_param="unit_id",
        out=UnitOut,
        create_in=UnitIn,
        patch_in=UnitPatch,
        summaries={
            "list": "List militia and self-defence units with strength against establishment",
            "get": "Get a unit",
            "create": "Add a unit",
            "patch": "Change a unit",
        },
    )

    @classmethod
    def base_queryset(cls):
        return super().base_queryset().with_strength()

    @classmethod
    def detail_context(cls, request, obj):
        roles = [
            {
                "label": label,
                "establishment": getattr(obj, ESTABLISHMENT_FIELDS[role]),
                "strength": getattr(obj, f"strength_{ESTABLISHMENT_FIELDS[role].split('_')[1]}"),
            }
            for role, label in Role.choices
        ]
        for row in roles:
            row["gap"] = max(0, row["establishment"] - row["strength"])
        today = timezone.localdate()
        members = (
            obj.members.visible_to(request.user)
            .open()
            .with_training(today.year, today)
            .select_related("person")
            .order_by("role", "person__name_sort_key")
        )
        return {
            "roles": roles,
            "gap": max(0, obj.establishment_total - obj.strength),
            "members": members,
            "children": obj.children.visible_to(request.user).with_strength().order_by("name"),
            "year": today.year,
        }


def _move(request, member, data) -> str:
    services.do_move_member(
        actor=request.user,
        member=member,
        unit=data["unit"],
        role=data["role"],
        on=data["on"],
        note=data.get("note", ""),
    )
    return gettext("Moved to %(unit)s.") % {"unit": data["unit"]}


def _extend(request, member, data) -> str:
    member = services.do_extend_term(
        actor=request.user,
        member=member,
        years=data["years"],
        decision_number=data.get("decision_number", ""),
        reviewed=data.get("reviewed", False),
    )
    return gettext("The term now ends on %(d)s.") % {"d": member.term_end.strftime("%d/%m/%Y")}


def _end(request, member, data) -> str:
    member = services.do_end_term(
        actor=request.user, member=member, on=data["on"], reason=data.get("reason", "")
    )
    return gettext("The term has ended: %(s)s.") % {"s": member.get_status_display()}


@register
class MilitiaMemberConfig(ModelConfig):
    model = MilitiaMember
    name = "member"
    namespace = "forces"
    select_related = ["person", "unit", "commune"]
    list_columns = [
        Column(
            "person__full_name", label=_("full name"), order_by="person__name_sort_key", link=True
        ),
        Column("person__date_of_birth", label=_("date of birth"), order_by="person__date_of_birth"),
        Column("unit", order_by="unit__name"),
        Column("role", order_by="role"),
        Column("started_on", order_by="started_on"),
        Column("term_end", order_by="term_end"),
        Column("status", order_by="status"),
    ]
    #: the militia book (sổ theo dõi dân quân tự vệ) columns staff keep
    export_columns = [
        *person_columns(),
        Column("person__sex", label=_("sex")),
        Column("person__ethnicity", label=_("ethnicity")),
        Column("commune__name", label=_("commune")),
        Column("unit__name", label=_("unit")),
        Column("unit__kind", label=_("kind"), accessor=lambda m: m.unit.get_kind_display()),
        Column("role"),
        Column("started_on"),
        Column("decision_number"),
        Column("term_years"),
        Column("extension_years"),
        Column("term_end"),
        Column("volunteer"),
        Column("status"),
        Column("ended_on"),
        Column("end_reason"),
    ]
    default_ordering = ["person__name_sort_key"]
    search_fields = ["person__citizen_id__startswith", "person__search_name__words"]
    filterset_class = MilitiaMemberFilterSet
    form_class = MilitiaMemberForm
    add_form_class = NewMilitiaMemberForm
    can_delete = False  # a term ends (completed or discharged); it is never deleted
    api = ApiSpec(
        path="/forces/members",
        id_param="member_id",
        out=MemberOut,
        detail_out=MemberDetailOut,
        create_in=MemberIn,
        summaries={
            "list": "List militia members",
            "get": "Get a member with the unit history and this year's training",
            "create": "Admit a citizen to a militia unit",
        },
        descriptions={
            "create": "The militia engine checks age, sex, deferrals and exemptions (DQTV 8, "
            "11) and computes the term; a refusal answers 400 citing its ground.",
        },
    )
    audit_reads = True
    detail_template = "forces/member_detail.html"
    detail_fields = [
        "person__citizen_id",
        "person__date_of_birth",
        "commune",
        "unit",
        "role",
        "kind",
        "started_on",
        "decision_number",
        "volunteer",
        "term_years",
        "extension_years",
        "term_end",
        "status",
        "ended_on",
        "end_reason",
        "notes",
    ]
    actions = [
        ObjectAction(
            "move",
            _("Move to another unit"),
            MoveForm,
            _move,
            icon="arrow-left-right",
            available=lambda m, user: m.is_open,
            form_kwargs=lambda request, m: {"member": m},
            help_text=_("The current placement is closed and kept in the history."),
        ),
        ObjectAction(
            "extend",
            _("Extend the term"),
            ExtendForm,
            _extend,
            icon="calendar-plus",
            available=lambda m, user: m.is_open,
            help_text=_(
                "DQTV 8.2: at most 2 years; longer for maritime militia, self-defence and unit "
                "commanders, never past the age limit. Decided by the commune Chairman."
            ),
        ),
        ObjectAction(
            "end",
            _("End the term"),
            EndTermForm,
            _end,
            icon="box-arrow-right",
            available=lambda m, user: m.is_open,
            style="outline-danger",
        ),
    ]

    @classmethod
    def create(cls, actor, form):
        data = form.cleaned_data
        return services.do_add_member(
            actor=actor,
            person=data["person"],
            unit=data["unit"],
            role=data["role"],
            started_on=data["started_on"],
            volunteer=data.get("volunteer", False),
            decision_number=data.get("decision_number", ""),
            circumstances=data.get("circumstances") or [],
            youngest_child_dob=data.get("youngest_child_dob"),
            raising_child_alone=data.get("raising_child_alone", False),
            reviewed=data.get("reviewed", False),
            notes=data.get("notes", ""),
        )

    @classmethod
    def detail_context(cls, request, obj):
        today = timezone.localdate()
        training = (
            MilitiaMember.objects.visible_to(request.user)
            .filter(pk=obj.pk)
            .with_training(today.year, today)
            .first()
        )
        return {
            "assignments": obj.assignments.visible_to(request.user).select_related("unit"),
            "training": training,
            "sessions": obj.training_sessions.filter(plan__year=today.year).order_by("held_on"),
            "year": today.year,
        }


@register
class ForceTargetConfig(ModelConfig):
    model = ForceTarget
    name = "target"
    namespace = "forces"
    select_related = ["province"]
    list_columns = [
        Column("province", order_by="province__name", link=True),
        Column("militia_percent", order_by="militia_percent"),
        Column("decision_number"),
    ]
    default_ordering = ["province__name"]
    form_class = ForceTargetForm
