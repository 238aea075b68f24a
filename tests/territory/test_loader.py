"""Loading the territory from vietnam-provinces, and the commands and staffing tables it implies."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import transaction

from garrison.commands.models import MilitaryCommand, StaffingQuota
from garrison.commands.rules import LEGAL_BASIS_QUOTAS, Position
from garrison.commands.setup import ensure_commands
from garrison.territory.loader import load_territory
from garrison.territory.models import Commune, CommuneType, Province, ProvinceType

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def territory(django_db_setup, django_db_blocker):
    """Load once per module, inside a transaction rolled back at the end (tests run in
    savepoints within it), so no other test module sees these rows."""
    with django_db_blocker.unblock(), transaction.atomic():
        counts = load_territory()
        commands = ensure_commands()
        yield counts, commands
        transaction.set_rollback(True)


def test_the_whole_nation_is_loaded(territory):
    counts, _ = territory
    assert counts["provinces"] == 34 and counts["communes"] == 3321
    assert Province.objects.count() == 34
    assert Province.objects.filter(division_type=ProvinceType.CITY).count() == 6
    assert Commune.objects.count() == 3321
    by_type = {t: Commune.objects.filter(division_type=t).count() for t in CommuneType.values}
    assert by_type == {CommuneType.COMMUNE: 2621, CommuneType.WARD: 687,
                       CommuneType.SPECIAL_ZONE: 13}  # fmt: skip
    dien_bien = Province.objects.get(code=11)
    assert dien_bien.name == "Điện Biên"
    assert dien_bien.communes.count() == 45
    assert Commune.objects.get(name="Xã Na Son").province == dien_bien


def test_loading_again_changes_nothing_and_keeps_what_staff_edited():
    na_son = Commune.objects.get(name="Xã Na Son")
    Commune.objects.filter(pk=na_son.pk).update(is_border=True, population=12_345)
    na_son.refresh_from_db()  # the staff edit bumped the version
    before, version = na_son.updated_at, na_son.version

    counts = load_territory()

    assert counts["created"] == 0 and counts["updated"] == 0
    na_son.refresh_from_db()
    assert na_son.is_border is True and na_son.population == 12_345
    assert na_son.updated_at == before and na_son.version == version


def test_a_renamed_unit_is_updated_without_losing_its_military_attributes():
    Commune.objects.filter(name="Xã Na Son").update(name="Xã Na Son Cũ", is_key_defence=True)
    version = Commune.objects.get(code=3203).version
    seen: list[tuple[int, int]] = []

    counts = load_territory(progress=lambda done, total: seen.append((done, total)))

    assert counts["created"] == 0 and counts["updated"] == 1
    na_son = Commune.objects.get(code=3203)
    assert na_son.name == "Xã Na Son" and na_son.is_key_defence is True
    assert na_son.version == version + 1  # an edit form opened before the load is stale
    assert seen[-1] == (1, 1)


def test_one_command_per_province_and_per_commune(territory):
    _, created = territory
    assert created["provincial_commands"] == 34
    assert created["commune_commands"] == 3321
    provincial = dict(
        MilitaryCommand.objects.filter(level="province").values_list("province__code", "name")
    )
    assert provincial[1] == "Bộ Tư lệnh Thủ đô Hà Nội"
    assert provincial[79] == "Bộ Tư lệnh Thành phố Hồ Chí Minh"
    assert provincial[11] == "Bộ Chỉ huy Quân sự tỉnh Điện Biên"
    assert provincial[31] == "Bộ Chỉ huy Quân sự thành phố Hải Phòng"
    na_son = MilitaryCommand.objects.select_related("parent").get(commune__name="Xã Na Son")
    assert na_son.name == "Ban Chỉ huy Quân sự xã Na Son"
    assert na_son.level == "commune"
    assert na_son.parent.name == "Bộ Chỉ huy Quân sự tỉnh Điện Biên"
    ward = MilitaryCommand.objects.get(commune__name="Phường Mường Thanh")
    assert ward.name == "Ban Chỉ huy Quân sự phường Mường Thanh"


def test_default_staffing_tables():
    quotas = dict(
        StaffingQuota.objects.filter(command__commune__name="Xã Na Son").values_list(
            "position", "quota"
        )
    )
    assert quotas == {
        Position.COMMANDER: 1,
        Position.POLITICAL_COMMISSAR: 1,
        Position.DEPUTY_COMMANDER: 1,
        Position.DEPUTY_POLITICAL_COMMISSAR: 1,
        Position.ASSISTANT: 1,
    }  # technical staff: quota 0, so no row
    assert StaffingQuota.objects.count() == 3321 * 5
    assert not StaffingQuota.objects.exclude(legal_basis=LEGAL_BASIS_QUOTAS).exists()


def test_key_defence_communes_get_two_deputies_and_existing_quotas_are_kept():
    key, other = Commune.objects.filter(province__code=11).order_by("code")[:2]
    Commune.objects.filter(pk=key.pk).update(is_key_defence=True)
    StaffingQuota.objects.filter(command__commune__in=[key, other]).delete()
    edited = StaffingQuota.objects.filter(
        command__commune__name="Xã Na Son", position=Position.ASSISTANT
    )
    edited.update(quota=3)

    created = ensure_commands(province_codes=[11])

    assert created == {"provincial_commands": 0, "commune_commands": 0, "quotas": 10}

    def deputies(commune):
        return StaffingQuota.objects.get(
            command__commune=commune, position=Position.DEPUTY_COMMANDER
        ).quota

    assert deputies(key) == 2
    assert deputies(other) == 1
    assert edited.get().quota == 3
    assert ensure_commands() == {"provincial_commands": 0, "commune_commands": 0, "quotas": 0}


def test_the_command_line_reports_counts(capsys):
    call_command("load_territory", "--quiet")
    out = capsys.readouterr().out
    assert "34 provinces, 3321 commune-level units (0 created, 0 updated)" in out
    assert "0 provincial and 0 commune commands created" in out
