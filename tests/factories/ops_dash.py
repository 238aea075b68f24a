"""A small readiness world for the dashboards' tests (operations.indicators, home, overview),
on the fixed day TODAY (Wednesday 18/02/2026, the third week of the province's event).

Province P (the conftest's `province`): communes A and B (conftest) and D, E, F. Its event
"Tết" runs Monday 02/02 – Sunday 22/02, plans due 05/02, 2 patrols a week, and reaches A, B, D,
E and F, whose plans are approved (A), returned (B), submitted (D), missing (E) and draft (F):
B, E and F are late. Patrols of the event done: A 2 + 1 + 2 in its three weeks (a planned one
and one without event do not count), B 3 in the first week: 3 commune-weeks of 15 meet the
target, 8 patrols done of 30 due.

The Ministry's event "Bầu cử" (no province) runs 16/02 – 01/03, plans due 20/02, no patrols,
and reaches A and C (the other province's commune): C's plan is a draft, not late yet.

Incidents, relative to `now`: A a severe one with reports 7 h and 5 h old (last 5 h ago), its
next report due an hour ago (overdue); B a critical one occurred 2 h ago without report, due
in an hour; C a moderate one with a report 3 h ago; A a minor one closed yesterday.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from tests.factories import (
    CommuneFactory,
    EventTargetFactory,
    IncidentFactory,
    PatrolFactory,
    PersonFactory,
    ReadinessEventFactory,
    ReadinessPlanFactory,
    SituationReportFactory,
)

TODAY = datetime.date(2026, 2, 18)
HOUR = datetime.timedelta(hours=1)


@dataclass
class World:
    now: datetime.datetime
    province: Any
    other_province: Any
    communes: dict[str, Any] = field(default_factory=dict)
    tet: Any = None
    election: Any = None
    incidents: dict[str, Any] = field(default_factory=dict)
    duty: list[Any] = field(default_factory=list)


def build_world(now, province, other_province, commune_a, commune_b, commune_c) -> World:
    from garrison.operations import indicators as ind
    from garrison.operations.models import DutyAssignment, DutyShift

    w = World(now, province, other_province)
    w.communes = {"A": commune_a, "B": commune_b, "C": commune_c}
    for key, code in (("D", 3320), ("E", 3321), ("F", 3322)):
        w.communes[key] = CommuneFactory(code=code, name=f"Xã {key}", province=province)
    w.tet = ReadinessEventFactory(
        province=province,
        name="Tết Bính Ngọ",
        status="declared",
        starts_on=datetime.date(2026, 2, 2),
        ends_on=datetime.date(2026, 2, 22),
        plan_due_on=datetime.date(2026, 2, 5),
        patrols_per_week=2,
    )
    states = {"A": "approved", "B": "returned", "D": "submitted", "E": None, "F": "draft"}
    for key, state in states.items():
        EventTargetFactory(event=w.tet, commune=w.communes[key])
        if state:
            ReadinessPlanFactory(
                event=w.tet,
                commune=w.communes[key],
                status=state,
                return_reason="Thiếu danh sách lực lượng" if state == "returned" else "",
            )
    w.election = ReadinessEventFactory(
        province=None,
        name="Bầu cử đại biểu Quốc hội",
        kind="election",
        status="declared",
        starts_on=datetime.date(2026, 2, 16),
        ends_on=datetime.date(2026, 3, 1),
        plan_due_on=datetime.date(2026, 2, 20),
        patrols_per_week=0,
    )
    for key in ("A", "C"):
        EventTargetFactory(event=w.election, commune=w.communes[key])
    ReadinessPlanFactory(event=w.election, commune=commune_c, status="draft")
    # patrols of the Tết event: (commune, day, status)
    for key, day, status in (
        ("A", datetime.date(2026, 2, 2), "done"),
        ("A", datetime.date(2026, 2, 5), "done"),
        ("A", datetime.date(2026, 2, 10), "done"),
        ("A", datetime.date(2026, 2, 12), "planned"),
        ("A", datetime.date(2026, 2, 16), "done"),
        ("A", datetime.date(2026, 2, 17), "done"),
        ("B", datetime.date(2026, 2, 3), "done"),
        ("B", datetime.date(2026, 2, 4), "done"),
        ("B", datetime.date(2026, 2, 6), "done"),
        ("B", datetime.date(2026, 2, 1), "done"),  # the Sunday before: not a week of the event
    ):
        PatrolFactory(commune=w.communes[key], event=w.tet, day=day, status=status)
    PatrolFactory(commune=commune_a, event=None, day=datetime.date(2026, 2, 11))
    # incidents
    severe = IncidentFactory(
        commune=commune_a,
        severity="severe",
        title="Sạt lở bản Na Son",
        occurred_at=now - 10 * HOUR,
        last_report_at=now - 5 * HOUR,
        next_report_due_at=now - HOUR,
    )
    SituationReportFactory(incident=severe, sent_at=now - 7 * HOUR)
    SituationReportFactory(incident=severe, sent_at=now - 5 * HOUR)
    critical = IncidentFactory(
        commune=commune_b,
        severity="critical",
        title="Cháy rừng Mường Phăng",
        kind="forest_fire",
        occurred_at=now - 2 * HOUR,
        next_report_due_at=now + HOUR,
    )
    moderate = IncidentFactory(
        commune=commune_c,
        severity="moderate",
        title="Lũ quét bản Khác",
        kind="flash_flood",
        occurred_at=now - 6 * HOUR,
        last_report_at=now - 3 * HOUR,
        next_report_due_at=now + 3 * HOUR,
    )
    closed = IncidentFactory(
        commune=commune_a,
        severity="minor",
        title="Cây đổ",
        occurred_at=now - 40 * HOUR,
        status="closed",
        closed_at=now - 20 * HOUR,
    )
    w.incidents = {"severe": severe, "critical": critical, "moderate": moderate, "closed": closed}
    # the duty shift covering now in A
    day, shift = ind.shift_covering(now)
    duty = DutyShift.objects.create(commune=commune_a, day=day, shift=shift, event=w.tet)
    for name in ("Lò Văn Trực", "Quàng Văn Gác"):
        person = PersonFactory(residence_commune=commune_a, full_name=name)
        w.duty.append(
            DutyAssignment.objects.create(
                commune=commune_a, shift=duty, role="duty_officer", person=person
            )
        )
    return w
