"""The reporting-rate pages, their exports, a return's exports, the daily digest and the
reports on the home page: a province sees each commune's status (on time, late, missing, not
expected) with the totals; the nation sees its provinces and opens any of them read-only; a
commune sees its own returns only; the workbooks and PDFs hold the figures the page shows."""

from __future__ import annotations

import datetime
import io
import re
import unicodedata

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.utils import timezone
from pypdf import PdfReader

from garrison.core.models import Notification
from garrison.core.scoping import scope_of
from garrison.reporting import digest, home
from garrison.reporting.models import Submission
from garrison.reporting.rates import views as rate_pages
from garrison.reporting.returns import exports, periods, services
from tests.conftest import client_for
from tests.factories import CommandFactory, CommuneFactory, issued_directive, monthly_form

pytestmark = pytest.mark.django_db

RATES = "/reporting/reports/rates/"


@pytest.fixture
def form(db):
    """A Ministry form: every commune of every province returns it."""
    return monthly_form(None, rules=False)


@pytest.fixture
def period(form, today):
    """The latest month past its due date (what the pages and the home page show first)."""
    return rate_pages.latest_due_period(form, today)


def make_return(user, form, commune, period, submitted_on=None, trained="2"):
    report = services.do_start_submission(actor=user, form=form, commune=commune, period=period)
    report = services.do_save_submission(
        actor=user, submission=report, raw_values={"trained": trained, "patrols": "5"}
    )
    report = services.do_submit(actor=user, submission=report)
    if submitted_on is not None:
        moment = timezone.make_aware(datetime.datetime.combine(submitted_on, datetime.time(9)))
        Submission.objects.filter(pk=report.pk).update(first_submitted_at=moment)
        report.refresh_from_db()
    return report


@pytest.fixture
def world(
    form,
    period,
    province,
    commune_a,
    command_a,
    commune_b,
    command_b,
    commune_c,
    commune_a_staff,
    commune_b_staff,
):
    """Điện Biên: Na Son on time, Mường Thanh 2 days late, Xã Thiếu missing, Xã Mới not
    expected (its command came after the period); Lai Châu: Xã Khác on time."""
    missing = CommuneFactory(code=3320, name="Xã Thiếu", province=province)
    CommandFactory(commune=missing)
    newcomer = CommuneFactory(code=3321, name="Xã Mới", province=province)
    CommandFactory(commune=newcomer, established_on=period.end + datetime.timedelta(days=1))
    CommandFactory(commune=commune_c)
    from tests.conftest import _user

    c_staff = _user("c_staff", "commune_staff", commune=commune_c)
    due = period.due_on(form.due_days)
    return {
        "on_time": make_return(commune_a_staff, form, commune_a, period, due),
        "late": make_return(commune_b_staff, form, commune_b, period, due + datetime.timedelta(2)),
        "other": make_return(c_staff, form, commune_c, period, due),
        "missing": missing,
        "newcomer": newcomer,
    }


def statuses(page: str) -> dict[int, str]:
    return {
        int(pk): status
        for pk, status in re.findall(r'data-commune="(\d+)" data-status="(\w+)"', page)
    }


def figure(page: str, name: str) -> str:
    return re.search(rf'data-figure="{name}">([^<]*)<', page).group(1)


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(unicodedata.normalize("NFC", text).split())


def rates_url(form, period, **extra) -> str:
    return rate_pages.rates_url(form, period, **extra)


# --- the pages ------------------------------------------------------------------------------------
def test_a_province_sees_each_commune_with_its_status_and_the_totals(
    world,
    form,
    period,
    province_staff,
    commune_a,
    commune_b,
    commune_c,
    as_user,
    django_assert_max_num_queries,
):
    client = as_user(province_staff)
    with django_assert_max_num_queries(16):
        response = client.get(rates_url(form, period))
    assert response.status_code == 200
    page = response.content.decode()
    assert statuses(page) == {
        commune_a.pk: "on_time",
        commune_b.pk: "late",
        world["missing"].pk: "missing",
        world["newcomer"].pk: "not_expected",
    }
    assert commune_c.name not in page  # another province's commune
    assert (figure(page, "expected"), figure(page, "on_time"), figure(page, "late")) == (
        "3",
        "1",
        "1",
    )
    assert figure(page, "missing") == "1" and figure(page, "rate") == "66.7%"
    # the late commune's delay and the link to each return made
    assert re.search(rf'data-commune="{commune_b.pk}".*?text-danger">2<', page, re.S)
    assert f"/reporting/reports/{world['on_time'].pk}/" in page
    # the trend over the recent periods is drawn by the local Chart.js, never a CDN
    assert 'id="chart-rate"' in page and "vendor/chart.js/chart.umd.min.js" in page
    assert "cdn" not in page.lower()


