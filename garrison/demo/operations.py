"""Demo data of readiness (the `operations` app) for Điện Biên.

Three events: the Lunar New Year, declared by the province for all its communes and running now
(from a few days ago for three weeks; plans were due a week ago, so who is late shows), the 14th
National Party Congress (declared by the Ministry for every province; January 2026) and the 2026
elections of the National Assembly and People's Councils (the province's border communes;
March 2026) — those two closed once past. Plans in every state (for the Lunar New Year: draft,
submitted, returned with a reason, approved, and none); Xã Na Son's is submitted, Phường Mường
Thanh's approved. A duty roster over the Lunar New Year in five communes (one shift under
strength); each commune's police with named officers; in Na Son and Mường Thanh a coordination
plan (Decree 03/2019/NĐ-CP), a meeting and joint patrols (done before today, planned after).
Incidents: an open, severe landslide in Na Son (a remote mountain commune) with militia, a
reservist and a reserve truck mobilised and three situation reports, the next one overdue; an
unexploded shell found in Mường Thanh (minor, open); a forest fire in Mường Phăng, closed, with
its after-action account and lessons.

EVERYTHING HERE IS INVENTED, like the rest of the demo (see dienbien.py). Deterministic: it draws
from the demo generator's seeded random source; dates are relative to today (the Congress and
the elections keep their real 2026 dates).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils import timezone

from garrison.accounts.models import User
from garrison.commands.models import Assignment, MilitaryCommand
from garrison.commands.rules import Position
from garrison.forces.models import MilitiaUnit, UnitKind
from garrison.operations.models import (
    EventKind,
    EventReach,
    EventTarget,
    PlanStatus,
    ReadinessEvent,
    ReadinessLevel,
    ReadinessPlan,
)

from . import operations_data as data
from .dienbien_data import BORDER, local_moment
from .operations_data import MUONG_THANH, NA_SON, lower_first
from .operations_duty import prepare_police, prepare_roster, serving_members
from .operations_incidents import prepare_incidents

#: the communes with a duty roster over the Lunar New Year
ROSTER_COMMUNES = (NA_SON, MUONG_THANH, "Phường Điện Biên Phủ", "Xã Mường Phăng", "Xã Sín Thầu")
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


def clamp(moment: datetime.datetime, low: datetime.datetime, high: datetime.datetime):
    """`moment` moved into [low, high] (high wins: nothing done lies ahead)."""
    return min(max(moment, low), high)


def _events(province, actor, ministry, today, now) -> dict[str, ReadinessEvent]:
    def declared(intended: datetime.datetime) -> datetime.datetime:
        return min(intended, now - 3 * DAY)

    def status(ends_on: datetime.date) -> str:
        return ReadinessEvent.Status.CLOSED if ends_on < today else ReadinessEvent.Status.DECLARED

    tet_start = today - 4 * DAY
    tet_end = today + 17 * DAY
    tet = ReadinessEvent.objects.create(
        province=province,
        name=data.tet_name(tet_start),
        kind=EventKind.HOLIDAY,
        starts_on=tet_start,
        ends_on=tet_end,
        level=ReadinessLevel.HEIGHTENED,
        reach=EventReach.ALL,
        plan_due_on=today - 7 * DAY,
        patrols_per_week=3,
        duty_strength=3,
        instructions=data.TET_INSTRUCTIONS,
        status=ReadinessEvent.Status.DECLARED,
        declared_at=declared(local_moment(today - 20 * DAY, 9, 30)),
        declared_by=actor,
    )
    # the Ministry's event is shared by every province: a second demo province would find it
    congress = ReadinessEvent.objects.filter(province=None, name=data.CONGRESS_NAME).first()
    if congress is None:
        start, end = datetime.date(2026, 1, 15), datetime.date(2026, 1, 27)
        congress = ReadinessEvent.objects.create(
            province=None,
            name=data.CONGRESS_NAME,
            kind=EventKind.POLITICAL,
            starts_on=start,
            ends_on=end,
            level=ReadinessLevel.HIGH,
            reach=EventReach.ALL,
            plan_due_on=datetime.date(2026, 1, 10),
            patrols_per_week=4,
            duty_strength=4,
            instructions=data.CONGRESS_INSTRUCTIONS,
            status=status(end),
            declared_at=declared(local_moment(datetime.date(2025, 12, 22), 8, 0)),
            declared_by=ministry,
        )
    start, end = datetime.date(2026, 3, 1), datetime.date(2026, 3, 22)
    election = ReadinessEvent.objects.create(
        province=province,
        name=data.ELECTION_NAME,
        kind=EventKind.ELECTION,
        starts_on=start,
        ends_on=end,
        level=ReadinessLevel.HEIGHTENED,
        reach=EventReach.BORDER,
        plan_due_on=datetime.date(2026, 2, 25),
        patrols_per_week=3,
        duty_strength=3,
        instructions=data.ELECTION_INSTRUCTIONS,
        status=status(end),
        declared_at=declared(local_moment(datetime.date(2026, 2, 9), 14, 0)),
        declared_by=actor,
    )
    return {"tet": tet, "congress": congress, "election": election}


def _targets(events, communes) -> list[EventTarget]:
    targets = []
    for key, event in events.items():
        reached = [c for c in communes if c.name in BORDER] if key == "election" else communes
        targets += [
            EventTarget(
                event=event,
                commune=c,
                province_id=c.province_id,  # bulk_create skips CommuneRow.save()
                plan_due_on=event.plan_due_on,
                patrols_per_week=event.patrols_per_week,
                duty_strength=event.duty_strength,
            )
            for c in reached
        ]
    EventTarget.objects.bulk_create(targets, batch_size=500)
    return targets


def _plan_states(rng, event, communes, today) -> dict[int, str | None]:
    """Each reached commune's plan state (None: no plan yet): every state present; for the
    current event Na Son's submitted and Mường Thanh's approved."""
    if event.status == ReadinessEvent.Status.CLOSED:
        weights = {PlanStatus.APPROVED: 88, PlanStatus.SUBMITTED: 5, None: 7}
    elif event.plan_due_on < today:
        weights = {
            PlanStatus.APPROVED: 40,
            PlanStatus.SUBMITTED: 20,
            PlanStatus.RETURNED: 10,
            PlanStatus.DRAFT: 10,
            None: 20,
        }
    else:
        weights = {
            PlanStatus.APPROVED: 25,
            PlanStatus.SUBMITTED: 30,
            PlanStatus.DRAFT: 20,
            None: 25,
        }
    states = {c.pk: rng.choices(list(weights), list(weights.values()))[0] for c in communes}
    others = [c for c in communes if c.name not in (NA_SON, MUONG_THANH)]
    for commune, state in zip(rng.sample(others, len(others)), weights, strict=False):
        states[commune.pk] = state
    fixed = {MUONG_THANH: PlanStatus.APPROVED}
    fixed[NA_SON] = (
        PlanStatus.APPROVED
        if event.status == ReadinessEvent.Status.CLOSED
        else PlanStatus.SUBMITTED
    )
    for commune in communes:
        if commune.name in fixed:
            states[commune.pk] = fixed[commune.name]
    return states


def _plans(rng, events, targets, actor, today, now, commanders, phones) -> list[ReadinessPlan]:
    plans: list[ReadinessPlan] = []
    by_event: dict[int, list] = {}
    for target in targets:
        by_event.setdefault(target.event_id, []).append(target.commune)
    for key, event in events.items():
        communes = by_event[event.pk]
        states = _plan_states(rng, event, communes, today)
        due = local_moment(event.plan_due_on, 17, 0)
        for commune in communes:
            state = states[commune.pk]
            if state is None:
                continue
            unit = lower_first(commune.name)
            commander = commanders.get(commune.pk, "")
            plan = ReadinessPlan(
                event=event,
                commune=commune,
                province_id=commune.province_id,
                status=state,
                key_places="\n".join(p.format(commune=unit) for p in data.KEY_PLACES[key]),
                contacts=(
                    f"Trực ban Ban Chỉ huy Quân sự: {phones.get(commune.pk, '')}\n"
                    + (f"Chỉ huy trưởng: {commander}\n" if commander else "")
                    + f"Công an {unit}: trực 24/24 giờ"
                ),
                content=data.PLAN_CONTENT[key],
            )
            if state != PlanStatus.DRAFT:
                # sent around the due date (a few late), never before the event was declared
                sent = due + datetime.timedelta(hours=rng.randint(-6 * 24, 2 * 24))
                plan.submitted_at = clamp(sent, event.declared_at + HOUR, now - 2 * HOUR)
            if state in (PlanStatus.APPROVED, PlanStatus.RETURNED):
                decided = plan.submitted_at + datetime.timedelta(hours=rng.randint(4, 72))
                plan.decided_at = clamp(decided, plan.submitted_at + HOUR / 2, now - HOUR)
                plan.decided_by = actor
            if state == PlanStatus.RETURNED:
                plan.return_reason = rng.choice(data.RETURN_REASONS)
            plans.append(plan)
    ReadinessPlan.objects.bulk_create(plans, batch_size=500)
    return plans


def _standby(rng, plans: Iterable[ReadinessPlan], today) -> None:
    """The forces each plan puts on standby: the commune's mobile (and standing) units, some of
    their serving members, the command's staff in post."""
    plans = list(ReadinessPlan.objects.filter(pk__in=[p.pk for p in plans]).select_related("event"))
    communes = {p.commune_id for p in plans}
    units: dict[int, list[int]] = {}
    for unit in MilitiaUnit.objects.filter(
        commune_id__in=communes, kind__in=[UnitKind.MOBILE, UnitKind.STANDING], parent=None
    ).order_by("pk"):
        units.setdefault(unit.commune_id, []).append(unit.pk)
    unit_rows, member_rows, staff_rows = [], [], []
    Units = ReadinessPlan.standby_units.through
    Members = ReadinessPlan.standby_members.through
    Staff = ReadinessPlan.standby_staff.through
    for plan in plans:
        day = min(plan.event.starts_on, today)
        for unit_id in units.get(plan.commune_id, []):
            unit_rows.append(Units(readinessplan_id=plan.pk, militiaunit_id=unit_id))
        members = serving_members(plan.commune_id, day, plan.event.ends_on)
        for member in rng.sample(members, min(len(members), rng.randint(6, 10))):
            member_rows.append(Members(readinessplan_id=plan.pk, militiamember_id=member.pk))
        posts = Assignment.objects.current(day).filter(commune_id=plan.commune_id)
        for post_id in posts.values_list("pk", flat=True):
            staff_rows.append(Staff(readinessplan_id=plan.pk, assignment_id=post_id))
    Units.objects.bulk_create(unit_rows, batch_size=500)
    Members.objects.bulk_create(member_rows, batch_size=500)
    Staff.objects.bulk_create(staff_rows, batch_size=500)


