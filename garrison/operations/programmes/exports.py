"""The context of the programme's list of recipients to sign (Decree 30/2020/NĐ-CP layout, always
in Vietnamese): a list of the commune's Military Command when it is one commune's list, of the
provincial command otherwise."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Sum
from django.utils import timezone

from garrison.commands.rules import commune_command_name, provincial_command_name

from .models import AidKind


def recipients_context(programme: Any, commune: Any, aid: Any) -> dict[str, Any]:
    province = programme.province
    parent = provincial_command_name(province.name, province.code)
    if commune is not None:
        heading = {
            "issuer_parent": parent,
            "issuer": commune_command_name(commune.name),
            "place": commune.short_name,
            "recipients": [parent, "Lưu: VT"],
            "signer_title": "CHỈ HUY TRƯỞNG",
        }
    else:
        heading = {
            "issuer_parent": "",
            "issuer": parent,
            "place": province.short_name,
            "recipients": ["Ban CHQS các xã, phường, đặc khu", "Lưu: VT"],
            "signer_title": "CHỈ HUY TRƯỞNG",
        }
    labels = {value: str(label) for value, label in AidKind.choices}
    rows = list(
        aid.select_related("person__village", "commune").order_by(
            "commune__name", "person__name_sort_key", "given_on", "pk"
        )
    )
    for row in rows:
        row.kind_label = labels.get(row.kind, row.kind)
    sums = aid.order_by().aggregate(
        people=Count("person_id", distinct=True), value=Sum("value_vnd")
    )
    return {
        **heading,
        "issued_on": timezone.localdate(),
        "signature_hint": True,
        "programme": programme,
        "commune": commune,
        "rows": rows,
        "people": sums["people"] or 0,
        "total_value": sums["value"] or 0,
    }
