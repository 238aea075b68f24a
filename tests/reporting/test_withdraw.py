"""A commune withdraws a report it submitted while the province has not decided on it: the
report is a draft again (editable), the province's review page no longer lists it, the history
and the audit trail record it; once approved it can no longer be withdrawn. Page, service and
API alike. The day is pinned."""

from __future__ import annotations

import datetime
import json

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError

from garrison.core.models import Notification
from garrison.reporting.models import Submission
from garrison.reporting.returns import periods, services
from tests.clock import move_clock
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 10, 15)


@pytest.fixture
def submitted(monkeypatch, form, squad, commune_a, commune_a_staff, province_staff):
    move_clock(monkeypatch, DAY)
    period = periods.previous(periods.period_containing("month", DAY))
    report = services.do_start_submission(
        actor=commune_a_staff, form=form, commune=commune_a, period=period
    )
    report = services.do_save_submission(
        actor=commune_a_staff, submission=report, raw_values={"trained": "2", "patrols": "5"}
    )
    return services.do_submit(actor=commune_a_staff, submission=report)


def test_the_commune_withdraws_from_the_report_page(submitted, commune_a_staff, province_staff):
    province = client_for(province_staff)
    assert (
        f"/reporting/reports/{submitted.pk}/"
        in province.get("/reporting/reports/review/").content.decode()
    )
    client = client_for(commune_a_staff)
    page = client.get(f"/reporting/reports/{submitted.pk}/").content.decode()
    assert 'data-testid="action-withdraw"' in page
    response = client.post(
        f"/reporting/reports/{submitted.pk}/withdraw/", {"reason": "Sai số buổi tuần tra"}
    )
    assert response.status_code == 302
    report = Submission.objects.get(pk=submitted.pk)
    assert report.state == "draft" and report.editable_by_commune
    assert report.first_submitted_at is None
    assert report.events.order_by("-at", "-pk").first().note == "Sai số buổi tuần tra"
    assert LogEntry.objects.get_for_object(report).exists()
    # the province no longer sees it waiting, and is told
    assert (
        f"/reporting/reports/{submitted.pk}/"
        not in province.get("/reporting/reports/review/").content.decode()
    )
    told = Notification.objects.filter(user=province_staff, url=f"/reporting/reports/{report.pk}/")
    assert told.count() == 2  # submitted, then withdrawn
    # editable again: saved and submitted anew
    services.do_save_submission(
        actor=commune_a_staff, submission=report, raw_values={"trained": "2", "patrols": "6"}
    )
    assert services.do_submit(actor=commune_a_staff, submission=report).state == "submitted"


def test_an_approved_report_cannot_be_withdrawn(submitted, commune_a_staff, province_staff):
    services.do_approve(actor=province_staff, submission=submitted)
    with pytest.raises(ValidationError, match="approved"):
        services.do_withdraw_submission(actor=commune_a_staff, submission=submitted)
    page = client_for(commune_a_staff).get(f"/reporting/reports/{submitted.pk}/")
    assert 'data-testid="action-withdraw"' not in page.content.decode()
    assert Submission.objects.get(pk=submitted.pk).state == "approved"


def test_only_the_commune_withdraws(submitted, province_staff, commune_b_staff):
    with pytest.raises(PermissionDenied):
        services.do_withdraw_submission(actor=province_staff, submission=submitted)
    response = client_for(commune_b_staff).post(
        f"/api/reporting/submissions/{submitted.pk}/withdraw", "{}", "application/json"
    )
    assert response.status_code == 404
    assert Submission.objects.get(pk=submitted.pk).state == "submitted"


def test_the_api_withdraws(submitted, commune_a_staff):
    response = client_for(commune_a_staff).post(
        f"/api/reporting/submissions/{submitted.pk}/withdraw",
        json.dumps({"reason": "Sửa lại"}),
        "application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "draft"
    again = client_for(commune_a_staff).post(
        f"/api/reporting/submissions/{submitted.pk}/withdraw", "{}", "application/json"
    )
    assert again.status_code == 400
