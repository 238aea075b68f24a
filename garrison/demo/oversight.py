"""Demo data of oversight (issue 19 §6) for Điện Biên, built last: it inspects what the rest of the
demo holds (Na Son's village without an evacuation area, its Party secretary not yet trained) and
assesses the communes on every register.

The province's 2026 inspection and supervision plan with its published checklist (a dozen points)
and three inspections done — the militia of two border communes in April, the strengthening of
two commune commands in July (a supervision), Xã Na Son in October — each with its team (the
province's inspector and named officers from outside the system), the communes inspected, every
checklist point answered, findings open, corrected and closed without action, and corrective
actions open, answered, returned and verified: exactly one overdue, in Na Son (its village
without an evacuation area). The review of the first year of the two-tier model (01/07/2025 –
30/06/2026) with its conclusions, the figures it quotes from the registers and six lessons and
effective models, one of them replicated in two communes. The 2026 assessment criteria and the
2026 assessment of the 45 communes, computed and approved through the assessment services.

The inspections, findings and actions are written as the inspection services keep them (each
finding's state from its actions by `inspections.rules`): their answers come from communes
without a demo account, and their days lie in the past, which the services (stamping today)
cannot give. The review, its figures, the lessons and the assessment go through their services.

EVERYTHING HERE IS INVENTED (see dienbien.py). Dates: the plan, its inspections and the review
keep fixed 2026 dates (the demo's days are after October 2026, as the rest of the demo's fixed
dates require); what the communes did about the findings is placed relative to today — answered
and verified days before today, the actions still to do due after today, except Na Son's
overdue one, due twelve days ago.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from garrison.accounts.models import User
from garrison.operations.models import Incident, IncidentKind
from garrison.oversight.assessment import rules as assessment_rules
from garrison.oversight.assessment.measures import available_measures
from garrison.oversight.assessment.services import (
    do_approve_run,
    do_compute_run,
    do_save_criterion,
)
from garrison.oversight.inspections import rules
from garrison.oversight.lessons.services import do_create_lesson, do_record_replication
from garrison.oversight.models import (
    ActionState,
    AssessmentCriterion,
    ChecklistAnswer,
    ChecklistItem,
    ChecklistResult,
    ChecklistTemplate,
    ChecklistVersion,
    CorrectiveAction,
    Finding,
    Inspection,
    InspectionPlan,
    InspectionState,
    InspectionTarget,
    Lesson,
    Period,
    Review,
    ReviewKind,
    ReviewSubject,
)
from garrison.oversight.reviews.services import (
    do_create_review,
    do_quote_review_figures,
    do_update_review,
)
from garrison.territory.models import Village

from . import oversight_data as data
from .dienbien_data import local_moment
from .operations_data import NA_SON

DAY = datetime.timedelta(days=1)
#: how many days before today Na Son's overdue action fell due
OVERDUE_BY = 12


def _checklist(province) -> tuple[ChecklistVersion, list[ChecklistItem]]:
    """The province's checklist: version 1, published before the plan was approved."""
    template = ChecklistTemplate.objects.create(
        province=province, name=data.CHECKLIST_NAME, description=data.CHECKLIST_DESCRIPTION
    )
    version = ChecklistVersion.objects.create(
        template=template,
        number=1,
        published_at=local_moment(data.PLAN_APPROVED_ON - 5 * DAY, 9, 0),
    )
    items = ChecklistItem.objects.bulk_create(
        ChecklistItem(checklist_version=version, order=n, area=area, text=text)
        for n, (area, text) in enumerate(data.CHECKLIST_ITEMS, start=1)
    )
    return version, items


class _Days:
    """When a commune answered an action and when the inspector looked at it: after the
    finding, before today."""

    def __init__(self, today: datetime.date) -> None:
        self.today = today

    def answered(self, found: datetime.date, fate: str) -> datetime.date:
        recent = {"answered": 4, "returned": 12}
        if fate in recent:
            return max(found + DAY, self.today - recent[fate] * DAY)
        return min(found + 20 * DAY, self.today - 6 * DAY)

    def checked(self, answered: datetime.date, fate: str) -> datetime.date:
        return min(answered + (3 if fate == "returned" else 5) * DAY, self.today - DAY)

    def due(self, found: datetime.date, fate: str) -> datetime.date:
        if fate == "overdue":
            return max(found + 14 * DAY, self.today - OVERDUE_BY * DAY)
        if fate == "verified":
            return found + 45 * DAY
        if fate == "returned":  # to answer again soon: on the commune's to-do
            return max(found + 30 * DAY, self.today + 10 * DAY)
        return max(found + 60 * DAY, self.today + 20 * DAY)  # still to do: ahead


