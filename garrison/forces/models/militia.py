"""Militia and self-defence: units in a tree with their establishment, members and their terms,
and each member's placements (a move closes one placement and opens another: history is kept)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from garrison.core.models import CommuneRow, ScopedModel, VersionedModel, province_field
from garrison.core.scoping import PROVINCE_WRITES
from garrison.forces.querysets import MemberQuerySet, UnitQuerySet

from .common import Force, Role, UnitKind, UnitLevel

ESTABLISHMENT_FIELDS = {
    Role.LEADER: "establishment_leaders",
    Role.DEPUTY: "establishment_deputies",
    Role.POLITICAL: "establishment_political",
    Role.MEMBER: "establishment_members",
}


class MilitiaUnit(CommuneRow, ScopedModel, VersionedModel):
    """A militia unit of the commune (or a self-defence unit of an agency or enterprise in it):
    kind (DQTV 6), level (DQTV 15), its place in the commune's tree, and its establishment — how
    many of each role it should have — beside which the strength is shown."""

    future_dates = ()  # every date of the row is a past event

    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        related_name="militia_units",
        verbose_name=_("commune"),
        db_index=False,  # a composite index or constraint starts with it
    )
    province = province_field(db_index=False)  # a (province, …) index starts with it
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    name = models.CharField(_("name"), max_length=120)
    force = models.CharField(_("force"), max_length=16, choices=Force, default=Force.MILITIA)
    kind = models.CharField(_("kind"), max_length=16, choices=UnitKind)
    level = models.CharField(_("level"), max_length=16, choices=UnitLevel)
    agency = models.CharField(
        _("agency or enterprise"),
        max_length=200,
        blank=True,
        help_text=_("For a self-defence unit: the agency or enterprise it belongs to."),
    )
    village = models.CharField(
        _("village or residential group"),
        max_length=120,
        blank=True,
        help_text=_("For local militia: the thôn or tổ dân phố it is organised in (DQTV 15.2)."),
    )
    established_on = models.DateField(_("established on"), null=True, blank=True)
    decision_number = models.CharField(_("establishing decision"), max_length=60, blank=True)
    establishment_leaders = models.PositiveSmallIntegerField(
        _("establishment: leaders"), default=1, validators=[MaxValueValidator(50)]
    )
    establishment_deputies = models.PositiveSmallIntegerField(
        _("establishment: deputies"), default=0, validators=[MaxValueValidator(50)]
    )
    establishment_political = models.PositiveSmallIntegerField(
        _("establishment: political officers"), default=0, validators=[MaxValueValidator(50)]
    )
    establishment_members = models.PositiveSmallIntegerField(
        _("establishment: members"), default=0, validators=[MaxValueValidator(2000)]
    )
    is_active = models.BooleanField(_("active"), default=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("militia unit")
        verbose_name_plural = _("militia units")
        ordering = ["commune__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "name"], name="forces_unit_unique_name")
        ]
        indexes = [models.Index(fields=["province", "kind"])]

    def __str__(self) -> str:
        return self.name

    @property
    def establishment(self) -> int:
        return sum(getattr(self, field) for field in ESTABLISHMENT_FIELDS.values())

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.force == Force.SELF_DEFENCE and not self.agency:
            errors["agency"] = _("Name the agency or enterprise this self-defence unit belongs to.")
        if self.parent_id is not None:
            if self.commune_id and self.parent.commune_id != self.commune_id:
                errors["parent"] = _("The parent unit must be in the same commune.")
            else:
                node, seen = self.parent, set()
                while node is not None and node.pk not in seen:
                    if self.pk is not None and node.pk == self.pk:
                        errors["parent"] = _(
                            "A unit cannot be placed under itself or one of its own sub-units."
                        )
                        break
                    seen.add(node.pk)
                    node = node.parent
        if errors:
            raise ValidationError(errors)


class MilitiaMember(CommuneRow, ScopedModel, VersionedModel):
    """One term of militia or self-defence service of a person (DQTV 8): the unit and role now,
    when the term began and when it ends (computed from the law by `forces.rules`), and how it
    ended. A person has at most one open term."""

    future_dates = ()  # every date of the row is a past event

    class Status(models.TextChoices):
        SERVING = "serving", _("serving")
        EXTENDED = "extended", _("serving an extension")
        COMPLETED = "completed", _("term completed")
        DISCHARGED = "discharged", _("discharged early")

    class EndReason(models.TextChoices):
        """DQTV 12 (discharge before the end of the term) and 13 (removal)."""

        PREGNANCY_OR_CHILD = "pregnancy_or_child", _("pregnant or raising a child under 36 months")
        UNFIT = "unfit", _("no longer fit for service")
        FAMILY_HARDSHIP = "family_hardship", _("sudden family hardship")
        CALLED_UP = "called_up", _("called up for the Army or the police")
        RECRUITED = "recruited", _("recruited as a civil servant, defence or police worker")
        STUDY_OR_ABROAD = "study_or_abroad", _("admitted to study, or going abroad")
        MOVED_AWAY = "moved_away", _("moved to another commune or workplace")
        DEATH = "death", _("died")
        REMOVED = "removed", _("removed (prosecuted, stripped of the title, addiction …)")

    OPEN_STATUSES = (Status.SERVING, Status.EXTENDED)

    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        related_name="militia_members",
        verbose_name=_("commune"),
        db_index=False,  # a composite index or constraint starts with it
    )
    province = province_field(db_index=False)  # a (province, …) index starts with it
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="militia_terms",
        verbose_name=_("citizen"),
    )
    unit = models.ForeignKey(
        MilitiaUnit,
        on_delete=models.PROTECT,
        related_name="members",
        verbose_name=_("unit"),
        db_index=False,  # a composite index or constraint starts with it
    )
    role = models.CharField(_("role"), max_length=16, choices=Role, default=Role.MEMBER)
    kind = models.CharField(
        _("kind of term"),
        max_length=16,
        choices=UnitKind,
        editable=False,
        help_text=_("The kind of the unit the term began in; it sets the term and training days."),
    )
    started_on = models.DateField(_("term began"))
    decision_number = models.CharField(_("commune Chairman's decision"), max_length=60, blank=True)
    volunteer = models.BooleanField(_("serves voluntarily"), default=False)
    term_years = models.PositiveSmallIntegerField(_("term (years)"), editable=False)
    extension_years = models.PositiveSmallIntegerField(_("extension (years)"), default=0)
    term_end = models.DateField(_("term ends"), editable=False, db_index=True)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.SERVING)
    ended_on = models.DateField(_("left on"), null=True, blank=True)
    end_reason = models.CharField(_("reason"), max_length=24, choices=EndReason, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("militia member")
        verbose_name_plural = _("militia members")
        ordering = ["person__name_sort_key", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(status__in=["serving", "extended"]),
                name="forces_one_open_term_per_person",
                violation_error_message=_(
                    "This citizen is already serving in the militia; end that term first."
                ),
            )
        ]
        indexes = [
            models.Index(fields=["commune", "status"]),
            models.Index(fields=["province", "status"]),
            models.Index(fields=["unit", "status"]),
        ]

    def __str__(self) -> str:
        return str(self.person)

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class MemberAssignment(CommuneRow, ScopedModel):
    """A member's placement in a unit and role over a period: the unit history of a term."""

    future_dates = ("ended_on",)

    member = models.ForeignKey(
        MilitiaMember,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("member"),
    )
    unit = models.ForeignKey(
        MilitiaUnit, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("unit")
    )
    role = models.CharField(_("role"), max_length=16, choices=Role)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("unit placement")
        verbose_name_plural = _("unit placements")
        ordering = ["member", "started_on", "pk"]

    def __str__(self) -> str:
        return f"{self.member} — {self.unit}"


class ForceTarget(ScopedModel, VersionedModel):
    """The militia-to-population ratio a province sets for its communes. The law sets none
    (LAW.md §3 [DQ-RATIO]); strength is shown beside this target."""

    scope_commune_path = None
    write_levels = PROVINCE_WRITES

    province = models.OneToOneField(
        "territory.Province",
        on_delete=models.PROTECT,
        related_name="force_target",
        verbose_name=_("province"),
    )
    militia_percent = models.DecimalField(
        _("militia as a share of the population (%)"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(50)],
        help_text=_("Set by the province; for example 1.20 for 12 members per 1,000 people."),
    )
    decision_number = models.CharField(_("decision"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("militia strength target")
        verbose_name_plural = _("militia strength targets")

    def __str__(self) -> str:
        return f"{self.province}: {self.militia_percent}%"
