"""Pages of military commands, their staffing, holders and reorganisations."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from garrison.core.filtering import query_id
from garrison.core.formatting import Ratio
from garrison.core.registry import ApiSpec, Column, ModelConfig, register
from garrison.core.scoping import NATION, PROVINCE

from . import rules
from .filters import AssignmentFilterSet, MilitaryCommandFilterSet
from .forms import (
    AssignmentForm,
    MilitaryCommandForm,
    ReorganisationForm,
    StaffingQuotaForm,
)
from .models import Assignment, MilitaryCommand, PredecessorUnit, Reorganisation, StaffingQuota
from .permissions import can_change_command
from .querysets import commander_name
from .rules import Position
from .schemas import CommandOut


@register
class MilitaryCommandConfig(ModelConfig):
    model = MilitaryCommand
    name = "command"
    namespace = "commands"
    nav_label = _("Commands")
    nav_order = 30
    nav_group = "organisation"
    nav_levels = frozenset({NATION, PROVINCE})
    can_add = False
    can_delete = False
    select_related = ["province", "commune"]
    list_columns = [
        Column("name", order_by="name", link=True),
        Column("province", order_by="province__code"),
        Column("commander_name", label=_("Commander"), order_by="commander_name"),
        Column(
            "fill",
            label=_("fill rate"),
            accessor=lambda c: Ratio.of(rules.fill_rate(c.filled_total, c.quota_total)),
            order_by="filled_total",
        ),
        Column("vacancies", label=_("vacant posts"), order_by="vacancies"),
    ]
    default_ordering = ["province__code", "level", "name"]
    search_fields = ["name__icontains"]
    filterset_class = MilitaryCommandFilterSet
    form_class = MilitaryCommandForm
    detail_template = "commands/command_detail.html"
    detail_fields = [
        "name",
        "level",
        "province",
        "commune",
        "parent",
        "established_on",
        "address",
        "phone",
    ]

    api = ApiSpec(
        path="/commands",
        id_param="command_id",
        out=CommandOut,
        summaries={"list": "List military commands", "get": "Get a military command"},
        descriptions={
            "list": "Commands you can see with their staffing table, holders in post today "
            "and fill rate. `province` filters by province code, `level` by "
            "`province`/`commune`, `has_commander=false` lists the gaps."
        },
    )

    @classmethod
    def user_can_write(cls, user):
        return can_change_command(user)

    @classmethod
    def base_queryset(cls):
        return (
            MilitaryCommand.objects.with_staffing()
            .annotate(commander_name=commander_name())
            .select_related("province", "commune", "parent")
        )

    @classmethod
    def api_queryset(cls, request):
        return cls.queryset(request).prefetch_related(
            Prefetch(
                "quotas",
                queryset=StaffingQuota.objects.visible_to(request.user).order_by("position"),
            ),
            Prefetch(
                "assignments",
                queryset=Assignment.objects.visible_to(request.user)
                .current()
                .select_related("person"),
                to_attr="current_assignments",
            ),
        )

    @classmethod
    def detail_context(cls, request, obj):
        quotas = {q.position: q for q in obj.quotas.all()}
        current = list(
            obj.assignments.current().select_related("person").order_by("position", "start_date")
        )
        history = (
            obj.assignments.exclude(pk__in=[a.pk for a in current])
            .select_related("person")
            .order_by("-start_date")[:50]
        )
        staffing = []
        for value, label in Position.choices:
            quota = quotas.get(value)
            holders = [a for a in current if a.position == value]
            if quota is None and not holders:
                continue
            staffing.append(
                {
                    "position": label,
                    "position_value": value,
                    "quota": quota,
                    "holders": holders,
                    "vacant": max(0, (quota.quota if quota else 0) - len(holders)),
                }
            )
        can_change = can_change_command(request.user, obj)
        return {
            "staffing": staffing,
            "history": history,
            "fill": rules.fill_rate(obj.filled_total, obj.quota_total),
            "reorganisations": obj.reorganisations.order_by("-date"),
            "predecessors": obj.commune.predecessors.all() if obj.commune_id else [],
            "can_staff": can_change,
        }


@register
class StaffingQuotaConfig(ModelConfig):
    model = StaffingQuota
    name = "quota"
    namespace = "commands"
    select_related = ["command"]
    list_columns = [
        Column("command", order_by="command__name", link=True),
        Column("position"),
        Column("quota", order_by="quota"),
        Column("legal_basis"),
    ]
    default_ordering = ["command__name", "position"]
    form_class = StaffingQuotaForm

    @classmethod
    def new_instance(cls, request):
        return _with_command(request, StaffingQuota())


def _with_command(request, instance):
    pk = query_id(request.GET, "command")
    if pk is not None:
        command = MilitaryCommand.objects.editable_by(request.user).filter(pk=pk).first()
        if command is not None:
            instance.command = command
    position = request.GET.get("position")
    if position in Position.values:
        instance.position = position
    return instance


@register
class AssignmentConfig(ModelConfig):
    model = Assignment
    name = "assignment"
    namespace = "commands"
    can_delete = False  # holders are history: end an assignment instead of deleting it
    select_related = ["command", "person"]
    list_columns = [
        Column("person", order_by="person__name_sort_key", link=True),
        Column("position"),
        Column("command", order_by="command__name"),
        Column("start_date", order_by="start_date"),
        Column("end_date", order_by="end_date"),
        Column("decision"),
    ]
    default_ordering = ["command__name", "position", "-start_date"]
    filterset_class = AssignmentFilterSet
    form_class = AssignmentForm
    search_fields = ["person__search_name__words", "decision__icontains"]

    @classmethod
    def new_instance(cls, request):
        return _with_command(request, Assignment())


@register
class ReorganisationConfig(ModelConfig):
    model = Reorganisation
    name = "reorganisation"
    namespace = "commands"
    nav_label = _("Reorganisations")
    nav_order = 35
    nav_group = "organisation"
    nav_levels = frozenset({NATION, PROVINCE})
    select_related = ["province"]
    list_columns = [
        Column("date", order_by="date"),
        Column("title", link=True),
        Column("legal_basis"),
        Column("province", order_by="province__code"),
    ]
    default_ordering = ["-date"]
    form_class = ReorganisationForm
    detail_template = "commands/reorganisation_detail.html"
    detail_fields = ["date", "title", "legal_basis", "province", "description"]

    @classmethod
    def detail_context(cls, request, obj):
        return {
            "touched": obj.commands.visible_to(request.user).select_related("commune"),
            "predecessors": obj.predecessors.visible_to(request.user).select_related("commune"),
        }


@register
class PredecessorUnitConfig(ModelConfig):
    model = PredecessorUnit
    name = "predecessor"
    namespace = "commands"
    select_related = ["commune", "reorganisation"]
    list_columns = [
        Column("name", order_by="name", link=True),
        Column("former_district"),
        Column("commune", order_by="commune__name"),
        Column("merged_on", order_by="merged_on"),
    ]
    default_ordering = ["commune__name", "name"]
    form_fields = [
        "commune",
        "name",
        "former_code",
        "former_district",
        "reorganisation",
        "merged_on",
    ]
    search_fields = ["name__icontains"]
