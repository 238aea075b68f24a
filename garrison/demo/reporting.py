"""Demo data of the reporting flows of Điện Biên.

Orders down: two directives of the provincial Military Command to all its communes — security
for the 14th National Party Congress (January 2026) and combat readiness for the 2026 Lunar New
Year (sent mid-January, due early February) — each commune's receipt: most acknowledged within
days, many completed on time, some late, a few not yet (and reminded). Xã Na Son has completed
the first and not yet the second (it shows on its to-do list); Phường Mường Thanh completed
both, the second late.

Reports up (the monthly form and its returns) are made by `returns.py`, called from here.

EVERYTHING HERE IS INVENTED, like the rest of the demo (see dienbien.py): the numbers, texts,
signer and every commune's answer. Deterministic: it draws from the demo generator's seeded
random source; the dates are fixed (January–February 2026 for the directives, June–November
2026 for the returns; timestamps later than now are moved back to now).
"""

from __future__ import annotations

import datetime
from typing import Any

from garrison.reporting.models import (
    Directive,
    DirectiveReceipt,
)

from .dienbien_data import local_moment
from .returns import prepare_reports

SIGNER = "Đại tá Lò Văn Hùng"
PARENT = "BỘ TƯ LỆNH QUÂN KHU 2"
DIRECTIVES = [
    {
        "number": "01/CT-BCH",
        "title": "Về bảo đảm an ninh, trật tự phục vụ Đại hội đại biểu toàn quốc lần thứ XIV "
        "của Đảng",
        "issued_on": datetime.date(2026, 1, 5),
        "due_on": datetime.date(2026, 1, 16),
        "text": (
            "Đại hội đại biểu toàn quốc lần thứ XIV của Đảng diễn ra từ ngày 19 đến ngày 25 "
            "tháng 01 năm 2026. Để bảo đảm tuyệt đối an toàn, Chỉ huy trưởng Bộ Chỉ huy Quân "
            "sự tỉnh chỉ thị Ban Chỉ huy Quân sự các xã, phường, đặc khu:\n"
            "1. Duy trì nghiêm chế độ trực sẵn sàng chiến đấu, trực chỉ huy, trực ban từ ngày "
            "15 tháng 01 đến hết ngày 27 tháng 01 năm 2026; quân số trực đạt 100%.\n"
            "2. Phối hợp chặt chẽ với Công an xã tổ chức tuần tra, canh gác, nắm chắc tình "
            "hình địa bàn, nhất là khu vực biên giới; kịp thời phát hiện, xử lý các tình huống, "
            "không để bị động, bất ngờ.\n"
            "3. Rà soát, kiện toàn lực lượng dân quân thường trực, dân quân cơ động; chuẩn bị "
            "đầy đủ phương tiện, vũ khí, trang bị theo phương án.\n"
            "4. Báo cáo kết quả thực hiện về Bộ Chỉ huy Quân sự tỉnh (qua Phòng Tham mưu) trước "
            "ngày 16 tháng 01 năm 2026."
        ),
        # shares of the communes: acknowledged; of those, completed on time / late
        "acknowledged": 0.95,
        "on_time": 0.72,
        "late": 0.2,
    },
    {
        "number": "02/CT-BCH",
        "title": "Về tăng cường công tác sẵn sàng chiến đấu, bảo vệ an toàn Tết Nguyên đán "
        "Bính Ngọ năm 2026",
        "issued_on": datetime.date(2026, 1, 15),
        "due_on": datetime.date(2026, 2, 5),
        "text": (
            "Thực hiện Chỉ thị của Bộ Tư lệnh Quân khu 2 về tổ chức đón Tết Nguyên đán Bính Ngọ "
            "năm 2026, Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh chỉ thị Ban Chỉ huy Quân sự các "
            "xã, phường, đặc khu:\n"
            "1. Xây dựng kế hoạch trực sẵn sàng chiến đấu trước, trong và sau Tết; duy trì "
            "nghiêm chế độ trực, quân số trực theo quy định.\n"
            "2. Chủ động nắm tình hình, phối hợp với Công an xã, Đồn Biên phòng tuần tra, bảo "
            "vệ mục tiêu, giữ vững an ninh chính trị, trật tự an toàn xã hội trên địa bàn.\n"
            "3. Chuẩn bị lực lượng, phương tiện sẵn sàng tham gia phòng, chống cháy nổ, cháy "
            "rừng, cứu hộ, cứu nạn; không để xảy ra đốt pháo trái phép.\n"
            "4. Tổ chức thăm hỏi, tặng quà các gia đình chính sách, quân nhân có hoàn cảnh khó "
            "khăn.\n"
            "5. Báo cáo kết quả thực hiện về Bộ Chỉ huy Quân sự tỉnh trước ngày 05 tháng 02 "
            "năm 2026."
        ),
        "acknowledged": 0.9,
        "on_time": 0.6,
        "late": 0.22,
    },
]
ACCOUNTS = [
    "Đã quán triệt chỉ thị tới toàn thể Ban Chỉ huy; duy trì trực sẵn sàng chiến đấu 100% "
    "quân số; phối hợp Công an xã tuần tra {patrols} lượt, không để xảy ra vụ việc phức tạp.",
    "Đã xây dựng kế hoạch và tổ chức trực theo quy định; dân quân thường trực, cơ động sẵn sàng; "
    "tuần tra, canh gác {patrols} lượt; tình hình địa bàn ổn định.",
    "Đã triển khai đầy đủ nội dung chỉ thị; phối hợp các lực lượng tổ chức {patrols} lượt tuần "
    "tra; chuẩn bị phương án phòng chống cháy nổ, cứu hộ cứu nạn.",
]
#: what the two demo communes did (directive number → outcome)
FIXED = {
    "Xã Na Son": {"01/CT-BCH": "on_time", "02/CT-BCH": "acknowledged"},
    "Phường Mường Thanh": {"01/CT-BCH": "on_time", "02/CT-BCH": "late"},
}


