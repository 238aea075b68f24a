"""The military-service register: one record per citizen, its history, its hand-overs between
communes, and the family ties declared to keep decisions free of conflicts of interest."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from garrison.conscription.querysets import ServiceRecordQuerySet
from garrison.conscription.rules import registration_refusal
from garrison.core.models import CommuneRow, ScopedModel, VersionedModel, province_field
from garrison.people.rules import MALE


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


class ServiceRecord(CommuneRow, ScopedModel, VersionedModel):
    """A citizen's military-service registration (hồ sơ đăng ký NVQS), held by the commune
    Military Command where he resides (NVQS 15.1). One per person: a move hands the same record
    over to the new commune, so nothing is duplicated."""

    future_dates = ("course_end", "standing_militia_until")

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
    province = province_field()
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

    def _moved(self) -> bool:
        """Whether an edit changes the registration date (the window is checked then)."""
        stored = type(self)._base_manager.filter(pk=self.pk).values_list("registered_on")
        return stored.first() != (self.registered_on,)

    def clean(self) -> None:
        super().clean()
        person = self.person if self.person_id else None
        if person is not None and self.registered_on and (self._state.adding or self._moved()):
            refusal = registration_refusal(
                sex="M" if person.sex == MALE else "F",
                dob=person.date_of_birth,
                on=self.registered_on,
                female_qualifying_profession=self.female_qualifying_profession,
            )
            if refusal:
                raise ValidationError({"registered_on": refusal})
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


class RecordEvent(CommuneRow, ScopedModel):
    """One line of a record's status history, kept by the commune where it happened."""

    future_dates = ()  # every date of the row is a past event

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
    province = province_field()
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


class RecordTransfer(ScopedModel, VersionedModel):
    """A record handed over from the commune a citizen leaves to the one he moves to (NVQS 17.2:
    deregister at the old place, register at the new one within 5 working days). Both communes
    see it: the old one hands over, the new one receives."""

    future_dates = ()  # every date of the row is a past event

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
    from_province = province_field()
    to_commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("to commune"),
    )
    to_province = province_field()
    reason = models.CharField(_("reason"), max_length=255)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.PENDING)
    handed_over_on = models.DateField(_("handed over on"))
    handed_over_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("handed over by"),
    )
    received_on = models.DateField(_("received on"), null=True, blank=True)
    received_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("received by"),
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
