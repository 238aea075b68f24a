"""Military service: the register of citizens of service age, its hand-overs between communes,
the yearly enlistment campaign (quotas, pool, health examinations, background checks,
deferral and exemption decisions, call-up orders, enlistment day) and military admissions.

The law itself lives in `rules.py` (pure functions); these rows hold the facts it reads.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from garrison.core.models import ScopedModel, VersionedModel
from garrison.core.scoping import NATION, PROVINCE

from .querysets import CandidateQuerySet, CommuneQuotaQuerySet, ServiceRecordQuerySet

PROVINCE_WRITES = frozenset({NATION, PROVINCE})


def _province(related_name: str = "+") -> models.ForeignKey:
    """The province copied from the commune: one indexed filter for scoping, the sharding key."""
    return models.ForeignKey(
        "territory.Province",
        on_delete=models.PROTECT,
        related_name=related_name,
        editable=False,
        verbose_name=_("province"),
    )


class StudyLevel(models.TextChoices):
    GENERAL = "general", _("general school")
    INTERMEDIATE = "intermediate", _("intermediate vocational")
    COLLEGE = "college", _("college")
    UNIVERSITY = "university", _("university")
    MASTER = "master", _("master's or doctoral")


class StudyMode(models.TextChoices):
    REGULAR = "regular", _("regular (full-time)")
    IN_SERVICE = "in_service", _("in-service, part-time or distance")


class StudyStatus(models.TextChoices):
    STUDYING = "studying", _("studying")
    GRADUATED = "graduated", _("graduated")
    DROPPED = "dropped", _("left without graduating")


class SiblingService(models.TextChoices):
    ARMY_CONSCRIPT = "army_conscript", _("NCO or soldier on active duty")
    POLICE_CONSCRIPT = "police_conscript", _("police conscript")
    PROFESSIONAL_SOLDIER = "professional_soldier", _("professional soldier")
    OFFICER = "officer", _("officer")


class CompletedServiceKind(models.TextChoices):
    STANDING_MILITIA = "standing_militia", _("standing militia")
    COMMUNE_POLICE = "commune_police", _("commune police")
    RESERVE_OFFICER = "reserve_officer", _("trained as a reserve officer")
    ECONOMIC_DEFENCE_CORPS = "economic_defence_corps", _("economic-defence corps")
    FISHERIES_INSPECTION_VESSEL = "fisheries_inspection_vessel", _("fisheries inspection vessel")


class ServiceRecord(ScopedModel, VersionedModel):
    """A citizen's military-service registration (hồ sơ đăng ký NVQS), held by the commune
    Military Command where he resides (NVQS 15.1). One per person: a move hands the same record
    over to the new commune, so nothing is duplicated."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("registered")
        IN_TRANSFER = "in_transfer", _("being handed over")
        ENLISTED = "enlisted", _("enlisted")
        REMOVED = "removed", _("removed from the register")

    person = models.OneToOneField(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="service_record",
        verbose_name=_("citizen"),
    )
    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        related_name="service_records",
        verbose_name=_("registering commune"),
    )
    province = _province()
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.REGISTERED)
    registered_on = models.DateField(_("registered on"))
    certificate_number = models.CharField(
        _("registration certificate number"), max_length=30, blank=True
    )
    # --- education and study (TT148 4.4; NVQS 41.1.g, 30) ---
    education_grade = models.PositiveSmallIntegerField(
        _("school grade completed"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(12)],
        help_text=_("0–12; 12 for upper-secondary graduates and above."),
    )
    study_level = models.CharField(
        _("current or last study"), max_length=16, choices=StudyLevel, blank=True
    )
    study_mode = models.CharField(_("mode of study"), max_length=16, choices=StudyMode, blank=True)
    study_status = models.CharField(
        _("study status"), max_length=16, choices=StudyStatus, blank=True
    )
    course_end = models.DateField(_("course ends"), null=True, blank=True)
    first_course_at_level = models.BooleanField(_("first course at this level"), default=True)
    was_deferred_for_study = models.BooleanField(
        _("has been deferred for college or university study"), default=False
    )
    # --- registration (NVQS 12–14) ---
    registration_exempt_condition = models.BooleanField(
        _("disability or illness exempting from registration"),
        default=False,
        help_text=_("NVQS 14; TT105 Appendix I, section III."),
    )
    female_qualifying_profession = models.BooleanField(
        _("woman with a profession the Army needs"), default=False
    )
    volunteer = models.BooleanField(_("volunteers for active service"), default=False)
    # --- legal situation (NVQS 13) ---
    legal_prosecuted = models.BooleanField(_("being criminally prosecuted"), default=False)
    legal_serving_or_unexpunged = models.BooleanField(
        _("serving a sentence, or criminal record not yet expunged"), default=False
    )
    legal_admin_measure = models.BooleanField(
        _("under an administrative education measure"), default=False
    )
    legal_compulsory_facility = models.BooleanField(
        _("in a reform school, compulsory education or rehabilitation facility"), default=False
    )
    legal_deprived_of_right = models.BooleanField(
        _("deprived of the right to serve in the armed forces"), default=False
    )
    # --- family (NVQS 41.1.b–d, 41.2.a–c) ---
    parent_martyr = models.BooleanField(_("child of a martyr"), default=False)
    sibling_martyr_designated = models.BooleanField(
        _("the designated brother of a martyr"), default=False
    )
    parent_war_invalid_class = models.PositiveSmallIntegerField(
        _("child of a war invalid of class"),
        null=True,
        blank=True,
        choices=[(1, _("class 1")), (2, _("class 2"))],
    )
    parent_sick_soldier_pct = models.PositiveSmallIntegerField(
        _("parent sick soldier: loss of working capacity (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
    )
    parent_agent_orange_pct = models.PositiveSmallIntegerField(
        _("parent Agent Orange victim: loss of working capacity (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
    )
    designated_one_child = models.BooleanField(
        _("the one child designated for the family's entitlement"), default=False
    )
    sole_labourer_confirmed = models.BooleanField(
        _("sole labourer supporting relatives (confirmed by the commune)"), default=False
    )
    family_disaster_confirmed = models.BooleanField(
        _("family seriously harmed by accident or disaster (confirmed)"), default=False
    )
    sibling_serving_kind = models.CharField(
        _("a brother or sister is serving as"), max_length=24, choices=SiblingService, blank=True
    )
    sibling_serving_start = models.DateField(_("sibling's service began"), null=True, blank=True)
    # --- work and residence (NVQS 41.1.đ–e, 41.2.d–đ, 41.1.h) ---
    resettled_since = models.DateField(
        _("resettled to an extremely difficult commune on"), null=True, blank=True
    )
    posted_difficult_area_since = models.DateField(
        _("posted to an extremely difficult area on"), null=True, blank=True
    )
    cipher_worker_civilian = models.BooleanField(_("civilian cipher worker"), default=False)
    standing_militia_since = models.DateField(_("standing militia from"), null=True, blank=True)
    standing_militia_until = models.DateField(_("standing militia until"), null=True, blank=True)
    completed_service_kind = models.CharField(
        _("service counted as completed through"),
        max_length=32,
        choices=CompletedServiceKind,
        blank=True,
    )
    completed_service_months = models.PositiveSmallIntegerField(
        _("months of that service"), null=True, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = ServiceRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("military service registration")
        verbose_name_plural = _("military service register")
        ordering = ["person__name_sort_key", "pk"]
        indexes = [models.Index(fields=["commune", "status"])]

    def __str__(self) -> str:
        return str(self.person)

    def clean(self) -> None:
        super().clean()
        if (
            self.standing_militia_since
            and self.standing_militia_until
            and self.standing_militia_until < self.standing_militia_since
        ):
            raise ValidationError(
                {"standing_militia_until": _("The end is before the start: correct one of them.")}
            )
        if self.sibling_serving_kind and not self.sibling_serving_start:
            raise ValidationError(
                {"sibling_serving_start": _("Give the date the sibling's service began.")}
            )
        if self.completed_service_kind and self.completed_service_months is None:
            raise ValidationError(
                {"completed_service_months": _("Give how many months that service lasted.")}
            )

    def save(self, *args, **kwargs) -> None:
        self.province_id = self.commune.province_id
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "province"}
        super().save(*args, **kwargs)


class RecordEvent(ScopedModel):
    """One line of a record's status history, kept by the commune where it happened."""

    class Kind(models.TextChoices):
        REGISTERED = "registered", _("first registration")
        UPDATED = "updated", _("supplementary registration")
        HANDED_OVER = "handed_over", _("handed over to another commune")
        HAND_OVER_CANCELLED = "hand_over_cancelled", _("hand-over cancelled")
        RECEIVED = "received", _("received from another commune")
        DEFERRED = "deferred", _("deferral decided")
        EXEMPTED = "exempted", _("exemption decided")
        SELECTED = "selected", _("selected for enlistment")
        ORDERED = "ordered", _("call-up order issued")
        ENLISTED = "enlisted", _("enlisted")
        ABSENT = "absent", _("did not report on enlistment day")
        REMOVED = "removed", _("removed from the register")

    record = models.ForeignKey(
        ServiceRecord, on_delete=models.CASCADE, related_name="events", verbose_name=_("record")
    )
    commune = models.ForeignKey(
        "territory.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    province = _province()
    kind = models.CharField(_("event"), max_length=24, choices=Kind)
    on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=255, blank=True)
    actor = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("register event")
        verbose_name_plural = _("register history")
        ordering = ["-on", "-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.on:%d/%m/%Y} {self.get_kind_display()}"

    def save(self, *args, **kwargs) -> None:
        self.province_id = self.commune.province_id
        super().save(*args, **kwargs)


class RecordTransfer(ScopedModel, VersionedModel):
    """A record handed over from the commune a citizen leaves to the one he moves to (NVQS 17.2:
    deregister at the old place, register at the new one within 5 working days). Both communes
    see it: the old one hands over, the new one receives."""

    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting receipt")
        RECEIVED = "received", _("received")
        CANCELLED = "cancelled", _("cancelled")

    scope_province_path = "from_province_id"
    scope_commune_path = "from_commune_id"
    scope_extra_paths = (("to_province_id", "to_commune_id"),)

    record = models.ForeignKey(
        ServiceRecord,
        on_delete=models.CASCADE,
        related_name="transfers",
        verbose_name=_("record"),
    )
    from_commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("from commune"),
    )
    from_province = _province()
    to_commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("to commune"),
    )
    to_province = _province()
    reason = models.CharField(_("reason"), max_length=255)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.PENDING)
    handed_over_on = models.DateField(_("handed over on"))
    handed_over_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    received_on = models.DateField(_("received on"), null=True, blank=True)
    received_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("record hand-over")
        verbose_name_plural = _("record hand-overs")
        ordering = ["-handed_over_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["record"],
                condition=models.Q(status="pending"),
                name="one_pending_transfer_per_record",
            )
        ]

    def __str__(self) -> str:
        return f"{self.record} → {self.to_commune}"

    def save(self, *args, **kwargs) -> None:
        self.from_province_id = self.from_commune.province_id
        self.to_province_id = self.to_commune.province_id
        super().save(*args, **kwargs)


