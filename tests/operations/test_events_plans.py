"""Readiness plans: a commune files its plan for an event that reaches it (forces on standby
from its own registers), submits it; the province returns it with a reason or approves it, many
at once (each failure named with its commune and reason); a plan starts from the previous one;
printed as PDF; the same through the API."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from garrison.operations.events import services
from garrison.operations.events.models import ReadinessPlan
from tests.clock import move_clock
from tests.conftest import client_for
from tests.factories import (
    AssignmentFactory,
    CommandFactory,
    MilitiaMemberFactory,
    MilitiaUnitFactory,
    ReadinessEventFactory,
    ReadinessPlanFactory,
)

DAY = datetime.date(2026, 1, 20)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    move_clock(monkeypatch, DAY)


@pytest.fixture
def event(province_staff, commune_a, commune_b):
    event = ReadinessEventFactory(province=commune_a.province, name="Tết Bính Ngọ 2026")
    services.do_declare_event(actor=province_staff, event=event)
    return event


def _plan(actor, event, **fields):
    plan = ReadinessPlan(
        event=event,
        commune_id=actor.commune_id,
        province_id=actor.province_id,
        key_places=fields.pop("key_places", "Trụ sở UBND xã; cầu treo bản Na Son"),
        **fields,
    )
    return plan


@pytest.mark.django_db
def test_a_plan_goes_draft_submitted_returned_and_approved(event, commune_a_staff, province_staff):
    plan = services.do_create_plan(actor=commune_a_staff, plan=_plan(commune_a_staff, event))
    assert plan.status == "draft"
    services.do_submit_plan(actor=commune_a_staff, plan=plan)
    plan.refresh_from_db()
    assert plan.status == "submitted" and plan.submitted_at is not None
    with pytest.raises(ValidationError) as exc:
        services.do_return_plan(actor=province_staff, plan=plan, reason="  ")
    assert "reason" in exc.value.message_dict
    services.do_return_plan(actor=province_staff, plan=plan, reason="Thiếu số điện thoại trực")
    plan.refresh_from_db()
    assert (plan.status, plan.return_reason) == ("returned", "Thiếu số điện thoại trực")
    # the commune corrects it and submits it again
    plan.contacts = "Trực ban: 0215 3826 123"
    services.do_update_plan(actor=commune_a_staff, plan=plan, expected_version=plan.version)
    services.do_submit_plan(actor=commune_a_staff, plan=plan)
    services.do_approve_plan(actor=province_staff, plan=plan)
    plan.refresh_from_db()
    assert plan.status == "approved" and plan.decided_by == province_staff
    assert plan.return_reason == ""


@pytest.mark.django_db
def test_who_may_not_do_what_with_a_plan(event, commune_a_staff, province_staff, ministry_viewer):
    plan = services.do_create_plan(actor=commune_a_staff, plan=_plan(commune_a_staff, event))
    with translation.override("en"):
        with pytest.raises(ValidationError, match="not submitted"):
            services.do_approve_plan(actor=province_staff, plan=plan)
        with pytest.raises(PermissionDenied):
            services.do_submit_plan(actor=province_staff, plan=plan)
        services.do_submit_plan(actor=commune_a_staff, plan=plan)
        with pytest.raises(PermissionDenied):
            services.do_approve_plan(actor=commune_a_staff, plan=plan)
        with pytest.raises(PermissionDenied):
            services.do_approve_plan(actor=ministry_viewer, plan=plan)
        with pytest.raises(ValidationError, match="can no longer be changed"):
            services.do_update_plan(actor=commune_a_staff, plan=plan, expected_version=None)
    client = client_for(commune_a_staff)
    assert client.get(f"/operations/plans/{plan.pk}/edit/").status_code == 302  # frozen


@pytest.mark.django_db
def test_a_plan_needs_an_event_reaching_the_commune_and_only_one(
    province_staff, commune_a, commune_b, commune_a_staff
):
    elsewhere = ReadinessEventFactory(province=commune_a.province, reach="chosen")
    elsewhere.chosen_communes.set([commune_b])
    services.do_declare_event(actor=province_staff, event=elsewhere)
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.do_create_plan(actor=commune_a_staff, plan=_plan(commune_a_staff, elsewhere))
    assert "does not concern your commune" in str(exc.value.message_dict["event"])
    mine = ReadinessEventFactory(province=commune_a.province)
    services.do_declare_event(actor=province_staff, event=mine)
    services.do_create_plan(actor=commune_a_staff, plan=_plan(commune_a_staff, mine))
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.do_create_plan(actor=commune_a_staff, plan=_plan(commune_a_staff, mine))
    assert "already has a plan" in str(exc.value.message_dict["event"])


@pytest.mark.django_db
def test_standby_forces_come_from_the_communes_own_registers(
    event, commune_a, commune_b, commune_a_staff
):
    own = MilitiaMemberFactory(unit__commune=commune_a)
    other = MilitiaMemberFactory(unit__commune=commune_b)
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.do_create_plan(
            actor=commune_a_staff,
            plan=_plan(commune_a_staff, event),
            standby_members=[own, other],
        )
    assert "not militia members of your commune" in str(exc.value.message_dict)
    # the add page offers nothing of commune B: a choice of B's member is refused
    client = client_for(commune_a_staff)
    response = client.post(
        "/operations/plans/add/",
        {"event": event.pk, "standby_members": [other.pk], "key_places": "x"},
    )
    assert response.status_code == 400
    response = client.post(
        "/operations/plans/add/",
        {
            "event": event.pk,
            "standby_members": [own.pk],
            "standby_units": [own.unit_id],
            "key_places": "Trụ sở",
            "document": SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4 signed"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    plan = ReadinessPlan.objects.get(event=event, commune=commune_a)
    assert list(plan.standby_members.all()) == [own]
    assert plan.document.name.endswith(".pdf")
    assert client.get(f"/operations/plans/{plan.pk}/document/").status_code == 200
    assert client_for_b(commune_b).get(f"/operations/plans/{plan.pk}/document/").status_code == 404


def client_for_b(commune_b):
    from tests.factories import UserFactory

    return client_for(
        UserFactory(
            username="b2", role="commune_staff", commune=commune_b, province=commune_b.province
        )
    )


@pytest.mark.django_db
def test_a_signed_document_that_is_not_what_it_says_is_refused(event, commune_a_staff):
    response = client_for(commune_a_staff).post(
        "/operations/plans/add/",
        {
            "event": event.pk,
            "key_places": "x",
            "document": SimpleUploadedFile("ke-hoach.pdf", b"MZ not a pdf"),
        },
    )
    assert response.status_code == 400
    assert "is not really a PDF file" in response.content.decode()


@pytest.mark.django_db
def test_a_plan_starts_from_the_previous_plan(province_staff, commune_a, commune_a_staff):
    command = CommandFactory(commune=commune_a)
    staying = AssignmentFactory(command=command)
    gone = AssignmentFactory(
        command=command, position="deputy_commander", end_date=datetime.date(2026, 1, 16)
    )
    unit = MilitiaUnitFactory(commune=commune_a)
    serving = MilitiaMemberFactory(unit=unit)
    left = MilitiaMemberFactory(unit=unit)
    old = ReadinessEventFactory(province=commune_a.province, name="Tết Ất Tỵ 2025")
    services.do_declare_event(actor=province_staff, event=old)
    before = services.do_create_plan(
        actor=commune_a_staff,
        plan=_plan(commune_a_staff, old, contacts="Trực ban 0215 111", content="Nội dung cũ"),
        standby_units=[unit],
        standby_members=[serving, left],
        standby_staff=[staying, gone],
    )
    left.status = "ended"
    left.ended_on = datetime.date(2026, 1, 10)
    left.save()
    new = ReadinessEventFactory(province=commune_a.province, previous=old)
    services.do_declare_event(actor=province_staff, event=new)
    page = client_for(commune_a_staff).get(f"/operations/events/{new.pk}/").content.decode()
    assert "start_from_previous=on" in page
    response = client_for(commune_a_staff).post(
        "/operations/plans/add/", {"event": new.pk, "start_from_previous": "on"}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    plan = ReadinessPlan.objects.get(event=new, commune=commune_a)
    assert plan.copied_from == before
    assert (plan.contacts, plan.content) == ("Trực ban 0215 111", "Nội dung cũ")
    assert list(plan.standby_units.all()) == [unit]
    assert list(plan.standby_members.all()) == [serving]  # no longer serving: left out
    assert list(plan.standby_staff.all()) == [staying]  # no longer in post: left out


@pytest.mark.django_db
def test_starting_from_a_previous_plan_that_does_not_exist_is_refused(event, commune_a_staff):
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.do_create_plan(
            actor=commune_a_staff, plan=_plan(commune_a_staff, event), start_from_previous=True
        )
    assert "no plan for the previous similar event" in str(exc.value.message_dict)


@pytest.mark.django_db
def test_bulk_approval_approves_what_it_can_and_names_the_others(
    event, commune_a, commune_b, commune_c, province_staff
):
    submitted = ReadinessPlanFactory(event=event, commune=commune_a, status="submitted")
    draft = ReadinessPlanFactory(event=event, commune=commune_b, status="draft")
    foreign_event = ReadinessEventFactory(province=commune_c.province, status="declared")
    foreign = ReadinessPlanFactory(event=foreign_event, commune=commune_c, status="submitted")
    client = client_for(province_staff)
    response = client.post(
        "/api/operations/plans/approve-many",
        json.dumps({"ids": [submitted.pk, draft.pk, foreign.pk]}),
        content_type="application/json",
    )
    assert response.status_code == 200
    data = response.json()
    assert data["approved"] == [submitted.pk]
    failed = {row["id"]: row for row in data["failed"]}
    assert failed[draft.pk]["commune"] == commune_b.name
    assert "not submitted" in failed[draft.pk]["reason"]
    assert failed[foreign.pk]["reason"] == "not found"
    foreign.refresh_from_db()
    assert foreign.status == "submitted"


@pytest.mark.django_db
def test_bulk_approval_page_reports_each_failure(event, commune_a, commune_b, province_staff):
    submitted = ReadinessPlanFactory(event=event, commune=commune_a, status="submitted")
    returned = ReadinessPlanFactory(event=event, commune=commune_b, status="returned")
    client = client_for(province_staff)
    page = client.get("/operations/plans/review/").content.decode()
    assert commune_a.name in page and commune_b.name not in page
    response = client.post(
        "/operations/plans/review/", {"selected": [submitted.pk, returned.pk]}, follow=True
    )
    body = response.content.decode()
    assert "1 plan approved." in body
    assert f"{commune_b.name} (Tết Bính Ngọ 2026) was not approved" in body
    submitted.refresh_from_db()
    assert submitted.status == "approved"


@pytest.mark.django_db
def test_only_the_province_opens_the_approval_page(commune_a_staff, ministry_viewer, event):
    assert client_for(commune_a_staff).get("/operations/plans/review/").status_code == 404
    assert client_for(ministry_viewer).get("/operations/plans/review/").status_code == 404


@pytest.mark.django_db
def test_the_plan_prints_as_pdf(event, commune_a_staff, commune_b_staff):
    plan = services.do_create_plan(actor=commune_a_staff, plan=_plan(commune_a_staff, event))
    response = client_for(commune_a_staff).get(f"/operations/plans/{plan.pk}/pdf/")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert client_for(commune_b_staff).get(f"/operations/plans/{plan.pk}/pdf/").status_code == 404
    context = services.plan_pdf_context(plan)
    assert context["issuer"] == "Ban Chỉ huy Quân sự xã Na Son"


@pytest.mark.django_db
def test_the_plan_list_exports_to_excel(event, commune_a, province_staff):
    ReadinessPlanFactory(event=event, commune=commune_a, status="submitted")
    from garrison.core.models import ExportJob

    response = client_for(province_staff).get("/operations/plans/export/?format=xlsx")
    assert response.status_code == 302 and response.url.startswith("/exports/")
    from garrison.core.exporting import run_export

    job = run_export(ExportJob.objects.get(config_name="operations.plan").pk)
    assert job.status == "done" and job.processed_rows == 1


@pytest.mark.django_db
def test_the_api_creates_declares_submits_and_approves(
    commune_a, commune_b, province_staff, commune_a_staff
):
    province = client_for(province_staff)
    response = province.post(
        "/api/operations/events",
        json.dumps(
            {
                "name": "Bầu cử HĐND 2026",
                "kind": "election",
                "starts_on": "2026-03-01",
                "ends_on": "2026-03-20",
                "level": "high",
                "reach": "chosen",
                "chosen_communes_codes": [commune_a.code],
                "plan_due_on": "2026-02-20",
                "patrols_per_week": 2,
                "duty_strength": 5,
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    event_id = response.json()["id"]
    response = province.post(f"/api/operations/events/{event_id}/declare")
    assert response.status_code == 200 and response.json()["status"] == "declared"
    commune = client_for(commune_a_staff)
    response = commune.post(
        "/api/operations/plans",
        json.dumps({"event_id": event_id, "key_places": "Điểm bỏ phiếu số 1"}),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    plan_id = response.json()["id"]
    again = commune.post(
        "/api/operations/plans",
        json.dumps({"event_id": event_id, "key_places": "x"}),
        content_type="application/json",
    )
    assert again.status_code == 400
    response = commune.post(f"/api/operations/plans/{plan_id}/submit")
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    response = province.post(
        f"/api/operations/plans/{plan_id}/return",
        json.dumps({"reason": ""}),
        content_type="application/json",
    )
    assert response.status_code == 400 and "reason" in response.json()["errors"]
    response = province.post(f"/api/operations/plans/{plan_id}/approve")
    assert response.status_code == 200 and response.json()["status"] == "approved"
    rows = province.get(f"/api/operations/event-communes?event={event_id}&plan=approved")
    assert rows.json()["count"] == 1
