"""The military-service pages, as each persona sees them."""

from __future__ import annotations

import datetime

import pytest

from garrison.conscription import services
from tests.conftest import client_for
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_a_persons_page_shows_the_service_outcome_and_its_grounds(record_a, commune_a_staff):
    record_a.study_level = "university"
    record_a.study_status = "studying"
    record_a.study_mode = "regular"
    record_a.course_end = datetime.date(2099, 6, 30)
    record_a.save()
    page = client_for(commune_a_staff).get(f"/people/{record_a.person_id}/")
    text = page.content.decode()
    assert 'data-testid="service-panel"' in text
    assert "NVQS 41.1.g" in text


def test_the_commune_sees_who_must_register_and_registers_them(commune_a, commune_a_staff):
    due = PersonFactory(residence_commune=commune_a, date_of_birth=datetime.date(2009, 8, 8))
    client = client_for(commune_a_staff)
    page = client.get("/conscription/registration/due/?year=2026")
    assert due.full_name in page.content.decode()
    response = client.post(
        "/conscription/registration/due/?year=2026",
        {"person": [due.pk], "registered_on": "10/04/2026"},
    )
    assert response.status_code == 302
    assert (
        due.full_name
        not in client.get("/conscription/registration/due/?year=2026").content.decode()
    )
    bad = client.post(
        "/conscription/registration/due/?year=2026",
        {"person": [due.pk], "registered_on": "2026-04-10"},
        follow=True,
    )
    assert "dd/mm/yyyy" in bad.content.decode()


def test_the_province_sees_quota_fulfilment_and_outcomes_by_ground(
    campaign, record_a, province_staff, commune_a, commune_b
):
    services.do_build_pool(actor=province_staff, campaign=campaign)
    services.do_set_commune_quotas(
        actor=province_staff, campaign=campaign, quotas={commune_a.pk: 4, commune_b.pk: 6}
    )
    text = client_for(province_staff).get(f"/conscription/campaigns/{campaign.pk}/").content
    text = text.decode()
    assert 'data-testid="quota-rollup"' in text and commune_a.name in text
    assert 'data-testid="outcomes"' in text and "NVQS 30" in text


def test_a_quota_form_that_does_not_add_up_keeps_the_figures(
    campaign, province_staff, commune_a, commune_b
):
    client = client_for(province_staff)
    url = f"/conscription/campaigns/{campaign.pk}/quotas/"
    response = client.post(url, {f"c{commune_a.pk}": "7", f"c{commune_b.pk}": "7"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "take 4 off" in text and 'value="7"' in text


def test_the_commune_enlistment_page_shows_deadlines_and_pending_work(candidate_a, commune_a_staff):
    from garrison.conscription.models import CommuneQuota

    row = CommuneQuota.objects.get(campaign=candidate_a.campaign, commune=candidate_a.commune)
    text = client_for(commune_a_staff).get(f"/conscription/communes/{row.pk}/").content.decode()
    assert 'data-testid="deadlines"' in text and 'data-testid="pending"' in text


def test_a_commune_member_cannot_set_quotas(campaign, commune_a_staff):
    response = client_for(commune_a_staff).get(f"/conscription/campaigns/{campaign.pk}/quotas/")
    assert response.status_code == 404


def test_editing_a_record_writes_history_and_refreshes_the_pool(candidate_a, commune_a_staff):
    """A supplementary registration (NVQS 17.1): the campaign outcome follows the new facts."""
    from garrison.conscription.models import RecordEvent

    record = candidate_a.record
    client = client_for(commune_a_staff)
    form = client.get(f"/conscription/records/{record.pk}/edit/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, bool)}
    data.update({name: "on" for name, v in form.initial.items() if v is True})
    data.update(
        {
            "version": record.version,
            "registered_on": "15/04/2022",
            "study_level": "university",
            "study_mode": "regular",
            "study_status": "studying",
            "course_end": "30/06/2029",
            "was_deferred_for_study": "on",
        }
    )
    response = client.post(f"/conscription/records/{record.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    candidate_a.refresh_from_db()
    assert candidate_a.outcome == "deferred" and candidate_a.grounds == ["NVQS 41.1.g"]
    assert record.events.filter(kind=RecordEvent.Kind.UPDATED).exists()


def test_the_province_home_shows_the_campaign_or_offers_to_open_one(
    province_staff, province, commune_a
):
    client = client_for(province_staff)
    text = client.get("/").content.decode()
    assert "/conscription/campaigns/add/" in text
    from django.utils import timezone

    from tests.factories import CampaignFactory

    campaign = CampaignFactory(province=province, year=timezone.localdate().year + 1)
    text = client.get("/").content.decode()
    assert f"/conscription/campaigns/{campaign.pk}/" in text
