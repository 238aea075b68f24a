"""Training results and yearly evaluations, and the lists that build themselves from them."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from garrison.cadres import rules
from garrison.cadres.models import BodyMembership, CadreProfile, Enrolment, Evaluation
from garrison.commands.models import Assignment
from garrison.core.indicators import get_indicator
from garrison.core.services import require_editable

#: the commune results shown beside a Commander's rating, in this order: (numerator, of)
EVIDENCE = [
    ("militia.trained", "militia.strength"),
    ("enlistment.enlisted", "enlistment.quota"),
    ("reserve.assigned", "reserve.registered"),
    ("command.commander_filled", None),
]


def apply_course_result(*, actor: Any, enrolment: Enrolment) -> bool:
    """A pass in a political theory course raises the cadre's level to the course's (never
    lowers it). Returns whether the profile changed."""
    profile = enrolment.profile
    require_editable(actor, profile)
    level = enrolment.course.theory_level
    if enrolment.result != Enrolment.Result.PASSED or not level:
        return False
    if rules.THEORY_ORDER[level] <= rules.THEORY_ORDER.get(profile.political_theory, 0):
        return False
    profile.political_theory = level
    profile.save(update_fields=["political_theory", "updated_at"])
    return True


def year_end(year: int) -> datetime.date:
    """The day a year's results are read: 31 December, or today for the current year."""
    return min(datetime.date(year, 12, 31), timezone.localdate())


def command_led(profile: CadreProfile, year: int):
    """The command the cadre held a post in at the end of `year` (or last held in it)."""
    day = year_end(year)
    held = (
        Assignment.objects.filter(person_id=profile.person_id, start_date__lte=day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=datetime.date(year, 1, 1)))
        .select_related("command")
        .order_by("-start_date")
        .first()
    )
    return held.command if held else None


def evidence(command, year: int) -> list[dict[str, Any]]:
    """The results of the commune `command` serves, read from the registers at the end of
    `year`: [{code, label, value, of, of_label}]."""
    if command is None or command.commune_id is None:
        return []
    day = year_end(year)
    out = []
    for code, of_code in EVIDENCE:
        indicator = get_indicator(code)
        if indicator is None:
            continue
        row = {"code": code, "label": str(indicator.label), "value": indicator.value(
            command.commune_id, day)}  # fmt: skip
        if of_code and (of := get_indicator(of_code)) is not None:
            row["of"] = of.value(command.commune_id, day)
            row["of_label"] = str(of.label)
        out.append(row)
    return out


def do_record_evaluation(*, actor: Any, evaluation: Evaluation) -> Evaluation:
    """Save a yearly evaluation with the commune results of that year as its evidence."""
    require_editable(actor, evaluation.profile)
    evaluation.command = command_led(evaluation.profile, evaluation.year)
    evaluation.evidence = evidence(evaluation.command, evaluation.year)
    evaluation.full_clean()
    evaluation.save()
    return evaluation


def training_priority(profiles):
    """Cadres who sit on a Party committee or a People's Council now but lack advanced
    political theory, with `enrolled` (already on an advanced course not yet finished)."""
    today = timezone.localdate()
    seat = BodyMembership.objects.filter(profile=OuterRef("pk"), started_on__lte=today).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today)
    )
    on_course = Enrolment.objects.filter(
        profile=OuterRef("pk"),
        course__theory_level=rules.PoliticalTheory.ADVANCED,
        result=Enrolment.Result.ENROLLED,
    )
    return (
        profiles.filter(status=CadreProfile.Status.ACTIVE)
        .exclude(political_theory=rules.PoliticalTheory.ADVANCED)
        .filter(Exists(seat))
        .annotate(enrolled=Exists(on_course))
        .select_related("person", "commune")
        .order_by("enrolled", "person__name_sort_key")
    )
