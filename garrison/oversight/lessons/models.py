"""Lessons learned and effective models (bài học kinh nghiệm, mô hình hiệu quả): a searchable
register — topic, tags, the kinds of commune a lesson suits (border, mountain, island, urban
ward) — drawn from reviews, incidents and inspections, with where each model was replicated and
with what result. `search_text` holds the lesson's words folded to lower case without
diacritics (`lessons.rules.fold`), so "dan quan" finds "dân quân" on SQLite and PostgreSQL alike."""

from __future__ import annotations

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from garrison.accounts.rules import Grant
from garrison.core.models import CommuneRow, ScopedModel, VersionedModel, province_field
from garrison.core.scoping import PROVINCE_WRITES

from . import rules


class LessonKind(models.TextChoices):
    LESSON = "lesson", _("lesson learned")
    MODEL = "model", _("effective model")


class Topic(models.TextChoices):
    ORGANISATION = "organisation", _("organisation and staffing")
    MILITIA = "militia", _("militia and self-defence")
    RESERVE = "reserve", _("reserve forces")
    CONSCRIPTION = "conscription", _("military service and enlistment")
    READINESS = "readiness", _("combat readiness")
    PATROLS = "patrols", _("patrols with the police")
    CIVIL_DEFENCE = "civil_defence", _("civil defence and disasters")
    DEFENCE_ZONE = "defence_zone", _("defensive zone and works")
    EDUCATION = "education", _("defence and security education")
    MASS_MOBILISATION = "mass_mobilisation", _("mass mobilisation")
    REPORTING = "reporting", _("directives and reports")
    OTHER = "other", _("other")


class Lesson(ScopedModel, VersionedModel):
    """A lesson learned or an effective model, of a province (and the commune it came from,
    if one): the province's communes read them all, to copy what works."""

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
    origin_commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune it came from"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=LessonKind)
    title = models.CharField(_("title"), max_length=200)
    topic = models.CharField(_("topic"), max_length=24, choices=Topic)
    tags = models.CharField(
        _("tags"), max_length=300, blank=True, help_text=_("Words separated by commas.")
    )
    for_border = models.BooleanField(_("suits border communes"), default=False)
    for_mountain = models.BooleanField(_("suits mountain communes"), default=False)
    for_island = models.BooleanField(_("suits island communes"), default=False)
    for_urban = models.BooleanField(_("suits urban wards"), default=False)
    body = models.TextField(_("what was learned"))
    review = models.ForeignKey(
        "oversight.Review",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lessons",
        verbose_name=_("from review"),
    )
    inspection = models.ForeignKey(
        "oversight.Inspection",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lessons",
        verbose_name=_("from inspection"),
    )
    incident = models.ForeignKey(
        "operations.Incident",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from incident"),
    )
    recorded_on = models.DateField(_("recorded on"))
    search_text = models.TextField(_("search text"), editable=False, default="")

    class Meta:
        verbose_name = _("lesson or model")
        verbose_name_plural = _("lessons and models")
        ordering = ["-recorded_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def words(self) -> list[str]:
        """What the search reads besides the tags: the lesson's texts, its topic and kind in
        Vietnamese and in English (a search for "dân quân" finds the lessons on the militia),
        and the commune it came from."""
        labels = []
        for language in ("vi", "en"):
            with translation.override(language):
                labels += [self.get_topic_display(), self.get_kind_display()]
        commune = self.origin_commune.name if self.origin_commune_id else ""
        return [self.title, self.body, *map(str, labels), commune]

    def save(self, *args, **kwargs) -> None:
        """Every save keeps `search_text` in step with the words (`rules.search_text`)."""
        self.search_text = rules.search_text(self.words(), self.tags)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)


class ReplicationResult(models.TextChoices):
    UNDER_WAY = "under_way", _("under way")
    SUCCEEDED = "succeeded", _("succeeded")
    PARTLY = "partly", _("partly succeeded")
    FAILED = "failed", _("did not take")


class Replication(CommuneRow, ScopedModel, VersionedModel):
    """Where an effective model was taken up, since when, and with what result."""

    future_dates = ()
    write_levels = PROVINCE_WRITES
    write_grant = Grant.LESSONS

    lesson = models.ForeignKey(
        Lesson, on_delete=models.CASCADE, related_name="replications", verbose_name=_("model")
    )
    commune = models.ForeignKey(
        "territory.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    province = province_field()
    started_on = models.DateField(_("taken up on"))
    result = models.CharField(
        _("result"), max_length=16, choices=ReplicationResult, default=ReplicationResult.UNDER_WAY
    )
    result_note = models.TextField(_("what came of it"), blank=True)

    class Meta:
        verbose_name = _("replication")
        verbose_name_plural = _("replications")
        ordering = ["lesson", "commune__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["lesson", "commune"],
                name="oversight_replication_once",
                violation_error_message=_("This model is already recorded in this commune."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.lesson} — {self.commune}"
