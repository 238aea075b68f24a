"""Every state change of the lessons register, one function each: record or edit a lesson or
effective model of the province (its folded words kept in step by the model's save: `search_text`),
record where a model was taken up, and its result later. Each checks that the actor may do it
(`permissions`), validates with `rules`, and writes in one transaction; core's versioning and
django-auditlog record the rows saved."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from garrison.core.services import do_create_object, do_update_object, require_editable
from garrison.oversight.reviews.services import (
    create_province_row,
    require_writer,
    update_province_row,
)

from . import permissions, rules
from .models import Lesson, LessonKind, Replication, ReplicationResult

__all__ = [
    "check_lesson",
    "do_create_lesson",
    "do_record_replication",
    "do_update_lesson",
    "do_update_replication",
]


def check_lesson(lesson: Lesson) -> None:
    """Raise the problems of a lesson, by field: the commune, review, inspection or incident it
    came from must be of its province; a model already taken up elsewhere stays a model."""
    province = lesson.province_id
    errors: dict[str, str] = {}
    if lesson.origin_commune_id and lesson.origin_commune.province_id != province:
        errors["origin_commune"] = _("Choose a commune of your province.")
    if lesson.review_id and lesson.review.province_id != province:
        errors["review"] = _("Choose a review of your province.")
    if lesson.inspection_id and lesson.inspection.province_id != province:
        errors["inspection"] = _("Choose an inspection of your province.")
    if lesson.incident_id and lesson.incident.province_id != province:
        errors["incident"] = _("Choose an incident of your province's communes.")
    if (
        lesson.pk
        and lesson.kind != LessonKind.MODEL
        and Replication.objects.filter(lesson_id=lesson.pk).exists()
    ):
        errors["kind"] = _(
            "This model was taken up in other communes (see its replications): it stays an "
            "effective model."
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def do_create_lesson(*, actor: Any, lesson: Lesson) -> Lesson:
    """Record a lesson or model of the actor's province."""
    allowed = permissions.can_write_lesson(actor)
    return create_province_row(actor, lesson, allowed=allowed, check=check_lesson)


@transaction.atomic
def do_update_lesson(*, actor: Any, lesson: Lesson, expected_version: int | None) -> Lesson:
    """Edit a lesson or model (its words for the search follow: `Lesson.save`)."""
    allowed = permissions.can_write_lesson(actor, lesson)
    return update_province_row(actor, lesson, expected_version, allowed=allowed, check=check_lesson)


def _check_replication(replication: Replication) -> None:
    lesson = replication.lesson
    errors: dict[str, str] = {}
    problem = rules.replication_problem(
        lesson.kind == LessonKind.MODEL, replication.commune_id == lesson.origin_commune_id
    )
    if problem:
        errors["commune" if lesson.kind == LessonKind.MODEL else "__all__"] = problem
    elif replication.commune.province_id != lesson.province_id:
        errors["commune"] = _("Choose a commune of your province.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def do_record_replication(
    *,
    actor: Any,
    lesson: Lesson,
    commune: Any,
    started_on: datetime.date,
    result: str = ReplicationResult.UNDER_WAY,
    result_note: str = "",
) -> Replication:
    """Record that `commune` took up the model `lesson` on `started_on`, with its result so far
    (under way, by default). A commune records a model once: its result is edited later."""
    require_writer(permissions.can_record_replication(actor, lesson))
    require_editable(actor, lesson)
    replication = Replication(
        lesson=lesson,
        commune=commune,
        started_on=started_on,
        result=result,
        result_note=result_note or "",
    )
    _check_replication(replication)
    if Replication.objects.filter(lesson=lesson, commune=commune).exists():
        raise ValidationError(
            {
                "commune": _(
                    "%(commune)s already took up this model: edit the result of that record."
                )
                % {"commune": commune}
            }
        )
    return do_create_object(actor=actor, instance=replication)


@transaction.atomic
def do_update_replication(
    *, actor: Any, replication: Replication, expected_version: int | None
) -> Replication:
    """Change when a commune took up a model, or its result as it turns out."""
    require_writer(permissions.can_record_replication(actor, replication))
    _check_replication(replication)
    return do_update_object(actor=actor, instance=replication, expected_version=expected_version)
