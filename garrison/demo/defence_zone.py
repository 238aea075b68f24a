"""Demo data of the defensive zone and the people (issue 18 §7) for Điện Biên, built after the
readiness demo (`operations.prepare_operations`), whose landslide it draws on.

Villages for every commune (the villages and residential groups the demo's addresses name), each
person of the demo placed in the village they live in; the works of the defensive zone in the
border communes and Xã Na Son — every kind present, with their inspections (a yearly check, some
now overdue) — and one combat base of Na Son degraded: the inspection after the landslide found
it so, and the landslide's evacuation names one of Na Son's evacuation areas; in each of those
communes the evacuation areas and the villages they take, one village of Na Son left without an
area; defence and security education in six communes for each audience group in the year
(attendance by name for the four groups of cadres, a count for students and the population), the
cadres of the four groups, some not yet trained; the province's "Xuân ấm áp – Tết Quân dân 2026"
programme with the Fatherland Front, the Women's Union and the Youth Union, families helped in
six communes, one of them twice (the flag shows).

EVERYTHING HERE IS INVENTED (see dienbien.py). Deterministic: it draws from the demo generator's
seeded random source; dates are relative to today (the Tết programme keeps its real 2026 dates),
the computed fields of the works (last inspection, finding, state, next inspection due) as the
inspection services keep them.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import CharField, F, OuterRef, Subquery, Value
from django.db.models.functions import Concat
from django.utils import timezone

from garrison.forces.models import MilitiaUnit
from garrison.operations.models import (
    CADRE_GROUPS,
    AudienceGroup,
    AudienceMember,
    DefenceWork,
    EducationAttendance,
    EducationSession,
    EvacuationAssignment,
    Incident,
    IncidentKind,
    MassProgramme,
    ProgrammeAid,
    WorkInspection,
    WorkKind,
    WorkState,
)
from garrison.people.models import Person
from garrison.territory.models import Village

from . import defence_zone_data as data
from .dienbien_data import BORDER
from .operations_data import MUONG_THANH, NA_SON

DAY = datetime.timedelta(days=1)
YEAR = datetime.timedelta(days=365)
#: the communes taught in the year (besides Na Son and Mường Thanh: the first four border ones)
EDUCATION_OTHERS = 4
#: the communes whose families the Tết programme helped (besides Na Son and Mường Thanh)
AID_OTHERS = ("Xã Sín Thầu", "Xã Mường Nhé", "Xã Mường Phăng", "Phường Điện Biên Phủ")


def works_communes(by_name) -> list:
    """The communes with works: the border communes, and Na Son."""
    return [by_name[name] for name in sorted(BORDER)] + [by_name[NA_SON]]


def education_year(today: datetime.date) -> int:
    """The year the education demo shows: this year from April on (some sessions held), else
    last year (2026 for a demo built between April 2026 and March 2027)."""
    return today.year if today.month >= 4 else today.year - 1


def add(rows: list, model, batch_size: int = 500) -> list:
    model.objects.bulk_create(rows, batch_size=batch_size)
    return rows


# --- villages -------------------------------------------------------------------------------------
def _villages(generator, communes) -> dict[int, list[Village]]:
    """The villages (residential groups in wards) the demo's addresses name, and every village
    name the generator drew; each person of the province placed in theirs (one UPDATE)."""
    rng = generator.rng
    names: dict[int, set[str]] = {c.pk: set(generator.villages.get(c.pk, [])) for c in communes}
    by_pk = {c.pk: c for c in communes}
    addresses = (
        Person.objects.filter(residence_commune__in=list(by_pk))
        .values_list("residence_commune_id", "address")
        .distinct()
    )
    for commune_id, address in addresses:
        suffix = f", {by_pk[commune_id].name}"
        if address.endswith(suffix):
            names[commune_id].add(address[: -len(suffix)])
    rows = []
    for commune in communes:
        ordered = sorted(names[commune.pk])
        weights = [rng.uniform(0.5, 1.5) for _ in ordered]
        population = commune.population or 3000
        for name, weight in zip(ordered, weights, strict=True):
            people = max(60, round(population * weight / sum(weights)))
            rows.append(
                Village(
                    commune=commune,
                    province_id=commune.province_id,  # bulk_create skips CommuneRow.save()
                    name=name,
                    population=people,
                    households=max(12, round(people / rng.uniform(4.2, 5.2))),
                )
            )
    add(rows, Village)
    place = (
        Village.objects.filter(commune_id=OuterRef("residence_commune_id"))
        .annotate(full=Concat(F("name"), Value(", "), F("commune__name"), output_field=CharField()))
        .filter(full=OuterRef("address"))
        .values("pk")[:1]
    )
    Person.objects.filter(residence_commune__in=list(by_pk), village=None).update(
        village=Subquery(place)
    )
    villages: dict[int, list[Village]] = {}
    for village in Village.objects.filter(commune__in=list(by_pk)).order_by("commune", "name"):
        villages.setdefault(village.commune_id, []).append(village)
    return villages


# --- works ----------------------------------------------------------------------------------------
def _capacity(rng, kind: str) -> dict:
    low, high = data.CAPACITY[kind]
    unit = data.WORK_NAMES[kind][1]
    if unit == "tonnes":
        return {"capacity_tonnes": Decimal(rng.randint(low * 10, high * 10)) / 10}
    return {"capacity_people": rng.randint(low, high)}


def _inspect(rng, work: DefenceWork, today, state: str) -> list[WorkInspection]:
    """The inspections of a work in `state` (none for a planned work or one being built): the
    latest between a month and fourteen months ago (some overdue), for most a year before it
    too; the work's last inspection, finding and next one due follow the latest."""
    if state in (WorkState.PLANNED, WorkState.UNDER_CONSTRUCTION):
        # never inspected: due from the day it was recorded (it has no completion date)
        work.inspection_due_on, work.inspection_reason = today, data.FIRST_REASON
        return []
    latest = today - rng.randint(30, 430) * DAY
    days = [latest - YEAR - rng.randint(0, 40) * DAY, latest] if rng.random() < 0.7 else [latest]
    inspections = []
    for n, day in enumerate(days):
        last = n == len(days) - 1
        found = state if last else WorkState.READY
        finding = rng.choice(data.FINDINGS_READY)
        if found == WorkState.OUT_OF_USE:
            finding = data.FINDING_OUT_OF_USE
        inspections.append(
            WorkInspection(
                inspected_on=day,
                inspectors=rng.choice(data.INSPECTORS),
                state_found=found,
                findings=finding,
            )
        )
    _follow(work, inspections[-1])
    return inspections


