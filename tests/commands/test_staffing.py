"""Staffing tables, holders with history, fill rates and the gaps the province must see."""

from __future__ import annotations

import datetime

import pytest

from garrison.commands import rules
from garrison.commands.models import Assignment, MilitaryCommand
from garrison.commands.rules import Position
from tests.factories import AssignmentFactory, CommandFactory, CommuneFactory


def test_default_quotas_follow_nd220():
    """NĐ72/2020 Art 4.1 as amended by NĐ220/2025 (LAW.md §3.1): key defence-security
    communes up to 2 Deputy Commanders, others 1; one Assistant."""
    assert rules.default_quotas(key_defence=True)[Position.DEPUTY_COMMANDER] == 2
    assert rules.default_quotas(key_defence=False)[Position.DEPUTY_COMMANDER] == 1
    assert rules.default_quotas(key_defence=False)[Position.ASSISTANT] == 1


def test_command_names_are_the_official_ones():
    assert rules.provincial_command_name("Thành phố Hà Nội", 1) == "Bộ Tư lệnh Thủ đô Hà Nội"
    assert rules.provincial_command_name("Điện Biên", 11) == "Bộ Chỉ huy Quân sự tỉnh Điện Biên"
    assert rules.commune_command_name("Xã Na Son") == "Ban Chỉ huy Quân sự xã Na Son"
    assert rules.commune_command_name("Đặc khu Côn Đảo") == "Ban Chỉ huy Quân sự đặc khu Côn Đảo"


@pytest.mark.django_db
def test_fill_rate_counts_current_holders_up_to_the_quota(command_a):
    # default table: 1 commander, 1 commissar, 1 deputy, 1 deputy commissar, 1 assistant = 5
    AssignmentFactory(command=command_a, position=Position.COMMANDER)
    AssignmentFactory(command=command_a, position=Position.ASSISTANT)
    AssignmentFactory(  # ended: history, not a holder
        command=command_a,
        position=Position.DEPUTY_COMMANDER,
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2025, 12, 31),
    )
    command = MilitaryCommand.objects.with_staffing().get(pk=command_a.pk)
    assert (command.quota_total, command.filled_total, command.vacancies) == (5, 2, 3)
    assert command.has_commander
    assert rules.fill_rate(command.filled_total, command.quota_total) == pytest.approx(0.4)


@pytest.mark.django_db
def test_the_province_sees_which_communes_lack_a_commander(province, province_staff, as_user):
    staffed = CommandFactory(commune=CommuneFactory(province=province, name="Xã Có"))
    AssignmentFactory(command=staffed)
    lacking = CommandFactory(commune=CommuneFactory(province=province, name="Xã Thiếu"))
    ended = CommandFactory(commune=CommuneFactory(province=province, name="Xã Vừa Hết"))
    AssignmentFactory(command=ended, end_date=datetime.date(2026, 10, 31))

    page = as_user(province_staff).get("/").content.decode()
    block = page.split('data-testid="lacking-commanders"')[1].split("</div>")[0]
    assert "Xã Thiếu" in block and "Xã Vừa Hết" in block and "Xã Có" not in block

    api = as_user(province_staff).get("/api/commands?has_commander=false&level=commune").json()
    assert {c["id"] for c in api["items"]} == {lacking.pk, ended.pk}


@pytest.mark.django_db
def test_the_nation_sees_commander_fill_by_province(
    ministry_viewer, province, other_province, as_user
):
    AssignmentFactory(command=CommandFactory(commune=CommuneFactory(province=province)))
    CommandFactory(commune=CommuneFactory(province=province))
    CommandFactory(commune=CommuneFactory(province=other_province))
    rows = {r["province"]: r for r in MilitaryCommand.objects.commander_rollup()}
    assert (rows[province.pk]["commands"], rows[province.pk]["with_commander"]) == (2, 1)
    assert (rows[other_province.pk]["commands"], rows[other_province.pk]["with_commander"]) == (
        1,
        0,
    )
    page = as_user(ministry_viewer).get("/").content.decode()
    assert "Điện Biên" in page and "50%" in page


def assignment_form(command, person, **extra):
    return {
        "command": command.pk,
        "position": Position.COMMANDER,
        "person": person.pk,
        "start_date": "14/01/2026",
        **extra,
    }


@pytest.mark.django_db
def test_a_post_cannot_hold_more_than_its_quota(province_staff, command_a, person_a, as_user):
    AssignmentFactory(command=command_a)
    response = as_user(province_staff).post(
        "/commands/assignments/add/", assignment_form(command_a, person_a)
    )
    assert response.status_code == 400
    assert "already filled" in response.content.decode()


@pytest.mark.django_db
def test_ending_an_assignment_keeps_the_history(province_staff, command_a, person_a, as_user):
    client = as_user(province_staff)
    response = client.post("/commands/assignments/add/", assignment_form(command_a, person_a))
    assert response.status_code == 302, response.content.decode()[:3000]
    assignment = Assignment.objects.get()
    response = client.post(
        f"/commands/assignments/{assignment.pk}/edit/",
        {
            **assignment_form(command_a, person_a),
            "end_date": "31/10/2026",
            "version": assignment.version,
        },
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.end_date == datetime.date(2026, 10, 31)
    assert assignment.person == person_a  # holder and post are history: not editable
    assert client.post(f"/commands/assignments/{assignment.pk}/delete/").status_code == 404
    page = client.get(f"/people/{person_a.pk}/").content.decode()
    assert command_a.name in page


@pytest.mark.django_db
def test_commune_users_read_but_do_not_staff_their_command(commune_a_commander, command_a, as_user):
    client = as_user(commune_a_commander)
    assert client.get(f"/commands/{command_a.pk}/").status_code == 200
    assert client.get("/commands/assignments/add/").status_code == 404
    assert client.get(f"/territory/communes/{command_a.commune_id}/edit/").status_code == 404


@pytest.mark.django_db
def test_the_commune_home_starts_with_the_todo_list(commune_a_commander, command_a, as_user):
    page = as_user(commune_a_commander).get("/").content.decode()
    todo = page.index('data-testid="todo"')
    assert todo < page.index(command_a.name)
    assert "The Commander post is vacant" in page


@pytest.mark.django_db
def test_the_interface_speaks_vietnamese_by_default(commune_a_commander, command_a):
    from tests.conftest import client_for

    page = client_for(commune_a_commander, language="vi").get("/").content.decode()
    assert '<html lang="vi"' in page
    assert "Việc cần làm" in page and "Chỉ huy trưởng" in page
