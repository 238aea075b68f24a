"""Cadre profiles: the officer's record on a Person, the political bodies they sit on, every
post they held, and the dated decisions (appointment, transfer, promotion) that changed them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from garrison.cadres.rules import Body, PoliticalTheory, Rank, ServiceCategory
from garrison.commands.rules import Position
from garrison.core.models import ScopedModel, VersionedModel
from garrison.core.scoping import NATION, PROVINCE


class CadreRow(ScopedModel):
    """A row about a cadre: it belongs to the province that manages the cadre, and to the
    commune they serve in (read there too); the province alone writes it."""

    scope_province_path = "profile__province_id"
    scope_commune_path = "profile__commune_id"
    write_levels = frozenset({NATION, PROVINCE})

    class Meta:
        abstract = True


def check_dates(start, end, end_field: str) -> None:
    if start and end and end < start:
        raise ValidationError({end_field: _("The end is before the start: correct one.")})


class Period(models.Model):
    """A row that holds from a day until an optional later day."""

    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        check_dates(self.started_on, self.ended_on, "ended_on")


class CadreProfile(ScopedModel, VersionedModel):
    """A cadre's record. `commune` is the commune of the post they hold now (kept by the
    services): its staff read the profile; a cadre without a post is the province's alone."""

    future_dates = ()  # every date of the row is a past event

    class Status(models.TextChoices):
        ACTIVE = "active", _("serving")
        STUDYING = "studying", _("away on a long course")
        LEFT = "left", _("left the contingent")

    scope_province_path = "province_id"
    scope_commune_path = "commune_id"
    write_levels = frozenset({NATION, PROVINCE})

    person = models.OneToOneField(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="cadre_profile",
        verbose_name=_("person"),
    )
    province = models.ForeignKey(
        "territory.Province",
        on_delete=models.PROTECT,
        related_name="cadres",
        verbose_name=_("managing province"),
    )
    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cadres_serving",
        editable=False,
        verbose_name=_("serving in"),
    )
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.ACTIVE)
    service_category = models.CharField(
        _("service category"), max_length=32, choices=ServiceCategory
    )
    rank = models.CharField(_("rank"), max_length=32, choices=Rank, blank=True)
    rank_date = models.DateField(_("date of rank"), null=True, blank=True)
    unit_of_origin = models.CharField(_("unit of origin"), max_length=200, blank=True)
    military_education = models.CharField(_("military education"), max_length=200, blank=True)
    political_theory = models.CharField(
        _("political theory level"),
        max_length=16,
        choices=PoliticalTheory,
        default=PoliticalTheory.NONE,
    )
    party_member = models.BooleanField(_("Party member"), default=False)
    party_joined_on = models.DateField(_("joined the Party on"), null=True, blank=True)
    health_class = models.PositiveSmallIntegerField(
        _("health class"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(6)],
    )
    local_military_years = models.DecimalField(
        _("years of local military and defence work"),
        max_digits=4,
        decimal_places=1,
        default=0,
        validators=[MinValueValidator(0)],
    )
    grassroots_years = models.DecimalField(
        _("years at grassroots level"),
        max_digits=4,
        decimal_places=1,
        default=0,
        validators=[MinValueValidator(0)],
    )
    ethnic_languages = models.CharField(
        _("ethnic languages spoken"),
        max_length=200,
        blank=True,
        help_text=_("Ethnic groups whose language the cadre speaks, separated by commas."),
    )
    mass_mobilisation = models.BooleanField(_("mass-mobilisation skills"), default=False)
    mass_mobilisation_notes = models.TextField(_("mass mobilisation and prestige"), blank=True)
    home_commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cadres_from",
        verbose_name=_("home commune"),
    )

    class Meta:
        verbose_name = _("cadre profile")
        verbose_name_plural = _("cadre profiles")
        ordering = ["person__name_sort_key"]
        indexes = [
            models.Index(fields=["province", "status"]),
            models.Index(fields=["commune"]),
        ]

    def __str__(self) -> str:
        return self.person.full_name

    @property
    def languages(self) -> frozenset[str]:
        return frozenset(x.strip() for x in self.ethnic_languages.split(",") if x.strip())

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.rank and self.service_category == ServiceCategory.CIVIL_SERVANT:
            errors["rank"] = _(
                "A civil servant holds no officer rank: clear the rank or change the category."
            )
        if self.rank_date and not self.rank:
            errors["rank_date"] = _("A date of rank needs a rank: choose the rank first.")
        if self.party_joined_on and not self.party_member:
            errors["party_member"] = _(
                "A date of joining the Party is given: tick Party member, or clear the date."
            )
        if errors:
            raise ValidationError(errors)


