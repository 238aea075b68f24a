"""Every page and API route keeps commune A's staff out of commune B's objects.

The routes are enumerated from the URL resolver and the OpenAPI schema, so a new route is
covered without anyone writing a new test; a parametrised route whose object this test cannot
build makes it fail, naming the route to add below."""

from __future__ import annotations

import csv
import datetime
import io
import json

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from garrison.accounts.models import ApiToken, User
from garrison.api import api
from garrison.commands.models import (
    Assignment,
    MilitaryCommand,
    PredecessorUnit,
    Reorganisation,
    StaffingQuota,
)
from garrison.conscription import models as service
from garrison.core.models import ExportJob, ImportJob
from garrison.people.models import Person
from garrison.territory.models import Commune, Province
from tests.conftest import client_for
from tests.factories import AssignmentFactory, CommandFactory

SKIPPED_PREFIXES = ("admin/", "i18n/", "api/", "static/")


def walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


@pytest.fixture
def world_b(commune_b, other_province, person_b, commune_b_staff):
    """One object of each kind that belongs to commune B (or, for province-wide rows, to
    another province), keyed by model."""
    command_b = CommandFactory(commune=commune_b)
    assignment_b = AssignmentFactory(command=command_b, person=person_b)
    other_command = CommandFactory(commune__province=other_province)
    reorganisation = Reorganisation.objects.create(
        province=other_province, date=datetime.date(2026, 1, 14), legal_basis="NQ", title="R"
    )
    predecessor = PredecessorUnit.objects.create(commune=commune_b, name="Xã Cũ")
    token, _key = ApiToken.issue(commune_b_staff, "b's script")
    job = ImportJob.objects.create(
        config_name="people.person", actor=commune_b_staff, file_name="b.csv", content=b"x"
    )
    export = ExportJob.objects.create(
        config_name="people.person", actor=commune_b_staff, file_name="b.xlsx"
    )
    return {
        **_service_world(person_b, commune_b, other_province, commune_b_staff),
        **_forces_world(person_b, commune_b, other_province),
        **_reporting_world(commune_b),
        **_report_forms_world(commune_b, other_province, commune_b_staff),
        **_cadres_world(person_b, commune_b, other_province),
        **_operations_world(person_b, commune_b, other_province, commune_b_staff),
        **_oversight_world(commune_b, other_province),
        Person: person_b,
        Commune: commune_b,
        Province: other_province,
        MilitaryCommand: command_b,
        StaffingQuota: command_b.quotas.first(),
        Assignment: assignment_b,
        Reorganisation: reorganisation,
        PredecessorUnit: predecessor,
        User: commune_b_staff,
        ImportJob: job,
        ExportJob: export,
        ApiToken: token,
        "other_command": other_command,
    }


def _service_world(person_b, commune_b, other_province, actor):
    """Commune B's military-service rows (and another province's campaign)."""
    from django.utils import timezone

    from tests.factories import CampaignFactory, CommuneFactory, PersonFactory

    record = service.ServiceRecord.objects.create(
        person=person_b, commune=commune_b, registered_on=datetime.date(2022, 4, 1)
    )
    elsewhere = CommuneFactory(province=other_province)
    transfer = service.RecordTransfer.objects.create(
        record=record,
        from_commune=commune_b,
        to_commune=elsewhere,
        reason="moved",
        handed_over_on=datetime.date(2026, 5, 1),
    )
    campaign = CampaignFactory(province=commune_b.province)
    other_campaign = CampaignFactory(province=other_province)
    candidate = service.Candidate.objects.create(
        campaign=campaign, record=record, person=person_b, commune=commune_b, outcome="eligible"
    )
    order = service.CallUpOrder.objects.create(
        candidate=candidate,
        year=2027,
        sequence=1,
        number="001/QĐ-UBND",
        issued_on=datetime.date(2027, 2, 1),
        report_at=timezone.now(),
        report_place="x",
        signer_name="x",
    )
    return {
        service.ServiceRecord: record,
        service.RecordTransfer: transfer,
        service.Campaign: other_campaign,
        service.CommuneQuota: service.CommuneQuota.objects.get(
            campaign=campaign, commune=commune_b
        ),
        service.Candidate: candidate,
        service.CallUpOrder: order,
        service.OrderBatch: service.OrderBatch.objects.create(
            campaign=campaign, commune=commune_b, actor=actor, total=1
        ),
        service.PoolBuild: service.PoolBuild.objects.create(
            campaign=campaign, commune=commune_b, province=commune_b.province, actor=actor
        ),
        service.Admission: service.Admission.objects.create(
            person=person_b, year=2026, school="Trường Sĩ quan Lục quân 1"
        ),
        service.DeclaredRelationship: service.DeclaredRelationship.objects.create(
            person=person_b,
            relative=PersonFactory(residence_commune=commune_b),
            kind="sibling",
        ),
    }


