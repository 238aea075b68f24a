"""The cadres overview, as each persona sees it: the Commander fill rate and its gaps, the posts
falling vacant within the chosen horizon (age limit, end of term, rotation), the structure of
the contingent, the entitlements due but missing, the workbook, the training priority list, the
province's home to-do list; its query count does not grow with the number of communes, and a
commune sees its own command only.

"Today" is pinned to 01/07/2026 (the `today` fixture)."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from garrison.cadres import overview, rules
from garrison.cadres.models import (
    BodyMembership,
    CadreProfile,
    Course,
    Enrolment,
    Entitlement,
    PlacementRun,
)
from garrison.cadres.services import sync_serving_commune
from garrison.commands.models import Assignment
from garrison.core.dates import age_on
from tests.conftest import client_for
from tests.factories import CommandFactory, CommuneFactory, PersonFactory, PostStandardFactory

from .conftest import cadre

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2026, 7, 1)
#: when the posts of these tests were taken up, unless said otherwise
STARTED = D(2024, 1, 15)


@pytest.fixture
def today(monkeypatch):
    """Pin `timezone.localdate()` to TODAY; dates given explicitly pass through."""
    real = timezone.localdate

    def localdate(value=None, *args, **kwargs):
        return TODAY if value is None else real(value, *args, **kwargs)

    monkeypatch.setattr(timezone, "localdate", localdate)
    return TODAY


def post(profile_or_person, command, position="commander", start=STARTED, end=None):
    """Put a cadre (or a person without a profile) in a post, as the decisions would."""
    person = getattr(profile_or_person, "person", profile_or_person)
    assignment = Assignment.objects.create(
        command=command, position=position, person=person, start_date=start, end_date=end
    )
    if isinstance(profile_or_person, CadreProfile):
        sync_serving_commune(profile_or_person)
    return assignment


@pytest.fixture
def province_world(today, standards, province, commune_a, command_a, command_b, border_command):
    """Commune A's Commander (51 on 01/03/2027: the age limit of 50 is passed then) and Deputy
    (term ends 01/01/2028); commune B's Deputy (in post since 01/09/2021: the province rotates
    Deputies after 5 years, so on 01/09/2026); B's and the border commune's Commander posts and
    the border commune's Deputy post vacant."""
    PostStandardFactory(
        province=province,
        position="deputy_commander",
        min_rank="",
        max_rank="",
        min_political_theory="",
        party_required=False,
        max_health_class=None,
        max_age=None,
        rotation_years=5,
    )
    commander = cadre(
        commune_a, person__full_name="Lò Văn Chỉ Huy", person__date_of_birth=D(1976, 3, 1)
    )
    post(commander, command_a, "commander")
    deputy = PersonFactory(residence_commune=commune_a, full_name="Cầm Văn Phó")
    post(deputy, command_a, "deputy_commander", end=D(2028, 1, 1))
    rotating = cadre(command_b.commune, person__full_name="Quàng Văn Luân")
    post(rotating, command_b, "deputy_commander", start=D(2021, 9, 1))
    return {"commander": commander, "deputy": deputy, "rotating": rotating}


def get(user, name="cadres:overview", query=""):
    response = client_for(user).get(reverse(name) + query)
    assert response.status_code == 200
    return response


# --- fill rate and gaps ----------------------------------------------------------------------


def test_it_gives_the_commander_fill_rate_and_lists_the_gaps(
    province_world, province_staff, command_a, command_b, border_command
):
    response = get(province_staff)
    fill = response.context["fill"]
    assert (fill["commands"], fill["filled"], fill["vacant"]) == (3, 1, 2)
    assert fill["rate"] == pytest.approx(1 / 3)
    assert {c.pk for c in response.context["gaps"]} == {command_b.pk, border_command.pk}
    html = response.content.decode()
    assert 'data-testid="commander-fill">33.3%' in html
    assert reverse("commands:command_detail", kwargs={"pk": command_b.pk}) in html
    assert reverse("commands:command_detail", kwargs={"pk": border_command.pk}) in html


# --- vacancy forecast --------------------------------------------------------------------------


def _forecast(response):
    return {
        (v.command.pk, v.position, v.why, v.date, v.holder_name)
        for v in response.context["vacancies"]
    }


