"""Returns up: a commune starts its return for a form and period (on the form's current version,
computed fields filled from the registers), saves it as often as it likes, submits it; the
province approves it or returns it with a reason; approving many at once says which failed and
why. Every step writes a SubmissionEvent (who, when, what changed) and notifies the other side's
inbox.

Report forms: create one (with its first, draft version), open a new version (a copy of the
latest, to change), publish a version (then frozen). Fields and rules are added and edited on a
draft version through the generic pages; their models refuse changes to a published one."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from garrison.core.indicators import get_indicator
from garrison.core.notify import notify_communes, notify_provinces
from garrison.core.numbers import format_number
from garrison.core.scoping import scope_of
from garrison.core.services import StaleEditError, do_create_object, require_editable
from garrison.reporting.permissions import can_decide, can_fill, can_withdraw, sees_one_province
from garrison.territory.models import Commune

from . import periods, rules
from .models import FormField, FormRule, FormVersion, ReportForm, Submission, SubmissionEvent


# --- report forms and their versions -------------------------------------------------------
def do_create_form(*, actor: Any, form: ReportForm) -> ReportForm:
    """Save a new form for the actor's province (the Ministry's for every commune) with an
    empty draft version 1."""
    scope = scope_of(actor)
    form.province_id = scope.province_id if scope and sees_one_province(actor) else None
    with transaction.atomic():
        do_create_object(actor=actor, instance=form)
        FormVersion.objects.create(form=form, number=1)
    return form


def _latest(form: ReportForm) -> FormVersion | None:
    return form.versions.order_by("-number").first()


def do_new_version(*, actor: Any, form: ReportForm, note: str = "") -> FormVersion:
    """Open the next version as a copy of the latest one (fields and rules), to be changed and
    published; the returns already made keep the version they were made on."""
    require_editable(actor, form)
    with transaction.atomic():
        form = ReportForm.objects.select_for_update().get(pk=form.pk)
        latest = _latest(form)
        if latest is not None and latest.is_draft:
            raise ValidationError(
                _("Version %(n)d is still a draft: change that one, then publish it.")
                % {"n": latest.number}
            )
        number = (form.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = FormVersion.objects.create(form=form, number=number, note=(note or "")[:255])
        if latest is not None:
            FormField.objects.bulk_create(
                [FormField(**_copy(field), form_version=version) for field in latest.fields.all()]
            )
            FormRule.objects.bulk_create(
                [FormRule(**_copy(rule), form_version=version) for rule in latest.rules.all()]
            )
    return version


#: what a copied field or rule does not take from its original: its identity, its form version
#: and its lock counter and time stamps (a new row starts at version 1)
NOT_COPIED = frozenset({"id", "form_version", "version", "created_at", "updated_at"})


def _copy(row) -> dict[str, Any]:
    return {
        f.attname: getattr(row, f.attname)
        for f in row._meta.concrete_fields
        if f.name not in NOT_COPIED
    }


def version_problems(version: FormVersion) -> list[str]:
    """What stops a version from being published (empty list: nothing)."""
    problems = []
    fields = list(version.fields.all())
    if not fields:
        problems.append(_("The version has no field: add at least one."))
    numbers = {f.key for f in fields if f.kind == rules.NUMBER}
    for rule in version.rules.all():
        for key in (rule.left, rule.right_field):
            if key and key not in numbers:
                problems.append(
                    _("Rule “%(rule)s” names %(key)s, which is not a number field of this version.")
                    % {"rule": rule.message, "key": key}
                )
    return problems


def do_publish_version(*, actor: Any, version: FormVersion) -> FormVersion:
    """Publish a draft version: new returns are made on it; it never changes again."""
    require_editable(actor, version)
    with transaction.atomic():
        version = FormVersion.objects.select_for_update().get(pk=version.pk)
        if not version.is_draft:
            raise ValidationError(_("Version %(n)d is already published.") % {"n": version.number})
        problems = version_problems(version)
        if problems:
            raise ValidationError(problems)
        version.published_at = timezone.now()
        version.save(update_fields=["published_at"])
    return version


# --- returns --------------------------------------------------------------------------------------
State = Submission.State


def _user(actor: Any):
    return actor if getattr(actor, "pk", None) else None


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _event(submission: Submission, actor: Any, action: str, note: str = "", changes=None):
    SubmissionEvent.objects.create(
        submission=submission, actor=_user(actor), action=action, note=note, changes=changes or {}
    )


def _url(submission: Submission) -> str:
    return reverse("reporting:submission_detail", kwargs={"pk": submission.pk})


submission_url = _url


# what the inboxes say (the services, and the demo's history, write the same words)
def submitted_text(submission: Submission) -> str:
    return _("%(commune)s submitted %(form)s for %(period)s.") % {
        "commune": submission.commune.name,
        "form": submission.form.code,
        "period": submission.period.label,
    }


def returned_text(submission: Submission, reason: str) -> str:
    return _("The province returned your report %(form)s for %(period)s: %(reason)s") % {
        "form": submission.form.code,
        "period": submission.period.label,
        "reason": reason,
    }


def approved_text(submission: Submission) -> str:
    return _("The province approved your report %(form)s for %(period)s.") % {
        "form": submission.form.code,
        "period": submission.period.label,
    }


# --- computed fields ----------------------------------------------------------------------------
def figures_day(period: periods.Period, today: datetime.date) -> datetime.date:
    """The registers are read as they stood at the period's end (today while it runs)."""
    return min(period.end, today)


