"""How fast the results-based assessment scores every commune of the nation on every measure.

    python -m bench.assessment [--scale small|national] [--keep-db]

`national` is the whole nation: the 34 provinces and 3,321 communes of vietnam-provinces;
`small` is 10 invented provinces of 30 communes. Every register a measure reads holds rows for
every commune, as of "the day" (30/09/2026, fixed so that runs compare; the first nine months
of 2026 are assessed):
- each commune's command (about 3 per cent established during 2026) and, for most, a Commander
  in post (a few ended before the day);
- the militia (about 30 members a commune in its 10 units, bench.forces' generator) with this
  year's training plans, sessions and attendance, and about 30 reservists a commune (some
  assigned, checked or discharged);
- each province's 2026 enlistment campaign: the commune's quota and its candidates (most
  reported on enlistment day, a few absent), each with a person and a registration;
- the Ministry's monthly report form and each province's quarterly form, the communes' returns
  (most on time, some late, missing or returned); six directives per province with a receipt
  per commune (most completed on time, some late or not at all);
- six readiness events the Ministry declares for every commune, with a plan due (filed or not)
  and two patrols a week (each commune with its own diligence);
- incidents (about one a commune) with situation reports at the rhythm of their severity (some
  late; some incidents still open with a report overdue);
- each province's inspection of its communes: a finding per commune and two corrective actions
  (verified on time, late, answered, open);
- about five defence works a commune in every state; the province's 13 criteria for 2026.
People, militia members, reservists and attendance are written with the raw driver (bench.forces'
writer), the other registers with `bulk_create`; then the database is analysed. DEBUG is off.

Each figure is the best of several runs of:
- the application's path: each indicator's `values(every commune, the day)` (the one aggregate
  query the assessment runs per indicator), and `assessment.services.compute` — every commune's
  figures, score and rank on every measure of the criteria;
- baseline: the same aggregate written by hand in SQL and run on `connection.cursor()` in the
  same process (the bench stops when the two answers differ); for the scores, every baseline
  query then the same arithmetic (`assessment.rules`).
A last line times the 34 provinces' runs written (`do_compute_run`, figures and scores
bulk-created) against the same baseline.
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from bench._common import best_of, figure, progress, run_generated
from bench.forces import Generator, Names, next_id, territory
from bench.forces import Writer as RawWriter

AS_OF = datetime.date(2026, 9, 30)
YEAR = AS_OF.year
YEAR_START = datetime.date(YEAR, 1, 1)
LOCAL_OFFSET = datetime.timedelta(hours=7)  # Asia/Ho_Chi_Minh: UTC+7, no summer time
BATCH = 2000


@dataclass(frozen=True)
class Scale:
    provinces: int | None  # None: the real 34 provinces and 3,321 communes
    communes_per_province: int
    members: int = 30  # a commune's
    reservists: int = 30


SCALES = {
    "small": Scale(provinces=10, communes_per_province=30),
    "national": Scale(provinces=None, communes_per_province=0),
}

#: the province's criteria: measure, target, weight
CRITERIA = [
    ("command.commander_post", "1", 10),
    ("enlistment.quota_fulfilled", "100", 10),
    ("militia.strength_vs_establishment", "95", 8),
    ("militia.training_completion", "90", 8),
    ("reserve.assigned_share", "80", 6),
    ("reserve.checked_share", "90", 6),
    ("reporting.reports_on_time", "95", 8),
    ("reporting.directives_on_time", "95", 8),
    ("readiness.plans_filed", "100", 8),
    ("readiness.patrols_against_target", "90", 8),
    ("incidents.sitreps_on_time", "90", 6),
    ("oversight.findings_corrected_on_time", "90", 8),
    ("works.ready_share", "80", 6),
]


@dataclass
class Built:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """An aware UTC datetime for `day` hour:minute in Vietnam."""
    naive = datetime.datetime.combine(day, datetime.time(hour, minute)) - LOCAL_OFFSET
    return naive.replace(tzinfo=datetime.UTC)


def day_in(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randint(0, (last - first).days))


def bulk(model: Any, rows: list[Any], counts: dict[str, int], name: str) -> list[Any]:
    made = model.objects.bulk_create(rows, batch_size=BATCH)
    counts[name] = counts.get(name, 0) + len(made)
    return made


# --- generating --------------------------------------------------------------------------------
def build(scale: Scale) -> Built:
    from django.db import connection, transaction

    from garrison.commands.setup import ensure_commands

    started = time.perf_counter()
    rng = random.Random(2026)
    built = Built()
    places = territory(scale)
    ensure_commands()
    n_communes = sum(len(c) for _, c in places)
    progress(f"{len(places)} provinces, {n_communes:,} communes")
    generator = Generator(rng, Names(rng))
    generator.open_writers()
    reserve_units = _reserve_units(places)
    for index, (province, communes) in enumerate(places):
        with transaction.atomic():
            units = generator.units(province, communes)
            for commune in communes:
                generator.commune(
                    province,
                    commune,
                    units[commune.pk],
                    scale.members,
                    scale.reservists,
                    reserve_units[province.pk],
                    keep=True,
                )
            generator.flush()
            generator.training(province)
            generator.kept.clear()
        if index % 5 == 4 or index == len(places) - 1:
            progress(
                f"forces of {index + 1}/{len(places)} provinces: {generator.summary()} "
                f"({time.perf_counter() - started:,.0f} s)"
            )
    built.counts.update(generator.counts())
    with transaction.atomic():
        _commands(rng, places, generator, built.counts)
        _enlistment(rng, places, generator, built.counts)
        generator.flush()
    progress(f"commands and enlistment ({time.perf_counter() - started:,.0f} s)")
    with transaction.atomic():
        _reporting(rng, places, built.counts)
    progress(f"returns and directives ({time.perf_counter() - started:,.0f} s)")
    with transaction.atomic():
        _readiness(rng, places, built.counts)
        _incidents(rng, places, built.counts)
    progress(f"readiness and incidents ({time.perf_counter() - started:,.0f} s)")
    with transaction.atomic():
        _inspections(rng, places, built.counts)
        _works(rng, places, built.counts)
        _criteria(places, built.counts)
    generator.reset_sequences()
    _users(places)
    analyse = "VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE"
    progress(f"analysing the tables ({analyse})")
    with connection.cursor() as cursor:
        cursor.execute(analyse)
    built.seconds = time.perf_counter() - started
    return built


def _reserve_units(places) -> dict[int, list[int]]:
    from garrison.forces.models import ReserveUnit

    ReserveUnit.objects.bulk_create(
        ReserveUnit(
            province=p,
            code=f"d{n + 1}",
            name=f"Tiểu đoàn dự bị động viên {n + 1}",
            role="combat",
            establishment=420,
            means_establishment=20,
        )
        for p, _ in places
        for n in range(4)
    )
    units: dict[int, list[int]] = {}
    for pk, province_id in ReserveUnit.objects.values_list("pk", "province_id"):
        units.setdefault(province_id, []).append(pk)
    return units


def _commands(rng, places, generator, counts) -> None:
    """A few commands established during 2026; a Commander in post in most communes."""
    from garrison.commands.models import Assignment, MilitaryCommand
    from garrison.commands.rules import Position

    commands = list(MilitaryCommand.objects.filter(level="commune"))
    for command in commands:
        if rng.random() < 0.03:
            command.established_on = day_in(rng, YEAR_START, AS_OF)
    MilitaryCommand.objects.bulk_update(commands, ["established_on"], batch_size=BATCH)
    province_of = {p.pk: p for p, _ in places}
    commune_of = {c.pk: c for _, communes in places for c in communes}
    rows = []
    for command in commands:
        if rng.random() < 0.12:
            continue  # the post is vacant
        commune = commune_of[command.commune_id]
        born = datetime.date(1985, 1, 1) + datetime.timedelta(days=rng.randint(0, 3000))
        person = generator.person(province_of[commune.province_id], commune, False, born)
        ended = rng.random() < 0.05
        rows.append(
            Assignment(
                command=command,
                commune_id=commune.pk,
                province_id=commune.province_id,
                position=Position.COMMANDER,
                person_id=person,
                start_date=day_in(
                    rng,
                    datetime.date(2023, 1, 1),
                    datetime.date(2026, 3, 31) if ended else datetime.date(2026, 8, 31),
                ),
                end_date=datetime.date(2026, 6, 30) if ended else None,
            )
        )
    generator.flush()  # the people the assignments name
    bulk(Assignment, rows, counts, "commanders")


def _enlistment(rng, places, generator, counts) -> None:
    """Each province's 2026 campaign, each commune's quota and candidates (a person and a
    registration each)."""
    from garrison.conscription.models import Campaign, Candidate, CommuneQuota, ServiceRecord

    campaigns = bulk(
        Campaign,
        [
            Campaign(
                province=p,
                year=YEAR,
                quota=3 * len(communes),
                exam_start=datetime.date(2025, 11, 1),
                exam_end=datetime.date(2025, 12, 31),
                handover_date=datetime.date(2026, 2, 24),
                handover_place="Ban Chỉ huy phòng thủ khu vực 1",
            )
            for p, communes in places
        ],
        counts,
        "campaigns",
    )
    campaign_of = {c.province_id: c for c in campaigns}
    quotas, records, candidates = (
        [],
        RawWriter(ServiceRecord, ["id", "person_id", "commune_id", "province_id", "registered_on"]),
        [],
    )
    record_id = next_id(ServiceRecord)
    for province, communes in places:
        campaign = campaign_of[province.pk]
        for commune in communes:
            quota = rng.randint(2, 5)
            quotas.append(
                CommuneQuota(
                    campaign=campaign, commune=commune, province_id=province.pk, quota=quota
                )
            )
            for n in range(quota + 1):
                born = datetime.date(2004, 1, 1) + datetime.timedelta(days=rng.randint(0, 900))
                person = generator.person(province, commune, False, born)
                records.add((record_id, person, commune.pk, province.pk, "2024-04-15"))
                reported = n < quota and rng.random() < 0.9
                candidates.append(
                    Candidate(
                        campaign=campaign,
                        record_id=record_id,
                        person_id=person,
                        commune=commune,
                        province_id=province.pk,
                        outcome="eligible",
                        selected=n < quota,
                        enlistment="reported" if reported else "absent",
                    )
                )
                record_id += 1
    generator.flush()
    records.flush()
    counts["service records"] = records.written
    bulk(CommuneQuota, quotas, counts, "commune quotas")
    bulk(Candidate, candidates, counts, "candidates")
    _reset_sequences([ServiceRecord])


def _reset_sequences(models: list[Any]) -> None:
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def _submitted(rng, due: datetime.date) -> tuple[str, datetime.datetime | None]:
    draw = rng.random()
    if draw < 0.06:
        return "draft", None  # not made
    if draw < 0.09:
        return "returned", local(due - datetime.timedelta(days=2), 10)
    if draw < 0.2:
        return "approved", local(due + datetime.timedelta(days=rng.randint(1, 9)), 15)
    return rng.choice(("approved", "approved", "submitted")), local(
        due - datetime.timedelta(days=rng.randint(0, 4)), rng.randint(7, 17)
    )


def _reporting(rng, places, counts) -> None:
    """The Ministry's monthly form and each province's quarterly form with their returns, and
    six directives per province with a receipt per commune."""
    from garrison.reporting.models import (
        Directive,
        DirectiveReceipt,
        FormVersion,
        ReportForm,
        Submission,
    )
    from garrison.reporting.returns import periods

    published = local(datetime.date(2025, 11, 20), 9)
    forms = [(None, "BC-TH", "month", 5)] + [(p, "BC-Q", "quarter", 10) for p, _ in places]
    submissions = []
    for province, code, kind, due_days in forms:
        form = ReportForm.objects.create(
            province=province, code=code, name="Báo cáo công tác quân sự", period_type=kind,
            due_days=due_days,
        )  # fmt: skip
        version = FormVersion.objects.create(form=form, number=1, published_at=published)
        counts["report forms"] = counts.get("report forms", 0) + 1
        for period in periods.periods_between(kind, datetime.date(2025, 12, 1), AS_OF):
            due = period.due_on(due_days)
            if due > AS_OF + datetime.timedelta(days=40):
                continue
            for p, communes in places:
                if province is not None and p.pk != province.pk:
                    continue
                for commune in communes:
                    if rng.random() < 0.04:
                        continue  # never started
                    state, first = _submitted(rng, due)
                    submissions.append(
                        Submission(
                            form=form,
                            form_version=version,
                            commune=commune,
                            province_id=p.pk,
                            period_key=period.key,
                            period_start=period.start,
                            period_end=period.end,
                            due_on=due,
                            state=state,
                            first_submitted_at=first,
                            submitted_at=first,
                        )
                    )
    bulk(Submission, submissions, counts, "returns")
    directives, receipts = [], []
    for province, _communes in places:
        for n in range(6):
            due = datetime.date(2026, 2 + 2 * n, 10)
            directives.append(
                Directive(
                    province=province,
                    number=f"{n + 1:02d}/CT-BCH",
                    title="Về tăng cường công tác sẵn sàng chiến đấu",
                    text="Các Ban CHQS xã thực hiện.",
                    issued_on=due - datetime.timedelta(days=25),
                    due_on=due,
                    status="issued",
                    issued_at=local(due - datetime.timedelta(days=25), 8),
                )
            )
    directives = bulk(Directive, directives, counts, "directives")
    communes_of = {p.pk: communes for p, communes in places}
    for directive in directives:
        for commune in communes_of[directive.province_id]:
            draw = rng.random()
            due = directive.due_on
            completed = (
                local(due - datetime.timedelta(days=rng.randint(0, 6)), 14)
                if draw < 0.75
                else local(due + datetime.timedelta(days=rng.randint(1, 8)), 14)
                if draw < 0.88
                else None
            )
            if completed is not None and completed.date() > AS_OF:
                completed = None
            receipts.append(
                DirectiveReceipt(
                    directive=directive,
                    commune=commune,
                    province_id=directive.province_id,
                    due_on=due,
                    acknowledged_at=directive.issued_at,
                    completed_at=completed,
                )
            )
    bulk(DirectiveReceipt, receipts, counts, "directive receipts")


def _readiness(rng, places, counts) -> None:
    """Six national events, a plan due from every commune (filed or not) and two patrols a
    week (done, or planned and cancelled)."""
    from garrison.operations.models import EventTarget, Patrol, ReadinessEvent, ReadinessPlan

    events = []
    for n in range(6):
        starts = datetime.date(2026, 1, 19) + datetime.timedelta(weeks=7 * n)
        events.append(
            ReadinessEvent(
                province=None,
                name=f"Đợt cao điểm sẵn sàng chiến đấu {n + 1}/2026",
                kind="political",
                starts_on=starts,
                ends_on=starts + datetime.timedelta(days=20),
                plan_due_on=starts - datetime.timedelta(days=5),
                patrols_per_week=2,
                duty_strength=3,
                status="declared",
                declared_at=local(starts - datetime.timedelta(days=20), 8),
            )
        )
    events = bulk(ReadinessEvent, events, counts, "readiness events")
    targets, plans, patrols = [], [], []
    for province, communes in places:
        for commune in communes:
            diligence = rng.uniform(0.5, 1.0)
            for event in events:
                targets.append(
                    EventTarget(
                        event=event,
                        commune=commune,
                        province_id=province.pk,
                        plan_due_on=event.plan_due_on,
                        patrols_per_week=2,
                        duty_strength=3,
                    )
                )
                draw = rng.random()
                if draw < 0.85:
                    status = "approved" if draw < 0.7 else "submitted" if draw < 0.8 else "draft"
                    late = rng.random() < 0.1
                    sent = event.plan_due_on + datetime.timedelta(
                        days=rng.randint(1, 4) if late else -rng.randint(0, 4)
                    )
                    plans.append(
                        ReadinessPlan(
                            event=event,
                            commune=commune,
                            province_id=province.pk,
                            status=status,
                            key_places="Trụ sở UBND xã",
                            submitted_at=local(sent, 10) if status != "draft" else None,
                        )
                    )
                for week in range(3):
                    monday = event.starts_on + datetime.timedelta(weeks=week)
                    for _n in range(rng.choice((1, 2, 2, 3))):
                        day = monday + datetime.timedelta(days=rng.randint(0, 6))
                        if day > AS_OF:
                            status = "planned"
                        else:
                            status = "done" if rng.random() < diligence else "cancelled"
                        patrols.append(
                            Patrol(
                                commune=commune,
                                province_id=province.pk,
                                event=event,
                                status=status,
                                day=day,
                                starts_at=datetime.time(19, 0),
                                ends_at=datetime.time(22, 0),
                                villages="Bản Trung Tâm",
                            )
                        )
    bulk(EventTarget, targets, counts, "communes reached")
    bulk(ReadinessPlan, plans, counts, "readiness plans")
    bulk(Patrol, patrols, counts, "patrols")


REPORT_EVERY = {"minor": 24, "moderate": 12, "severe": 6, "critical": 3}  # hours
SEVERITIES = [("minor", 0.4), ("moderate", 0.3), ("severe", 0.2), ("critical", 0.1)]


def _severity(rng) -> str:
    draw, total = rng.random(), 0.0
    for value, share in SEVERITIES:
        total += share
        if draw < total:
            return value
    return SEVERITIES[-1][0]


def _incidents(rng, places, counts) -> None:
    """About one incident a commune in 2026, with its situation reports (some late); a few
    still open on the day, some of them with a report overdue."""
    from garrison.operations.models import Incident, SituationReport

    incidents, reports = [], []
    end = local(AS_OF, 23, 59)
    for province, communes in places:
        for commune in communes:
            if rng.random() < 0.15:
                continue
            severity = _severity(rng)
            every = datetime.timedelta(hours=REPORT_EVERY[severity])
            is_open = rng.random() < 0.06
            if is_open:
                occurred = end - datetime.timedelta(hours=rng.randint(2, 72))
                stops = end - datetime.timedelta(hours=rng.randint(0, 30))
            else:
                occurred = local(day_in(rng, YEAR_START, AS_OF - datetime.timedelta(days=8)), 5)
                stops = occurred + datetime.timedelta(hours=rng.randint(8, 96))
            sent = []
            moment = occurred
            while len(sent) < 8:
                late = rng.random() < 0.12
                moment += every + datetime.timedelta(minutes=rng.randint(30, 180) if late else -30)
                if moment >= stops:
                    break
                sent.append(moment)
            last = sent[-1] if sent else None
            incidents.append(
                (
                    Incident(
                        commune=commune,
                        province_id=province.pk,
                        kind="flood",
                        title="Lũ quét, sạt lở đất",
                        occurred_at=occurred,
                        severity=severity,
                        status="open" if is_open else "closed",
                        last_report_at=last,
                        next_report_due_at=(last or occurred) + every if is_open else None,
                        closed_at=None if is_open else stops,
                    ),
                    sent,
                )
            )
    made = bulk(Incident, [i for i, _sent in incidents], counts, "incidents")
    for incident, (_i, sent) in zip(made, incidents, strict=True):
        for moment in sent:
            reports.append(
                SituationReport(
                    commune_id=incident.commune_id,
                    province_id=incident.province_id,
                    incident=incident,
                    sent_at=moment,
                    situation="Đã sơ tán các hộ dân",
                )
            )
    bulk(SituationReport, reports, counts, "situation reports")


def _inspections(rng, places, counts) -> None:
    """Each province's inspection of all its communes: a finding per commune and two actions."""
    from garrison.oversight.models import CorrectiveAction, Finding, Inspection, InspectionTarget

    inspections = bulk(
        Inspection,
        [
            Inspection(
                province=p,
                title="Kiểm tra công tác quân sự, quốc phòng năm 2026",
                starts_on=datetime.date(2026, 2, 2),
                ends_on=datetime.date(2026, 2, 27),
                state="done",
            )
            for p, _ in places
        ],
        counts,
        "inspections",
    )
    inspection_of = {i.province_id: i for i in inspections}
    targets, findings = [], []
    for province, communes in places:
        for commune in communes:
            inspection = inspection_of[province.pk]
            targets.append(
                InspectionTarget(inspection=inspection, commune=commune, province_id=province.pk)
            )
            findings.append(
                Finding(
                    inspection=inspection,
                    commune=commune,
                    province_id=province.pk,
                    severity="moderate",
                    area="militia",
                    description="Sổ đăng ký dân quân chưa cập nhật",
                    found_on=datetime.date(2026, 2, 10),
                )
            )
    bulk(InspectionTarget, targets, counts, "inspected communes")
    findings = bulk(Finding, findings, counts, "findings")
    actions = []
    for finding in findings:
        for due in (datetime.date(2026, 4, 30), datetime.date(2026, 8, 31)):
            draw = rng.random()
            answered = verified = None
            state = "open"
            if draw < 0.85:
                late = rng.random() < 0.15
                answered = due + datetime.timedelta(days=rng.randint(1, 10) if late else -3)
                state = "answered"
                if answered < AS_OF - datetime.timedelta(days=10) and rng.random() < 0.8:
                    state, verified = "verified", answered + datetime.timedelta(days=7)
            actions.append(
                CorrectiveAction(
                    finding=finding,
                    commune_id=finding.commune_id,
                    province_id=finding.province_id,
                    description="Cập nhật sổ đăng ký",
                    due_on=due,
                    state=state,
                    answered_on=answered,
                    verified_on=verified,
                )
            )
    bulk(CorrectiveAction, actions, counts, "corrective actions")


