"""Demo data of the military-service register for Điện Biên: young men of service age in every
commune, their registrations, the 2026 enlistment (closed: quotas, examinations, orders, who
reported) and the 2027 enlistment in progress (its health examinations run in November and
December 2026: pool built, quotas split, screening, about half examined, background checks and
deferrals under way).

EVERYTHING HERE IS INVENTED, like the rest of the demo (see dienbien.py). Deterministic: it draws
from the demo generator's seeded random source.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from garrison.conscription import rules, screening
from garrison.conscription.models import (
    CallUpOrder,
    Campaign,
    Candidate,
    CommuneQuota,
    DeclaredRelationship,
    HealthExam,
    RecordEvent,
    ServiceDecision,
    ServiceRecord,
)
from garrison.conscription.querysets import CALLABLE_OUTCOMES, OUT_OF_POOL_OUTCOMES
from garrison.people.models import Person
from garrison.people.rules import MALE

HANDOVER_2026 = datetime.date(2026, 2, 25)
HANDOVER_2027 = datetime.date(2027, 2, 24)
QUOTA_2026 = 260
QUOTA_2027 = 280
PROVINCIAL_BOARD = "Hội đồng khám sức khỏe NVQS khu vực {n}, tỉnh Điện Biên"
PROVINCE_CHAIRMAN = "Chủ tịch UBND tỉnh Điện Biên"


def _young_men(generator, communes) -> list[Person]:
    people = []
    for commune in communes:
        count = max(24, (commune.population or 0) // 500)
        people += [
            generator.person(commune, sex=MALE, born_between=(1999, 2008)) for _ in range(count)
        ]
        # this year's cohort (turning 17 in 2026): most registered in April, some not
        people += [
            generator.person(commune, sex=MALE, born_between=(2009, 2009))
            for _ in range(max(4, count // 6))
        ]
    return people


def random_record(rng, person: Person) -> ServiceRecord | None:
    """A plausible registration of `person` (None: he has not registered yet)."""
    first_year = rules.first_registration_year(person.date_of_birth)
    if person.date_of_birth.year == 2009 and rng.random() < 0.3:
        return None  # has not registered yet: on the commune's "must register" list
    record = ServiceRecord(
        person=person,
        commune_id=person.residence_commune_id,
        province_id=person.province_id,
        registered_on=datetime.date(first_year, 4, rng.randint(8, 25)),
        certificate_number=f"{rng.randint(1, 999):03d}/{first_year}",
        education_grade=rng.choices([12, 9, 8, 7, 5], weights=[52, 28, 9, 6, 5])[0],
    )
    roll = rng.random()
    if roll < 0.10:
        record.study_level = "university"
        record.study_mode = "regular"
        record.study_status = "studying"
        record.course_end = datetime.date(rng.randint(2027, 2030), 6, 30)
        record.was_deferred_for_study = True
    elif roll < 0.13:
        record.study_level = "college"
        record.study_mode = "regular"
        record.study_status = "studying"
        record.course_end = datetime.date(rng.randint(2027, 2028), 6, 30)
        record.was_deferred_for_study = True
    elif roll < 0.16:
        record.sole_labourer_confirmed = True
    elif roll < 0.19:
        record.sibling_serving_kind = "army_conscript"
        record.sibling_serving_start = datetime.date(2025, 2, 20)
    elif roll < 0.20:
        record.parent_martyr = True
    elif roll < 0.22:
        record.standing_militia_since = datetime.date(2024, 3, 1)
        record.standing_militia_until = datetime.date(2026, 3, 1)
    elif roll < 0.23:
        record.legal_serving_or_unexpunged = True
    return record


def _exam(rng, candidate: Candidate, on: datetime.date, board: int) -> HealthExam:
    health_class = rng.choices([1, 2, 3, 4, 5, 6], weights=[8, 36, 32, 15, 6, 3])[0]
    myopia = Decimal("2.00") if health_class <= 3 and rng.random() < 0.06 else None
    return HealthExam(
        candidate=candidate,
        commune_id=candidate.commune_id,
        province_id=candidate.province_id,
        examined_on=on,
        board=PROVINCIAL_BOARD.format(n=board),
        health_class=health_class,
        myopia_d=myopia,
        bmi=Decimal(str(round(rng.uniform(18.6, 26.5), 1))),
    )


def _apply(candidate: Candidate, answer: dict[str, Any]) -> None:
    candidate.outcome = answer["outcome"]
    candidate.grounds = list(answer.get("grounds", []))
    candidate.ground = candidate.grounds[0] if candidate.grounds else ""
    until = answer.get("until")
    candidate.outcome_until = datetime.date.fromisoformat(until) if until else None


def _assess(record, person, ref_date, exam=None, political_ok=None, commune=None):
    return screening.assess(
        screening.record_facts(
            record,
            sex=person.sex,
            dob=person.date_of_birth,
            ethnicity=person.ethnicity,
            ref_date=ref_date,
            difficult_commune=bool(commune and commune.is_remote),
            exam=exam
            and screening.Exam(
                health_class=exam.health_class,
                myopia_d=float(exam.myopia_d) if exam.myopia_d is not None else None,
                bmi=float(exam.bmi) if exam.bmi is not None else None,
            ),
            political_ok=political_ok,
        )
    ).as_dict()


class _Campaigns:
    def __init__(self, generator, province, communes, actor) -> None:
        self.rng = generator.rng
        self.province = province
        self.communes = {c.pk: c for c in communes}
        self.actor = actor

    def pool(self, campaign: Campaign, records: list[ServiceRecord]) -> list[Candidate]:
        earliest, latest = rules.call_up_birth_window(campaign.handover_date, extended=True)
        candidates = []
        for record in records:
            person = record.person
            if not (earliest <= person.date_of_birth <= latest):
                continue
            if record.status != ServiceRecord.Status.REGISTERED:
                continue
            candidate = Candidate(
                campaign=campaign,
                record=record,
                person=person,
                commune_id=record.commune_id,
                province_id=record.province_id,
            )
            commune = self.communes[record.commune_id]
            _apply(candidate, _assess(record, person, campaign.handover_date, commune=commune))
            if candidate.outcome not in OUT_OF_POOL_OUTCOMES:
                candidates.append(candidate)
        Candidate.objects.bulk_create(candidates, batch_size=500)
        return list(Candidate.objects.filter(campaign=campaign).select_related("record__person"))

    def quotas(self, campaign: Campaign, candidates: list[Candidate]) -> dict[int, int]:
        pools = {pk: 0 for pk in self.communes}
        for c in candidates:
            if c.outcome in CALLABLE_OUTCOMES:
                pools[c.commune_id] += 1
        split = rules.split_quota(campaign.quota, pools)
        CommuneQuota.objects.bulk_create(
            [
                CommuneQuota(
                    campaign=campaign, commune_id=pk, province_id=self.province.pk, quota=n
                )
                for pk, n in split.items()
            ],
            update_conflicts=True,
            unique_fields=["campaign", "commune"],
            update_fields=["quota"],
        )
        return split

    def decisions(self, campaign: Campaign, candidates: list[Candidate]) -> list[ServiceDecision]:
        """The province's decisions for the deferrals and exemptions the law gives."""
        decisions = []
        for c in candidates:
            if c.outcome not in (rules.ServiceOutcome.DEFERRED, rules.ServiceOutcome.EXEMPT):
                continue
            if not c.grounds:
                continue
            parts = c.grounds[0].split(".")
            if len(parts) != 3 or not parts[0].startswith("NVQS 41"):
                continue
            kind = "deferral" if parts[1] == "1" else "exemption"
            until = c.outcome_until or (
                campaign.handover_date + datetime.timedelta(days=365)
                if kind == "deferral"
                else None
            )
            decisions.append(
                ServiceDecision(
                    record=c.record,
                    campaign=campaign,
                    commune_id=c.commune_id,
                    province_id=c.province_id,
                    kind=kind,
                    letter=parts[2],
                    evidence=EVIDENCE.get(parts[2], "Hồ sơ, giấy xác nhận kèm theo."),
                    decision_number=f"{self.rng.randint(100, 999)}/QĐ-UBND",
                    decided_by=PROVINCE_CHAIRMAN,
                    decided_on=campaign.exam_end + datetime.timedelta(days=20),
                    until=until,
                    recorded_by=self.actor,
                )
            )
        ServiceDecision.objects.bulk_create(decisions, batch_size=500)
        return decisions


