"""`garrison demo --no-serve`: the demonstration database a visitor signs in to."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from garrison.accounts.models import User
from garrison.commands.models import Assignment, MilitaryCommand, PredecessorUnit, Reorganisation
from garrison.commands.rules import Position
from garrison.core.scoping import COMMUNE, NATION, PROVINCE
from garrison.demo import dienbien
from garrison.people.models import ETHNIC_GROUPS, Person
from garrison.people.rules import check_citizen_id
from garrison.territory.models import Commune

pytestmark = pytest.mark.django_db


def run_demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", "--no-serve", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture(scope="module", autouse=True)
def demo_output(django_db_setup, django_db_blocker):
    """Prepare the demo once per module, inside a transaction rolled back at the end (tests
    run in savepoints within it), so no other test module sees the demo rows."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield run_demo()
        transaction.set_rollback(True)


def counts() -> dict[str, int]:
    return {
        "communes": Commune.objects.count(),
        "commands": MilitaryCommand.objects.count(),
        "people": Person.objects.count(),
        "assignments": Assignment.objects.count(),
        "reorganisations": Reorganisation.objects.count(),
        "predecessors": PredecessorUnit.objects.count(),
        "users": User.objects.count(),
    }


def dien_bien_commands():
    return MilitaryCommand.objects.filter(province__code=11, level="commune")


def test_output_shows_address_and_sign_ins(demo_output):
    assert "http://127.0.0.1:8000/" in demo_output
    for username in ("ministry", "dienbien", "dienbien_inspector", "nason", "muongthanh"):
        assert username in demo_output
    assert "demo" in demo_output


def test_every_commune_of_dien_bien_has_a_command_touched_by_the_reorganisation():
    assert dien_bien_commands().count() == 45
    strengthening = Reorganisation.objects.get(
        province__code=11, legal_basis="Nghị quyết 66.12/2026/NQ-CP"
    )
    assert strengthening.date == datetime.date(2026, 1, 14)
    assert strengthening.commands.count() == 45
    assert not dien_bien_commands().exclude(established_on=datetime.date(2026, 1, 14)).exists()
    merger = Reorganisation.objects.get(province__code=11, legal_basis__contains="1661")
    assert merger.date == datetime.date(2025, 7, 1)
    assert merger.predecessors.filter(commune__name="Xã Na Son").exists()


def test_na_son_and_muong_thanh_have_a_commander_who_holds_the_demo_account():
    for name, username in (("Xã Na Son", "nason"), ("Phường Mường Thanh", "muongthanh")):
        commander = Assignment.objects.current().get(
            commune__name=name, position=Position.COMMANDER
        )
        assert commander.person.sex == "male"
        assert 30 <= 2026 - commander.person.date_of_birth.year <= 45
        assert commander.start_date == datetime.date(2026, 1, 14)
        assert User.objects.get(username=username).full_name == commander.person.full_name


def test_the_gaps_a_province_must_fill():
    def without_commander(on: datetime.date) -> int:
        return dien_bien_commands().with_staffing(on).filter(has_commander=False).count()

    # three communes never had a Commander; a fourth lost its Commander on 31/10/2026
    assert without_commander(datetime.date(2026, 10, 1)) == 3
    assert without_commander(datetime.date(2026, 12, 1)) == 4
    commissars = Assignment.objects.current(datetime.date(2026, 12, 1)).filter(
        province__code=11, position=Position.POLITICAL_COMMISSAR
    )
    assert not commissars.filter(is_concurrent=False).exists()
    assert 38 <= commissars.count() < 45


def test_every_demo_citizen_id_is_valid_and_unique():
    people = list(Person.objects.filter(province__code=11))
    assert 4000 <= len(people) <= 6500  # residents, command holders, young men of service age
    assert len({p.citizen_id for p in people}) == len(people)
    for person in people:
        assert person.citizen_id.startswith("011")
        assert not check_citizen_id(
            person.citizen_id, sex=person.sex, date_of_birth=person.date_of_birth
        ), person
    assert {p.ethnicity for p in people} <= set(ETHNIC_GROUPS)
    assert {p.residence_commune.province_id for p in people[:50]} == {people[0].province_id}
    # the Vietnamese sort key is set although bulk_create bypasses Person.save()
    assert all(p.name_sort_key for p in people)


@pytest.mark.parametrize(
    ("username", "level", "place"),
    [
        ("ministry", NATION, None),
        ("dienbien", PROVINCE, "Điện Biên"),
        ("dienbien_inspector", PROVINCE, "Điện Biên"),
        ("nason", COMMUNE, "Xã Na Son"),
        ("muongthanh", COMMUNE, "Phường Mường Thanh"),
    ],
)
def test_demo_accounts_sign_in_with_their_scope(client, username, level, place):
    user = User.objects.get(username=username)
    assert user.scope.level == level
    assert user.full_name
    if level == PROVINCE:
        assert user.province.name == place and user.commune is None
    if level == COMMUNE:
        assert user.commune.name == place and user.scope.commune_id == user.commune_id
    if level == NATION:
        assert user.province is None and user.commune is None
    assert not user.scope.can_write or username in {"dienbien", "nason", "muongthanh"}

    response = client.post(
        reverse("accounts:login"), {"username": username, "password": dienbien.PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_running_again_changes_nothing():
    before = counts()
    ids = set(Person.objects.values_list("citizen_id", flat=True))
    accounts = set(User.objects.values_list("username", "full_name", "role", "commune"))

    out = run_demo()

    assert "already prepared" in out
    assert counts() == before
    assert set(Person.objects.values_list("citizen_id", flat=True)) == ids
    assert set(User.objects.values_list("username", "full_name", "role", "commune")) == accounts


def test_reset_regenerates_the_same_data():
    before = counts()
    people = set(Person.objects.values_list("citizen_id", "full_name", "date_of_birth"))
    Person.objects.filter(province__code=11).update(full_name="Changed")

    run_demo("--reset")

    assert counts() == before
    assert set(Person.objects.values_list("citizen_id", "full_name", "date_of_birth")) == people