def _works(rng, places, counts) -> None:
    from garrison.operations.models import DefenceWork

    states = ["ready"] * 6 + ["degraded"] * 2 + ["under_construction", "planned", "out_of_use"]
    works = [
        DefenceWork(
            commune=commune,
            province_id=province.pk,
            kind="combat_base",
            name=f"Căn cứ chiến đấu số {n + 1}",
            state=rng.choice(states),
            capacity_people=60,
        )
        for province, communes in places
        for commune in communes
        for n in range(rng.randint(3, 7))
    ]
    bulk(DefenceWork, works, counts, "defence works")


def _criteria(places, counts) -> None:
    from garrison.oversight.models import AssessmentCriterion

    bulk(
        AssessmentCriterion,
        [
            AssessmentCriterion(
                province=p, year=YEAR, measure=measure, target=Decimal(target), weight=weight
            )
            for p, _ in places
            for measure, target, weight in CRITERIA
        ],
        counts,
        "criteria",
    )


def _users(places) -> None:
    from garrison.accounts.models import User
    from garrison.accounts.rules import Role

    User.objects.bulk_create(
        User(username=f"bench-province-{p.code}", role=Role.PROVINCE_STAFF, province=p)
        for p, _ in places
    )


# --- the hand-written SQL ----------------------------------------------------------------------
def sql_rows(sql: str, params: Any) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def is_postgres() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


