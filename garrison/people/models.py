"""One Person per human: every register (cadres, conscription, forces) points at a Person."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from garrison.core.models import ScopedModel, VersionedModel
from garrison.core.scoping import ScopedManager, ScopedQuerySet
from garrison.core.text import fold, name_sort_key

from . import rules

# The 54 ethnic groups of Vietnam, by their official names (proper nouns: not translated).
ETHNIC_GROUPS = [
    "Kinh", "Tày", "Thái", "Mường", "Khmer", "Hoa", "Nùng", "Mông", "Dao", "Gia Rai", "Ê Đê",
    "Ba Na", "Sán Chay", "Chăm", "Cơ Ho", "Xơ Đăng", "Sán Dìu", "Hrê", "Ra Glai", "Mnông", "Thổ",
    "Xtiêng", "Khơ Mú", "Bru - Vân Kiều", "Cơ Tu", "Giáy", "Tà Ôi", "Mạ", "Giẻ Triêng", "Co",
    "Chơ Ro", "Xinh Mun", "Hà Nhì", "Chu Ru", "Lào", "La Chí", "Kháng", "Phù Lá", "La Hủ",
    "La Ha", "Pà Thẻn", "Lự", "Ngái", "Chứt", "Lô Lô", "Mảng", "Cơ Lao", "Bố Y", "Cống",
    "Si La", "Pu Péo", "Rơ Măm", "Brâu", "Ơ Đu",
]  # fmt: skip


class Sex(models.TextChoices):
    MALE = rules.MALE, _("male")
    FEMALE = rules.FEMALE, _("female")


class EducationLevel(models.TextChoices):
    NONE = "none", _("no schooling")
    PRIMARY = "primary", _("primary (grades 1–5)")
    LOWER_SECONDARY = "lower_secondary", _("lower secondary (grades 6–9)")
    UPPER_SECONDARY = "upper_secondary", _("upper secondary (grades 10–12)")
    VOCATIONAL = "vocational", _("vocational")
    COLLEGE = "college", _("college")
    UNIVERSITY = "university", _("university")
    POSTGRADUATE = "postgraduate", _("postgraduate")


citizen_id_format = RegexValidator(
    r"^\d{12}$", _("A citizen ID has exactly 12 digits, with no spaces or letters.")
)


#: the fields a person's name derives, kept in step by every save and bulk write
DERIVED_FROM_NAME = ("name_sort_key", "search_name")


class PersonQuerySet(ScopedQuerySet):
    """Bulk writes keep the derived fields in step as `Person.save()` does: the name cleaned of
    extra spaces, its sort key, its folded search form and the residence commune's province."""

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        self._derive(objs)
        update_fields = kwargs.get("update_fields")
        if update_fields and {"full_name", "residence_commune"} & set(update_fields):
            # an upsert that rewrites the name or the commune rewrites what derives from them
            kwargs["update_fields"] = list(
                dict.fromkeys([*update_fields, *DERIVED_FROM_NAME, "province"])
            )
        return super().bulk_create(objs, *args, **kwargs)

    bulk_create.alters_data = True  # type: ignore[attr-defined]

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs, fields = list(objs), list(fields)
        if "full_name" in fields or "residence_commune" in fields:
            self._derive(objs)
            fields = list(dict.fromkeys([*fields, *DERIVED_FROM_NAME, "province"]))
        return super().bulk_update(objs, fields, *args, **kwargs)

    bulk_update.alters_data = True  # type: ignore[attr-defined]

    def _derive(self, objs: list[Person]) -> None:
        """Each row's derived fields, the provinces of their communes read in one query."""
        from garrison.territory.models import Commune

        wanted = {o.residence_commune_id for o in objs if o.residence_commune_id}
        provinces = dict(
            Commune.objects.using(self.db).filter(pk__in=wanted).values_list("pk", "province_id")
        )
        for obj in objs:
            obj.derive_fields(provinces.get(obj.residence_commune_id))


