"""Provinces and commune-level units (xã, phường, đặc khu) as in the `vietnam-provinces` package,
plus what military work needs to know about each commune, and the villages and residential
groups (thôn, bản, tổ dân phố) each commune keeps: where its people live and whom its evacuation
plan moves."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from garrison.core.models import CommuneRow, ScopedModel, VersionedModel
from garrison.core.scoping import COMMUNE, NATION, PROVINCE


class ProvinceType(models.TextChoices):
    PROVINCE = "tinh", _("province")
    CITY = "thanh_pho", _("centrally-governed city")


class CommuneType(models.TextChoices):
    COMMUNE = "xa", _("commune")
    WARD = "phuong", _("ward")
    SPECIAL_ZONE = "dac_khu", _("special zone")


class Province(ScopedModel):
    scope_province_path = "pk"
    scope_commune_path = None
    write_levels = frozenset()  # loaded from vietnam-provinces; not edited in the application

    code = models.PositiveSmallIntegerField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    codename = models.CharField(_("code name"), max_length=100)
    division_type = models.CharField(_("type"), max_length=16, choices=ProvinceType)
    phone_code = models.PositiveSmallIntegerField(_("phone code"), null=True, blank=True)

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def short_name(self) -> str:
        """The name without "Thành phố" / "Tỉnh" (the package gives cities a prefix)."""
        return self.name.removeprefix("Thành phố ").removeprefix("Tỉnh ")


class Commune(ScopedModel, VersionedModel):
    """A commune-level administrative unit: xã, phường or đặc khu."""

    scope_province_path = "province_id"
    scope_commune_path = "pk"
    write_levels = frozenset({NATION, PROVINCE})

    code = models.PositiveIntegerField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    codename = models.CharField(_("code name"), max_length=100)
    division_type = models.CharField(_("type"), max_length=16, choices=CommuneType)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="communes", verbose_name=_("province")
    )
    is_border = models.BooleanField(_("border commune"), default=False)
    is_remote = models.BooleanField(_("extremely difficult / remote area"), default=False)
    is_island = models.BooleanField(_("island"), default=False)
    is_key_defence = models.BooleanField(_("key defence-security area"), default=False)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    area_km2 = models.DecimalField(
        _("area (km²)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["province__code", "name"]
        indexes = [models.Index(fields=["province", "name"])]

    @staticmethod
    def code_of(pk: int) -> int | None:
        """The official code of commune `pk`: lists and links name communes by code."""
        return Commune.objects.filter(pk=pk).values_list("code", flat=True).first()

    def __str__(self) -> str:
        return self.name

    @property
    def short_name(self) -> str:
        for prefix in ("Xã ", "Phường ", "Đặc khu "):
            if self.name.startswith(prefix):
                return self.name[len(prefix) :]
        return self.name


class Village(CommuneRow, ScopedModel, VersionedModel):
    """A village or residential group (thôn, bản, tổ dân phố) of a commune, kept by the commune:
    the people of the person register live in one, and the evacuation plan moves its people to
    an evacuation area. Its population is what the commune's statistics say (the registers hold
    only part of the residents)."""

    future_dates = ()
    #: the commune keeps its villages; the province and the Ministry read them
    write_levels = frozenset({COMMUNE})

    commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        related_name="villages",
        verbose_name=_("commune"),
        db_index=False,  # the unique (commune, name) starts with it
    )
    name = models.CharField(_("name"), max_length=120)
    population = models.PositiveIntegerField(
        _("population"),
        null=True,
        blank=True,
        help_text=_("People living there, from the commune's statistics, when known."),
    )
    households = models.PositiveIntegerField(_("households"), null=True, blank=True)

    class Meta:
        verbose_name = _("village")
        verbose_name_plural = _("villages")
        ordering = ["commune", "name"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "name"], name="village_unique_name")
        ]

    def __str__(self) -> str:
        return self.name
