"""Querysets of the forces registers: strength against establishment, terms ending, training
completion and readiness — each one query (annotations and GROUP BY), never a loop over rows."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import models
from django.db.models import Case, Count, F, Func, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Least

from garrison.core.scoping import ScopedQuerySet

OPEN_STATUSES = ("serving", "extended")
ZERO_DAYS = Value(Decimal("0"), output_field=models.DecimalField(max_digits=6, decimal_places=1))


class UnitQuerySet(ScopedQuerySet):
    def with_strength(self) -> UnitQuerySet:
        """strength (open terms) and strength per role, each a correlated count (a join and
        GROUP BY over every member would aggregate a whole province before paginating);
        establishment_total from the unit's own fields."""
        from .models import MilitiaMember

        open_terms = (
            MilitiaMember.objects.filter(unit=OuterRef("pk"), status__in=OPEN_STATUSES)
            .order_by()
            .values("unit")
        )

        def strength(**role: str) -> Coalesce:
            count = open_terms.filter(**role).annotate(n=Count("pk")).values("n")
            return Coalesce(Subquery(count, output_field=models.IntegerField()), 0)

        return self.annotate(
            strength=strength(),
            strength_leaders=strength(role="leader"),
            strength_deputies=strength(role="deputy"),
            strength_political=strength(role="political"),
            strength_members=strength(role="member"),
            establishment_total=F("establishment_leaders")
            + F("establishment_deputies")
            + F("establishment_political")
            + F("establishment_members"),
        )


def _sum(field: str) -> Func:
    """SUM(field) that Django does not treat as an aggregate: in a correlated subquery it adds
    no GROUP BY (which leads PostgreSQL's planner astray)."""
    return Func(F(field), function="SUM", output_field=models.DecimalField())


def required_days_case(year: int) -> Case:
    """The training days DQTV 28.1 requires of a member in `year`, from forces.rules: the first
    year of the term (the term began in `year`) or a later one, by the kind of the unit."""
    from garrison.forces.rules import MILITIA_KINDS, training_days

    whens = []
    for kind in MILITIA_KINDS:
        whens.append(
            When(unit__kind=kind, started_on__year=year, then=Value(training_days(kind, 1)))
        )
        whens.append(When(unit__kind=kind, then=Value(training_days(kind, 2))))
    return Case(*whens, default=Value(0), output_field=models.IntegerField())


class MemberQuerySet(ScopedQuerySet):
    def open(self) -> MemberQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def completing_in(self, year: int) -> MemberQuerySet:
        """Open terms whose end falls in `year`: the members to replace."""
        return self.open().filter(term_end__year=year)

    def with_training(self, year: int, today: datetime.date) -> MemberQuerySet:
        """required (days the law asks this year), attended (days of sessions attended), held
        (days of the sessions of the member's plan held since the term began, up to `today`),
        behind (missed days already held, as far as the law requires them) and complete
        (attended ≥ required)."""
        from .models import Attendance, TrainingSession

        # Each a plain SUM over the correlated rows (no GROUP BY in the subquery, sessions
        # taken by date: a session lies in its plan's year): PostgreSQL then walks the
        # indexes per member instead of hashing the session table (23x → ~1x, bench.forces).
        attended = (
            Attendance.objects.filter(member=OuterRef("pk"), session__held_on__year=year)
            .order_by()
            .annotate(total=_sum("session__days"))
            .values("total")[:1]
        )
        held = (
            TrainingSession.objects.filter(
                plan__commune=OuterRef("commune"),
                plan__year=year,
                plan__kind=OuterRef("unit__kind"),
                held_on__gte=OuterRef("started_on"),
                held_on__lte=today,
            )
            .order_by()
            .annotate(total=_sum("days"))
            .values("total")[:1]
        )
        decimal = models.DecimalField(max_digits=6, decimal_places=1)
        return self.annotate(
            required=required_days_case(year),
            attended=Coalesce(Subquery(attended, output_field=decimal), ZERO_DAYS),
            held=Coalesce(Subquery(held, output_field=decimal), ZERO_DAYS),
        ).annotate(
            # behind: missed days already held that the law still requires
            behind=Case(
                When(attended__lt=Least(F("held"), F("required")), then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            ),
            complete=Case(
                When(attended__gte=F("required"), then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            ),
        )

    def training_by(self, field: str, year: int, today: datetime.date) -> models.QuerySet:
        """Per `field` ("unit", "commune", "province"): members, complete, behind (one query)."""
        return (
            self.open()
            .with_training(year, today)
            .order_by()
            .values(field)
            .annotate(
                members=Count("pk"),
                complete_n=Count("pk", filter=Q(attended__gte=F("required"))),
                behind_n=Count("pk", filter=Q(attended__lt=Least(F("held"), F("required")))),
            )
        )

    def strength_by(self, field: str, year: int) -> models.QuerySet:
        """Per `field`: open terms, and how many of them end in `year`."""
        return (
            self.open()
            .order_by()
            .values(field)
            .annotate(strength=Count("pk"), completing=Count("pk", filter=Q(term_end__year=year)))
        )


class ReservistQuerySet(ScopedQuerySet):
    def registered(self) -> ReservistQuerySet:
        return self.filter(status="registered")

    def due_for_check(self, year: int) -> ReservistQuerySet:
        """Registered reservists not yet checked (re-registered) this year."""
        return self.registered().filter(Q(checked_on__isnull=True) | Q(checked_on__year__lt=year))

    def readiness_by(self, field: str, year: int, *labels: str) -> models.QuerySet:
        """Per `field` ("commune", "reserve_unit", "province"; with `labels`, more columns of
        the same group such as its name): registered, assigned to a reserve unit, checked this
        year; class 1 among them."""
        return (
            self.registered()
            .order_by()
            .values(field, *labels)
            .annotate(
                registered=Count("pk"),
                assigned=Count("pk", filter=Q(reserve_unit__isnull=False)),
                checked=Count("pk", filter=Q(checked_on__year=year)),
                class_1=Count("pk", filter=Q(reserve_class="hang_1")),
            )
        )


class TechnicalMeansQuerySet(ScopedQuerySet):
    def registered(self) -> TechnicalMeansQuerySet:
        return self.filter(status="registered")

    def due_for_check(self, year: int) -> TechnicalMeansQuerySet:
        return self.registered().filter(Q(checked_on__isnull=True) | Q(checked_on__year__lt=year))

    def readiness_by(self, field: str, year: int) -> models.QuerySet:
        return (
            self.registered()
            .order_by()
            .values(field)
            .annotate(
                registered=Count("pk"),
                assigned=Count("pk", filter=Q(reserve_unit__isnull=False)),
                checked=Count("pk", filter=Q(checked_on__year=year)),
            )
        )