def computed_values(
    version: FormVersion, commune_id: int, period: periods.Period, today: datetime.date
) -> tuple[dict[str, Any], dict[str, dict]]:
    """(values, sources) of the version's computed fields for one commune: one aggregate query
    per indicator."""
    values: dict[str, Any] = {}
    sources: dict[str, dict] = {}
    on = figures_day(period, today)
    for field in version.fields.exclude(indicator=""):
        indicator = get_indicator(field.indicator)
        if indicator is None:
            continue
        value = indicator.value(commune_id, on)
        url = indicator.list_url(commune_id, on) if indicator.list_url else None
        values[field.key] = value
        sources[field.key] = {
            "indicator": indicator.code,
            "label": str(indicator.label),
            "source": str(indicator.source),
            "as_of": on.isoformat(),
            "value": value,
            "url": url or "",
        }
    return values, sources


# --- starting a return ---------------------------------------------------------------------------
def do_start_submission(
    *,
    actor: Any,
    form: ReportForm,
    commune: Commune,
    period: periods.Period,
    today: datetime.date | None = None,
) -> Submission:
    """The commune's return for `period` on `form`: the existing one, or a new draft on the
    form's current version with the computed fields filled."""
    _require(can_fill(actor), _("Only the commune's own command fills its reports."))
    scope = scope_of(actor)
    if scope.commune_id != commune.pk:
        raise PermissionDenied(_("You may fill reports for your own commune only."))
    today = today or timezone.localdate()
    existing = Submission.objects.filter(form=form, commune=commune, period_key=period.key).first()
    if existing is not None:
        return existing
    if not form.active:
        raise ValidationError(_("This form is no longer in use: no new report can be started."))
    if form.province_id not in (None, commune.province_id):
        raise PermissionDenied(_("This form belongs to another province."))
    if period.start > today:
        raise ValidationError(
            _("The period %(period)s has not begun: a report can be started from %(day)s.")
            % {"period": period.label, "day": period.start.strftime("%d/%m/%Y")}
        )
    version = form.current_version()
    if version is None:
        raise ValidationError(
            _("This form has no published version yet: ask the province to publish it.")
        )
    established = (
        Commune.objects.filter(pk=commune.pk).values_list("command__established_on", flat=True)
    ).first()
    if not periods.is_expected(established, period):
        raise ValidationError(
            _(
                "Your command was established on %(day)s, after this period: it has nothing to "
                "report for %(period)s."
            )
            % {"day": established.strftime("%d/%m/%Y"), "period": period.label}
        )
    values, sources = computed_values(version, commune.pk, period, today)
    with transaction.atomic():
        submission = Submission.objects.create(
            form=form,
            form_version=version,
            commune=commune,
            province_id=commune.province_id,
            period_key=period.key,
            period_start=period.start,
            period_end=period.end,
            due_on=period.due_on(form.due_days),
            values=values,
            sources=sources,
        )
        _event(submission, actor, SubmissionEvent.Action.CREATED)
    return submission


# --- saving ---------------------------------------------------------------------------------
VALUE_MESSAGES = {
    "required": lambda f: _("Fill in %(label)s.") % {"label": f["label"]},
    "min": lambda f: (
        _("%(label)s cannot be less than %(min)s.") % {"label": f["label"], "min": f["min_value"]}
    ),
    "date": lambda f: _("%(label)s must be a date dd/mm/yyyy.") % {"label": f["label"]},
    "choice": lambda f: (
        _("%(label)s must be one of: %(choices)s.")
        % {"label": f["label"], "choices": ", ".join(f["choices"])}
    ),
}