def test_the_vacancy_forecast_follows_the_horizon(
    province_world, province_staff, command_a, command_b, border_command
):
    vacant_now = {
        (command_b.pk, "commander", "vacant", None, ""),
        (border_command.pk, "commander", "vacant", None, ""),
        (border_command.pk, "deputy_commander", "vacant", None, ""),
    }
    rotation = (command_b.pk, "deputy_commander", "rotation", D(2026, 9, 1), "Quàng Văn Luân")
    age = (command_a.pk, "commander", "age", D(2027, 3, 1), "Lò Văn Chỉ Huy")
    term = (command_a.pk, "deputy_commander", "term", D(2028, 1, 2), "Cầm Văn Phó")

    assert _forecast(get(province_staff, query="?horizon=3")) == vacant_now | {rotation}
    assert _forecast(get(province_staff, query="?horizon=6")) == vacant_now | {rotation}
    assert _forecast(get(province_staff)) == vacant_now | {rotation, age}  # default: 12 months
    assert _forecast(get(province_staff, query="?horizon=24")) == vacant_now | {
        rotation,
        age,
        term,
    }
    # a horizon not offered falls back to the default
    assert get(province_staff, query="?horizon=999").context["horizon"] == 12


def test_the_forecast_links_the_holders_who_have_a_profile(province_world, province_staff):
    response = get(province_staff, query="?horizon=24")
    html = response.content.decode()
    by_name = {v.holder_name: v for v in response.context["vacancies"] if v.holder_name}
    assert by_name["Lò Văn Chỉ Huy"].profile_id == province_world["commander"].pk
    assert by_name["Cầm Văn Phó"].profile_id is None  # no cadre profile: no link
    url = reverse("cadres:profile_detail", kwargs={"pk": province_world["commander"].pk})
    assert url in html
    assert "the holder passes the post&#x27;s age limit" in html
    assert "the holder&#x27;s term ends" in html
    assert "the holder reaches the rotation period" in html


# --- structure -----------------------------------------------------------------------------------


def test_the_structure_counts_every_active_cadre_once_per_table(today, province_staff, commune_a):
    births = [D(2000, 1, 1), D(1996, 7, 2), D(1996, 7, 1), D(1990, 1, 1), D(1976, 7, 1)]
    ranks = ["captain", "captain", "major", "senior_lieutenant", "captain"]
    theory = ["intermediate", "advanced", "advanced", "elementary", "intermediate"]
    years = [Decimal("1.5"), Decimal("2"), Decimal("4.9"), Decimal("5"), Decimal("12")]
    profiles = [
        cadre(
            commune_a,
            person__date_of_birth=born,
            rank=rank,
            political_theory=level,
            local_military_years=y,
        )
        for born, rank, level, y in zip(births, ranks, theory, years, strict=True)
    ]
    cadre(commune_a, status=CadreProfile.Status.LEFT)  # not counted: left the contingent
    civil = cadre(  # born on a fixed day: the factory's sequence depends on the tests run before
        commune_a,
        person__date_of_birth=D(1985, 3, 1),
        service_category="civil_servant",
        rank="",
        rank_date=None,
    )

    tables = {t["key"]: dict(t["rows"]) for t in get(province_staff).context["structure"]}

    counted = [*profiles, civil]
    ages = [rules.age_band(age_on(p.person.date_of_birth, TODAY)) for p in counted]
    assert tables["age"] == {band: ages.count(band) for band in rules.AGE_BANDS}
    assert tables["age"]["<30"] == 2  # born 02/07/1996: still 29 on 01/07/2026
    assert tables["age"]["30–34"] == 1  # born 01/07/1996: 30 today
    assert tables["age"]["≥50"] == 1
    assert tables["rank"]["Captain"] == 3
    assert tables["rank"]["Major"] == 1
    assert tables["rank"]["Colonel"] == 0
    assert tables["rank"]["no officer rank"] == 1
    assert tables["theory"]["advanced"] == 2
    assert tables["theory"]["intermediate"] == 3  # the civil servant is intermediate too
    experience = [rules.experience_band(float(p.local_military_years)) for p in counted]
    assert tables["experience"] == {b: experience.count(b) for b in rules.EXPERIENCE_BANDS}
    # 1.5; 2, 4.9 and the civil servant's 3; 5; 12 years
    assert tables["experience"] == {"<2": 1, "2–4": 3, "5–9": 1, "≥10": 1}
    html = get(province_staff).content.decode()
    assert 'id="chart-age"' in html and 'data-chart="chart-rank"' in html
    assert "chart.umd.min.js" in html


