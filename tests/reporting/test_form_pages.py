"""The pages of report forms and returns: the province builds a form (fields, a rule, publish;
a published version refuses changes, saying why), the commune finds its reports to make and
fills one (computed figures with their source, a bad number kept as typed, a blocking rule
stopping submission, a stale page refused), the province returns and approves one and approves
many at once (saying which failed and why); another commune never reaches Na Son's return;
the returns list stays within a few queries."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from garrison.accounts.rules import Role
from garrison.reporting.models import FormField, ReportForm, Submission
from garrison.reporting.returns import periods, services
from tests.factories import (
    CommandFactory,
    CommuneFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def fill_url(form, period) -> str:
    return f"/reporting/reports/fill/{form.pk}/{period.key}/"


def detail_url(submission) -> str:
    return f"/reporting/reports/{submission.pk}/"


def table(page: str) -> str:
    """The rows of a list page (not its filters' choices)."""
    return page[page.index('id="object-table"') :]


def texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def submitted(user, form, commune, period, trained="2", patrols="5"):
    report = services.do_start_submission(actor=user, form=form, commune=commune, period=period)
    report = services.do_save_submission(
        actor=user, submission=report, raw_values={"trained": trained, "patrols": patrols}
    )
    return services.do_submit(actor=user, submission=report)


# --- the province builds a form --------------------------------------------------------------
def test_the_province_builds_a_form_publishes_it_and_a_published_field_refuses_changes(
    province_staff, province, as_user
):
    client = as_user(province_staff)
    response = client.post(
        "/reporting/forms/add/",
        {
            "code": "BC-05",
            "name": "Báo cáo tuần tra",
            "period_type": "month",
            "due_days": "5",
            "active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    form = ReportForm.objects.get(code="BC-05")
    assert form.province_id == province.pk
    version = form.versions.get()
    assert version.number == 1 and version.is_draft

    page = client.get(f"/reporting/forms/versions/{version.pk}/").content.decode()
    assert f"/reporting/forms/fields/add/?form_version={version.pk}" in page
    # nothing to publish yet: the publish page says why
    page = client.get(f"/reporting/forms/versions/{version.pk}/publish/").content.decode()
    assert "The version has no field" in page

    # the add page comes with the version chosen and the indicators to compute from
    page = client.get(f"/reporting/forms/fields/add/?form_version={version.pk}").content.decode()
    assert re.search(rf'<option value="{version.pk}" selected>', page)
    assert 'value="militia.strength"' in page
    for order, (key, label, indicator) in enumerate(
        [("strength", "Quân số", "militia.strength"), ("trained", "Đã huấn luyện", "")]
    ):
        response = client.post(
            "/reporting/forms/fields/add/",
            {
                "form_version": version.pk,
                "section": "I. Lực lượng",
                "order": order,
                "key": key,
                "label": label,
                "kind": "number",
                "required": "on",
                "min_value": "0",
                "indicator": indicator,
            },
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        field = FormField.objects.get(form_version=version, key=key)
        assert response["Location"] == f"/reporting/forms/fields/{field.pk}/"
        assert (
            f"/reporting/forms/versions/{version.pk}/"
            in client.get(response["Location"]).content.decode()
        )
    # a bad key is refused beside the field
    response = client.post(
        "/reporting/forms/fields/add/",
        {
            "form_version": version.pk,
            "order": 3,
            "key": "Tuần tra",
            "label": "Tuần tra",
            "kind": "number",
        },
    )
    assert response.status_code == 400 and "Use lower-case letters" in response.content.decode()

    rule = {
        "form_version": version.pk,
        "left": "trained",
        "op": "<=",
        "severity": "block",
        "message": "Không vượt quân số.",
    }
    response = client.post(
        "/reporting/forms/rules/add/", {**rule, "right_field": "strength", "right_value": "4"}
    )
    assert response.status_code == 400 and "not both" in response.content.decode()
    response = client.post("/reporting/forms/rules/add/", {**rule, "right_field": "strength"})
    assert response.status_code == 302

    page = client.get(f"/reporting/forms/versions/{version.pk}/").content.decode()
    assert "Đã huấn luyện" in page and "Không vượt quân số." in page
    response = client.post(
        f"/reporting/forms/versions/{version.pk}/publish/", {"confirm": "on"}, follow=True
    )
    assert "Version 1 is published" in response.content.decode()
    version.refresh_from_db()
    assert not version.is_draft
    page = client.get("/reporting/forms/").content.decode()
    assert "BC-05" in page

    # a field of the published version: no edit link; an old link leads back, saying why
    field = version.fields.get(key="trained")
    page = client.get(f"/reporting/forms/versions/{version.pk}/").content.decode()
    assert f"/reporting/forms/fields/{field.pk}/edit/" not in page
    response = client.get(f"/reporting/forms/fields/{field.pk}/edit/", follow=True)
    assert response.redirect_chain[-1][0] == f"/reporting/forms/fields/{field.pk}/"
    assert "Version 1 is published and cannot change" in response.content.decode()
    response = client.post(
        f"/reporting/forms/fields/{field.pk}/edit/",
        {"order": 1, "key": "trained", "label": "Đổi tên", "kind": "number", "version": 1},
    )
    assert response.status_code == 302
    assert "Version 1 is published and cannot change" in " ".join(texts(response))
    field.refresh_from_db()
    assert field.label == "Đã huấn luyện"

    # a new version copies the fields, and is changed while a draft
    response = client.post(f"/reporting/forms/{form.pk}/new-version/", {"note": "thêm dòng"})
    assert response.status_code == 302
    draft = form.versions.get(number=2)
    copied = draft.fields.get(key="trained")
    response = client.post(
        f"/reporting/forms/fields/{copied.pk}/edit/",
        {
            "section": "I. Lực lượng",
            "order": 1,
            "key": "trained",
            "label": "Đã huấn luyện xong",
            "kind": "number",
            "required": "on",
            "min_value": "0",
            "indicator": "",
            "version": copied.version,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    copied.refresh_from_db()
    assert copied.label == "Đã huấn luyện xong" and copied.form_version_id == draft.pk
    assert copied.version == 2
    assert FormField.objects.get(pk=field.pk).label == "Đã huấn luyện"
    # a field is edited under core's conflict check: a page read before that save is refused
    response = client.post(
        f"/reporting/forms/fields/{copied.pk}/edit/",
        {"order": 1, "key": "trained", "label": "Cũ", "kind": "number", "version": 1},
    )
    assert response.status_code == 409
    copied.refresh_from_db()
    assert copied.label == "Đã huấn luyện xong"


def test_a_commune_reads_forms_but_cannot_build_them(commune_a_staff, form, as_user):
    client = as_user(commune_a_staff)
    assert client.get(f"/reporting/forms/{form.pk}/").status_code == 200
    assert client.get("/reporting/forms/add/").status_code == 404
    version = form.current_version()
    assert client.get(f"/reporting/forms/fields/add/?form_version={version.pk}").status_code == 404


def test_a_form_with_returns_keeps_its_period_but_its_name_may_change(
    form, squad, commune_a, commune_a_staff, province_staff, as_user, last_month
):
    submitted(commune_a_staff, form, commune_a, last_month)
    client = as_user(province_staff)
    data = {
        "code": "BC-01",
        "name": "Tên mới",
        "due_days": "5",
        "active": "on",
        "version": form.version,
    }
    response = client.post(f"/reporting/forms/{form.pk}/edit/", {**data, "period_type": "quarter"})
    assert response.status_code == 400 and "period cannot change" in response.content.decode()
    response = client.post(f"/reporting/forms/{form.pk}/edit/", {**data, "period_type": "month"})
    assert response.status_code == 302
    form.refresh_from_db()
    assert form.name == "Tên mới" and form.period_type == "month"


# --- the commune fills its return -------------------------------------------------------------
def test_the_commune_finds_its_reports_to_make_and_fills_one(
    form, squad, commune_a, commune_a_staff, as_user, last_month, today
):
    client = as_user(commune_a_staff)
    # the way in: the home page's to-do list and the reports list
    assert "Make report BC-01" in client.get("/").content.decode()
    assert "/reporting/reports/to-make/" in client.get("/reporting/reports/").content.decode()
    page = client.get("/reporting/reports/to-make/").content.decode()
    this_month = periods.period_containing("month", today)
    assert fill_url(form, last_month) in page and fill_url(form, this_month) in page
    assert "not started" in page

    page = client.get(fill_url(form, last_month)).content.decode()
    assert "has not started this report" in page
    response = client.post(fill_url(form, last_month), {"action": "start"})
    assert response.status_code == 302 and response["Location"] == fill_url(form, last_month)
    report = Submission.objects.get(commune=commune_a)

    page = client.get(fill_url(form, last_month)).content.decode()
    computed = re.search(r'data-testid="row-strength">(.*?)</div>\s*</div>', page, re.S).group(1)
    assert ">3<" in computed and "Militia register" in computed
    assert last_month.end.strftime("%d/%m/%Y") in computed
    assert f'href="{report.sources["strength"]["url"]}"' in computed
    assert 'name="value-strength"' not in page  # computed: shown, never typed

    # a number that is not one: kept as typed, the error beside it, nothing saved
    response = client.post(
        fill_url(form, last_month),
        {
            "action": "save",
            "version": report.version,
            "value-trained": "mười",
            "value-patrols": "3",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert 'value="mười"' in page and 'value="3"' in page
    error = re.search(r'data-testid="error-trained">(.*?)</div>\s*</div>', page, re.S).group(1)
    assert "“mười” is not a number" in error
    report.refresh_from_db()
    assert report.version == 1 and "trained" not in report.values

    # the blocking rule: the figures are saved as a draft, but not submitted
    response = client.post(
        fill_url(form, last_month),
        {"action": "submit", "version": report.version, "value-trained": "5", "value-patrols": "2"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "not submitted" in page
    error = re.search(r'data-testid="error-trained">(.*?)</div>\s*</div>', page, re.S).group(1)
    assert "không thể vượt quân số" in error
    assert 'data-testid="warning-patrols"' in page  # the warning rule, beside its field
    report.refresh_from_db()
    assert report.state == "draft" and report.values["trained"] == 5

    # corrected and submitted: on the report's page, with its figures and history
    response = client.post(
        fill_url(form, last_month),
        {
            "action": "submit",
            "version": report.version,
            "value-trained": "3",
            "value-patrols": "2",
            "note": "Tháng này mưa nhiều.",
        },
    )
    assert response.status_code == 302 and response["Location"] == detail_url(report)
    report.refresh_from_db()
    assert report.state == "submitted" and report.note == "Tháng này mưa nhiều."
    page = client.get(detail_url(report)).content.decode()
    assert "submitted" in page and "Tuần tra ít hơn 4 lần" in page
    history = page[page.index('data-testid="submission-history"') :]
    assert "Số đã huấn luyện: 5 → 3" in history
    # a submitted report is no longer filled in: the fill page leads to the report
    response = client.get(fill_url(form, last_month))
    assert response.status_code == 302 and response["Location"] == detail_url(report)
    page = client.get("/reporting/reports/to-make/").content.decode()
    assert detail_url(report) in page


def test_a_stale_page_is_refused_and_keeps_what_was_typed(
    form, squad, commune_a, commune_a_staff, commune_a_commander, as_user, last_month
):
    report = services.do_start_submission(
        actor=commune_a_staff, form=form, commune=commune_a, period=last_month
    )
    services.do_save_submission(
        actor=commune_a_commander, submission=report, raw_values={"trained": "1"}
    )
    response = as_user(commune_a_staff).post(
        fill_url(form, last_month),
        {"action": "save", "version": 1, "value-trained": "2", "value-patrols": "7"},
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "changed by someone else" in page and 'value="7"' in page
    assert 'name="version" value="2"' in page  # saving again overwrites knowingly
    report.refresh_from_db()
    assert report.values["trained"] == 1


def test_a_period_not_begun_cannot_be_started(
    form, commune_a, command_a, commune_a_staff, as_user, today
):
    future = periods.period_containing("month", today + datetime.timedelta(days=40))
    response = as_user(commune_a_staff).post(fill_url(form, future), {"action": "start"})
    assert response.status_code == 400 and "has not begun" in response.content.decode()
    assert not Submission.objects.exists()
    assert (
        as_user(commune_a_staff).get(f"/reporting/reports/fill/{form.pk}/2026-13/").status_code
        == 404
    )


# --- the province decides ----------------------------------------------------------------------
def test_the_province_returns_a_report_then_approves_it(
    form, squad, commune_a, commune_a_staff, province_staff, as_user, last_month
):
    report = submitted(commune_a_staff, form, commune_a, last_month)
    commune, province = as_user(commune_a_staff), as_user(province_staff)
    page = province.get(detail_url(report)).content.decode()
    assert f"{detail_url(report)}approve/" in page and f"{detail_url(report)}return/" in page
    page = commune.get(detail_url(report)).content.decode()
    assert f"{detail_url(report)}approve/" not in page
    assert commune.post(f"{detail_url(report)}approve/", {"confirm": "on"}).status_code == 404

    response = province.post(f"{detail_url(report)}return/", {"reason": "  "})
    assert response.status_code == 400 and "This field is required" in response.content.decode()
    response = province.post(
        f"{detail_url(report)}return/", {"reason": "Số tuần tra chưa khớp sổ trực."}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == "returned"
    page = commune.get(detail_url(report)).content.decode()
    assert "Số tuần tra chưa khớp sổ trực." in page and fill_url(form, last_month) in page
    page = commune.get(fill_url(form, last_month)).content.decode()
    assert "Số tuần tra chưa khớp sổ trực." in page and 'value="5"' in page

    response = commune.post(
        fill_url(form, last_month),
        {"action": "submit", "version": report.version, "value-trained": "2", "value-patrols": "6"},
    )
    assert response.status_code == 302
    response = province.post(f"{detail_url(report)}approve/", {"confirm": "on"}, follow=True)
    assert "Report approved" in response.content.decode()
    report.refresh_from_db()
    assert report.state == "approved"
    page = commune.get(detail_url(report)).content.decode()
    assert "returned for correction" in page and "approved" in page  # in the history
    assert f"{detail_url(report)}approve/" not in province.get(detail_url(report)).content.decode()


def test_bulk_approval_says_how_many_were_approved_and_why_the_others_were_not(
    form,
    squad,
    commune_a,
    commune_b,
    command_b,
    commune_a_staff,
    commune_b_staff,
    province_staff,
    as_user,
    last_month,
):
    done = submitted(commune_a_staff, form, commune_a, last_month, trained="1")
    other = submitted(commune_b_staff, form, commune_b, last_month, trained="0")
    client = as_user(province_staff)
    page = client.get("/reporting/reports/review/").content.decode()
    assert f'value="{done.pk}"' in page and f'value="{other.pk}"' in page
    # meanwhile a colleague returns B's report: it can no longer be approved
    services.do_return(actor=province_staff, submission=other, reason="Thiếu số liệu.")
    response = client.post(
        "/reporting/reports/review/", {"selected": [done.pk, other.pk]}, follow=True
    )
    page = response.content.decode()
    assert "1 report approved." in page
    assert "Phường Mường Thanh was not approved" in page and "not submitted" in page
    assert Submission.objects.get(pk=done.pk).state == "approved"
    assert Submission.objects.get(pk=other.pk).state == "returned"
    assert as_user(commune_a_staff).get("/reporting/reports/review/").status_code == 404


# --- scope and size ---------------------------------------------------------------------------
def test_another_commune_cannot_open_na_sons_return(
    form, squad, commune_a, commune_a_staff, commune_b_staff, command_b, as_user, last_month
):
    report = submitted(commune_a_staff, form, commune_a, last_month, trained="3")
    client = as_user(commune_b_staff)
    assert client.get(detail_url(report)).status_code == 404
    assert client.post(f"{detail_url(report)}return/", {"reason": "x"}).status_code == 404
    page = client.get("/reporting/reports/").content.decode()
    assert "Xã Na Son" not in page and "commune" not in re.findall(r'name="(\w+)"', page)
    # B's fill page for the same form and month is B's own, not started
    page = client.get(fill_url(form, last_month)).content.decode()
    assert "has not started this report" in page
    assert (
        as_user(commune_b_staff).get(f"/reporting/reports/?commune={commune_a.pk}").status_code
        == 200
    )


def test_the_returns_list_shows_timeliness_and_filters_in_a_few_queries(
    form,
    province,
    province_staff,
    commune_a,
    commune_a_staff,
    as_user,
    last_month,
    django_assert_max_num_queries,
):
    for n in range(6):
        commune = CommuneFactory(code=4000 + n, name=f"Xã Số {n}", province=province)
        CommandFactory(commune=commune)
        staff = UserFactory(
            username=f"staff{n}", role=Role.COMMUNE_STAFF, province=province, commune=commune
        )
        submitted(staff, form, commune, last_month, trained="0")

    def submitted_on(day, **lookup):
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
        Submission.objects.filter(**lookup).update(first_submitted_at=moment)

    due = last_month.due_on(form.due_days)
    submitted_on(due)  # the due date itself is on time
    submitted_on(due + datetime.timedelta(days=3), commune__name="Xã Số 0")
    client = as_user(province_staff)
    with django_assert_max_num_queries(10):
        page = client.get("/reporting/reports/").content.decode()
    rows = table(page)
    assert rows.count("Xã Số ") == 6 and "3 days late" in rows and "on time" in rows
    page = table(client.get("/reporting/reports/?timeliness=late").content.decode())
    assert "Xã Số 0" in page and "Xã Số 1" not in page
    page = client.get(
        f"/reporting/reports/?form={form.pk}&period_key={last_month.key}&state=submitted"
    ).content.decode()
    assert "Xã Số 5" in page


def test_a_forms_page_names_field_types_and_indicators_not_their_codes(form, province_staff):
    # issue 16, section 4: "number" and "militia.strength" are codes, not words
    from tests.conftest import client_for

    client = client_for(province_staff, "vi")
    version = form.versions.get(number=1)
    pages = [
        client.get(f"/reporting/forms/{form.pk}/").content.decode(),
        client.get(f"/reporting/forms/versions/{version.pk}/").content.decode(),
    ]

    for page in pages:
        text = re.sub(r"<[^>]+>", " ", page)
        assert "militia.strength" not in text
        assert not re.search(r"·\s*number\b|<td>\s*number\s*</td>", page)
    assert "Quân số dân quân" in pages[1] and "dân quân" in pages[0]
