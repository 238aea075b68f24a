"""Create the command structure the territory implies: one Provincial Military Command per
province, one commune Military Command per commune-level unit, and each commune command's
default staffing table. Idempotent: what exists is left as it is (names, parents and quotas
that staff have edited are never overwritten); only what is missing is created.
"""

from __future__ import annotations

from django.db import transaction

from garrison.territory.models import Commune, Province

from . import rules
from .models import MilitaryCommand, StaffingQuota

BATCH_SIZE = 500


def ensure_commands(province_codes: list[int] | None = None) -> dict[str, int]:
    """Create the missing commands and default quotas, for all provinces or those listed.

    A handful of queries whatever the number of communes. Quota rows are created for each
    post whose default quota is above 0 (rules.default_quotas) and that the command's table
    does not list yet; an existing row is never changed. Returns counts of rows created:
    provincial_commands, commune_commands, quotas.
    """
    provinces = Province.objects.all()
    communes = Commune.objects.all()
    if province_codes is not None:
        provinces = provinces.filter(code__in=province_codes)
        communes = communes.filter(province__code__in=province_codes)

    with transaction.atomic():
        has_provincial = MilitaryCommand.objects.filter(
            level=MilitaryCommand.Level.PROVINCE
        ).values("province_id")
        missing_provincial = [
            MilitaryCommand(
                level=MilitaryCommand.Level.PROVINCE,
                name=rules.provincial_command_name(name, code),
                province_id=pk,
            )
            for pk, name, code in provinces.exclude(pk__in=has_provincial)
            .values_list("pk", "name", "code")
            .order_by("code")
        ]
        MilitaryCommand.objects.bulk_create(missing_provincial, batch_size=BATCH_SIZE)

        provincial = dict(
            MilitaryCommand.objects.filter(level=MilitaryCommand.Level.PROVINCE).values_list(
                "province_id", "pk"
            )
        )
        missing_commune = [
            MilitaryCommand(
                level=MilitaryCommand.Level.COMMUNE,
                name=rules.commune_command_name(name),
                province_id=province_id,
                commune_id=pk,
                parent_id=provincial[province_id],
            )
            for pk, name, province_id in communes.filter(command__isnull=True)
            .values_list("pk", "name", "province_id")
            .order_by("code")
        ]
        MilitaryCommand.objects.bulk_create(missing_commune, batch_size=BATCH_SIZE)

        commands = MilitaryCommand.objects.filter(
            level=MilitaryCommand.Level.COMMUNE, commune__in=communes
        )
        listed = set(
            StaffingQuota.objects.filter(command__in=commands).values_list("command_id", "position")
        )
        quotas = [
            StaffingQuota(
                command_id=command_id,
                position=position,
                quota=quota,
                legal_basis=rules.LEGAL_BASIS_QUOTAS,
            )
            for command_id, key_defence in commands.values_list("pk", "commune__is_key_defence")
            for position, quota in rules.default_quotas(key_defence=key_defence).items()
            if quota > 0 and (command_id, position) not in listed
        ]
        StaffingQuota.objects.bulk_create(quotas, batch_size=BATCH_SIZE)

    return {
        "provincial_commands": len(missing_provincial),
        "commune_commands": len(missing_commune),
        "quotas": len(quotas),
    }
