"""Report forms (biểu mẫu báo cáo): defined once by a province for its communes, or by the
Ministry for every commune, with a period type and a due date; their sections and fields live in
numbered versions. A version is a draft while its author builds it, then published; a published
version never changes (a change is a new version), so the returns made on it keep their meaning.

Scoping: a form belongs to its province, or to nobody (a Ministry form, `province` empty): every
province and commune reads Ministry forms; only the Ministry writes them; a province writes its
own. Communes read the forms of their province.

Returns (báo cáo) of a report form: one per commune, form and period, made on the form's
version current when it was started. Draft → submitted → approved, or returned with a reason
(then corrected and submitted again). Completion (submitting) and approval are separate steps;
timeliness is judged by the first submission against the due date. Every change of state or of
values is a `SubmissionEvent`; django-auditlog keeps the row's own history besides.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from garrison.core.models import ScopedModel, VersionedModel
from garrison.core.numbers import format_number
from garrison.core.scoping import COMMUNE, NATION, PROVINCE

from . import periods, rules
from .querysets import SubmissionQuerySet

FORM_WRITERS = frozenset({NATION, PROVINCE})
KEY_VALIDATOR = RegexValidator(
    r"^[a-z][a-z0-9_]{0,39}$",
    _("Use lower-case letters, digits and _ only, starting with a letter (e.g. trained_total)."),
)


class ReportForm(ScopedModel, VersionedModel):
    future_dates = ("event_start", "event_end")

    class PeriodType(models.TextChoices):
        WEEK = periods.WEEK, _("weekly")
        MONTH = periods.MONTH, _("monthly")
        QUARTER = periods.QUARTER, _("quarterly")
        HALF_YEAR = periods.HALF_YEAR, _("half-yearly")
        YEAR = periods.YEAR, _("yearly")
        EVENT = periods.EVENT, _("one event")

    scope_province_path = "province_id"
    scope_commune_path = None  # a form is read by every commune of its province
    scope_province_may_be_empty = True  # a Ministry form is read everywhere
    write_levels = FORM_WRITERS

    province = models.ForeignKey(
        "territory.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="report_forms",
        editable=False,
        verbose_name=_("province"),
        help_text=_("Empty for a Ministry form, which every commune returns."),
    )
    code = models.CharField(
        _("code"),
        max_length=20,
        help_text=_("A short code printed on the form, e.g. BC-01/TH."),
    )
    name = models.CharField(_("name"), max_length=200)
    period_type = models.CharField(_("period"), max_length=16, choices=PeriodType)
    due_days = models.PositiveSmallIntegerField(
        _("due (days after the period)"),
        default=5,
        help_text=_("A monthly report with 5 here is due on the 5th of the next month."),
    )
    event_start = models.DateField(_("event from"), null=True, blank=True)
    event_end = models.DateField(_("event until"), null=True, blank=True)
    active = models.BooleanField(
        _("in use"), default=True, help_text=_("Untick to stop asking communes for new returns.")
    )
    description = models.TextField(_("instructions"), blank=True)

    class Meta:
        verbose_name = _("report form")
        verbose_name_plural = _("report forms")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "code"],
                name="reporting_form_code",
                violation_error_message=_("A report form with this code exists: choose another."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    def clean(self) -> None:
        super().clean()
        if self.period_type == periods.EVENT:
            if not self.event_start or not self.event_end:
                raise ValidationError(
                    {"event_start": _("A one-event form needs the event's first and last day.")}
                )
            if self.event_end < self.event_start:
                raise ValidationError({"event_end": _("The event ends before it starts.")})

    @property
    def event(self):
        return (self.event_start, self.event_end) if self.period_type == periods.EVENT else None

    def period_of(self, day) -> periods.Period:
        return periods.period_containing(self.period_type, day, self.event)

    def period_for_key(self, key: str) -> periods.Period:
        return periods.parse_key(self.period_type, key, self.event)

    def current_version(self) -> FormVersion | None:
        return self.versions.filter(published_at__isnull=False).order_by("-number").first()


class FormVersion(ScopedModel):
    """One numbered state of a form's fields and rules. Draft until published; then frozen."""

    scope_province_path = "form__province_id"
    scope_commune_path = None
    scope_province_may_be_empty = True
    write_levels = FORM_WRITERS

    form = models.ForeignKey(
        ReportForm, on_delete=models.CASCADE, related_name="versions", verbose_name=_("form")
    )
    number = models.PositiveSmallIntegerField(_("version"), editable=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    note = models.CharField(_("what changed"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("form version")
        verbose_name_plural = _("form versions")
        ordering = ["form", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["form", "number"], name="reporting_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.form.code} v{self.number}"

    @property
    def is_draft(self) -> bool:
        return self.published_at is None

    def field_specs(self) -> list[dict]:
        """The fields as plain dicts for rules.parse_value, in order."""
        return [f.spec() for f in self.fields.all()]

    def rule_specs(self) -> list[dict]:
        return [r.spec() for r in self.rules.all()]


class FrozenVersionRow(ScopedModel, VersionedModel):
    """A row of a form version (field or rule): changeable only while that version is a draft.
    Edited under optimistic concurrency like every other register (`version` is the lock
    counter; the form version is `form_version`)."""

    scope_province_path = "form_version__form__province_id"
    scope_commune_path = None
    scope_province_may_be_empty = True
    write_levels = FORM_WRITERS

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        if self.form_version_id and not self.form_version.is_draft:
            raise ValidationError(
                _(
                    "Version %(n)d is published and cannot change: open a new version of the "
                    "form and change that."
                )
                % {"n": self.form_version.number}
            )


class FormField(FrozenVersionRow):
    class Kind(models.TextChoices):
        NUMBER = rules.NUMBER, _("number")
        TEXT = rules.TEXT, _("text")
        DATE = rules.DATE, _("date")
        CHOICE = rules.CHOICE, _("choice")

    form_version = models.ForeignKey(
        FormVersion, on_delete=models.CASCADE, related_name="fields", verbose_name=_("version")
    )
    section = models.CharField(_("section"), max_length=120, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    key = models.CharField(
        _("key"),
        max_length=40,
        validators=[KEY_VALIDATOR],
        help_text=_("The field's name in rules, exports and the API; kept across versions."),
    )
    label = models.CharField(_("label"), max_length=200)
    kind = models.CharField(_("type"), max_length=8, choices=Kind, default=Kind.NUMBER)
    choices = models.TextField(_("choices"), blank=True, help_text=_("One choice per line."))
    required = models.BooleanField(_("required"), default=True)
    min_value = models.IntegerField(
        _("smallest value"), null=True, blank=True, default=0, help_text=_("For numbers.")
    )
    whole = models.BooleanField(
        _("whole numbers only"),
        default=True,
        help_text=_(
            "For numbers: a count (people, cases, sessions) takes whole numbers only, so a "
            "thousands separator is never mistaken for a decimal mark. Untick it for a figure "
            "with decimals."
        ),
    )
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    indicator = models.CharField(
        _("computed from"),
        max_length=60,
        blank=True,
        help_text=_("A register indicator: the field then fills itself and cannot be typed."),
    )
    help_text = models.CharField(_("help"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("form field")
        verbose_name_plural = _("form fields")
        ordering = ["form_version", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["form_version", "key"], name="reporting_field_key")
        ]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        super().clean()
        from garrison.core.indicators import get_indicator

        if self.indicator:
            if get_indicator(self.indicator) is None:
                raise ValidationError({"indicator": _("There is no indicator with this code.")})
            if self.kind != rules.NUMBER:
                raise ValidationError({"kind": _("A computed field is a number.")})
        if self.kind == rules.CHOICE and not self.choice_list():
            raise ValidationError({"choices": _("Give the choices, one per line.")})

    def choice_list(self) -> list[str]:
        return [c.strip() for c in self.choices.splitlines() if c.strip()]

    @property
    def computed(self) -> bool:
        return bool(self.indicator)

    def get_indicator_display(self) -> str:
        """The register indicator the field is computed from, by its name (never its code)."""
        return indicator_label(self.indicator)

    def spec(self) -> dict:
        return {
            "key": self.key,
            "label": self.label,
            "section": self.section,
            "kind": self.kind,
            "required": self.required,
            "choices": self.choice_list(),
            "min_value": self.min_value,
            "whole": self.whole,
            "unit": self.unit,
            "indicator": self.indicator,
            "help_text": self.help_text,
        }


def indicator_label(code: str) -> str:
    """The name of the register indicator `code` ("" for none; the code if it is unknown)."""
    from garrison.core.indicators import get_indicator

    indicator = get_indicator(code) if code else None
    return str(indicator.label) if indicator is not None else code


def kind_label(kind: str) -> str:
    """The name of a field type ("số" for "number"; the type itself if it is unknown)."""
    try:
        return str(FormField.Kind(kind).label)
    except ValueError:
        return kind


class FormRule(FrozenVersionRow):
    """A check across fields: left op right (a field or a number)."""

    class Operator(models.TextChoices):
        LE = "<=", "≤"
        LT = "<", "<"
        GE = ">=", "≥"
        GT = ">", ">"
        EQ = "==", "="
        NE = "!=", "≠"

    class Severity(models.TextChoices):
        BLOCK = rules.BLOCK, _("blocks submission")
        WARN = rules.WARN, _("warns only")

    form_version = models.ForeignKey(
        FormVersion, on_delete=models.CASCADE, related_name="rules", verbose_name=_("version")
    )
    left = models.CharField(_("field"), max_length=40)
    op = models.CharField(_("must be"), max_length=2, choices=Operator, default=Operator.LE)
    right_field = models.CharField(_("than field"), max_length=40, blank=True)
    right_value = models.FloatField(_("or than the number"), null=True, blank=True)
    severity = models.CharField(
        _("when broken"), max_length=8, choices=Severity, default=Severity.BLOCK
    )
    message = models.CharField(
        _("message"),
        max_length=255,
        help_text=_(
            'What the commune reads when the rule is broken, e.g. "Trained cannot exceed strength."'
        ),
    )

    class Meta:
        verbose_name = _("validation rule")
        verbose_name_plural = _("validation rules")
        ordering = ["form_version", "pk"]

    def __str__(self) -> str:
        right = self.right_field or (
            format_number(self.right_value) if self.right_value is not None else "?"
        )
        return f"{self.left} {rules.OPERATOR_SYMBOLS.get(self.op, self.op)} {right}"

    def clean(self) -> None:
        super().clean()
        if bool(self.right_field) == (self.right_value is not None):
            raise ValidationError(
                {"right_field": _("Compare with either another field or a number, not both.")}
            )
        if self.form_version_id:
            numbers = set(
                self.form_version.fields.filter(kind=rules.NUMBER).values_list("key", flat=True)
            )
            for name in ("left", "right_field"):
                key = getattr(self, name)
                if key and key not in numbers:
                    raise ValidationError(
                        {
                            name: _("No number field of this version has the key %(key)s.")
                            % {"key": key}
                        }
                    )

    def spec(self) -> dict:
        return {
            "left": self.left,
            "op": self.op,
            "right_field": self.right_field,
            "right_value": self.right_value,
            "severity": self.severity,
            "message": self.message,
        }


class Submission(ScopedModel, VersionedModel):
    future_dates = ("period_start", "period_end", "due_on")

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned for correction")
        APPROVED = "approved", _("approved")

    #: states in which the return counts as made (for the reporting rate)
    MADE = (State.SUBMITTED, State.APPROVED)

    write_levels = frozenset({COMMUNE, PROVINCE})  # the commune fills; the province decides

    form = models.ForeignKey(
        ReportForm,
        on_delete=models.PROTECT,
        related_name="submissions",
        verbose_name=_("form"),
        db_index=False,  # a composite index or constraint starts with it
    )
    form_version = models.ForeignKey(
        FormVersion,
        on_delete=models.PROTECT,
        related_name="submissions",
        editable=False,
        verbose_name=_("form version"),
    )
    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        related_name="report_submissions",
        verbose_name=_("commune"),
    )
    province = models.ForeignKey(
        "territory.Province",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("province"),
        db_index=False,  # a composite index starts with it
    )
    period_key = models.CharField(_("period"), max_length=10)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    due_on = models.DateField(_("due date"))
    state = models.CharField(
        _("state"), max_length=12, choices=State, default=State.DRAFT, editable=False
    )
    values = models.JSONField(_("values"), default=dict, blank=True, editable=False)
    #: for each computed field: {"indicator", "source", "as_of", "value", "url"}
    sources = models.JSONField(_("sources"), default=dict, blank=True, editable=False)
    #: the warning rules broken when last saved ([message, ...])
    warnings = models.JSONField(_("warnings"), default=list, blank=True, editable=False)
    first_submitted_at = models.DateTimeField(_("first submitted"), null=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted"), null=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        editable=False,
        verbose_name=_("submitted by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        editable=False,
        verbose_name=_("decided by"),
    )
    return_reason = models.TextField(_("reason for return"), blank=True, editable=False)
    note = models.TextField(_("commune's note"), blank=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-period_start", "commune__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["form", "commune", "period_key"],
                name="reporting_one_return_per_period",
                violation_error_message=_(
                    "This commune already has a report on this form for this period."
                ),
            )
        ]
        indexes = [
            models.Index(fields=["form", "period_key", "province", "state"]),
            models.Index(fields=["province", "state", "due_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.form.code} {self.period.label} — {self.commune}"

    @property
    def period(self) -> periods.Period:
        """The return's period (its label "Tháng 11/2026" is what a reader sees, never the
        key "2026-11")."""
        kind = self.form.period_type if self.form_id else periods.EVENT
        return periods.Period(kind, self.period_key, self.period_start, self.period_end)

    def save(self, *args, **kwargs) -> None:
        if not self.province_id:
            self.province_id = self.commune.province_id
        super().save(*args, **kwargs)

    @property
    def is_made(self) -> bool:
        return self.state in self.MADE

    @property
    def editable_by_commune(self) -> bool:
        return self.state in (self.State.DRAFT, self.State.RETURNED)

    @property
    def on_time(self) -> bool | None:
        """True/False once submitted (judged by the first submission), None before."""
        if self.first_submitted_at is None:
            return None
        return timezone.localdate(self.first_submitted_at) <= self.due_on

    @property
    def days_late(self) -> int:
        end = (
            timezone.localdate(self.first_submitted_at)
            if self.first_submitted_at
            else timezone.localdate()
        )
        return max(0, (end - self.due_on).days)


class SubmissionEvent(ScopedModel):
    """One line of a return's history: who did what, when, with the values that changed."""

    future_dates = ()  # every date of the row is a past event

    class Action(models.TextChoices):
        CREATED = "created", _("started")
        SAVED = "saved", _("saved")
        REFRESHED = "refreshed", _("computed figures refreshed")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned for correction")
        APPROVED = "approved", _("approved")
        WITHDRAWN = "withdrawn", _("withdrawn by the commune")

    scope_province_path = "submission__province_id"
    scope_commune_path = "submission__commune_id"
    write_levels = frozenset()  # written by the services only

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="events", verbose_name=_("report")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=12, choices=Action)
    note = models.TextField(_("note"), blank=True)
    #: {key: [before, after]} for the values that changed
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        verbose_name = _("report history line")
        verbose_name_plural = _("report history")
        ordering = ["submission", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.at:%d/%m/%Y %H:%M}"
