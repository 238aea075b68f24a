"""Demo data of readiness duty for Điện Biên (called by `operations.prepare_operations`): the duty
roster over the Lunar New Year, the commune police with their officers, the coordination with
them under Decree 03/2019/NĐ-CP, and the joint patrols. EVERYTHING HERE IS INVENTED (see
dienbien.py)."""

from __future__ import annotations

import datetime

from garrison.commands.models import Assignment
from garrison.forces.models import MilitiaMember, UnitKind
from garrison.operations.models import (
    CoordinationMeeting,
    CoordinationPlan,
    DutyAssignment,
    DutyRole,
    DutyShift,
    Patrol,
    PatrolStatus,
    PoliceOfficer,
    PoliceUnit,
    Shift,
)
from garrison.people.rules import FEMALE, MALE
from garrison.territory.models import CommuneType

from . import operations_data as data
from .dienbien_data import PHONE_PREFIXES
from .operations_data import MUONG_THANH, NA_SON, lower_first

DAY = datetime.timedelta(days=1)
#: the communes with joint patrols over the Lunar New Year and how often (every n days)
PATROLS_EVERY = {
    NA_SON: 2,
    MUONG_THANH: 2,
    "Phường Điện Biên Phủ": 2,
    "Xã Mường Phăng": 3,
    "Xã Sín Thầu": 4,
}


def _kind(commune) -> str:
    return {CommuneType.WARD: "phường", CommuneType.SPECIAL_ZONE: "đặc khu"}.get(
        commune.division_type, "xã"
    )


def _days(event) -> list[datetime.date]:
    return [event.starts_on + n * DAY for n in range((event.ends_on - event.starts_on).days + 1)]


def _phone(rng) -> str:
    return f"0{rng.choice(PHONE_PREFIXES)}{rng.randrange(1_000_000):06d}"


def serving_members(commune_id: int, first: datetime.date, last: datetime.date):
    """Members of a commune serving from `first` to `last` (begun by then, open, their term not
    ended before `last`), mobile and standing first."""
    members = (
        MilitiaMember.objects.filter(
            commune_id=commune_id,
            started_on__lte=first,
            term_end__gte=last,
            status__in=MilitiaMember.OPEN_STATUSES,
            ended_on__isnull=True,
        )
        .select_related("unit", "person")
        .order_by("pk")
    )
    order = {UnitKind.STANDING: 0, UnitKind.MOBILE: 1}
    return sorted(members, key=lambda m: (order.get(m.unit.kind, 2), m.pk))


# --- duty roster -----------------------------------------------------------------------------
def prepare_roster(rng, event, communes, today) -> dict[str, int]:
    """Day and night shifts over `event`'s period in `communes`: a command duty officer (a
    holder of a post of the commune's command on the day) and militia on standby (members
    serving over the whole period), `event.duty_strength` in all; one shift of Na Son, the
    day after today's, is a militiaman short."""
    days = _days(event)
    shifts = [
        DutyShift(
            commune=commune,
            province_id=commune.province_id,  # bulk_create skips CommuneRow.save()
            event=event,
            day=day,
            shift=shift,
        )
        for commune in communes
        for day in days
        for shift in (Shift.DAY, Shift.NIGHT)
    ]
    short = (NA_SON, today + DAY, Shift.NIGHT)
    names = {c.pk: c.name for c in communes}
    for row in shifts:
        if (names[row.commune_id], row.day, row.shift) == short:
            row.note = "Thiếu 01 dân quân (ốm đột xuất), đang bố trí người thay"
    DutyShift.objects.bulk_create(shifts, batch_size=500)
    pk_of = {
        (s.commune_id, s.day, s.shift): s.pk
        for s in DutyShift.objects.filter(event=event, commune__in=communes)
    }
    bookings: list[DutyAssignment] = []
    militia = max(1, event.duty_strength - 1)
    for commune in communes:
        pool = serving_members(commune.pk, event.starts_on, event.ends_on)[:14]
        posts = list(Assignment.objects.filter(commune_id=commune.pk).order_by("position", "pk"))
        turn = officer_turn = 0
        for day in days:
            on_duty = [
                p
                for p in posts
                if p.start_date <= day and (p.end_date is None or p.end_date >= day)
            ]
            for shift in (Shift.DAY, Shift.NIGHT):
                shift_pk = pk_of[(commune.pk, day, shift)]
                booked: set[int] = set()
                if on_duty:
                    post = on_duty[officer_turn % len(on_duty)]
                    officer_turn += 1
                    booked.add(post.person_id)
                    bookings.append(
                        DutyAssignment(
                            commune=commune,
                            province_id=commune.province_id,
                            shift_id=shift_pk,
                            role=DutyRole.COMMAND_DUTY_OFFICER,
                            person_id=post.person_id,
                            staff_post=post,
                        )
                    )
                wanted = militia - 1 if (commune.name, day, shift) == short else militia
                for _n in range(wanted if pool else 0):
                    member = pool[turn % len(pool)]
                    turn += 1
                    if member.person_id in booked:
                        continue
                    booked.add(member.person_id)
                    bookings.append(
                        DutyAssignment(
                            commune=commune,
                            province_id=commune.province_id,
                            shift_id=shift_pk,
                            role=DutyRole.MILITIA_STANDBY,
                            person_id=member.person_id,
                            member=member,
                        )
                    )
    DutyAssignment.objects.bulk_create(bookings, batch_size=500)
    return {"duty_shifts": len(shifts), "duty_bookings": len(bookings)}


