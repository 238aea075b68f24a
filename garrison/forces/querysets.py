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
    """Units; `with_strength` adds their strength on a day."""

    _strength_on: datetime.date | None = None

    def with_strength(self, on: datetime.date | None = None) -> UnitQuerySet:
        """strength (the members serving on the day `on`, today by default: `serving_on`, the
        definition the overview and the indicator share) as an annotation (lists sort by it),
        establishment_total from the unit's own fields, and strength per role
        (strength_leaders, _deputies, _political, _members) set on the units fetched by ONE
        grouped count over their members (`_attach_roles`), as prefetch_related does.

        It was five correlated COUNT subqueries per unit (16x the hand-written query,
        bench.forces); one join with a conditional COUNT per figure aggregates a whole
        province before paginating (worse on SQLite). Now a page costs one correlated count
        per unit (PostgreSQL evaluates it after the LIMIT) and one GROUP BY over the page's
        members, as the hand-written query does."""
        from .models import MilitiaMember

        on = on or timezone.localdate()
        serving = (
            MilitiaMember.objects.filter(serving_on(on), unit=OuterRef("pk"))
            .order_by()
            .values("unit")
            .annotate(n=Count("pk"))
            .values("n")
        )
        qs = self.annotate(
            strength=Coalesce(Subquery(serving, output_field=models.IntegerField()), 0),
            establishment_total=F("establishment_leaders")
            + F("establishment_deputies")
            + F("establishment_political")
            + F("establishment_members"),
        )
        qs._strength_on = on
        return qs

    def _clone(self) -> UnitQuerySet:
        clone = super()._clone()
        clone._strength_on = self._strength_on
        return clone

    def _fetch_all(self) -> None:
        fetched = self._result_cache is None
        super()._fetch_all()
        if fetched and self._strength_on is not None and self._result_cache:
            self._attach_roles()

    def _attach_roles(self) -> None:
        from .models import MilitiaMember

        units = [u for u in self._result_cache or () if isinstance(u, models.Model)]
        if not units:
            return  # values() or values_list(): rows, not units
        counts: dict[tuple[int, str], int] = {}
        rows = (
            MilitiaMember.objects.using(self.db)
            .filter(serving_on(self._strength_on), unit_id__in=[u.pk for u in units])
            .order_by()
            .values_list("unit_id", "role")
            .annotate(n=Count("pk"))
        )
        for unit_id, role, n in rows:
            counts[(unit_id, role)] = n
        for unit in units:
            for role, attr in STRENGTH_ROLES.items():
                setattr(unit, attr, counts.get((unit.pk, role), 0))


# the per-role strength a unit of `with_strength` carries: role → attribute
STRENGTH_ROLES = {
    "leader": "strength_leaders",
    "deputy": "strength_deputies",
    "political": "strength_political",
    "member": "strength_members",
}


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