def test_the_default_period_is_the_latest_past_its_due_date(form, province_staff, today, as_user):
    response = as_user(province_staff).get(RATES)
    shown = response.context["period"]
    assert shown == rate_pages.latest_due_period(form, today)
    assert shown.due_on(form.due_days) < today
    after = periods.period_containing("month", shown.end + datetime.timedelta(days=1))
    assert after.due_on(form.due_days) >= today  # and no later one is past due


def test_a_period_that_does_not_parse_says_so_and_shows_the_default(form, province_staff, as_user):
    page = as_user(province_staff).get(f"{RATES}?form={form.pk}&period=tháng-5").content.decode()
    assert "is not a period of this form" in page and "2026-10" in page


def test_the_status_filter_narrows_the_table_not_the_totals(
    world, form, period, province_staff, as_user
):
    page = as_user(province_staff).get(rates_url(form, period, status="missing")).content
    page = page.decode()
    assert statuses(page) == {world["missing"].pk: "missing"}
    assert figure(page, "expected") == "3"


def test_the_nation_sees_each_province_and_the_national_total(
    world,
    form,
    period,
    province,
    other_province,
    ministry_viewer,
    as_user,
    django_assert_max_num_queries,
):
    client = as_user(ministry_viewer)
    with django_assert_max_num_queries(14):
        response = client.get(rates_url(form, period))
    page = response.content.decode()
    rows = {row.key: row for row in response.context["rows"]}
    assert (rows[province.pk].expected, rows[province.pk].missing) == (3, 1)
    assert (rows[other_province.pk].expected, rows[other_province.pk].on_time) == (1, 1)
    total = response.context["total"]
    assert (total.expected, total.on_time, total.late, total.missing) == (4, 2, 1, 1)
    assert total.rate == 75.0
    assert 'data-testid="rate-national-total"' in page
    # each province opens its communes
    assert f"province={province.pk}" in page


def test_the_nation_drills_down_into_a_province_read_only(
    world, form, period, province, commune_a, commune_c, ministry_viewer, as_user
):
    response = as_user(ministry_viewer).get(rates_url(form, period, province=province.pk))
    page = response.content.decode()
    assert response.context["level"] == "province"
    assert statuses(page)[commune_a.pk] == "on_time"
    assert commune_c.name not in page
    assert "/reports/fill/" not in page  # nothing to fill from here


def test_a_province_cannot_look_into_another_province(
    world, form, period, other_province, province_staff, as_user
):
    response = as_user(province_staff).get(rates_url(form, period, province=other_province.pk))
    assert response.status_code == 404


def test_a_commune_sees_its_own_returns_only(
    world, form, period, commune_a_staff, commune_b, other_province, as_user
):
    client = as_user(commune_a_staff)
    response = client.get(rates_url(form, period, province=other_province.pk))
    assert response.status_code == 200 and response.context["level"] == "commune"
    page = response.content.decode()
    assert f"/reporting/reports/{world['on_time'].pk}/" in page
    assert commune_b.name not in page and f"/reporting/reports/{world['late'].pk}/" not in page
    assert len(response.context["rows"]) == rate_pages.RECENT
    # a form of another province is not there for it
    foreign = monthly_form(other_province, code="BC-LC")
    assert client.get(f"{RATES}?form={foreign.pk}").status_code == 404
    # and it has no table of places to export
    assert client.get(f"/reporting/reports/rates/xlsx/?form={form.pk}").status_code == 404


# --- exports --------------------------------------------------------------------------------------
def sheet_rows(data: bytes) -> list[tuple]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return list(sheet.iter_rows(values_only=True))


def test_the_province_table_downloads_as_a_workbook_and_is_audited(
    world, form, period, province_staff, as_user
):
    url = "/reporting/reports/rates/xlsx/?" + rates_url(form, period).split("?")[1]
    response = as_user(province_staff).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    rows = sheet_rows(response.content)
    by_name = {row[0]: row for row in rows if row and row[0]}
    assert by_name["Xã Na Son"][1] == "on time"
    assert by_name["Phường Mường Thanh"][1:4:2] == ("late", 2)
    assert by_name["Xã Thiếu"][1] == "missing"
    assert by_name["Xã Mới"][1] == "not expected"
    assert any("66.7" in str(row[0]) for row in rows[:4])  # the totals line on top
    entry = LogEntry.objects.filter(actor=province_staff).latest("timestamp")
    assert entry.additional_data["kind"] == "export"
    assert entry.additional_data["format"] == "xlsx"
    assert entry.additional_data["filters"]["rates"]["period"] == period.key


def test_the_national_table_downloads_with_the_total(
    world, form, period, province, ministry_viewer, as_user
):
    url = "/reporting/reports/rates/xlsx/?" + rates_url(form, period).split("?")[1]
    rows = sheet_rows(as_user(ministry_viewer).get(url).content)
    by_name = {row[0]: row for row in rows if row and row[0]}
    assert by_name[province.name][1:5] == (3, 1, 1, 1)
    assert by_name["Nation"][1:5] == (4, 2, 1, 1) and by_name["Nation"][6] == 75.0