EVIDENCE = {
    "b": "Giấy xác nhận của UBND xã: lao động duy nhất nuôi dưỡng cha mẹ già yếu.",
    "d": "Giấy xác nhận của đơn vị: anh ruột đang phục vụ tại ngũ.",
    "g": "Giấy xác nhận của nhà trường: đang học hệ chính quy.",
    "h": "Quyết định tổ chức dân quân thường trực.",
    "a": "Giấy chứng nhận gia đình liệt sĩ.",
}


def prepare_conscription(generator, province, communes, actor) -> dict[str, int]:
    rng = generator.rng
    people = _young_men(generator, communes)
    Person.objects.bulk_create(people, batch_size=500)
    people = list(
        Person.objects.filter(citizen_id__in=[p.citizen_id for p in people]).select_related(
            "residence_commune"
        )
    )
    records = [r for p in people if (r := random_record(rng, p)) is not None]
    ServiceRecord.objects.bulk_create(records, batch_size=500)
    records = list(
        ServiceRecord.objects.filter(province=province).select_related("person", "commune")
    )
    RecordEvent.objects.bulk_create(
        [
            RecordEvent(
                record=r,
                commune_id=r.commune_id,
                province_id=r.province_id,
                kind=RecordEvent.Kind.REGISTERED,
                on=r.registered_on,
            )
            for r in records
        ],
        batch_size=500,
    )
    builder = _Campaigns(generator, province, communes, actor)
    counts = {"service_records": len(records), "young_men": len(people)}
    counts.update(_closed_2026(builder, province, records))
    records = list(
        ServiceRecord.objects.filter(province=province).select_related("person", "commune")
    )
    counts.update(_open_2027(builder, province, records))
    _relationships(rng, province)
    return counts


