"""A 2027 campaign in province 11 with a young man registered in commune A and one in B."""

from __future__ import annotations

import datetime

import pytest

from garrison.conscription import services
from tests.factories import CampaignFactory, PersonFactory, ServiceRecordFactory


@pytest.fixture
def campaign(province):
    return CampaignFactory(province=province)


@pytest.fixture
def record_a(commune_a):
    return ServiceRecordFactory(
        person=PersonFactory(
            residence_commune=commune_a,
            full_name="Lò Văn Định",
            date_of_birth=datetime.date(2005, 6, 1),
        )
    )


@pytest.fixture
def record_b(commune_b):
    return ServiceRecordFactory(person=PersonFactory(residence_commune=commune_b))


@pytest.fixture
def candidate_a(campaign, record_a, province_staff):
    services.do_build_pool(actor=province_staff, campaign=campaign)
    return record_a.candidacies.get(campaign=campaign)
