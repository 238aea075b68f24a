from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from garrison.core.indicators import province_figures
from garrison.core.permissions import can_view_home_of
from garrison.core.registry import (
    ApiSpec,
    Column,
    ImportColumn,
    ModelConfig,
    get_config,
    register,
)
from garrison.core.scoping import COMMUNE, NATION, PROVINCE, Scope, scope_of

from .filters import CommuneFilterSet, VillageFilterSet
from .forms import CommuneForm, CommuneImportForm, VillageForm
from .models import Commune, Province, Village
from .schemas import CommuneOut, CommunePatch, ProvinceOut


@register
class ProvinceConfig(ModelConfig):
    model = Province
    name = "province"
    namespace = "territory"
    nav_label = _("Provinces")
    nav_order = 10
    nav_group = "organisation"
    nav_levels = frozenset({NATION})
    can_add = False
    can_delete = False
    picker = False  # 34 provinces: a plain select
    list_columns = [
        Column("code", accessor=lambda o: str(o.code), order_by="code"),
        Column("name", order_by="name", link=True),
        Column("division_type"),
        Column("commune_count", label=_("communes"), order_by="commune_count"),
    ]
    default_ordering = ["code"]
    search_fields = ["name__icontains"]
    detail_fields = ["code", "name", "division_type", "phone_code"]
    detail_template = "territory/province_detail.html"
    api = ApiSpec(
        path="/provinces",
        id_param="code",
        lookup="code",
        out=ProvinceOut,
        summaries={"list": "List provinces", "get": "Get a province"},
        descriptions={
            "list": "The provinces you can see, with their commune-command staffing roll-up."
        },
    )

    @classmethod
    def api_rows(cls, request, qs):
        figures = province_figures(request.user)
        provinces = list(qs)
        for province in provinces:
            row = figures.get(province.pk, {})
            province.commune_commands = row.get("commune_commands", 0)
            province.commune_commands_with_commander = row.get("commune_commands_with_commander", 0)
        return provinces

    @classmethod
    def api_detail(cls, request, obj):
        return cls.api_rows(request, [obj])[0]

    @classmethod
    def base_queryset(cls):
        return Province.objects.annotate(commune_count=Count("communes"))

    @classmethod
    def detail_context(cls, request, obj):
        communes = get_config("territory.commune").url("list")
        dashboard = can_view_home_of(request.user, Scope(PROVINCE, province_id=obj.pk))
        return {
            "related_list_url": f"{communes}?province={obj.code}",
            "dashboard_url": (
                reverse("territory:province_dashboard", args=[obj.pk]) if dashboard else None
            ),
        }


@register
class CommuneConfig(ModelConfig):
    model = Commune
    name = "commune"
    namespace = "territory"
    nav_label = _("Communes")
    nav_order = 20
    nav_group = "organisation"
    nav_levels = frozenset({NATION, PROVINCE})
    can_add = False
    can_delete = False
    select_related = ["province"]
    list_columns = [
        Column("code", accessor=lambda o: str(o.code), order_by="code"),
        Column("name", order_by="name", link=True),
        Column("division_type"),
        Column("province", order_by="province__code"),
        Column("is_border"),
        Column("is_remote"),
        Column("is_island"),
        Column("is_key_defence"),
        Column("population", order_by="population"),
        Column("area_km2", order_by="area_km2"),
    ]
    default_ordering = ["province__code", "name"]
    search_fields = ["name__icontains", "code__startswith"]
    picker_values = ("code",)  # the filters name a commune by its official code
    picker_nationwide = True  # public administrative data: a record goes to any commune
    filterset_class = CommuneFilterSet
    form_class = CommuneForm
    import_form_class = CommuneImportForm
    api = ApiSpec(
        path="/communes",
        id_param="code",
        lookup="code",
        out=CommuneOut,
        patch_in=CommunePatch,
        summaries={
            "list": "List communes",
            "get": "Get a commune",
            "patch": "Change a commune's military attributes",
        },
        descriptions={
            "list": "Commune-level units you can see; `province` filters by province code.",
            "patch": "Province staff set border/remote/island/key-defence flags, population "
            "and area. Send the `version` you read; a stale one answers 409.",
        },
    )
    natural_key = "code"
    import_columns = [
        ImportColumn("code", required=True),
        ImportColumn("is_border"),
        ImportColumn("is_remote"),
        ImportColumn("is_island"),
        ImportColumn("is_key_defence"),
        ImportColumn("population"),
        ImportColumn("area_km2"),
    ]
    detail_fields = [
        "code",
        "name",
        "division_type",
        "province",
        "is_border",
        "is_remote",
        "is_island",
        "is_key_defence",
        "population",
        "area_km2",
    ]

    @classmethod
    def picker_search(cls, qs, term):
        """Each word typed finds the commune's name, its province's name or its code."""
        for word in term.split()[:6]:
            found = Q(name__icontains=word) | Q(province__name__icontains=word)
            if word.isdigit():
                found |= Q(code__startswith=word)
            qs = qs.filter(found)
        return qs

    @classmethod
    def picker_label(cls, obj):
        """ "Xã Tân Tiến (Tỉnh Điện Biên)": 238 commune names repeat across the nation."""
        return f"{obj.name} ({obj.province.name})"


@register
class VillageConfig(ModelConfig):
    """The villages and residential groups of a commune (thôn, bản, tổ dân phố): the commune's
    staff keep them (and import them from a sheet: name, population, households); the province
    and the Ministry read them. Each shows how many people of the person register live there."""

    model = Village
    name = "village"
    namespace = "territory"
    nav_label = _("Villages")
    nav_order = 25
    # beside the evacuation plan it serves (a commune has no organisation menu)
    nav_group = "operations"
    nav_levels = frozenset({COMMUNE, PROVINCE})
    select_related = ["commune"]
    list_columns = [
        Column("name", order_by="name", link=True),
        Column("commune", order_by="commune__name"),
        Column("population", order_by="population"),
        Column("households", order_by="households"),
        Column("residents_count", label=_("registered residents"), order_by="residents_count"),
    ]
    export_columns = [
        Column("name"),
        Column("population"),
        Column("households"),
        Column("commune__code", label=_("commune code")),
        Column("commune__name", label=_("commune")),
        Column("residents_count", label=_("registered residents")),
    ]
    default_ordering = ["commune__name", "name"]
    search_fields = ["name__icontains"]
    filterset_class = VillageFilterSet
    form_class = VillageForm
    natural_key = "name"
    import_columns = [
        ImportColumn("name", required=True, aliases=("tên thôn", "thôn, bản")),
        ImportColumn("population", aliases=("dân số",)),
        ImportColumn("households", aliases=("số hộ",)),
    ]
    detail_fields = ["commune", "name", "population", "households"]
    api = ApiSpec(
        path="/villages",
        id_param="village_id",
        summaries={
            "list": "List villages and residential groups (filter: commune, a code)",
            "create": "Add a village of your commune",
        },
        descriptions={
            "create": "Refused (400, on `name`) for a name the commune already gives a village.",
        },
    )

    @classmethod
    def base_queryset(cls):
        return super().base_queryset().annotate(residents_count=Count("residents"))

    @classmethod
    def user_can_import(cls, user):
        """A commune imports its own villages (the sheet names no commune)."""
        scope = scope_of(user)
        return super().user_can_import(user) and scope is not None and scope.is_commune

    @classmethod
    def picker_label(cls, obj):
        return f"{obj.name} ({obj.commune})"
