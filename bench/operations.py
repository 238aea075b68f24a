"""How fast the readiness figures roll up for a province and for the nation.

    python -m bench.operations [--scale small|national] [--keep-db]

`national` is the whole nation: the 34 provinces and 3,321 communes of vietnam-provinces;
`small` is 10 invented provinces of 30 communes. A year of readiness (to "today", 24/11/2026,
fixed so that runs compare): 12 events the Ministry declares for every commune, each three weeks
long with a plan due five days before it starts and 2 patrols a week, the last one running
(in its third week) on the day; every commune reached by each (its `EventTarget`), with a plan
in each state (approved for most, some submitted, returned, draft or missing) and about 10
patrols per event (most done, a few planned or cancelled; each commune has its own diligence,
so that some weeks miss the target); incidents through the year (about one per commune at
national scale, a tenth of them still open) with their situation reports, the last report's
time and the next one due on the incident as the incidents service keeps them.

Rows are written with the raw driver (bench.forces' writer) into the schema the migrations
create, then the database is analysed; DEBUG is off. Each figure is the best of several runs of:
- the application's path: `operations.indicators` (`plans_for`, `patrols_for`,
  `incidents_for`) for a Ministry user by province, and for a province staff user (the largest
  province) by commune;
- baseline: the same aggregate written by hand in SQL and run on `connection.cursor()` in the
  same process, fetching the same numbers (the bench stops when the two answers differ).
Figures:
(1) national plans per state of the 12 events, by province;
(2) province plans per state of the 12 events, by commune;
(3) national patrols against target of the running event, by province;
(4) province patrols against target of the running event, by commune;
(5) national open incidents by severity, by province;
(6) province open incidents by severity, by commune.
"""

from __future__ import annotations

import datetime
import random
import time
from dataclasses import dataclass, field
from typing import Any

from bench._common import best_of, figure, progress, run_generated
from bench.forces import Writer, territory


@dataclass(frozen=True)
class Scale:
    provinces: int | None  # None: the real 34 provinces and 3,321 communes
    communes_per_province: int


SCALES = {
    "small": Scale(provinces=10, communes_per_province=30),
    "national": Scale(provinces=None, communes_per_province=0),
}
TODAY = datetime.date(2026, 11, 24)  # a Tuesday
NOW = datetime.datetime(2026, 11, 24, 3, 0, tzinfo=datetime.UTC)  # 10:00 in Vietnam
EVENTS = 12
EVENT_DAYS = 21
PATROLS_PER_WEEK = 2
#: plan states and their shares ("none": no plan)
PLAN_SHARES = [
    ("approved", 0.6),
    ("submitted", 0.1),
    ("returned", 0.05),
    ("draft", 0.1),
    ("none", 0.15),
]
SEVERITY_SHARES = [("minor", 0.4), ("moderate", 0.3), ("severe", 0.2), ("critical", 0.1)]
REPORT_EVERY = {"minor": 24, "moderate": 12, "severe": 6, "critical": 3}  # hours
INCIDENTS_PER_COMMUNE = 1.0
OPEN_SHARE = 0.1


@dataclass
class Built:
    counts: dict[str, int] = field(default_factory=dict)
    province_id: int = 0  # the province measured (the one with the most communes)
    event_ids: list[int] = field(default_factory=list)
    running_id: int = 0  # the event running on TODAY
    seconds: float = 0.0


def pick(rng: random.Random, shares: list[tuple[str, float]]) -> str:
    draw, total = rng.random(), 0.0
    for value, share in shares:
        total += share
        if draw < total:
            return value
    return shares[-1][0]


def event_dates(n: int) -> tuple[datetime.date, datetime.date]:
    """Event n's first and last day: the last one (n = EVENTS - 1) runs on TODAY, in its third
    week; the others a month apart before it."""
    last_start = TODAY - datetime.timedelta(days=15)  # Monday 09/11/2026
    start = last_start - datetime.timedelta(days=28 * (EVENTS - 1 - n))
    return start, start + datetime.timedelta(days=EVENT_DAYS - 1)


