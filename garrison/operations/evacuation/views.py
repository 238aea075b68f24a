"""Pages of the evacuation plan: the assignments register (`operations:evacuation_list`: which
evacuation area takes which village's people), and the coverage page
(`operations:evacuation_coverage`, in `pages`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from garrison.core.registry import (
    ApiSpec,
    Column,
    ModelConfig,
    NavLink,
    register,
    register_nav_link,
)

from . import permissions, services
from .filters import EvacuationAssignmentFilterSet
from .forms import EvacuationAssignmentForm
from .models import EvacuationAssignment

register_nav_link(
    NavLink(
        "operations",
        71,
        _("Evacuation coverage"),
        "operations:evacuation_coverage",
        permissions.can_view_coverage,
    )
)


def _people(assignment) -> str:
    return str(assignment.people) if assignment.people is not None else str(_("all"))


@register
class EvacuationAssignmentConfig(ModelConfig):
    model = EvacuationAssignment
    name = "evacuation"
    namespace = "operations"
    select_related = ["commune", "village", "area"]
    list_columns = [
        Column("village", order_by="village__name", link=True),
        Column("area", order_by="area__name"),
        Column("people", label=_("people sent"), accessor=_people, order_by="people"),
        Column("commune", order_by="commune__name"),
        Column("note"),
    ]
    export_columns = [
        Column("commune__code", label=_("commune code")),
        Column("commune__name", label=_("commune")),
        Column("village__name", label=_("village")),
        Column("area__name", label=_("evacuation area")),
        Column("people", label=_("people sent")),
        Column("note"),
    ]
    default_ordering = ["commune__name", "village__name"]
    search_fields = ["village__name__icontains", "area__name__icontains"]
    filterset_class = EvacuationAssignmentFilterSet
    form_class = EvacuationAssignmentForm
    nav_label = _("Evacuation plan")
    nav_group = "operations"
    nav_order = 70
    api = ApiSpec(
        path="/operations/evacuation-assignments",
        id_param="assignment_id",
        summaries={
            "list": "List the evacuation plan: which evacuation area takes which village's "
            "people (filters: commune, village, area)",
            "create": "Send a village's people (all, or `people` of them) to an evacuation area",
        },
        descriptions={
            "create": "Refused (400, naming it) for an area that is not an evacuation area or "
            "belongs to another commune, or a village already sent to that area.",
        },
    )
    detail_fields = ["commune", "village", "area", "people", "note"]

    @classmethod
    def create(cls, actor, form):
        assignment = form.save(commit=False)
        return services.do_assign_village(
            actor=actor,
            village=assignment.village,
            area=assignment.area,
            people=assignment.people,
            note=assignment.note,
        )
