"""The yearly enlistment: campaigns, commune quotas, the pool and its stages (examinations,
decisions, call-up orders and their printed batches), and military admissions."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from garrison.conscription.querysets import CandidateQuerySet, CommuneQuotaQuerySet
from garrison.core.models import CommuneRow, ScopedModel, VersionedModel, province_field
from garrison.core.scoping import PROVINCE_WRITES

from .register import ServiceRecord


class Campaign(ScopedModel, VersionedModel):
    """A province's yearly enlistment (tuyển chọn và gọi công dân nhập ngũ) with its key dates.
    The province writes it; its communes read it."""

    future_dates = ("exam_start", "exam_end", "handover_date")

    class Status(models.TextChoices):
        PLANNING = "planning", _("planning")
        OPEN = "open", _("in progress")
        CLOSED = "closed", _("closed")

    scope_commune_path = None
    write_levels = PROVINCE_WRITES

    province = models.ForeignKey(
        "territory.Province",
        on_delete=models.PROTECT,
        related_name="campaigns",
        verbose_name=_("province"),
    )
    year = models.PositiveSmallIntegerField(
        _("year of enlistment"), validators=[MinValueValidator(2016), MaxValueValidator(2100)]
    )
    quota = models.PositiveIntegerField(_("province quota"))
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.OPEN)
    exam_start = models.DateField(_("health examinations from"))
    exam_end = models.DateField(_("health examinations until"))
    handover_date = models.DateField(
        _("hand-over day"), help_text=_("The call-up date; ages are assessed on this day.")
    )
    handover_place = models.CharField(_("hand-over place"), max_length=255, blank=True)
    grade7_authorised = models.BooleanField(
        _("grade 7 allowed by decision"),
        default=False,
        help_text=_("TT148 4.4.a: the competent authority allowed citizens with grade 7."),
    )
    legal_basis = models.CharField(_("quota decision"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("enlistment campaign")
        verbose_name_plural = _("enlistment campaigns")
        ordering = ["-year", "province__code"]
        constraints = [
            models.UniqueConstraint(fields=["province", "year"], name="one_campaign_per_year")
        ]

    def __str__(self) -> str:
        return _("Enlistment %(year)s — %(province)s") % {
            "year": self.year,
            "province": self.province,
        }

    @property
    def notice_deadline(self) -> datetime.date:
        """NVQS 34.6: the call-up decision reaches the citizen 15 days before the date in it."""
        return self.handover_date - datetime.timedelta(days=15)

    def clean(self) -> None:
        super().clean()
        if self.exam_start and self.exam_end and self.exam_end < self.exam_start:
            raise ValidationError(
                {"exam_end": _("The examinations end before they start: correct one of the dates.")}
            )
        if self.exam_end and self.handover_date and self.handover_date <= self.exam_end:
            raise ValidationError(
                {"handover_date": _("The hand-over day must come after the examinations end.")}
            )


class CommuneQuota(CommuneRow, ScopedModel, VersionedModel):
    """The number of citizens a commune must hand over in a campaign. The province sets them;
    their sum always equals the province quota (checked by the service that saves them, which
    only the province may call). The commune acts on its row (builds its pool, prints orders)."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="quotas", verbose_name=_("campaign")
    )
    commune = models.ForeignKey(
        "territory.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    province = province_field()
    quota = models.PositiveIntegerField(_("quota"), default=0)

    objects = CommuneQuotaQuerySet.as_manager()

    class Meta:
        verbose_name = _("commune quota")
        verbose_name_plural = _("commune quotas")
        ordering = ["commune__name"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "commune"], name="one_quota_per_commune")
        ]

    def __str__(self) -> str:
        return f"{self.commune}: {self.quota}"


