"""The defensive zone and the people in a real browser (issue 18): the Na Son commander records
an inspection of a combat base that finds it degraded after the landslide, records a defence and
security education session with its attendance, and adds a family helped under the province's
"Warm Military-Civilian Tết" programme (an amount typed the Vietnamese way); the province then
sees the degraded work on its works roll-up and the programme's totals."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from garrison.operations.models import (
    DefenceWork,
    EducationAttendance,
    EducationSession,
    ProgrammeAid,
    WorkInspection,
)
from tests.clock import move_clock
from tests.factories import (
    AudienceMemberFactory,
    DefenceWorkFactory,
    IncidentFactory,
    MassProgrammeFactory,
    PersonFactory,
    VillageFactory,
)

from .test_commune_commander import sign_in
from .test_forces import dmy
from .test_pickers import pick
from .test_reporting import sign_out

#: "Today": a Tuesday in the Tết programme's period, five days after the landslide.
TODAY = datetime.date(2026, 2, 3)
LANDSLIDE = datetime.datetime(2026, 1, 29, 5, 30, tzinfo=datetime.UTC)
BASE = "Căn cứ chiến đấu Pá Khôm"
PROGRAMME = "Xuân ấm áp – Tết Quân dân 2026"
CADRES = ["Lò Văn Pọm", "Quàng Thị Ươi"]
FAMILY = "Cà Văn Khằm"


@pytest.fixture
def world(transactional_db, monkeypatch, province, commune_a, commune_b, commune_a_commander):
    """Na Son (commune A) with a village, its combat base (ready, inspected last spring), the
    landslide, two cadres of group 4 and a poor family; the province's Tết programme."""
    move_clock(monkeypatch, TODAY)
    village = VillageFactory(commune=commune_a, name="Bản Pá Khôm")
    base = DefenceWorkFactory(
        commune=commune_a,
        village=village,
        name=BASE,
        kind="combat_base",
        state="ready",
        capacity_people=80,
        last_inspected_on=datetime.date(2025, 4, 10),
        inspection_due_on=datetime.date(2026, 4, 10),
    )
    incident = IncidentFactory(
        commune=commune_a, title="Sạt lở đất bản Pá Khôm", occurred_at=LANDSLIDE
    )
    cadres = [
        AudienceMemberFactory(
            person=PersonFactory(residence_commune=commune_a, full_name=name),
            commune=commune_a,
            audience="group_4",
        )
        for name in CADRES
    ]
    family = PersonFactory(residence_commune=commune_a, full_name=FAMILY, village=village)
    programme = MassProgrammeFactory(
        province=province,
        name=PROGRAMME,
        starts_on=datetime.date(2026, 1, 5),
        ends_on=datetime.date(2026, 2, 20),
        with_youth_union=True,
    )
    return {
        "commander": commune_a_commander,
        "base": base,
        "incident": incident,
        "cadres": cadres,
        "family": family,
        "programme": programme,
    }


def test_na_son_inspects_a_degraded_base_teaches_and_helps_a_family_and_the_province_sees_it(
    page, world, province_staff, commune_a
):
    base, programme, family = world["base"], world["programme"], world["family"]

    # --- the Na Son commander: the inspection after the landslide finds the base degraded ----
    sign_in(page, world["commander"].username)
    page.goto(f"/operations/works/{base.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(BASE)
    page.get_by_test_id("action-inspect").click()
    page.locator("input[name=inspected_on]").fill(dmy(TODAY))
    page.locator("input[name=inspectors]").fill("Ban CHQS xã Na Son")
    page.locator("select[name=state_found]").select_option("degraded")
    page.locator("textarea[name=findings]").fill("Hào giao thông sạt 12 m, hầm chỉ huy thấm nước.")
    page.get_by_test_id("submit").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(BASE)
    expect(page.locator("#messages")).to_be_visible()
    expect(page.locator("main")).to_contain_text("xuống cấp")  # the state found, in Vietnamese
    base.refresh_from_db()
    assert base.state == "degraded"
    assert base.last_inspected_on == TODAY
    assert base.inspection_due_on == datetime.date(2027, 2, 3)  # a year after the inspection
    assert WorkInspection.objects.filter(work=base).count() == 1

    # --- an education session for the cadres of group 4, held last week, with attendance ---
    page.goto("/operations/education/sessions/add/")
    page.locator("select[name=audience]").select_option("group_4")
    page.locator("input[name=topic]").fill("Bồi dưỡng kiến thức quốc phòng và an ninh năm 2026")
    page.locator("input[name=starts_on]").fill(dmy(TODAY - datetime.timedelta(days=7)))
    page.locator("input[name=ends_on]").fill(dmy(TODAY - datetime.timedelta(days=6)))
    page.locator("input[name=place]").fill("Hội trường UBND xã Na Son")
    page.locator("input[name=teacher]").fill("Đại úy Lò Văn Thành")
    page.get_by_test_id("save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bồi dưỡng kiến thức")
    session = EducationSession.objects.get()
    page.get_by_test_id("action-attend").click()
    pick(page, "persons", "Pọm", CADRES[0])
    pick(page, "persons", "Ươi", CADRES[1])
    page.get_by_test_id("submit").click()
    expect(page.locator("main")).to_contain_text(CADRES[0])
    expect(page.locator("main")).to_contain_text(CADRES[1])
    assert set(
        EducationAttendance.objects.filter(session=session).values_list(
            "person__full_name", flat=True
        )
    ) == set(CADRES)

    # --- a family helped under the province's Tết programme: 1.200.000 đồng -----------------
    page.goto(f"/operations/programmes/{programme.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(PROGRAMME)
    page.get_by_test_id("give-aid").click()
    pick(page, "person", "Khằm", FAMILY)
    page.locator("select[name=kind]").select_option("gift")
    page.locator("input[name=value_vnd]").fill("1.200.000")
    page.locator("input[name=given_on]").fill(dmy(TODAY))
    page.get_by_test_id("submit").click()
    expect(page.locator("#messages")).to_be_visible()
    aid = ProgrammeAid.objects.get()
    assert (aid.person, aid.commune, aid.value_vnd) == (family, commune_a, 1_200_000)
    sign_out(page)

    # --- the province: the degraded base on the roll-up, the programme's totals --------------
    sign_in(page, province_staff.username)
    page.goto("/operations/works/rollup/")
    expect(page.locator("main")).to_contain_text(BASE)
    page.locator("main").get_by_role("link", name=BASE).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(BASE)
    assert DefenceWork.objects.get(pk=base.pk).state == "degraded"
    page.goto("/operations/programmes/totals/")
    totals = page.locator("main")
    expect(totals).to_contain_text("Na Son")
    expect(totals).to_contain_text("1.200.000")
