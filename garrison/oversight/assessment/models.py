"""Results-based assessment of the commune commands (đánh giá theo kết quả thực chất): for a
province and a period (a year or a half-year), each measure of `assessment.measures` — a figure
computed from the registers through the indicator registry — with the target and the weight the
province set for that year (`AssessmentCriterion`); a run (`AssessmentRun`) computes every
commune's figures (`ScoreFigure`), score and rank (`CommuneScore`). When the province approves a
run it is frozen: its rows never change again (the figures as of that day), and the run can be
re-computed beside them for comparison without touching them. No figure is typed in by the
assessed commune: only the province writes these rows, and only through the services."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from garrison.core.models import CommuneRow, ScopedModel, VersionedModel, province_field
from garrison.core.scoping import PROVINCE_WRITES


class AssessmentCriterion(ScopedModel, VersionedModel):
    """A measure the province assesses its communes on in a year: its target (in the measure's
    unit, a percentage for a rate) and its weight among the year's criteria."""

    future_dates = ()
    scope_commune_path = None
    write_levels = PROVINCE_WRITES

    province = models.ForeignKey(
        "territory.Province", on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2020), MaxValueValidator(2100)]
    )
    measure = models.CharField(_("measure"), max_length=80)
    target = models.DecimalField(
        _("target"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    weight = models.PositiveSmallIntegerField(
        _("weight"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )

    class Meta:
        verbose_name = _("assessment criterion")
        verbose_name_plural = _("assessment criteria")
        ordering = ["-year", "measure"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "year", "measure"],
                name="oversight_criterion_once",
                violation_error_message=_(
                    "This measure already has a target and weight for this year: edit it."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.measure}"


class Period(models.TextChoices):
    YEAR = "year", _("whole year")
    FIRST_HALF = "h1", _("first half-year")
    SECOND_HALF = "h2", _("second half-year")


class RunState(models.TextChoices):
    DRAFT = "draft", _("draft")
    APPROVED = "approved", _("approved")


class AssessmentRun(ScopedModel, VersionedModel):
    """One computation of a province's assessment for a period: as of `as_of` (the period's last
    day, or an earlier day while the period runs); a draft until the province approves it, then
    frozen. `criteria` keeps the targets and weights the run used."""

    future_dates = ()
    scope_commune_path = None
    write_levels = PROVINCE_WRITES

    province = models.ForeignKey(
        "territory.Province", on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2020), MaxValueValidator(2100)]
    )
    period = models.CharField(_("period"), max_length=8, choices=Period, default=Period.YEAR)
    as_of = models.DateField(_("figures as of"))
    state = models.CharField(
        _("state"), max_length=16, choices=RunState, default=RunState.DRAFT, editable=False
    )
    criteria = models.JSONField(_("criteria used"), default=list, editable=False)
    computed_at = models.DateTimeField(_("computed at"), null=True, editable=False)
    approved_at = models.DateTimeField(_("approved at"), null=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
        verbose_name=_("approved by"),
    )

    class Meta:
        verbose_name = _("assessment run")
        verbose_name_plural = _("assessment runs")
        ordering = ["-year", "period", "province__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "year", "period"],
                name="oversight_run_once",
                violation_error_message=_(
                    "This province already has an assessment for this period: open it."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_period_display()}"

    @property
    def is_frozen(self) -> bool:
        return self.state == RunState.APPROVED


class CommuneScore(CommuneRow, ScopedModel):
    """A commune's score (0–100) and rank in a run; ties share a rank."""

    future_dates = ()
    write_levels = PROVINCE_WRITES

    run = models.ForeignKey(
        AssessmentRun, on_delete=models.CASCADE, related_name="scores", verbose_name=_("assessment")
    )
    commune = models.ForeignKey(
        "territory.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    province = province_field()
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2)
    rank = models.PositiveIntegerField(_("rank"))
    weight_counted = models.PositiveIntegerField(_("weight counted"))

    class Meta:
        verbose_name = _("commune score")
        verbose_name_plural = _("commune scores")
        ordering = ["run", "rank", "commune__name"]
        constraints = [
            models.UniqueConstraint(fields=["run", "commune"], name="oversight_score_once")
        ]

    def __str__(self) -> str:
        return f"{self.commune}: {self.score}"


class ScoreFigure(CommuneRow, ScopedModel):
    """One measure's figure for one commune in a run: the numerator and denominator read from
    the registers, the value (a percentage for a rate), the target and weight it was held to,
    and the points it earned (empty when the measure did not apply: nothing to count)."""

    future_dates = ()
    write_levels = PROVINCE_WRITES

    run = models.ForeignKey(
        AssessmentRun,
        on_delete=models.CASCADE,
        related_name="figures",
        verbose_name=_("assessment"),
    )
    commune = models.ForeignKey(
        "territory.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    province = province_field()
    measure = models.CharField(_("measure"), max_length=80)
    numerator = models.DecimalField(_("counted"), max_digits=16, decimal_places=2)
    denominator = models.DecimalField(
        _("out of"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2, null=True)
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    weight = models.PositiveSmallIntegerField(_("weight"))
    points = models.DecimalField(_("points"), max_digits=8, decimal_places=2, null=True)

    class Meta:
        verbose_name = _("score figure")
        verbose_name_plural = _("score figures")
        ordering = ["run", "commune__name", "measure"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "commune", "measure"], name="oversight_figure_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.commune} {self.measure}: {self.value}"
