"""The forces pages, as each persona sees them: the overview and its workbook, the unit and
member pages, the member list's filters, admitting a member through the generic add page, the
member and reservist actions, session attendance, the home page's section and to-do items, and
the scoping of all of them.

"Today" is pinned to 15/10/2026 (the `today` fixture)."""

from __future__ import annotations

import datetime
import io
import json
import re
from decimal import Decimal
from html.parser import HTMLParser

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from garrison.forces import services
from garrison.forces.models import (
    Attendance,
    ForceTarget,
    MemberAssignment,
    MilitiaMember,
    Reservist,
)
from tests.conftest import client_for
from tests.factories import (
    MilitiaMemberFactory,
    MilitiaUnitFactory,
    PersonFactory,
    ReserveUnitFactory,
    ReservistFactory,
    TechnicalMeansFactory,
    TrainingPlanFactory,
    TrainingSessionFactory,
)

from .conftest import YEAR

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]

D = datetime.date


# --- reading pages -------------------------------------------------------------------------------


class _Tables(HTMLParser):
    """The body rows of the table with data-testid=`testid`: each a list of cell texts."""

    def __init__(self, testid: str):
        super().__init__()
        self.testid, self.depth, self.rows = testid, 0, []
        self.in_body = self.cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and (self.depth or attrs.get("data-testid") == self.testid):
            self.depth += 1
        elif not self.depth:
            return
        elif tag == "tbody":
            self.in_body = True
        elif tag == "tr" and self.in_body:
            self.rows.append([])
        elif tag in ("td", "th") and self.in_body:
            self.cell = []

    def handle_endtag(self, tag):
        if not self.depth:
            return
        if tag == "table":
            self.depth -= 1
        elif tag == "tbody":
            self.in_body = False
        elif tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def table(response, testid: str) -> list[list[str]]:
    html = response.content.decode()
    assert f'data-testid="{testid}"' in html, f"no table {testid}"
    parser = _Tables(testid)
    parser.feed(html)
    return parser.rows