def value_message(spec: dict, problem: rules.ValueProblem) -> str:
    """What is wrong with a typed value, naming its field."""
    if problem.detail:
        return _("%(label)s: %(problem)s") % {"label": spec["label"], "problem": problem.detail}
    return VALUE_MESSAGES[problem.code](spec)


def rule_message(outcome: rules.RuleOutcome, labels: dict[str, str]) -> str:
    """The province's message, then the figures that break the rule."""
    rule = outcome.rule
    right_label = labels.get(rule.get("right_field") or "", "")
    right_value = format_number(outcome.right_value)
    right = f"{right_label} ({right_value})" if right_label else right_value
    detail = "{} ({}) {} {}".format(
        labels.get(rule["left"], rule["left"]),
        format_number(outcome.left_value),
        _("must be") + " " + rules.OPERATOR_SYMBOLS.get(rule.get("op"), rule.get("op", "")),
        right,
    )
    return f"{rule.get('message', '')} [{detail}]".strip()


def parse_values(
    specs: list[dict], raw: dict[str, Any], *, require: bool
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Typed values of the fields that are typed (computed ones are left out), and the errors
    by field key. Required fields are enforced only when `require` (on submission)."""
    values: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for spec in specs:
        if spec["indicator"]:
            continue
        checked = spec if require else {**spec, "required": False}
        try:
            values[spec["key"]] = rules.parse_value(checked, raw.get(spec["key"]))
        except rules.ValueProblem as problem:
            errors.setdefault(spec["key"], []).append(value_message(spec, problem))
    unknown = sorted(set(raw) - {s["key"] for s in specs})
    if unknown:
        errors.setdefault("__all__", []).append(
            _("The form has no field %(keys)s: use the keys the form lists.")
            % {"keys": ", ".join(unknown)}
        )
    return values, errors


def _lock(submission: Submission, expected_version: int | None) -> Submission:
    current = Submission.objects.select_for_update().get(pk=submission.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleEditError(submission, current)
    return current


def do_save_submission(
    *,
    actor: Any,
    submission: Submission,
    raw_values: dict[str, Any],
    note: str | None = None,
    expected_version: int | None = None,
    today: datetime.date | None = None,
) -> Submission:
    """Save the typed values of a draft or returned report (empty fields allowed); the computed
    fields are read again; broken warning rules are kept to show. A value that does not fit its
    field is refused, naming the field, and nothing is saved."""
    require_editable(actor, submission)
    _require(can_fill(actor), _("Only the commune's own command fills its reports."))
    today = today or timezone.localdate()
    specs = submission.form_version.field_specs()
    typed, errors = parse_values(specs, raw_values, require=False)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        submission = _lock(submission, expected_version)
        if not submission.editable_by_commune:
            raise ValidationError(
                _("This report is %(state)s: it can no longer be changed.")
                % {"state": submission.get_state_display()}
            )
        period = periods.Period(
            submission.form.period_type,
            submission.period_key,
            submission.period_start,
            submission.period_end,
        )
        computed, sources = computed_values(
            submission.form_version, submission.commune_id, period, today
        )
        values = {**typed, **computed}
        changes = {
            key: [submission.values.get(key), value]
            for key, value in values.items()
            if submission.values.get(key) != value
        }
        submission.values = values
        submission.sources = sources
        labels = {s["key"]: s["label"] for s in specs}
        submission.warnings = [
            rule_message(o, labels)
            for o in rules.broken_rules(values, submission.form_version.rule_specs())
            if not o.blocking
        ]
        if note is not None:
            submission.note = note.strip()
        submission.save()
        if changes or note is not None:
            _event(submission, actor, SubmissionEvent.Action.SAVED, changes=changes)
    return submission


def submission_problems(submission: Submission) -> dict[str, list[str]]:
    """Why the report cannot be submitted: missing required fields and broken blocking rules,
    by field key ("__all__" for the rest)."""
    specs = submission.form_version.field_specs()
    labels = {s["key"]: s["label"] for s in specs}
    _values, errors = parse_values(
        specs,
        {s["key"]: submission.values.get(s["key"]) for s in specs if not s["indicator"]},
        require=True,
    )
    for outcome in rules.broken_rules(submission.values, submission.form_version.rule_specs()):
        if outcome.blocking:
            errors.setdefault(outcome.rule["left"], []).append(rule_message(outcome, labels))
    return errors


def do_submit(*, actor: Any, submission: Submission, expected_version: int | None = None):
    """Submit a draft or returned report: refused with every missing field and broken blocking
    rule. The first submission's time decides whether the report came on time."""
    require_editable(actor, submission)
    _require(can_fill(actor), _("Only the commune's own command submits its reports."))
    with transaction.atomic():
        submission = _lock(submission, expected_version)
        if not submission.editable_by_commune:
            raise ValidationError(
                _("This report is already %(state)s.") % {"state": submission.get_state_display()}
            )
        problems = submission_problems(submission)
        if problems:
            raise ValidationError(problems)
        now = timezone.now()
        submission.state = State.SUBMITTED
        submission.first_submitted_at = submission.first_submitted_at or now
        submission.submitted_at = now
        submission.submitted_by = _user(actor)
        submission.save()
        _event(submission, actor, SubmissionEvent.Action.SUBMITTED)
        notify_provinces(
            [submission.province_id],
            "report",
            lambda: submitted_text(submission),
            _url(submission),
        )
    return submission


def do_withdraw_submission(
    *, actor: Any, submission: Submission, reason: str = "", expected_version: int | None = None
) -> Submission:
    """The commune takes back a report it submitted that the province has not decided on yet:
    it is a draft again (editable, and no longer waiting for the province's approval nor
    counted as made). A withdrawn report was not submitted: its timeliness will be that of its
    next submission."""
    require_editable(actor, submission)
    _require(can_withdraw(actor), _("Only the commune's own command withdraws its reports."))
    reason = (reason or "").strip()
    with transaction.atomic():
        submission = _lock(submission, expected_version)
        if not can_withdraw(actor, submission):
            raise ValidationError(
                _(
                    "This report is %(state)s: only a submitted report the province has not "
                    "decided on can be withdrawn."
                )
                % {"state": submission.get_state_display()}
            )
        submission.state = State.DRAFT
        submission.first_submitted_at = None
        submission.submitted_at = None
        submission.submitted_by = None
        submission.save()
        _event(submission, actor, SubmissionEvent.Action.WITHDRAWN, note=reason)
        notify_provinces(
            [submission.province_id],
            "report",
            lambda: (
                _("%(commune)s withdrew %(form)s for %(period)s to correct it.")
                % {
                    "commune": submission.commune.name,
                    "form": submission.form.code,
                    "period": submission.period.label,
                }
            ),
            _url(submission),
        )
    return submission


def _decide(actor: Any, submission: Submission) -> Submission:
    require_editable(actor, submission)
    _require(can_decide(actor), _("Only the province approves or returns reports."))
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.state != State.SUBMITTED:
        raise ValidationError(
            _("This report is %(state)s, not submitted: there is nothing to decide.")
            % {"state": submission.get_state_display()}
        )
    return submission


def do_return(*, actor: Any, submission: Submission, reason: str) -> Submission:
    """Return a submitted report to its commune with the reason; it can then be corrected and
    submitted again (its timeliness stays that of the first submission)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say what the commune must correct.")})
    with transaction.atomic():
        submission = _decide(actor, submission)
        submission.state = State.RETURNED
        submission.return_reason = reason
        submission.decided_at = timezone.now()
        submission.decided_by = _user(actor)
        submission.save()
        _event(submission, actor, SubmissionEvent.Action.RETURNED, note=reason)
        notify_communes(
            [submission.commune_id],
            "report",
            lambda: returned_text(submission, reason),
            _url(submission),
        )
    return submission


def do_approve(*, actor: Any, submission: Submission) -> Submission:
    with transaction.atomic():
        submission = _decide(actor, submission)
        submission.state = State.APPROVED
        submission.return_reason = ""
        submission.decided_at = timezone.now()
        submission.decided_by = _user(actor)
        submission.save()
        _event(submission, actor, SubmissionEvent.Action.APPROVED)
        notify_communes(
            [submission.commune_id],
            "report",
            lambda: approved_text(submission),
            _url(submission),
        )
    return submission


@dataclass(frozen=True)
class BulkResult:
    approved: list[Submission]
    failed: list[tuple[Submission, str]]


def do_bulk_approve(*, actor: Any, submissions: Iterable[Submission]) -> BulkResult:
    """Approve each report on its own (one failure does not undo the others); the result says
    which were approved and, for the others, why not."""
    approved, failed = [], []
    for submission in submissions:
        try:
            approved.append(do_approve(actor=actor, submission=submission))
        except (ValidationError, PermissionDenied) as exc:
            messages = getattr(exc, "messages", None) or [str(exc)]
            failed.append((submission, " ".join(str(m) for m in messages)))
    return BulkResult(approved, failed)