# --- entitlements ------------------------------------------------------------------------------


def test_it_lists_the_cadres_in_border_communes_without_the_allowance(
    today, province_staff, commune_a, border_commune, border_command, command_a
):
    remote = CommuneFactory(province=commune_a.province, name="Xã Vùng Cao", is_remote=True)
    remote_command = CommandFactory(commune=remote)
    lacking = cadre(commune_a, person__full_name="Thiếu Phụ Cấp")
    post(lacking, border_command, "commander")
    covered = cadre(commune_a, person__full_name="Đủ Phụ Cấp")
    post(covered, border_command, "deputy_commander")
    Entitlement.objects.create(profile=covered, kind="border", started_on=D(2024, 2, 1))
    expired = cadre(commune_a, person__full_name="Hết Phụ Cấp")
    post(expired, remote_command, "commander")
    Entitlement.objects.create(
        profile=expired, kind="remote", started_on=D(2024, 2, 1), ended_on=D(2026, 6, 30)
    )
    wrong_kind = cadre(commune_a, person__full_name="Sai Loại")
    post(wrong_kind, remote_command, "deputy_commander")
    Entitlement.objects.create(profile=wrong_kind, kind="border", started_on=D(2024, 2, 1))
    inland = cadre(commune_a, person__full_name="Đồng Bằng")
    post(inland, command_a, "commander")

    response = get(province_staff)
    rows = {
        r["profile"].person.full_name: r["missing"] for r in response.context["entitlement_gaps"]
    }
    assert rows == {
        "Thiếu Phụ Cấp": [("border", "border area allowance")],
        "Hết Phụ Cấp": [("remote", "extremely difficult area allowance")],
        "Sai Loại": [("remote", "extremely difficult area allowance")],
    }
    html = response.content.decode()
    assert f"{reverse('cadres:entitlement_add')}?profile={lacking.pk}" in html


# --- the workbook --------------------------------------------------------------------------------


def test_the_workbook_holds_the_fill_table_the_vacancies_and_the_structure(
    province_world, province_staff, command_a, command_b, border_command
):
    response = client_for(province_staff).get(reverse("cadres:overview_export") + "?horizon=24")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    cells = [c for row in rows for c in row if c is not None]
    for title in (
        "Commander fill rate by commune",
        "By age",
        "By rank",
        "By political theory level",
        "By years of local military work",
        "Entitlements due but missing",
    ):
        assert title in cells
    fill = {
        row[1]: row for row in rows if row and row[1] in {c.name for c in (command_a, command_b)}
    }
    assert fill[command_a.name][2:4] == ["Lò Văn Chỉ Huy", "yes"]
    assert fill[command_b.name][3] == "no"
    holders = {row[2] for row in rows if len(row) > 4 and row[4] and "holder" in str(row[4])}
    assert holders == {"Lò Văn Chỉ Huy", "Cầm Văn Phó", "Quàng Văn Luân"}
    assert any(row[0] == command_a.name and row[3] == datetime.datetime(2027, 3, 1) for row in rows)


def test_the_export_is_written_to_the_audit_log(province_world, province_staff):
    from auditlog.models import LogEntry

    client_for(province_staff).get(reverse("cadres:overview_export"))
    entry = LogEntry.objects.filter(actor=province_staff).latest("timestamp")
    assert entry.additional_data["kind"] == "export"
    assert entry.additional_data["filters"]["overview"] == "province"


# --- training priority ------------------------------------------------------------------------


def _seat(profile, body="party_executive", **kw):
    return BodyMembership.objects.create(
        profile=profile,
        body=body,
        commune=profile.home_commune,
        term=rules.BODY_TERMS[body],
        started_on=kw.pop("started_on", D(2025, 9, 1)),
        **kw,
    )