def a_year_after(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _follow(work: DefenceWork, latest: WorkInspection) -> None:
    """The work's computed fields from its latest inspection (a year later it is due again)."""
    work.last_inspected_on = latest.inspected_on
    work.last_finding = latest.findings
    work.state = latest.state_found
    work.inspection_due_on = a_year_after(latest.inspected_on)
    work.inspection_reason = data.YEARLY_REASON.format(day=f"{latest.inspected_on:%d/%m/%Y}")


def _works(generator, communes, villages, today) -> dict:
    """Works of every kind in `communes`, with inspections; Na Son's combat base degraded after
    the landslide. Returns the works by commune and the degraded one."""
    rng = generator.rng
    units = {}
    for unit in MilitiaUnit.objects.filter(commune__in=communes, parent=None).order_by("pk"):
        units.setdefault(unit.commune_id, unit)
    extra = [
        WorkKind.REAR_BASE,
        WorkKind.LOGISTICS_BASE,
        WorkKind.COMBAT_VILLAGE_CLUSTER,
        WorkKind.AIR_DEFENCE_POSITION,
        WorkKind.OBSERVATION_POST,
        WorkKind.DEPOT,
    ]
    works: list[DefenceWork] = []
    inspections: dict[int, list[WorkInspection]] = {}  # by index in works
    out_of_use_left = 1
    for i, commune in enumerate(communes):
        places = villages.get(commune.pk) or [None]
        kinds = [WorkKind.COMBAT_BASE, WorkKind.SHELTER, WorkKind.EVACUATION_AREA]
        if len(places) >= 6:
            kinds.append(WorkKind.EVACUATION_AREA)  # a large commune: two areas
        kinds.append(extra[i % len(extra)])
        kinds += rng.sample([k for k in extra if k not in kinds], 2)
        numbers = iter(range(1, 20))
        heights = iter(rng.sample(range(820, 1900, 7), 10))
        area_villages = iter(places[:: max(1, len(places) // 2)])
        for kind in kinds:
            if kind == WorkKind.EVACUATION_AREA:
                village = next(area_villages, places[0])
            else:
                village = rng.choice(places)
            name, _unit = data.WORK_NAMES[kind]
            name = name.format(
                commune=commune.short_name,
                village=village.name if village else commune.short_name,
                n=next(heights) if kind == WorkKind.AIR_DEFENCE_POSITION else next(numbers),
            )
            roll = rng.random()
            base = commune.name == NA_SON and kind == WorkKind.COMBAT_BASE  # degraded below
            if kind == WorkKind.EVACUATION_AREA or base or roll < 0.7:
                state = WorkState.READY
            elif roll < 0.8:
                state = WorkState.UNDER_CONSTRUCTION
            elif roll < 0.92 or not out_of_use_left:
                state = WorkState.PLANNED
            else:
                state, out_of_use_left = WorkState.OUT_OF_USE, 0
            work = DefenceWork(
                commune=commune,
                province_id=commune.province_id,  # bulk_create skips CommuneRow.save()
                kind=kind,
                name=name,
                village=village,
                place=f"Khu vực {village.name}" if village else "",
                responsible_unit=units.get(commune.pk),
                state=state,
                built_on=(
                    datetime.date(rng.randint(2012, today.year - 2), rng.randint(1, 12), 1)
                    if state not in (WorkState.PLANNED, WorkState.UNDER_CONSTRUCTION)
                    else None
                ),
                **_capacity(rng, kind),
            )
            if commune.name == NA_SON:  # GPS where known: near the landslide, inside Viet Nam
                work.latitude = Decimal("21.31540") + Decimal(rng.randint(-90, 90)) / 10_000
                work.longitude = Decimal("103.15620") + Decimal(rng.randint(-90, 90)) / 10_000
            inspections[len(works)] = _inspect(rng, work, today, state)
            works.append(work)

    degraded = next(w for w in works if w.commune.name == NA_SON and w.kind == WorkKind.COMBAT_BASE)
    landslide = (
        Incident.objects.filter(commune__name=NA_SON, commune__province_id=degraded.province_id)
        .filter(kind=IncidentKind.LANDSLIDE)
        .order_by("-occurred_at")
        .first()
    )
    slide_day = timezone.localdate(landslide.occurred_at) if landslide else today
    index = works.index(degraded)
    earlier = today - 200 * DAY
    before = inspections[index] or []
    before = [i for i in before if i.inspected_on < earlier] + [
        WorkInspection(
            inspected_on=earlier,
            inspectors=data.INSPECTORS[0],
            state_found=WorkState.READY,
            findings=data.FINDINGS_READY[0],
        )
    ]
    after = WorkInspection(
        inspected_on=min(today, slide_day + DAY),
        inspectors=data.INSPECTORS[2],
        state_found=WorkState.DEGRADED,
        findings=data.FINDING_DEGRADED,
        incident=landslide,
    )
    inspections[index] = [*before, after]
    _follow(degraded, after)
    degraded.built_on = degraded.built_on or datetime.date(2015, 6, 1)
    # as works.services.do_record_inspection keeps it: the next check a year after this one

    add(works, DefenceWork)
    rows = []
    for index, work in enumerate(works):
        for inspection in inspections[index]:
            inspection.work = work
            inspection.commune = work.commune
            inspection.province_id = work.province_id
            rows.append(inspection)
    add(rows, WorkInspection)
    by_commune: dict[int, list[DefenceWork]] = {}
    for work in works:
        by_commune.setdefault(work.commune_id, []).append(work)
    return {"works": by_commune, "degraded": degraded, "landslide": landslide,
            "inspections": len(rows)}  # fmt: skip


# --- evacuation -----------------------------------------------------------------------------------
def _evacuation(communes, villages, works, landslide) -> dict:
    """Each commune's villages shared among its evacuation areas (each area taking a fifth more
    than its villages hold); one village of Na Son left without an area. The landslide's
    evacuation names the area that takes its village."""
    assignments: list[EvacuationAssignment] = []
    uncovered = None
    for commune in communes:
        areas = [w for w in works.get(commune.pk, []) if w.kind == WorkKind.EVACUATION_AREA]
        places = list(villages.get(commune.pk, []))
        if not areas or not places:
            continue
        if commune.name == NA_SON:
            slide_village = landslide.village if landslide else ""
            uncovered = next(v for v in reversed(places) if v.name != slide_village)
            places.remove(uncovered)
        held = dict.fromkeys([a.pk for a in areas], 0)
        for n, village in enumerate(places):
            area = areas[n * len(areas) // len(places)]
            assignments.append(
                EvacuationAssignment(
                    commune=commune,
                    province_id=commune.province_id,
                    village=village,
                    area=area,
                )
            )
            held[area.pk] += village.population or 0
        for area in areas:
            area.capacity_people = max(area.capacity_people or 0, round(held[area.pk] * 1.2))
    add(assignments, EvacuationAssignment)
    areas = [w for ws in works.values() for w in ws if w.kind == WorkKind.EVACUATION_AREA]
    DefenceWork.objects.bulk_update(areas, ["capacity_people"])
    if landslide:
        taken = next(
            (
                a.area
                for a in assignments
                if a.commune_id == landslide.commune_id and a.village.name == landslide.village
            ),
            None,
        ) or next(a.area for a in assignments if a.commune_id == landslide.commune_id)
        landslide.evacuation_area = taken
        landslide.save(update_fields=["evacuation_area"])
    return {
        "evacuation_areas": len(areas),
        "evacuation_assignments": len(assignments),
        "uncovered_village": uncovered.name if uncovered else "",
    }


# --- education ------------------------------------------------------------------------------------
def _education(generator, communes, today) -> dict:
    """In each commune: its cadres of the four groups (from the person register) and a session
    for each audience group in the year, the cadres' attendance by name (some missed it: not
    yet trained), a count for the students and the population."""
    rng = generator.rng
    year = education_year(today)
    first, last = datetime.date(year, 1, 10), min(datetime.date(year, 12, 15), today - 2 * DAY)
    members: list[AudienceMember] = []
    sessions: list[EducationSession] = []
    attending: list[tuple[int, list[int]]] = []  # (index in sessions, person ids)
    for commune in communes:
        people = list(
            Person.objects.filter(
                residence_commune=commune, date_of_birth__year__range=(1965, 1995)
            )
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        wanted = sum(len(p) for p in data.CADRE_POSITIONS.values())
        chosen = iter(rng.sample(people, min(wanted, len(people))))
        for group in AudienceGroup.values:
            span = (last - first).days
            starts = first + rng.randint(0, max(0, span - 3)) * DAY
            cadres = group in CADRE_GROUPS
            session = EducationSession(
                commune=commune,
                province_id=commune.province_id,
                audience=group,
                topic=data.EDUCATION_TOPICS[group],
                starts_on=starts,
                ends_on=starts + (DAY if cadres else 0 * DAY),
                place=(
                    f"Hội trường Ủy ban nhân dân {commune.name[0].lower()}{commune.name[1:]}"
                    if group != "students"
                    else f"Trường THCS {commune.short_name}"
                ),
                teacher=rng.choice(data.EDUCATION_TEACHERS),
                attendance_count=None if cadres else rng.randint(80, 350),
            )
            sessions.append(session)
            if not cadres:
                continue
            group_ids = []
            for position in data.CADRE_POSITIONS[group]:
                person_id = next(chosen, None)
                if person_id is None:
                    break
                group_ids.append(person_id)
                members.append(
                    AudienceMember(
                        commune=commune,
                        province_id=commune.province_id,
                        person_id=person_id,
                        audience=group,
                        position=position,
                        since=datetime.date(rng.randint(2019, year - 1), rng.randint(1, 12), 1),
                    )
                )
            # group 4 always misses one or two; the others now and then one
            missing = rng.randint(1, 2) if group == "group_4" else int(rng.random() < 0.4)
            kept = group_ids[: max(0, len(group_ids) - missing)] if len(group_ids) > 1 else []
            if group == "group_1" and commune.name != NA_SON:
                kept = group_ids  # only Na Son's secretary has not been
            attending.append((len(sessions) - 1, kept))
    add(members, AudienceMember)
    add(sessions, EducationSession)
    rows = [
        EducationAttendance(
            commune=sessions[index].commune,
            province_id=sessions[index].province_id,
            session=sessions[index],
            person_id=person_id,
        )
        for index, person_ids in attending
        for person_id in person_ids
    ]
    add(rows, EducationAttendance)
    trained = {row.person_id for row in rows}
    return {
        "education_sessions": len(sessions),
        "education_attendance": len(rows),
        "education_cadres": len(members),
        "cadres_not_trained": sum(1 for m in members if m.person_id not in trained),
    }


# --- the Tết programme ----------------------------------------------------------------------------
def _programme(generator, province, by_name, today) -> dict:
    """The province's Tết programme with three mass organisations, families helped in six
    communes; one family of Na Son helped twice."""
    rng = generator.rng
    programme = MassProgramme.objects.create(
        province=province,
        commune=None,
        name=data.PROGRAMME_NAME,
        starts_on=data.PROGRAMME_START,
        ends_on=data.PROGRAMME_END,
        with_fatherland_front=True,
        with_womens_union=True,
        with_youth_union=True,
        budget_vnd=data.PROGRAMME_BUDGET,
        description=data.PROGRAMME_DESCRIPTION,
    )
    before_tet = datetime.date(2026, 2, 14)
    span = (before_tet - data.PROGRAMME_START).days
    rows = []
    twice = None
    for name in (NA_SON, MUONG_THANH, *AID_OTHERS):
        commune = by_name[name]
        people = list(
            Person.objects.filter(residence_commune=commune, date_of_birth__year__lt=1990)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        helped = rng.sample(people, min(len(people), rng.randint(5, 8)))
        for person_id in helped:
            kind, quantity, value, note = rng.choice(data.AID)
            given = data.PROGRAMME_START + rng.randint(3, span) * DAY
            rows.append(
                ProgrammeAid(
                    commune=commune,
                    province_id=commune.province_id,
                    programme=programme,
                    person_id=person_id,
                    kind=kind,
                    quantity=quantity,
                    value_vnd=value,
                    given_on=min(given, today),
                    note=note,
                )
            )
        if name == NA_SON and helped:
            twice = helped[0]
            kind, quantity, value, note = data.AID[2]  # money, after the gift: the flag shows
            rows.append(
                ProgrammeAid(
                    commune=commune,
                    province_id=commune.province_id,
                    programme=programme,
                    person_id=twice,
                    kind=kind,
                    quantity=quantity,
                    value_vnd=value,
                    given_on=min(before_tet, today),
                    note=note,
                )
            )
    add(rows, ProgrammeAid)
    return {
        "programme_aid": len(rows),
        "families_helped": len({r.person_id for r in rows}),
        "aid_value_vnd": sum(r.value_vnd for r in rows),
        "helped_twice": 1 if twice else 0,
    }


def prepare_defence_zone(generator, province, communes) -> dict[str, int]:
    """The defensive zone's demo data (after the readiness demo). Returns counts."""
    today = timezone.localdate()
    by_name = {c.name: c for c in communes}
    villages = _villages(generator, communes)
    with_works = works_communes(by_name)
    built = _works(generator, with_works, villages, today)
    evacuation = _evacuation(with_works, villages, built["works"], built["landslide"])
    taught = [by_name[NA_SON], by_name[MUONG_THANH]]
    taught += [by_name[n] for n in sorted(BORDER)[:EDUCATION_OTHERS]]
    education = _education(generator, taught, today)
    programme = _programme(generator, province, by_name, today)
    works = [w for ws in built["works"].values() for w in ws]
    return {
        "villages": sum(len(v) for v in villages.values()),
        "people_in_villages": Person.objects.filter(
            residence_commune__in=communes, village__isnull=False
        ).count(),
        "defence_works": len(works),
        "works_degraded": sum(1 for w in works if w.state == WorkState.DEGRADED),
        "work_inspections": built["inspections"],
        "works_due": sum(1 for w in works if w.inspection_due_on and w.inspection_due_on <= today),
        **evacuation,
        **education,
        **programme,
    }
