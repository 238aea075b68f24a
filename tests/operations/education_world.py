"""A crafted commune for the education tests (fixed dates: today is 30/06/2026).

Xã Na Son (A): group 4 — An (trained at the 12/05/2026 session), Bình (last trained in 2020:
outside the cycle), Chi (attended a group 3 session only), Dũng (left the group on 01/01/2026);
group 3 — Em (trained on 01/03/2025). Sessions of 2026 held: group 4 (An named), group 3 (Chi
named), population (a count of 1200), students (two named, no count); one group 4 session
planned for 01/09/2026. Mường Thanh (B): group 4 — Giang, trained."""

from __future__ import annotations

import datetime

from garrison.operations.models import EducationAttendance
from tests.factories import AudienceMemberFactory, EducationSessionFactory, PersonFactory

TODAY = datetime.date(2026, 6, 30)
D = datetime.date


def _session(commune, audience, starts_on, **extra):
    return EducationSessionFactory(
        commune=commune, audience=audience, starts_on=starts_on, ends_on=starts_on, **extra
    )


def education_world(commune_a, commune_b) -> dict:
    w: dict = {}
    for key, name in [
        ("an", "Lò Văn An"),
        ("binh", "Lò Văn Bình"),
        ("chi", "Lò Thị Chi"),
        ("dung", "Lò Văn Dũng"),
        ("em", "Lò Văn Em"),
        ("s1", "Lò Văn Sinh"),
        ("s2", "Lò Thị Sáu"),
    ]:
        w[key] = PersonFactory(full_name=name, residence_commune=commune_a)
    w["giang"] = PersonFactory(full_name="Cà Văn Giang", residence_commune=commune_b)
    for key in ("an", "binh", "chi"):
        w[f"m_{key}"] = AudienceMemberFactory(person=w[key], commune=commune_a, audience="group_4")
    AudienceMemberFactory(
        person=w["dung"],
        commune=commune_a,
        audience="group_4",
        since=D(2020, 1, 1),
        until=D(2026, 1, 1),
    )
    AudienceMemberFactory(
        person=w["em"], commune=commune_a, audience="group_3", since=D(2024, 1, 1)
    )
    AudienceMemberFactory(person=w["giang"], commune=commune_b, audience="group_4")
    w["g4"] = _session(commune_a, "group_4", D(2026, 5, 12))
    old = _session(commune_a, "group_4", D(2020, 5, 1))
    g3_2025 = _session(commune_a, "group_3", D(2025, 3, 1))
    w["g3"] = _session(commune_a, "group_3", D(2026, 2, 1))
    w["mass"] = _session(commune_a, "population", D(2026, 4, 1), attendance_count=1200)
    w["students"] = _session(commune_a, "students", D(2026, 3, 2))
    w["planned"] = _session(commune_a, "group_4", D(2026, 9, 1))
    w["g4_b"] = _session(commune_b, "group_4", D(2026, 5, 20))
    for session, person in [
        (w["g4"], "an"),
        (old, "binh"),
        (g3_2025, "em"),
        (w["g3"], "chi"),
        (w["students"], "s1"),
        (w["students"], "s2"),
        (w["g4_b"], "giang"),
    ]:
        EducationAttendance.objects.create(
            session=session, person=w[person], commune=session.commune
        )
    return w
