"""What the duty roster tests build on: a commune's command with a Commander in post, militia
members serving (and one whose term has ended), an event reaching the commune."""

from __future__ import annotations

import datetime

from tests.factories import (
    AssignmentFactory,
    EventTargetFactory,
    MilitiaMemberFactory,
    PersonFactory,
    ReadinessEventFactory,
)

DAY = datetime.date(2026, 2, 16)


def roster_world(commune, command):
    """Commune's people for a roster around 16/02/2026 (the Tết event: 10/02–22/02, duty
    strength 3): keys commander (a commands.Assignment), former (a post left on 10/02/2026),
    an (Lò Văn An's serving term), binh (serving), ended (a term completed on 31/01/2026), event,
    target."""
    commander = AssignmentFactory(
        command=command,
        person=PersonFactory(residence_commune=commune, full_name="Cà Văn Chỉ"),
        start_date=datetime.date(2025, 7, 1),
    )
    former = AssignmentFactory(
        command=command,
        position="deputy_commander",
        person=PersonFactory(residence_commune=commune, full_name="Tòng Văn Cũ"),
        start_date=datetime.date(2025, 7, 1),
        end_date=datetime.date(2026, 2, 10),
    )
    an = MilitiaMemberFactory(
        unit__commune=commune,
        person=PersonFactory(residence_commune=commune, full_name="Lò Văn An"),
    )
    binh = MilitiaMemberFactory(
        unit=an.unit, person=PersonFactory(residence_commune=commune, full_name="Quàng Văn Bình")
    )
    ended = MilitiaMemberFactory(
        unit=an.unit,
        person=PersonFactory(residence_commune=commune, full_name="Lường Văn Hết"),
        started_on=datetime.date(2022, 1, 1),
        status="completed",
        ended_on=datetime.date(2026, 1, 31),
    )
    event = ReadinessEventFactory(province=commune.province, status="declared")
    target = EventTargetFactory(event=event, commune=commune)
    return {
        "commander": commander,
        "former": former,
        "an": an,
        "binh": binh,
        "ended": ended,
        "event": event,
        "target": target,
    }
