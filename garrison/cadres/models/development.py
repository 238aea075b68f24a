"""The long term of the contingent: succession planning, training courses and enrolments,
yearly evaluation, commendation and discipline, entitlements."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from garrison.cadres.rules import PoliticalTheory
from garrison.commands.rules import Position
from garrison.core.models import ScopedModel, VersionedModel
from garrison.core.scoping import NATION, PROVINCE

from .profiles import CadreProfile, CadreRow, Period, check_dates


class SuccessionPlan(CadreRow, VersionedModel):
    """Quy hoạch: a cadre planned as a successor for a key post, with their readiness."""

    class Readiness(models.TextChoices):
        NOW = "now", _("ready now")
        ONE_TWO = "1-2", _("ready in 1–2 years")
        THREE_FIVE = "3-5", _("ready in 3–5 years")

    profile = models.ForeignKey(
        CadreProfile, on_delete=models.CASCADE, related_name="succession", verbose_name=_("cadre")
    )
    command = models.ForeignKey(
        "commands.MilitaryCommand",
        on_delete=models.CASCADE,
        related_name="successors",
        verbose_name=_("command"),
    )
    position = models.CharField(_("post"), max_length=32, choices=Position)
    term = models.CharField(_("planning term"), max_length=16, help_text=_("E.g. 2025–2030."))
    readiness = models.CharField(_("readiness"), max_length=8, choices=Readiness)
    development_needs = models.TextField(_("training still needed"), blank=True)

    class Meta:
        verbose_name = _("succession plan")
        verbose_name_plural = _("succession planning")
        ordering = ["command__name", "position", "readiness"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "command", "position", "term"],
                name="cadres_one_plan_per_cadre_post_term",
                violation_error_message=_(
                    "This cadre is already planned for this post in this term: edit that line."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.profile} → {self.get_position_display()}, {self.command}"


class Course(ScopedModel, VersionedModel):
    """A training course cadres are sent to (political theory, military, refresher)."""

    future_dates = ("starts_on", "ends_on")

    class Kind(models.TextChoices):
        POLITICAL_THEORY = "political_theory", _("political theory")
        MILITARY = "military", _("military training")
        REFRESHER = "refresher", _("refresher course")

    scope_province_path = "province_id"
    scope_commune_path = None
    write_levels = frozenset({NATION, PROVINCE})

    province = models.ForeignKey(
        "territory.Province", on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    theory_level = models.CharField(
        _("political theory level it confers"),
        max_length=16,
        choices=PoliticalTheory,
        blank=True,
        help_text=_("For a political theory course: the level a pass gives."),
    )
    provider = models.CharField(_("provider"), max_length=200)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    places = models.PositiveSmallIntegerField(_("places"), null=True, blank=True)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        check_dates(self.starts_on, self.ends_on, "ends_on")
        if self.theory_level and self.kind != self.Kind.POLITICAL_THEORY:
            raise ValidationError(
                {"theory_level": _("Only a political theory course confers a theory level.")}
            )


class Enrolment(CadreRow, VersionedModel):
    future_dates = ()  # every date of the row is a past event

    class Result(models.TextChoices):
        ENROLLED = "enrolled", _("enrolled")
        PASSED = "passed", _("passed")
        FAILED = "failed", _("failed")
        WITHDRAWN = "withdrawn", _("withdrawn")

    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("course")
    )
    profile = models.ForeignKey(
        CadreProfile, on_delete=models.CASCADE, related_name="enrolments", verbose_name=_("cadre")
    )
    result = models.CharField(_("result"), max_length=16, choices=Result, default=Result.ENROLLED)
    grade = models.CharField(_("grade"), max_length=32, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["course", "profile__person__name_sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "profile"],
                name="cadres_one_enrolment_per_course",
                violation_error_message=_("This cadre is already enrolled on this course."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.profile} — {self.course}"


class Evaluation(CadreRow, VersionedModel):
    """The yearly rating, with the results of the commune the cadre commanded as its evidence
    (read from the registers when it was made, kept as they were)."""

    class Rating(models.TextChoices):
        EXCELLENT = "excellent", _("excellently completed duties")
        GOOD = "good", _("well completed duties")
        COMPLETED = "completed", _("completed duties")
        NOT_COMPLETED = "not_completed", _("did not complete duties")

    profile = models.ForeignKey(
        CadreProfile, on_delete=models.CASCADE, related_name="evaluations", verbose_name=_("cadre")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2020), MaxValueValidator(2100)]
    )
    rating = models.CharField(_("rating"), max_length=16, choices=Rating)
    command = models.ForeignKey(
        "commands.MilitaryCommand",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("command led"),
    )
    evidence = models.JSONField(_("commune results"), default=list, blank=True, editable=False)
    comments = models.TextField(_("comments"), blank=True)

    class Meta:
        verbose_name = _("yearly evaluation")
        verbose_name_plural = _("yearly evaluations")
        ordering = ["-year", "profile__person__name_sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "year"],
                name="cadres_one_evaluation_per_year",
                violation_error_message=_(
                    "This cadre already has an evaluation for this year: edit it."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.profile} {self.year}: {self.get_rating_display()}"


class Recognition(CadreRow, VersionedModel):
    """A commendation or a disciplinary measure, by decision."""

    future_dates = ()  # every date of the row is a past event

    class Kind(models.TextChoices):
        COMMENDATION = "commendation", _("commendation")
        DISCIPLINE = "discipline", _("discipline")

    profile = models.ForeignKey(
        CadreProfile,
        on_delete=models.CASCADE,
        related_name="recognitions",
        verbose_name=_("cadre"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    form = models.CharField(
        _("form"), max_length=120, help_text=_("E.g. certificate of merit; reprimand.")
    )
    decided_on = models.DateField(_("decided on"))
    decision_number = models.CharField(_("decision number"), max_length=64, blank=True)
    issued_by = models.CharField(_("issued by"), max_length=150)
    reason = models.TextField(_("reason"))

    class Meta:
        verbose_name = _("commendation or discipline")
        verbose_name_plural = _("commendations and discipline")
        ordering = ["-decided_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.form}"


class Entitlement(Period, CadreRow, VersionedModel):
    """An allowance or a housing need the cadre is entitled to, from a date."""

    future_dates = ("ended_on",)

    class Kind(models.TextChoices):
        BORDER_ALLOWANCE = "border", _("border area allowance")
        REMOTE_ALLOWANCE = "remote", _("extremely difficult area allowance")
        ISLAND_ALLOWANCE = "island", _("island allowance")
        HOUSING = "housing", _("official housing")

    profile = models.ForeignKey(
        CadreProfile,
        on_delete=models.CASCADE,
        related_name="entitlements",
        verbose_name=_("cadre"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    monthly_amount = models.PositiveIntegerField(_("monthly amount (VND)"), null=True, blank=True)
    basis = models.CharField(_("basis"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("entitlement")
        verbose_name_plural = _("entitlements")
        ordering = ["profile", "-started_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.profile}"