class BodyMembership(Period, CadreRow, VersionedModel):
    """A seat on a political body for a term (Party committee 2025–2030, People's Council
    2026–2031)."""

    future_dates = ("ended_on",)

    profile = models.ForeignKey(
        CadreProfile,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("cadre"),
    )
    body = models.CharField(_("body"), max_length=32, choices=Body)
    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("of the commune"),
    )
    term = models.CharField(_("term"), max_length=16, help_text=_("E.g. 2025–2030."))

    class Meta:
        verbose_name = _("membership of a political body")
        verbose_name_plural = _("memberships of political bodies")
        ordering = ["profile", "-started_on"]

    def __str__(self) -> str:
        return f"{self.get_body_display()} {self.term}"


class CareerEntry(Period, CadreRow, VersionedModel):
    """One post held, with its dates: inside Garrison's commands (then `command` and
    `position` are set) or before (the unit's name in `organisation`)."""

    future_dates = ("ended_on",)

    profile = models.ForeignKey(
        CadreProfile,
        on_delete=models.CASCADE,
        related_name="career",
        verbose_name=_("cadre"),
    )
    title = models.CharField(_("post"), max_length=200)
    organisation = models.CharField(_("unit or agency"), max_length=200)
    command = models.ForeignKey(
        "commands.MilitaryCommand",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("command"),
    )
    position = models.CharField(_("post held"), max_length=32, choices=Position, blank=True)
    decision = models.ForeignKey(
        "cadres.CadreDecision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="career_entries",
        verbose_name=_("decision"),
    )

    class Meta:
        verbose_name = _("career entry")
        verbose_name_plural = _("career history")
        ordering = ["profile", "-started_on"]

    def __str__(self) -> str:
        return f"{self.title}, {self.organisation}"


class CadreDecision(ScopedModel, VersionedModel):
    """A dated decision of the provincial command about one cadre. Issuing it updates the
    profile, the holders of the post and the career history; revoking it undoes that and keeps
    the decision, marked revoked, in the record."""

    future_dates = ("effective_on",)

    class Kind(models.TextChoices):
        APPOINTMENT = "appointment", _("appointment")
        TRANSFER = "transfer", _("transfer")
        PROMOTION = "promotion", _("promotion")

    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("in force")
        REVOKED = "revoked", _("revoked")

    scope_province_path = "province_id"
    scope_commune_path = "commune_id"
    scope_commune_may_be_empty = False
    write_levels = frozenset({NATION, PROVINCE})

    profile = models.ForeignKey(
        CadreProfile, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("cadre")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    number = models.CharField(_("number and symbol"), max_length=64)
    signed_on = models.DateField(_("signed on"))
    effective_on = models.DateField(_("effective from"))
    signer_name = models.CharField(_("signed by"), max_length=150)
    signer_title = models.CharField(_("signer's title"), max_length=150)
    command = models.ForeignKey(
        "commands.MilitaryCommand",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cadre_decisions",
        verbose_name=_("to the command"),
    )
    position = models.CharField(_("to the post"), max_length=32, choices=Position, blank=True)
    new_rank = models.CharField(_("to the rank"), max_length=32, choices=Rank, blank=True)
    reason = models.TextField(_("grounds"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status, default=Status.IN_FORCE, editable=False
    )
    # what the decision changed, so that revoking it can undo exactly that
    assignment = models.ForeignKey(
        "commands.Assignment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("assignment made"),
    )
    ended_assignment = models.ForeignKey(
        "commands.Assignment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("assignment ended"),
    )
    #: the outgoing holder's assignment this decision ended, and its end before that
    replaced_assignment = models.ForeignKey(
        "commands.Assignment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("assignment replaced"),
    )
    replaced_end_date = models.DateField(
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("previous end date of the replaced assignment"),
    )
    previous_rank = models.CharField(
        max_length=32, choices=Rank, blank=True, editable=False, verbose_name=_("previous rank")
    )
    previous_rank_date = models.DateField(
        null=True, blank=True, editable=False, verbose_name=_("previous rank date")
    )
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True, editable=False)
    revocation_reason = models.TextField(_("why revoked"), blank=True, editable=False)
    placement_run = models.ForeignKey(
        "cadres.PlacementRun",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        editable=False,
        verbose_name=_("placement proposal"),
    )
    province = models.ForeignKey(
        "territory.Province",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("province"),
    )
    #: the commune of the command the decision posts to (its staff read it); empty for a
    #: promotion, which is the province's
    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("commune"),
    )

    class Meta:
        verbose_name = _("cadre decision")
        verbose_name_plural = _("cadre decisions")
        ordering = ["-signed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "number"],
                name="cadres_one_decision_per_number",
                violation_error_message=_(
                    "This province already has a decision with this number: check the number "
                    "and symbol."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.get_kind_display()}: {self.profile}"

    @property
    def in_force(self) -> bool:
        return self.status == self.Status.IN_FORCE