def _forces_world(person_b, commune_b, other_province):
    """Commune B's militia, reserve and training rows (and another province's reserve unit
    and target ratio)."""
    from garrison.forces import models as forces
    from tests.factories import (
        MilitiaMemberFactory,
        ReserveUnitFactory,
        ReservistFactory,
        TechnicalMeansFactory,
        TrainingSessionFactory,
    )

    member = MilitiaMemberFactory(person=person_b, unit__commune=commune_b)
    session = TrainingSessionFactory(plan__commune=commune_b)
    forces.Attendance.objects.create(session=session, member=member, commune=commune_b)
    return {
        forces.MilitiaUnit: member.unit,
        forces.MilitiaMember: member,
        forces.ForceTarget: forces.ForceTarget.objects.create(
            province=other_province, militia_percent=1
        ),
        forces.ReserveUnit: ReserveUnitFactory(province=other_province),
        forces.Reservist: ReservistFactory(person=person_b),
        forces.TechnicalMeans: TechnicalMeansFactory(commune=commune_b),
        forces.TrainingPlan: session.plan,
        forces.TrainingSession: session,
    }


def _operations_world(person_b, commune_b, other_province, actor):
    """Commune B's readiness rows: an event of B's province that reaches B alone (commune A,
    of the same province, must not see it), another province's event, B's plan, roster,
    police, patrol, coordination, incident with its timeline, mobilisation and report."""
    from garrison.operations import models as ops
    from tests.factories import (
        DutyShiftFactory,
        EventTargetFactory,
        IncidentFactory,
        MilitiaMemberFactory,
        PatrolFactory,
        PoliceOfficerFactory,
        ReadinessEventFactory,
        ReadinessPlanFactory,
        SituationReportFactory,
    )

    event = ReadinessEventFactory(province=commune_b.province, status="declared")
    target = EventTargetFactory(event=event, commune=commune_b)
    other_event = ReadinessEventFactory(province=other_province)
    plan = ReadinessPlanFactory(event=event, commune=commune_b)
    shift = DutyShiftFactory(commune=commune_b, event=event)
    member = MilitiaMemberFactory(unit__commune=commune_b)
    booking = ops.DutyAssignment.objects.create(
        shift=shift, commune=commune_b, role="militia_standby", person=member.person, member=member
    )
    officer = PoliceOfficerFactory(police_unit__commune=commune_b)
    patrol = PatrolFactory(commune=commune_b, event=event)
    coordination = ops.CoordinationPlan.objects.create(
        commune=commune_b, title="Kế hoạch phối hợp", signed_on=datetime.date(2026, 1, 5)
    )
    meeting = ops.CoordinationMeeting.objects.create(
        commune=commune_b, plan=coordination, held_on=datetime.date(2026, 3, 1), conclusions="x"
    )
    incident = IncidentFactory(commune=commune_b)
    update = ops.IncidentUpdate.objects.create(
        incident=incident, commune=commune_b, at=incident.occurred_at, text="x", author=actor
    )
    mobilisation = ops.Mobilisation.objects.create(
        incident=incident, commune=commune_b, member=member, from_at=incident.occurred_at
    )
    report = SituationReportFactory(incident=incident)
    zone = _defence_zone_world(commune_b, person_b, incident)
    return {
        **zone,
        ops.ReadinessEvent: event,
        "other_event": other_event,
        ops.EventTarget: target,
        ops.ReadinessPlan: plan,
        ops.DutyShift: shift,
        ops.DutyAssignment: booking,
        ops.PoliceUnit: officer.police_unit,
        ops.PoliceOfficer: officer,
        ops.Patrol: patrol,
        ops.CoordinationPlan: coordination,
        ops.CoordinationMeeting: meeting,
        ops.Incident: incident,
        ops.IncidentUpdate: update,
        ops.Mobilisation: mobilisation,
        ops.SituationReport: report,
    }


def _defence_zone_world(commune_b, person_b, incident):
    """Commune B's defensive-zone rows: a village, a combat base inspected after the incident, an
    evacuation area taking the village, an education session attended by B's person with B's
    cadre of group 4, and a programme of commune B alone (a province-wide one would be commune
    A's too) with the help it gave."""
    from garrison.operations import models as ops
    from garrison.territory.models import Village
    from tests.factories import (
        AudienceMemberFactory,
        DefenceWorkFactory,
        EducationSessionFactory,
        EvacuationAreaFactory,
        MassProgrammeFactory,
        ProgrammeAidFactory,
        VillageFactory,
        WorkInspectionFactory,
    )

    village = VillageFactory(commune=commune_b)
    work = DefenceWorkFactory(commune=commune_b, village=village)
    inspection = WorkInspectionFactory(work=work, incident=incident)
    area = EvacuationAreaFactory(commune=commune_b)
    assignment = ops.EvacuationAssignment.objects.create(
        commune=commune_b, village=village, area=area
    )
    session = EducationSessionFactory(commune=commune_b)
    attendance = ops.EducationAttendance.objects.create(
        commune=commune_b, session=session, person=person_b
    )
    programme = MassProgrammeFactory(province=commune_b.province, commune=commune_b)
    return {
        Village: village,
        ops.DefenceWork: work,
        ops.WorkInspection: inspection,
        ops.EvacuationAssignment: assignment,
        ops.EducationSession: session,
        ops.EducationAttendance: attendance,
        ops.AudienceMember: AudienceMemberFactory(person=person_b, commune=commune_b),
        ops.MassProgramme: programme,
        ops.ProgrammeAid: ProgrammeAidFactory(
            programme=programme, person=person_b, commune=commune_b
        ),
    }


