"""Posts of a commune Military Command and their default quotas. Pure: no ORM.

Posts: Nghị quyết 66.12/2026/NQ-CP (LAW.md §6): Commander; Political Commissar (held
concurrently by the commune Party Secretary); Deputy Commander(s); Deputy Political Commissar;
assistants; technical staff. Quotas: NĐ72/2020 Art 4.1 as amended by NĐ220/2025 (LAW.md §3.1, [B]):
key defence-security communes up to 2 Deputy Commanders + 1 Assistant, others 1 + 1. NQ66.12's
own numbers are UNCONFIRMED (the Ministry decides), so the quotas are editable per command.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

LEGAL_BASIS_POSTS = "NQ 66.12/2026/NQ-CP"
LEGAL_BASIS_QUOTAS = "NĐ 72/2020/NĐ-CP Đ4.1 (sửa đổi bởi NĐ 220/2025/NĐ-CP)"


class Position(models.TextChoices):
    COMMANDER = "commander", _("Commander")
    POLITICAL_COMMISSAR = "political_commissar", _("Political Commissar")
    DEPUTY_COMMANDER = "deputy_commander", _("Deputy Commander")
    DEPUTY_POLITICAL_COMMISSAR = "deputy_political_commissar", _("Deputy Political Commissar")
    ASSISTANT = "assistant", _("Assistant")
    TECHNICAL_STAFF = "technical_staff", _("Technical staff")


#: posts held concurrently by someone of another body (the Party Secretary)
CONCURRENT_POSTS = frozenset({Position.POLITICAL_COMMISSAR})


def default_quotas(*, key_defence: bool) -> dict[str, int]:
    """The default staffing table of a commune command (LAW.md §3.1)."""
    return {
        Position.COMMANDER: 1,
        Position.POLITICAL_COMMISSAR: 1,
        Position.DEPUTY_COMMANDER: 2 if key_defence else 1,
        Position.DEPUTY_POLITICAL_COMMISSAR: 1,
        Position.ASSISTANT: 1,
        Position.TECHNICAL_STAFF: 0,
    }


def provincial_command_name(province_name: str, province_code: int) -> str:
    """As the command is called: Hanoi and Ho Chi Minh City have their own commands."""
    if province_code == 1:
        return "Bộ Tư lệnh Thủ đô Hà Nội"
    if province_code == 79:
        return "Bộ Tư lệnh Thành phố Hồ Chí Minh"
    if province_name.startswith("Thành phố "):
        return f"Bộ Chỉ huy Quân sự {province_name[0].lower()}{province_name[1:]}"
    return f"Bộ Chỉ huy Quân sự tỉnh {province_name.removeprefix('Tỉnh ')}"


def commune_command_name(commune_name: str) -> str:
    """ "Xã Na Son" → "Ban Chỉ huy Quân sự xã Na Son" (likewise phường, đặc khu)."""
    return f"Ban Chỉ huy Quân sự {commune_name[0].lower()}{commune_name[1:]}"


def fill_rate(filled: int, quota: int) -> float | None:
    """Share of the quota that is filled (over-staffing counts as full); None without a quota."""
    if quota <= 0:
        return None
    return min(filled, quota) / quota
