"""What the assessment pages show, read from querysets the caller has scoped (`visible_to`):
a run's ranking (each commune's score and rank and each measure's value, two queries), a
commune's scorecard (its figures with the evidence behind each), the trend of a province's
runs and the provinces compared (one aggregate query each). The loops here only label the rows
of one page; every figure was computed by the compute service."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, Max, Min, QuerySet
from django.urls import reverse

from . import rules
from .measures import Measure, get_measure, measure_label
from .models import AssessmentRun, CommuneScore, Period, RunState, ScoreFigure

#: the periods of a year in the order a trend shows them
PERIOD_ORDER = {Period.FIRST_HALF: 0, Period.SECOND_HALF: 1, Period.YEAR: 2}


def score_url(score_id: int) -> str:
    return reverse("oversight:assessment_score_detail", kwargs={"pk": score_id})


def run_url(run_id: int) -> str:
    return reverse("oversight:assessment_run_detail", kwargs={"pk": run_id})


@dataclass
class Column:
    measure: str
    label: str
    target: Decimal
    weight: int
    unit: str


def columns_of(run: AssessmentRun) -> list[Column]:
    """The run's measures, as its criteria snapshot holds them."""
    columns = []
    for item in run.criteria:
        measure = get_measure(item["measure"])
        columns.append(
            Column(
                item["measure"],
                measure_label(item["measure"]) if measure else item.get("label", item["measure"]),
                Decimal(str(item["target"])),
                int(item["weight"]),
                str(measure.unit) if measure else "",
            )
        )
    return columns


@dataclass
class Cell:
    value: Decimal | None
    applies: bool
    url: str


@dataclass
class RankingRow:
    score: CommuneScore
    url: str
    cells: list[Cell]


def ranking(run: AssessmentRun, scores: QuerySet, figures: QuerySet) -> list[RankingRow]:
    """The run's ranking from `scores` and `figures` (the user's scoped rows of the run): rank,
    then commune name the Vietnamese way; each measure's value linked to the scorecard."""
    columns = columns_of(run)
    values: dict[tuple[int, str], Decimal | None] = {
        (pk, measure): value
        for pk, measure, value in figures.filter(run=run).values_list(
            "commune_id", "measure", "value"
        )
    }
    rows = []
    listed = sorted(
        scores.filter(run=run).select_related("commune"),
        key=lambda s: (s.rank, rules.place_key(s.commune.name)),
    )
    for score in listed:
        url = score_url(score.pk)
        cells = []
        for column in columns:
            key = (score.commune_id, column.measure)
            value = values.get(key)
            cells.append(Cell(value, value is not None, f"{url}#measure-{column.measure}"))
        rows.append(RankingRow(score, url, cells))
    return rows


def communes_in_run(run_id: int) -> int:
    """How many communes a run ranks (a commune reads its own rank "of N": N is no secret)."""
    return CommuneScore.objects.filter(run_id=run_id).count()


# --- a commune's scorecard ----------------------------------------------------------------------
@dataclass
class Evidence:
    label: str
    value: Decimal | None
    url: str | None
    source: str


@dataclass
class ScorecardRow:
    figure: ScoreFigure
    label: str
    evidence: str
    unit: str
    applies: bool
    numerator: Evidence
    denominator: Evidence | None
    attainment: Decimal | None


def _evidence(code: str | None, value: Decimal | None, commune_id: int, on: datetime.date):
    from garrison.core.indicators import get_indicator

    if code is None:
        return None
    indicator = get_indicator(code)
    if indicator is None:
        return Evidence(code, value, None, "")
    url = indicator.list_url(commune_id, on) if indicator.list_url else None
    return Evidence(str(indicator.label), value, url, str(indicator.source))