def _oversight_world(commune_b, other_province):
    """Oversight rows commune A must not reach: an inspection of commune B alone (same
    province: A reads only the inspections that name it) with its target, checklist answer,
    finding and corrective action; the other province's plan, checklist, review, lesson,
    criterion and assessment run; B's replication of a model and B's score and figure."""
    from decimal import Decimal

    from garrison.oversight import models as ov
    from tests.factories.oversight import (
        AssessmentCriterionFactory,
        ChecklistItemFactory,
        CorrectiveActionFactory,
        FindingFactory,
        InspectionPlanFactory,
        LessonFactory,
        ReplicationFactory,
        ReviewFactory,
        inspection_of,
    )

    item = ChecklistItemFactory(checklist_version__template__province=other_province)
    inspection = inspection_of(commune_b)
    finding = FindingFactory(commune=commune_b, inspection=inspection)
    review = ReviewFactory(province=other_province)
    lesson = LessonFactory(province=other_province, review=review)
    run_b = ov.AssessmentRun.objects.create(
        province=commune_b.province, year=2026, as_of=datetime.date(2026, 6, 30)
    )
    # one run a year: the page fuzz's world of commune A passes A's own province as the other
    run = (
        run_b
        if other_province == commune_b.province
        else ov.AssessmentRun.objects.create(
            province=other_province, year=2026, as_of=datetime.date(2026, 6, 30)
        )
    )
    return {
        ov.InspectionPlan: InspectionPlanFactory(province=other_province),
        ov.ChecklistTemplate: item.checklist_version.template,
        ov.ChecklistVersion: item.checklist_version,
        ov.ChecklistItem: item,
        ov.Inspection: inspection,
        ov.InspectionTarget: inspection.targets.get(),
        ov.ChecklistAnswer: ov.ChecklistAnswer.objects.create(
            inspection=inspection, item=item, commune=commune_b, result="met"
        ),
        ov.Finding: finding,
        ov.CorrectiveAction: CorrectiveActionFactory(finding=finding),
        ov.Review: review,
        ov.ReviewFigure: ov.ReviewFigure.objects.create(
            review=review,
            indicator="militia.strength",
            label="x",
            value=Decimal(1),
            as_of=datetime.date(2026, 6, 30),
        ),
        ov.Lesson: lesson,
        ov.Replication: ReplicationFactory(
            lesson=LessonFactory(province=commune_b.province), commune=commune_b
        ),
        ov.AssessmentCriterion: AssessmentCriterionFactory(province=other_province),
        ov.AssessmentRun: run,
        ov.CommuneScore: ov.CommuneScore.objects.create(
            run=run_b, commune=commune_b, score=Decimal(50), rank=1, weight_counted=10
        ),
        ov.ScoreFigure: ov.ScoreFigure.objects.create(
            run=run_b,
            commune=commune_b,
            measure="militia.training_completion",
            numerator=Decimal(1),
            target=Decimal(90),
            weight=10,
        ),
    }


def _reporting_world(commune_b):
    """A directive of commune B's province addressed to commune B alone (commune A, of the
    same province, must not see it), B's receipt, and a file attached to each."""
    from garrison.reporting import models as reporting
    from tests.factories import issued_directive

    directive = issued_directive(commune_b.province, [commune_b])
    receipt = directive.receipts.get()
    return {
        reporting.Directive: directive,
        reporting.DirectiveReceipt: receipt,
        reporting.DirectiveAttachment: reporting.DirectiveAttachment.objects.create(
            directive=directive, name="b.pdf", file="reporting/b.pdf", size=1
        ),
        reporting.ReceiptAttachment: reporting.ReceiptAttachment.objects.create(
            receipt=receipt, name="b.pdf", file="reporting/b-report.pdf", size=1
        ),
    }


def _report_forms_world(commune_b, other_province, actor):
    """A report form of another province (commune A reads its own province's forms and the
    Ministry's, not this one), its version, field and rule, and a return of commune B (made on
    it directly: only B's scope matters here), with a history line and a notification of B's."""
    from garrison.core.models import Notification
    from garrison.reporting import models as reporting
    from tests.factories import monthly_form

    form = monthly_form(other_province, code="BC-B")
    version = form.current_version()
    submission = reporting.Submission.objects.create(
        form=form,
        form_version=version,
        commune=commune_b,
        period_key="2026-10",
        period_start=datetime.date(2026, 10, 1),
        period_end=datetime.date(2026, 10, 31),
        due_on=datetime.date(2026, 11, 5),
        values={"trained": 1},
    )
    return {
        reporting.ReportForm: form,
        reporting.FormVersion: version,
        reporting.FormField: version.fields.first(),
        reporting.FormRule: version.rules.first(),
        reporting.Submission: submission,
        reporting.SubmissionEvent: reporting.SubmissionEvent.objects.create(
            submission=submission, action="created"
        ),
        Notification: Notification.objects.create(user=actor, text="B's", url="/"),
    }


