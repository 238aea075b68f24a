"""Every state change of a review, one function each: record or edit a review of the province,
and quote the registers' figures in it as they stood on the review date. Each checks that the
actor may do it (`permissions`), validates with `rules`, and writes in one transaction; core's
versioning and django-auditlog record the rows saved."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from garrison.core.indicators import Indicator, all_indicators, get_indicator
from garrison.core.scoping import scope_of
from garrison.core.services import do_create_object, do_update_object, require_editable
from garrison.territory.models import Commune

from . import permissions, rules
from .models import Review, ReviewFigure

__all__ = [
    "check_review",
    "create_province_row",
    "do_create_review",
    "do_quote_review_figures",
    "do_update_review",
    "figure_label",
    "quotable_codes",
    "require_writer",
    "update_province_row",
]


def require_writer(allowed: bool) -> None:
    """Refuse the actor unless `allowed` (a `permissions` answer for reviews or lessons)."""
    if not allowed:
        raise PermissionDenied(
            _("Only the province's staff and its inspector change reviews and lessons.")
        )


def create_province_row(
    actor: Any, row: Any, *, allowed: bool, check: Callable[[Any], None]
) -> Any:
    """Save a new row of the actor's province (a review, a lesson) that `check` finds sound,
    when the actor is `allowed` to (its `permissions`)."""
    require_writer(allowed)
    scope = scope_of(actor)
    assert scope is not None
    row.province_id = scope.province_id
    check(row)
    return do_create_object(actor=actor, instance=row)


def update_province_row(
    actor: Any,
    row: Any,
    expected_version: int | None,
    *,
    allowed: bool,
    check: Callable[[Any], None],
) -> Any:
    """Save an edited row of the province (stale versions refused), as `create_province_row`."""
    require_writer(allowed)
    check(row)
    return do_update_object(actor=actor, instance=row, expected_version=expected_version)


def check_review(review: Review) -> None:
    """Raise the problems of a review, by field: what it names, its period and date, and a
    programme or event of another province."""
    errors = {
        **rules.subject_errors(review.subject, bool(review.programme_id), bool(review.event_id)),
        **rules.period_errors(review.period_start, review.period_end, review.held_on),
    }
    if review.programme_id and review.programme.province_id != review.province_id:
        errors["programme"] = _("Choose a programme of your province.")
    if review.event_id and review.event.province_id not in (None, review.province_id):
        errors["event"] = _("Choose a readiness event of your province or of the Ministry.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def do_create_review(*, actor: Any, review: Review) -> Review:
    """Record a review of the actor's province."""
    allowed = permissions.can_write_review(actor)
    return create_province_row(actor, review, allowed=allowed, check=check_review)


@transaction.atomic
def do_update_review(*, actor: Any, review: Review, expected_version: int | None) -> Review:
    """Edit a review (its figures stay as they were quoted, on the day they were)."""
    allowed = permissions.can_write_review(actor, review)
    return update_province_row(actor, review, expected_version, allowed=allowed, check=check_review)


def quotable_codes() -> list[str]:
    """The codes of every figure a review may quote (the indicator registry's)."""
    return [indicator.code for indicator in all_indicators()]


def _is_rate(indicator: Indicator) -> bool:
    with translation.override("en"):
        return rules.is_rate(str(indicator.unit))


def figure_label(indicator: Indicator) -> str:
    """The figure's name in the active language; a rate says it is the communes' mean."""
    if _is_rate(indicator):
        return _("%(figure)s (mean of the communes)") % {"figure": indicator.label}
    return str(indicator.label)


@transaction.atomic
def do_quote_review_figures(
    *, actor: Any, review: Review, codes: Iterable[str]
) -> list[ReviewFigure]:
    """Quote in `review` the figures `codes` of the indicator registry for all its province's
    communes as the registers stood on the review date (`held_on`): each the sum over the
    communes (a rate their mean), kept as it was, in Vietnamese, whatever the registers hold
    later. Quoting again replaces the review's figures with those asked for."""
    require_writer(permissions.can_quote_figures(actor, review))
    require_editable(actor, review)
    wanted = list(dict.fromkeys(codes))
    if not wanted:
        raise ValidationError({"codes": _("Tick the figures to quote (or all of them).")})
    unknown = [code for code in wanted if get_indicator(code) is None]
    if unknown:
        raise ValidationError(
            {"codes": _("No such figure: %(codes)s.") % {"codes": ", ".join(unknown)}}
        )
    communes = list(
        Commune.objects.filter(province_id=review.province_id).values_list("pk", flat=True)
    )
    review.figures.all().delete()
    figures = []
    for code in wanted:
        indicator = get_indicator(code)
        assert indicator is not None
        values = indicator.values(communes, review.held_on)
        with translation.override("vi"):
            label, unit = figure_label(indicator), str(indicator.unit)
        figures.append(
            ReviewFigure.objects.create(
                review=review,
                indicator=code,
                label=label[:200],
                unit=unit[:40],
                value=rules.province_figure(values.values(), rate=_is_rate(indicator)),
                as_of=review.held_on,
            )
        )
    return figures
