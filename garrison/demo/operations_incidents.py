"""Demo incidents for Điện Biên (called by `operations.prepare_operations`): a severe landslide in
Xã Na Son, open, its next situation report overdue; an unexploded shell found in Phường Mường
Thanh, minor, open; a forest fire in Xã Mường Phăng, closed, with its after-action account and
lessons. EVERYTHING HERE IS INVENTED (see dienbien.py)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from garrison.accounts.models import User
from garrison.forces.models import MilitiaMember, Reservist, TechnicalMeans
from garrison.operations.models import (
    Incident,
    IncidentKind,
    IncidentStatus,
    IncidentUpdate,
    Mobilisation,
    Severity,
    SituationReport,
)

from . import operations_data as data
from .dienbien_data import local_moment
from .operations_duty import serving_members

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)
#: how often an open incident reports, by severity (as `operations.rules` sets the rhythm)
REPORT_EVERY = {
    Severity.MINOR: 24 * HOUR,
    Severity.MODERATE: 12 * HOUR,
    Severity.SEVERE: 6 * HOUR,
    Severity.CRITICAL: 3 * HOUR,
}


def _members(commune, on: datetime.date, count: int) -> list[MilitiaMember]:
    # the village teams (last in the list): the standing and mobile ones are on the roster
    return serving_members(commune.pk, on, on)[-count:]


def _truck(commune, today: datetime.date) -> TechnicalMeans:
    """A registered road vehicle of the commune (one is registered if it has none)."""
    truck = (
        TechnicalMeans.objects.filter(
            commune=commune,
            kind=TechnicalMeans.Kind.ROAD_VEHICLE,
            status=TechnicalMeans.Status.REGISTERED,
        )
        .order_by("pk")
        .first()
    )
    if truck is None:
        truck = TechnicalMeans.objects.create(
            commune=commune,
            kind=TechnicalMeans.Kind.ROAD_VEHICLE,
            model_name="Xe tải Hyundai HD72",
            registration_number="27C-046.18",
            owner_name=f"Hợp tác xã vận tải {commune.short_name}",
            owner_is_organisation=True,
            specifications="Tải trọng 3,5 tấn",
            year_made=2016,
            registered_on=datetime.date(today.year - 2, 5, 12),
        )
    return truck


def _incident(commune, *, author, updates, reports, mobilised, **fields) -> Incident:
    """An incident with its timeline, situation reports and mobilisations; its last report
    and (when open) the next one due, as the services keep them."""
    incident = Incident.objects.create(commune=commune, **fields)
    start = incident.occurred_at
    IncidentUpdate.objects.bulk_create(
        [
            IncidentUpdate(
                commune=commune,
                province_id=commune.province_id,
                incident=incident,
                at=start + datetime.timedelta(hours=h, minutes=m),
                text=text,
                author=author,
            )
            for h, m, text in updates
        ]
    )
    SituationReport.objects.bulk_create(
        [
            SituationReport(
                commune=commune,
                province_id=commune.province_id,
                incident=incident,
                sent_at=sent_at,
                situation=situation,
                people_evacuated=evacuated,
                injured=injured,
                needs=needs,
                sent_by=author,
                read_at=sent_at + datetime.timedelta(minutes=40) if read else None,
            )
            for sent_at, situation, evacuated, injured, needs, read in reports
        ]
    )
    Mobilisation.objects.bulk_create(
        [
            Mobilisation(
                commune=commune, province_id=commune.province_id, incident=incident, **line
            )
            for line in mobilised
        ]
    )
    if reports:
        incident.last_report_at = max(r[0] for r in reports)
        if incident.status == IncidentStatus.OPEN:
            incident.next_report_due_at = incident.last_report_at + REPORT_EVERY[incident.severity]
        incident.save(update_fields=["last_report_at", "next_report_due_at"])
    return incident


def prepare_incidents(generator, by_name, today, now) -> dict[str, int]:
    users = {u.username: u for u in User.objects.filter(username__in=["nason", "muongthanh"])}
    now = now.replace(second=0, microsecond=0)

    # a severe landslide in Na Son, a remote mountain commune: reports every 6 hours, the last
    # 8 hours ago (overdue by 2)
    na_son = by_name[data.NA_SON]
    slide = data.LANDSLIDE
    occurred = now - 26 * HOUR
    members = _members(na_son, today, 6)
    reservist = (
        Reservist.objects.filter(commune=na_son, status=Reservist.Status.REGISTERED)
        .order_by("pk")
        .first()
    )
    mobilised = [
        {
            "member": m,
            "from_at": occurred + datetime.timedelta(minutes=70),
            "until_at": occurred + 12 * HOUR if n == 0 else None,
            "task": "Cứu hộ, di chuyển tài sản, chốt chặn đường" if n else "Cứu hộ tài sản",
        }
        for n, m in enumerate(members)
    ]
    mobilised.append(
        {
            "reservist": reservist,
            "from_at": occurred + 2 * HOUR,
            "task": "Lái xe tải vận chuyển người, nhu yếu phẩm",
        }
    )
    mobilised.append(
        {
            "means": _truck(na_son, today),
            "from_at": occurred + 2 * HOUR,
            "task": "Vận chuyển người sơ tán, lương thực, chăn màn",
        }
    )
    reports = [
        (now - hours * HOUR, text, evacuated, injured, needs, n < 2)
        for n, (hours, (text, evacuated, injured, needs)) in enumerate(
            zip((24, 16, 8), slide["reports"], strict=True)
        )
    ]
    landslide = _incident(
        na_son,
        author=users.get("nason"),
        updates=slide["updates"],
        reports=reports,
        mobilised=mobilised,
        kind=IncidentKind.LANDSLIDE,
        title=slide["title"],
        occurred_at=occurred,
        village=(generator.villages.get(na_son.pk) or [""])[-1],
        place=slide["place"],
        latitude=Decimal("21.31540"),
        longitude=Decimal("103.15620"),
        severity=Severity.SEVERE,
        description=slide["description"],
        people_evacuated=23,
        households_evacuated=6,
        injured=1,
        damage=slide["damage"],
        damage_vnd=850_000_000,
    )

    # a shell of the war found in Mường Thanh: minor, reported once, next report tomorrow
    muong_thanh = by_name[data.MUONG_THANH]
    shell = data.ORDNANCE
    occurred = now - 20 * HOUR
    text, needs = shell["report"]
    ordnance = _incident(
        muong_thanh,
        author=users.get("muongthanh"),
        updates=shell["updates"],
        reports=[(now - 10 * HOUR, text, 0, 0, needs, True)],
        mobilised=[
            {"member": m, "from_at": occurred + HOUR / 2, "task": "Canh gác khu vực"}
            for m in _members(muong_thanh, today, 2)
        ],
        kind=IncidentKind.ORDNANCE,
        title=shell["title"],
        occurred_at=occurred,
        village="Tổ dân phố 7",
        place=shell["place"],
        severity=Severity.MINOR,
        description=shell["description"],
    )

    # a forest fire in Mường Phăng five weeks ago, put out and closed
    muong_phang = by_name["Xã Mường Phăng"]
    fire = data.FOREST_FIRE
    day = today - 38 * DAY
    occurred = local_moment(day, 13, 20)
    closed = occurred + 2 * DAY
    fire_reports = [
        (occurred + hours * HOUR, text, 0, 0, needs, True)
        for hours, (text, needs) in zip((2, 14), fire["reports"], strict=True)
    ]
    forest = _incident(
        muong_phang,
        author=None,
        updates=fire["updates"],
        reports=fire_reports,
        mobilised=[
            {
                "member": m,
                "from_at": occurred + HOUR,
                "until_at": occurred + 20 * HOUR,
                "task": "Dập lửa, phát đường băng cản lửa",
            }
            for m in _members(muong_phang, day, 8)
        ],
        kind=IncidentKind.FOREST_FIRE,
        title=fire["title"],
        occurred_at=occurred,
        village=(generator.villages.get(muong_phang.pk) or [""])[0],
        place=fire["place"],
        latitude=Decimal("21.42270"),
        longitude=Decimal("103.11050"),
        severity=Severity.MODERATE,
        status=IncidentStatus.CLOSED,
        closed_at=closed,
        after_action=fire["after_action"],
        lessons=fire["lessons"],
        description=fire["description"],
        damage=fire["damage"],
        damage_vnd=120_000_000,
    )
    incidents = [landslide, ordnance, forest]
    return {
        "incidents": len(incidents),
        "incidents_open": sum(1 for i in incidents if i.status == IncidentStatus.OPEN),
        "situation_reports": SituationReport.objects.filter(incident__in=incidents).count(),
        "mobilisations": Mobilisation.objects.filter(incident__in=incidents).count(),
    }
