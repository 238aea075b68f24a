"""Every change to an assessment, one function each: set a year's criteria (a criterion's
target and weight, or last year's copied), compute a run (every commune's figures, score and
rank from the registers as they stood on the run's day; again while it is a draft), approve it
(frozen from then on). Each checks who may do it (`permissions`), validates with `rules`, and
writes in one transaction; the versioned rows are audited by core, and a run's figures and
scores are written only here (`bulk_create`), never typed.

Reading, not writing: `compute` (the figures of a set of communes, in memory), `compare_run`
(a frozen or draft run beside the registers now, never saved) and `commune_assessment` (a
commune's assessment of a year, for the cadres' evaluation; `oversight.interface`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from garrison.core.indicators import get_indicator
from garrison.core.services import do_create_object, do_update_object
from garrison.territory.models import Commune

from . import permissions, rules
from .measures import get_measure, indicator_codes, measure_label
from .models import AssessmentCriterion, AssessmentRun, CommuneScore, Period, RunState, ScoreFigure

__all__ = [
    "CommuneResult",
    "Comparison",
    "commune_assessment",
    "compare_run",
    "compute",
    "do_approve_run",
    "do_compute_run",
    "do_copy_criteria",
    "do_save_criterion",
]


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _shown(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


# --- criteria ----------------------------------------------------------------------------------
def criterion_problems(criterion: AssessmentCriterion) -> dict[str, str]:
    """What is wrong with a criterion beyond its fields' own checks, by field."""
    measure = get_measure(criterion.measure)
    if measure is None or not measure.available:
        return {"measure": _("Choose one of the measures in the list.")}
    if measure.is_rate and criterion.target is not None and criterion.target > 100:
        return {
            "target": _("%(measure)s is a percentage: give a target of at most 100 (e.g. 90,5).")
            % {"measure": measure.label}
        }
    return {}


@transaction.atomic
def do_save_criterion(
    *, actor: Any, criterion: AssessmentCriterion, expected_version: int | None = None
) -> AssessmentCriterion:
    """Save a year's criterion (a new one, or edited with the version read)."""
    _require(
        permissions.can_set_criteria(actor, criterion),
        _("Only the province's staff set the assessment's targets and weights."),
    )
    problems = criterion_problems(criterion)
    if problems:
        raise ValidationError(problems)
    if criterion.pk is None:
        return do_create_object(actor=actor, instance=criterion)
    return do_update_object(actor=actor, instance=criterion, expected_version=expected_version)


@transaction.atomic
def do_copy_criteria(*, actor: Any, province: Any, year: int) -> list[AssessmentCriterion]:
    """Give `year` the measures, targets and weights of the year before, for the measures the
    year has none for yet (the others are kept as they are). Returns the criteria made."""
    _require(
        permissions.can_set_criteria(actor, province),
        _("Only the province's staff set the assessment's targets and weights."),
    )
    previous = AssessmentCriterion.objects.filter(province=province, year=year - 1).order_by(
        "measure"
    )
    if not previous.exists():
        raise ValidationError(
            {
                "year": _("%(year)s has no criteria to copy: set this year's one by one.")
                % {"year": year - 1}
            }
        )
    taken = set(
        AssessmentCriterion.objects.filter(province=province, year=year).values_list(
            "measure", flat=True
        )
    )
    made = []
    for old in previous:
        if old.measure in taken or criterion_problems(old):
            continue  # kept as set, or a measure no longer offered
        criterion = AssessmentCriterion(
            province=province, year=year, measure=old.measure, target=old.target, weight=old.weight
        )
        made.append(do_create_object(actor=actor, instance=criterion))
    if not made:
        raise ValidationError(
            {"year": _("%(year)s already has every measure of the year before.") % {"year": year}}
        )
    return made


# --- computing ----------------------------------------------------------------------------------
@dataclass
class CommuneResult:
    commune_id: int
    name: str
    figures: list[rules.Figure]
    score: Decimal
    weight_counted: int
    rank: int = 0


def criteria_of_run(run: AssessmentRun) -> list[rules.Criterion]:
    """The targets and weights a run used (its snapshot)."""
    return [
        rules.Criterion(item["measure"], Decimal(str(item["target"])), int(item["weight"]))
        for item in run.criteria
    ]


def snapshot(criteria: Iterable[rules.Criterion]) -> list[dict[str, Any]]:
    return [
        {
            "measure": c.measure,
            "label": measure_label(c.measure),
            "target": str(c.target),
            "weight": c.weight,
        }
        for c in criteria
    ]


