"""The API of report forms, returns and the reporting rate: forms with their fields and rules;
a commune starts, saves and submits its return (bad period key, bad value and stale version
refused, naming what is wrong); the province returns, approves, approves many (one failure
does not stop the others); the rate per commune and per province; files sent with a draft
directive and with a receipt's completion. Scope: nothing of commune B reaches commune A."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from garrison.reporting.models import Submission
from garrison.reporting.returns import services
from tests.factories import (
    CommandFactory,
    CommuneFactory,
    monthly_form,
)

from .conftest import PDF, PNG, pdf_file, receipt_of

pytestmark = pytest.mark.django_db


def post(client, url, body=None):
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def put(client, url, body):
    return client.put(url, json.dumps(body), content_type="application/json")


def return_url(form, period) -> str:
    return f"/api/reporting/submissions/{form.pk}/{period.key}"


def submitted(user, form, commune, period, trained="2", patrols="5") -> Submission:
    report = services.do_start_submission(actor=user, form=form, commune=commune, period=period)
    report = services.do_save_submission(
        actor=user, submission=report, raw_values={"trained": trained, "patrols": patrols}
    )
    return services.do_submit(actor=user, submission=report)


# --- forms ----------------------------------------------------------------------------------------
def test_it_lists_the_forms_a_commune_returns_with_fields_and_rules(
    form, other_province, commune_a_staff, as_user
):
    ministry = monthly_form(None, code="BQP-01")
    monthly_form(other_province, code="BC-LC")  # another province's form: not listed
    retired = monthly_form(None, code="BQP-02")
    retired.active = False
    retired.save()
    client = as_user(commune_a_staff)
    listed = client.get("/api/reporting/forms").json()
    assert [f["code"] for f in listed["items"]] == ["BC-01", "BQP-01", "BQP-02"]
    assert listed["items"][1]["province_code"] is None
    in_use = client.get("/api/reporting/forms?active=true").json()
    assert [f["code"] for f in in_use["items"]] == ["BC-01", "BQP-01"]

    detail = client.get(f"/api/reporting/forms/{ministry.pk}").json()
    assert detail["current_version"] == 1 and detail["period_key_example"] == "2026-10"
    assert [f["key"] for f in detail["fields"]] == ["strength", "trained", "patrols", "situation"]
    strength = detail["fields"][0]
    assert strength["computed"] and strength["indicator"] == "militia.strength"
    assert strength["section"] == "I. Lực lượng" and strength["kind"] == "number"
    assert not detail["fields"][3]["required"]
    assert [(r["left"], r["op"], r["severity"]) for r in detail["rules"]] == [
        ("trained", "<=", "block"),
        ("patrols", ">=", "warn"),
    ]


def test_a_form_without_a_published_version_has_no_fields_yet(province, province_staff, as_user):
    draft = monthly_form(province, code="BC-09", publish=False)
    detail = as_user(province_staff).get(f"/api/reporting/forms/{draft.pk}").json()
    assert detail["current_version"] is None and detail["published_version"] is None
    assert detail["fields"] == [] and detail["rules"] == []


# --- a commune fills its return -------------------------------------------------------------------
def test_the_commune_starts_saves_and_submits_its_return(
    form, squad, commune_a, commune_a_staff, as_user, last_month, today
):
    client = as_user(commune_a_staff)
    started = put(client, return_url(form, last_month), {"values": {"trained": "2"}})
    assert started.status_code == 201, started.content
    report = started.json()
    assert report["state"] == "draft" and report["commune_code"] == commune_a.code
    assert report["values"] == {"strength": 3, "trained": 2, "patrols": None, "situation": None}
    assert report["sources"]["strength"]["indicator"] == "militia.strength"
    assert report["due_on"] == last_month.due_on(form.due_days).isoformat()
    assert set(report["problems"]) == {"patrols"}  # required: it blocks submission
    assert report["on_time"] is None

    # a field left out keeps its value; the note is kept; a warning rule only warns
    saved = put(
        client,
        return_url(form, last_month),
        {"values": {"patrols": 2}, "note": "Đã đối chiếu sổ", "version": report["version"]},
    )
    assert saved.status_code == 200, saved.content
    report = saved.json()
    assert (report["values"]["trained"], report["values"]["patrols"]) == (2, 2)
    assert report["note"] == "Đã đối chiếu sổ" and report["problems"] == {}
    assert report["warnings"] and "Tuần tra ít hơn 4 lần" in report["warnings"][0]

    done = post(
        client, f"/api/reporting/submissions/{report['id']}/submit", {"version": report["version"]}
    )
    assert done.status_code == 200, done.content
    report = done.json()
    assert report["state"] == "submitted"
    assert report["on_time"] is (today <= last_month.due_on(form.due_days))
    assert [h["action"] for h in report["history"]] == ["created", "saved", "saved", "submitted"]
    assert report["history"][0]["actor"] == "a_staff"
    # once submitted it can no longer be changed
    late_edit = put(client, return_url(form, last_month), {"values": {"patrols": 3}})
    assert late_edit.status_code == 400 and "can no longer be changed" in late_edit.json()["detail"]


def test_a_bad_period_key_names_period_key_with_an_example(form, commune_a_staff, as_user):
    response = put(
        as_user(commune_a_staff), f"/api/reporting/submissions/{form.pk}/2026-Q4", {"values": {}}
    )
    assert response.status_code == 422
    message = response.json()["errors"]["period_key"][0]
    assert "2026-Q4" in message and "2026-10" in message
    assert not Submission.objects.exists()


def test_a_value_that_does_not_fit_is_refused_naming_the_field_and_nothing_is_kept(
    form, squad, commune_a_staff, as_user, last_month
):
    client = as_user(commune_a_staff)
    response = put(client, return_url(form, last_month), {"values": {"trained": "mười"}})
    assert response.status_code == 422
    assert "“mười” is not a number" in response.json()["errors"]["trained"][0]
    assert not Submission.objects.exists()  # the return it would have started is not kept
    unknown = put(client, return_url(form, last_month), {"values": {"shoe_size": 42}})
    assert unknown.status_code == 422 and "shoe_size" in unknown.json()["errors"]["__all__"][0]


def test_a_stale_version_is_refused_with_409_and_the_current_version(
    form, squad, commune_a_staff, as_user, last_month
):
    client = as_user(commune_a_staff)
    first = put(client, return_url(form, last_month), {"values": {"trained": 1}}).json()
    put(client, return_url(form, last_month), {"values": {"trained": 2}})  # someone else
    stale = put(
        client,
        return_url(form, last_month),
        {"values": {"trained": 3}, "version": first["version"]},
    )
    assert stale.status_code == 409
    assert stale.json()["current_version"] == first["version"] + 1
    assert Submission.objects.get().values["trained"] == 2
    stale_submit = post(
        client, f"/api/reporting/submissions/{first['id']}/submit", {"version": first["version"]}
    )
    assert stale_submit.status_code == 409


def test_submission_is_refused_naming_every_missing_field_and_broken_rule(
    form, squad, commune_a_staff, as_user, last_month
):
    client = as_user(commune_a_staff)
    report = put(client, return_url(form, last_month), {"values": {"trained": 5}}).json()
    assert set(report["problems"]) == {"trained", "patrols"}
    refused = post(client, f"/api/reporting/submissions/{report['id']}/submit")
    assert refused.status_code == 400
    assert set(refused.json()["errors"]) == {"trained", "patrols"}
    assert "(5)" in refused.json()["errors"]["trained"][0]


def test_only_a_commune_fills_a_return(form, province_staff, as_user, last_month):
    response = put(as_user(province_staff), return_url(form, last_month), {"values": {}})
    assert response.status_code == 403


# --- the province decides -------------------------------------------------------------------------
def test_the_province_returns_then_approves_and_a_commune_cannot_approve(
    form, squad, commune_a, commune_a_staff, province_staff, as_user, last_month
):
    report = submitted(commune_a_staff, form, commune_a, last_month)
    commune = as_user(commune_a_staff)
    assert post(commune, f"/api/reporting/submissions/{report.pk}/approve").status_code == 403
    assert (
        post(commune, "/api/reporting/submissions/approve", {"ids": [report.pk]}).status_code == 403
    )

    province = as_user(province_staff)
    listed = province.get(f"/api/reporting/submissions?state=submitted&form={form.pk}").json()
    assert [r["id"] for r in listed["items"]] == [report.pk]
    no_reason = post(province, f"/api/reporting/submissions/{report.pk}/return", {"reason": " "})
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["errors"]
    returned = post(
        province, f"/api/reporting/submissions/{report.pk}/return", {"reason": "Sai số tuần tra"}
    )
    assert returned.status_code == 200
    assert returned.json()["state"] == "returned"
    assert returned.json()["return_reason"] == "Sai số tuần tra"
    # the commune corrects and submits again; the province approves
    put(commune, return_url(form, last_month), {"values": {"patrols": 6}})
    assert post(commune, f"/api/reporting/submissions/{report.pk}/submit").status_code == 200
    approved = post(province, f"/api/reporting/submissions/{report.pk}/approve")
    assert approved.status_code == 200 and approved.json()["state"] == "approved"
    again = post(province, f"/api/reporting/submissions/{report.pk}/approve")
    assert again.status_code == 400 and "not submitted" in again.json()["detail"]


def test_bulk_approval_says_which_failed_and_never_discloses_another_province(
    form,
    squad,
    commune_a,
    commune_b,
    command_b,
    commune_c,
    commune_a_staff,
    commune_b_staff,
    province_staff,
    as_user,
    last_month,
):
    done = submitted(commune_a_staff, form, commune_a, last_month, trained="1")
    draft = services.do_start_submission(
        actor=commune_b_staff, form=form, commune=commune_b, period=last_month
    )
    their_form = monthly_form(commune_c.province, code="BC-LC")
    elsewhere = Submission.objects.create(  # a return of another province's commune
        form=their_form,
        form_version=their_form.current_version(),
        commune=commune_c,
        period_key=last_month.key,
        period_start=last_month.start,
        period_end=last_month.end,
        due_on=last_month.due_on(5),
        state="submitted",
    )
    response = post(
        as_user(province_staff),
        "/api/reporting/submissions/approve",
        {"ids": [done.pk, draft.pk, elsewhere.pk, 999999]},
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["approved"] == [done.pk]
    assert [f["id"] for f in data["failed"]] == [draft.pk, elsewhere.pk, 999999]
    assert "not submitted" in data["failed"][0]["reason"]
    assert data["failed"][1]["reason"] == data["failed"][2]["reason"] == "not found"
    assert Submission.objects.get(pk=elsewhere.pk).state == "submitted"
    assert Submission.objects.get(pk=done.pk).state == "approved"


# --- scope ----------------------------------------------------------------------------------------
def test_commune_b_cannot_read_or_change_commune_a_s_return(
    form, squad, commune_a, commune_a_staff, commune_b_staff, command_b, as_user, last_month
):
    report = services.do_start_submission(
        actor=commune_a_staff, form=form, commune=commune_a, period=last_month
    )
    client = as_user(commune_b_staff)
    assert client.get(f"/api/reporting/submissions/{report.pk}").status_code == 404
    assert post(client, f"/api/reporting/submissions/{report.pk}/submit").status_code == 404
    assert client.get("/api/reporting/submissions").json()["count"] == 0
    # B's own PUT makes B's return, never touches A's
    mine = put(client, return_url(form, last_month), {"values": {"trained": 0}})
    assert mine.status_code == 201 and mine.json()["id"] != report.pk
    report.refresh_from_db()
    assert report.values.get("trained") is None


def test_a_ministry_viewer_reads_but_cannot_decide(
    form, squad, commune_a, commune_a_staff, ministry_viewer, as_user, last_month
):
    report = submitted(commune_a_staff, form, commune_a, last_month)
    client = as_user(ministry_viewer)
    assert client.get(f"/api/reporting/submissions/{report.pk}").status_code == 200
    assert post(client, f"/api/reporting/submissions/{report.pk}/approve").status_code == 403


# --- the reporting rate ---------------------------------------------------------------------------
def test_the_rate_per_commune_for_the_province_and_per_province_for_the_nation(
    form,
    squad,
    province,
    commune_a,
    commune_b,
    command_b,
    commune_a_staff,
    province_staff,
    ministry_viewer,
    as_user,
    last_month,
):
    newcomer = CommuneFactory(code=3321, name="Xã Mới", province=province)
    CommandFactory(commune=newcomer, established_on=last_month.end + datetime.timedelta(days=1))
    report = submitted(commune_a_staff, form, commune_a, last_month)
    on_due_day = datetime.datetime.combine(last_month.due_on(form.due_days), datetime.time(9))
    Submission.objects.filter(pk=report.pk).update(
        first_submitted_at=timezone.make_aware(on_due_day)  # the due date is still on time
    )
    query = f"/api/reporting/rates?form={form.pk}&period={last_month.key}"

    data = as_user(province_staff).get(query).json()
    assert data["grouping"] == "commune" and data["period"]["key"] == last_month.key
    rows = {r["name"]: r for r in data["rows"]}
    assert rows["Xã Na Son"]["status"] == "on_time"
    assert rows["Xã Na Son"]["submission_id"] == report.pk
    assert rows["Xã Mới"]["status"] == "not_expected" and rows["Xã Mới"]["expected"] == 0
    total = data["total"]
    assert (total["expected"], total["made"], total["on_time"]) == (2, 1, 1)
    assert total["missing"] + total["not_yet_due"] == 1 and total["rate"] == 50.0

    nation = as_user(ministry_viewer).get(query).json()
    assert nation["grouping"] == "province"
    assert [(r["code"], r["made"], r["expected"]) for r in nation["rows"]] == [(11, 1, 2)]
    drill = as_user(ministry_viewer).get(query + f"&province={province.code}").json()
    assert drill["grouping"] == "commune" and len(drill["rows"]) == 3

    own = as_user(commune_a_staff).get(query).json()
    assert [r["code"] for r in own["rows"]] == [commune_a.code]


def test_the_rate_refuses_a_bad_period_or_form_naming_it(
    form, other_province, province_staff, as_user, today
):
    client = as_user(province_staff)
    bad = client.get(f"/api/reporting/rates?form={form.pk}&period=tháng-10")
    assert bad.status_code == 422 and "2026-10" in bad.json()["errors"]["period"][0]
    elsewhere = monthly_form(other_province, code="BC-LC")
    hidden = client.get(f"/api/reporting/rates?form={elsewhere.pk}")
    assert hidden.status_code == 422 and "form" in hidden.json()["errors"]
    default = client.get("/api/reporting/rates").json()  # the first form in use, last period
    assert default["form"]["id"] == form.pk
    assert datetime.date.fromisoformat(default["period"]["end"]) < today


# --- files ----------------------------------------------------------------------------------------
def test_files_are_attached_to_a_draft_directive_and_a_bad_one_says_why(
    draft, province_staff, commune_a_staff, as_user
):
    client = as_user(province_staff)
    url = f"/api/reporting/directives/{draft.pk}/attachments"
    good = client.post(url, {"files": [pdf_file(), SimpleUploadedFile("so-do.png", PNG)]})
    assert good.status_code == 200, good.content
    assert sorted(f["name"] for f in good.json()["files"]) == ["ke-hoach.pdf", "so-do.png"]
    fake = client.post(url, {"files": [SimpleUploadedFile("virus.pdf", b"MZ\x90\x00" * 8)]})
    assert fake.status_code == 422
    assert "virus.pdf" in fake.json()["errors"]["files"][0]
    exe = client.post(url, {"files": [SimpleUploadedFile("tool.exe", b"MZ\x90\x00" * 8)]})
    assert exe.status_code == 422 and "only PDF" in exe.json()["errors"]["files"][0]
    none = client.post(url, {})
    assert none.status_code == 422 and "files" in none.json()["errors"]
    assert draft.attachments.count() == 2
    assert as_user(commune_a_staff).post(url, {"files": [pdf_file()]}).status_code == 404


def test_a_sent_directive_takes_no_more_files(sent, province_staff, as_user):
    response = as_user(province_staff).post(
        f"/api/reporting/directives/{sent.pk}/attachments", {"files": [pdf_file()]}
    )
    assert response.status_code == 400 and "amendment" in response.json()["detail"]


def test_the_commune_reports_completion_with_files(
    sent, commune_a, commune_b, commune_a_staff, as_user
):
    client = as_user(commune_a_staff)
    receipt = receipt_of(sent, commune_a)
    url = f"/api/reporting/receipts/{receipt.pk}/complete-with-files"
    bad = client.post(
        url, {"account": "Đã xong", "files": [SimpleUploadedFile("bao-cao.pdf", PNG)]}
    )
    assert bad.status_code == 422 and "not really a PDF" in bad.json()["errors"]["files"][0]
    no_account = client.post(url, {"files": [pdf_file()]})
    assert no_account.status_code == 400 and "account" in no_account.json()["errors"]
    receipt.refresh_from_db()
    assert receipt.completed_at is None and not receipt.attachments.exists()

    done = client.post(url, {"account": "Đã xong", "files": [pdf_file("bien-ban.pdf")]})
    assert done.status_code == 200, done.content
    assert done.json()["state"] == "completed"
    assert [f["name"] for f in done.json()["files"]] == ["bien-ban.pdf"]
    other = receipt_of(sent, commune_b)
    response = client.post(
        f"/api/reporting/receipts/{other.pk}/complete-with-files",
        {"account": "x", "files": [SimpleUploadedFile("a.pdf", PDF)]},
    )
    assert response.status_code == 404


def test_the_lists_and_the_rate_take_a_fixed_number_of_queries(
    form,
    squad,
    province,
    commune_a,
    commune_b,
    command_b,
    commune_a_staff,
    commune_b_staff,
    province_staff,
    as_user,
    last_month,
    django_assert_max_num_queries,
):
    for i in range(3):
        extra = CommuneFactory(code=3330 + i, name=f"Xã Thêm {i}", province=province)
        CommandFactory(commune=extra)
    submitted(commune_a_staff, form, commune_a, last_month)
    services.do_start_submission(
        actor=commune_b_staff, form=form, commune=commune_b, period=last_month
    )
    client = as_user(province_staff)
    # the session and user, then the count and the page: whatever the number of rows
    with django_assert_max_num_queries(4):
        assert client.get("/api/reporting/submissions").json()["count"] == 2
    with django_assert_max_num_queries(4):
        assert client.get("/api/reporting/forms").json()["count"] == 1
    # the form, the expected communes, the returns made, each commune's state
    with django_assert_max_num_queries(6):
        rows = client.get(f"/api/reporting/rates?form={form.pk}&period={last_month.key}")
        assert len(rows.json()["rows"]) == 5
