"""Generic state changes on scoped models: create, update (optimistic concurrency), delete.

Each is one transaction; after the write the row is re-read through the actor's editable scope,
so nobody can move a row out of their own reach. django-auditlog records the change (who, when,
before/after) through the model signals; `core.audit` records reads and exports.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from .scoping import scope_of, scope_q
from .versioning import StaleEditError, VersionedModel

__all__ = [
    "StaleEditError",
    "do_create_object",
    "do_delete_object",
    "do_update_object",
    "require_editable",
]


def _check_in_scope(actor: Any, instance: models.Model) -> None:
    model = type(instance)
    if not model._default_manager.filter(
        scope_q(model, scope_of(actor), "change"), pk=instance.pk
    ).exists():
        raise PermissionDenied(
            _("This change would put the record outside your area of responsibility.")
        )


def _full_clean(instance: models.Model, exclude: list[str] | None = None) -> None:
    instance.full_clean(exclude=exclude, validate_unique=True)


def do_create_object(*, actor: Any, instance: models.Model, clean: bool = True) -> models.Model:
    """Save a new row for `actor`. Two people (or a double click) saving the same record at
    the same moment: the loser's unique rule fires in the database after both passed the form's
    check; it is told so (a ValidationError, 400), not a server error."""
    if clean:
        _full_clean(instance)
    try:
        with transaction.atomic():
            instance.save()
            _check_in_scope(actor, instance)
    except IntegrityError as exc:
        instance.pk = None
        raise ValidationError(
            _(
                "The same record was saved by someone else at the same moment (or the form "
                "was sent twice). Reload the list and check it before saving again."
            ),
            code="saved_meanwhile",
        ) from exc
    return instance


def do_update_object(
    *,
    actor: Any,
    instance: models.Model,
    expected_version: int | None,
    fields: list[str] | None = None,
    clean: bool = True,
) -> models.Model:
    """Save `instance` if the stored row still has `expected_version` (the stamp of the form
    the user edited), else raise StaleEditError and change nothing.

    The model layer bumps `version` on every save and puts the version in the UPDATE's WHERE
    (core.versioning): of two concurrent editors holding the same version, exactly one
    matches it; the other gets StaleEditError."""
    model = type(instance)
    if clean:
        _full_clean(instance)
    with transaction.atomic():
        editable = model._default_manager.filter(scope_q(model, scope_of(actor), "change"))
        if not editable.filter(pk=instance.pk).exists():
            raise PermissionDenied(_("You may not change this record."))
        if expected_version is not None and isinstance(instance, VersionedModel):
            instance.expect_version(expected_version)
        if fields is not None:
            instance.save(update_fields=[*fields, "updated_at"])
        else:
            instance.save()
        _check_in_scope(actor, instance)
    return instance


def do_delete_object(*, actor: Any, instance: models.Model) -> None:
    model = type(instance)
    with transaction.atomic():
        editable = model._default_manager.filter(scope_q(model, scope_of(actor), "change"))
        if not editable.filter(pk=instance.pk).exists():
            raise PermissionDenied(_("You may not delete this record."))
        try:
            instance.delete()
        except models.ProtectedError as exc:
            names = sorted({str(o._meta.verbose_name_plural) for o in exc.protected_objects})
            raise ValidationError(
                _(
                    "This record cannot be deleted because other records refer to it (%(what)s). "
                    "Remove or reassign those first."
                )
                % {"what": ", ".join(names)}
            ) from exc


def require_editable(actor: Any, obj: models.Model) -> None:
    """The row must be one `actor` may change. Views fetch rows that way already; services
    check again because tasks, commands and tests call them directly."""
    model = type(obj)
    if not model._default_manager.filter(
        scope_q(model, scope_of(actor), "change"), pk=obj.pk
    ).exists():
        raise PermissionDenied(_("You may not change this record."))
