"""The demo's oversight (issue 19 §6): Điện Biên's 2026 inspection plan with three inspections
done (one of Xã Na Son), findings and corrective actions in every state and exactly one action
overdue, in Na Son; the review of the first year of the two-tier model with its figures and
lessons; the 2026 assessment of the 45 communes, approved — built on a fixed day."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import Count
from django.urls import reverse

from garrison.accounts.models import User
from garrison.core.indicators import get_indicator
from garrison.oversight.inspections.pages import actions_link, findings_link, link
from garrison.oversight.lessons.filters import search_lessons
from garrison.oversight.models import (
    ActionState,
    AssessmentCriterion,
    AssessmentRun,
    ChecklistAnswer,
    CorrectiveAction,
    Finding,
    FindingState,
    Inspection,
    InspectionPlan,
    InspectionState,
    Lesson,
    Review,
    RunState,
)
from garrison.territory.models import Commune, Village
from tests.demo.built import demo_built_on

pytestmark = pytest.mark.django_db

#: the days the demo is built on (as the readiness demo's test): both after October 2026, where
#: the demo's fixed 2026 dates lie, one in the following year
DAYS = [datetime.date(2026, 11, 20), datetime.date(2027, 1, 30)]
NA_SON = "Xã Na Son"


@pytest.fixture(scope="module", autouse=True, params=DAYS, ids=str)
def today(request, django_db_setup, django_db_blocker):
    """The demo built once per day of DAYS, with the clock on that day for the module's tests,
    rolled back at the end of the module."""
    with demo_built_on(request.param, django_db_blocker) as day:
        yield day


def plan() -> InspectionPlan:
    return InspectionPlan.objects.get(province__code=11, year=2026)


def review() -> Review:
    return Review.objects.get(province__code=11)


def overdue(today: datetime.date):
    return CorrectiveAction.objects.filter(province__code=11, due_on__lt=today).exclude(
        state=ActionState.VERIFIED
    )


def test_the_2026_plan_holds_three_inspections_done_one_of_na_son(today):
    inspections = Inspection.objects.filter(plan=plan())
    assert inspections.count() == 3
    assert set(inspections.values_list("state", flat=True)) == {InspectionState.DONE}
    assert not inspections.filter(ends_on__gte=today).exists()  # done: nothing ahead
    assert inspections.filter(targets__commune__name=NA_SON).count() == 1
    inspector = User.objects.get(username="dienbien_inspector")
    for inspection in inspections:
        assert list(inspection.team.all()) == [inspector]
        assert len(inspection.outside_members.splitlines()) == 2  # named officers from outside
        version = inspection.checklist_version
        assert version.published_at is not None and version.items.count() == 12
        for target in inspection.targets.all():  # every point answered in every commune
            answers = ChecklistAnswer.objects.filter(inspection=inspection, commune=target.commune)
            assert answers.count() == 12


def test_findings_and_actions_in_every_state_each_finding_as_its_actions_make_it(today):
    findings = Finding.objects.filter(province__code=11)
    actions = CorrectiveAction.objects.filter(province__code=11)
    assert set(findings.values_list("state", flat=True)) == set(FindingState.values)
    assert set(actions.values_list("state", flat=True)) == set(ActionState.values)
    for finding in findings.annotate(n=Count("actions")):
        states = set(finding.actions.values_list("state", flat=True))
        if finding.state == FindingState.CLOSED:
            assert finding.n == 0 and finding.closed_reason
        elif finding.state == FindingState.CORRECTED:
            assert states == {ActionState.VERIFIED}
        else:
            assert states and states != {ActionState.VERIFIED}
        inspection = finding.inspection
        assert inspection.targets.filter(commune=finding.commune).exists()
        assert inspection.starts_on <= finding.found_on <= inspection.ends_on
    for action in actions:  # answered and verified after the finding, none after today
        assert action.commune_id == action.finding.commune_id
        if action.state != ActionState.OPEN:
            assert action.finding.found_on < action.answered_on < today and action.answer
        if action.state == ActionState.VERIFIED:
            assert action.answered_on <= action.verified_on < today
        if action.state == ActionState.RETURNED:
            assert action.verification_note


def test_exactly_one_action_is_overdue_in_na_son_its_village_without_an_evacuation_area(today):
    [action] = overdue(today)
    assert action.commune.name == NA_SON and action.state == ActionState.OPEN
    assert action.finding.found_on < action.due_on < today
    uncovered = Village.objects.get(commune__name=NA_SON, evacuation_assignments=None)
    assert uncovered.name in action.finding.description


def test_the_review_of_the_first_year_quotes_the_registers_and_draws_lessons(today):
    held = review()
    assert (held.period_start, held.period_end) == (
        datetime.date(2025, 7, 1),
        datetime.date(2026, 6, 30),
    )
    assert held.period_end < held.held_on < today and held.conclusions
    ids = list(Commune.objects.filter(province__code=11).values_list("pk", flat=True))
    assert held.figures.count() >= 4
    for figure in held.figures.all():  # as the registers stood on the review date
        indicator = get_indicator(figure.indicator)
        assert figure.as_of == held.held_on
        assert figure.value == sum(indicator.values(ids, held.held_on).values())
    commanders = held.figures.get(indicator="command.commander_filled").value
    assert f"{commanders:.0f}/45" in held.conclusions

    lessons = Lesson.objects.filter(province__code=11)
    assert 4 <= lessons.count() <= 6
    assert lessons.filter(review=held).count() >= 4
    assert set(lessons.values_list("kind", flat=True)) == {"lesson", "model"}
    assert lessons.filter(for_border=True).exists() and lessons.filter(for_mountain=True).exists()
    assert not lessons.filter(recorded_on__gt=today).exists()
    [replicated] = lessons.annotate(n=Count("replications")).filter(n__gt=0)
    assert replicated.kind == "model" and replicated.replications.count() == 2
    assert not replicated.replications.filter(started_on__gt=today).exists()
    # the register finds them typed without diacritics
    found = search_lessons(lessons, "dan quan bien gioi")
    assert replicated in found and lessons.count() > found.count()


def test_the_2026_assessment_of_the_45_communes_is_approved_on_the_criteria_set(today):
    criteria = AssessmentCriterion.objects.filter(province__code=11, year=2026)
    assert criteria.count() >= 8
    assert (
        not criteria.filter(weight__lt=1).exists() and not criteria.filter(target__lte=0).exists()
    )
    run = AssessmentRun.objects.get(province__code=11, year=2026, period="year")
    assert run.state == RunState.APPROVED and run.approved_by.username == "dienbien"
    assert run.as_of <= today
    assert {c["measure"] for c in run.criteria} == set(criteria.values_list("measure", flat=True))
    scores = run.scores.all()
    assert scores.count() == 45
    assert min(s.rank for s in scores) == 1
    assert len({s.score for s in scores}) > 5  # the communes differ


def home_of(client, username: str) -> str:
    client.force_login(User.objects.get(username=username))
    return client.get("/").content.decode()


def test_the_inspectors_home_shows_their_work(client):
    page = home_of(client, "dienbien_inspector")
    findings = Finding.objects.filter(province__code=11, state=FindingState.OPEN)
    assert 'data-testid="home-inspections"' in page
    shown = f'href="{findings_link(state="open")}" data-testid="home-open-findings">'
    assert f"{shown}{findings.count()}" in page
    overdue_table = page.split('data-testid="home-overdue-by-commune"')[1].split("</table>")[0]
    assert NA_SON in overdue_table and overdue_table.count("<tr>") == 2  # the header, Na Son
    answered = CorrectiveAction.objects.filter(province__code=11, state=ActionState.ANSWERED)
    section = page.split('data-testid="home-inspections"')[1].split("</section>")[0]
    assert f'href="{actions_link(state="answered")}">{answered.count()}' in section
    for url in (link("inspection_year"), reverse("oversight:review_detail", args=[review().pk])):
        assert client.get(url).status_code == 200


def test_na_sons_commander_has_the_overdue_action_and_the_returned_one_to_answer(client):
    page = home_of(client, "nason")
    todo = page.split('data-testid="todo"')[1].split("</section>")[0]
    assert f'href="{actions_link(overdue="true", to_answer="true")}"'.replace("&", "&amp;") in todo
    assert f'href="{actions_link(to_answer="true")}"' in todo  # the returned one, due soon
    listed = client.get(reverse("oversight:finding_list")).content.decode()
    for finding in Finding.objects.filter(province__code=11):
        assert (finding.description[:30] in listed) == (finding.commune.name == NA_SON)