# --- police, coordination, patrols -----------------------------------------------------------
def _police(generator, communes) -> tuple[list[PoliceUnit], list[PoliceOfficer]]:
    rng = generator.rng
    units, staff = [], {}
    for commune in communes:
        kind = _kind(commune)
        people = []
        for n in range(rng.choice([3, 4, 4])):
            sex = FEMALE if n == 3 and rng.random() < 0.4 else MALE
            ethnicity = rng.choice(["Kinh", "Kinh", "Thái", "Mông"])
            people.append(
                {
                    "full_name": generator.full_name(ethnicity, sex, rng.randint(1978, 2000)),
                    "rank": data.POLICE_RANKS[min(n * 2 + rng.randint(0, 1), 5)],
                    "position": data.POLICE_POSITIONS[n].format(kind=kind),
                    "phone": _phone(rng),
                }
            )
        staff[commune.pk] = people
        units.append(
            PoliceUnit(
                commune=commune,
                province_id=commune.province_id,
                name=f"Công an {lower_first(commune.name)}",
                head_name=people[0]["full_name"],
                phone=f"0215 {rng.randint(3820, 3899)} {rng.randint(100, 999)}",
            )
        )
    PoliceUnit.objects.bulk_create(units, batch_size=500)
    unit_of = dict(PoliceUnit.objects.filter(commune__in=communes).values_list("commune_id", "pk"))
    officers = [
        PoliceOfficer(
            commune=commune,
            province_id=commune.province_id,
            police_unit_id=unit_of[commune.pk],
            **person,
        )
        for commune in communes
        for person in staff[commune.pk]
    ]
    PoliceOfficer.objects.bulk_create(officers, batch_size=500)
    return units, officers


def _coordination(commune, event, today) -> tuple[CoordinationPlan, CoordinationMeeting]:
    unit = lower_first(commune.name)
    signed = min(datetime.date(today.year, 1, 8), today - 30 * DAY)
    plan = CoordinationPlan.objects.create(
        commune=commune,
        title=data.COORDINATION_TITLE.format(unit=unit, year=signed.year),
        number=f"01/KHPH-BCHQS-CA{commune.code}",
        signed_on=signed,
        valid_until=datetime.date(signed.year + (signed.month > 1), 12, 31),
        content=data.COORDINATION_CONTENT,
    )
    meeting = CoordinationMeeting.objects.create(
        commune=commune,
        plan=plan,
        event=event,
        held_on=min(event.starts_on - 2 * DAY, today - DAY),
        attendees=(
            f"Ban Chỉ huy Quân sự {unit}: Chỉ huy trưởng, Chính trị viên, Chỉ huy phó; "
            f"Công an {unit}: Trưởng Công an, 02 Phó Trưởng Công an; "
            "đại diện Thường trực Đảng ủy, UBND"
        ),
        conclusions=data.MEETING_CONCLUSIONS.format(unit=unit),
    )
    return plan, meeting


