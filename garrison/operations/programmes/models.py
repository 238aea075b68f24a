"""Mass-mobilisation programmes (dân vận) run with the mass organisations — e.g. "Solidarity
Spring – Warm Military-Civilian Tết 2026" — and the help they gave: the families or people of
the person register helped, what was given (gifts, money, work days, houses built or repaired)
and its value. A programme is the province's (every commune of it takes part) or one commune's.
A person helped twice in one programme is flagged, not refused (`programmes.rules`)."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from garrison.core.models import CommuneRow, ScopedModel, VersionedModel, province_field
from garrison.core.scoping import COMMUNE

from .querysets import AidQuerySet, ProgrammeQuerySet


class MassOrganisationCode(models.TextChoices):
    FATHERLAND_FRONT = "fatherland_front", _("Fatherland Front")
    WOMENS_UNION = "womens_union", _("Women's Union")
    YOUTH_UNION = "youth_union", _("Youth Union")
    VETERANS_ASSOCIATION = "veterans_association", _("Veterans' Association")
    FARMERS_UNION = "farmers_union", _("Farmers' Union")


#: the programme's flag for each mass organisation it is run with
PARTNER_FIELDS = {code: f"with_{code}" for code in MassOrganisationCode.values}


class AidKind(models.TextChoices):
    GIFT = "gift", _("gifts")
    MONEY = "money", _("money")
    WORK_DAYS = "work_days", _("work days")
    HOUSE_BUILT = "house_built", _("house built")
    HOUSE_REPAIRED = "house_repaired", _("house repaired")


class MassProgramme(ScopedModel, VersionedModel):
    """A mass-mobilisation programme of a province (no commune) or of one commune."""

    future_dates = ("starts_on", "ends_on")
    scope_commune_may_be_empty = True

    province = models.ForeignKey(
        "territory.Province",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("province"),
        db_index=False,  # a composite index starts with it
    )
    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mass_programmes",
        verbose_name=_("commune"),
        help_text=_("Empty for a programme of the whole province."),
    )
    name = models.CharField(_("name"), max_length=300)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    # the partners: one flag per mass organisation (PARTNER_FIELDS), a box each on the form
    with_fatherland_front = models.BooleanField(_("with the Fatherland Front"), default=False)
    with_womens_union = models.BooleanField(_("with the Women's Union"), default=False)
    with_youth_union = models.BooleanField(_("with the Youth Union"), default=False)
    with_veterans_association = models.BooleanField(
        _("with the Veterans' Association"), default=False
    )
    with_farmers_union = models.BooleanField(_("with the Farmers' Union"), default=False)
    budget_vnd = models.PositiveBigIntegerField(_("budget (VND)"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("mass-mobilisation programme")
        verbose_name_plural = _("mass-mobilisation programmes")
        ordering = ["-starts_on", "name"]
        indexes = [models.Index(fields=["province", "starts_on"])]

    def __str__(self) -> str:
        return self.name

    @property
    def partners(self) -> list[str]:
        """The mass organisations it is run with, by name."""
        return [
            str(MassOrganisationCode(code).label)
            for code, name in PARTNER_FIELDS.items()
            if getattr(self, name)
        ]

    def save(self, *args, **kwargs) -> None:
        if self.commune_id:
            self.province_id = self.commune.province_id
        super().save(*args, **kwargs)


class ProgrammeAid(CommuneRow, ScopedModel, VersionedModel):
    """Help given under a programme to a person (for a family, its head) of a commune."""

    future_dates = ()
    #: recorded and corrected by the commune that gave it (programmes.permissions)
    write_levels = frozenset({COMMUNE})

    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("commune"),
        db_index=False,  # a composite index starts with it
    )
    province = province_field(db_index=False)  # a (province, …) index starts with it
    programme = models.ForeignKey(
        MassProgramme, on_delete=models.PROTECT, related_name="aid", verbose_name=_("programme")
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="programme_aid",
        verbose_name=_("person or family helped"),
    )
    kind = models.CharField(_("what was given"), max_length=16, choices=AidKind)
    quantity = models.PositiveIntegerField(
        _("quantity"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("Gifts, work days or houses; 1 for money."),
    )
    value_vnd = models.PositiveBigIntegerField(_("value (VND)"))
    given_on = models.DateField(_("given on"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = AidQuerySet.as_manager()

    class Meta:
        verbose_name = _("help given")
        verbose_name_plural = _("help given")
        ordering = ["-given_on", "-pk"]
        indexes = [
            models.Index(fields=["programme", "commune"]),
            models.Index(fields=["province", "programme"]),
            models.Index(fields=["commune", "given_on"]),
            models.Index(fields=["programme", "person"]),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_kind_display()}"