def _closed_2026(builder: _Campaigns, province, records) -> dict[str, int]:
    rng = builder.rng
    campaign = Campaign.objects.create(
        province=province,
        year=2026,
        quota=QUOTA_2026,
        status=Campaign.Status.CLOSED,
        exam_start=datetime.date(2025, 11, 1),
        exam_end=datetime.date(2025, 12, 31),
        handover_date=HANDOVER_2026,
        handover_place="Ban Chỉ huy phòng thủ khu vực 1 — Điện Biên Phủ",
        legal_basis="Quyết định giao chỉ tiêu gọi công dân nhập ngũ năm 2026 (demo)",
    )
    candidates = builder.pool(campaign, records)
    quotas = builder.quotas(campaign, candidates)
    builder.decisions(campaign, candidates)
    exams, orders, enlisted = [], [], []
    selected_by_commune: dict[int, int] = {}
    sequence: dict[int, int] = {}
    for c in sorted(candidates, key=lambda c: c.pk):
        if c.outcome not in CALLABLE_OUTCOMES:
            continue
        exam = _exam(rng, c, datetime.date(2025, 12, rng.randint(1, 20)), rng.randint(1, 4))
        exams.append(exam)
        c.screening = Candidate.Screening.PASSED
        c.background = Candidate.Background.CLEARED
        c.background_checked_on = datetime.date(2025, 12, 28)
        _apply(c, _assess(c.record, c.person, campaign.handover_date, exam, True))
        if c.outcome in CALLABLE_OUTCOMES and selected_by_commune.get(c.commune_id, 0) < quotas.get(
            c.commune_id, 0
        ):
            selected_by_commune[c.commune_id] = selected_by_commune.get(c.commune_id, 0) + 1
            c.selected = True
            seq = sequence[c.commune_id] = sequence.get(c.commune_id, 0) + 1
            orders.append(
                CallUpOrder(
                    candidate=c,
                    commune_id=c.commune_id,
                    province_id=c.province_id,
                    year=2026,
                    sequence=seq,
                    number=f"{seq:03d}/QĐ-UBND",
                    issued_on=datetime.date(2026, 2, 2),
                    report_at=timezone.make_aware(datetime.datetime(2026, 2, 25, 7, 0)),
                    report_place=campaign.handover_place,
                    signer_name="Chủ tịch UBND xã (demo)",
                )
            )
            absent = rng.random() < 0.01
            c.enlistment = Candidate.Enlistment.ABSENT if absent else Candidate.Enlistment.REPORTED
            c.absence_reason = "Ốm, có giấy của trạm y tế xã" if absent else ""
            if not absent:
                enlisted.append(c.record_id)
    HealthExam.objects.bulk_create(exams, batch_size=500)
    Candidate.objects.bulk_update(
        candidates,
        ["screening", "background", "background_checked_on", "outcome", "grounds", "ground",
         "outcome_until", "selected", "enlistment", "absence_reason"],
        batch_size=500,
    )  # fmt: skip
    CallUpOrder.objects.bulk_create(orders, batch_size=500)
    ServiceRecord.objects.filter(pk__in=enlisted).update(status=ServiceRecord.Status.ENLISTED)
    return {"enlisted_2026": len(enlisted), "orders_2026": len(orders)}