def _outcome(rng, spec: dict[str, Any]) -> str:
    if rng.random() >= spec["acknowledged"]:
        return "pending"
    draw = rng.random()
    if draw < spec["on_time"]:
        return "on_time"
    if draw < spec["on_time"] + spec["late"]:
        return "late"
    return "acknowledged"


def prepare_reporting(generator, province, communes, actor) -> dict[str, int]:
    rng = generator.rng
    receipts: list[DirectiveReceipt] = []
    counts = dict.fromkeys(
        ("directives", "directive_receipts", "directive_completed", "directive_late"), 0
    )
    counts["directive_open"] = 0
    for spec in DIRECTIVES:
        issued_at = local_moment(spec["issued_on"], 9, 30)
        directive = Directive.objects.create(
            province=province,
            number=spec["number"],
            title=spec["title"],
            text=spec["text"],
            issued_on=spec["issued_on"],
            due_on=spec["due_on"],
            issuer_parent=PARENT,
            signer_name=SIGNER,
            status=Directive.Status.ISSUED,
            issued_at=issued_at,
            issued_by=actor,
        )
        counts["directives"] += 1
        due = spec["due_on"]
        for commune in communes:
            outcome = FIXED.get(commune.name, {}).get(spec["number"]) or _outcome(rng, spec)
            receipt = DirectiveReceipt(
                directive=directive,
                commune_id=commune.pk,
                province_id=province.pk,
                due_on=due,
            )
            if outcome != "pending":
                day = spec["issued_on"] + datetime.timedelta(days=rng.randint(0, 3))
                receipt.acknowledged_at = local_moment(day, rng.randint(7, 16), rng.randint(0, 59))
            if outcome == "on_time":
                span = (due - spec["issued_on"]).days
                day = spec["issued_on"] + datetime.timedelta(days=rng.randint(span // 2, span))
                receipt.completed_at = local_moment(day, rng.randint(8, 16), rng.randint(0, 59))
            elif outcome == "late":
                day = due + datetime.timedelta(days=rng.randint(1, 9))
                receipt.completed_at = local_moment(day, rng.randint(8, 16), rng.randint(0, 59))
                counts["directive_late"] += 1
            if receipt.completed_at:
                receipt.completed_at = max(receipt.completed_at, receipt.acknowledged_at)
                receipt.completion_account = rng.choice(ACCOUNTS).format(patrols=rng.randint(4, 20))
                counts["directive_completed"] += 1
            reminded_at = local_moment(due + datetime.timedelta(days=2), 8, 0)
            if receipt.completed_at is None or receipt.completed_at > reminded_at:
                # the province reminded every laggard two days after the due date
                receipt.reminders_sent = 1
                receipt.last_reminded_at = reminded_at
            if receipt.completed_at is None:
                counts["directive_open"] += 1
            receipts.append(receipt)
    DirectiveReceipt.objects.bulk_create(receipts, batch_size=500)
    counts["directive_receipts"] = len(receipts)
    counts.update(prepare_reports(generator, province, communes, actor))
    return counts
