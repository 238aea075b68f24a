"""Pages of the programmes registers, declared on core's generic views: the programmes (list with
their partners; the programme's page with its totals by commune, the persons helped more than
once, and "Add help given") and the help given (the aid register, Excel export). Importing this
module registers both.

Beyond the generic ones: the list of recipients to sign, printed as PDF (Decree 30/2020/NĐ-CP
layout, in Vietnamese), and the province's and Ministry's totals page (per commune, per province,
with drill-down)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View

from garrison.core import audit
from garrison.core.pdf import render_pdf
from garrison.core.permissions import can_open_at
from garrison.core.registry import (
    ApiSpec,
    Column,
    ImportColumn,
    ModelConfig,
    NavLink,
    ObjectAction,
    register,
    register_nav_link,
)
from garrison.core.scoping import NATION, PROVINCE, get_for, scope_of
from garrison.core.views import ConfiguredView, ObjectActionView
from garrison.territory.models import Commune, Province

from . import exports, permissions, services
from . import indicators as ind
from .filters import AidFilterSet, ProgrammeFilterSet
from .forms import AidForm, GiveAidForm, ProgrammeForm
from .models import MassProgramme, ProgrammeAid
from .schemas import AidOut, ProgrammeOut


def _partners(programme: Any) -> str:
    return ", ".join(programme.partners)


def _scope_label(programme: Any) -> str:
    return str(programme.commune) if programme.commune_id else gettext("whole province")


# --- programmes ----------------------------------------------------------------------------------
def _give_aid(request, programme, data) -> str:
    result = services.do_give_aid(
        actor=request.user,
        programme=programme,
        person=data["person"],
        kind=data["kind"],
        quantity=data["quantity"],
        value_vnd=data["value_vnd"],
        given_on=data["given_on"],
        note=data.get("note") or "",
    )
    if result.flags:
        messages.warning(request, services.flag_text(result.row, result.flags))
    return gettext("Help given to %(name)s recorded.") % {"name": result.row.person}


class GiveAidView(ObjectActionView):
    """ "Add help given" on a programme the commune takes part in: the province's programme is
    read (not changed) by its communes, so the row is fetched as seen; the action's `available`
    (permissions.can_give_aid) decides."""

    def get_available_object(self):
        obj = self.get_object("view")
        if not self.action().available(obj, self.request.user):
            raise Http404
        return obj


@register
class ProgrammeConfig(ModelConfig):
    model = MassProgramme
    name = "programme"
    namespace = "operations"
    select_related = ["province", "commune"]
    list_columns = [
        Column("name", order_by="name", link=True),
        Column("starts_on", order_by="starts_on"),
        Column("ends_on", order_by="ends_on"),
        Column("commune", label=_("of"), accessor=_scope_label, order_by="commune__name"),
        Column("partners", label=_("partners"), accessor=_partners),
        Column("budget_vnd", order_by="budget_vnd"),
    ]
    export_columns = [
        Column("name"),
        Column("province__name", label=_("province")),
        Column("commune__name", label=_("commune")),
        Column("starts_on"),
        Column("ends_on"),
        Column("partners", label=_("partners"), accessor=_partners),
        Column("budget_vnd"),
        Column("description"),
    ]
    default_ordering = ["-starts_on", "name"]
    search_fields = ["name__icontains"]
    filterset_class = ProgrammeFilterSet
    form_class = ProgrammeForm
    can_delete = False
    nav_label = _("Mass-mobilisation programmes")
    nav_group = "operations"
    nav_order = 80
    api = ApiSpec(
        path="/operations/programmes",
        id_param="programme_id",
        out=ProgrammeOut,
        summaries={
            "list": "List mass-mobilisation programmes",
            "get": "Get a mass-mobilisation programme",
            "create": "Create a programme (the province's for province staff, else the commune's)",
            "patch": "Edit a programme (its period must cover the help already given)",
        },
        descriptions={
            "list": "Filters: `year`; `running_on` a day; `partner` fatherland_front, "
            "womens_union, youth_union, veterans_association or farmers_union; `commune` a "
            "commune code (its own programmes and its province's).",
            "create": "A province account creates a programme of the whole province (every "
            "commune of it records help under it); a commune account its commune's own. "
            "`ends_on` not before `starts_on`; `budget_vnd` a whole number of VND.",
        },
    )
    detail_template = "operations/programme_detail.html"
    detail_fields = [
        "province",
        "commune",
        "starts_on",
        "ends_on",
        "budget_vnd",
        "description",
    ]
    view_classes = {"action": GiveAidView}
    actions = [
        ObjectAction(
            "give_aid",
            _("Add help given"),
            GiveAidForm,
            _give_aid,
            icon="gift",
            style="primary",
            available=lambda p, user: permissions.can_give_aid(user, p),
            form_kwargs=lambda request, p: {"user": request.user},
            help_text=_(
                "A person (for a family, its head) of your commune. Amounts in VND as you write "
                "them: 1.200.000. A person already helped under this programme is recorded and "
                "flagged with the earlier help."
            ),
        )
    ]

    @classmethod
    def user_can_add(cls, user):
        return cls.form_class is not None and permissions.can_create_programme(user)

    @classmethod
    def queryset(cls, request, action="view"):
        """To change: the province its province-wide programmes, a commune its own (the
        province reads a commune's programme without an Edit button that would be refused)."""
        rows = super().queryset(request, action)
        return permissions.changeable_programmes(request.user, rows) if action == "change" else rows

    @classmethod
    def create(cls, actor, form):
        return services.do_create_programme(actor=actor, programme=form.save(commit=False))

    @classmethod
    def update(cls, actor, form, expected_version):
        return services.do_update_programme(
            actor=actor, programme=form.save(commit=False), expected_version=expected_version
        )

    @classmethod
    def picker_label(cls, obj):
        return f"{obj} ({obj.starts_on:%d/%m/%Y} – {obj.ends_on:%d/%m/%Y})"

    @classmethod
    def detail_context(cls, request, obj):
        user = request.user
        aid = ProgrammeAid.objects.visible_to(user).filter(programme=obj)
        rows = ind.programme_totals(user, ind.COMMUNE, aid=aid)
        for row in rows:
            row["url"] = _link("operations:aid_list", programme=obj.pk, commune=row["code"])
        twice = list(ind.persons_helped_twice(aid)[:100])
        for item in twice:
            item["url"] = _link("operations:aid_list", programme=obj.pk, helped_twice="true")
        return {
            "partners": _partners(obj),
            "totals": rows,
            "total": ind.sum_rows(rows),
            "twice": twice,
            "twice_url": _link("operations:aid_list", programme=obj.pk, helped_twice="true"),
            "aid_url": _link("operations:aid_list", programme=obj.pk),
            "pdf_url": reverse("operations:programme_recipients_pdf", kwargs={"pk": obj.pk}),
            "give_aid_url": cls.url("give_aid", obj)
            if permissions.can_give_aid(user, obj)
            else None,
        }


def _link(name: str, *args: Any, **params: Any) -> str | None:
    from garrison.operations.home import link

    return link(name, *args, **params)


# --- help given ----------------------------------------------------------------------------------
def _flag_cell(aid: Any) -> str:
    return gettext("helped more than once") if getattr(aid, "helped_twice", False) else ""


@register
class AidConfig(ModelConfig):
    model = ProgrammeAid
    name = "aid"
    namespace = "operations"
    select_related = ["programme", "commune", "person"]
    list_columns = [
        Column("given_on", order_by="given_on", link=True),
        Column("programme", order_by="programme__name"),
        Column("commune", order_by="commune__name"),
        Column("person", order_by="person__name_sort_key"),
        Column("kind", order_by="kind"),
        Column("quantity", order_by="quantity"),
        Column("value_vnd", order_by="value_vnd"),
        Column("helped_twice", label=_("flag"), accessor=_flag_cell),
    ]
    export_columns = [
        Column("id", label=_("number")),
        Column("given_on"),
        Column("programme_id", label=_("programme number")),
        Column("programme__name", label=_("programme")),
        Column("commune__code", label=_("commune code")),
        Column("commune__name", label=_("commune")),
        Column("person__citizen_id", label=_("citizen ID")),
        Column("person__full_name", label=_("person or family helped")),
        Column("kind"),
        Column("quantity"),
        Column("value_vnd"),
        Column(
            "helped_twice",
            label=_("helped more than once in the programme"),
            accessor=lambda a: bool(getattr(a, "helped_twice", False)),
        ),
        Column("note"),
    ]
    default_ordering = ["-given_on", "-pk"]
    search_fields = ["person__search_name__words", "note__icontains"]
    #: the register's own number: a sheet exported and imported again changes nothing; a row
    #: without a number is new help (the same help typed twice is flagged, as on the page)
    natural_key = "id"
    import_columns = [
        ImportColumn("id", aliases=("number", "số")),
        ImportColumn("programme", required=True, aliases=("programme number",)),
        ImportColumn(
            "person",
            required=True,
            lookup="citizen_id",
            digits=12,
            aliases=("citizen ID", "citizen_id"),
        ),
        ImportColumn("kind", required=True),
        ImportColumn("quantity"),
        ImportColumn("value_vnd", required=True),
        ImportColumn("given_on", required=True),
        ImportColumn("note"),
    ]
    filterset_class = AidFilterSet
    form_class = AidForm
    can_delete = False
    picker = False
    audit_reads = True
    nav_label = _("Help given (mass mobilisation)")
    nav_group = "operations"
    nav_order = 81
    api = ApiSpec(
        path="/operations/programme-aid",
        id_param="aid_id",
        out=AidOut,
        exclude=frozenset({"create"}),
        summaries={
            "list": "List the help given under mass-mobilisation programmes",
            "get": "Get one help given",
            "patch": "Correct one help given (the same checks as giving it)",
        },
        descriptions={
            "list": "Filters: `programme` a programme id; `kind` gift, money, work_days, "
            "house_built or house_repaired; `commune` a commune code; `helped_twice` true for "
            "the help to persons helped more than once under the same programme.",
        },
    )
    detail_fields = [
        "programme",
        "commune",
        "person",
        "kind",
        "quantity",
        "value_vnd",
        "given_on",
        "note",
    ]

    @classmethod
    def base_queryset(cls):
        return super().base_queryset().annotate(helped_twice=ind.helped_twice_q())

    @classmethod
    def user_can_add(cls, user):
        return cls.form_class is not None and permissions.can_give_aid(user)

    @classmethod
    def create(cls, actor, form):
        data = form.cleaned_data
        return services.do_give_aid(
            actor=actor,
            programme=data["programme"],
            person=data["person"],
            kind=data["kind"],
            quantity=data["quantity"],
            value_vnd=data["value_vnd"],
            given_on=data["given_on"],
            note=data.get("note") or "",
        ).row

    @classmethod
    def update(cls, actor, form, expected_version):
        return services.do_update_aid(
            actor=actor, aid=form.save(commit=False), expected_version=expected_version
        )

    @classmethod
    def detail_context(cls, request, obj):
        earlier = services.earlier_help(obj)
        if earlier:
            messages.warning(request, services.flag_text(obj, earlier))
        return {}


def _digits(text: str) -> bool:
    """Whether a query-string value is a plain number (ASCII digits, not too long): anything
    else answers 404, as an id outside the scope does."""
    return text.isascii() and text.isdigit() and len(text) < 19


# --- the list of recipients to sign (PDF) --------------------------------------------------------
class RecipientsPdfView(ConfiguredView):
    """The programme's recipients to sign (danh sách ký nhận), Decree 30/2020 layout, in
    Vietnamese; `?commune=<code>` for one commune's list."""

    template = "operations/programme_recipients_pdf.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        programme = self.get_object()
        aid = ProgrammeAid.objects.visible_to(request.user).filter(programme=programme)
        commune = None
        code = request.GET.get("commune")
        if code:
            if not _digits(code):
                raise Http404
            commune = get_for(request.user, Commune, "view", code=int(code))
            aid = aid.filter(commune=commune)
        scope = scope_of(request.user)
        if commune is None and scope is not None and scope.is_commune:
            commune = get_for(request.user, Commune, "view", pk=scope.commune_id)
        with translation.override("vi"):
            pdf = render_pdf(self.template, exports.recipients_context(programme, commune, aid))
        audit.log_export(
            actor=request.user,
            model=ProgrammeAid,
            count=aid.count(),
            fmt="pdf",
            filters={"programme": programme.pk, "commune": code or ""},
            request=request,
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="danh-sach-ky-nhan-{pk}.pdf"'
        return response


# --- totals for the province and the Ministry ----------------------------------------------------
def can_view_totals(user: Any, obj: Any = None) -> bool:
    """The province's and the Ministry's page (a commune sees its totals on the programme)."""
    return can_open_at(user, (NATION, PROVINCE))


register_nav_link(
    NavLink(
        "operations",
        82,
        _("Mass-mobilisation totals"),
        "operations:programme_totals",
        can_view_totals,
    )
)


def totals_context(request: HttpRequest) -> dict[str, Any]:
    """Per commune (a province, or the Ministry drilling into `?province=<code>`) or per
    province (the Ministry); `?programme=<id>` for one programme, `?year=` for one year."""
    user = request.user
    scope = scope_of(user)
    if scope is None or not (scope.is_nation or scope.is_province):
        raise Http404
    aid = ProgrammeAid.objects.visible_to(user)
    programme = None
    params: dict[str, Any] = {}
    if request.GET.get("programme"):
        value = request.GET["programme"]
        if not _digits(value):
            raise Http404
        programme = get_for(user, MassProgramme, "view", pk=int(value))
        aid = aid.filter(programme=programme)
        params["programme"] = programme.pk
    year = request.GET.get("year")
    if year:
        if not (_digits(year) and 1900 < int(year) < 2200):
            raise Http404
        aid = aid.filter(given_on__year=int(year))
        params["year"] = year
    province = None
    if scope.is_nation and request.GET.get("province"):
        code = request.GET["province"]
        if not _digits(code):
            raise Http404
        province = get_for(user, Province, "view", code=int(code))
        aid = aid.filter(province=province)
    by = ind.PROVINCE if scope.is_nation and province is None else ind.COMMUNE
    rows = ind.programme_totals(user, by, aid=aid)
    for row in rows:
        if by == ind.PROVINCE:
            row["url"] = _link("operations:programme_totals", province=row["code"], **params)
        else:
            row["url"] = _link("operations:aid_list", commune=row["code"], **params)
    return {
        "by": by,
        "rows": rows,
        "total": ind.sum_rows(rows),
        "programme": programme,
        "province": province,
        "year": year or "",
        "programmes": MassProgramme.objects.visible_to(user).order_by("-starts_on")[:200],
        "up_url": _link("operations:programme_totals", **params) if province else None,
        "today": timezone.localdate(),
    }


class TotalsView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "operations/programme_totals.html", totals_context(request))
