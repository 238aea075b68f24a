"""Inspections and supervision (kiểm tra, giám sát) of the commune commands by the province:
the province's yearly plan, each inspection with its team, the communes inspected and the
checklist it followed (a published version of a checklist template, kept like report forms:
a published version never changes), its findings, and each finding's corrective actions.

Who writes what (`write_grant`): the province's inspectors write the plan, the checklists, the
inspections and their findings and actions (grant "inspection"); the inspected commune reads its
findings and its actions and answers an action (evidence of completion) through the action's
service, never by editing the row; the inspector then verifies the answer or returns it."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from garrison.accounts.rules import Grant
from garrison.core.models import CommuneRow, ScopedModel, VersionedModel, province_field
from garrison.core.scoping import PROVINCE_WRITES


class InspectionRow(ScopedModel):
    """Rows only the province's inspectors (and the nation) change."""

    write_levels = PROVINCE_WRITES
    write_grant = Grant.INSPECTION

    class Meta:
        abstract = True


class InspectionPlan(InspectionRow, VersionedModel):
    """The province's inspection and supervision plan for one year."""

    future_dates = ()
    scope_commune_path = None

    province = models.ForeignKey(
        "territory.Province",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("province"),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2020), MaxValueValidator(2100)]
    )
    title = models.CharField(_("title"), max_length=200)
    decision = models.CharField(_("decision number"), max_length=100, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")
        ordering = ["-year", "province__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "year"],
                name="oversight_one_plan_per_year",
                violation_error_message=_(
                    "This province already has an inspection plan for this year: edit it."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


class ChecklistTemplate(InspectionRow, VersionedModel):
    """A checklist the inspectors follow, in numbered versions (like report forms): a version
    is a draft while it is written, then published; a published version never changes, so the
    inspections made on it keep their meaning. A template of no province is the Ministry's."""

    scope_commune_path = None
    scope_province_may_be_empty = True

    province = models.ForeignKey(
        "territory.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("province"),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("checklist template")
        verbose_name_plural = _("checklist templates")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ChecklistVersion(InspectionRow):
    """One numbered version of a checklist template; published when `published_at` is set."""

    future_dates = ()
    scope_province_path = "template__province_id"
    scope_commune_path = None
    scope_province_may_be_empty = True

    template = models.ForeignKey(
        ChecklistTemplate,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("checklist template"),
    )
    number = models.PositiveSmallIntegerField(_("version"), editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("checklist version")
        verbose_name_plural = _("checklist versions")
        ordering = ["template", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "number"], name="oversight_checklist_version_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.template} v{self.number}"

    @property
    def is_draft(self) -> bool:
        return self.published_at is None


class Area(models.TextChoices):
    """The field of work a checklist item or a finding concerns."""

    ORGANISATION = "organisation", _("organisation and staffing")
    MILITIA = "militia", _("militia and self-defence")
    RESERVE = "reserve", _("reserve forces")
    CONSCRIPTION = "conscription", _("military service")
    READINESS = "readiness", _("combat readiness")
    DEFENCE_WORKS = "defence_works", _("defensive zone and works")
    EDUCATION = "education", _("defence and security education")
    CIVIL_DEFENCE = "civil_defence", _("civil defence")
    REPORTING = "reporting", _("directives and reports")
    FINANCE = "finance", _("finance and logistics")
    OTHER = "other", _("other")


class ChecklistItem(InspectionRow, VersionedModel):
    """A point to check, in a version of a checklist template."""

    future_dates = ()
    scope_province_path = "checklist_version__template__province_id"
    scope_commune_path = None
    scope_province_may_be_empty = True

    checklist_version = models.ForeignKey(
        ChecklistVersion,
        on_delete=models.CASCADE,
        related_name="items",
        verbose_name=_("checklist version"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    area = models.CharField(_("area"), max_length=24, choices=Area)
    text = models.CharField(_("point to check"), max_length=500)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["checklist_version", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class InspectionKind(models.TextChoices):
    INSPECTION = "inspection", _("inspection")
    SUPERVISION = "supervision", _("supervision")


class InspectionState(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", pgettext_lazy("inspection", "done")
    CANCELLED = "cancelled", _("cancelled")


class Inspection(InspectionRow, VersionedModel):
    """An inspection or supervision of one or more commune commands: its team (users of the
    system and named outsiders), dates, checklist, conclusion; the communes it inspected are its
    `targets`. A re-inspection names the findings it checks (`rechecks`). A commune reads the
    inspections that name it (`targets`), never another commune's."""

    future_dates = ("starts_on", "ends_on")  # planned inspections lie ahead
    scope_commune_path = "targets__commune_id"
    scope_communes_read_province_rows = False

    province = models.ForeignKey(
        "territory.Province",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("province"),
    )
    plan = models.ForeignKey(
        InspectionPlan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("inspection plan"),
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=InspectionKind, default=InspectionKind.INSPECTION
    )
    title = models.CharField(_("title"), max_length=200)
    decision = models.CharField(_("decision number"), max_length=100, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    state = models.CharField(
        _("state"), max_length=16, choices=InspectionState, default=InspectionState.PLANNED
    )
    checklist_version = models.ForeignKey(
        ChecklistVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("checklist"),
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="inspections",
        verbose_name=_("team members (users)"),
    )
    outside_members = models.TextField(
        _("team members from outside"),
        blank=True,
        help_text=_("One per line: name, post and organisation."),
    )
    lead = models.CharField(_("head of the team"), max_length=150, blank=True)
    rechecks = models.ManyToManyField(
        "Finding",
        blank=True,
        related_name="rechecked_by",
        verbose_name=_("findings re-checked"),
    )
    conclusion = models.TextField(_("conclusion"), blank=True)

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-starts_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class InspectionTarget(CommuneRow, InspectionRow):
    """A commune command an inspection inspected (or will)."""

    future_dates = ()

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="targets", verbose_name=_("inspection")
    )
    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("commune"),
    )
    province = province_field()

    class Meta:
        verbose_name = _("inspected command")
        verbose_name_plural = _("inspected commands")
        ordering = ["inspection", "commune__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "commune"],
                name="oversight_target_once",
                violation_error_message=_("This inspection already names this commune."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.inspection} — {self.commune}"


class ChecklistResult(models.TextChoices):
    MET = "met", _("met")
    PARTLY = "partly", _("partly met")
    NOT_MET = "not_met", _("not met")
    NOT_APPLICABLE = "not_applicable", _("not applicable")


class ChecklistAnswer(CommuneRow, InspectionRow, VersionedModel):
    """What the inspection found on one checklist item in one inspected commune."""

    future_dates = ()

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="answers", verbose_name=_("inspection")
    )
    item = models.ForeignKey(
        ChecklistItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("point checked")
    )
    commune = models.ForeignKey(
        "territory.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    province = province_field()
    result = models.CharField(_("result"), max_length=16, choices=ChecklistResult)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("checklist answer")
        verbose_name_plural = _("checklist answers")
        ordering = ["inspection", "commune__name", "item__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "commune", "item"],
                name="oversight_answer_once",
                violation_error_message=_("This point is already answered for this commune."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.get_result_display()}"


class FindingSeverity(models.TextChoices):
    MINOR = "minor", _("minor")
    MODERATE = "moderate", _("moderate")
    SERIOUS = "serious", _("serious")


class FindingState(models.TextChoices):
    """Set by the services from the finding's actions, never typed: open (no action yet, or
    some not done), corrected (every action verified), closed without action (the inspector
    closed it with a reason)."""

    OPEN = "open", _("open")
    CORRECTED = "corrected", _("corrected")
    CLOSED = "closed", _("closed without action")


class Finding(CommuneRow, InspectionRow, VersionedModel):
    """What an inspection found in one inspected commune: severity, area, description and the
    evidence. The inspected commune reads it; only the inspectors change it."""

    future_dates = ()

    inspection = models.ForeignKey(
        Inspection, on_delete=models.PROTECT, related_name="findings", verbose_name=_("inspection")
    )
    commune = models.ForeignKey(
        "territory.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    province = province_field()
    severity = models.CharField(_("severity"), max_length=16, choices=FindingSeverity)
    area = models.CharField(_("area"), max_length=24, choices=Area)
    description = models.TextField(_("description"))
    evidence = models.TextField(_("evidence"), blank=True)
    found_on = models.DateField(_("found on"))
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=FindingState,
        default=FindingState.OPEN,
        editable=False,
    )
    closed_reason = models.TextField(_("reason for closing"), blank=True, editable=False)

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["-found_on", "-pk"]
        indexes = [models.Index(fields=["province", "state"], name="oversight_finding_state")]

    def __str__(self) -> str:
        return f"{self.get_severity_display()}: {self.description[:60]}"


class ActionState(models.TextChoices):
    """open → answered (the commune gave its evidence) → verified (the inspector accepted it),
    or answered → returned (the inspector refused it, with a reason) → answered again."""

    OPEN = "open", _("open")
    ANSWERED = "answered", _("answered")
    RETURNED = "returned", _("returned")
    VERIFIED = "verified", _("verified")


class CorrectiveAction(CommuneRow, InspectionRow, VersionedModel):
    """What the owner command must do about a finding, by when; its evidence of completion
    (the commune's answer) and the inspector's verification."""

    future_dates = ("due_on",)

    finding = models.ForeignKey(
        Finding, on_delete=models.CASCADE, related_name="actions", verbose_name=_("finding")
    )
    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owner command"),
        help_text=_("The commune command that must carry the action out."),
    )
    province = province_field()
    description = models.TextField(_("action required"))
    due_on = models.DateField(_("due on"))
    state = models.CharField(
        _("state"), max_length=16, choices=ActionState, default=ActionState.OPEN, editable=False
    )
    answer = models.TextField(_("what was done"), blank=True, editable=False)
    completion_evidence = models.TextField(_("evidence of completion"), blank=True, editable=False)
    answered_on = models.DateField(_("answered on"), null=True, blank=True, editable=False)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("answered by"),
    )
    verified_on = models.DateField(_("verified on"), null=True, blank=True, editable=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verification_note = models.TextField(_("inspector's note"), blank=True, editable=False)

    class Meta:
        verbose_name = _("corrective action")
        verbose_name_plural = _("corrective actions")
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["province", "state", "due_on"], name="oversight_action_due"),
            models.Index(fields=["commune", "state"], name="oversight_action_commune"),
        ]

    def __str__(self) -> str:
        return self.description[:80]
