"""Querysets of the forces registers: strength against establishment, terms ending, training
completion and readiness — each one query (annotations and GROUP BY), never a loop over rows."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Case, Count, F, Func, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Least
from django.utils import timezone

from garrison.core.scoping import ScopedQuerySet

OPEN_STATUSES = ("serving", "extended")
# a member's training standing in `training_by`
NEITHER, COMPLETE, BEHIND = 0, 1, 2
ZERO_DAYS = Value(Decimal("0"), output_field=models.DecimalField(max_digits=6, decimal_places=1))


def serving_on(on: datetime.date) -> Q:
    """A militia term that had begun by `on` and had not ended by then (a term ended without a
    recorded date counts as ended): who is a member on the day, for every figure."""
    still_open = Q(status__in=OPEN_STATUSES, ended_on__isnull=True)
    return Q(started_on__lte=on) & (still_open | Q(ended_on__gt=on))


class UnitQuerySet(ScopedQuerySet):
    def with_strength(self, on: datetime.date | None = None) -> UnitQuerySet:
        """strength (the members serving on the day `on`, today by default: `serving_on`, the
        definition the overview and the indicator share) and strength per role, from ONE join
        to the members grouped by unit with a conditional COUNT per figure (it was five
        correlated COUNT subqueries per unit, 16x the hand-written query: bench.forces);
        establishment_total from the unit's own fields. The join only reaches the members
        of the units selected (scoping and filters apply to the units first)."""
        serving = _prefixed(serving_on(on or timezone.localdate()), "members__")

        def strength(**role: str) -> Count:
            roles = Q(**{f"members__{k}": v for k, v in role.items()})
            return Count("members", filter=serving & roles)

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


def _prefixed(q: Q, prefix: str) -> Q:
    """`q` with every lookup taken through `prefix` (a relation), connectors kept."""
    children = [
        _prefixed(child, prefix) if isinstance(child, Q) else (prefix + child[0], child[1])
        for child in q.children
    ]
    return Q(*children, _connector=q.connector, _negated=q.negated)


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

    def serving_on(self, on: datetime.date) -> MemberQuerySet:
        """The members on the day `on` (see `serving_on`)."""
        return self.filter(serving_on(on))

    def completing_in(self, year: int) -> MemberQuerySet:
        """Open terms whose end falls in `year`: the members to replace."""
        return self.open().filter(term_end__year=year)

    def with_training(self, year: int, today: datetime.date) -> MemberQuerySet:
        """required (days the law asks this year), attended (days of sessions attended, up to
        `today`), held (days of the sessions of the member's plan held since the term began, up
        to `today`), behind (missed days already held, as far as the law requires them) and
        complete (attended ≥ required)."""
        from .models import Attendance, TrainingSession

        # Each a plain SUM over the correlated rows (no GROUP BY in the subquery, sessions
        # taken by date: a session lies in its plan's year): PostgreSQL then walks the
        # indexes per member instead of hashing the session table (23x → ~1x, bench.forces).
        attended = (
            Attendance.objects.filter(
                member=OuterRef("pk"), session__held_on__year=year, session__held_on__lte=today
            )
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

    def training_by(self, field: str, year: int, today: datetime.date) -> list[dict[str, Any]]:
        """Per `field` ("unit", "commune", "province"): members serving on `today`, complete,
        behind — rows {field, "members", "complete_n", "behind_n"} (one query).

        Complete (attended ≥ required) and behind (attended < least(held, required) ≤
        required) exclude each other, so each member is one of complete, behind or neither:
        ONE correlated subquery per member sums the days attended and answers which (its SUM
        computed once, compared twice), and the query counts members by (field, standing). As
        two conditional counts over `attended` it ran the attended subquery twice per member
        (2.2x the hand-written query: bench.forces)."""
        from .models import Attendance

        members = self.serving_on(today).with_training(year, today)
        attended = Coalesce(_sum("session__days"), ZERO_DAYS)
        standing = (
            Attendance.objects.filter(
                member=OuterRef("pk"), session__held_on__year=year, session__held_on__lte=today
            )
            .order_by()
            .alias(_attended=attended)
            .annotate(
                standing=Case(
                    When(Q(_attended__gte=OuterRef("required")), then=Value(COMPLETE)),
                    When(
                        Q(_attended__lt=Least(OuterRef("held"), OuterRef("required"))),
                        then=Value(BEHIND),
                    ),
                    default=Value(NEITHER),
                    output_field=models.IntegerField(),
                )
            )
        )
        standing = standing.values("standing")[:1]
        rows: dict[Any, dict[str, Any]] = {}
        counted = (
            members.annotate(standing=Subquery(standing, output_field=models.IntegerField()))
            .order_by()
            .values(field, "standing")
            .annotate(n=Count("pk"))
        )
        for item in counted:
            row = rows.setdefault(
                item[field], {field: item[field], "members": 0, "complete_n": 0, "behind_n": 0}
            )
            row["members"] += item["n"]
            if item["standing"] == COMPLETE:
                row["complete_n"] += item["n"]
            elif item["standing"] == BEHIND:
                row["behind_n"] += item["n"]
        return list(rows.values())

    def strength_by(self, field: str, on: datetime.date) -> models.QuerySet:
        """Per `field`: the members serving on the day `on` (militia strength: the one definition
        the indicator `militia.strength` and the overview share), and how many of their terms
        end in that year."""
        return (
            self.serving_on(on)
            .order_by()
            .values(field)
            .annotate(
                strength=Count("pk"), completing=Count("pk", filter=Q(term_end__year=on.year))
            )
        )


class ReservistQuerySet(ScopedQuerySet):
    def registered(self) -> ReservistQuerySet:
        return self.filter(status="registered")

    def on_register(self, on: datetime.date) -> ReservistQuerySet:
        """The reservists on the register on the day `on`: registered by then and not yet
        discharged (a discharge without a recorded date counts as before every day)."""
        still = Q(status="registered", discharged_on__isnull=True)
        return self.filter(Q(registered_on__lte=on) & (still | Q(discharged_on__gt=on)))

    def due_for_check(self, year: int) -> ReservistQuerySet:
        """Registered reservists not yet checked (re-registered) this year."""
        return self.registered().filter(Q(checked_on__isnull=True) | Q(checked_on__year__lt=year))

    def readiness_by(self, field: str, on: datetime.date, *labels: str) -> models.QuerySet:
        """Per `field` ("commune", "reserve_unit", "province"; with `labels`, more columns of
        the same group such as its name), as the register stood on the day `on`: registered,
        assigned to a reserve unit by then, checked in that year by then; class 1 among them.
        The indicators `reserve.registered` and `reserve.assigned` and the overview read this
        one definition."""
        return (
            self.on_register(on)
            .order_by()
            .values(field, *labels)
            .annotate(
                registered=Count("pk"),
                assigned=Count("pk", filter=assigned_by(on)),
                checked=Count("pk", filter=checked_by(on)),
                class_1=Count("pk", filter=Q(reserve_class="hang_1")),
            )
        )


def assigned_by(on: datetime.date) -> Q:
    """Assigned to a reserve unit on the day `on` (an assignment without a date counts)."""
    return Q(reserve_unit__isnull=False) & (Q(assigned_on__isnull=True) | Q(assigned_on__lte=on))


def checked_by(on: datetime.date) -> Q:
    """Checked (re-registered) in the year of `on`, by that day."""
    return Q(checked_on__year=on.year, checked_on__lte=on)


class TechnicalMeansQuerySet(ScopedQuerySet):
    def registered(self) -> TechnicalMeansQuerySet:
        return self.filter(status="registered")

    def on_register(self, on: datetime.date) -> TechnicalMeansQuerySet:
        """The means on the register on the day `on`: registered by then and not removed (the
        register keeps no removal date, so a removed means counts as gone on every day)."""
        return self.registered().filter(registered_on__lte=on)

    def due_for_check(self, year: int) -> TechnicalMeansQuerySet:
        return self.registered().filter(Q(checked_on__isnull=True) | Q(checked_on__year__lt=year))

    def readiness_by(self, field: str, on: datetime.date) -> models.QuerySet:
        """Per `field`, as the register stood on the day `on`: registered, assigned to a reserve
        unit, checked in that year by then (the indicator `reserve.means` reads `registered`)."""
        return (
            self.on_register(on)
            .order_by()
            .values(field)
            .annotate(
                registered=Count("pk"),
                assigned=Count("pk", filter=Q(reserve_unit__isnull=False)),
                checked=Count("pk", filter=checked_by(on)),
            )
        )
