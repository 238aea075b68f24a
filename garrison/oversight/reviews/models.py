"""Interim and overall reviews (sơ kết, tổng kết): of a programme, a period (the first year of
the two-tier model) or a readiness event — their scope, conclusions, the figures quoted from the
registers as they stood on the review date (kept as they were: `ReviewFigure`), and the lessons
drawn (`lessons.Lesson.review`). The province's staff and inspectors write them (grant
"lessons"); the province's communes read them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from garrison.accounts.rules import Grant
from garrison.core.models import ScopedModel, VersionedModel
from garrison.core.scoping import PROVINCE_WRITES


class ReviewKind(models.TextChoices):
    INTERIM = "interim", _("interim review")
    OVERALL = "overall", _("overall review")


class ReviewSubject(models.TextChoices):
    PERIOD = "period", _("a period")
    PROGRAMME = "programme", _("a programme")
    EVENT = "event", _("a readiness event")


class Review(ScopedModel, VersionedModel):
    """An interim or overall review held by the province (its communes read it)."""

    future_dates = ()
    scope_commune_path = None
    write_levels = PROVINCE_WRITES
    write_grant = Grant.LESSONS

    province = models.ForeignKey(
        "territory.Province",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("province"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ReviewKind)
    title = models.CharField(_("title"), max_length=200)
    subject = models.CharField(
        _("what is reviewed"), max_length=16, choices=ReviewSubject, default=ReviewSubject.PERIOD
    )
    programme = models.ForeignKey(
        "operations.MassProgramme",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("programme"),
    )
    event = models.ForeignKey(
        "operations.ReadinessEvent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("readiness event"),
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    held_on = models.DateField(_("review date"))
    scope_text = models.TextField(_("scope"), blank=True)
    conclusions = models.TextField(_("conclusions"), blank=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class ReviewFigure(ScopedModel):
    """A figure a review quotes, computed from the registers (an indicator of
    `core.indicators`) for the province's communes as they stood on the review date, and kept as
    it was then."""

    future_dates = ()
    scope_province_path = "review__province_id"
    scope_commune_path = None
    write_levels = PROVINCE_WRITES
    write_grant = Grant.LESSONS

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="figures", verbose_name=_("review")
    )
    indicator = models.CharField(_("indicator"), max_length=80)
    label = models.CharField(_("figure"), max_length=200)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    as_of = models.DateField(_("as of"))

    class Meta:
        verbose_name = _("review figure")
        verbose_name_plural = _("review figures")
        ordering = ["review", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "indicator"],
                name="oversight_review_figure_once",
                violation_error_message=_("This review already quotes this figure."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.value}"
