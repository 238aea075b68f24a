"""Querysets of the military-service register: stages and roll-ups as SQL aggregates."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Case, Count, Exists, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from garrison.core.scoping import ScopedQuerySet

from .law_facts import ServiceOutcome

#: outcomes that keep a citizen in the pool that can be selected
CALLABLE_OUTCOMES = (
    ServiceOutcome.ELIGIBLE,
    ServiceOutcome.ELIGIBLE_CONDITIONAL,
    ServiceOutcome.ELIGIBLE_IF_VOLUNTEER,
)

#: outcomes that mean "not of call-up age on the hand-over day": such a citizen is not in the pool
OUT_OF_POOL_OUTCOMES = (
    ServiceOutcome.OVER_AGE,
    ServiceOutcome.UNDER_AGE,
    ServiceOutcome.NOT_YET,
    ServiceOutcome.MUST_REGISTER,
    ServiceOutcome.NO_DUTY,
)

#: the stages of a campaign, in order; a candidate is at the furthest one he has reached
STAGES = [
    ("pool", _("in the pool")),
    ("screened", _("passed preliminary screening")),
    ("examined", _("health examined")),
    ("cleared", _("background checked")),
    ("selected", _("selected")),
    ("ordered", _("call-up order issued")),
    ("enlisted", _("enlisted")),
    ("absent", _("did not report")),
    ("out", _("deferred, exempt or not meeting the standards")),
]
STAGE_LABELS = dict(STAGES)


class ServiceRecordQuerySet(ScopedQuerySet):
    def active(self) -> ServiceRecordQuerySet:
        return self.exclude(status="removed")

    def on_register(self, on: datetime.date) -> ServiceRecordQuerySet:
        """The records on the register on the day `on`: registered by then and not removed by
        then (the removal's day is its history line; a removal without one counts as before
        every day)."""
        from .models import RecordEvent

        removed_later = RecordEvent.objects.filter(
            record=OuterRef("pk"), kind=RecordEvent.Kind.REMOVED, on__gt=on
        )
        return self.filter(registered_on__lte=on).filter(
            ~Q(status="removed") | Exists(removed_later)
        )


class CommuneQuotaQuerySet(ScopedQuerySet):
    def with_progress(self, on: datetime.date | None = None) -> CommuneQuotaQuerySet:
        """Annotate each commune's eligible pool, selected and enlisted counts (subqueries).
        With `on`, the enlisted count is as it stood that day: nobody has reported before the
        campaign's hand-over day."""
        reported = Q(enlistment="reported")
        if on is not None:
            reported &= Q(campaign__handover_date__lte=on)
        return self.annotate(
            pool_size=_candidate_count(Q(outcome__in=CALLABLE_OUTCOMES)),
            selected_count=_candidate_count(Q(selected=True)),
            enlisted_count=_candidate_count(reported),
        )


def _candidate_count(condition: Q) -> Coalesce:
    from .models import Candidate

    return Coalesce(
        Subquery(
            Candidate.objects.filter(
                condition, campaign=OuterRef("campaign"), commune=OuterRef("commune")
            )
            .values("commune")
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=models.IntegerField(),
        ),
        0,
    )


#: what having reached each stage means (a funnel: who got at least that far; "did not report"
#: and "out" are the exits). Conditions on the annotations `_examined` and `_ordered`.
REACHED = {
    "pool": Q(),
    "screened": Q(screening="passed"),
    "examined": Q(_examined=True),
    "cleared": Q(background="cleared"),
    "selected": Q(selected=True),
    "ordered": Q(_ordered=True),
    "enlisted": Q(enlistment="reported"),
    "absent": Q(enlistment="absent"),
    "out": ~Q(outcome__in=CALLABLE_OUTCOMES),
}


class CandidateQuerySet(ScopedQuerySet):
    def _with_steps(self) -> CandidateQuerySet:
        from .models import CallUpOrder, HealthExam

        return self.annotate(
            _examined=Exists(HealthExam.objects.filter(candidate=OuterRef("pk"))),
            _ordered=Exists(CallUpOrder.objects.filter(candidate=OuterRef("pk"))),
        )

    def reached(self, stage: str) -> CandidateQuerySet:
        """The candidates who reached `stage` (whether or not they went further)."""
        return self._with_steps().filter(REACHED[stage])

    def funnel(self) -> dict[str, int]:
        """How many reached each stage, in one aggregate query (each step counts everyone who
        got at least that far, not only those who are at it now)."""
        return self._with_steps().aggregate(
            **{code: Count("pk", filter=condition) for code, condition in REACHED.items()}
        )

    def with_stage(self) -> CandidateQuerySet:
        """Annotate `stage`: the furthest step each candidate has reached (one CASE in SQL)."""
        from .models import CallUpOrder, HealthExam

        return self.annotate(
            has_exam=Exists(HealthExam.objects.filter(candidate=OuterRef("pk"))),
            has_order=Exists(CallUpOrder.objects.filter(candidate=OuterRef("pk"))),
        ).annotate(
            stage=Case(
                When(enlistment="reported", then=Value("enlisted")),
                When(enlistment="absent", then=Value("absent")),
                When(has_order=True, then=Value("ordered")),
                When(selected=True, then=Value("selected")),
                When(~Q(outcome__in=CALLABLE_OUTCOMES), then=Value("out")),
                When(background="cleared", then=Value("cleared")),
                When(has_exam=True, then=Value("examined")),
                When(screening="passed", then=Value("screened")),
                default=Value("pool"),
                output_field=models.CharField(),
            )
        )

    def in_stage(self, stage: str) -> CandidateQuerySet:
        return self.with_stage().filter(stage=stage)

    def progress_by_commune(self) -> CandidateQuerySet:
        """One row per commune: how many candidates reached each stage (one GROUP BY)."""
        from .models import CallUpOrder, HealthExam

        examined = Exists(HealthExam.objects.filter(candidate=OuterRef("pk")))
        ordered = Exists(CallUpOrder.objects.filter(candidate=OuterRef("pk")))
        return (
            self.annotate(_examined=examined, _ordered=ordered)
            .values("commune_id", "commune__name", "commune__code")
            .annotate(
                pool=Count("pk"),
                callable=Count("pk", filter=Q(outcome__in=CALLABLE_OUTCOMES)),
                screened=Count("pk", filter=Q(screening="passed")),
                examined=Count("pk", filter=Q(_examined=True)),
                cleared=Count("pk", filter=Q(background="cleared")),
                selected=Count("pk", filter=Q(selected=True)),
                ordered=Count("pk", filter=Q(_ordered=True)),
                enlisted=Count("pk", filter=Q(enlistment="reported")),
                absent=Count("pk", filter=Q(enlistment="absent")),
            )
            .order_by("commune__name")
        )

    def outcomes(self) -> CandidateQuerySet:
        """How many candidates have each outcome (one GROUP BY)."""
        return self.values("outcome").annotate(n=Count("pk")).order_by("-n", "outcome")

    def outcomes_by_ground(self) -> CandidateQuerySet:
        return (
            self.values("outcome", "ground")
            .annotate(n=Count("pk"))
            .order_by("outcome", "-n", "ground")
        )
