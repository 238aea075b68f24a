"""Reserve forces (LLDBĐV): the reserve units reservists and means are assigned to, the
reservists a commune registers, and the reserve technical means (vehicles, vessels, machinery)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from garrison.core.models import CommuneRow, ScopedModel, VersionedModel, province_field
from garrison.core.scoping import PROVINCE_WRITES
from garrison.forces.querysets import ReservistQuerySet, TechnicalMeansQuerySet


class ReserveUnit(ScopedModel, VersionedModel):
    """A reserve (DBĐV) unit of the Army that the province's reservists and means are assigned
    to (LLDBĐV 15): its establishment and whether it is a combat or a combat-support unit, which
    decides the age limit of the reservists placed in it (LLDBĐV 17.2)."""

    class Role(models.TextChoices):
        COMBAT = "combat", _("combat unit")
        SUPPORT = "support", _("combat-support unit")

    scope_commune_path = None  # a province-wide row: its communes read it, the province writes
    write_levels = PROVINCE_WRITES

    province = models.ForeignKey(
        "territory.Province",
        on_delete=models.PROTECT,
        related_name="reserve_units",
        verbose_name=_("province"),
        db_index=False,  # a composite index or constraint starts with it
    )
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=160)
    role = models.CharField(_("type"), max_length=16, choices=Role, default=Role.COMBAT)
    parent_unit = models.CharField(
        _("receiving Army unit"),
        max_length=160,
        blank=True,
        help_text=_("The regular unit that receives this reserve unit on mobilisation."),
    )
    establishment = models.PositiveIntegerField(
        _("establishment (reservists)"), default=0, validators=[MaxValueValidator(20000)]
    )
    means_establishment = models.PositiveIntegerField(
        _("establishment (technical means)"), default=0, validators=[MaxValueValidator(5000)]
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("reserve unit")
        verbose_name_plural = _("reserve units")
        ordering = ["province__code", "code"]
        constraints = [
            models.UniqueConstraint(fields=["province", "code"], name="forces_reserve_unit_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ReserveClass(models.TextChoices):
    HANG_1 = "hang_1", _("class 1")
    HANG_2 = "hang_2", _("class 2")


class Category(models.TextChoices):
    OFFICER = "officer", _("reserve officer")
    PROFESSIONAL_SOLDIER = "professional_soldier", _("reserve professional soldier")
    NCO_SOLDIER = "nco_soldier", _("reserve NCO or soldier")


class Rank(models.TextChoices):
    PRIVATE_2 = "binh_nhi", _("private (binh nhì)")
    PRIVATE_1 = "binh_nhat", _("private first class (binh nhất)")
    CORPORAL = "ha_si", _("corporal (hạ sĩ)")
    SERGEANT = "trung_si", _("sergeant (trung sĩ)")
    SENIOR_SERGEANT = "thuong_si", _("senior sergeant (thượng sĩ)")
    PROFESSIONAL = "qncn", _("professional soldier rank")
    SECOND_LIEUTENANT = "thieu_uy", _("second lieutenant (thiếu úy)")
    LIEUTENANT = "trung_uy", _("lieutenant (trung úy)")
    SENIOR_LIEUTENANT = "thuong_uy", _("senior lieutenant (thượng úy)")
    CAPTAIN = "dai_uy", _("captain (đại úy)")
    MAJOR = "thieu_ta", _("major (thiếu tá)")
    LIEUTENANT_COLONEL = "trung_ta", _("lieutenant colonel (trung tá)")
    NONE = "none", _("no rank")


class Reservist(CommuneRow, ScopedModel, VersionedModel):
    """A reservist registered by the commune Military Command where he or she resides
    (LLDBĐV 12): category, rank, military specialty, reserve class, the reserve unit assigned
    to, and the yearly check."""

    future_dates = ()  # every date of the row is a past event

    class Status(models.TextChoices):
        REGISTERED = "registered", _("registered")
        DISCHARGED = "discharged", _("discharged from the reserve")

    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        related_name="reservists",
        verbose_name=_("commune"),
        db_index=False,  # a composite index or constraint starts with it
    )
    province = province_field(db_index=False)  # a (province, …) index starts with it
    person = models.OneToOneField(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="reservist",
        verbose_name=_("citizen"),
    )
    category = models.CharField(
        _("category"), max_length=24, choices=Category, default=Category.NCO_SOLDIER
    )
    rank = models.CharField(_("rank"), max_length=16, choices=Rank, default=Rank.NONE)
    specialty_code = models.CharField(
        _("military specialty code"), max_length=20, blank=True, db_index=True
    )
    specialty = models.CharField(_("military specialty"), max_length=120, blank=True)
    reserve_class = models.CharField(
        _("reserve class"), max_length=8, choices=ReserveClass, default=ReserveClass.HANG_2
    )
    active_service_months = models.PositiveSmallIntegerField(
        _("months of active service"), default=0, validators=[MaxValueValidator(600)]
    )
    health_class = models.PositiveSmallIntegerField(
        _("health class"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(6)],
    )
    registered_on = models.DateField(_("registered on"))
    checked_on = models.DateField(
        _("last yearly check"),
        null=True,
        blank=True,
        help_text=_("The yearly check of registration (re-registration) and readiness."),
    )
    reserve_unit = models.ForeignKey(
        ReserveUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reservists",
        verbose_name=_("assigned to reserve unit"),
        db_index=False,  # a composite index or constraint starts with it
    )
    assigned_on = models.DateField(_("assigned on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.REGISTERED)
    discharged_on = models.DateField(_("discharged on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = ReservistQuerySet.as_manager()

    class Meta:
        verbose_name = _("reservist")
        verbose_name_plural = _("reservists")
        ordering = ["person__name_sort_key", "pk"]
        indexes = [
            models.Index(fields=["commune", "status"]),
            models.Index(fields=["province", "status"]),
            models.Index(fields=["reserve_unit", "status"]),
        ]

    def __str__(self) -> str:
        return str(self.person)


class TechnicalMeans(CommuneRow, ScopedModel, VersionedModel):
    """A reserve technical means (LLDBĐV 2, 13): a vehicle, vessel or machine owned by a citizen
    or an organisation in the commune, registered and assigned to a reserve unit."""

    future_dates = ()  # every date of the row is a past event

    class Kind(models.TextChoices):
        ROAD_VEHICLE = "road_vehicle", _("road motor vehicle")
        INLAND_VESSEL = "inland_vessel", _("inland waterway vessel")
        SEA_VESSEL = "sea_vessel", _("sea-going vessel")
        CONSTRUCTION = "construction", _("bridge, road or construction machinery")
        CARGO_HANDLING = "cargo_handling", _("cargo-handling equipment")
        COMMUNICATIONS = "communications", _("communications equipment")
        MEDICAL = "medical", _("medical equipment")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        REGISTERED = "registered", _("registered")
        REMOVED = "removed", _("removed from the register")

    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        related_name="technical_means",
        verbose_name=_("commune"),
        db_index=False,  # a composite index or constraint starts with it
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind)
    model_name = models.CharField(
        _("type and model"), max_length=120, help_text=_("For example: Hyundai HD72 truck, 3.5 t.")
    )
    registration_number = models.CharField(
        _("plate or registration number"),
        max_length=30,
        help_text=_("The number plate of a vehicle, the registration number of a vessel."),
    )
    owner_name = models.CharField(_("owner"), max_length=160)
    owner_is_organisation = models.BooleanField(_("owned by an organisation"), default=False)
    owner_citizen_id = models.CharField(_("owner's citizen ID"), max_length=12, blank=True)
    specifications = models.CharField(
        _("specifications"),
        max_length=300,
        blank=True,
        help_text=_("Capacity, tonnage, power, seats …"),
    )
    year_made = models.PositiveSmallIntegerField(
        _("year made"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1950), MaxValueValidator(2100)],
    )
    registered_on = models.DateField(_("registered on"))
    checked_on = models.DateField(_("last yearly check"), null=True, blank=True)
    reserve_unit = models.ForeignKey(
        ReserveUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="technical_means",
        verbose_name=_("assigned to reserve unit"),
    )
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.REGISTERED)
    notes = models.TextField(_("notes"), blank=True)

    objects = TechnicalMeansQuerySet.as_manager()

    class Meta:
        verbose_name = _("reserve technical means")
        verbose_name_plural = _("reserve technical means")
        ordering = ["kind", "registration_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "registration_number"], name="forces_means_unique_number"
            )
        ]
        indexes = [models.Index(fields=["commune", "status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.registration_number}"