def test_the_priority_list_names_members_of_bodies_without_advanced_theory(
    today, province_staff, province, commune_a
):
    lacking = cadre(commune_a, person__full_name="Chưa Cao Cấp", political_theory="intermediate")
    _seat(lacking)
    _seat(lacking, "peoples_council", started_on=D(2026, 3, 20))
    advanced = cadre(commune_a, person__full_name="Đã Cao Cấp", political_theory="advanced")
    _seat(advanced)
    enrolled = cadre(commune_a, person__full_name="Đang Học", political_theory="elementary")
    _seat(enrolled)
    course = Course.objects.create(
        province=province,
        title="Cao cấp lý luận chính trị 2026",
        kind="political_theory",
        theory_level="advanced",
        provider="Học viện Chính trị khu vực I",
        starts_on=D(2026, 3, 1),
        ends_on=D(2027, 12, 31),
    )
    Enrolment.objects.create(course=course, profile=enrolled)
    no_seat = cadre(commune_a, person__full_name="Không Ghế", political_theory="none")
    former = cadre(commune_a, person__full_name="Hết Nhiệm Kỳ", political_theory="none")
    _seat(former, started_on=D(2020, 9, 1), ended_on=D(2025, 8, 31))

    response = get(province_staff, "cadres:priority")
    rows = {r["profile"].person.full_name: r for r in response.context["rows"]}
    assert set(rows) == {"Chưa Cao Cấp", "Đang Học"}
    assert not rows["Chưa Cao Cấp"]["profile"].enrolled
    assert rows["Đang Học"]["profile"].enrolled
    assert rows["Chưa Cao Cấp"]["seats"] == (
        "commune Party Executive Committee 2025–2030; commune People's Council 2026–2031"
    )
    # not yet enrolled first
    assert list(rows) == ["Chưa Cao Cấp", "Đang Học"]
    html = response.content.decode()
    assert html.count('data-testid="enrolled"') == 1
    assert html.count('data-testid="not-enrolled"') == 1
    assert no_seat.person.full_name not in html

    only_new = get(province_staff, "cadres:priority", "?enrolled=no").context["rows"]
    assert [r["profile"].pk for r in only_new] == [lacking.pk]

    workbook = client_for(province_staff).get(reverse("cadres:priority_export"))
    sheet = openpyxl.load_workbook(io.BytesIO(workbook.content)).active
    body = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[5]) for r in body] == [("Chưa Cao Cấp", "no"), ("Đang Học", "yes")]


# --- home -----------------------------------------------------------------------------------------


def test_the_province_home_lists_the_cadres_to_do(province_world, province_staff, province):
    PlacementRun.objects.create(
        province=province, title="Đợt 1", effective_on=TODAY, horizon=D(2027, 1, 1)
    )
    response = get(province_staff, "core:home")
    html = response.content.decode()
    assert 'data-testid="home-cadres"' in html
    assert "2 Commander posts are vacant today" in html
    # the rotation on 01/09/2026 falls within six months; the age limit on 01/03/2027 does not
    assert "1 Commander or Deputy Commander post falls vacant within 6 months" in html
    assert "1 draft placement proposal is waiting for a decision" in html


def test_the_home_to_do_costs_a_fixed_number_of_queries(
    province_world, province_staff, province, django_assert_max_num_queries
):
    with CaptureQueriesContext(connection) as before:
        first = overview.home_counts(province_staff, province.pk, TODAY)
    for _i in range(4):
        command = CommandFactory(commune=CommuneFactory(province=province))
        post(cadre(command.commune), command, "commander", end=D(2026, 10, 31))
    with django_assert_max_num_queries(len(before)):
        then = overview.home_counts(province_staff, province.pk, TODAY)
    assert then["falling_vacant"] == first["falling_vacant"] + 4


# --- query counts and scoping --------------------------------------------------------------------


def test_the_overview_query_count_does_not_grow_with_the_communes(
    province_world, province_staff, province, django_assert_max_num_queries
):
    client = client_for(province_staff)
    with CaptureQueriesContext(connection) as baseline:
        assert client.get(reverse("cadres:overview")).status_code == 200
    for _i in range(5):
        commune = CommuneFactory(province=province, is_border=True)
        command = CommandFactory(commune=commune)
        holder = cadre(commune, person__date_of_birth=D(1976, 5, 1))
        post(holder, command, "commander")
        post(cadre(commune), command, "deputy_commander", end=D(2026, 12, 31))
    with django_assert_max_num_queries(len(baseline)):
        response = client.get(reverse("cadres:overview"))
    assert response.context["fill"]["commands"] == 8
    assert len(response.context["entitlement_gaps"]) == 10