def test_the_rate_report_prints_in_the_decree_30_layout(
    world, form, period, province_staff, as_user
):
    url = "/reporting/reports/rates/pdf/?" + rates_url(form, period).split("?")[1]
    response = as_user(province_staff).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "Xã Na Son" in text and "Xã Thiếu" in text
    assert "BÁO CÁO" in text and "Tình hình thực hiện chế độ báo cáo BC-01" in text
    assert "Bộ Chỉ huy Quân sự tỉnh Điện Biên".upper() in text
    assert "Đúng hạn" in text and "Chưa báo cáo" in text
    assert f"tháng {period.start.month:02d} năm {period.start.year}" in text  # never English
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert LogEntry.objects.filter(additional_data__format="pdf").exists()


def test_a_return_downloads_as_a_workbook_and_a_pdf_with_its_sources(
    world, province_staff, commune_a_staff, as_user
):
    report = world["on_time"]
    client = as_user(commune_a_staff)
    rows = sheet_rows(client.get(f"/reporting/reports/{report.pk}/xlsx/").content)
    by_key = {row[2]: row for row in rows if row and len(row) > 2 and row[2]}
    assert by_key["trained"][3] == 2 and by_key["trained"][5] == "typed in"
    assert by_key["strength"][0] == "I. Lực lượng"
    assert "computed from the registers" in by_key["strength"][5]

    response = as_user(province_staff).get(f"/reporting/reports/{report.pk}/pdf/")
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "BAN CHỈ HUY QUÂN SỰ XÃ NA SON" in text
    assert "Quân số dân quân (*)" in text and "Tự động từ sổ" in text
    assert "II. Hoạt động" in text
    assert (
        LogEntry.objects.filter(
            additional_data__kind="export", additional_data__filters__submission=report.pk
        ).count()
        == 2
    )


def test_another_communes_return_cannot_be_exported(world, commune_a_staff, as_user):
    client = as_user(commune_a_staff)
    late = world["late"]  # commune B's
    assert client.get(f"/reporting/reports/{late.pk}/xlsx/").status_code == 404
    assert client.get(f"/reporting/reports/{late.pk}/pdf/").status_code == 404


@pytest.mark.parametrize(
    ("kind", "key", "label"),
    [
        ("month", "2026-02", "tháng 02 năm 2026"),
        ("quarter", "2026-Q4", "quý 4 năm 2026"),
        ("half_year", "2026-H1", "6 tháng đầu năm 2026"),
        ("year", "2026", "năm 2026"),
        ("week", "2026-W45", "tuần 45 năm 2026 (từ 02/11 đến 08/11)"),
    ],
)
def test_official_documents_name_periods_in_vietnamese(kind, key, label):
    assert exports.vi_period_label(periods.parse_key(kind, key)) == label


# --- the digest -----------------------------------------------------------------------------------
@pytest.fixture
def digest_world(world, province, commune_a, commune_b, today):
    """Điện Biên also has a directive two days overdue for both its communes."""
    directive = issued_directive(
        province,
        [commune_a, commune_b],
        number="07/CT-BCH",
        issued_on=today - datetime.timedelta(days=12),
        due_on=today - datetime.timedelta(days=2),
    )
    return {**world, "directive": directive}


def test_the_digest_says_what_waits_and_what_is_overdue(digest_world, province, form, today):
    text = digest.build_digest(province, today)
    assert "Điện Biên" in text
    assert "BC-01" in text  # Xã Thiếu has not reported the latest period past due
    assert "07/CT-BCH" in text and "2 communes overdue" in text


def test_the_digest_command_notifies_the_provinces_users_once_a_day(
    digest_world, province_staff, province_inspector, commune_a_staff, ministry_viewer
):
    out = io.StringIO()
    call_command("digest", stdout=out)
    assert "sent" in out.getvalue()
    got = Notification.objects.filter(kind="digest")
    assert set(got.values_list("user__username", flat=True)) >= {"p_staff", "p_inspector"}
    assert not got.filter(user__in=[commune_a_staff, ministry_viewer]).exists()
    assert got.filter(user=province_staff).count() == 1
    assert "07/CT-BCH" in got.get(user=province_staff).text
    # run again the same day: nothing twice
    call_command("digest", stdout=io.StringIO())
    assert Notification.objects.filter(kind="digest", user=province_staff).count() == 1


def test_a_province_with_nothing_to_say_gets_nothing(province, province_staff, today):
    assert digest.build_digest(province, today) == ""
    assert digest.send_digests(today) == 0
    assert not Notification.objects.exists()


