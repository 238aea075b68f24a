"""Report forms: create one (with its first, draft version), open a new version (a copy of the
latest, to change), publish a version (then frozen). Fields and rules are added and edited on a
draft version through the generic pages; their models refuse changes to a published one."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from garrison.core.scoping import scope_of
from garrison.core.services import do_create_object, require_editable
from garrison.reporting import rules
from garrison.reporting.models import FormField, FormRule, FormVersion, ReportForm
from garrison.reporting.permissions import sees_one_province


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