def _action(finding: Finding, fate: str, days: _Days, inspector, answerer) -> CorrectiveAction:
    """The corrective action of `finding` in the state its `fate` names."""
    required, answer, evidence = data.ACTIONS[finding.area]
    action = CorrectiveAction(
        finding=finding,
        commune=finding.commune,
        province_id=finding.province_id,
        description=required,
        due_on=days.due(finding.found_on, fate),
        state=ActionState.OPEN,
    )
    if fate in ("open", "overdue"):
        return action
    action.answer, action.completion_evidence = answer, evidence
    action.answered_on = days.answered(finding.found_on, fate)
    action.answered_by = answerer
    action.state = ActionState.ANSWERED
    if fate == "returned":
        action.state = ActionState.RETURNED
        action.verification_note = data.RETURNED_NOTE
    elif fate == "verified":
        action.state = ActionState.VERIFIED
        action.verified_on = days.checked(action.answered_on, fate)
        action.verified_by = inspector
        action.verification_note = data.VERIFIED_NOTE
    return action


def _inspection(spec: dict, plan: InspectionPlan, version, inspector, communes) -> Inspection:
    """One inspection of the plan, done, with its team and the communes it inspected."""
    inspection = Inspection.objects.create(
        province=plan.province,
        plan=plan,
        kind=spec["kind"],
        title=spec["title"],
        decision=spec["decision"],
        starts_on=spec["starts_on"],
        ends_on=spec["ends_on"],
        state=InspectionState.DONE,
        checklist_version=version,
        outside_members="\n".join(data.INSPECTORS_OUTSIDE[i] for i in spec["outside"]),
        lead=data.LEAD,
        conclusion=spec["conclusion"],
    )
    inspection.team.add(inspector)
    InspectionTarget.objects.bulk_create(
        InspectionTarget(inspection=inspection, commune=c, province_id=c.province_id)
        for c in communes
    )
    return inspection


def _inspections(province, by_name, today) -> dict[str, int]:
    """The plan, its checklist and its three inspections done: every point of the checklist
    answered in each commune inspected (met, but for the points of its findings), the findings
    and their actions in the states their fates name, each finding's state from its actions as
    the inspection rules set it."""
    inspector = User.objects.get(username="dienbien_inspector")
    answerers = {u.commune_id: u for u in User.objects.filter(commune__in=list(by_name.values()))}
    plan = InspectionPlan.objects.create(
        province=province,
        year=data.YEAR,
        title=data.PLAN_TITLE,
        decision=data.PLAN_DECISION,
        approved_on=data.PLAN_APPROVED_ON,
        notes=data.PLAN_NOTES,
    )
    version, items = _checklist(province)
    of_area = {}
    for item in items:
        of_area.setdefault(item.area, item)
    uncovered = (
        Village.objects.filter(commune=by_name[NA_SON], evacuation_assignments=None)
        .order_by("name")
        .values_list("name", flat=True)
        .first()
    ) or "Một bản"
    days = _Days(today)
    findings: list[Finding] = []
    actions: list[CorrectiveAction] = []
    answers: list[ChecklistAnswer] = []
    for spec in data.INSPECTIONS:
        communes = [by_name[name] for name in spec["communes"]]
        inspection = _inspection(spec, plan, version, inspector, communes)
        results: dict[tuple[int, int], str] = {}
        for name, severity, area, description, evidence, fate in spec["findings"]:
            commune = by_name[name]
            finding = Finding(
                inspection=inspection,
                commune=commune,
                province_id=commune.province_id,
                severity=severity,
                area=area,
                description=description.format(village=uncovered),
                evidence=evidence,
                found_on=spec["ends_on"] - DAY,
                closed_reason=data.CLOSED_REASON if fate == "closed" else "",
            )
            given = []
            if fate != "closed":
                given = [_action(finding, fate, days, inspector, answerers.get(commune.pk))]
            finding.state = rules.finding_state(fate == "closed", [a.state for a in given])
            findings.append(finding)
            actions += given
            worst = ChecklistResult.NOT_MET if severity == "serious" else ChecklistResult.PARTLY
            results[(commune.pk, of_area[area].pk)] = worst
        answers += [
            ChecklistAnswer(
                inspection=inspection,
                item=item,
                commune=commune,
                province_id=commune.province_id,
                result=results.get((commune.pk, item.pk), ChecklistResult.MET),
                note="" if (commune.pk, item.pk) not in results else data.ANSWER_NOTE,
            )
            for commune in communes
            for item in items
        ]
    Finding.objects.bulk_create(findings)
    ChecklistAnswer.objects.bulk_create(answers)
    CorrectiveAction.objects.bulk_create(actions)  # their findings have their keys now
    return {
        "inspections": len(data.INSPECTIONS),
        "findings": len(findings),
        "corrective_actions": len(actions),
        "actions_overdue": sum(1 for a in actions if rules.is_overdue(a.due_on, a.state, today)),
        "checklist_answers": len(answers),
    }