def _cadres_world(person_b, commune_b, other_province):
    """A cadre serving in commune B (commune A must not read their record), the decision that
    posted them, a placement proposal of B's own province (no commune reads proposals), and
    another province's standard and course."""
    from garrison.cadres import models as cadres
    from tests.factories import CadreProfileFactory, CommandFactory, PostStandardFactory

    profile = CadreProfileFactory(person=person_b, province=commune_b.province)
    profile.commune = commune_b
    profile.save()
    command = CommandFactory(commune__province=commune_b.province)
    day = datetime.date(2026, 1, 5)
    decision = cadres.CadreDecision.objects.create(
        profile=profile,
        kind="appointment",
        number="1/QĐ-B",
        signed_on=day,
        effective_on=day,
        signer_name="x",
        signer_title="x",
        province=commune_b.province,
        commune=commune_b,
    )
    run = cadres.PlacementRun.objects.create(
        province=commune_b.province, title="B", effective_on=day, horizon=day
    )
    course = cadres.Course.objects.create(
        province=other_province,
        title="c",
        kind="military",
        provider="x",
        starts_on=day,
        ends_on=day,
    )
    return {
        cadres.CadreProfile: profile,
        cadres.BodyMembership: cadres.BodyMembership.objects.create(
            profile=profile,
            body="party_executive",
            commune=commune_b,
            term="2025–2030",
            started_on=day,
        ),
        cadres.CareerEntry: cadres.CareerEntry.objects.create(
            profile=profile, title="x", organisation="x", started_on=day
        ),
        cadres.CadreDecision: decision,
        cadres.PostStandard: PostStandardFactory(province=other_province),
        cadres.PlacementRun: run,
        cadres.PlacementPin: cadres.PlacementPin.objects.create(
            run=run, kind="forbid", command=command, position="commander", profile=profile
        ),
        cadres.SuccessionPlan: cadres.SuccessionPlan.objects.create(
            profile=profile,
            command=command,
            position="commander",
            term="2025–2030",
            readiness="now",
        ),
        cadres.Course: course,
        cadres.Enrolment: cadres.Enrolment.objects.create(
            course=cadres.Course.objects.create(
                province=commune_b.province,
                title="c",
                kind="military",
                provider="x",
                starts_on=day,
                ends_on=day,
            ),
            profile=profile,
        ),
        cadres.Evaluation: cadres.Evaluation.objects.create(
            profile=profile, year=2025, rating="good"
        ),
        cadres.Recognition: cadres.Recognition.objects.create(
            profile=profile,
            kind="commendation",
            form="x",
            decided_on=day,
            issued_by="x",
            reason="x",
        ),
        cadres.Entitlement: cadres.Entitlement.objects.create(
            profile=profile, kind="border", started_on=day
        ),
    }


def _named_routes():
    from garrison.cadres import models as cadres
    from garrison.core.models import Notification
    from garrison.operations import models as ops
    from garrison.oversight.models import AssessmentRun
    from garrison.reporting import models as reporting

    return {
        "decision_pdf": cadres.CadreDecision,
        "import_job": ImportJob,
        "export_job": ExportJob,
        "export_download": ExportJob,
        "token_revoke": ApiToken,
        "order_batch": service.OrderBatch,
        "pool_build": service.PoolBuild,
        "directive_attachment": reporting.DirectiveAttachment,
        "receipt_attachment": reporting.ReceiptAttachment,
        "notification_open": Notification,
        "province_dashboard": Province,
        "notification_act": Notification,
        "plan_document": ops.ReadinessPlan,
        "incident_pdf": ops.Incident,
        "sitrep_pdf": ops.SituationReport,
        "coordination_document": ops.CoordinationPlan,
        "programme_recipients_pdf": ops.MassProgramme,
        "assessment_run_compare": AssessmentRun,
        "assessment_run_pdf": AssessmentRun,
    }


# routes that are not generic model pages, by URL name
NAMED_ROUTES = _named_routes()


def object_for(pattern: URLPattern, world: dict):
    config = getattr(pattern.callback, "view_initkwargs", {}).get("config")
    if config is not None:
        return world.get(config.model)
    model = NAMED_ROUTES.get(pattern.name)
    return world.get(model) if model else None


def _search_finds_nothing_of_b(client, user, route: str, world: dict) -> int:
    """Every register's search (the pickers' `/search/<key>/`), asked by commune A's staff for
    commune B's person and commune, answers none of B's rows, whatever it is asked for."""
    from garrison.core.registry import all_configs, config_key

    person_b, commune_b = world[Person], world[Commune]
    checked = 0
    for config in all_configs():
        url = "/" + route.replace("<str:key>", config_key(config))
        for params in ({}, {"scope": "nation"}, {"value": "code"}):
            for q in ("", person_b.full_name, person_b.citizen_id, commune_b.name, "B"):
                response = client.get(url, {**params, "q": q})
                if response.status_code == 404:
                    break  # not searched (a small list), or no such value: alike for all
                assert response.status_code == 200, url
                rows = response.json()["results"]
                if config.picker_nationwide and params.get("scope") == "nation":
                    continue  # public administrative data, offered nationwide on purpose
                hidden = config.base_queryset().exclude(
                    pk__in=config.model._default_manager.visible_to(user).values("pk")
                )
                shown = [r["value"] for r in rows]
                leaks = hidden.filter(**{f"{params.get('value', 'pk')}__in": shown})
                assert not leaks.exists(), f"{url}?q={q} finds {list(leaks)}"
                assert person_b.full_name not in str(rows), url
        checked += 1
    return checked


def parametrised_routes():
    for route, pattern in walk(get_resolver().url_patterns):
        if route.startswith(SKIPPED_PREFIXES) or "<" not in route:
            continue
        yield route, pattern


