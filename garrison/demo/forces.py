"""Demo data of the forces registers for Điện Biên: every commune's militia (a mobile platoon of
three squads, a local squad or team per village, a standing squad in key-defence communes, a
reconnaissance team on the border), members with terms begun from 2022 on (some end this year,
some were moved between units, a few left), the province's reserve units, reservists and
vehicles registered in each commune, the province's target ratio, and a training year in
progress: each commune's plans for this year, sessions held so far and who attended (some
members are behind).

EVERYTHING HERE IS INVENTED, like the rest of the demo (see dienbien.py). Deterministic: it draws
from the demo generator's seeded random source; dates are relative to today's year.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from garrison.forces import rules
from garrison.forces.models import (
    Absence,
    AbsenceReason,
    Attendance,
    Force,
    ForceTarget,
    MemberAssignment,
    MilitiaMember,
    MilitiaUnit,
    ReserveUnit,
    Reservist,
    Role,
    TechnicalMeans,
    TrainingPlan,
    TrainingSession,
    UnitKind,
    UnitLevel,
)
from garrison.people.models import Person
from garrison.people.rules import FEMALE, MALE

TARGET_PERCENT = Decimal("0.50")
TARGET_DECISION = "Kế hoạch số 112/KH-UBND tỉnh Điện Biên"
RESERVE_UNITS = [
    # code, name, role, parent, establishment, means
    ("e82-d1", "Tiểu đoàn bộ binh dự bị động viên 1", "combat", "Trung đoàn 82", 420, 12),
    ("e82-d2", "Tiểu đoàn bộ binh dự bị động viên 2", "combat", "Trung đoàn 82", 420, 12),
    ("c-vt", "Đại đội vận tải dự bị động viên", "support", "Bộ CHQS tỉnh Điện Biên", 110, 40),
    ("c-qy", "Đại đội quân y dự bị động viên", "support", "Bộ CHQS tỉnh Điện Biên", 90, 8),
    ("c-cb", "Đại đội công binh dự bị động viên", "support", "Bộ CHQS tỉnh Điện Biên", 100, 25),
]
SPECIALTIES = [
    ("101", "Bộ binh"),
    ("121", "Trinh sát"),
    ("231", "Thông tin vô tuyến điện"),
    ("341", "Lái xe"),
    ("411", "Công binh"),
    ("511", "Quân y"),
    ("611", "Pháo binh"),
]
VEHICLES = [
    ("road_vehicle", "THACO Ollin 500", "xe tải 5 tấn"),
    ("road_vehicle", "Hyundai HD120", "xe tải 8 tấn"),
    ("road_vehicle", "Toyota Hiace", "xe khách 16 chỗ"),
    ("construction", "Komatsu PC200", "máy xúc bánh xích 0,8 m³"),
    ("construction", "Kobelco SK75", "máy xúc 0,3 m³"),
    ("communications", "Motorola GM338", "máy thông tin VHF"),
    ("medical", "Xe cứu thương Ford Transit", "xe cứu thương"),
]
SESSION_CONTENT = [
    "Điều lệnh đội ngũ từng người có súng",
    "Kỹ thuật bắn súng tiểu liên AK, bài 1",
    "Chiến thuật tổ, tiểu đội dân quân phòng thủ",
    "Phòng, chống cháy nổ, cứu hộ cứu nạn",
    "Giáo dục chính trị, pháp luật về dân quân tự vệ",
    "Tuần tra, canh gác, bảo vệ mục tiêu",
    "Kỹ thuật cấp cứu, vận chuyển thương binh",
]


#: the reasons of absence the communes record, as often as each comes (working away most)
ABSENCE_REASONS = (
    *[AbsenceReason.SICK] * 3,
    *[AbsenceReason.WORKING_AWAY] * 5,
    *[AbsenceReason.EXCUSED] * 2,
    AbsenceReason.UNEXCUSED,
)


def _units(commune, villages: list[str]) -> list[MilitiaUnit]:
    """The units of one commune (DQTV 15.2), parents first."""
    short = commune.short_name
    # the commune Commander's establishing decision (DQTV 22.1)
    decision = f"QĐ số {commune.code % 97 + 1:02d}/QĐ-BCHQS ngày 01/7/2025"

    def unit(name, kind, level, leaders, deputies, members, village="", parent=None):
        return MilitiaUnit(
            commune=commune,
            province_id=commune.province_id,
            parent=parent,
            name=name,
            force=Force.MILITIA,
            kind=kind,
            level=level,
            village=village,
            established_on=datetime.date(2025, 7, 1),
            decision_number=decision,
            establishment_leaders=leaders,
            establishment_deputies=deputies,
            establishment_political=0,
            establishment_members=members,
        )

    platoon = unit(
        f"Trung đội dân quân cơ động {short}", UnitKind.MOBILE, UnitLevel.PLATOON, 1, 1, 1
    )
    units = [platoon]
    for n in range(1, 4):
        units.append(
            unit(
                f"Tiểu đội {n}, trung đội cơ động",
                UnitKind.MOBILE,
                UnitLevel.SQUAD,
                1,
                0,
                8,
                parent=platoon,
            )
        )
    for village in villages:
        if len(units) >= 9:
            break
        units.append(
            unit(
                f"Tổ dân quân tại chỗ {village}",
                UnitKind.LOCAL,
                UnitLevel.TEAM,
                1,
                0,
                4,
                village=village,
            )
        )
    if commune.is_key_defence:
        units.append(
            unit(
                f"Tiểu đội dân quân thường trực {short}",
                UnitKind.STANDING,
                UnitLevel.SQUAD,
                1,
                0,
                8,
            )
        )
    if commune.is_border:
        units.append(
            unit(f"Tổ dân quân trinh sát {short}", UnitKind.RECONNAISSANCE, UnitLevel.TEAM, 1, 0, 3)
        )
    return units


def _save_units(units: list[MilitiaUnit]) -> None:
    """Parents first: bulk_create sets primary keys (SQLite 3.35+, PostgreSQL), children follow."""
    parents = [u for u in units if u.parent is None]
    MilitiaUnit.objects.bulk_create(parents, batch_size=500)
    for u in units:
        if u.parent is not None:
            u.parent_id = u.parent.pk
    MilitiaUnit.objects.bulk_create([u for u in units if u.parent is not None], batch_size=500)


def _establishment(unit: MilitiaUnit) -> list[str]:
    return (
        [Role.LEADER] * unit.establishment_leaders
        + [Role.DEPUTY] * unit.establishment_deputies
        + [Role.MEMBER] * unit.establishment_members
    )


def prepare_forces(generator, province, communes, actor) -> dict[str, int]:
    rng = generator.rng
    today = timezone.localdate()
    year = today.year
    ForceTarget.objects.create(
        province=province, militia_percent=TARGET_PERCENT, decision_number=TARGET_DECISION
    )
    units: list[MilitiaUnit] = []
    for commune in communes:
        generator.address(commune)  # draws the commune's village names
        villages = generator.villages.get(commune.pk) or [f"Tổ dân phố {n}" for n in range(1, 7)]
        units += _units(commune, villages)
    _save_units(units)

    # members: about nine posts in ten filled, terms begun 2022 to this year
    seats: list[tuple[MilitiaUnit, str]] = []
    people: list[Person] = []
    for unit in units:
        for role in _establishment(unit):
            if role == Role.MEMBER and rng.random() < 0.12:
                continue  # a gap to fill
            female = unit.kind == UnitKind.LOCAL and rng.random() < 0.25
            # young enough to finish the term within the militia age (DQTV 8.1)
            oldest = year - (34 if female else 38 if unit.kind == UnitKind.LOCAL else 32)
            people.append(
                generator.person(
                    unit.commune,
                    sex=FEMALE if female else MALE,
                    born_between=(oldest, year - 19),
                )
            )
            seats.append((unit, role))
    Person.objects.bulk_create(people, batch_size=500)
    pk_of = dict(
        Person.objects.filter(citizen_id__in=[p.citizen_id for p in people]).values_list(
            "citizen_id", "pk"
        )
    )
    members = []
    for (unit, role), person in zip(seats, people, strict=True):
        span = rules.term_years(unit.kind)
        started = datetime.date(
            rng.randint(year - span, year), rng.choice([3, 4, 5]), rng.randint(1, 28)
        )
        if started > today:
            started = started.replace(year=year - 1)
        # admitted once 18 (DQTV 8.1)
        adult = rules.birthday(person.date_of_birth, 18) + datetime.timedelta(days=30)
        started = min(max(started, adult), today)
        members.append(
            MilitiaMember(
                commune_id=unit.commune_id,
                province_id=unit.province_id,
                person_id=pk_of[person.citizen_id],
                unit=unit,
                role=role,
                kind=unit.kind,
                started_on=started,
                decision_number=f"QĐ {rng.randint(10, 180)}/QĐ-UBND",
                term_years=span,
                term_end=rules.term_end(started, unit.kind),
            )
        )
    MilitiaMember.objects.bulk_create(members, batch_size=500)
    members = list(MilitiaMember.objects.filter(province=province).select_related("unit", "person"))
    assignments = [
        MemberAssignment(
            member=m,
            unit_id=m.unit_id,
            role=m.role,
            started_on=m.started_on,
            commune_id=m.commune_id,
            province_id=m.province_id,
        )
        for m in members
    ]
    # a few were moved from a local team to the mobile platoon: their history has two lines
    moved = []
    by_commune: dict[int, list[MilitiaUnit]] = {}
    for unit in units:
        by_commune.setdefault(unit.commune_id, []).append(unit)
    for m in members:
        if m.kind == UnitKind.MOBILE and m.started_on.year < year - 1 and rng.random() < 0.08:
            local = [u for u in by_commune[m.commune_id] if u.kind == UnitKind.LOCAL]
            if not local:
                continue
            moved_on = m.started_on.replace(year=m.started_on.year + 1)
            first = next(a for a in assignments if a.member is m)
            first.unit_id, first.ended_on = rng.choice(local).pk, moved_on
            first.note = ""
            assignments.append(
                MemberAssignment(
                    member=m,
                    unit_id=m.unit_id,
                    role=m.role,
                    started_on=moved_on,
                    note="Điều động sang trung đội cơ động",
                    commune_id=m.commune_id,
                    province_id=m.province_id,
                )
            )
            moved.append(m)
    MemberAssignment.objects.bulk_create(assignments, batch_size=500)

    # training this year: a plan per kind present, sessions held so far, attendance
    plans, sessions, attendance = _training(rng, communes, members, today)

    reserve = _reserve(generator, province, communes, today)
    return {
        "militia_units": len(units),
        "militia_members": len(members),
        "members_moved": len(moved),
        "training_plans": plans,
        "training_sessions": sessions,
        "attendance": attendance,
        **reserve,
    }


def _training(rng, communes, members, today: datetime.date) -> tuple[int, int, int]:
    year = today.year
    kinds_by_commune: dict[int, set[str]] = {}
    for m in members:
        kinds_by_commune.setdefault(m.commune_id, set()).add(m.kind)
    plans = []
    for commune in communes:
        for kind in sorted(kinds_by_commune.get(commune.pk, ())):
            plans.append(
                TrainingPlan(
                    commune=commune,
                    province_id=commune.province_id,
                    year=year,
                    kind=kind,
                    starts_on=datetime.date(year, 3, 1),
                    ends_on=datetime.date(year, 11, 30),
                    location=f"Sân tập Ban CHQS {commune.name[0].lower()}{commune.name[1:]}",
                    notes="Theo kế hoạch huấn luyện dân quân tự vệ năm của Bộ CHQS tỉnh",
                )
            )
    TrainingPlan.objects.bulk_create(plans, batch_size=500)
    plans = list(TrainingPlan.objects.filter(commune__in=communes, year=year))
    sessions = []
    # sessions of one or two days from March, adding up to about nine tenths of the first
    # year's days by November (later-year members are done, first-year members nearly)
    progress = min(0.9, max(0.0, (today.month - 2) / 9))
    for plan in plans:
        goal = Decimal(rules.training_days(plan.kind, 1)) * Decimal(str(progress))
        total, n = Decimal(0), 0
        while total < goal:
            held = datetime.date(year, 3, 5) + datetime.timedelta(days=n * 9)
            if held > today:
                break
            days = Decimal(rng.choice([1, 1, 2])) if plan.kind != UnitKind.STANDING else Decimal(5)
            sessions.append(
                TrainingSession(
                    commune_id=plan.commune_id,
                    province_id=plan.province_id,
                    plan=plan,
                    held_on=held,
                    days=days,
                    content=SESSION_CONTENT[n % len(SESSION_CONTENT)],
                    location=plan.location,
                )
            )
            total += days
            n += 1
    TrainingSession.objects.bulk_create(sessions, batch_size=500)
    sessions = list(TrainingSession.objects.filter(plan__in=plans).select_related("plan"))
    by_plan: dict[tuple[int, str], list[MilitiaMember]] = {}
    for m in members:
        by_plan.setdefault((m.commune_id, m.kind), []).append(m)
    rows, absences = [], []
    for session in sessions:
        for m in by_plan.get((session.plan.commune_id, session.plan.kind), []):
            if m.started_on > session.held_on:
                continue
            # one member in seven misses often
            absent = 0.35 if int(m.person.citizen_id) % 7 == 0 else 0.05
            if rng.random() < absent:
                # the commune recorded why (working away from home is the usual reason)
                # (drawn from the member and the day, not from the generator: the rest of
                # the demo keeps its random sequence)
                pick = int(m.person.citizen_id) + session.held_on.toordinal()
                reason = ABSENCE_REASONS[pick % len(ABSENCE_REASONS)]
                absences.append(
                    Absence(
                        session=session,
                        member=m,
                        reason=reason,
                        commune_id=m.commune_id,
                        province_id=m.province_id,
                    )
                )
                continue
            rows.append(
                Attendance(
                    session=session,
                    member=m,
                    commune_id=m.commune_id,
                    province_id=m.province_id,
                )
            )
    Attendance.objects.bulk_create(rows, batch_size=1000)
    Absence.objects.bulk_create(absences, batch_size=1000)
    return len(plans), len(sessions), len(rows)


def _reserve(generator, province, communes, today: datetime.date) -> dict[str, int]:
    rng = generator.rng
    year = today.year
    units = ReserveUnit.objects.bulk_create(
        [
            ReserveUnit(
                province=province,
                code=code,
                name=name,
                role=role,
                parent_unit=parent,
                establishment=size,
                means_establishment=means,
            )
            for code, name, role, parent, size, means in RESERVE_UNITS
        ]
    )
    units = list(ReserveUnit.objects.filter(province=province).order_by("code"))
    combat = [u for u in units if u.role == ReserveUnit.Role.COMBAT]
    support = [u for u in units if u.role != ReserveUnit.Role.COMBAT]
    people, facts = [], []
    for commune in communes:
        for _n in range(max(25, (commune.population or 0) // 250)):
            people.append(generator.person(commune, sex=MALE, born_between=(year - 44, year - 21)))
            months = rng.choice([18, 24, 24, 24, 3]) if rng.random() < 0.8 else 0
            facts.append(months)
    Person.objects.bulk_create(people, batch_size=500)
    pk_of = dict(
        Person.objects.filter(citizen_id__in=[p.citizen_id for p in people]).values_list(
            "citizen_id", "pk"
        )
    )
    reservists = []
    placed = dict.fromkeys((u.pk for u in units), 0)
    for person, months in zip(people, facts, strict=True):
        age = rules.age_on(person.date_of_birth, today)
        if months == 0 and age < 26:
            months = 24  # a man of call-up age who never served is not a reservist yet
        code, specialty = rng.choice(SPECIALTIES)
        reserve_class = "hang_1" if months >= 6 else "hang_2"
        rank = "ha_si" if months >= 18 else ("binh_nhat" if months else "none")
        # class 1 first, combat units within LLDBĐV 17.2 ages, each unit to full strength
        # plus a spare of about 10 per cent (LLDBĐV 15.2)
        fits = [u for u in support]
        if reserve_class == "hang_1" and age <= 35:
            fits = combat + support
        fits = [u for u in fits if placed[u.pk] < u.establishment * 110 // 100]
        unit = None
        if fits and rng.random() < (0.9 if reserve_class == "hang_1" else 0.5):
            unit = fits[0] if rng.random() < 0.7 else rng.choice(fits)
            placed[unit.pk] += 1
        registered = datetime.date(
            rng.randint(min(year - 1, max(2015, person.date_of_birth.year + 21)), year - 1),
            4,
            rng.randint(1, 28),
        )
        checked = (
            datetime.date(year, rng.randint(3, min(10, today.month)), rng.randint(1, 28))
            if rng.random() < 0.7 and today.month >= 3
            else datetime.date(year - 1, 10, rng.randint(1, 28))
        )
        reservists.append(
            Reservist(
                commune=person.residence_commune,
                province_id=province.pk,
                person_id=pk_of[person.citizen_id],
                category="nco_soldier",
                rank=rank,
                specialty_code=code,
                specialty=specialty,
                reserve_class=reserve_class,
                active_service_months=months,
                health_class=rng.choice([1, 2, 2, 3]),
                registered_on=registered,
                checked_on=checked,
                reserve_unit=unit,
                assigned_on=registered if unit else None,
            )
        )
    Reservist.objects.bulk_create(reservists, batch_size=500)

    means = []
    plates = iter(range(1, 100_000))
    for commune in communes:
        for n in range(rng.randint(2, 6)):
            kind, model_name, specs = rng.choice(VEHICLES)
            number = next(plates)
            plate = f"27{rng.choice('CDHL')}-{number // 100:03d}.{number % 100:02d}"
            organisation = rng.random() < 0.3
            owner = (
                f"Hợp tác xã vận tải {commune.short_name}"
                if organisation
                else generator.full_name("Kinh", MALE, 1975)
            )
            unit = rng.choice(support) if rng.random() < 0.55 else None
            means.append(
                TechnicalMeans(
                    commune=commune,
                    province_id=province.pk,
                    kind=kind,
                    model_name=model_name,
                    registration_number=plate
                    if kind == "road_vehicle"
                    else f"{commune.code}-{n + 1:02d}",
                    owner_name=owner,
                    owner_is_organisation=organisation,
                    specifications=specs,
                    year_made=rng.randint(2008, year - 1),
                    registered_on=datetime.date(rng.randint(2020, year - 1), 5, rng.randint(1, 28)),
                    checked_on=datetime.date(year, 6, rng.randint(1, 28))
                    if rng.random() < 0.6
                    else None,
                    reserve_unit=unit,
                )
            )
    TechnicalMeans.objects.bulk_create(means, batch_size=500)
    return {
        "reserve_units": len(units),
        "reservists": len(reservists),
        "technical_means": len(means),
        "reserve_people": len(people),
    }