def compute(
    communes: Sequence[tuple[int, str]], criteria: Sequence[rules.Criterion], on: datetime.date
) -> list[CommuneResult]:
    """Every commune's figures, score and rank on the day `on`, in the ranking's order: one
    aggregate query per indicator for all the communes (`Indicator.values`), nothing saved."""
    ids = [pk for pk, _name in communes]
    values = {}
    for code in indicator_codes(c.measure for c in criteria):
        indicator = get_indicator(code)
        if indicator is None:
            raise ValidationError(_("The figure %(code)s is not available.") % {"code": code})
        values[code] = indicator.values(ids, on)
    results = {}
    for pk, name in communes:
        figures = []
        for criterion in criteria:
            measure = get_measure(criterion.measure)
            if measure is None:
                continue
            denominator = values[measure.denominator][pk] if measure.denominator else None
            figures.append(
                rules.figure(criterion, values[measure.numerator][pk], denominator, measure.is_rate)
            )
        score, weight = rules.score(figures)
        results[pk] = CommuneResult(pk, name, figures, score, weight)
    ordered = []
    for pk, rank in rules.ranking([(r.commune_id, r.name, r.score) for r in results.values()]):
        results[pk].rank = rank
        ordered.append(results[pk])
    return ordered


def _province_communes(province_id: int) -> list[tuple[int, str]]:
    return list(Commune.objects.filter(province_id=province_id).values_list("pk", "name"))


def _run_criteria(province: Any, year: int) -> list[rules.Criterion]:
    rows = list(
        AssessmentCriterion.objects.filter(province=province, year=year).order_by("measure")
    )
    if not rows:
        raise ValidationError(
            _(
                "%(year)s has no assessment criteria yet: set the measures, targets and weights "
                "of the year first (or copy last year's)."
            )
            % {"year": year}
        )
    unknown = [row.measure for row in rows if criterion_problems(row).get("measure")]
    if unknown:
        raise ValidationError(
            _("These measures are no longer offered: %(codes)s. Remove them from the year.")
            % {"codes": ", ".join(unknown)}
        )
    return [rules.Criterion(row.measure, row.target, row.weight) for row in rows]


def _check_day(year: int, period: str, as_of: datetime.date) -> None:
    if not 2020 <= year <= 2100:
        raise ValidationError({"year": _("Type a year from 2020 to 2100.")})
    if period not in Period.values:
        raise ValidationError({"period": _("Choose the whole year or one of its halves.")})
    today = timezone.localdate()
    problem = rules.as_of_problem(year, period, as_of, today)
    if problem == "future":
        raise ValidationError(
            {
                "year": _(
                    "This period has not begun yet: the registers can be read up to today "
                    "(%(today)s) only."
                )
                % {"today": _shown(today)}
            }
        )
    if problem:
        start, end = rules.period_bounds(year, period)
        raise ValidationError(
            {
                "as_of": _("Choose a day from %(start)s to %(end)s.")
                % {"start": _shown(start), "end": _shown(end)}
            }
        )


def _write_results(run: AssessmentRun, results: list[CommuneResult]) -> None:
    run.figures.all().delete()
    run.scores.all().delete()
    province_id = run.province_id
    ScoreFigure.objects.bulk_create(
        (
            ScoreFigure(
                run=run,
                commune_id=r.commune_id,
                province_id=province_id,
                measure=f.measure,
                numerator=f.numerator,
                denominator=f.denominator,
                value=f.value,
                target=f.target,
                weight=f.weight,
                points=f.points,
            )
            for r in results
            for f in r.figures
        ),
        batch_size=1000,
    )
    CommuneScore.objects.bulk_create(
        (
            CommuneScore(
                run=run,
                commune_id=r.commune_id,
                province_id=province_id,
                score=r.score,
                rank=r.rank,
                weight_counted=r.weight_counted,
            )
            for r in results
        ),
        batch_size=1000,
    )


def frozen_message() -> str:
    return _(
        "This assessment is approved: approved runs are frozen. Open the comparison to see "
        "the registers now beside it."
    )


