"""How fast the defensive-zone figures (issue 18) roll up for a province and for the nation.

    python -m bench.defence_zone [--scale small|national] [--keep-db]

`national` is the whole nation: the 34 provinces and 3,321 communes of vietnam-provinces;
`small` is 10 invented provinces of 30 communes. On "today", 24/11/2026 (fixed so that runs
compare), every commune has:
- 6 villages with their population, and about 10 defence works of every kind (most ready, some
  planned, being built, degraded or out of use) with their inspections (a yearly check: the
  latest within the last fourteen months, some overdue; the work's last inspection, finding,
  state and next inspection due follow the latest, as the inspection services keep them);
- its evacuation areas (among the works) taking its villages, about one village in thirty left
  without an area and some areas over capacity;
- about 8 education sessions in 2026 (the four groups of cadres, students, the population),
  about 15 cadres of the four groups with their attendance by name (most trained), a count for
  the mass sessions;
- about 30 rows of help given under its province's programme ("Xuân ấm áp – Tết Quân dân
  2026", one per province), a few people helped twice.

Rows are written with the raw driver (bench.forces' writer) into the schema the migrations
create, then the database is analysed; DEBUG is off. Each figure is the best of several runs of:
- the application's path: the area's indicator function (`works_rollup`, `education_rollup`,
  `programme_totals`, `evacuation_coverage`) for a Ministry user by province, and for a province
  staff user (the largest province) by commune;
- baseline: the same aggregate written by hand in SQL and run on `connection.cursor()` in the
  same process, fetching the same numbers (the bench stops when the two answers differ).
Figures: national and province roll-up of (1–2) works, (3–4) education, (5–6) programmes,
(7–8) evacuation. A function not yet in the code prints "<figure>: not yet available".
"""

from __future__ import annotations

import datetime
import importlib
import random
import time
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from bench._common import best_of, figure, progress, run_generated
from bench.forces import Names, Writer, next_id, territory


@dataclass(frozen=True)
class Scale:
    provinces: int | None  # None: the real 34 provinces and 3,321 communes
    communes_per_province: int


SCALES = {
    "small": Scale(provinces=10, communes_per_province=30),
    "national": Scale(provinces=None, communes_per_province=0),
}
TODAY = datetime.date(2026, 11, 24)
YEAR = TODAY.year
VILLAGES = 6
WORKS = 10
KINDS = [
    "combat_base",
    "rear_base",
    "logistics_base",
    "evacuation_area",
    "combat_village_cluster",
    "shelter",
    "air_defence_position",
    "observation_post",
    "depot",
]
STATE_SHARES = [
    ("ready", 0.7),
    ("planned", 0.08),
    ("under_construction", 0.08),
    ("degraded", 0.1),
    ("out_of_use", 0.04),
]
AUDIENCES = ["group_1", "group_2", "group_3", "group_4", "students", "population"]
CADRE_GROUPS = AUDIENCES[:4]
CADRES = {"group_1": 1, "group_2": 2, "group_3": 4, "group_4": 8}
AID_PER_COMMUNE = 30
AID = [("gift", 1, 500_000), ("money", 1, 1_000_000), ("work_days", 10, 2_000_000),
       ("house_repaired", 1, 15_000_000), ("house_built", 1, 60_000_000)]  # fmt: skip
ETHNICITIES = ["Kinh", "Thái", "Mông", "Tày", "Mường"]


@dataclass
class Built:
    counts: dict[str, int] = field(default_factory=dict)
    province_id: int = 0  # the province measured (the one with the most communes)
    seconds: float = 0.0


def pick(rng: random.Random, shares: list[tuple[str, float]]) -> str:
    draw, total = rng.random(), 0.0
    for value, share in shares:
        total += share
        if draw < total:
            return value
    return shares[-1][0]