class Candidate(CommuneRow, ScopedModel, VersionedModel):
    """A registered citizen in a campaign's pool, and where he stands in it: preliminary
    screening, health examination, background check, decisions, selection, order, enlistment."""

    future_dates = ("outcome_until",)

    class Screening(models.TextChoices):
        PENDING = "", _("not yet screened")
        PASSED = "passed", _("passed")
        FAILED = "failed", _("did not pass")

    class Background(models.TextChoices):
        PENDING = "", _("not yet checked")
        CLEARED = "cleared", _("meets the political standard")
        NOT_CLEARED = "not_cleared", _("does not meet the political standard")

    class Enlistment(models.TextChoices):
        PENDING = "", _("not yet")
        REPORTED = "reported", _("reported")
        ABSENT = "absent", _("did not report")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="candidates", verbose_name=_("campaign")
    )
    record = models.ForeignKey(
        ServiceRecord,
        on_delete=models.CASCADE,
        related_name="candidacies",
        verbose_name=_("record"),
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("citizen")
    )
    commune = models.ForeignKey(
        "territory.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    province = province_field()
    # the rules engine's answer on the hand-over day, refreshed on every change of facts
    outcome = models.CharField(_("outcome"), max_length=32, db_index=True)
    grounds = models.JSONField(_("grounds"), default=list)
    #: the first of the grounds, as a column, so outcomes roll up by ground in one GROUP BY
    ground = models.CharField(_("ground"), max_length=32, blank=True)
    outcome_until = models.DateField(_("until"), null=True, blank=True)
    screening = models.CharField(
        _("preliminary screening"), max_length=8, choices=Screening, blank=True, default=""
    )
    background = models.CharField(
        _("political background check"),
        max_length=16,
        choices=Background,
        blank=True,
        default="",
    )
    background_checked_on = models.DateField(_("checked on"), null=True, blank=True)
    background_note = models.CharField(_("check note"), max_length=255, blank=True)
    selected = models.BooleanField(_("selected for enlistment"), default=False)
    enlistment = models.CharField(
        _("enlistment day"), max_length=8, choices=Enlistment, blank=True, default=""
    )
    absence_reason = models.CharField(_("reason for not reporting"), max_length=255, blank=True)

    objects = CandidateQuerySet.as_manager()

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("enlistment pool")
        ordering = ["person__name_sort_key", "pk"]
        indexes = [
            models.Index(fields=["campaign", "commune", "outcome"]),
            models.Index(fields=["campaign", "province"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "record"], name="one_candidacy_per_year")
        ]

    def __str__(self) -> str:
        return str(self.person)


class HealthExam(ScopedModel, VersionedModel):
    """A health examination result (TT105/2023: class 1–6 = the worst indicator score)."""

    future_dates = ()  # every date of the row is a past event

    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="exams", verbose_name=_("candidate")
    )
    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("commune"),
    )
    province = province_field()
    examined_on = models.DateField(_("examined on"))
    board = models.CharField(_("examination board"), max_length=200)
    health_class = models.PositiveSmallIntegerField(
        _("health class"),
        choices=[(n, str(n)) for n in range(1, 7)],
        validators=[MinValueValidator(1), MaxValueValidator(6)],
    )
    myopia_d = models.DecimalField(
        _("myopia (dioptres)"),
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    hyperopia = models.BooleanField(_("hyperopia"), default=False)
    bmi = models.DecimalField(
        _("BMI"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(10), MaxValueValidator(70)],
    )
    drug_addicted = models.BooleanField(_("drug addiction found"), default=False)
    notes = models.CharField(_("notes"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("health examination")
        verbose_name_plural = _("health examinations")
        ordering = ["-examined_on", "-pk"]

    def __str__(self) -> str:
        return _("Health class %(cls)s on %(day)s") % {
            "cls": self.health_class,
            "day": self.examined_on.strftime("%d/%m/%Y"),
        }

    def save(self, *args, **kwargs) -> None:
        self.commune_id = self.candidate.commune_id
        self.province_id = self.candidate.province_id
        super().save(*args, **kwargs)


class ServiceDecision(ScopedModel, VersionedModel):
    """A deferral (NVQS 41.1) or exemption (41.2) decision, with its ground and evidence. Since
    Law 98/2025 the provincial Chairman signs them (Art 42); the commune records and proposes."""

    future_dates = ("until",)

    class Kind(models.TextChoices):
        DEFERRAL = "deferral", _("deferral")
        EXEMPTION = "exemption", _("exemption")

    record = models.ForeignKey(
        ServiceRecord, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("record")
    )
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("campaign"),
    )
    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("commune"),
    )
    province = province_field()
    kind = models.CharField(_("decision"), max_length=16, choices=Kind)
    letter = models.CharField(_("ground (point of Art 41)"), max_length=2)
    evidence = models.TextField(_("evidence"))
    decision_number = models.CharField(_("decision number"), max_length=50, blank=True)
    decided_by = models.CharField(_("decided by"), max_length=150)
    decided_on = models.DateField(_("decided on"))
    until = models.DateField(_("deferred until"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("deferral or exemption")
        verbose_name_plural = _("deferrals and exemptions")
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} 41.{1 if self.kind == 'deferral' else 2}.{self.letter}"

    @property
    def citation(self) -> str:
        clause = 1 if self.kind == self.Kind.DEFERRAL else 2
        return f"NVQS 41.{clause}.{self.letter}"

    def save(self, *args, **kwargs) -> None:
        self.commune_id = self.record.commune_id
        self.province_id = self.record.province_id
        super().save(*args, **kwargs)


class CallUpOrder(ScopedModel, VersionedModel):
    """The commune Chairman's decision calling one citizen up (NVQS 34.4 as amended), numbered
    per commune and year."""

    future_dates = ("report_at",)

    candidate = models.OneToOneField(
        Candidate, on_delete=models.CASCADE, related_name="order", verbose_name=_("candidate")
    )
    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("commune"),
    )
    province = province_field()
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence"))
    number = models.CharField(_("number"), max_length=40)
    issued_on = models.DateField(_("issued on"))
    report_at = models.DateTimeField(_("report at"))
    report_place = models.CharField(_("report to"), max_length=255)
    signer_name = models.CharField(_("signed by"), max_length=150)
    signer_title = models.CharField(_("signer's title"), max_length=100, default="CHỦ TỊCH")
    issued_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("issued by"),
    )

    class Meta:
        verbose_name = _("call-up order")
        verbose_name_plural = _("call-up orders")
        ordering = ["-year", "commune__name", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "year", "sequence"], name="one_order_number_per_commune_year"
            )
        ]

    def __str__(self) -> str:
        return self.number

    def save(self, *args, **kwargs) -> None:
        self.commune_id = self.candidate.commune_id
        self.province_id = self.candidate.province_id
        super().save(*args, **kwargs)