def scorecard(score: CommuneScore, figures: QuerySet) -> list[ScorecardRow]:
    """The commune's figures in the run (from `figures`, the user's scoped rows), in the order
    of the run's criteria, each with the indicators behind it and their lists of rows."""
    run = score.run
    order = {item["measure"]: n for n, item in enumerate(run.criteria)}
    rows = []
    found = figures.filter(run=run, commune_id=score.commune_id)
    for figure in sorted(found, key=lambda f: order.get(f.measure, len(order))):
        measure: Measure | None = get_measure(figure.measure)
        applies = figure.value is not None
        rows.append(
            ScorecardRow(
                figure=figure,
                label=measure_label(figure.measure),
                evidence=str(measure.evidence) if measure else "",
                unit=str(measure.unit) if measure else "",
                applies=applies,
                numerator=_evidence(
                    measure.numerator if measure else figure.measure,
                    figure.numerator,
                    score.commune_id,
                    run.as_of,
                ),
                denominator=_evidence(
                    measure.denominator if measure else None,
                    figure.denominator,
                    score.commune_id,
                    run.as_of,
                ),
                attainment=(
                    rules.quantize(100 * rules.attainment(figure.value, figure.target))
                    if applies
                    else None
                ),
            )
        )
    return rows


# --- trend over periods -------------------------------------------------------------------------
@dataclass
class TrendRow:
    run: AssessmentRun
    url: str
    communes: int
    mean: Decimal | None
    lowest: Decimal | None
    highest: Decimal | None
    commune_score: Decimal | None = None
    commune_rank: int | None = None


def trend(runs: QuerySet, scores: QuerySet, commune_id: int | None = None) -> list[TrendRow]:
    """The runs of `runs` (one province's) in time order with their communes' mean, lowest and
    highest score (one aggregate query), and one commune's score and rank in each."""
    listed = sorted(runs, key=lambda r: (r.year, PERIOD_ORDER.get(r.period, 9), r.as_of))
    stats = {
        row["run_id"]: row
        for row in scores.filter(run__in=[r.pk for r in listed])
        .order_by()
        .values("run_id")
        .annotate(n=Count("pk"), mean=Avg("score"), lo=Min("score"), hi=Max("score"))
    }
    own: dict[int, tuple[Decimal, int]] = {}
    if commune_id is not None:
        own = {
            run_id: (score, rank)
            for run_id, score, rank in scores.filter(commune_id=commune_id).values_list(
                "run_id", "score", "rank"
            )
        }
    rows = []
    for run in listed:
        found = stats.get(run.pk, {})
        mean = found.get("mean")
        rows.append(
            TrendRow(
                run=run,
                url=run_url(run.pk),
                communes=found.get("n", 0),
                mean=rules.quantize(Decimal(str(mean))) if mean is not None else None,
                lowest=found.get("lo"),
                highest=found.get("hi"),
                commune_score=own.get(run.pk, (None, None))[0],
                commune_rank=own.get(run.pk, (None, None))[1],
            )
        )
    return rows


# --- provinces compared -------------------------------------------------------------------------
@dataclass
class ProvinceRow:
    province_id: int
    name: str
    run_id: int
    url: str
    communes: int
    mean: Decimal
    lowest: Decimal
    highest: Decimal
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def spread(self) -> Decimal:
        return self.highest - self.lowest


def provinces_compared(scores: QuerySet, year: int) -> list[ProvinceRow]:
    """Each province's approved whole-year run of `year`: communes, mean, lowest and highest
    score (one aggregate query over `scores`), the best mean first."""
    rows = (
        scores.filter(run__year=year, run__period=Period.YEAR, run__state=RunState.APPROVED)
        .order_by()
        .values("province_id", "province__name", "run_id")
        .annotate(n=Count("pk"), mean=Avg("score"), lo=Min("score"), hi=Max("score"))
    )
    found = [
        ProvinceRow(
            province_id=row["province_id"],
            name=row["province__name"],
            run_id=row["run_id"],
            url=run_url(row["run_id"]),
            communes=row["n"],
            mean=rules.quantize(Decimal(str(row["mean"]))),
            lowest=row["lo"],
            highest=row["hi"],
        )
        for row in rows
    ]
    return sorted(found, key=lambda r: (-r.mean, rules.place_key(r.name)))


def bar_chart(labels: list[str], series: list[tuple[str, list[Any]]]) -> dict[str, Any]:
    """The data of a bar chart of scores (garrison/charts.js: 0 to 100)."""
    return {
        "labels": labels,
        "datasets": [
            {"label": label, "data": [float(v) if v is not None else None for v in data]}
            for label, data in series
        ],
        "percent": True,
    }