def local_date(column: str) -> str:
    """The local (Vietnam) date of a UTC timestamp column."""
    if is_postgres():
        return f"({column} AT TIME ZONE 'Asia/Ho_Chi_Minh')::date"
    return f"date({column}, '+7 hours')"


def plus_rhythm(column: str, severity: str) -> str:
    """`column` plus the reporting rhythm of the incident's severity."""
    whens = " ".join(f"WHEN '{s}' THEN {h}" for s, h in REPORT_EVERY.items())
    hours = f"CASE {severity} {whens} END"
    if is_postgres():
        return f"({column} + make_interval(hours => {hours}))"
    return f"datetime({column}, '+' || {hours} || ' hours')"


def moment(value: datetime.datetime) -> Any:
    """A timestamp as the database stores it (a raw cursor's parameter)."""
    from django.db import connection

    from garrison.operations.models import Incident

    return Incident._meta.get_field("occurred_at").get_db_prep_save(value, connection)


def day_bounds() -> tuple[Any, Any]:
    """The first moment of the year and the last of the day, local, as stored."""
    from django.utils import timezone

    start = timezone.make_aware(datetime.datetime.combine(YEAR_START, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(AS_OF, datetime.time(23, 59, 59)))
    return moment(start), moment(min(end, timezone.now()))


def grouped(rows: list[tuple]) -> dict[int, int]:
    return {pk: value or 0 for pk, value, *_rest in rows}


def commander_sql() -> dict[int, int]:
    return grouped(
        sql_rows(
            """SELECT m.commune_id, CASE WHEN EXISTS (
                    SELECT 1 FROM commands_assignment a
                    WHERE a.command_id = m.id AND a.position = 'commander'
                      AND a.start_date <= %(on)s AND (a.end_date IS NULL OR a.end_date >= %(on)s)
                ) THEN 1 ELSE 0 END
               FROM commands_militarycommand m WHERE m.level = 'commune'""",
            {"on": AS_OF},
        )
    )


def quota_sql() -> dict[int, int]:
    return grouped(
        sql_rows(
            """SELECT q.commune_id, q.quota FROM conscription_communequota q
               JOIN conscription_campaign c ON c.id = q.campaign_id WHERE c.year = %(year)s""",
            {"year": YEAR},
        )
    )


def enlisted_sql() -> dict[int, int]:
    return grouped(
        sql_rows(
            """SELECT q.commune_id, (
                    SELECT COUNT(*) FROM conscription_candidate d
                    WHERE d.campaign_id = q.campaign_id AND d.commune_id = q.commune_id
                      AND d.enlistment = 'reported' AND c.handover_date <= %(on)s)
               FROM conscription_communequota q
               JOIN conscription_campaign c ON c.id = q.campaign_id WHERE c.year = %(year)s""",
            {"year": YEAR, "on": AS_OF},
        )
    )


SERVING = """m.started_on <= %(on)s AND ((m.status IN ('serving', 'extended')
    AND m.ended_on IS NULL) OR m.ended_on > %(on)s)"""


def strength_sql() -> dict[int, int]:
    return grouped(
        sql_rows(
            f"""SELECT m.commune_id, COUNT(*) FROM forces_militiamember m WHERE {SERVING}
                GROUP BY m.commune_id""",
            {"on": AS_OF},
        )
    )


def establishment_sql() -> dict[int, int]:
    return grouped(
        sql_rows(
            """SELECT commune_id, SUM(establishment_leaders + establishment_deputies
                    + establishment_political + establishment_members)
               FROM forces_militiaunit
               WHERE is_active = %(active)s AND (established_on IS NULL OR established_on <= %(on)s)
               GROUP BY commune_id""",
            {"on": AS_OF, "active": True},
        )
    )


def trained_sql() -> dict[int, int]:
    from garrison.forces.rules import MILITIA_KINDS, training_days

    def by_kind(term_year: int) -> str:
        whens = " ".join(f"WHEN '{k}' THEN {training_days(k, term_year)}" for k in MILITIA_KINDS)
        return f"CASE u.kind {whens} ELSE 0 END"

    required = (
        f"CASE WHEN m.started_on BETWEEN %(y0)s AND %(y1)s THEN {by_kind(1)} ELSE {by_kind(2)} END"
    )
    return grouped(
        sql_rows(
            f"""SELECT m.commune_id, SUM(CASE WHEN COALESCE((
                    SELECT SUM(s.days) FROM forces_attendance a
                    JOIN forces_trainingsession s ON s.id = a.session_id
                    WHERE a.member_id = m.id AND s.held_on BETWEEN %(y0)s AND %(on)s
                ), 0) >= {required} THEN 1 ELSE 0 END)
               FROM forces_militiamember m JOIN forces_militiaunit u ON u.id = m.unit_id
               WHERE {SERVING} GROUP BY m.commune_id""",
            {"on": AS_OF, "y0": YEAR_START, "y1": datetime.date(YEAR, 12, 31)},
        )
    )


def reserve_sql(column: int) -> Callable[[], dict[int, int]]:
    """registered (1), assigned (2), checked (3) per commune, in one query."""

    def run() -> dict[int, int]:
        rows = sql_rows(
            """SELECT commune_id, COUNT(*),
                    SUM(CASE WHEN reserve_unit_id IS NOT NULL
                        AND (assigned_on IS NULL OR assigned_on <= %(on)s) THEN 1 ELSE 0 END),
                    SUM(CASE WHEN checked_on BETWEEN %(y0)s AND %(on)s THEN 1 ELSE 0 END)
               FROM forces_reservist
               WHERE registered_on <= %(on)s AND ((status = 'registered'
                   AND discharged_on IS NULL) OR discharged_on > %(on)s)
               GROUP BY commune_id""",
            {"on": AS_OF, "y0": YEAR_START},
        )
        return {row[0]: row[column] or 0 for row in rows}

    return run


def _forms_due() -> list[tuple[int, int | None, list[str], list[datetime.date]]]:
    """(form, province, period keys, period ends) of the forms in use, the periods due from 1
    January to the day, from the form's first publication."""
    from garrison.reporting.indicators import due_periods
    from garrison.reporting.models import ReportForm

    rows = sql_rows(
        f"""SELECT f.id, f.province_id, f.period_type, f.due_days, f.event_start, f.event_end,
                MIN({local_date("v.published_at")})
            FROM reporting_reportform f JOIN reporting_formversion v ON v.form_id = f.id
            WHERE f.active = %(active)s AND v.published_at IS NOT NULL
            GROUP BY f.id, f.province_id, f.period_type, f.due_days, f.event_start, f.event_end""",
        {"active": True},
    )
    found = []
    for pk, province_id, kind, due_days, start, end, published in rows:
        published = datetime.date.fromisoformat(str(published))
        form = ReportForm(
            period_type=kind,
            due_days=due_days,
            event_start=_day(start) if start else None,
            event_end=_day(end) if end else None,
        )
        periods = [p for p in due_periods(form, AS_OF) if published <= p.end]
        if periods:
            found.append((pk, province_id, [p.key for p in periods], [p.end for p in periods]))
    return found


def returns_due_sql() -> dict[int, int]:
    ends = [(province, end) for _pk, province, _keys, days in _forms_due() for end in days]
    if not ends:
        return {}
    if is_postgres():
        values = ", ".join(["(CAST(%s AS integer), CAST(%s AS date))"] * len(ends))
    else:
        values = ", ".join(["(%s, %s)"] * len(ends))
    params = [v for province, end in ends for v in (province, end)]
    return grouped(
        sql_rows(
            f"""WITH p(province_id, end_on) AS (VALUES {values})
                SELECT c.id, COUNT(p.end_on) FROM territory_commune c
                JOIN commands_militarycommand m ON m.commune_id = c.id AND m.level = 'commune'
                LEFT JOIN p ON (p.province_id IS NULL OR p.province_id = c.province_id)
                    AND (m.established_on IS NULL OR m.established_on <= p.end_on)
                GROUP BY c.id""",
            params,
        )
    )


def returns_on_time_sql() -> dict[int, int]:
    forms = _forms_due()
    if not forms:
        return {}
    counted, params = [], []
    for pk, _province, keys, _ends in forms:
        counted.append(f"(s.form_id = %s AND s.period_key IN ({', '.join(['%s'] * len(keys))}))")
        params += [pk, *keys]
    return grouped(
        sql_rows(
            f"""SELECT s.commune_id, COUNT(*) FROM reporting_submission s
                JOIN commands_militarycommand m ON m.commune_id = s.commune_id
                WHERE m.level = 'commune'
                  AND (m.established_on IS NULL OR m.established_on <= s.period_end)
                  AND s.state IN ('submitted', 'approved') AND s.first_submitted_at IS NOT NULL
                  AND {local_date("s.first_submitted_at")} <= s.due_on
                  AND ({" OR ".join(counted)})
                GROUP BY s.commune_id""",
            params,
        )
    )


def receipts_sql(on_time: bool) -> Callable[[], dict[int, int]]:
    def run() -> dict[int, int]:
        done = f"AND r.completed_at IS NOT NULL AND {local_date('r.completed_at')} <= r.due_on"
        return grouped(
            sql_rows(
                f"""SELECT r.commune_id, COUNT(*) FROM reporting_directivereceipt r
                    JOIN reporting_directive d ON d.id = r.directive_id
                    WHERE d.status = 'issued' AND r.due_on BETWEEN %(y0)s AND %(on)s
                    {done if on_time else ""}
                    GROUP BY r.commune_id""",
                {"y0": YEAR_START, "on": AS_OF},
            )
        )

    return run


def plans_sql(filed: bool) -> Callable[[], dict[int, int]]:
    def run() -> dict[int, int]:
        _start, end = day_bounds()
        join = """JOIN operations_readinessplan p
                    ON p.event_id = t.event_id AND p.commune_id = t.commune_id
                    AND p.status IN ('submitted', 'approved')
                    AND (p.submitted_at IS NULL OR p.submitted_at <= %(end)s)"""
        return grouped(
            sql_rows(
                f"""SELECT t.commune_id, COUNT(*) FROM operations_eventtarget t
                    JOIN operations_readinessevent e ON e.id = t.event_id
                    {join if filed else ""}
                    WHERE e.status <> 'draft' AND t.plan_due_on BETWEEN %(y0)s AND %(on)s
                    GROUP BY t.commune_id""",
                {"y0": YEAR_START, "on": AS_OF, "end": end},
            )
        )

    return run


def _patrol_weeks() -> dict[int, tuple[list[datetime.date], datetime.date]]:
    from garrison.operations.indicators import event_weeks
    from garrison.operations.models import ReadinessEvent

    rows = sql_rows(
        """SELECT id, starts_on, ends_on FROM operations_readinessevent
           WHERE status <> 'draft' AND patrols_per_week > 0
             AND starts_on <= %(on)s AND ends_on >= %(y0)s""",
        {"on": AS_OF, "y0": YEAR_START},
    )
    found = {}
    for pk, starts, ends in rows:
        event = ReadinessEvent(starts_on=_day(starts), ends_on=_day(ends))
        weeks = [w for w in event_weeks(event, AS_OF) if w >= YEAR_START]
        if weeks:
            found[pk] = (weeks, min(AS_OF, event.ends_on))
    return found


def _day(value: Any) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


def patrols_due_sql() -> dict[int, int]:
    weeks = _patrol_weeks()
    if not weeks:
        return {}
    whens = " ".join(f"WHEN {pk} THEN {len(w)}" for pk, (w, _last) in weeks.items())
    return grouped(
        sql_rows(
            f"""SELECT commune_id, SUM(patrols_per_week * CASE event_id {whens} ELSE 0 END)
                FROM operations_eventtarget
                WHERE event_id IN ({", ".join(str(pk) for pk in weeks)}) AND patrols_per_week > 0
                GROUP BY commune_id""",
            [],
        )
    )


def patrols_done_sql() -> dict[int, int]:
    weeks = _patrol_weeks()
    if not weeks:
        return {}
    counted, params = [], []
    for pk, (mondays, last) in weeks.items():
        counted.append("(p.event_id = %s AND p.day BETWEEN %s AND %s)")
        params += [pk, mondays[0], last]
    return grouped(
        sql_rows(
            f"""SELECT p.commune_id, COUNT(*) FROM operations_patrol p
                JOIN operations_eventtarget t ON t.event_id = p.event_id
                    AND t.commune_id = p.commune_id AND t.patrols_per_week > 0
                WHERE p.status = 'done' AND ({" OR ".join(counted)})
                GROUP BY p.commune_id""",
            params,
        )
    )


def sitreps_on_time_sql() -> dict[int, int]:
    start, end = day_bounds()
    previous = """(SELECT MAX(r2.sent_at) FROM operations_situationreport r2
                   WHERE r2.incident_id = r.incident_id AND r2.sent_at < r.sent_at)"""
    due = plus_rhythm(f"COALESCE({previous}, i.occurred_at)", "i.severity")
    return grouped(
        sql_rows(
            f"""SELECT r.commune_id, COUNT(*) FROM operations_situationreport r
                JOIN operations_incident i ON i.id = r.incident_id
                WHERE r.sent_at >= %(start)s AND r.sent_at <= %(end)s AND r.sent_at <= {due}
                GROUP BY r.commune_id""",
            {"start": start, "end": end},
        )
    )


def sitreps_due_sql() -> dict[int, int]:
    start, end = day_bounds()
    last = """(SELECT MAX(r.sent_at) FROM operations_situationreport r
               WHERE r.incident_id = i.id AND r.sent_at <= %(end)s)"""
    next_due = plus_rhythm(f"COALESCE({last}, i.occurred_at)", "i.severity")
    return grouped(
        sql_rows(
            f"""SELECT i.commune_id, SUM((
                    SELECT COUNT(*) FROM operations_situationreport r
                    WHERE r.incident_id = i.id AND r.sent_at >= %(start)s AND r.sent_at <= %(end)s
                ) + CASE WHEN (i.closed_at IS NULL OR i.closed_at > %(end)s)
                        AND {next_due} < %(end)s THEN 1 ELSE 0 END)
                FROM operations_incident i
                WHERE i.occurred_at <= %(end)s AND (i.closed_at IS NULL OR i.closed_at >= %(start)s)
                GROUP BY i.commune_id""",
            {"start": start, "end": end},
        )
    )


def actions_sql(on_time: bool) -> Callable[[], dict[int, int]]:
    done = "AND state = 'verified' AND verified_on <= %(on)s AND answered_on <= due_on"

    def run() -> dict[int, int]:
        return grouped(
            sql_rows(
                f"""SELECT commune_id, COUNT(*) FROM oversight_correctiveaction
                    WHERE due_on BETWEEN %(y0)s AND %(on)s {done if on_time else ""}
                    GROUP BY commune_id""",
                {"y0": YEAR_START, "on": AS_OF},
            )
        )

    return run


def works_sql(column: int) -> Callable[[], dict[int, int]]:
    def run() -> dict[int, int]:
        rows = sql_rows(
            """SELECT commune_id, SUM(CASE WHEN state = 'ready' THEN 1 ELSE 0 END),
                    SUM(CASE WHEN state IN ('ready', 'degraded') THEN 1 ELSE 0 END)
               FROM operations_defencework GROUP BY commune_id""",
            [],
        )
        return {row[0]: row[column] or 0 for row in rows}

    return run


#: the hand-written SQL of each indicator the measures read
BASELINES: dict[str, Callable[[], dict[int, int]]] = {
    "command.commander_filled": commander_sql,
    "enlistment.year_quota": quota_sql,
    "enlistment.year_enlisted": enlisted_sql,
    "militia.strength": strength_sql,
    "militia.establishment": establishment_sql,
    "militia.trained": trained_sql,
    "reserve.registered": reserve_sql(1),
    "reserve.assigned": reserve_sql(2),
    "reserve.checked": reserve_sql(3),
    "reporting.returns_due": returns_due_sql,
    "reporting.returns_on_time": returns_on_time_sql,
    "reporting.receipts_due": receipts_sql(on_time=False),
    "reporting.receipts_on_time": receipts_sql(on_time=True),
    "operations.plans_due": plans_sql(filed=False),
    "operations.plans_filed": plans_sql(filed=True),
    "operations.patrols_due": patrols_due_sql,
    "operations.patrols_done": patrols_done_sql,
    "operations.sitreps_due": sitreps_due_sql,
    "operations.sitreps_on_time": sitreps_on_time_sql,
    "oversight.actions_due": actions_sql(on_time=False),
    "oversight.actions_done_on_time": actions_sql(on_time=True),
    "operations.works_ready": works_sql(1),
    "operations.works_in_service": works_sql(2),
}


# --- measuring ---------------------------------------------------------------------------------
def filled(ids: list[int], found: dict[int, Any]) -> dict[int, Decimal]:
    """Every commune's figure (0 where nothing was counted), as a Decimal."""
    return {pk: Decimal(str(found.get(pk, 0) or 0)) for pk in ids}


def agree(name: str, orm: dict, sql: dict) -> None:
    """Stop when the application and the hand-written SQL disagree."""
    if orm == sql:
        return
    for key in sorted(set(orm) | set(sql), key=str):
        if orm.get(key) != sql.get(key):
            raise SystemExit(
                f"MISMATCH in {name} at {key}: application {orm.get(key)} / SQL {sql.get(key)}"
            )


def scored_by_baseline(
    communes: list[tuple[int, str]], criteria: list[Any]
) -> list[tuple[int, Decimal, int]]:
    """(commune, score, rank) from the hand-written SQL and the same arithmetic."""
    from garrison.oversight.assessment import rules
    from garrison.oversight.assessment.measures import get_measure, indicator_codes

    ids = [pk for pk, _name in communes]
    values = {
        code: filled(ids, BASELINES[code]())
        for code in indicator_codes(c.measure for c in criteria)
    }
    scores = []
    for pk, name in communes:
        figures = []
        for criterion in criteria:
            measure = get_measure(criterion.measure)
            denominator = values[measure.denominator][pk] if measure.denominator else None
            figures.append(
                rules.figure(criterion, values[measure.numerator][pk], denominator, measure.is_rate)
            )
        scores.append((pk, name, rules.score(figures)[0]))
    ranks = dict(rules.ranking(scores))
    return sorted((pk, score, ranks[pk]) for pk, _name, score in scores)


def measure(built: Built, repeat: int) -> None:
    from garrison.accounts.models import User
    from garrison.core.indicators import get_indicator
    from garrison.oversight.assessment import rules, services
    from garrison.territory.models import Commune, Province

    communes = list(Commune.objects.order_by("pk").values_list("pk", "name"))
    ids = [pk for pk, _name in communes]
    criteria = [rules.Criterion(m, Decimal(t), w) for m, t, w in CRITERIA]

    for code, baseline in BASELINES.items():
        indicator = get_indicator(code)
        orm = filled(ids, indicator.values(ids, AS_OF))
        agree(code, orm, filled(ids, baseline()))
        base, _ = best_of(repeat, baseline)
        elapsed, _ = best_of(repeat, lambda indicator=indicator: indicator.values(ids, AS_OF))
        total = sum(orm.values())
        figure(f"{code} for {len(ids):,} communes (total {total:,})", elapsed, "s", base)

    def by_app() -> list[tuple[int, Decimal, int]]:
        results = services.compute(communes, criteria, AS_OF)
        return sorted((r.commune_id, r.score, r.rank) for r in results)

    def by_sql() -> list[tuple[int, Decimal, int]]:
        return scored_by_baseline(communes, criteria)

    app_scores = by_app()
    agree("scores", {pk: (s, r) for pk, s, r in app_scores}, {pk: (s, r) for pk, s, r in by_sql()})
    mean = sum(s for _pk, s, _r in app_scores) / len(app_scores)
    progress(f"{len(app_scores):,} communes scored, mean score {mean:.2f}")
    base, _ = best_of(repeat, by_sql)
    elapsed, _ = best_of(repeat, by_app)
    figure(
        f"every commune scored and ranked on {len(criteria)} measures (services.compute)",
        elapsed,
        "s",
        base,
    )

    provinces = list(Province.objects.order_by("code"))
    users = {u.province_id: u for u in User.objects.filter(username__startswith="bench-province")}

    def runs() -> None:
        for province in provinces:
            services.do_compute_run(
                actor=users[province.pk], province=province, year=YEAR, period="year", as_of=AS_OF
            )

    elapsed, _ = best_of(1, runs)
    figure(f"the {len(provinces)} provinces' runs computed and written (do_compute_run)",
           elapsed, "s", base)  # fmt: skip


def main() -> None:
    run_generated(
        __doc__.splitlines()[0],
        SCALES,
        build,
        lambda built, scale: measure(built, repeat=3 if scale == "small" else 2),
    )


if __name__ == "__main__":
    main()