def test_a_commune_sees_its_own_command_and_not_commune_b(
    province_world, commune_a_staff, commune_b_staff, command_a
):
    response = get(commune_a_staff)
    assert response.context["mode"] == "commune"
    html = response.content.decode()
    assert "Lò Văn Chỉ Huy" in html
    assert "Quàng Văn Luân" not in html  # commune B's Deputy
    names = {a.person.full_name for a in response.context["holders"]}
    assert names == {"Lò Văn Chỉ Huy", "Cầm Văn Phó"}
    export = client_for(commune_a_staff).get(reverse("cadres:overview_export"))
    assert "Quàng Văn Luân".encode() not in export.content
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    cells = {c for row in sheet.iter_rows(values_only=True) for c in row}
    assert "Lò Văn Chỉ Huy" in cells and "Quàng Văn Luân" not in cells
    # commune B sees its own Deputy, not commune A's cadres
    b_html = get(commune_b_staff).content.decode()
    assert "Quàng Văn Luân" in b_html and "Lò Văn Chỉ Huy" not in b_html


def test_a_commune_does_not_see_other_communes_on_the_priority_list(
    today, commune_a_staff, commune_a, commune_b, command_a, command_b
):
    mine = cadre(commune_a, person__full_name="Của Xã A", political_theory="none")
    theirs = cadre(commune_b, person__full_name="Của Xã B", political_theory="none")
    unposted = cadre(commune_a, person__full_name="Chưa Bố Trí", political_theory="none")
    for profile in (mine, theirs, unposted):
        _seat(profile)
    post(mine, command_a, "commander")
    post(theirs, command_b, "commander")
    html = get(commune_a_staff, "cadres:priority").content.decode()
    assert "Của Xã A" in html
    assert "Của Xã B" not in html
    assert "Chưa Bố Trí" not in html  # holds no post: the province's alone
    workbook = client_for(commune_a_staff).get(reverse("cadres:priority_export"))
    sheet = openpyxl.load_workbook(io.BytesIO(workbook.content)).active
    assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)] == ["Của Xã A"]


def test_the_nation_sees_the_provinces_and_may_pick_one(
    province_world, ministry_viewer, province, command_b
):
    response = get(ministry_viewer)
    assert response.context["mode"] == "nation"
    row = next(r for r in response.context["provinces"] if r["province"] == province)
    assert (row["commands"], row["filled"]) == (3, 1)
    picked = get(ministry_viewer, query=f"?province={province.pk}&horizon=24")
    assert picked.context["mode"] == "province"
    assert command_b in picked.context["gaps"]
    assert len(picked.context["vacancies"]) == 6


def test_another_province_sees_none_of_it(province_world, other_province):
    from tests.factories import UserFactory

    user = UserFactory(username="other", role="province_staff", province=other_province)
    response = get(user)
    assert response.context["fill"]["commands"] == 0
    assert response.context["vacancies"] == []
    assert "Lò Văn Chỉ Huy" not in response.content.decode()


def test_it_writes_formula_named_communes_and_people_as_inert_text_in_its_workbooks(
    province_world, province_staff, commune_a
):
    """Finding 5 of issue 15: text named like a formula (a commune, a person) is written with a
    leading quote in the overview and training-priority workbooks, never as a live formula."""
    from garrison.people.models import Person
    from garrison.territory.models import Commune

    formula = '=HYPERLINK("http://evil.example/","click")'
    Commune.objects.filter(pk=commune_a.pk).update(name=formula)
    Person.objects.update(full_name="@" + formula)
    client = client_for(province_staff)
    for name in ("cadres:overview_export", "cadres:priority_export"):
        response = client.get(reverse(name) + "?horizon=24")
        assert response.status_code == 200, name
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        cells = [cell for row in sheet.iter_rows() for cell in row]
        texts = [c.value for c in cells if isinstance(c.value, str)]
        assert not [c.coordinate for c in cells if c.data_type == "f"], name
        assert not [t for t in texts if t.startswith(("=", "+", "-", "@", "\t", "\r"))], name
        if name == "cadres:overview_export":
            assert "'" + formula in texts