def test_the_digest_command_refuses_a_bad_date(db):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("digest", "--date", "05/02/2026")
    with pytest.raises(CommandError, match="not a date"):
        call_command("digest", "--date", "2026-02-30")


# --- the home page --------------------------------------------------------------------------------
def section_for(user, provider):
    request = RequestFactory().get("/")
    request.user = user
    return provider(request, scope_of(user))


def test_the_province_home_shows_reports_waiting_overdue_and_the_rate(
    world, form, period, province_staff, as_user, django_assert_max_num_queries
):
    from tests.conftest import _user

    # Mường Thanh's return waits for approval (Na Son's is approved); Xã Thiếu started its
    # return but never submitted it: overdue
    Submission.objects.filter(pk=world["on_time"].pk).update(state="approved")
    laggard = _user("t_staff", "commune_staff", commune=world["missing"])
    services.do_start_submission(actor=laggard, form=form, commune=world["missing"], period=period)
    with django_assert_max_num_queries(4):  # counts, forms, and two per form
        section = section_for(province_staff, home.province_reports)
    assert (section["awaiting"], section["overdue"]) == (1, 1)
    assert section["awaiting_url"] == "/reporting/reports/review/"
    assert section["overdue_url"].endswith("?timeliness=overdue")
    (card,) = section["cards"]
    assert card["form"] == form
    assert card["period"] == period and card["total"].expected == 3
    assert (card["total"].on_time, card["total"].late, card["total"].missing) == (1, 1, 1)
    page = as_user(province_staff).get("/").content.decode()
    assert 'data-testid="home-reports"' in page and 'data-testid="home-rate-card"' in page
    assert "/reporting/reports/review/" in page and "status=missing" in page


def test_the_nation_home_shows_the_rate_per_province(
    world,
    form,
    province,
    other_province,
    ministry_viewer,
    as_user,
    django_assert_max_num_queries,
):
    with django_assert_max_num_queries(4):
        section = section_for(ministry_viewer, home.nation_reports)
    names = [row.name for row in section["rows"]]
    assert set(names) == {province.name, other_province.name}
    assert names[0] == province.name  # the lowest rate first
    page = as_user(ministry_viewer).get("/").content.decode()
    assert 'data-testid="home-national-rate"' in page
    assert f"province={province.pk}" in page


def test_without_a_ministry_form_the_nation_home_shows_the_provinces_forms(
    world, form, period, province, ministry_viewer, as_user, django_assert_max_num_queries
):
    form.province = province  # now Điện Biên's own form: its communes only
    form.save()
    own = form
    with django_assert_max_num_queries(4):  # no Ministry form, the forms, two for the one
        section = section_for(ministry_viewer, home.nation_reports)
    (card,) = section["cards"]
    assert card["form"] == own and card["period"] == period
    assert card["total"].expected == 3 and card["total"].made == 2
    assert (
        f"province={province.pk}" in card["missing_url"] and "status=missing" in card["missing_url"]
    )
    page = as_user(ministry_viewer).get("/").content.decode()
    assert "the provinces' own forms" in page and province.name in page
    # the card's link drills into the province: its communes, read only
    page = as_user(ministry_viewer).get(card["missing_url"]).content.decode()
    assert 'data-testid="rate-communes"' in page


def test_home_sections_stay_quiet_for_the_other_levels(world, commune_a_staff):
    assert section_for(commune_a_staff, home.province_reports) is None
    assert section_for(commune_a_staff, home.nation_reports) is None
    # a commune's returns to make are its to-do items (reporting.returns.views.fill)
    page = client_for(commune_a_staff).get("/").content.decode()
    assert 'data-testid="home-reports"' not in page


def test_it_writes_a_formula_named_commune_as_inert_text_in_the_reporting_workbooks(
    world, form, period, commune_a, province_staff, as_user
):
    """Finding 5 of issue 15: a commune (or any text) named like a formula is written with a
    leading quote in the rate table and a return's workbook, never as a live formula."""
    from garrison.territory.models import Commune

    formula = '=HYPERLINK("http://evil.example/","click")'
    Commune.objects.filter(pk=commune_a.pk).update(name=formula)
    client = as_user(province_staff)
    rates = "/reporting/reports/rates/xlsx/?" + rates_url(form, period).split("?")[1]
    for url in (rates, f"/reporting/reports/{world['on_time'].pk}/xlsx/"):
        response = client.get(url)
        assert response.status_code == 200, url
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        cells = [cell for row in sheet.iter_rows() for cell in row]
        texts = [c.value for c in cells if isinstance(c.value, str)]
        assert not [c.coordinate for c in cells if c.data_type == "f"], url
        assert not [t for t in texts if t.startswith(("=", "+", "-", "@", "\t", "\r"))], url
        assert any(t.startswith("'" + formula) for t in texts), url