class DeclaredRelationship(ScopedModel, VersionedModel):
    """A family tie the citizen declared; a relative on the commune command may not take a
    decision about him (conflict of interest)."""

    class Kind(models.TextChoices):
        PARENT = "parent", _("parent")
        CHILD = "child", _("child")
        SIBLING = "sibling", _("brother or sister")
        SPOUSE = "spouse", _("spouse")
        OTHER = "other", _("other relative")

    scope_province_path = "person__province_id"
    scope_commune_path = "person__residence_commune_id"

    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="declared_relatives",
        verbose_name=_("citizen"),
    )
    relative = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="+", verbose_name=_("relative")
    )
    kind = models.CharField(_("relationship"), max_length=16, choices=Kind)

    class Meta:
        verbose_name = _("declared relationship")
        verbose_name_plural = _("declared relationships")
        constraints = [
            models.UniqueConstraint(fields=["person", "relative"], name="one_tie_per_pair"),
            models.CheckConstraint(
                condition=~models.Q(person=models.F("relative")), name="no_tie_to_oneself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.relative} ({self.get_kind_display()})"


class Campaign(ScopedModel, VersionedModel):
    """A province's yearly enlistment (tuyển chọn và gọi công dân nhập ngũ) with its key dates.
    The province writes it; its communes read it."""

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


class CommuneQuota(ScopedModel, VersionedModel):
    """The number of citizens a commune must hand over in a campaign. The province sets them;
    their sum always equals the province quota (checked by the service that saves them, which
    only the province may call). The commune acts on its row (builds its pool, prints orders)."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="quotas", verbose_name=_("campaign")
    )
    commune = models.ForeignKey(
        "territory.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    province = _province()
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

    def save(self, *args, **kwargs) -> None:
        self.province_id = self.commune.province_id
        super().save(*args, **kwargs)


class Candidate(ScopedModel, VersionedModel):
    """A registered citizen in a campaign's pool, and where he stands in it: preliminary
    screening, health examination, background check, decisions, selection, order, enlistment."""

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
    province = _province()
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

    def save(self, *args, **kwargs) -> None:
        self.province_id = self.commune.province_id
        super().save(*args, **kwargs)


class HealthExam(ScopedModel, VersionedModel):
    """A health examination result (TT105/2023: class 1–6 = the worst indicator score)."""

    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="exams", verbose_name=_("candidate")
    )
    commune = models.ForeignKey(
        "territory.Commune", on_delete=models.PROTECT, related_name="+", editable=False
    )
    province = _province()
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
        "territory.Commune", on_delete=models.PROTECT, related_name="+", editable=False
    )
    province = _province()
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

    candidate = models.OneToOneField(
        Candidate, on_delete=models.CASCADE, related_name="order", verbose_name=_("candidate")
    )
    commune = models.ForeignKey(
        "territory.Commune", on_delete=models.PROTECT, related_name="+", editable=False
    )
    province = _province()
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence"))
    number = models.CharField(_("number"), max_length=40)
    issued_on = models.DateField(_("issued on"))
    report_at = models.DateTimeField(_("report at"))
    report_place = models.CharField(_("report to"), max_length=255)
    signer_name = models.CharField(_("signed by"), max_length=150)
    signer_title = models.CharField(_("signer's title"), max_length=100, default="CHỦ TỊCH")
    issued_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
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


class OrderBatch(ScopedModel):
    """A background job printing a commune's call-up orders into one PDF."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("printing")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    commune = models.ForeignKey("territory.Commune", on_delete=models.PROTECT, related_name="+")
    province = _province()
    actor = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
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

    def save(self, *args, **kwargs) -> None:
        self.province_id = self.commune.province_id
        super().save(*args, **kwargs)


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
    province = _province()
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
