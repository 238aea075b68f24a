"""The measures a province may assess its communes on: each a figure computed from the
registers through the indicator registry (`core.indicators`), never typed in.

A measure names a numerator indicator and, for a rate, a denominator indicator: its value is
then numerator / denominator × 100 (a percentage; a commune with nothing in the denominator is
not assessed on it), else the numerator itself (a count). Adding a measure is one entry in
`MEASURES` below, once its indicators are registered by the app that owns the rows (each
indicator says what it counts, honours the day it is asked about, and links to the rows behind
it: the evidence of the figure).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from garrison.core.indicators import Indicator, get_indicator


@dataclass(frozen=True)
class Measure:
    code: str
    label: str | Promise
    numerator: str
    denominator: str | None = None
    evidence: str | Promise = ""

    @property
    def is_rate(self) -> bool:
        return self.denominator is not None

    @property
    def unit(self) -> str | Promise:
        return "%" if self.is_rate else ""

    def indicators(self) -> list[str]:
        return [code for code in (self.numerator, self.denominator) if code]

    def numerator_indicator(self) -> Indicator | None:
        return get_indicator(self.numerator)

    def denominator_indicator(self) -> Indicator | None:
        return get_indicator(self.denominator) if self.denominator else None

    @property
    def available(self) -> bool:
        """Whether every indicator it reads is registered."""
        return all(get_indicator(code) is not None for code in self.indicators())


MEASURES: tuple[Measure, ...] = (
    Measure(
        "command.commander_post",
        _("Commander post filled"),
        "command.commander_filled",
        evidence=_(
            "The staffing register: an assignment to the Commander post of the commune command "
            "in force on the day (1 filled, 0 not)."
        ),
    ),
    Measure(
        "enlistment.quota_fulfilled",
        _("Enlistment quota fulfilled"),
        "enlistment.year_enlisted",
        "enlistment.year_quota",
        evidence=_(
            "The enlistment campaign of the year: candidates who reported on enlistment day by "
            "the day, out of the commune's quota."
        ),
    ),
    Measure(
        "militia.strength_vs_establishment",
        _("Militia strength against establishment"),
        "militia.strength",
        "militia.establishment",
        evidence=_(
            "The militia register: members serving on the day, out of the establishment of the "
            "commune's units in use."
        ),
    ),
    Measure(
        "militia.training_completion",
        _("Militia training completed"),
        "militia.trained",
        "militia.strength",
        evidence=_(
            "The training register: serving members who attended the days the law requires "
            "this year, out of the members serving on the day."
        ),
    ),
    Measure(
        "reserve.assigned_share",
        _("Reservists assigned to a reserve unit"),
        "reserve.assigned",
        "reserve.registered",
        evidence=_(
            "The reserve register: reservists assigned to a reserve unit by the day, out of the "
            "reservists on the register."
        ),
    ),
    Measure(
        "reserve.checked_share",
        _("Reservists checked this year"),
        "reserve.checked",
        "reserve.registered",
        evidence=_(
            "The reserve register: reservists checked (re-registered) in the year by the day, "
            "out of the reservists on the register."
        ),
    ),
    Measure(
        "reporting.reports_on_time",
        _("Reports made on time"),
        "reporting.returns_on_time",
        "reporting.returns_due",
        evidence=_(
            "The returns: returns due from 1 January to the day, made by their due date, out "
            "of the returns due."
        ),
    ),
    Measure(
        "reporting.directives_on_time",
        _("Directives completed on time"),
        "reporting.receipts_on_time",
        "reporting.receipts_due",
        evidence=_(
            "The directives received: directives due from 1 January to the day, completed by "
            "their due date, out of those due."
        ),
    ),
    Measure(
        "readiness.plans_filed",
        _("Readiness plans filed"),
        "operations.plans_filed",
        "operations.plans_due",
        evidence=_(
            "The readiness events: plans due from 1 January to the day that were submitted or "
            "approved by the day, out of the plans due."
        ),
    ),
    Measure(
        "readiness.patrols_against_target",
        _("Patrols against target"),
        "operations.patrols_done",
        "operations.patrols_due",
        evidence=_(
            "The patrols of the readiness events: patrols done in the events' weeks of the year "
            "up to the day, out of the patrols the weekly targets asked for."
        ),
    ),
    Measure(
        "incidents.sitreps_on_time",
        _("Situation reports on time"),
        "operations.sitreps_on_time",
        "operations.sitreps_due",
        evidence=_(
            "The incidents: situation reports sent in the year up to the day within the rhythm "
            "their severity sets, out of the reports due (those sent, and one for each open "
            "incident whose report was overdue on the day)."
        ),
    ),
    Measure(
        "oversight.findings_corrected_on_time",
        _("Findings corrected on time"),
        "oversight.actions_done_on_time",
        "oversight.actions_due",
        evidence=_(
            "The corrective actions of inspections: actions due from 1 January to the day, "
            "answered by their due date and verified by the inspector, out of those due."
        ),
    ),
    Measure(
        "works.ready_share",
        _("Defence works ready"),
        "operations.works_ready",
        "operations.works_in_service",
        evidence=_(
            "The defence works register: works in the state ready, out of the works built and "
            "in use (ready or degraded)."
        ),
    ),
)

_BY_CODE = {m.code: m for m in MEASURES}


def get_measure(code: str) -> Measure | None:
    return _BY_CODE.get(code)


def available_measures() -> list[Measure]:
    """The measures whose indicators are all registered, in the order of `MEASURES`."""
    return [m for m in MEASURES if m.available]


def measure_choices() -> list[tuple[str, str]]:
    """(code, label) of the measures a province may set a target for."""
    return [(m.code, str(m.label)) for m in available_measures()]


def measure_label(code: str) -> str:
    """The measure's name (its code if it is no longer known)."""
    measure = get_measure(code)
    return str(measure.label) if measure is not None else code


def indicator_codes(codes: Iterable[str]) -> list[str]:
    """Every indicator the measures `codes` read, each once, in a stable order."""
    seen: dict[str, None] = {}
    for code in codes:
        measure = get_measure(code)
        if measure is not None:
            for indicator in measure.indicators():
                seen.setdefault(indicator, None)
    return list(seen)