def prepare_operations(generator, province, communes, actor) -> dict[str, int]:
    rng = generator.rng
    today = timezone.localdate()
    now = timezone.now()
    ministry = User.objects.filter(username="ministry").first()
    commanders = dict(
        Assignment.objects.current(today)
        .filter(commune__province=province, position=Position.COMMANDER)
        .values_list("commune_id", "person__full_name")
    )
    phones = dict(
        MilitaryCommand.objects.filter(province=province, level="commune").values_list(
            "commune_id", "phone"
        )
    )
    events = _events(province, actor, ministry, today, now)
    targets = _targets(events, communes)
    plans = _plans(rng, events, targets, actor, today, now, commanders, phones)
    _standby(rng, plans, today)
    by_name = {c.name: c for c in communes}
    roster = prepare_roster(rng, events["tet"], [by_name[n] for n in ROSTER_COMMUNES], today)
    police = prepare_police(generator, events["tet"], communes, by_name, today)
    incidents = prepare_incidents(generator, by_name, today, now)
    tet_plans = [p for p in plans if p.event_id == events["tet"].pk]
    return {
        "readiness_events": len(events),
        "event_targets": len(targets),
        "readiness_plans": len(plans),
        "tet_plans_missing": sum(1 for t in targets if t.event_id == events["tet"].pk)
        - len(tet_plans),
        **roster,
        **police,
        **incidents,
    }