class Writers:
    """The raw writers of every register the bench fills, and the ids it hands out."""

    def __init__(self) -> None:
        from garrison.operations.models import (
            AudienceMember,
            DefenceWork,
            EducationAttendance,
            EducationSession,
            EvacuationAssignment,
            ProgrammeAid,
            WorkInspection,
        )
        from garrison.people.models import Person
        from garrison.territory.models import Village

        self.ids = {m: next_id(m) for m in (Person, Village, DefenceWork, EducationSession)}
        self.people = Writer(
            Person,
            ["id", "citizen_id", "full_name", "name_sort_key", "date_of_birth", "sex",
             "ethnicity", "residence_commune_id", "province_id", "village_id"],
        )  # fmt: skip
        self.villages = Writer(
            Village, ["id", "commune_id", "province_id", "name", "population", "households"]
        )
        self.works = Writer(
            DefenceWork,
            ["id", "commune_id", "province_id", "kind", "name", "village_id", "state",
             "capacity_people", "capacity_tonnes", "built_on", "last_inspected_on",
             "last_finding", "inspection_due_on"],
        )  # fmt: skip
        self.inspections = Writer(
            WorkInspection,
            ["commune_id", "province_id", "work_id", "inspected_on", "inspectors",
             "state_found", "findings"],
        )  # fmt: skip
        self.assignments = Writer(
            EvacuationAssignment, ["commune_id", "province_id", "village_id", "area_id"]
        )
        self.sessions = Writer(
            EducationSession,
            ["id", "commune_id", "province_id", "audience", "topic", "starts_on", "ends_on",
             "attendance_count"],
        )  # fmt: skip
        self.attendance = Writer(
            EducationAttendance, ["commune_id", "province_id", "session_id", "person_id"]
        )
        self.members = Writer(
            AudienceMember,
            ["commune_id", "province_id", "person_id", "audience", "position", "since"],
        )
        self.aid = Writer(
            ProgrammeAid,
            ["commune_id", "province_id", "programme_id", "person_id", "kind", "quantity",
             "value_vnd", "given_on"],
        )  # fmt: skip
        self.all = [
            self.people, self.villages, self.works, self.inspections, self.assignments,
            self.sessions, self.attendance, self.members, self.aid,
        ]  # fmt: skip

    def next(self, model) -> int:
        pk = self.ids[model]
        self.ids[model] += 1
        return pk

    def flush(self) -> None:
        for writer in self.all:
            writer.flush()


def date(value: datetime.date) -> str:
    return value.isoformat()


