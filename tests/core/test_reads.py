"""Who read whose personal data (issue 15, finding 6): the province sees every opened record,
listed page and export of its people's data — by its communes, by itself and by the nation —
filtered by who, what, register, person and day; another province and the communes do not."""

from __future__ import annotations

import pytest

from garrison.accounts.rules import Role
from tests.conftest import _user, client_for
from tests.factories import PersonFactory, ServiceRecordFactory

pytestmark = pytest.mark.django_db

READS = "/audit/reads/"


@pytest.fixture
def reads(commune_a_staff, person_a, ministry_viewer):
    """Commune A lists its people and opens one; the API lists them; the ministry exports."""
    staff = client_for(commune_a_staff)
    assert staff.get("/people/").status_code == 200
    assert staff.get(f"/people/{person_a.pk}/").status_code == 200
    assert staff.get("/api/people?limit=5").status_code == 200
    assert client_for(ministry_viewer).get("/people/export/?format=csv").status_code == 200
    return person_a


def table(response) -> str:
    html = response.content.decode()
    return html[html.index('data-testid="reads"') :]


def test_the_province_sees_who_read_its_peoples_data(reads, province_staff, commune_a_staff):
    page = client_for(province_staff).get(READS)
    assert page.status_code == 200
    rows = table(page)
    assert rows.count("(a_staff)") == 3  # the list page, the opened record, the API list
    assert "opened" in rows and "listed" in rows and "exported" in rows
    assert reads.full_name in rows  # the record opened, by name


def test_a_person_filter_finds_every_read_that_showed_them(reads, province_staff, commune_a):
    other = PersonFactory(residence_commune=commune_a)
    page = client_for(province_staff).get(f"{READS}?person={reads.pk}")
    assert table(page).count("(a_staff)") == 3
    unseen = client_for(province_staff).get(f"{READS}?person={other.pk + 1000}")
    assert "No reads match these filters." in unseen.content.decode()


def test_reads_of_other_registers_name_the_person_they_are_about(
    commune_a_staff, province_staff, person_a
):
    record = ServiceRecordFactory(person=person_a, commune=person_a.residence_commune)
    client_for(commune_a_staff).get(f"/conscription/records/{record.pk}/")
    rows = table(client_for(province_staff).get(f"{READS}?person={person_a.pk}"))
    assert "opened" in rows and "(a_staff)" in rows


def test_the_person_page_links_to_who_read_it(reads, province_staff, commune_a_staff):
    page = client_for(province_staff).get(f"/people/{reads.pk}/").content.decode()
    assert f'href="{READS}?person={reads.pk}"' in page
    assert (
        'data-testid="who-read"'
        not in client_for(commune_a_staff).get(f"/people/{reads.pk}/").content.decode()
    )


def test_another_province_and_the_communes_do_not_see_them(reads, other_province):
    elsewhere = _user("other_prov", Role.PROVINCE_STAFF, province=other_province)
    rows = table(client_for(elsewhere).get(READS))
    assert "(a_staff)" not in rows
    # the ministry's export held only the first province's people: not this one's concern
    assert "exported" not in rows
    commune = _user("a_staff2", Role.COMMUNE_STAFF, commune=reads.residence_commune)
    assert client_for(commune).get(READS).status_code == 404
    assert "Reads" not in client_for(commune).get("/").content.decode().split("<main")[0]


def test_the_nation_sees_all(reads, ministry_viewer, province_inspector):
    assert table(client_for(ministry_viewer).get(READS)).count("(a_staff)") == 3
    assert table(client_for(province_inspector).get(READS)).count("(a_staff)") == 3


@pytest.mark.parametrize(
    "query, message",
    [
        ("since=05/03/2026&until=01/03/2026", "swap them"),
        ("since=31/02/2026", "Enter a valid date"),
        ("person=abc", "“abc” is not a number"),
        ("person=99999999999999999999", "less than or equal"),
        ("kind=delete", "Select a valid choice"),
    ],
)
def test_bad_filters_are_explained_not_a_server_error(reads, province_staff, query, message):
    page = client_for(province_staff).get(f"{READS}?{query}")
    assert page.status_code == 400
    assert message in page.content.decode()


def test_filters_narrow_the_reads(reads, province_staff):
    client = client_for(province_staff)
    only_lists = table(client.get(f"{READS}?kind=list&who=a_sta"))
    assert only_lists.count("(a_staff)") == 2 and "opened" not in only_lists
    by_day = table(client.get(f"{READS}?since=01/01/2000&until=31/12/2000"))
    assert "(a_staff)" not in by_day