def _open_2027(builder: _Campaigns, province, records) -> dict[str, int]:
    rng = builder.rng
    campaign = Campaign.objects.create(
        province=province,
        year=2027,
        quota=QUOTA_2027,
        status=Campaign.Status.OPEN,
        exam_start=datetime.date(2026, 11, 1),
        exam_end=datetime.date(2026, 12, 31),
        handover_date=HANDOVER_2027,
        handover_place="Ban Chỉ huy phòng thủ khu vực 1 — Điện Biên Phủ",
        legal_basis="Quyết định giao chỉ tiêu gọi công dân nhập ngũ năm 2027 (demo)",
    )
    candidates = builder.pool(campaign, records)
    builder.quotas(campaign, candidates)
    builder.decisions(campaign, candidates)
    exams = []
    for c in candidates:
        if c.outcome not in CALLABLE_OUTCOMES:
            continue
        if rng.random() < 0.85:
            c.screening = Candidate.Screening.PASSED
        elif rng.random() < 0.5:
            c.screening = Candidate.Screening.FAILED
        exam = None
        if c.screening == Candidate.Screening.PASSED and rng.random() < 0.5:
            exam = _exam(rng, c, datetime.date(2026, 11, rng.randint(3, 20)), rng.randint(1, 4))
            exams.append(exam)
        political = None
        if rng.random() < 0.4:
            c.background = Candidate.Background.CLEARED
            c.background_checked_on = datetime.date(2026, 11, rng.randint(5, 21))
            political = True
        if exam is not None or political is not None:
            _apply(c, _assess(c.record, c.person, campaign.handover_date, exam, political))
    HealthExam.objects.bulk_create(exams, batch_size=500)
    Candidate.objects.bulk_update(
        candidates,
        ["screening", "background", "background_checked_on", "outcome", "grounds", "ground",
         "outcome_until"],
        batch_size=500,
    )  # fmt: skip
    return {"pool_2027": len(candidates), "exams_2027": len(exams)}


def _relationships(rng, province) -> None:
    """Each demo commune's Commander declares a nephew in the 2027 pool, so the conflict rule
    shows: he cannot decide about that candidate; another member of the command must."""
    from garrison.accounts.models import User

    for user in User.objects.filter(province=province, commune__isnull=False, person__isnull=False):
        nephew = (
            Candidate.objects.filter(
                campaign__year=2027, commune_id=user.commune_id, outcome__in=CALLABLE_OUTCOMES
            )
            .order_by("pk")
            .first()
        )
        if nephew is not None:
            DeclaredRelationship.objects.get_or_create(
                person_id=nephew.person_id,
                relative_id=user.person_id,
                defaults={"kind": DeclaredRelationship.Kind.OTHER},
            )
