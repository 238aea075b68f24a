"""Readiness for Tết in a real browser (issue 17): the province declares the event; the Na Son
commander files the plan, sets the roster and records a joint patrol with the commune police;
the province approves the plan and sees Na Son ready; the Na Son commander opens an incident
(a severe landslide) and sends a situation report, which the province sees."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import expect

from garrison.operations.models import (
    DutyShift,
    Incident,
    Patrol,
    ReadinessEvent,
    ReadinessPlan,
    SituationReport,
)
from tests.clock import move_clock
from tests.factories import (
    AssignmentFactory,
    CommandFactory,
    MilitiaMemberFactory,
    MilitiaUnitFactory,
    PersonFactory,
    PoliceOfficerFactory,
    PoliceUnitFactory,
)

from .test_commune_commander import sign_in
from .test_forces import dmy
from .test_pickers import pick
from .test_reporting import sign_out

#: "Today": a Monday of the Tết readiness period, which began the Wednesday before.
TODAY = datetime.date(2027, 1, 25)
STARTS, ENDS = datetime.date(2027, 1, 20), datetime.date(2027, 2, 20)
PLAN_DUE = datetime.date(2027, 1, 30)
YESTERDAY = TODAY - datetime.timedelta(days=1)
EVENT = "Sẵn sàng chiến đấu dịp Tết Nguyên đán Đinh Mùi 2027"
MEMBERS = ["Lò Văn Dũng", "Quàng Văn Hải", "Cà Văn Tâm"]
OFFICERS = ["Vì Văn Quyết", "Điêu Chính Hùng"]
COMMANDER = "Lường Văn Chỉ"


@pytest.fixture
def world(transactional_db, monkeypatch, province, commune_a, commune_b, commune_a_commander):
    """Điện Biên with Na Son (commune A: its command with the Commander's post held, a squad of
    3 serving members, the commune police with 2 officers) and Mường Thanh (commune B)."""
    move_clock(monkeypatch, TODAY, at=datetime.time(10, 0))  # the landslide at 06:30 is past
    long_ago = datetime.date(2025, 7, 1)
    command = CommandFactory(commune=commune_a, established_on=long_ago)
    CommandFactory(commune=commune_b, established_on=long_ago)
    AssignmentFactory(
        command=command,
        person=PersonFactory(residence_commune=commune_a, full_name=COMMANDER),
        start_date=long_ago,
    )
    unit = MilitiaUnitFactory(commune=commune_a, name="Tiểu đội dân quân cơ động Na Son")
    for name in MEMBERS:
        MilitiaMemberFactory(
            unit=unit, person=PersonFactory(residence_commune=commune_a, full_name=name)
        )
    police = PoliceUnitFactory(commune=commune_a)
    for name in OFFICERS:
        PoliceOfficerFactory(police_unit=police, full_name=name)
    return {"commander": commune_a_commander, "unit": unit}


def confirm(page) -> None:
    """Tick an action's confirmation box and send the action's form."""
    page.locator("input[name=confirm]").check()
    page.get_by_test_id("submit").click()


def test_tet_readiness_declared_planned_patrolled_approved_and_an_incident_reported(
    page, world, province_staff, commune_a
):
    commander = world["commander"]

    # --- the province declares the Tết event to all its communes -------------------------
    sign_in(page, province_staff.username)
    page.goto("/operations/events/add/")
    page.locator("input[name=name]").fill(EVENT)
    page.locator("select[name=kind]").select_option("holiday")
    page.locator("input[name=starts_on]").fill(dmy(STARTS))
    page.locator("input[name=ends_on]").fill(dmy(ENDS))
    page.locator("select[name=level]").select_option("heightened")
    page.locator("select[name=reach]").select_option("all")
    page.locator("input[name=plan_due_on]").fill(dmy(PLAN_DUE))
    page.locator("input[name=patrols_per_week]").fill("2")
    page.locator("input[name=duty_strength]").fill("3")
    page.get_by_test_id("save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(EVENT)
    page.get_by_test_id("action-declare").click()
    confirm(page)
    expect(page.locator("#messages")).to_contain_text("Đã thông báo tới 2 xã.")
    event = ReadinessEvent.objects.get()
    assert event.status == "declared"
    expect(page.get_by_test_id("count-none")).to_contain_text("2")
    sign_out(page)

    # --- Na Son: the event on the to-do list; the plan filed and submitted ---------------
    sign_in(page, commander.username)
    todo = page.get_by_test_id("todo")
    todo.get_by_role("link", name=f"Nộp kế hoạch sẵn sàng chiến đấu cho {EVENT}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(EVENT)
    expect(page.get_by_test_id("own-plan")).to_contain_text(dmy(PLAN_DUE))
    page.get_by_test_id("file-plan").click()
    expect(page.locator("select[name=event]")).to_have_value(str(event.pk))
    pick(page, "standby_units", "Na Son", "Tiểu đội dân quân cơ động Na Son")
    pick(page, "standby_members", "Dũng", MEMBERS[0])
    pick(page, "standby_members", "Hải", MEMBERS[1])
    page.locator("textarea[name=key_places]").fill("Cầu Na Son; chợ trung tâm xã")
    page.locator("textarea[name=content]").fill("Trực sẵn sàng chiến đấu 24/24 trong dịp Tết.")
    page.get_by_test_id("save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Xã Na Son")
    page.get_by_test_id("action-submit").click()
    confirm(page)
    expect(page.locator("main")).to_contain_text("đã gửi")
    expect(page.get_by_test_id("action-submit")).to_have_count(0)
    plan = ReadinessPlan.objects.get()
    assert plan.status == "submitted" and plan.commune == commune_a
    assert set(plan.standby_members.values_list("person__full_name", flat=True)) == set(MEMBERS[:2])

    # --- the roster: tonight's shift, the duty officer and the militia on standby --------
    page.goto("/operations/duty/add/")
    pick(page, "event", "Tết", EVENT)
    page.locator("input[name=day]").fill(dmy(TODAY))
    page.locator("select[name=shift]").select_option("night")
    page.get_by_test_id("save").click()
    page.get_by_test_id("action-book").click()
    page.locator("select[name=role]").select_option("duty_officer")
    post = page.locator("select[name=staff_post] option", has_text=COMMANDER)
    page.locator("select[name=staff_post]").select_option(post.get_attribute("value"))
    page.get_by_test_id("submit").click()
    page.get_by_test_id("action-book").click()
    page.locator("select[name=role]").select_option("militia_standby")
    page.get_by_label(re.compile(MEMBERS[2])).check()
    page.get_by_test_id("submit").click()
    bookings = page.get_by_test_id("shift-bookings")
    expect(bookings).to_contain_text(COMMANDER)
    expect(bookings).to_contain_text(MEMBERS[2])
    shift = DutyShift.objects.get()
    assert shift.assignments.count() == 2
    page.goto(f"/operations/duty/roster/?event={event.pk}")
    expect(page.get_by_test_id("roster-grid")).to_contain_text(COMMANDER)

    # --- a joint patrol with the commune police, planned for last night, then recorded ---
    page.goto("/operations/patrols/add/")
    pick(page, "event", "Tết", EVENT)
    page.locator("input[name=day]").fill(dmy(YESTERDAY))
    page.locator("input[name=starts_at]").fill("19:00")
    page.locator("input[name=ends_at]").fill("22:00")
    page.locator("input[name=villages]").fill("Bản Na Son, Bản Phì Cao")
    page.get_by_test_id("save").click()
    page.get_by_test_id("action-record").click()
    page.locator("textarea[name=findings]").fill("Không phát hiện vi phạm.")
    pick(page, "members", "Dũng", MEMBERS[0])
    pick(page, "members", "Tâm", MEMBERS[2])
    pick(page, "officers", "Quyết", OFFICERS[0])
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("patrol-members")).to_contain_text(MEMBERS[2])
    expect(page.get_by_test_id("patrol-officers")).to_contain_text(OFFICERS[0])
    patrol = Patrol.objects.get()
    assert patrol.status == "done" and patrol.officers.count() == 1
    sign_out(page)

    # --- the province approves the plan and sees Na Son ready -----------------------------
    sign_in(page, province_staff.username)
    expect(page.locator("main")).to_contain_text(  # on the province's home page
        "1 kế hoạch sẵn sàng chiến đấu đang chờ phê duyệt"
    )
    page.goto("/operations/plans/review/")
    page.get_by_test_id("plans-to-approve").locator(f"#select-{plan.pk}").check()
    page.get_by_test_id("approve-selected").click()
    expect(page.get_by_test_id("plans-to-approve").locator(f"#select-{plan.pk}")).to_have_count(0)
    plan.refresh_from_db()
    assert plan.status == "approved"
    page.goto(f"/operations/events/{event.pk}/")
    expect(page.get_by_test_id("count-approved")).to_contain_text("1")
    na_son = page.get_by_test_id("event-communes").locator("tr", has_text="Xã Na Son")
    expect(na_son).to_contain_text("đã phê duyệt")
    # the readiness overview counts Na Son's plan approved and its patrol done
    page.goto(f"/operations/overview/?event={event.pk}")
    na_son = page.get_by_test_id("overview-table").locator(f'tr[data-place="{commune_a.pk}"]')
    cells = na_son.locator("td")
    expect(cells.nth(6)).to_have_text("1")  # plans approved
    expect(cells.nth(9)).to_contain_text(re.compile(r"^\s*1\b"))  # patrols done, of due
    sign_out(page)

    # --- Na Son: a severe landslide, and the situation report ----------------------------
    sign_in(page, commander.username)
    page.goto("/operations/incidents/add/")
    page.locator("select[name=kind]").select_option("landslide")
    page.locator("input[name=title]").fill("Sạt lở taluy dương đường vào bản Phì Cao")
    page.locator("input[name=occurred_at]").fill(f"{dmy(TODAY)} 06:30")
    page.locator("select[name=severity]").select_option("severe")
    page.locator("input[name=village]").fill("Bản Phì Cao")
    page.locator("textarea[name=description]").fill("Đất đá vùi lấp 30 m đường.")
    page.get_by_test_id("save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sạt lở taluy dương")
    page.goto("/")  # the first report falls due: on the commander's to-do list
    page.get_by_test_id("todo").get_by_role(
        "link", name="Gửi báo cáo tình hình vụ việc: Sạt lở taluy dương đường vào bản Phì Cao"
    ).click()
    page.get_by_test_id("action-report").click()
    page.locator("textarea[name=situation]").fill("Đã sơ tán 4 hộ dân; đường bị chia cắt.")
    page.locator("input[name=people_evacuated]").fill("15")
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("incident-reports")).to_contain_text("Đã sơ tán 4 hộ dân")
    incident = Incident.objects.get()
    assert incident.severity == "severe" and incident.people_evacuated == 15
    assert SituationReport.objects.filter(incident=incident).count() == 1
    sign_out(page)

    # --- the province sees the incident and the report -----------------------------------
    sign_in(page, province_staff.username)
    incidents = page.get_by_test_id("home-operations-incidents")
    expect(incidents).to_contain_text("nghiêm trọng: 1")
    page.goto(f"/operations/incidents/{incident.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sạt lở taluy dương")
    expect(page.get_by_test_id("incident-reports")).to_contain_text("Đã sơ tán 4 hộ dân")
