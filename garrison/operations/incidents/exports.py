"""The contexts of the incident's PDFs (Decree 30/2020/NĐ-CP layout, always in Vietnamese): the
report on the incident (figures, forces and means mobilised, timeline) and one situation report.
Each is a report of the commune's Military Command to the provincial command."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from garrison.commands.rules import commune_command_name, provincial_command_name

from .models import Incident, SituationReport


def _heading(commune: Any) -> dict[str, Any]:
    province = commune.province
    return {
        "issuer_parent": provincial_command_name(province.name, province.code),
        "issuer": commune_command_name(commune.name),
        "place": commune.short_name,
        "issued_on": timezone.localdate(),
        "recipients": [provincial_command_name(province.name, province.code), "Lưu: VT"],
        "signer_title": "CHỈ HUY TRƯỞNG",
        "signature_hint": True,
    }


def _order(m: Any) -> tuple[int, Any]:
    return (0 if m.member_id else 1 if m.reservist_id else 2, m.from_at)


def _label(m: Any) -> str:
    if m.member_id:
        unit = f" ({m.member.unit.name})" if m.member.unit_id else ""
        return f"Dân quân: {m.member.person.full_name}{unit}"
    if m.reservist_id:
        return f"Quân nhân dự bị: {m.reservist.person.full_name}"
    return f"Phương tiện kỹ thuật: {m.means}"


def incident_pdf_context(incident: Incident) -> dict[str, Any]:
    mobilisations = list(
        incident.mobilisations.select_related(
            "member__person", "member__unit", "reservist__person", "means"
        )
    )
    return {
        **_heading(incident.commune),
        "incident": incident,
        "commune_name": incident.commune.name,
        "forces": [{"label": _label(m), "row": m} for m in sorted(mobilisations, key=_order)],
        "updates": list(incident.updates.order_by("at", "pk")),
        "reports_count": incident.reports.count(),
    }


def sitrep_pdf_context(report: SituationReport) -> dict[str, Any]:
    return {
        **_heading(report.commune),
        "report": report,
        "incident": report.incident,
        "issued_on": timezone.localdate(report.sent_at),
    }