@pytest.mark.django_db
def test_no_page_of_commune_b_is_readable_or_changeable_by_commune_a(
    world_b, commune_a_staff, person_a, command_a
):
    client = client_for(commune_a_staff)
    uncovered = []
    checked = 0
    for route, pattern in parametrised_routes():
        if "<str:key>" in route:  # a register's search: checked for every register
            checked += _search_finds_nothing_of_b(client, commune_a_staff, route, world_b)
            continue
        obj = object_for(pattern, world_b)
        if obj is None:
            uncovered.append(route)
            continue
        url = "/" + route.replace("<int:pk>", str(obj.pk))
        # 405 (a method the route does not take) answers alike for every pk: it discloses
        # nothing; every method the route takes must answer 404
        got = {
            "GET": client.get(url).status_code,
            "POST": client.post(url, {"version": 1, "full_name": "Hacked"}).status_code,
        }
        assert set(got.values()) <= {404, 405} and 404 in got.values(), f"{url} → {got}"
        checked += 1
    assert not uncovered, f"add these routes to the scoping test's world: {uncovered}"
    assert checked > 15
    # and B's objects are still as they were
    assert Person.objects.filter(pk=world_b[Person].pk).exists()


class _RowKey:
    """An export column added for the leak test: the primary key of the row it was written
    from (duck-typed like core.registry.Column: `value(obj)` and `header(model)`)."""

    HEADER = "leak-test-pk"

    def value(self, obj) -> str:
        return f"pk:{obj.pk}"

    def header(self, model) -> str:
        return self.HEADER


def _exported_pks(response) -> set[int]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    if not rows or _RowKey.HEADER not in rows[0]:
        return set()
    at = rows[0].index(_RowKey.HEADER)
    return {int(row[at].removeprefix("pk:")) for row in rows[1:] if len(row) > at}


def _listed(client, url: str, detail_urls: dict[int, str]) -> set[int]:
    """The rows whose detail page the list page at `url` links to."""
    response = client.get(url)
    assert response.status_code == 200, url
    page = response.content.decode()
    return {pk for pk, detail in detail_urls.items() if f'"{detail}"' in page}


@pytest.mark.django_db
def test_no_list_or_export_shows_commune_b_to_commune_a(
    world_b, commune_a_staff, commune_b_staff, province_staff, other_province, person_a, monkeypatch
):
    """For every registered config: commune A's list page and CSV export hold no row A may not
    see (commune B's rows, and another province's), checked by primary key.

    The list page is checked by the detail links of those rows (the page links every row it
    shows to its detail page); the export by a column added for the test that holds each
    written row's primary key (so the check reads what the export really wrote, whatever its
    visible columns are). Neither is checked against a blind spot: each hidden row has a
    witness (commune B's staff, the province's, or another province's) whose list page and
    export must show it by the same means: a default filter, a missing link or a missing key
    column makes the test fail instead of passing for the wrong reason."""
    from garrison.accounts.rules import Role
    from garrison.core import exporting
    from garrison.core.registry import all_configs
    from garrison.core.scoping import scope_of, scope_q
    from tests.factories import UserFactory

    columns = exporting.export_columns
    monkeypatch.setattr(exporting, "export_columns", lambda c: [*columns(c), _RowKey()])
    province_c_staff = UserFactory(
        username="c_province", role=Role.PROVINCE_STAFF, province=other_province
    )
    outsider = client_for(commune_a_staff)
    witnesses = [
        (user, client_for(user)) for user in (commune_b_staff, province_staff, province_c_staff)
    ]
    leaks, blind, checked = [], [], 0

    for config in all_configs():
        model, list_url, export_url = config.model, config.url("list"), config.url("export")
        manager = model._default_manager
        hidden = manager.exclude(scope_q(model, scope_of(commune_a_staff), "view"))
        detail = {obj.pk: config.url("detail", obj) for obj in hidden}
        if not detail:
            continue
        seen = set()
        if list_url:
            for query in ("", f"?commune={world_b[Commune].pk}"):
                if shown := _listed(outsider, list_url + query, detail):
                    leaks.append(f"{list_url}{query} lists {model.__name__} {sorted(shown)}")
        if export_url:
            for query in ("?format=csv", f"?format=csv&commune={world_b[Commune].pk}"):
                if shown := _exported_pks(outsider.get(export_url + query)) & set(detail):
                    leaks.append(f"{export_url}{query} exports {model.__name__} {sorted(shown)}")
        for user, client in witnesses:
            theirs = set(
                manager.filter(
                    scope_q(model, scope_of(user), "view"), pk__in=list(detail)
                ).values_list("pk", flat=True)
            )
            if not theirs:
                continue
            listed = _listed(client, list_url, detail) if list_url else theirs
            exported = (
                _exported_pks(client.get(export_url + "?format=csv")) if export_url else theirs
            )
            seen |= theirs & listed & exported
        if missing := set(detail) - seen:
            blind.append(f"{model.__name__} {sorted(missing)}")
        checked += 1

    assert not leaks, leaks
    assert not blind, f"hidden rows no witness's list and export show (a blind spot): {blind}"
    assert checked >= 40