def chart(response, name: str) -> dict:
    found = re.search(
        rf'<script id="{name}" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    assert found, f"no chart data {name}"
    return json.loads(found.group(1))


def listed(response) -> list:
    """The objects of a generic list page, in order."""
    return [row["obj"] for row in response.context["rows"]]


def dmy(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


# --- the scene -----------------------------------------------------------------------------------


def member(unit, name: str, started_on: datetime.date, **kwargs) -> MilitiaMember:
    return MilitiaMemberFactory(
        unit=unit,
        person=PersonFactory(
            residence_commune=unit.commune,
            full_name=name,
            date_of_birth=kwargs.pop("dob", D(1998, 7, 20)),
        ),
        started_on=started_on,
        **kwargs,
    )


@pytest.fixture
def scene(
    commune_a,
    commune_b,
    commune_c,
    province,
    commune_a_staff,
    mobile_squad,
    local_team,
    squad_b,
):
    """Xã Na Son (A): its mobile squad (establishment 9) has a leader and two members, one of
    whose terms ends on 01/12/2026, and one member whose term was completed in February; its
    local team (establishment 6) has one member. The May session of the mobile plan (5 days) was
    attended by the leader and the ending member, missed by the member who joined in March. A
    has two reservists (one checked and assigned this year) and a truck never checked.
    Phường Mường Thanh (B): two members, a reservist. Xã Khác (C, another province): one
    member."""
    leader = member(mobile_squad, "Lò Văn Bình", D(2025, 4, 1), role="leader")
    joined = member(mobile_squad, "Cà Văn Dũng", D(2026, 3, 1))
    ending = member(mobile_squad, "Điêu Văn Hải", D(2022, 12, 1))
    completed = member(
        mobile_squad, "Hoàng Văn Cường", D(2022, 2, 1), status="completed", ended_on=D(2026, 2, 1)
    )
    local = member(local_team, "Lường Văn Khánh", D(2023, 4, 1))
    b_members = [
        member(squad_b, "Quàng Văn Long", D(2025, 4, 1)),
        member(squad_b, "Quàng Văn Minh", D(2025, 4, 1)),
    ]
    unit_c = MilitiaUnitFactory(commune=commune_c, kind="mobile")
    member(unit_c, "Tòng Văn Nam", D(2025, 4, 1))

    plan = TrainingPlanFactory(commune=commune_a, year=YEAR, kind="mobile")
    session = TrainingSessionFactory(plan=plan, held_on=D(2026, 5, 10), days=5)
    services.do_record_attendance(actor=commune_a_staff, session=session, members=[leader, ending])

    combat = ReserveUnitFactory(province=province, code="d1", name="Tiểu đoàn 1", role="combat")
    support = ReserveUnitFactory(province=province, code="c20", name="Đại đội 20", role="support")
    checked = ReservistFactory(
        person=PersonFactory(residence_commune=commune_a, date_of_birth=D(1996, 3, 1)),
        checked_on=D(2026, 3, 1),
        reserve_unit=combat,
        assigned_on=D(2026, 3, 1),
    )
    due = ReservistFactory(
        person=PersonFactory(
            residence_commune=commune_a, full_name="Lò Văn Phúc", date_of_birth=D(1990, 1, 1)
        )
    )
    ReservistFactory(person=PersonFactory(residence_commune=commune_b))
    truck = TechnicalMeansFactory(commune=commune_a)
    return {
        "leader": leader,
        "joined": joined,
        "ending": ending,
        "completed": completed,
        "local": local,
        "b_members": b_members,
        "plan": plan,
        "session": session,
        "combat": combat,
        "support": support,
        "checked": checked,
        "due": due,
        "truck": truck,
    }


# --- the overview (/forces/) ---------------------------------------------------------------------


def test_the_commune_overview_lists_its_units_with_gaps_and_whom_to_recruit(
    scene, commune_a_staff, mobile_squad, local_team
):
    response = client_for(commune_a_staff).get("/forces/")
    assert response.status_code == 200
    assert response.context["grouping"] == "unit"
    rows = {r.name: r for r in response.context["rows"]}
    assert set(rows) == {mobile_squad.name, local_team.name}
    squad, team = rows[mobile_squad.name], rows[local_team.name]
    assert (squad.establishment, squad.strength, squad.gap) == (9, 3, 6)
    # one term ends in 2026: to keep the squad at establishment, recruit 6 + 1
    assert (squad.completing, squad.to_recruit) == (1, 7)
    assert (squad.trainees, squad.trained, squad.behind) == (3, 0, 1)
    assert (team.establishment, team.strength, team.gap, team.to_recruit) == (6, 1, 5, 5)
    total = response.context["total"]
    assert (total.establishment, total.strength, total.gap, total.to_recruit) == (15, 4, 11, 12)
    assert (total.reservists, total.assigned, total.checked, total.class_1) == (2, 1, 1, 2)
    assert (total.means, total.means_assigned) == (1, 0)
    # the table as shown: unit, establishment, strength, gap, ending, to recruit, trained, behind
    shown = {r[0]: r[1:] for r in table(response, "forces-rollup")}
    assert shown[mobile_squad.name] == ["9", "3", "6", "1", "7", "0 / 3 (0%)", "1"]
    assert shown[local_team.name] == ["6", "1", "5", "0", "5", "0 / 1 (0%)", "0"]
    html = response.content.decode()
    assert f'href="/forces/units/{mobile_squad.pk}/"' in html
    assert "chart-strength" not in html  # one commune: a table, no chart
    # readiness by reserve unit: the commune's assigned reservist
    assert table(response, "reserve-readiness") == [["d1 — Tiểu đoàn 1", "100", "1", "1", "1"]]


def test_the_province_overview_rolls_up_its_communes_with_charts(
    scene, province_staff, commune_a, commune_b
):
    response = client_for(province_staff).get("/forces/")
    assert response.status_code == 200
    assert response.context["grouping"] == "commune"
    rows = {r.name: r for r in response.context["rows"]}
    assert set(rows) == {commune_a.name, commune_b.name}  # not Xã Khác of Lai Châu
    a, b = rows[commune_a.name], rows[commune_b.name]
    assert (a.establishment, a.strength, a.gap, a.completing, a.to_recruit) == (15, 4, 11, 1, 12)
    assert (b.establishment, b.strength, b.gap, b.completing, b.to_recruit) == (9, 2, 7, 0, 7)
    assert (a.reservists, a.assigned, a.checked, b.reservists) == (2, 1, 1, 1)
    total = response.context["total"]
    assert (total.establishment, total.strength, total.gap, total.to_recruit) == (24, 6, 18, 19)

    strength = chart(response, "chart-strength")
    names = [r.name for r in response.context["rows"]]
    assert strength["labels"] == names
    assert [d["data"] for d in strength["datasets"]] == [
        [rows[n].establishment for n in names],
        [rows[n].strength for n in names],
    ]
    readiness = chart(response, "chart-readiness")
    assert readiness["percent"] is True and readiness["labels"] == names
    checked_percent = dict(zip(names, readiness["datasets"][1]["data"], strict=True))
    assert checked_percent == {commune_a.name: 50, commune_b.name: 0}
    html = response.content.decode()
    assert f"/forces/members/?status=open&amp;commune={commune_a.code}" in html


def test_the_province_overview_sets_strength_beside_population_and_the_target(
    scene, province_staff, province, commune_a, commune_b
):
    """The law sets no ratio (LAW.md [DQ-RATIO]); the province's own target is shown."""
    commune_a.population, commune_b.population = 400, 200
    commune_a.save()
    commune_b.save()
    ForceTarget.objects.create(province=province, militia_percent=Decimal("1.20"))
    response = client_for(province_staff).get("/forces/")
    rows = {r.name: r for r in response.context["rows"]}
    a = rows[commune_a.name]
    assert (a.population, a.strength_percent, a.target_percent) == (400, 1.0, Decimal("1.20"))
    assert a.target_strength == 4
    total = response.context["total"]
    assert (total.population, total.strength_percent, total.target_percent) == (
        600,
        1.0,
        Decimal("1.20"),
    )
    shown = {r[0]: r[1:] for r in table(response, "forces-rollup")}
    # population, establishment, strength, gap, per population, target, …
    assert shown[commune_a.name][:6] == ["400", "15", "4", "11", "1%", "1.2%"]


def test_the_ministry_overview_rolls_up_the_provinces(scene, ministry_viewer, province):
    response = client_for(ministry_viewer).get("/forces/")
    assert response.status_code == 200
    assert response.context["grouping"] == "province"
    rows = {r.name: (r.establishment, r.strength) for r in response.context["rows"]}
    assert rows == {"Điện Biên": (24, 6), "Lai Châu": (9, 1)}
    total = response.context["total"]
    assert (total.establishment, total.strength) == (33, 7)
    assert chart(response, "chart-strength")["labels"] == [r.name for r in response.context["rows"]]


def test_the_overview_workbook_has_the_header_the_rows_and_a_total(
    scene, province_staff, commune_a, commune_b
):
    response = client_for(province_staff).get("/forces/overview.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].startswith('attachment; filename="forces-')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header, *body, total = list(sheet.iter_rows(values_only=True))
    assert header[:5] == ("commune", "population", "establishment", "strength", "gap")
    assert f"terms ending {YEAR}" in header and "to recruit" in header
    column = {name: i for i, name in enumerate(header)}
    by_name = {row[0]: row for row in body}
    assert set(by_name) == {commune_a.name, commune_b.name}
    a = by_name[commune_a.name]
    assert [a[column[c]] for c in ("establishment", "strength", "gap", "to recruit")] == [
        15,
        4,
        11,
        12,
    ]
    assert a[column["reservists registered"]] == 2 and a[column["technical means"]] == 1
    assert total[0] == "Total"
    assert [total[column[c]] for c in ("establishment", "strength", "gap", "to recruit")] == [
        24,
        6,
        18,
        19,
    ]
    assert total[column[f"terms ending {YEAR}"]] == 1


def test_the_commune_workbook_has_a_row_per_unit(scene, commune_a_staff, mobile_squad):
    response = client_for(commune_a_staff).get("/forces/overview.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header, *body, total = list(sheet.iter_rows(values_only=True))
    assert header[0] == "unit"
    assert mobile_squad.name in {row[0] for row in body} and len(body) == 2
    assert (total[0], total[2], total[3]) == ("Total", 15, 4)


def test_the_overview_costs_the_same_queries_for_more_units(
    scene, commune_a, commune_b, province_staff
):
    client = client_for(province_staff)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/forces/").status_code == 200
        return len(captured)

    before = queries()
    for commune in (commune_a, commune_b, commune_a):
        unit = MilitiaUnitFactory(commune=commune, kind="local")
        member(unit, "Lò Văn Thêm", D(2025, 4, 1))
    assert queries() == before


# --- units and members ---------------------------------------------------------------------------


def test_the_unit_page_shows_establishment_strength_and_each_members_training(
    scene, commune_a_staff, mobile_squad
):
    response = client_for(commune_a_staff).get(f"/forces/units/{mobile_squad.pk}/")
    assert response.status_code == 200
    assert table(response, "unit-establishment") == [
        ["Unit leader", "1", "1", "0"],
        ["Deputy leader", "0", "0", "0"],
        ["Political officer", "0", "0", "0"],
        ["Member", "8", "2", "6"],
        ["Total", "9", "3", "6"],
    ]
    members = {r[0]: r[1:] for r in table(response, "unit-members")}
    assert set(members) == {"Lò Văn Bình", "Cà Văn Dũng", "Điêu Văn Hải"}  # open terms only
    # role, term, days required (DQTV 28.1), attended, state
    assert members["Cà Văn Dũng"] == ["member", "01/03/2026 → 01/03/2030", "15", "0", "behind"]
    assert members["Lò Văn Bình"] == [
        "unit leader",
        "01/04/2025 → 01/04/2029",
        "12",
        "5",
        "in progress",
    ]
    assert members["Điêu Văn Hải"][1:] == ["01/12/2022 → 01/12/2026", "12", "5", "in progress"]


def test_the_unit_list_shows_strength_beside_establishment(
    scene, commune_a_staff, mobile_squad, local_team
):
    response = client_for(commune_a_staff).get("/forces/units/")
    cells = {row["obj"].pk: row["cells"] for row in response.context["rows"]}
    assert set(cells) == {mobile_squad.pk, local_team.pk}  # not commune B's squad
    # … establishment, strength, gap
    assert cells[mobile_squad.pk][-3:] == [9, 3, 6]
    assert cells[local_team.pk][-3:] == [6, 1, 5]


def test_the_member_list_filters_terms_ending_in_a_year(scene, commune_a_staff):
    client = client_for(commune_a_staff)
    response = client.get(f"/forces/members/?status=open&term_ends_in={YEAR}")
    assert response.status_code == 200
    assert listed(response) == [scene["ending"]]
    # without status=open the completed term that ended this year is listed too
    response = client.get(f"/forces/members/?term_ends_in={YEAR}")
    assert set(listed(response)) == {scene["ending"], scene["completed"]}
    response = client.get("/forces/members/?status=open")
    assert set(listed(response)) == {
        scene["leader"],
        scene["joined"],
        scene["ending"],
        scene["local"],
    }


def test_the_member_list_filters_training(scene, commune_a_staff):
    client = client_for(commune_a_staff)
    response = client.get("/forces/members/?training=behind")
    assert response.status_code == 200
    assert listed(response) == [scene["joined"]]
    assert "Cà Văn Dũng" in response.content.decode()
    assert listed(client.get("/forces/members/?training=complete")) == []
    incomplete = listed(client.get("/forces/members/?training=incomplete"))
    assert set(incomplete) == {scene["leader"], scene["joined"], scene["ending"], scene["local"]}
    # a value the filter does not know lists nothing rather than everything
    assert listed(client.get("/forces/members/?training=sideways")) == []


def test_the_member_list_costs_the_same_queries_for_more_members(
    scene, commune_a_staff, mobile_squad
):
    client = client_for(commune_a_staff)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/forces/members/?training=incomplete").status_code == 200
        return len(captured)

    before = queries()
    for n in range(4):
        member(mobile_squad, f"Lò Văn Thêm {n}", D(2025, 4, 1))
    assert queries() == before


# --- admitting a member through the generic add page ---------------------------------------------


def test_the_add_page_knows_the_unit_and_offers_only_citizens_without_a_term(
    scene, commune_a_staff, mobile_squad, resident, person_b
):
    response = client_for(commune_a_staff).get(f"/forces/members/add/?unit={mobile_squad.pk}")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["unit"] == str(mobile_squad.pk)
    people = set(form.fields["person"].queryset)
    assert resident in people
    assert scene["leader"].person not in people  # already serving
    assert person_b not in people  # another commune's resident
    assert set(form.fields["unit"].queryset) == {mobile_squad, scene["local"].unit}


def test_the_add_page_admits_a_member_with_the_term_and_the_first_placement(
    commune_a_staff, mobile_squad, resident
):
    response = client_for(commune_a_staff).post(
        "/forces/members/add/",
        {
            "person": resident.pk,
            "unit": mobile_squad.pk,
            "role": "member",
            "started_on": "03/06/2026",
            "decision_number": "15/QĐ-UBND",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    created = MilitiaMember.objects.get(person=resident)
    assert response["Location"] == f"/forces/members/{created.pk}/"
    assert (created.unit, created.kind, created.term_years, created.term_end) == (
        mobile_squad,
        "mobile",
        4,
        D(2030, 6, 3),
    )
    assert created.decision_number == "15/QĐ-UBND"
    assert list(created.assignments.values_list("unit", "role", "started_on", "ended_on")) == [
        (mobile_squad.pk, "member", D(2026, 6, 3), None)
    ]


def test_a_refused_admission_shows_the_ground_and_creates_nothing(
    commune_a, commune_a_staff, mobile_squad
):
    minor = PersonFactory(
        residence_commune=commune_a, full_name="Lò Văn Út", date_of_birth=D(2009, 1, 1)
    )
    data = {
        "person": minor.pk,
        "unit": mobile_squad.pk,
        "role": "member",
        "started_on": "03/06/2026",
    }
    response = client_for(commune_a_staff).post("/forces/members/add/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="form-errors"' in html
    assert "outside the militia age" in html and "DQTV 8.1" in html
    assert response.context["form"]["started_on"].value() == "03/06/2026"  # input kept
    assert not MilitiaMember.objects.exists() and not MemberAssignment.objects.exists()


def test_a_deferred_citizen_is_admitted_on_the_page_when_he_volunteers(
    commune_a_staff, mobile_squad, resident
):
    client = client_for(commune_a_staff)
    data = {
        "person": resident.pk,
        "unit": mobile_squad.pk,
        "role": "member",
        "started_on": "03/06/2026",
        "circumstances": ["spouse_army"],
    }
    response = client.post("/forces/members/add/", data)
    assert response.status_code == 400
    assert "DQTV 11.1.c" in response.content.decode()
    assert not MilitiaMember.objects.exists()
    response = client.post("/forces/members/add/", {**data, "volunteer": "on"})
    assert response.status_code == 302
    assert MilitiaMember.objects.get(person=resident).volunteer is True


def test_an_unclear_case_is_admitted_on_the_page_once_reviewed(
    commune_a, commune_a_staff, local_team
):
    older = PersonFactory(residence_commune=commune_a, date_of_birth=D(1982, 1, 1))
    client = client_for(commune_a_staff)
    data = {"person": older.pk, "unit": local_team.pk, "role": "member", "started_on": "03/06/2026"}
    response = client.post("/forces/members/add/", data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "reviewed" in errors and "DQTV 8.2" in " ".join(errors["reviewed"])
    assert not MilitiaMember.objects.exists()
    response = client.post("/forces/members/add/", {**data, "reviewed": "on"})
    assert response.status_code == 302
    assert MilitiaMember.objects.get(person=older).term_end == D(2030, 6, 3)


def test_a_citizen_already_serving_cannot_be_chosen(scene, commune_a_staff, local_team):
    data = {
        "person": scene["leader"].person_id,
        "unit": local_team.pk,
        "role": "member",
        "started_on": "03/06/2026",
    }
    response = client_for(commune_a_staff).post("/forces/members/add/", data)
    assert response.status_code == 400
    assert "person" in response.context["form"].errors
    assert MilitiaMember.objects.filter(person=scene["leader"].person).count() == 1


# --- the member page and its actions -------------------------------------------------------------


def test_moving_a_member_on_the_page_keeps_the_history(
    scene, commune_a_staff, mobile_squad, local_team
):
    client = client_for(commune_a_staff)
    local = scene["local"]
    form = client.get(f"/forces/members/{local.pk}/move/").context["form"]
    assert set(form.fields["unit"].queryset) == {mobile_squad, local_team}  # its own commune
    response = client.post(
        f"/forces/members/{local.pk}/move/",
        {"unit": mobile_squad.pk, "role": "deputy", "on": "01/09/2026", "note": "QĐ 22"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/forces/members/{local.pk}/"
    local.refresh_from_db()
    assert (local.unit, local.role) == (mobile_squad, "deputy")

    page = client.get(f"/forces/members/{local.pk}/")
    assert table(page, "member-history") == [
        [local_team.name, "member", "01/04/2023", "31/08/2026", ""],
        [mobile_squad.name, "deputy leader", "01/09/2026", "—", "QĐ 22"],
    ]
    squad = client.get(f"/forces/units/{mobile_squad.pk}/")
    assert table(squad, "unit-establishment")[1] == ["Deputy leader", "0", "1", "0"]


def test_a_move_to_another_communes_unit_is_not_offered(scene, commune_a_staff, squad_b):
    local = scene["local"]
    response = client_for(commune_a_staff).post(
        f"/forces/members/{local.pk}/move/",
        {"unit": squad_b.pk, "role": "member", "on": "01/09/2026"},
    )
    assert response.status_code == 400
    assert "unit" in response.context["form"].errors
    local.refresh_from_db()
    assert local.unit == scene["local"].unit and local.assignments.count() == 1


def test_extending_on_the_page_follows_dqtv_8_2(scene, commune_a_staff):
    client = client_for(commune_a_staff)
    local = scene["local"]
    response = client.post(f"/forces/members/{local.pk}/extend/", {"years": "3"})
    assert response.status_code == 400
    assert "DQTV 8.2" in " ".join(response.context["form"].errors["years"])
    response = client.post(
        f"/forces/members/{local.pk}/extend/", {"years": "2", "decision_number": "40/QĐ"}
    )
    assert response.status_code == 302
    local.refresh_from_db()
    assert (local.status, local.term_end) == ("extended", D(2029, 4, 1))
    page = client.get(f"/forces/members/{local.pk}/")
    assert "The term now ends on 01/04/2029." in page.content.decode()


def test_ending_on_the_page_needs_a_reason_before_the_term_end(scene, commune_a_staff):
    client = client_for(commune_a_staff)
    joined = scene["joined"]
    response = client.post(f"/forces/members/{joined.pk}/end/", {"on": "01/09/2026"})
    assert response.status_code == 400
    assert "01/03/2030" in " ".join(response.context["form"].errors["reason"])
    joined.refresh_from_db()
    assert joined.is_open
    response = client.post(
        f"/forces/members/{joined.pk}/end/", {"on": "01/09/2026", "reason": "called_up"}
    )
    assert response.status_code == 302
    joined.refresh_from_db()
    assert (joined.status, joined.ended_on) == ("discharged", D(2026, 9, 1))
    page = client.get(f"/forces/members/{joined.pk}/")
    assert 'data-testid="action-end"' not in page.content.decode()  # nothing left to end
    assert client.get(f"/forces/members/{joined.pk}/end/").status_code == 404


def test_the_member_page_shows_the_years_training(scene, commune_a_staff):
    page = client_for(commune_a_staff).get(f"/forces/members/{scene['joined'].pk}/")
    assert page.status_code == 200
    training = page.context["training"]
    assert (training.required, training.attended, training.held, training.behind) == (
        15,
        0,
        5,
        True,
    )
    leader_page = client_for(commune_a_staff).get(f"/forces/members/{scene['leader'].pk}/")
    html = leader_page.content.decode()
    assert f'href="/forces/sessions/{scene["session"].pk}/"' in html  # the session attended


# --- scoping -------------------------------------------------------------------------------------


def test_commune_a_cannot_see_or_act_on_commune_bs_members(scene, commune_a_staff):
    client = client_for(commune_a_staff)
    other = scene["b_members"][0]
    assert client.get(f"/forces/members/{other.pk}/").status_code == 404
    for action in ("move", "extend", "end"):
        assert client.get(f"/forces/members/{other.pk}/{action}/").status_code == 404
    response = client.post(
        f"/forces/members/{other.pk}/end/", {"on": "01/09/2026", "reason": "unfit"}
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.is_open
    assert not set(listed(client.get("/forces/members/"))) & set(scene["b_members"])
    assert "Quàng Văn Long" not in client.get("/forces/members/").content.decode()


def test_the_province_sees_its_communes_members_and_not_another_provinces(scene, province_staff):
    shown = {m.person.full_name for m in listed(client_for(province_staff).get("/forces/members/"))}
    assert {"Lò Văn Bình", "Quàng Văn Long"} <= shown
    assert "Tòng Văn Nam" not in shown


def test_the_ministry_viewer_reads_but_cannot_write(scene, ministry_viewer, resident):
    client = client_for(ministry_viewer)
    joined = scene["joined"]
    page = client.get(f"/forces/members/{joined.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="action-' not in html and 'data-testid="edit"' not in html
    assert client.get("/forces/members/add/").status_code == 404
    response = client.post(
        f"/forces/members/{joined.pk}/end/", {"on": "01/09/2026", "reason": "unfit"}
    )
    assert response.status_code == 404
    response = client.post(
        f"/forces/sessions/{scene['session'].pk}/attendance/", {"members": [joined.pk]}
    )
    assert response.status_code == 404
    joined.refresh_from_db()
    assert joined.is_open
    assert set(scene["session"].attendance.values_list("member", flat=True)) == {
        scene["leader"].pk,
        scene["ending"].pk,
    }


def test_the_commune_staff_sees_the_member_actions(scene, commune_a_staff):
    html = client_for(commune_a_staff).get(f"/forces/members/{scene['joined'].pk}/")
    html = html.content.decode()
    for action in ("move", "extend", "end"):
        assert f'data-testid="action-{action}"' in html


# --- training sessions ---------------------------------------------------------------------------


def test_the_attendance_page_offers_the_trainees_and_records_who_came(scene, commune_a_staff):
    client = client_for(commune_a_staff)
    session = scene["session"]
    url = f"/forces/sessions/{session.pk}/attendance/"
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["form"]
    offered = set(form.fields["members"].queryset)
    # the mobile members serving on 10/05/2026: not the local team, not the term ended in Feb
    assert offered == {scene["leader"], scene["joined"], scene["ending"]}
    assert set(form.initial["members"]) == {scene["leader"].pk, scene["ending"].pk}
    html = response.content.decode()
    assert "Cà Văn Dũng — Tiểu đội dân quân cơ động Na Son" in html
    assert "Lường Văn Khánh" not in html

    response = client.post(url, {"members": [scene["leader"].pk, scene["joined"].pk]})
    assert response.status_code == 302
    assert set(Attendance.objects.filter(session=session).values_list("member", flat=True)) == {
        scene["leader"].pk,
        scene["joined"].pk,
    }
    detail = client.get(f"/forces/sessions/{session.pk}/")
    present = detail.content.decode()
    assert "Present (2)" in present and "Cà Văn Dũng" in present and "Điêu Văn Hải" not in present
    # the member who made up the session is no longer behind
    assert listed(client.get("/forces/members/?training=behind")) == [scene["ending"]]


def test_the_attendance_page_refuses_someone_who_could_not_attend(scene, commune_a_staff):
    session = scene["session"]
    response = client_for(commune_a_staff).post(
        f"/forces/sessions/{session.pk}/attendance/",
        {"members": [scene["leader"].pk, scene["local"].pk]},
    )
    assert response.status_code == 400
    assert "members" in response.context["form"].errors
    assert set(session.attendance.values_list("member", flat=True)) == {
        scene["leader"].pk,
        scene["ending"].pk,
    }


def test_commune_b_cannot_record_commune_a_attendance(scene, commune_b_staff):
    session = scene["session"]
    client = client_for(commune_b_staff)
    url = f"/forces/sessions/{session.pk}/attendance/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"members": []}).status_code == 404
    assert session.attendance.count() == 2


# --- reservists ----------------------------------------------------------------------------------


def test_assigning_on_the_page_follows_lldbdv_17_2(scene, commune_a_staff):
    client = client_for(commune_a_staff)
    due = scene["due"]  # an NCO of 36 on 15/10/2026
    url = f"/forces/reservists/{due.pk}/assign/"
    response = client.post(url, {"unit": scene["combat"].pk, "on": "01/10/2026"})
    assert response.status_code == 400
    assert "LLDBĐV 17.2" in " ".join(response.context["form"].errors["unit"])
    response = client.post(url, {"unit": scene["support"].pk, "on": "01/10/2026"})
    assert response.status_code == 302
    due.refresh_from_db()
    assert (due.reserve_unit, due.assigned_on) == (scene["support"], D(2026, 10, 1))


def test_the_yearly_check_on_the_page(scene, commune_a_staff):
    client = client_for(commune_a_staff)
    due = scene["due"]
    response = client.post(
        f"/forces/reservists/{due.pk}/check/", {"on": "01/10/2026", "health_class": "2"}
    )
    assert response.status_code == 302
    due.refresh_from_db()
    assert (due.checked_on, due.health_class) == (D(2026, 10, 1), 2)
    assert not Reservist.objects.due_for_check(YEAR).filter(commune=due.commune).exists()
    listed_due = listed(client.get("/forces/reservists/?readiness=due_check"))
    assert listed_due == []


# --- the home page -------------------------------------------------------------------------------


def test_the_commune_home_shows_the_forces_and_what_is_to_do(scene, commune_a_staff):
    client = client_for(commune_a_staff)
    html = client.get("/").content.decode()
    section = html[html.index('data-testid="home-forces"') :]
    figures = re.findall(r'<div class="fs-4">([^<]*)</div>', section)
    # strength / establishment, terms ending this year, to recruit, reservists checked
    assert figures == ["4 / 15", "1", "12", "1 / 2"]
    # training this year: complete / serving, and who is behind, each linked to its list
    training = re.search(r'data-testid="home-forces-training">(.*?)</section>', section, re.S)[1]
    assert re.search(r'href="/forces/members/\?training=complete">\s*(\d+) / 4\s*</a>', training)
    assert 'href="/forces/members/?training=behind">1 behind</a>' in training
    assert f'href="/forces/members/?status=open&amp;term_ends_in={YEAR}"' in section
    todo = html[html.index('data-testid="todo"') :]
    expected = {
        f"1 militia term ends in {YEAR}: decide completion or extension": (
            f"/forces/members/?status=open&amp;term_ends_in={YEAR}"
        ),
        "1 militia member has missed training sessions this year": (
            "/forces/members/?training=behind"
        ),
        "1 reservist is due for the yearly check": "/forces/reservists/?readiness=due_check",
        "1 reserve technical means is due for the yearly check": "/forces/means/?due=true",
    }
    for label, url in expected.items():
        assert f'href="{url}">{label}</a>' in todo, label
    # each to-do leads to its list
    assert listed(client.get(f"/forces/members/?status=open&term_ends_in={YEAR}")) == [
        scene["ending"]
    ]
    assert listed(client.get("/forces/reservists/?readiness=due_check")) == [scene["due"]]
    assert listed(client.get("/forces/means/?due=true")) == [scene["truck"]]


def test_the_ministry_home_shows_the_nations_forces(scene, ministry_viewer):
    html = client_for(ministry_viewer).get("/").content.decode()
    section = html[html.index('data-testid="home-forces"') :]
    figures = re.findall(r'<div class="fs-4">([^<]*)</div>', section)
    assert figures == ["7 / 33", "1", "27", "1 / 3"]
    assert 'data-testid="home-forces-training"' not in section  # too costly for the nation
    assert "militia terms end in" not in html  # the to-do list is the communes'


def test_a_commune_without_forces_has_no_forces_section(commune_a_staff):
    response = client_for(commune_a_staff).get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="home-forces"' not in html
    assert "militia terms end in" not in html


def test_it_writes_a_formula_named_commune_as_inert_text_in_the_overview_workbook(
    scene, province_staff, commune_a, commune_b
):
    """Finding 5 of issue 15: a commune named like a formula is written with a leading quote,
    never as a live formula; the figures stay numbers."""
    from garrison.territory.models import Commune

    formula = '=HYPERLINK("http://evil.example/","click")'
    Commune.objects.filter(pk=commune_a.pk).update(name=formula)
    response = client_for(province_staff).get("/forces/overview.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert "'" + formula in [c.value for c in cells]
    assert any(c.data_type == "n" and c.value for c in cells)
