"""Computing, approving and comparing an assessment run (garrison/oversight/assessment/
services.py): scores and ranks from the registers, drafts computed again, an approved run that
does not move when the registers change (and the comparison that shows how they did), who may
approve, the criteria (a Vietnamese target, last year's copied). The clock stands on TODAY."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from garrison.commands.rules import Position
from garrison.operations.models import DefenceWork
from garrison.oversight.assessment import services
from garrison.oversight.interface import commune_assessment
from garrison.oversight.models import AssessmentCriterion, CommuneScore, ScoreFigure
from tests.clock import move_clock
from tests.factories import AssignmentFactory, CommandFactory, DefenceWorkFactory
from tests.factories.oversight import AssessmentCriterionFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 1, 20)
YEAR_END = datetime.date(2026, 12, 31)


@pytest.fixture(autouse=True)
def _clock(monkeypatch):
    move_clock(monkeypatch, TODAY)


@pytest.fixture
def assessed(province, commune_a, commune_b):
    """2026's criteria: works ready (target 80%, weight 40), the Commander post (target 1,
    weight 30), reservists checked (target 100%, weight 30: neither commune has reservists,
    so it applies to neither). Commune A: 4 works ready of 4, a Commander; commune B: 1 ready
    of 2, no Commander."""
    AssessmentCriterionFactory(
        province=province, measure="works.ready_share", target=Decimal(80), weight=40
    )
    AssessmentCriterionFactory(
        province=province, measure="command.commander_post", target=Decimal(1), weight=30
    )
    AssessmentCriterionFactory(
        province=province, measure="reserve.checked_share", target=Decimal(100), weight=30
    )
    command = CommandFactory(commune=commune_a)
    CommandFactory(commune=commune_b)
    AssignmentFactory(command=command, position=Position.COMMANDER)
    for _ in range(4):
        DefenceWorkFactory(commune=commune_a, state="ready")
    DefenceWorkFactory(commune=commune_b, state="ready")
    DefenceWorkFactory(commune=commune_b, state="degraded")
    return province


def compute(actor, province, period="year", as_of=YEAR_END):
    return services.do_compute_run(
        actor=actor, province=province, year=2026, period=period, as_of=as_of
    )


def scores(run) -> dict[str, tuple[Decimal, int, int]]:
    return {
        s.commune.name: (s.score, s.rank, s.weight_counted)
        for s in run.scores.select_related("commune")
    }


def test_it_scores_and_ranks_every_commune_of_the_province(assessed, province_staff):
    run = compute(province_staff, assessed)
    assert scores(run) == {
        "Xã Na Son": (Decimal("100.00"), 1, 70),
        # works 50% of 80 → 25 of 40 points; no Commander → 0 of 30: 100 × 25 / 70
        "Phường Mường Thanh": (Decimal("35.71"), 2, 70),
    }
    assert run.figures.count() == 6
    b_works = run.figures.get(commune__name="Phường Mường Thanh", measure="works.ready_share")
    assert (b_works.numerator, b_works.denominator, b_works.value, b_works.points) == (
        1,
        2,
        Decimal("50.00"),
        Decimal("25.00"),
    )
    assert run.figures.filter(measure="reserve.checked_share", value__isnull=True).count() == 2
    assert [c["measure"] for c in run.criteria] == [
        "command.commander_post",
        "reserve.checked_share",
        "works.ready_share",
    ]


def test_a_draft_is_computed_again_in_place(assessed, province_staff, commune_b):
    run = compute(province_staff, assessed)
    DefenceWork.objects.filter(commune=commune_b).update(state="ready")
    again = compute(province_staff, assessed)
    assert again.pk == run.pk
    assert scores(again)["Phường Mường Thanh"][0] == Decimal("57.14")
    assert ScoreFigure.objects.filter(run=run).count() == 6
    assert CommuneScore.objects.filter(run=run).count() == 2


def test_an_approved_run_does_not_move_when_the_registers_change(
    assessed, province_staff, commune_a
):
    run = compute(province_staff, assessed)
    services.do_approve_run(actor=province_staff, run=run)
    before = scores(run)
    DefenceWork.objects.filter(commune=commune_a).update(state="degraded")
    AssessmentCriterion.objects.filter(measure="works.ready_share").update(weight=90)
    with pytest.raises(ValidationError, match="approved runs are frozen"):
        compute(province_staff, assessed)
    run.refresh_from_db()
    assert run.is_frozen
    assert scores(run) == before
    a_works = run.figures.get(commune=commune_a, measure="works.ready_share")
    assert a_works.value == Decimal("100.00")
    # the comparison computes the run again now, with its own targets and weights: not saved
    comparison = services.compare_run(run)
    [moved] = comparison.moved
    assert moved.name == "Xã Na Son"
    assert (moved.frozen_score, moved.score) == (Decimal("100.00"), Decimal("42.86"))
    assert (moved.frozen_rank, moved.rank) == (1, 1)
    [change] = moved.changes
    assert (change.measure, change.frozen, change.now) == (
        "works.ready_share",
        Decimal("100.00"),
        Decimal("0.00"),
    )
    assert scores(run) == before


def test_ties_share_a_rank(assessed, province_staff, commune_b):
    DefenceWork.objects.filter(commune=commune_b).update(state="ready")
    DefenceWorkFactory(commune=commune_b, state="ready")
    AssignmentFactory(command=commune_b.command, position=Position.COMMANDER)
    run = compute(province_staff, assessed)
    assert {rank for _score, rank, _w in scores(run).values()} == {1}


@pytest.mark.parametrize(
    "persona", ["province_inspector", "commune_a_staff", "commune_a_commander", "ministry_viewer"]
)
def test_only_the_province_staff_compute_and_approve(assessed, province_staff, persona, request):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        compute(user, assessed)
    run = compute(province_staff, assessed)
    with pytest.raises(PermissionDenied):
        services.do_approve_run(actor=user, run=run)
    run.refresh_from_db()
    assert not run.is_frozen
    services.do_approve_run(actor=province_staff, run=run)
    run.refresh_from_db()
    assert run.is_frozen and run.approved_by == province_staff


def test_another_province_s_staff_cannot_compute_it(assessed, other_province):
    from tests.factories import UserFactory

    outsider = UserFactory(username="c_staff", role="province_staff", province=other_province)
    with pytest.raises(PermissionDenied):
        compute(outsider, assessed)


def test_a_year_without_criteria_is_refused(province, province_staff):
    with pytest.raises(ValidationError, match="no assessment criteria"):
        compute(province_staff, province)


def test_a_period_not_yet_ended_is_read_no_later_than_today(assessed, province_staff):
    with pytest.raises(ValidationError):
        compute(province_staff, assessed, as_of=TODAY)  # 2027 is not a day of 2026
    run = compute(province_staff, assessed, period="h1", as_of=datetime.date(2026, 6, 30))
    assert run.as_of == datetime.date(2026, 6, 30)


def test_a_commune_s_assessment_of_the_year_for_the_cadres(assessed, province_staff, commune_b):
    assert commune_assessment(commune_b.pk, 2026) is None
    run = compute(province_staff, assessed)
    found = commune_assessment(commune_b.pk, 2026)
    assert (found.score, found.rank, found.communes, found.approved) == (
        Decimal("35.71"),
        2,
        2,
        False,
    )
    services.do_approve_run(actor=province_staff, run=run)
    assert commune_assessment(commune_b.pk, 2026).approved
    assert commune_assessment(commune_b.pk, 2025) is None


def test_last_year_s_criteria_are_copied_once(province, province_staff):
    AssessmentCriterionFactory(province=province, year=2025, measure="works.ready_share")
    AssessmentCriterionFactory(
        province=province, year=2025, measure="command.commander_post", target=Decimal(1)
    )
    AssessmentCriterionFactory(
        province=province, year=2026, measure="works.ready_share", target=Decimal(95), weight=5
    )
    made = services.do_copy_criteria(actor=province_staff, province=province, year=2026)
    assert [c.measure for c in made] == ["command.commander_post"]
    kept = AssessmentCriterion.objects.get(year=2026, measure="works.ready_share")
    assert (kept.target, kept.weight) == (Decimal(95), 5)
    with pytest.raises(ValidationError):
        services.do_copy_criteria(actor=province_staff, province=province, year=2026)
    with pytest.raises(PermissionDenied):
        services.do_copy_criteria(actor=None, province=province, year=2026)


def test_a_rate_s_target_is_at_most_100(province, province_staff):
    criterion = AssessmentCriterion(
        province=province, year=2026, measure="works.ready_share", target=Decimal(120), weight=5
    )
    with pytest.raises(ValidationError) as refused:
        services.do_save_criterion(actor=province_staff, criterion=criterion)
    assert "target" in refused.value.message_dict
