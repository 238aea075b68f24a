"""The context of a review's report (Decree 30/2020/NĐ-CP layout, always in Vietnamese): a report
of the provincial Military Command to its communes' commands, with the scope of the review, the
figures it quoted from the registers (as of the review date), its conclusions and the lessons
and effective models it drew."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from garrison.commands.rules import provincial_command_name

from .models import Review, ReviewKind

#: the report's heading word for each kind of review
HEADINGS = {ReviewKind.INTERIM: "Sơ kết", ReviewKind.OVERALL: "Tổng kết"}


def review_pdf_context(review: Review) -> dict[str, Any]:
    province = review.province
    return {
        "issuer_parent": "",
        "issuer": provincial_command_name(province.name, province.code),
        "place": province.short_name,
        "issued_on": timezone.localdate(),
        "recipients": ["Ban CHQS các xã, phường, đặc khu", "Lưu: VT"],
        "signer_title": "CHỈ HUY TRƯỞNG",
        "signature_hint": True,
        "review": review,
        "heading": HEADINGS.get(review.kind, "Sơ kết"),
        "figures": list(review.figures.order_by("indicator")),
        "lessons": list(review.lessons.order_by("-recorded_on", "-pk")),
    }