@pytest.mark.django_db
def test_no_other_list_or_export_shows_commune_b_to_commune_a(world_b, commune_a_staff, person_a):
    """The list and export pages not generated from a config (the configs' are checked by
    primary key above) name nobody of commune B."""
    from garrison.core.registry import all_configs

    generated = {c.url(a) for c in all_configs() for a in ("list", "export")}
    client = client_for(commune_a_staff)
    person_b = world_b[Person]
    for route, pattern in walk(get_resolver().url_patterns):
        if route.startswith(SKIPPED_PREFIXES) or "<" in route or "/" + route in generated:
            continue
        if not (route.endswith("export/") or (pattern.name and pattern.name.endswith("_list"))):
            continue
        for query in (
            "",
            f"?residence_commune={person_b.residence_commune_id}",
            f"?commune={person_b.residence_commune_id}",
            "?format=csv",
        ):
            response = client.get("/" + route + query)
            assert response.status_code in (200, 302), route
            body = b"".join(response.streaming_content) if response.streaming else response.content
            text = body.decode("utf-8", "replace")
            assert person_b.citizen_id not in text, route
            assert person_b.full_name not in text, route


@pytest.mark.django_db
def test_no_roster_of_commune_b_reaches_commune_a(world_b, commune_a_staff, person_a):
    """The roster pages and the roster's API take a commune's code, not a pk: asked for commune
    B's, they refuse (the page 400 with the form's message, the PDF and the workbook back to the
    page, the API 422), and show none of B's bookings."""
    from garrison.operations import models as ops

    client = client_for(commune_a_staff)
    booking = world_b[ops.DutyAssignment]
    name = booking.person.full_name
    query = {
        "commune": world_b[Commune].code,
        "event": world_b[ops.ReadinessEvent].pk,
        "from": booking.shift.day.isoformat(),
        "until": booking.shift.day.isoformat(),
    }
    expected = {
        "/operations/duty/roster/": 400,
        "/operations/duty/roster/pdf/": 302,
        "/operations/duty/roster/xlsx/": 302,
        "/api/operations/duty-roster": 422,
    }
    for url, status in expected.items():
        response = client.get(url, query)
        assert response.status_code == status, url
        assert name not in response.content.decode("utf-8", "replace"), url


def api_operations():
    schema = api.get_openapi_schema()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


HACK = {"version": 1, "full_name": "Hacked"}
#: bodies that pass input validation, by the path's last part, so the scoping is what answers
VALID_BODIES = {
    "/hand-over": {"to_commune_code": 3316, "reason": "moved"},
    "/receive": {},
    "/quotas": {"quotas": {}},
    "/health-exams": {"examined_on": "2026-11-10", "board": "x", "health_class": 1},
    "/background-check": {"cleared": True, "checked_on": "2026-11-10"},
    "/decisions": {
        "kind": "exemption",
        "letter": "a",
        "evidence": "x",
        "decided_by": "x",
        "decided_on": "2026-11-10",
    },
    "/selection": {"selected": True},
    "/order": {
        "issued_on": "2027-01-01",
        "report_at": "2027-02-24T07:00:00+07:00",
        "report_place": "x",
        "signer_name": "x",
    },
    "/enlistment": {"reported": True},
    "/move": {"unit_id": 1},
    "/extend": {"years": 1},
    "/end": {},
    "/check": {},
    "/assign": {"reserve_unit_id": None},
    "/attendance": {"member_ids": []},
    "/issue": {},
    "/amend": {"note": "x"},
    "/remind": {},
    "/acknowledge": {},
    "/complete": {"account": "x"},
    "/pins": {"kind": "forbid", "command_id": 1, "position": "commander", "profile_id": 1},
    "/book": {"role": "militia_standby", "member_id": 1},
    "/unbook": {"booking_id": 1},
    "/timeline": {"text": "x"},
    "/mobilise": {"member_ids": []},
    "/stand-down": {},
    "/situation-report": {"situation": "x"},
    "/close": {"after_action": "x", "lessons": "x"},
    "/record": {"findings": "x"},
    "/inspection": {
        "inspected_on": "2026-06-01",
        "inspectors": "x",
        "state_found": "ready",
        "findings": "x",
    },
    "/request-inspection": {"incident_id": 1, "due_on": "2026-06-01"},
    "/record-attendance": {"person_ids": []},
    "/remove-attendance": {"person_ids": []},
    "/cancel": {"reason": "x"},
    "/give-aid": {"person_id": 1, "kind": "gift", "value_vnd": 1, "given_on": "2026-01-28"},
    "/quote-figures": {"codes": ["militia.strength"]},
    "/record-replication": {"commune_code": 3316, "started_on": "2026-08-01"},
    "/publish": {},
    "/new-version": {},
    "/checklist": {"commune_code": 3151, "answers": []},
    "/findings": {"commune_code": 3151, "severity": "minor", "area": "other", "description": "x"},
    "/actions": {"description": "x", "due_on": "2026-07-01"},
    "/answer": {"answer": "x", "completion_evidence": "x"},
    "/verify": {},
    "/approve": {
        "first_number": 1,
        "symbol": "QĐ-BCH",
        "signed_on": "2026-06-20",
        "signer_name": "x",
        "signer_title": "x",
    },
}