def _villages(generator, commune, rng) -> str:
    names = generator.villages.get(commune.pk)
    if not names:
        names = [f"Tổ dân phố {n}" for n in range(1, 13)]
    return ", ".join(rng.sample(names, min(len(names), rng.randint(2, 3))))


def prepare_police(generator, event, communes, by_name, today) -> dict[str, int]:
    """Every commune's police and officers; in Na Son and Mường Thanh the coordination plan and
    a meeting before the Lunar New Year; joint patrols over it (done before today, planned from
    today) in the communes of PATROLS_EVERY."""
    rng = generator.rng
    units, officers = _police(generator, communes)
    plans = meetings = 0
    for name in (NA_SON, MUONG_THANH):
        _coordination(by_name[name], event, today)
        plans, meetings = plans + 1, meetings + 1
    officers_of: dict[int, list[int]] = {}
    for commune_id, pk in PoliceOfficer.objects.filter(
        commune__in=[by_name[n] for n in PATROLS_EVERY]
    ).values_list("commune_id", "pk"):
        officers_of.setdefault(commune_id, []).append(pk)
    patrols, crews = [], []
    for name, every in PATROLS_EVERY.items():
        commune = by_name[name]
        pool = serving_members(commune.pk, event.starts_on, event.ends_on)
        for n, day in enumerate(_days(event)[::every]):
            evening = n % 2 == 0
            done = day < today
            status = PatrolStatus.DONE if done else PatrolStatus.PLANNED
            if done and name == "Xã Sín Thầu" and n == 1:
                status = PatrolStatus.CANCELLED
            finding = rng.randrange(len(data.PATROL_FINDINGS))
            findings = follow_up = ""
            if status == PatrolStatus.DONE:
                findings, follow_up = data.PATROL_FINDINGS[finding], data.PATROL_FOLLOW_UP[finding]
            elif status == PatrolStatus.CANCELLED:
                follow_up = "Mưa lớn, đường trơn trượt: hoãn sang ngày khác"
            patrols.append(
                Patrol(
                    commune=commune,
                    province_id=commune.province_id,
                    event=event,
                    status=status,
                    day=day,
                    starts_at=datetime.time(19, 0) if evening else datetime.time(8, 0),
                    ends_at=datetime.time(22, 30) if evening else datetime.time(11, 30),
                    villages=_villages(generator, commune, rng),
                    route=data.PATROL_ROUTES,
                    findings=findings,
                    follow_up=follow_up,
                )
            )
            crews.append(
                (
                    rng.sample(pool, min(len(pool), 3)),
                    rng.sample(officers_of[commune.pk], 2),
                )
            )
    Patrol.objects.bulk_create(patrols, batch_size=500)
    saved = {
        (p.commune_id, p.day): p.pk
        for p in Patrol.objects.filter(event=event, commune__in=[by_name[n] for n in PATROLS_EVERY])
    }
    Members, Officers = Patrol.members.through, Patrol.officers.through
    member_rows, officer_rows = [], []
    for patrol, (members, officer_ids) in zip(patrols, crews, strict=True):
        pk = saved[(patrol.commune_id, patrol.day)]
        member_rows += [Members(patrol_id=pk, militiamember_id=m.pk) for m in members]
        officer_rows += [Officers(patrol_id=pk, policeofficer_id=o) for o in officer_ids]
    Members.objects.bulk_create(member_rows, batch_size=500)
    Officers.objects.bulk_create(officer_rows, batch_size=500)
    return {
        "police_units": len(units),
        "police_officers": len(officers),
        "coordination_plans": plans,
        "coordination_meetings": meetings,
        "patrols": len(patrols),
        "patrols_done": sum(1 for p in patrols if p.status == PatrolStatus.DONE),
    }