def build(scale: Scale) -> Built:
    from django.db import connection, transaction

    from garrison.accounts.models import User
    from garrison.accounts.rules import Role
    from garrison.operations.models import (
        EventTarget,
        Incident,
        Patrol,
        ReadinessEvent,
        ReadinessPlan,
        SituationReport,
    )

    started = time.perf_counter()
    rng = random.Random(2026)
    built = Built()
    places = territory(scale)
    measured, communes_of_measured = max(places, key=lambda pc: len(pc[1]))
    built.province_id = measured.pk
    n_communes = sum(len(c) for _, c in places)
    progress(
        f"{len(places)} provinces, {n_communes:,} communes; the province measured is "
        f"{measured.name} ({len(communes_of_measured)} communes)"
    )

    def prep(model, name, value):
        return model._meta.get_field(name).get_db_prep_save(value, connection)

    with transaction.atomic():
        User.objects.create(username="bench-ministry", role=Role.MINISTRY_VIEWER)
        User.objects.create(
            username="bench-province", role=Role.PROVINCE_STAFF, province_id=measured.pk
        )
        events = []
        for n in range(EVENTS):
            starts_on, ends_on = event_dates(n)
            events.append(
                ReadinessEvent.objects.create(
                    province=None,
                    name=f"Đợt cao điểm sẵn sàng {n + 1}/2026",
                    kind="political",
                    starts_on=starts_on,
                    ends_on=ends_on,
                    plan_due_on=starts_on - datetime.timedelta(days=5),
                    patrols_per_week=PATROLS_PER_WEEK,
                    duty_strength=3,
                    status="declared",
                    declared_at=NOW,
                )
            )
        built.event_ids = [e.pk for e in events]
        built.running_id = events[-1].pk
        targets = Writer(
            EventTarget,
            ["event_id", "commune_id", "province_id", "plan_due_on", "patrols_per_week"],
        )
        plans = Writer(
            ReadinessPlan, ["event_id", "commune_id", "province_id", "status", "return_reason"]
        )
        patrols = Writer(
            Patrol,
            [
                "commune_id",
                "province_id",
                "event_id",
                "status",
                "day",
                "starts_at",
                "ends_at",
                "villages",
            ],
        )
        starts_at = prep(Patrol, "starts_at", datetime.time(19, 0))
        ends_at = prep(Patrol, "ends_at", datetime.time(22, 0))
        for province, communes in places:
            for commune in communes:
                diligence = rng.uniform(0.6, 1.0)
                for event in events:
                    due = prep(EventTarget, "plan_due_on", event.plan_due_on)
                    targets.add((event.pk, commune.pk, province.pk, due, PATROLS_PER_WEEK))
                    state = pick(rng, PLAN_SHARES)
                    if state != "none":
                        reason = "Thiếu danh sách lực lượng" if state == "returned" else ""
                        plans.add((event.pk, commune.pk, province.pk, state, reason))
                    last = min(event.ends_on, TODAY)
                    for week in range(3):
                        monday = event.starts_on + datetime.timedelta(weeks=week)
                        if monday > last:
                            break
                        for _n in range(rng.choice((2, 3, 4))):
                            day = monday + datetime.timedelta(days=rng.randint(0, 6))
                            if day > last:
                                status = "planned"
                            elif rng.random() < diligence:
                                status = "done"
                            else:
                                status = rng.choice(("planned", "cancelled"))
                            patrols.add(
                                (
                                    commune.pk,
                                    province.pk,
                                    event.pk,
                                    status,
                                    prep(Patrol, "day", day),
                                    starts_at,
                                    ends_at,
                                    "Bản Trung Tâm",
                                )
                            )
        for writer in (targets, plans, patrols):
            writer.flush()
        built.counts["events"] = EVENTS
        built.counts["communes reached"] = targets.written
        built.counts["plans"] = plans.written
        built.counts["patrols"] = patrols.written
        incidents, reports = make_incidents(rng, places, prep, Incident, SituationReport)
        built.counts["incidents"] = incidents
        built.counts["situation reports"] = reports
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    built.seconds = time.perf_counter() - started
    return built


def make_incidents(rng, places, prep, Incident, SituationReport) -> tuple[int, int]:
    """Incidents through the year: most closed, a tenth open (some with a report overdue);
    each with its situation reports every few hours (by severity)."""
    from bench.forces import next_id

    columns = [
        "commune_id",
        "province_id",
        "kind",
        "title",
        "occurred_at",
        "severity",
        "status",
        "last_report_at",
        "next_report_due_at",
        "closed_at",
    ]
    incidents = Writer(Incident, ["id", *columns])
    reports = Writer(
        SituationReport, ["commune_id", "province_id", "incident_id", "sent_at", "situation"]
    )
    pk = next_id(Incident)
    year_start = NOW - datetime.timedelta(days=365)
    for province, communes in places:
        for commune in communes:
            count = int(INCIDENTS_PER_COMMUNE) + (rng.random() < INCIDENTS_PER_COMMUNE % 1)
            for _n in range(count):
                severity = pick(rng, SEVERITY_SHARES)
                every = datetime.timedelta(hours=REPORT_EVERY[severity])
                is_open = rng.random() < OPEN_SHARE
                if is_open:
                    occurred = NOW - datetime.timedelta(hours=rng.uniform(1, 72))
                    ends = NOW - datetime.timedelta(hours=rng.uniform(0, 8))
                else:
                    occurred = year_start + datetime.timedelta(days=rng.uniform(0, 355))
                    ends = occurred + datetime.timedelta(hours=rng.uniform(6, 96))
                sent = []
                moment = occurred + every
                while moment < ends and len(sent) < 12:
                    sent.append(moment)
                    moment += every
                last = sent[-1] if sent else None
                next_due = (last or occurred) + every if is_open else None
                closed = None if is_open else ends

                def at(name, value):
                    return prep(Incident, name, value) if value else None

                incidents.add(
                    (
                        pk,
                        commune.pk,
                        province.pk,
                        "flood",
                        "Lũ quét, sạt lở đất",
                        at("occurred_at", occurred),
                        severity,
                        "open" if is_open else "closed",
                        at("last_report_at", last),
                        at("next_report_due_at", next_due),
                        at("closed_at", closed),
                    )
                )
                for moment in sent:
                    reports.add(
                        (
                            commune.pk,
                            province.pk,
                            pk,
                            prep(SituationReport, "sent_at", moment),
                            "Đã sơ tán các hộ dân",
                        )
                    )
                pk += 1
    incidents.flush()
    reports.flush()
    return incidents.written, reports.written


