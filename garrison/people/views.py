"""Pages of the Person register, declared on core's generic views."""

from __future__ import annotations

import datetime
import re

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from garrison.core.registry import ApiSpec, Column, ImportColumn, ModelConfig, register
from garrison.core.scoping import COMMUNE, PROVINCE
from garrison.core.text import fold

from .filters import PersonFilterSet
from .forms import PersonForm, PersonImportForm
from .models import Person
from .schemas import PersonIn, PersonOut, PersonPatch
from .search import search_people


@register
class PersonConfig(ModelConfig):
    model = Person
    name = "person"
    namespace = "people"
    nav_label = _("People")
    nav_order = 40
    nav_group = "citizens"
    nav_levels = frozenset({PROVINCE, COMMUNE})
    select_related = ["residence_commune", "province", "village"]
    list_columns = [
        Column("full_name", order_by="name_sort_key", link=True),
        Column("citizen_id", order_by="citizen_id"),
        Column("date_of_birth", order_by="date_of_birth"),
        Column("sex"),
        Column("ethnicity", order_by="ethnicity"),
        Column("residence_commune", order_by="residence_commune__name"),
    ]
    export_columns = [
        Column("citizen_id"),
        Column("full_name"),
        Column("date_of_birth"),
        Column("sex"),
        Column("ethnicity"),
        Column("religion"),
        Column("education_level"),
        Column("place_of_origin"),
        Column("residence_commune__code", label=_("residence commune code")),
        Column("residence_commune__name", label=_("residence commune name")),
        Column("village__name", label=_("village")),
        Column("address"),
        Column("phone"),
    ]
    default_ordering = ["name_sort_key"]
    search_fields = ["citizen_id__startswith", "full_name__icontains"]
    filterset_class = PersonFilterSet
    form_class = PersonForm
    audit_reads = True  # personal data: every detail read is logged
    audit_subject = "pk"  # the register of people: each row is about itself
    natural_key = "citizen_id"
    import_form_class = PersonImportForm
    import_columns = [
        ImportColumn("citizen_id", required=True, digits=12),
        ImportColumn("full_name", required=True),
        ImportColumn("date_of_birth", required=True),
        ImportColumn("sex", required=True),
        ImportColumn("ethnicity"),
        ImportColumn("religion"),
        ImportColumn("education_level"),
        ImportColumn("place_of_origin"),
        ImportColumn(
            "residence_commune",
            required=True,
            lookup="code",
            aliases=("residence_commune_code", "residence commune code", "mã xã nơi cư trú"),
        ),
        ImportColumn("village", aliases=("thôn, bản", "thôn")),
        ImportColumn("address"),
        ImportColumn("phone"),
    ]
    detail_template = "people/person_detail.html"

    @classmethod
    def search(cls, qs, term):
        """Every word typed in the folded name ("nguyen van an" finds "Nguyễn Văn An"); a
        number, the start of a citizen ID (`people.search`)."""
        return search_people(qs, term)

    @classmethod
    def picker_search(cls, qs, term):
        """Each word typed finds people by name, village, citizen ID (its first or last
        digits) or date of birth (dd/mm/yyyy, or a year): "An 2001 Na Son" narrows to one."""
        for word in term.split()[:6]:
            found = Q(search_name__contains=fold(word)) | Q(address__icontains=word)
            if word.isdigit():
                found |= Q(citizen_id__startswith=word) | Q(citizen_id__endswith=word)
                if len(word) == 4:
                    found |= Q(date_of_birth__year=int(word))
            elif day := _typed_date(word):
                found = Q(date_of_birth=day)
            qs = qs.filter(found)
        return qs

    @classmethod
    def picker_label(cls, obj):
        """Name, date of birth, the citizen ID's last four digits (the rest masked: the label
        tells namesakes apart without spreading the number) and the village."""
        parts = [obj.full_name, obj.date_of_birth.strftime("%d/%m/%Y")]
        parts.append(f"CCCD …{obj.citizen_id[-4:]}")
        parts.append(obj.address or str(obj.residence_commune))
        return " — ".join(parts)

    api = ApiSpec(
        path="/people",
        id_param="person_id",
        out=PersonOut,
        create_in=PersonIn,
        patch_in=PersonPatch,
        summaries={"list": "List people", "create": "Register a person"},
        descriptions={
            "list": "People you can see, sorted the Vietnamese way (given name first). "
            "`commune` is the code of the residence commune; `q` is the start of a citizen ID "
            "or words of the name, every one required, with or without diacritics; a filter "
            "value that is not valid answers 422."
        },
    )

    @classmethod
    def detail_context(cls, request, obj):
        assignments = (
            obj.assignments.visible_to(request.user)
            .select_related("command")
            .order_by("-start_date")
        )
        return {"assignments": assignments}


def _typed_date(word: str) -> datetime.date | None:
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", word)
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None