def do_compute_run(
    *, actor: Any, province: Any, year: int, period: str, as_of: datetime.date
) -> AssessmentRun:
    """Create (or re-compute, while a draft) the province's run for the period: every commune's
    figures, score and rank from the registers as they stood on `as_of`."""
    _require(
        permissions.can_compute_run(actor, province),
        _("Only the province's staff compute its assessment."),
    )
    _check_day(year, period, as_of)
    criteria = _run_criteria(province, year)
    with transaction.atomic():
        run = (
            AssessmentRun.objects.select_for_update()
            .filter(province=province, year=year, period=period)
            .first()
        )
        if run is not None and run.is_frozen:
            raise ValidationError(frozen_message())
        results = compute(_province_communes(province.pk), criteria, as_of)
        created = run is None
        if run is None:
            run = AssessmentRun(province=province, year=year, period=period)
        run.as_of = as_of
        run.criteria = snapshot(criteria)
        run.computed_at = timezone.now()
        if created:
            do_create_object(actor=actor, instance=run)
        else:
            do_update_object(
                actor=actor,
                instance=run,
                expected_version=None,
                fields=["as_of", "criteria", "computed_at"],
            )
        _write_results(run, results)
    return run


def do_recompute_run(*, actor: Any, run: AssessmentRun) -> AssessmentRun:
    """Compute a draft run again as of the same day, with the year's criteria as they are now."""
    return do_compute_run(
        actor=actor, province=run.province, year=run.year, period=run.period, as_of=run.as_of
    )


def do_approve_run(*, actor: Any, run: AssessmentRun) -> AssessmentRun:
    """Approve a draft run: it is frozen from then on."""
    _require(
        permissions.can_approve_run(actor, run),
        _("Only the province's staff approve its assessment."),
    )
    with transaction.atomic():
        run = AssessmentRun.objects.select_for_update().get(pk=run.pk)
        if run.is_frozen:
            raise ValidationError(_("This assessment is approved already."))
        if not run.scores.exists():
            raise ValidationError(_("This assessment has no scores: compute it first."))
        run.state = RunState.APPROVED
        run.approved_at = timezone.now()
        run.approved_by = actor
        do_update_object(
            actor=actor,
            instance=run,
            expected_version=None,
            fields=["state", "approved_at", "approved_by"],
        )
    return run


# --- comparing a run with the registers now ----------------------------------------------------
@dataclass
class FigureChange:
    measure: str
    label: str
    frozen: Decimal | None
    now: Decimal | None


@dataclass
class ComparedCommune:
    commune_id: int
    name: str
    frozen_score: Decimal | None
    frozen_rank: int | None
    score: Decimal
    rank: int
    changes: list[FigureChange] = field(default_factory=list)

    @property
    def moved(self) -> bool:
        return (
            self.frozen_score != self.score or self.frozen_rank != self.rank or bool(self.changes)
        )


@dataclass
class Comparison:
    run: AssessmentRun
    computed_at: datetime.datetime
    rows: list[ComparedCommune]

    @property
    def moved(self) -> list[ComparedCommune]:
        return [row for row in self.rows if row.moved]


def compare_run(run: AssessmentRun) -> Comparison:
    """The run's frozen (or draft) figures beside the same figures computed again now from the
    registers, as of the run's day and with the run's own targets and weights; nothing saved."""
    live = compute(_province_communes(run.province_id), criteria_of_run(run), run.as_of)
    stored = {
        pk: (score, rank)
        for pk, score, rank in run.scores.values_list("commune_id", "score", "rank")
    }
    values = {
        (pk, measure): value
        for pk, measure, value in run.figures.values_list("commune_id", "measure", "value")
    }
    rows = []
    for result in live:
        frozen_score, frozen_rank = stored.get(result.commune_id, (None, None))
        changes = [
            FigureChange(f.measure, measure_label(f.measure), before, f.value)
            for f in result.figures
            if (before := values.get((result.commune_id, f.measure))) != f.value
        ]
        rows.append(
            ComparedCommune(
                result.commune_id,
                result.name,
                frozen_score,
                frozen_rank,
                result.score,
                result.rank,
                changes,
            )
        )
    return Comparison(run=run, computed_at=timezone.now(), rows=rows)


# --- for the cadres' evaluation ------------------------------------------------------------------
def commune_assessment(commune_id: int, year: int) -> Any:
    """(see oversight.interface.commune_assessment)"""
    from garrison.oversight.interface import CommuneAssessment

    found = (
        CommuneScore.objects.filter(commune_id=commune_id, run__year=year, run__period=Period.YEAR)
        .select_related("run")
        .first()
    )
    if found is None:
        return None
    return CommuneAssessment(
        year=year,
        score=found.score,
        rank=found.rank,
        communes=CommuneScore.objects.filter(run_id=found.run_id).count(),
        approved=found.run.is_frozen,
        url=reverse("oversight:assessment_score_detail", kwargs={"pk": found.pk}),
    )