# --- the hand-written SQL -------------------------------------------------------------------------
def sql_rows(sql: str, params: list[Any]) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def plans_by_sql(event_ids: list[int], by: str, province_id: int | None) -> dict:
    from garrison.operations import indicators as ind

    marks = ", ".join(["%s"] * len(event_ids))
    where = "AND t.province_id = %s" if province_id else ""
    rows = sql_rows(
        f"""
        SELECT t.event_id, t.{by}, COALESCE(p.status, 'none'), COUNT(*),
               SUM(CASE WHEN t.plan_due_on < %s THEN 1 ELSE 0 END)
        FROM operations_eventtarget t
        LEFT JOIN operations_readinessplan p
               ON p.event_id = t.event_id AND p.commune_id = t.commune_id
        WHERE t.event_id IN ({marks}) {where}
        GROUP BY 1, 2, 3
        """,
        [TODAY, *event_ids, *([province_id] if province_id else [])],
    )
    counts: dict = {}
    for event_id, group, state, n, overdue in rows:
        item = counts.setdefault((event_id, group), ind.PlanCounts())
        item.reached += n
        setattr(item, state, getattr(item, state) + n)
        if state in ind.NOT_IN:
            item.late += overdue
    return counts


def patrols_by_sql(event, by: str, province_id: int | None) -> dict:
    from django.db import connection

    from garrison.operations import indicators as ind

    weeks = ind.event_weeks(event, TODAY)
    last = min(TODAY, event.ends_on)
    if connection.vendor == "postgresql":
        week = "(p.day - %s::date) / 7"
    else:
        week = "CAST((julianday(p.day) - julianday(%s)) / 7 AS INTEGER)"
    where = "AND t.province_id = %s" if province_id else ""
    rows = sql_rows(
        f"""
        SELECT t.{by}, COUNT(*), COALESCE(SUM(x.met), 0), COALESCE(SUM(x.done), 0),
               SUM(t.patrols_per_week)
        FROM operations_eventtarget t
        LEFT JOIN (
            SELECT w.commune_id, SUM(w.n) AS done,
                   SUM(CASE WHEN w.n >= tt.patrols_per_week THEN 1 ELSE 0 END) AS met
            FROM (
                SELECT p.commune_id, {week} AS wk, COUNT(*) AS n
                FROM operations_patrol p
                WHERE p.event_id = %s AND p.status = 'done' AND p.day >= %s AND p.day <= %s
                GROUP BY 1, 2
            ) w
            JOIN operations_eventtarget tt ON tt.commune_id = w.commune_id AND tt.event_id = %s
            GROUP BY w.commune_id
        ) x ON x.commune_id = t.commune_id
        WHERE t.event_id = %s AND t.patrols_per_week > 0 {where}
        GROUP BY 1
        """,
        [
            weeks[0],
            event.pk,
            weeks[0],
            last,
            event.pk,
            event.pk,
            *([province_id] if province_id else []),
        ],
    )
    return {
        group: ind.PatrolCounts(
            communes=n, weeks=n * len(weeks), weeks_met=met, done=done, due=per_week * len(weeks)
        )
        for group, n, met, done, per_week in rows
    }


def as_aware(value: Any) -> datetime.datetime | None:
    if value is None or (isinstance(value, datetime.datetime) and value.tzinfo):
        return value
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    return value.replace(tzinfo=datetime.UTC)


