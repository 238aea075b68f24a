"""Querysets of the evacuation plan, and the annotations the coverage figures are made of
(`evacuation.rules` says what they mean; `evacuation.indicators` aggregates them).

- a village's `registered`: people of the person register living there; `to_move`: the larger
  of that and its declared population; `has_area`: an assignment takes its people; `sends_all`:
  one of them moves all of them (its `people` empty); `sent`: the people its other assignments
  send;
- an area's `assigned`: the people its assignments send (an empty `people`: the village's
  `to_move`)."""

from __future__ import annotations

from django.apps import apps
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Greatest

from garrison.core.scoping import ScopedQuerySet


def _person_model():
    return apps.get_model("people", "Person")


def _assignment_model():
    return apps.get_model("operations", "EvacuationAssignment")


def registered_in(village_ref) -> Coalesce:
    """People of the person register living in the village `village_ref` (an OuterRef)."""
    counted = (
        _person_model()
        .objects.filter(village_id=village_ref)
        .order_by()
        .values("village_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def to_move_of(population, registered) -> Greatest:
    """The population to move: the larger of the declared population and the registered."""
    return Greatest(Coalesce(population, Value(0)), registered, output_field=IntegerField())


def with_coverage(villages):
    """Villages annotated with `registered`, `to_move`, `has_area`, `sends_all`, `sent`."""
    assignments = _assignment_model().objects.filter(village_id=OuterRef("pk"))
    sent = (
        assignments.filter(people__isnull=False)
        .order_by()
        .values("village_id")
        .annotate(s=Sum("people"))
        .values("s")
    )
    return villages.annotate(
        registered=registered_in(OuterRef("pk")),
        to_move=to_move_of(F("population"), F("registered")),
        has_area=Exists(assignments),
        sends_all=Exists(assignments.filter(people__isnull=True)),
        sent=Coalesce(Subquery(sent, output_field=IntegerField()), Value(0)),
    )


#: a village annotated by `with_coverage` that no area takes
UNCOVERED_Q = Q(has_area=False)
#: …that areas take only in part
PARTLY_Q = Q(has_area=True, sends_all=False, sent__lt=F("to_move"))


def sent_by_assignment() -> Coalesce:
    """What one assignment sends: its `people`, or its village's population to move."""
    return Coalesce(
        F("people"),
        to_move_of(F("village__population"), registered_in(OuterRef("village_id"))),
        output_field=IntegerField(),
    )


def with_assigned(areas):
    """Evacuation areas annotated with `assigned`: the people their assignments send."""
    assigned = (
        _assignment_model()
        .objects.filter(area_id=OuterRef("pk"))
        .order_by()
        .values("area_id")
        .annotate(s=Sum(sent_by_assignment()))
        .values("s")
    )
    return areas.annotate(
        assigned=Coalesce(Subquery(assigned, output_field=IntegerField()), Value(0))
    )


#: an area annotated by `with_assigned` whose people exceed its capacity
OVER_CAPACITY_Q = Q(capacity_people__isnull=False, assigned__gt=F("capacity_people"))


class EvacuationAssignmentQuerySet(ScopedQuerySet):
    def with_sent(self):
        """Each assignment with `sent`: the people it moves."""
        return self.annotate(sent=sent_by_assignment())
