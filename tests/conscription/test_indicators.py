"""The military-service indicators (garrison/conscription/indicators.py): each figure as the
registers stood on the day it is asked about. Every day derives from one fixed date (DAY)."""

from __future__ import annotations

import datetime

import pytest

from garrison.conscription.models import Candidate, CommuneQuota
from garrison.core.indicators import get_indicator
from tests.factories import CampaignFactory, PersonFactory, ServiceRecordFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 12, 1)  # the 2027 campaign's examinations are under way
BEFORE = DAY - datetime.timedelta(days=61)  # 01/10/2026: the 2026 campaign is the latest


def figure(code: str, commune, on: datetime.date):
    return get_indicator(code).value(commune.pk, on)


@pytest.fixture
def campaigns(province, commune_a):
    """The 2026 campaign (quota 3 for commune A) and the 2027 one (quota 5), whose
    examinations begin on 01/11/2025 and 01/11/2026."""
    previous = CampaignFactory(
        province=province,
        year=2026,
        exam_start=datetime.date(2025, 11, 1),
        exam_end=datetime.date(2025, 12, 31),
        handover_date=datetime.date(2026, 2, 24),
    )
    current = CampaignFactory(province=province, year=2027)
    for campaign, quota in ((previous, 3), (current, 5)):
        CommuneQuota.objects.update_or_create(
            campaign=campaign, commune=commune_a, defaults={"quota": quota}
        )
    return previous, current


def test_the_quota_is_that_of_the_campaign_under_way_on_the_day(commune_a, campaigns):
    assert figure("enlistment.quota", commune_a, BEFORE) == 3
    assert figure("enlistment.quota", commune_a, DAY) == 5


def test_the_men_enlisted_are_those_of_the_campaign_under_way_on_the_day(commune_a, campaigns):
    previous, _current = campaigns
    for _ in range(2):
        record = ServiceRecordFactory(person=PersonFactory(residence_commune=commune_a))
        Candidate.objects.create(
            campaign=previous,
            record=record,
            person=record.person,
            commune=commune_a,
            outcome="eligible",
            selected=True,
            enlistment="reported",
        )
    assert figure("enlistment.enlisted", commune_a, BEFORE) == 2
    assert figure("enlistment.enlisted", commune_a, DAY) == 0


def test_it_counts_the_men_registered_by_the_day(commune_a):
    ServiceRecordFactory(
        person=PersonFactory(residence_commune=commune_a), registered_on=datetime.date(2022, 4, 15)
    )
    ServiceRecordFactory(person=PersonFactory(residence_commune=commune_a), registered_on=DAY)
    assert figure("service.registered", commune_a, BEFORE) == 1
    assert figure("service.registered", commune_a, DAY) == 2


def test_nobody_is_enlisted_before_the_hand_over_day(commune_a, campaigns):
    """As of a day of the examinations (before the hand-over), the men who reported on the
    hand-over day afterwards are not counted yet (issue 16, section 2)."""
    _previous, current = campaigns
    record = ServiceRecordFactory(person=PersonFactory(residence_commune=commune_a))
    Candidate.objects.create(
        campaign=current,
        record=record,
        person=record.person,
        commune=commune_a,
        outcome="eligible",
        selected=True,
        enlistment="reported",
    )
    assert figure("enlistment.enlisted", commune_a, DAY) == 0
    assert figure("enlistment.enlisted", commune_a, current.handover_date) == 1


def test_a_record_removed_after_the_day_still_counts_on_it(commune_a, commune_a_staff):
    from garrison.conscription.models import RecordEvent, ServiceRecord

    record = ServiceRecordFactory(person=PersonFactory(residence_commune=commune_a))
    ServiceRecord.objects.filter(pk=record.pk).update(status="removed")
    RecordEvent.objects.create(
        record=record, commune=commune_a, kind=RecordEvent.Kind.REMOVED, on=DAY
    )
    assert figure("service.registered", commune_a, BEFORE) == 1
    assert figure("service.registered", commune_a, DAY) == 0