def incidents_by_sql(by: str, province_id: int | None) -> dict:
    from django.db import connection

    from garrison.operations import indicators as ind
    from garrison.operations.models import Incident

    now = Incident._meta.get_field("occurred_at").get_db_prep_save(NOW, connection)
    severities = ", ".join(
        f"SUM(CASE WHEN severity = '{s}' THEN 1 ELSE 0 END)" for s in ind.SEVERITIES
    )
    where = "AND province_id = %s" if province_id else ""
    rows = sql_rows(
        f"""
        SELECT {by}, COUNT(*),
               SUM(CASE WHEN next_report_due_at < %s THEN 1 ELSE 0 END),
               MIN(COALESCE(last_report_at, occurred_at)), {severities}
        FROM operations_incident
        WHERE occurred_at <= %s AND (closed_at IS NULL OR closed_at > %s) {where}
        GROUP BY 1
        """,
        [now, now, now, *([province_id] if province_id else [])],
    )
    return {
        group: ind.IncidentCounts(
            open=n,
            overdue=overdue,
            by_severity=dict(zip(ind.SEVERITIES, counts, strict=True)),
            oldest_report=as_aware(oldest),
            now=NOW,
        )
        for group, n, overdue, oldest, *counts in rows
    }


# --- measuring ------------------------------------------------------------------------------------
def agree(name: str, orm: dict, sql: dict) -> None:
    """Stop when the application and the hand-written SQL disagree."""
    if orm == sql:
        return
    for key in sorted(set(orm) | set(sql), key=str):
        if orm.get(key) != sql.get(key):
            raise SystemExit(
                f"MISMATCH in {name} at {key}: application {orm.get(key)} / SQL {sql.get(key)}"
            )


def measure(built: Built, repeat: int) -> None:
    from garrison.accounts.models import User
    from garrison.operations import indicators as ind
    from garrison.operations.models import ReadinessEvent

    ministry = User.objects.get(username="bench-ministry")
    province_user = User.objects.get(username="bench-province")
    events = list(ReadinessEvent.objects.filter(pk__in=built.event_ids))
    running = ReadinessEvent.objects.get(pk=built.running_id)
    pid = built.province_id

    def timed(name: str, orm, sql) -> Any:
        orm_answer, sql_answer = orm(), sql()
        agree(name, orm_answer, sql_answer)  # before timing
        baseline, _ = best_of(repeat, sql)
        elapsed, _ = best_of(repeat, orm)
        figure(name, elapsed, "s", baseline)
        return orm_answer

    plans = timed(
        "national plans per state, 12 events by province (plans_for)",
        lambda: ind.plans_for(ministry, events, TODAY, ind.BY_PROVINCE),
        lambda: plans_by_sql(built.event_ids, "province_id", None),
    )
    total = ind.PlanCounts()
    for counts in plans.values():
        total.add(counts)
    progress(
        f"plans: {total.reached:,} reached, {total.approved:,} approved, {total.late:,} late, "
        f"{total.none:,} none"
    )
    timed(
        "province plans per state, 12 events by commune (plans_for)",
        lambda: ind.plans_for(province_user, events, TODAY, ind.BY_COMMUNE),
        lambda: plans_by_sql(built.event_ids, "commune_id", pid),
    )
    patrols = timed(
        "national patrols against target, running event by province (patrols_for)",
        lambda: ind.patrols_for(ministry, running, TODAY, ind.BY_PROVINCE),
        lambda: patrols_by_sql(running, "province_id", None),
    )
    week_total = ind.PatrolCounts()
    for counts in patrols.values():
        week_total.add(counts)
    progress(
        f"patrols: {week_total.weeks_met:,} of {week_total.weeks:,} commune-weeks on target, "
        f"{week_total.done:,} of {week_total.due:,} patrols done"
    )
    timed(
        "province patrols against target, running event by commune (patrols_for)",
        lambda: ind.patrols_for(province_user, running, TODAY, ind.BY_COMMUNE),
        lambda: patrols_by_sql(running, "commune_id", pid),
    )
    incidents = timed(
        "national open incidents by severity, by province (incidents_for)",
        lambda: ind.incidents_for(ministry, NOW, ind.BY_PROVINCE),
        lambda: incidents_by_sql("province_id", None),
    )
    progress(
        f"incidents: {sum(i.open for i in incidents.values()):,} open, "
        f"{sum(i.overdue for i in incidents.values()):,} with a report overdue"
    )
    timed(
        "province open incidents by severity, by commune (incidents_for)",
        lambda: ind.incidents_for(province_user, NOW, ind.BY_COMMUNE),
        lambda: incidents_by_sql("commune_id", pid),
    )


def main() -> None:
    run_generated(
        __doc__.splitlines()[0],
        SCALES,
        build,
        lambda built, scale: measure(built, repeat=5 if scale == "small" else 3),
    )


if __name__ == "__main__":
    main()