# --- the review and its lessons -------------------------------------------------------------------
def _review(province, by_name, today) -> dict[str, int]:
    """The review of the first year of the two-tier model held by the province's staff, the
    registers' figures quoted in it on its date (its conclusions cite them), and the lessons
    drawn from it, from the Na Son inspection and from the forest fire, through the reviews' and
    lessons' services."""
    staff = User.objects.get(username="dienbien")
    start, end = data.REVIEW_PERIOD
    review = do_create_review(
        actor=staff,
        review=Review(
            kind=ReviewKind.INTERIM,
            title=data.REVIEW_TITLE,
            subject=ReviewSubject.PERIOD,
            period_start=start,
            period_end=end,
            held_on=data.REVIEW_HELD_ON,
            scope_text=data.REVIEW_SCOPE,
        ),
    )
    figures = do_quote_review_figures(actor=staff, review=review, codes=data.REVIEW_FIGURES)
    value = {f.indicator: f"{f.value:,.0f}".replace(",", ".") for f in figures}
    review.conclusions = data.REVIEW_CONCLUSIONS.format(
        commanders=value["command.commander_filled"],
        militia=value["militia.strength"],
        reservists=value["reserve.registered"],
        enlisted=value["enlistment.enlisted"],
        quota=value["enlistment.quota"],
    )
    do_update_review(actor=staff, review=review, expected_version=review.version)

    fire = Incident.objects.filter(
        province=province, kind=IncidentKind.FOREST_FIRE, closed_at__isnull=False
    ).first()
    inspection = Inspection.objects.filter(province=province, targets__commune__name=NA_SON).get()
    sources = {
        "review": ({"review": review}, review.held_on),
        "inspection": ({"inspection": inspection}, min(inspection.ends_on + 7 * DAY, today)),
        "incident": (
            {"incident": fire},
            min(timezone.localdate(fire.closed_at) + 5 * DAY, today) if fire else today,
        ),
    }
    lessons = replications = 0
    for spec in data.LESSONS:
        links, recorded = sources[spec["source"]]
        lesson = do_create_lesson(
            actor=staff,
            lesson=Lesson(
                origin_commune=by_name[spec["origin"]] if spec["origin"] else None,
                kind=spec["kind"],
                title=spec["title"],
                topic=spec["topic"],
                tags=spec["tags"],
                for_border=spec["border"],
                for_mountain=spec["mountain"],
                body=spec["body"],
                recorded_on=recorded,
                **links,
            ),
        )
        lessons += 1
        for n, (name, result, note) in enumerate(spec["replications"]):
            do_record_replication(
                actor=staff,
                lesson=lesson,
                commune=by_name[name],
                started_on=min(recorded + (20 + 30 * n) * DAY, today),
                result=result,
                result_note=note,
            )
            replications += 1
    return {"reviews": 1, "review_figures": len(figures), "lessons": lessons,
            "replications": replications}  # fmt: skip


# --- the assessment -------------------------------------------------------------------------------
def _assessment(province, today) -> dict[str, int]:
    """The year's criteria, and the year's assessment computed and approved by the province's
    staff through the assessment services (as of today while the year runs, else its last day)."""
    staff = User.objects.get(username="dienbien")
    measures = {m.code for m in available_measures()}
    criteria = 0
    for code, (target, weight) in data.CRITERIA.items():
        if code in measures:
            criterion = AssessmentCriterion(
                province=province, year=data.YEAR, measure=code, target=target, weight=weight
            )
            do_save_criterion(actor=staff, criterion=criterion)
            criteria += 1
    as_of = assessment_rules.period_as_of(data.YEAR, Period.YEAR, today)  # as the page does
    run = do_compute_run(
        actor=staff, province=province, year=data.YEAR, period=Period.YEAR, as_of=as_of
    )
    run = do_approve_run(actor=staff, run=run)
    return {"criteria": criteria, "communes_assessed": run.scores.count()}


def prepare_oversight(province, communes) -> dict[str, int]:
    """The oversight demo data (after every other register). Returns counts."""
    today = timezone.localdate()
    by_name = {c.name: c for c in communes}
    return {
        "plan_year": data.YEAR,
        **_inspections(province, by_name, today),
        **_review(province, by_name, today),
        **_assessment(province, today),
    }
