"""Criteria per post (the Ministry's, and a province's stricter ones for some communes) and
placement proposals: a solved assignment of candidates to vacant posts, adjusted by hand with
pins and forbidden pairs, approved into decisions."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from garrison.cadres.rules import RANK_ORDER, Area, PoliticalTheory, Rank, ServiceCategory
from garrison.commands.rules import Position
from garrison.core.models import ScopedModel, VersionedModel
from garrison.core.scoping import NATION, PROVINCE


class PostStandard(ScopedModel, VersionedModel):
    """The criteria for a post. Without a province it is the Ministry's, for every commune;
    a province's standard adds to it (it can only be stricter: a candidate must meet both)."""

    scope_province_path = "province_id"
    scope_commune_path = None
    scope_province_may_be_empty = True
    write_levels = frozenset({NATION, PROVINCE})

    province = models.ForeignKey(
        "territory.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("province"),
        help_text=_("Empty: the Ministry's standard, for every province."),
    )
    position = models.CharField(_("post"), max_length=32, choices=Position)
    area = models.CharField(_("applies to"), max_length=16, choices=Area, default=Area.ANY)
    min_age = models.PositiveSmallIntegerField(
        _("minimum age"), null=True, blank=True, validators=[MaxValueValidator(70)]
    )
    max_age = models.PositiveSmallIntegerField(
        _("maximum age"), null=True, blank=True, validators=[MaxValueValidator(70)]
    )
    min_rank = models.CharField(_("lowest rank"), max_length=32, choices=Rank, blank=True)
    max_rank = models.CharField(_("highest rank"), max_length=32, choices=Rank, blank=True)
    min_political_theory = models.CharField(
        _("minimum political theory level"), max_length=16, choices=PoliticalTheory, blank=True
    )
    party_required = models.BooleanField(_("Party membership required"), default=False)
    max_health_class = models.PositiveSmallIntegerField(
        _("lowest health class accepted"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(6)],
        help_text=_("E.g. 2: health classes 1 and 2 are accepted."),
    )
    min_local_military_years = models.DecimalField(
        _("minimum years of local military work"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    min_grassroots_years = models.DecimalField(
        _("minimum years at grassroots level"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    categories = models.JSONField(
        _("service categories accepted"),
        default=list,
        blank=True,
        help_text=_("Empty: every category."),
    )
    rotation_years = models.PositiveSmallIntegerField(
        _("rotation after (years)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("The post falls vacant for rotation after this many years in it."),
    )
    basis = models.CharField(_("basis"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("post standard")
        verbose_name_plural = _("post standards")
        ordering = ["province__code", "position", "area"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "position", "area"],
                name="cadres_one_standard_per_post_and_area",
                violation_error_message=_(
                    "A standard for this post and these communes exists already: edit it."
                ),
            )
        ]

    def __str__(self) -> str:
        owner = self.province.short_name if self.province_id else _("Ministry")
        return f"{owner}: {self.get_position_display()} — {self.get_area_display()}"

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.min_age and self.max_age and self.min_age > self.max_age:
            errors["max_age"] = _("The maximum age is below the minimum: correct one of them.")
        if (
            self.min_rank
            and self.max_rank
            and RANK_ORDER[self.min_rank] > RANK_ORDER[self.max_rank]
        ):
            errors["max_rank"] = _("The highest rank is below the lowest: correct one of them.")
        unknown = [c for c in self.categories or [] if c not in ServiceCategory.values]
        if unknown:
            errors["categories"] = _("Unknown service categories: %(c)s.") % {
                "c": ", ".join(map(str, unknown))
            }
        if errors:
            raise ValidationError(errors)


class PlacementRun(ScopedModel, VersionedModel):
    """A placement proposal for a province: the posts that are vacant or fall vacant by
    `horizon`, the candidates, the solved matches. Approving it issues the decisions."""

    future_dates = ("effective_on", "horizon")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        APPROVED = "approved", _("approved")
        DISCARDED = "discarded", _("discarded")

    scope_province_path = "province_id"
    scope_commune_path = None
    scope_communes_read_province_rows = False  # it names candidates from all over the province
    write_levels = frozenset({NATION, PROVINCE})

    province = models.ForeignKey(
        "territory.Province", on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    title = models.CharField(_("title"), max_length=200)
    effective_on = models.DateField(
        _("effective from"), help_text=_("The day the placements take effect.")
    )
    horizon = models.DateField(
        _("include posts falling vacant by"),
        help_text=_("Posts whose holder leaves by this day (age, end of term, rotation)."),
    )
    positions = models.JSONField(_("posts"), default=list)
    home_commune_rule = models.BooleanField(_("no one serves in their home commune"), default=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status, default=Status.DRAFT, editable=False
    )
    created_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        null=True,
        verbose_name=_("created by"),
    )
    solved_at = models.DateTimeField(_("solved at"), null=True, blank=True, editable=False)
    #: figures of the last solve: posts, filled, strategic posts and filled, points, candidates,
    #: eligible pairs, the solver's milliseconds
    summary = models.JSONField(_("summary"), default=dict, blank=True, editable=False)
    approved_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        null=True,
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("placement proposal")
        verbose_name_plural = _("placement proposals")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def clean(self) -> None:
        super().clean()
        if self.horizon and self.effective_on and self.horizon < self.effective_on:
            raise ValidationError(
                {"horizon": _("The horizon is before the effective date: move it later.")}
            )
        unknown = [p for p in self.positions or [] if p not in Position.values]
        if unknown:
            raise ValidationError({"positions": _("Unknown posts: %(p)s.") % {"p": unknown}})


class PlacementPin(ScopedModel, VersionedModel):
    """A hand adjustment of a proposal: this candidate must take (pin) or must not take
    (forbid) this post."""

    class Kind(models.TextChoices):
        PIN = "pin", _("pin")
        FORBID = "forbid", _("forbid")

    scope_province_path = "run__province_id"
    scope_commune_path = None
    scope_communes_read_province_rows = False
    write_levels = frozenset({NATION, PROVINCE})

    run = models.ForeignKey(
        PlacementRun, on_delete=models.CASCADE, related_name="pins", verbose_name=_("proposal")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind)
    command = models.ForeignKey(
        "commands.MilitaryCommand",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("command"),
    )
    position = models.CharField(_("post"), max_length=32, choices=Position)
    profile = models.ForeignKey(
        "cadres.CadreProfile",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("cadre"),
    )

    class Meta:
        verbose_name = _("pin or forbidden pair")
        verbose_name_plural = _("pins and forbidden pairs")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "command", "position", "profile"], name="cadres_one_pin_per_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.profile} → {self.command}"


class PlacementMatch(ScopedModel):
    """One post of a solved proposal: who takes it and why, or why it stays empty."""

    scope_province_path = "run__province_id"
    scope_commune_path = None
    scope_communes_read_province_rows = False
    write_levels = frozenset({NATION, PROVINCE})

    run = models.ForeignKey(
        PlacementRun, on_delete=models.CASCADE, related_name="matches", verbose_name=_("proposal")
    )
    command = models.ForeignKey(
        "commands.MilitaryCommand",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("command"),
    )
    position = models.CharField(_("post"), max_length=32, choices=Position)
    profile = models.ForeignKey(
        "cadres.CadreProfile",
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
        verbose_name=_("cadre"),
    )
    strategic = models.BooleanField(_("strategic post"), default=False)
    pinned = models.BooleanField(_("pinned"), default=False)
    points = models.PositiveSmallIntegerField(_("priority points"), default=0)
    #: why the post is in the proposal: [{"date": iso or null, "why": code}] (null: vacant now)
    vacancy = models.JSONField(default=list, verbose_name=_("vacancy"))
    #: the parts of the points: [[label, points], …]; or, for an empty post, the reasons
    explanation = models.JSONField(default=list, verbose_name=_("explanation"))
    eligible_count = models.PositiveIntegerField(_("eligible candidates"), default=0)

    class Meta:
        verbose_name = _("proposed placement")
        verbose_name_plural = _("proposed placements")
        ordering = ["-strategic", "command__name", "position"]

    def __str__(self) -> str:
        return f"{self.command} / {self.get_position_display()}: {self.profile or '—'}"