def creation_bodies(world) -> dict[str, dict]:
    """Bodies of the forces' creations that aim at commune B's rows (they must answer 400)."""
    from garrison.forces import models as forces

    b = world[Commune].code
    return {
        "/api/forces/units": {"commune_code": b, "name": "x", "kind": "local", "level": "team"},
        "/api/forces/members": {
            "citizen_id": world[Person].citizen_id,
            "unit_id": world[forces.MilitiaUnit].pk,
            "started_on": "2026-06-01",
        },
        "/api/forces/reservists": {
            "citizen_id": world[Person].citizen_id,
            "registered_on": "2026-04-01",
        },
        "/api/forces/means": {
            "commune_code": b,
            "kind": "road_vehicle",
            "model_name": "x",
            "registration_number": "27C-999.99",
            "owner_name": "x",
            "registered_on": "2026-04-01",
        },
        "/api/forces/plans": {"commune_code": b, "year": 2026, "kind": "local"},
        "/api/operations/duty-shifts": {"commune_code": b, "day": "2026-02-16", "shift": "night"},
        "/api/operations/duty-shifts/plan": {
            "commune_code": b,
            "first_day": "2026-02-16",
            "last_day": "2026-02-17",
        },
        "/api/operations/incidents": {
            "commune_code": b,
            "kind": "flood",
            "title": "x",
            "occurred_at": "2026-07-20T05:30:00+07:00",
            "severity": "minor",
        },
        "/api/forces/sessions": {
            "plan_id": world[forces.TrainingPlan].pk,
            "held_on": "2026-06-01",
            "days": 1,  # a JSON number: a decimal sent as text is refused (422)
            "content": "x",
        },
        **_patrol_creation_bodies(world, b),
        "/api/operations/works": {
            "commune_code": b,
            "kind": "shelter",
            "name": "x",
            "state": "ready",
            "capacity_people": 10,
        },
        **_evacuation_creation_bodies(world, b),
        **_education_creation_bodies(world, b),
    }


def _evacuation_creation_bodies(world, b) -> dict[str, dict]:
    """The villages' and the evacuation plan's creations aimed at commune B."""
    from garrison.operations import models as ops
    from garrison.territory.models import Village

    assignment = world[ops.EvacuationAssignment]
    return {
        "/api/villages": {"commune_code": b, "name": "Bản mới"},
        "/api/operations/evacuation-assignments": {
            "village_id": world[Village].pk,
            "area_id": assignment.area_id,
        },
    }


def _education_creation_bodies(world, b) -> dict[str, dict]:
    """The education registers' creations aimed at commune B (its commune, its person)."""
    return {
        "/api/operations/education-sessions": {
            "commune_code": b,
            "audience": "group_4",
            "topic": "x",
            "starts_on": "2026-05-12",
            "ends_on": "2026-05-12",
        },
        "/api/operations/education-groups": {
            "commune_code": b,
            "person_id": world[Person].pk,
            "audience": "group_4",
            "since": "2025-07-01",
        },
    }


def _patrol_creation_bodies(world, b) -> dict[str, dict]:
    """The patrols' creations aimed at commune B (its commune, police, plan, members)."""
    from garrison.forces import models as forces
    from garrison.operations import models as ops

    return {
        "/api/operations/police": {"commune_code": b, "name": "Công an"},
        "/api/operations/police-officers": {
            "police_unit_id": world[ops.PoliceUnit].pk,
            "full_name": "x",
        },
        "/api/operations/coordination-plans": {
            "commune_code": b,
            "title": "x",
            "signed_on": "2026-01-05",
        },
        "/api/operations/coordination-meetings": {
            "commune_code": b,
            "plan_id": world[ops.CoordinationPlan].pk,
            "held_on": "2026-03-01",
            "conclusions": "x",
        },
        "/api/operations/patrols": {
            "commune_code": b,
            "day": "2026-02-16",
            "starts_at": "19:00",
            "ends_at": "22:00",
            "villages": "x",
            "member_ids": [world[forces.MilitiaMember].pk],
            "officer_ids": [world[ops.PoliceOfficer].pk],
        },
    }


def register_value(world, operation, param):
    """For a route generated from a register's declaration (`x-register`), the value of its
    row parameter that names commune B's object of that register, or None."""
    from garrison.core.api_routes import GENERATED, id_param, spec_of

    key = operation.get("x-register")
    if not key:
        return None
    config = GENERATED[key]
    if id_param(config) != param or config.model not in world:
        return None
    return getattr(world[config.model], spec_of(config).lookup)


def _oversight_values(world) -> dict[str, int]:
    """The path parameters of the oversight action routes, naming commune B's rows (and the
    other province's checklist)."""
    from garrison.oversight import models as ov

    return {
        "checklist_id": world[ov.ChecklistTemplate].pk,
        "checklist_version_id": world[ov.ChecklistVersion].pk,
        "inspection_id": world[ov.Inspection].pk,
        "finding_id": world[ov.Finding].pk,
        "action_id": world[ov.CorrectiveAction].pk,
    }