def commune_rows(rng, names: Names, w: Writers, province, commune, programme_id, serial) -> int:
    """One commune's villages, works and inspections, evacuation plan, people, cadres, education
    and help given. Returns the province's next citizen serial."""
    from garrison.operations.models import DefenceWork, EducationSession
    from garrison.people.models import Person
    from garrison.people.rules import FEMALE, MALE, make_citizen_id
    from garrison.territory.models import Village

    c, p = commune.pk, province.pk
    villages = []
    for n in range(VILLAGES):
        pk = w.next(Village)
        population = rng.randint(200, 1500)
        w.villages.add((pk, c, p, f"Bản {n + 1}", population, population // 5))
        villages.append((pk, population))

    def person(village_id: int, born_from: int, born_to: int) -> int:
        nonlocal serial
        serial += 1
        female = rng.random() < 0.5
        name, key = names(female)
        born = datetime.date(rng.randint(born_from, born_to), rng.randint(1, 12), 1)
        sex = FEMALE if female else MALE
        pk = w.next(Person)
        w.people.add(
            (pk, make_citizen_id(province.code, sex, born, serial), name, key, date(born), sex,
             rng.choice(ETHNICITIES), c, p, village_id)
        )  # fmt: skip
        return pk

    # works: one evacuation area for three villages, a combat base, the rest of every kind
    kinds = ["combat_base", "evacuation_area", "evacuation_area"]
    kinds += [rng.choice(KINDS) for _ in range(WORKS - len(kinds))]
    areas = []
    for n, kind in enumerate(kinds):
        pk = w.next(DefenceWork)
        state = "ready" if kind == "evacuation_area" else pick(rng, STATE_SHARES)
        village_id = villages[n % VILLAGES][0]
        people = rng.randint(50, 600) if kind not in ("depot", "logistics_base") else None
        if kind == "evacuation_area" and len(areas) < 2:  # its villages' people, or too few
            held = [v[1] for i, v in enumerate(villages) if i * 2 // VILLAGES == len(areas)]
            people = round(sum(held) * rng.uniform(0.85, 1.5))
        tonnes = Decimal(rng.randint(20, 300)) / 10 if people is None else None
        last = due = None
        finding = ""
        if state not in ("planned", "under_construction"):
            last = TODAY - datetime.timedelta(days=rng.randint(20, 430))
            if rng.random() < 0.6:
                w.inspections.add(
                    (c, p, pk, date(last - datetime.timedelta(days=365)), "Ban CHQS xã",
                     "ready", "Sẵn sàng sử dụng")
                )  # fmt: skip
            finding = "Xuống cấp" if state == "degraded" else "Sẵn sàng sử dụng"
            w.inspections.add((c, p, pk, date(last), "Ban CHQS xã", state, finding))
            due = last + datetime.timedelta(days=365)
        w.works.add(
            (pk, c, p, kind, f"Công trình {n + 1}", village_id, state, people, tonnes,
             None if last is None else date(datetime.date(2015, 1, 1)),
             None if last is None else date(last), finding, None if due is None else date(due))
        )  # fmt: skip
        if kind == "evacuation_area" and len(areas) < 2:
            areas.append((pk, people))
    # evacuation: the villages split between the two areas; now and then one left out
    for n, (village_id, _population) in enumerate(villages):
        if n == VILLAGES - 1 and rng.random() < 0.2:
            continue
        w.assignments.add((c, p, village_id, areas[n * 2 // VILLAGES][0]))

    # education: the cadres, a session per cadre group, two for students and the population
    cadres = {
        g: [person(rng.choice(villages)[0], 1965, 1995) for _ in range(k)]
        for g, k in CADRES.items()
    }
    for group, people in cadres.items():
        for pk in people:
            w.members.add((c, p, pk, group, "Cán bộ", date(datetime.date(2022, 1, 1))))
    for audience in [*CADRE_GROUPS, "students", "students", "population", "population"]:
        pk = w.next(EducationSession)
        starts = datetime.date(YEAR, rng.randint(1, 10), rng.randint(1, 28))
        cadre = audience in CADRE_GROUPS
        w.sessions.add(
            (pk, c, p, audience, "Bồi dưỡng kiến thức quốc phòng và an ninh", date(starts),
             date(starts + datetime.timedelta(days=1)), None if cadre else rng.randint(30, 300))
        )  # fmt: skip
        if cadre:
            for person_id in cadres[audience]:
                if rng.random() < 0.8:
                    w.attendance.add((c, p, pk, person_id))

    # help given under the province's programme; a few people helped twice
    helped = [person(rng.choice(villages)[0], 1940, 1990) for _ in range(AID_PER_COMMUNE - 2)]
    helped += rng.sample(helped, 2) if rng.random() < 0.3 else [person(villages[0][0], 1950, 1980)
                                                                 for _ in range(2)]  # fmt: skip
    for person_id in helped:
        kind, quantity, value = rng.choice(AID)
        given = datetime.date(YEAR, rng.choice((1, 2)), rng.randint(1, 28))
        w.aid.add((c, p, programme_id, person_id, kind, quantity, value, date(given)))
    return serial


def build(scale: Scale) -> Built:
    from django.db import connection, transaction

    from garrison.accounts.models import User
    from garrison.accounts.rules import Role
    from garrison.operations.models import MassProgramme

    started = time.perf_counter()
    rng = random.Random(2026)
    names = Names(rng)
    built = Built()
    places = territory(scale)
    measured, communes_of_measured = max(places, key=lambda pc: len(pc[1]))
    built.province_id = measured.pk
    n_communes = sum(len(c) for _, c in places)
    progress(
        f"{len(places)} provinces, {n_communes:,} communes; the province measured is "
        f"{measured.name} ({len(communes_of_measured)} communes)"
    )
    with transaction.atomic():
        User.objects.create(username="bench-ministry", role=Role.MINISTRY_VIEWER)
        User.objects.create(
            username="bench-province", role=Role.PROVINCE_STAFF, province_id=measured.pk
        )
        w = Writers()
        for province, communes in places:
            programme = MassProgramme.objects.create(
                province=province,
                commune=None,
                name="Xuân ấm áp – Tết Quân dân 2026",
                starts_on=datetime.date(YEAR, 1, 1),
                ends_on=datetime.date(YEAR, 2, 28),
                with_fatherland_front=True,
                with_womens_union=True,
                with_youth_union=True,
            )
            serial = 500_000  # clear of the other benches' people
            for commune in communes:
                serial = commune_rows(rng, names, w, province, commune, programme.pk, serial)
        w.flush()
        for label, writer in [
            ("villages", w.villages),
            ("people", w.people),
            ("works", w.works),
            ("inspections", w.inspections),
            ("evacuation assignments", w.assignments),
            ("education sessions", w.sessions),
            ("cadres", w.members),
            ("attendance", w.attendance),
            ("help given", w.aid),
        ]:
            built.counts[label] = writer.written
        built.counts["programmes"] = len(places)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    built.seconds = time.perf_counter() - started
    return built


# --- the hand-written SQL -------------------------------------------------------------------------
def sql_rows(sql: str, params: list[Any]) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def scope(alias: str, province_id: int | None) -> tuple[str, list[Any]]:
    if province_id is None:
        return "", []
    return f"AND {alias}.province_id = %s", [province_id]


def works_by_sql(by: str, province_id: int | None) -> dict:
    """Per group (`works.indicators.WorkFigures`): works by kind and state, ready by kind,
    degraded, due for inspection (not out of use), with an inspection this year."""
    from garrison.operations.works.indicators import WorkFigures

    where, params = scope("w", province_id)
    rows = sql_rows(
        f"""
        SELECT w.{by}, w.kind, w.state, COUNT(*),
               SUM(CASE WHEN w.inspection_due_on <= %s AND w.state <> 'out_of_use'
                        THEN 1 ELSE 0 END),
               SUM(CASE WHEN EXISTS (
                   SELECT 1 FROM operations_workinspection i
                   WHERE i.work_id = w.id AND i.inspected_on >= %s AND i.inspected_on <= %s
               ) THEN 1 ELSE 0 END)
        FROM operations_defencework w
        WHERE 1 = 1 {where}
        GROUP BY 1, 2, 3
        """,
        [TODAY, datetime.date(YEAR, 1, 1), TODAY, *params],
    )
    out: dict = {}
    for group, kind, state, n, due, inspected in rows:
        item = out.setdefault(group, WorkFigures())
        item.total += n
        item.by_kind_state[(kind, state)] = n
        if state == "ready":
            item.ready_by_kind[kind] = n
        item.degraded += n if state == "degraded" else 0
        item.due += due
        item.inspected_this_year += inspected
    return out


def education_by_sql(by: str, province_id: int | None) -> dict:
    """Per group and audience (`education.indicators.GroupFigures`): the sessions of the year
    started by today, the people named at them, counted, attending (the count when given, else
    those named); the cadres in their group today and those who attended a session of their
    group within its cycle."""
    from garrison.operations.education.indicators import CADRES, GroupFigures
    from garrison.operations.education.rules import cycle_start

    where, params = scope("s", province_id)
    out: dict = {}

    def item(group, audience) -> GroupFigures:
        per = out.setdefault(group, {})
        if audience not in per:
            cadre = audience in CADRES
            per[audience] = GroupFigures(members=0 if cadre else None, trained=0 if cadre else None)
        return per[audience]

    for group, audience, n, named, counted, people in sql_rows(
        f"""
        SELECT s.{by}, s.audience, COUNT(*), COALESCE(SUM(COALESCE(a.n, 0)), 0),
               COALESCE(SUM(s.attendance_count), 0),
               COALESCE(SUM(COALESCE(s.attendance_count, a.n, 0)), 0)
        FROM operations_educationsession s
        LEFT JOIN (
            SELECT session_id, COUNT(*) AS n FROM operations_educationattendance
            GROUP BY session_id
        ) a ON a.session_id = s.id
        WHERE s.starts_on >= %s AND s.starts_on <= %s {where}
        GROUP BY 1, 2
        """,
        [datetime.date(YEAR, 1, 1), min(TODAY, datetime.date(YEAR, 12, 31)), *params],
    ):
        f = item(group, audience)
        f.sessions, f.named, f.counted, f.people = n, named, counted, people
    where, params = scope("m", province_id)
    cycles = " ".join(["WHEN %s THEN %s"] * len(CADRES))
    for group, audience, n, trained in sql_rows(
        f"""
        SELECT m.{by}, m.audience, COUNT(DISTINCT m.person_id),
               COUNT(DISTINCT CASE WHEN EXISTS (
                   SELECT 1 FROM operations_educationattendance a
                   JOIN operations_educationsession s ON s.id = a.session_id
                   WHERE a.person_id = m.person_id AND s.audience = m.audience
                     AND s.starts_on >= (CASE m.audience {cycles} END) AND s.starts_on <= %s
               ) THEN m.person_id END)
        FROM operations_audiencemember m
        WHERE m.since <= %s AND (m.until IS NULL OR m.until >= %s) {where}
        GROUP BY 1, 2
        """,
        [
            *[v for g in CADRES for v in (g, cycle_start(g, TODAY))],
            TODAY,
            TODAY,
            TODAY,
            *params,
        ],
    ):
        f = item(group, audience)
        f.members, f.trained = n, trained
    return out


def programmes_by_sql(by: str, province_id: int | None) -> dict:
    """Per group, as `programmes.indicators.programme_totals` counts them: people helped
    (distinct persons), help given (rows), value given in all and by kind, quantity by kind,
    and the rows of people helped more than once under the same programme (flagged)."""
    from garrison.operations.programmes.models import AidKind

    kinds = list(AidKind.values)
    where, params = scope("a", province_id)
    by_kind = ", ".join(
        f"COALESCE(SUM(CASE WHEN a.kind = '{k}' THEN a.value_vnd END), 0), "
        f"COALESCE(SUM(CASE WHEN a.kind = '{k}' THEN a.quantity END), 0)"
        for k in kinds
    )
    out = {}
    for group, people, rows, value, flagged, *per_kind in sql_rows(
        f"""
        SELECT a.{by}, COUNT(DISTINCT a.person_id), COUNT(*), COALESCE(SUM(a.value_vnd), 0),
               SUM(CASE WHEN d.n > 1 THEN 1 ELSE 0 END), {by_kind}
        FROM operations_programmeaid a
        JOIN (
            SELECT programme_id, person_id, COUNT(*) AS n FROM operations_programmeaid a
            WHERE 1 = 1 {where}
            GROUP BY programme_id, person_id
        ) d ON d.programme_id = a.programme_id AND d.person_id = a.person_id
        WHERE 1 = 1 {where}
        GROUP BY 1
        """,
        params * 2,
    ):
        item = {"people": people, "rows": rows, "value": value, "flagged": flagged}
        for n, kind in enumerate(kinds):
            item[f"value_{kind}"] = per_kind[2 * n]
            item[f"quantity_{kind}"] = per_kind[2 * n + 1]
        out[group] = item
    return out


def evacuation_by_sql(by: str, province_id: int | None) -> dict:
    """Per group (`evacuation.indicators.FIGURES`): villages, those no area takes, those taken
    only in part, the people to move (the larger of the declared population and the people of
    the register living there); evacuation areas, those over capacity or of unknown capacity,
    their capacity."""
    from django.db import connection

    from garrison.operations.evacuation.indicators import FIGURES

    greatest = "MAX" if connection.vendor == "sqlite" else "GREATEST"
    to_move = f"{greatest}(COALESCE(v.population, 0), COALESCE(r.n, 0))"
    # a person lives in their village's commune: the province's people are enough
    mine, mine_params = scope("p", province_id)
    registered = f"""
        LEFT JOIN (
            SELECT p.village_id, COUNT(*) AS n FROM people_person p
            WHERE p.village_id IS NOT NULL {mine} GROUP BY p.village_id
        ) r ON r.village_id = v.id"""
    out: dict = {}
    where, params = scope("v", province_id)
    for group, villages, uncovered, partly, people in sql_rows(
        f"""
        SELECT v.{by}, COUNT(*),
               SUM(CASE WHEN e.village_id IS NULL THEN 1 ELSE 0 END),
               SUM(CASE WHEN e.village_id IS NOT NULL AND e.sends_all = 0
                         AND e.sent < {to_move} THEN 1 ELSE 0 END),
               COALESCE(SUM({to_move}), 0)
        FROM territory_village v {registered}
        LEFT JOIN (
            SELECT a.village_id,
                   MAX(CASE WHEN a.people IS NULL THEN 1 ELSE 0 END) AS sends_all,
                   COALESCE(SUM(a.people), 0) AS sent
            FROM operations_evacuationassignment a
            WHERE 1 = 1 {scope("a", province_id)[0]}
            GROUP BY a.village_id
        ) e ON e.village_id = v.id
        WHERE 1 = 1 {where}
        GROUP BY 1
        """,
        [*mine_params, *params, *params],
    ):
        out.setdefault(group, dict.fromkeys(FIGURES, 0)).update(
            villages=villages,
            villages_uncovered=uncovered,
            villages_partly_covered=partly,
            people_to_move=people,
        )
    where, params = scope("w", province_id)
    for group, areas, over, unknown, capacity in sql_rows(
        f"""
        SELECT w.{by}, COUNT(*),
               SUM(CASE WHEN w.capacity_people IS NOT NULL
                         AND COALESCE(h.assigned, 0) > w.capacity_people THEN 1 ELSE 0 END),
               SUM(CASE WHEN w.capacity_people IS NULL THEN 1 ELSE 0 END),
               COALESCE(SUM(w.capacity_people), 0)
        FROM operations_defencework w
        LEFT JOIN (
            SELECT e.area_id, SUM(COALESCE(e.people, {to_move})) AS assigned
            FROM operations_evacuationassignment e
            JOIN territory_village v ON v.id = e.village_id {registered}
            WHERE 1 = 1 {scope("e", province_id)[0]}
            GROUP BY e.area_id
        ) h ON h.area_id = w.id
        WHERE w.kind = 'evacuation_area' {where}
        GROUP BY 1
        """,
        [*mine_params, *params, *params],
    ):
        out.setdefault(group, dict.fromkeys(FIGURES, 0)).update(
            areas=areas,
            areas_over_capacity=over,
            areas_capacity_unknown=unknown,
            capacity=capacity,
        )
    return out


# --- the application's side -----------------------------------------------------------------------
def indicator(module: str, name: str):
    """The area's indicator function, or None while it is not yet in the code."""
    try:
        return getattr(importlib.import_module(f"garrison.operations.{module}.indicators"), name)
    except (ImportError, AttributeError):
        return None


def works_by_orm(user, by: str) -> dict:
    works_rollup = indicator("works", "works_rollup")
    return works_rollup(user, TODAY, by)


def education_by_orm(user, by: str) -> dict:
    education_rollup = indicator("education", "education_rollup")
    return education_rollup(user, YEAR, TODAY, by)


def programmes_by_orm(user, by: str) -> dict:
    """`programme_totals` answers a list of rows (with the place's code and name for the
    page): keyed here by place id, the figures only."""
    programme_totals = indicator("programmes", "programme_totals")
    figures = ("people", "rows", "value", "flagged", "value_", "quantity_")
    return {
        row["id"]: {k: v for k, v in row.items() if k.startswith(figures)}
        for row in programme_totals(user, by)
    }


def evacuation_by_orm(user, by: str) -> dict:
    evacuation_coverage = indicator("evacuation", "evacuation_coverage")
    return evacuation_coverage(user, by)


AREAS = [
    # (figure, module, function, application side, SQL side)
    ("works by kind and state", "works", "works_rollup", works_by_orm, works_by_sql),
    ("education coverage per group", "education", "education_rollup", education_by_orm,
     education_by_sql),
    ("programme totals", "programmes", "programme_totals", programmes_by_orm, programmes_by_sql),
    ("evacuation coverage", "evacuation", "evacuation_coverage", evacuation_by_orm,
     evacuation_by_sql),
]  # fmt: skip


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

    ministry = User.objects.get(username="bench-ministry")
    province_user = User.objects.get(username="bench-province")
    pid = built.province_id

    for label, module, function, orm_side, sql_side in AREAS:
        for level, user, by, province_id in (
            ("national", ministry, "province", None),
            ("province", province_user, "commune", pid),
        ):
            name = f"{level} {label}, by {by} ({function})"
            column = f"{by}_id"

            def sql(column=column, province_id=province_id, sql_side=sql_side):
                return sql_side(column, province_id)

            if indicator(module, function) is None:
                print(f"{name}: not yet available")
                continue

            def orm(user=user, by=by, orm_side=orm_side):
                return orm_side(user, by)

            agree(name, orm(), sql())  # before timing
            baseline, _ = best_of(repeat, sql)
            elapsed, _ = best_of(repeat, orm)
            figure(name, elapsed, "s", baseline)


def main() -> None:
    run_generated(
        __doc__.splitlines()[0],
        SCALES,
        build,
        lambda built, scale: measure(built, repeat=5 if scale == "small" else 3),
    )


if __name__ == "__main__":
    main()