class PersonManager(ScopedManager.from_queryset(PersonQuerySet)):  # type: ignore[misc]
    pass


class Person(ScopedModel, VersionedModel):
    future_dates = ()  # every date of the row is a past event
    birth_dates = ("date_of_birth",)
    scope_province_path = "province_id"
    scope_commune_path = "residence_commune_id"

    citizen_id = models.CharField(
        _("citizen ID (CCCD)"), max_length=12, unique=True, validators=[citizen_id_format]
    )
    full_name = models.CharField(_("full name"), max_length=150)
    name_sort_key = models.CharField(
        max_length=255, editable=False, db_index=True, verbose_name=_("name for sorting")
    )
    #: the name folded (lower case, no diacritics, đ as d): the search box compares typed words
    #: folded alike, so "nguyen van" and "Nguyễn Văn" find the same people; on PostgreSQL a
    #: trigram index serves `LIKE '%word%'` (migration 0005)
    search_name = models.CharField(
        max_length=150, editable=False, default="", verbose_name=_("search text")
    )
    date_of_birth = models.DateField(_("date of birth"))
    sex = models.CharField(_("sex"), max_length=8, choices=Sex)
    ethnicity = models.CharField(
        _("ethnicity"),
        max_length=32,
        choices=[(g, g) for g in ETHNIC_GROUPS],
        # no default: the page, the API and an import sheet each say the person's group (a
        # default of "Kinh" once filled it silently, in a province mostly Thái and Mông)
    )
    religion = models.CharField(_("religion"), max_length=64, blank=True)
    education_level = models.CharField(
        _("education level"), max_length=20, choices=EducationLevel, blank=True
    )
    place_of_origin = models.CharField(_("place of origin"), max_length=255, blank=True)
    residence_commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        related_name="residents",
        verbose_name=_("residence commune"),
    )
    province = models.ForeignKey(
        "territory.Province",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("province"),
    )
    village = models.ForeignKey(
        "territory.Village",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="residents",
        verbose_name=_("village or residential group"),
        help_text=_("One of the residence commune's villages, when known."),
    )
    address = models.CharField(
        _("address (village, residential group)"), max_length=255, blank=True
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    objects = PersonManager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name_sort_key", "pk"]
        indexes = [
            models.Index(fields=["residence_commune", "name_sort_key"]),
            models.Index(fields=["province", "name_sort_key"]),
        ]

    def __str__(self) -> str:
        return self.full_name

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list[str]] = {}
        if self.citizen_id:
            problems = rules.check_citizen_id(
                self.citizen_id, sex=self.sex or None, date_of_birth=self.date_of_birth
            )
            if problems:
                errors["citizen_id"] = [p.message for p in problems]
        if self.full_name and (problem := rules.check_full_name(self.full_name)):
            errors["full_name"] = [problem]
        if (
            self.village_id
            and self.residence_commune_id
            and self.village.commune_id != self.residence_commune_id
        ):
            errors["village"] = [
                _("%(village)s is a village of another commune: choose one of %(commune)s's.")
                % {"village": self.village, "commune": self.residence_commune}
            ]
        if errors:
            raise ValidationError(errors)

    def prepare_save(self) -> None:
        """What every save derives from the row's fields (a bulk import, which writes rows
        without `save()`, calls it too)."""
        self.derive_fields()

    def derive_fields(self, province_id: int | None = None) -> None:
        """The fields derived from others: the name's sort key and folded search form, the
        province of the residence commune (`province_id` when the caller read it already)."""
        self.full_name = " ".join(self.full_name.split())
        self.name_sort_key = name_sort_key(self.full_name)
        self.search_name = fold(self.full_name)
        if province_id is not None:
            self.province_id = province_id
        elif self.residence_commune_id:
            self.province_id = self.residence_commune.province_id

    def save(self, *args, **kwargs) -> None:
        self.derive_fields()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, *DERIVED_FROM_NAME, "province"}
        super().save(*args, **kwargs)