@pytest.mark.django_db
def test_no_api_route_reaches_commune_b_from_commune_a(world_b, commune_a_staff, person_a):
    from garrison.cadres import models as cadres
    from garrison.forces import models as forces
    from garrison.operations import models as ops
    from garrison.oversight import models as ov
    from garrison.reporting import models as reporting

    client = client_for(commune_a_staff)
    person_b = world_b[Person]
    values = {
        "directive_id": world_b[reporting.Directive].pk,
        "receipt_id": world_b[reporting.DirectiveReceipt].pk,
        "form_id": world_b[reporting.ReportForm].pk,
        "submission_id": world_b[reporting.Submission].pk,
        "period_key": "2026-10",
        "person_id": person_b.pk,
        "code": world_b[Commune].code,
        "command_id": world_b[MilitaryCommand].pk,
        "record_id": world_b[service.ServiceRecord].pk,
        "transfer_id": world_b[service.RecordTransfer].pk,
        "campaign_id": world_b[service.Campaign].pk,
        "candidate_id": world_b[service.Candidate].pk,
        "profile_id": world_b[cadres.CadreProfile].pk,
        "run_id": world_b[cadres.PlacementRun].pk,
        "shift_id": world_b[ops.DutyShift].pk,
        "pin_id": world_b[cadres.PlacementPin].pk,
        "event_id": world_b[ops.ReadinessEvent].pk,
        "readiness_plan_id": world_b[ops.ReadinessPlan].pk,
        "programme_id": world_b[ops.MassProgramme].pk,
        "incident_id": world_b[ops.Incident].pk,
        "mobilisation_id": world_b[ops.Mobilisation].pk,
        "work_id": world_b[ops.DefenceWork].pk,
        "report_id": world_b[ops.SituationReport].pk,
        "edusession_id": world_b[ops.EducationSession].pk,
        "review_id": world_b[ov.Review].pk,
        "lesson_id": world_b[ov.Lesson].pk,
        **_oversight_values(world_b),
        "assessment_run_id": world_b[ov.AssessmentRun].pk,
        **{
            f"{name}_id": world_b[model].pk
            for name, model in (
                ("unit", forces.MilitiaUnit),
                ("member", forces.MilitiaMember),
                ("reservist", forces.Reservist),
                ("means", forces.TechnicalMeans),
                ("plan", forces.TrainingPlan),
                ("session", forces.TrainingSession),
                ("patrol", ops.Patrol),
            )
        },
    }
    creations = creation_bodies(world_b)
    uncovered = []
    checked = 0
    for path, method, operation in api_operations():
        params = [part[1:-1] for part in path.split("/") if part.startswith("{")]
        if params:
            # a register's generated route names its row by the declared lookup
            generated = register_value(world_b, operation, params[-1])
            if any(p not in values and generated is None for p in params):
                uncovered.append(f"{method.upper()} {path}")
                continue
            url = path
            for p in params:
                value = generated if (p == params[-1] and generated is not None) else values[p]
                url = url.replace("{" + p + "}", str(value))
            body = json.dumps(VALID_BODIES.get(path.rsplit("}", 1)[-1], HACK))
            response = client.generic(method.upper(), url, body, content_type="application/json")
            assert response.status_code == 404, f"{method.upper()} {url} → {response.status_code}"
        elif method == "get":
            for query in ("", f"?commune={world_b[Commune].code}", "?province=11", "?province=12"):
                if path.endswith("/export"):  # read the csv: an xlsx is compressed
                    query += ("&" if query else "?") + "format=csv"
                response = client.get(path + query)
                # a filter naming a place outside the scope is refused like an unknown one
                assert response.status_code in (200, 422), path + query
                body = (
                    b"".join(response.streaming_content) if response.streaming else response.content
                ).decode()
                assert person_b.citizen_id not in body, path + query
                assert str(world_b[MilitaryCommand].name) not in body, path
        elif path in creations:  # creation aimed at B's rows: refused, naming the field
            response = client.post(
                path, json.dumps(creations[path]), content_type="application/json"
            )
            assert response.status_code == 400, f"{method.upper()} {path} → {response.content}"
        else:  # creation: B's commune is not a valid target
            body = {"residence_commune_code": world_b[Commune].code}
            response = client.post(path, json.dumps(body), content_type="application/json")
            assert response.status_code in (400, 403, 422), f"{method.upper()} {path}"
        checked += 1
    assert not uncovered, f"add these API routes to the scoping test: {uncovered}"
    assert checked >= 6
    person_b.refresh_from_db()
    assert person_b.full_name != "Hacked"


@pytest.mark.django_db
def test_a_province_user_sees_its_communes_but_not_another_province(
    province_staff, person_a, person_b, commune_c, as_user
):
    from tests.factories import PersonFactory

    person_c = PersonFactory(residence_commune=commune_c)
    client = as_user(province_staff)
    assert client.get(f"/people/{person_a.pk}/").status_code == 200
    assert client.get(f"/people/{person_b.pk}/").status_code == 200
    assert client.get(f"/people/{person_c.pk}/").status_code == 404
    data = client.get("/api/people").json()
    assert {p["id"] for p in data["items"]} == {person_a.pk, person_b.pk}


@pytest.mark.django_db
def test_read_only_roles_cannot_change(ministry_viewer, province_inspector, person_a, as_user):
    for user in (ministry_viewer, province_inspector):
        client = as_user(user)
        assert client.get(f"/people/{person_a.pk}/").status_code == 200
        assert client.get(f"/people/{person_a.pk}/edit/").status_code == 404
        response = client.patch(
            f"/api/people/{person_a.pk}",
            json.dumps({"version": person_a.version, "full_name": "X"}),
            content_type="application/json",
        )
        assert response.status_code == 403


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_sign_in(person_a, client):
    response = client.get(f"/people/{person_a.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get("/api/people").status_code == 401