class OrderBatch(CommuneRow, ScopedModel):
    """A background job printing a commune's call-up orders into one PDF."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("printing")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="+", verbose_name=_("campaign")
    )
    commune = models.ForeignKey(
        "territory.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    province = province_field()
    actor = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="+", verbose_name=_("started by")
    )
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.QUEUED)
    total = models.PositiveIntegerField(_("orders"), default=0)
    done = models.PositiveIntegerField(_("printed"), default=0)
    content = models.BinaryField(_("PDF"), null=True, blank=True)
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("batch of call-up orders")
        verbose_name_plural = _("batches of call-up orders")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.commune} {self.created_at:%d/%m/%Y %H:%M}"

    @property
    def percent(self) -> int:
        if not self.total:
            return 100 if self.status == self.Status.DONE else 0
        return min(100, round(100 * self.done / self.total))

    @property
    def is_running(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}


class PoolBuild(ScopedModel):
    """A background job building (or re-assessing) a campaign's pool: the province's, or one
    commune's (`commune` set). The worker writes the whole pool in one transaction: until it
    commits, the pool is the one before; while it runs, its progress travels through the cache
    (`services.pool.progress_of`)."""

    future_dates = ()  # every date of the row is a past event
    scope_commune_may_be_empty = True  # a province's build: the province's row

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("assessing")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="pool_builds", verbose_name=_("campaign")
    )
    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune"),
    )
    province = province_field()
    actor = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="+", verbose_name=_("started by")
    )
    language = models.CharField(_("language"), max_length=16, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.QUEUED)
    total = models.PositiveIntegerField(_("registrations"), default=0)
    added = models.PositiveIntegerField(_("added"), default=0)
    refreshed = models.PositiveIntegerField(_("re-assessed"), default=0)
    changed = models.PositiveIntegerField(_("changed"), default=0)
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("pool build")
        verbose_name_plural = _("pool builds")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.created_at:%d/%m/%Y %H:%M}"

    @property
    def is_running(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}


class Admission(ScopedModel, VersionedModel):
    """An application to a military academy or school (tuyển sinh quân sự) from the commune,
    with its preliminary selection."""

    class Result(models.TextChoices):
        PENDING = "", _("pending")
        PASSED = "passed", _("passed preliminary selection")
        FAILED = "failed", _("did not pass")

    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="admissions",
        verbose_name=_("applicant"),
    )
    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("commune"),
    )
    province = province_field()
    year = models.PositiveSmallIntegerField(
        _("admission year"), validators=[MinValueValidator(2016), MaxValueValidator(2100)]
    )
    school = models.CharField(_("academy or school"), max_length=200)
    programme = models.CharField(_("programme"), max_length=200, blank=True)
    health_class = models.PositiveSmallIntegerField(
        _("health class"), null=True, blank=True, choices=[(n, str(n)) for n in range(1, 7)]
    )
    result = models.CharField(
        _("preliminary selection"), max_length=8, choices=Result, blank=True, default=""
    )
    notes = models.CharField(_("notes"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("military admission application")
        verbose_name_plural = _("military admissions")
        ordering = ["-year", "person__name_sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "year", "school"], name="one_application_per_school_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.school} ({self.year})"

    def clean(self) -> None:
        super().clean()
        if self.result == self.Result.PASSED and self.health_class and self.health_class > 2:
            raise ValidationError(
                {
                    "result": _(
                        "Military schools take health classes 1–2 only (TT105 4.2): a class "
                        "%(cls)s applicant cannot pass preliminary selection."
                    )
                    % {"cls": self.health_class}
                }
            )

    def save(self, *args, **kwargs) -> None:
        self.commune_id = self.person.residence_commune_id
        self.province_id = self.person.province_id
        super().save(*args, **kwargs)
