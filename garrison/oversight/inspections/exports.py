"""The context of the inspection's conclusion printed as PDF (Decree 30/2020/NĐ-CP layout,
always in Vietnamese): issued by the provincial Military Command, signed by the head of the
team; the team, the communes inspected, the checklist results of each commune, the findings and
their corrective actions. Rows are read through the user's scope (a commune prints its part)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from garrison.commands.rules import commune_command_name, provincial_command_name

from .models import (
    ChecklistAnswer,
    ChecklistResult,
    CorrectiveAction,
    Finding,
    Inspection,
    InspectionKind,
    InspectionTarget,
)

#: the words of the document, by the inspection's kind
KIND_WORDS = {
    InspectionKind.INSPECTION: ("kiểm tra", "KIỂM TRA"),
    InspectionKind.SUPERVISION: ("giám sát", "GIÁM SÁT"),
}


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def conclusion_context(inspection: Inspection, user: Any) -> dict[str, Any]:
    province = inspection.province
    word, upper = KIND_WORDS.get(inspection.kind, KIND_WORDS[InspectionKind.INSPECTION])
    targets = list(
        InspectionTarget.objects.visible_to(user)
        .filter(inspection=inspection)
        .select_related("commune")
        .order_by("commune__name")
    )
    answers: dict[int, list[ChecklistAnswer]] = {}
    for answer in (
        ChecklistAnswer.objects.visible_to(user)
        .filter(inspection=inspection)
        .select_related("item")
        .order_by("item__order", "item_id")
    ):
        answers.setdefault(answer.commune_id, []).append(answer)
    findings = list(
        Finding.objects.visible_to(user)
        .filter(inspection=inspection)
        .select_related("commune")
        .order_by("commune__name", "found_on", "pk")
    )
    actions: dict[int, list[CorrectiveAction]] = {}
    for action in (
        CorrectiveAction.objects.visible_to(user)
        .filter(finding__in=findings)
        .order_by("due_on", "pk")
    ):
        actions.setdefault(action.finding_id, []).append(action)
    results = list(ChecklistResult.choices)
    communes = []
    for target in targets:
        rows = answers.get(target.commune_id, [])
        communes.append(
            {
                "name": target.commune.name,
                "answers": rows,
                "counts": [
                    (label, sum(1 for a in rows if a.result == value)) for value, label in results
                ],
            }
        )
    command = provincial_command_name(province.name, province.code)
    return {
        "issuer_parent": "",
        "issuer": command,
        "number": "",
        "place": province.short_name,
        "issued_on": inspection.ends_on
        if inspection.ends_on <= timezone.localdate()
        else timezone.localdate(),
        "doc_type": "KẾT LUẬN",
        "kind_word": word,
        "kind_upper": upper,
        "inspection": inspection,
        "team": [u.full_name or u.username for u in inspection.team.all()],
        "outside_members": _lines(inspection.outside_members),
        "communes": communes,
        "findings": [{"finding": f, "actions": actions.get(f.pk, [])} for f in findings],
        "recipients": [
            *(commune_command_name(t.commune.name) for t in targets),
            "Lưu: VT",
        ],
        "signer_authority": f"TM. ĐOÀN {upper}",
        "signer_title": "TRƯỞNG ĐOÀN",
        "signer_name": inspection.lead,
        "signature_hint": False,
    }
