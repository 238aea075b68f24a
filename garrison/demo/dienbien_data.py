"""The tables behind the Điện Biên demo (see `dienbien.py`): flags, profiles, former units,
staffing shares, demo accounts and the name pools. ALL OF IT IS INVENTED DEMO DATA, except the
commune names and the two legal bases."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from garrison.accounts.rules import Role
from garrison.commands.rules import Position
from garrison.people.rules import FEMALE, MALE

SEED = 2026
PROVINCE_CODE = 11  # Điện Biên; also the first three digits of a CCCD registered there (011)
PASSWORD = "demo"  # demo accounts only: never used outside this module

# --- the two reorganisations (the legal bases are real; titles and descriptions are ours) ----
MERGER_DATE = datetime.date(2025, 7, 1)
MERGER_BASIS = "Nghị quyết 1661/NQ-UBTVQH15"  # Điện Biên's commune merger, 16/06/2025
MERGER_TITLE = "Sắp xếp đơn vị hành chính cấp xã tỉnh Điện Biên"
MERGER_DESCRIPTION = (
    "Sắp xếp các đơn vị hành chính cấp xã của tỉnh Điện Biên theo Nghị quyết 1661/NQ-UBTVQH15 "
    "ngày 16/06/2025 của Ủy ban Thường vụ Quốc hội: 45 đơn vị hành chính cấp xã (42 xã, "
    "3 phường) từ ngày 01/07/2025; không còn cấp huyện, Ban Chỉ huy Quân sự huyện giải thể."
)
STRENGTHENING_DATE = datetime.date(2026, 1, 14)
STRENGTHENING_BASIS = "Nghị quyết 66.12/2026/NQ-CP"  # the marker: its presence = demo prepared
STRENGTHENING_TITLE = "Kiện toàn Ban Chỉ huy Quân sự cấp xã"
STRENGTHENING_DESCRIPTION = (
    "Kiện toàn 45 Ban Chỉ huy Quân sự cấp xã thành cơ quan quân sự địa phương trực thuộc "
    "Bộ Chỉ huy Quân sự tỉnh; điều động sĩ quan thường trực giữ chức Chỉ huy trưởng; "
    "Bí thư Đảng ủy cấp xã kiêm Chính trị viên."
)

# --- commune flags (demo data: plausible, not surveyed) ---------------------------------------
# Điện Biên borders Laos along its west and south and China at its northern tip (Sín Thầu).
BORDER = {
    "Xã Sín Thầu", "Xã Mường Nhé", "Xã Nậm Kè", "Xã Quảng Lâm", "Xã Mường Toong",
    "Xã Nà Bủng", "Xã Nà Hỳ", "Xã Chà Tở", "Xã Mường Nhà", "Xã Núa Ngam", "Xã Sam Mứn",
    "Xã Thanh Nưa",
}  # fmt: skip
# Most mountain communes are extremely difficult areas; the valley and town communes are not.
NOT_REMOTE = {
    "Xã Thanh An", "Xã Thanh Yên", "Xã Tuần Giáo", "Xã Mường Ảng", "Xã Tủa Chùa",
    "Xã Mường Chà",
}  # fmt: skip
KEY_DEFENCE = BORDER | {"Phường Điện Biên Phủ", "Phường Mường Thanh", "Xã Mường Phăng"}

# Ethnic make-up differs across the province; each commune gets the profile of its former
# district (which former district each commune lies in is itself demo data).
PROFILES: dict[str, dict[str, int]] = {
    "city": {"Kinh": 64, "Thái": 26, "Mông": 4, "Khơ Mú": 2, "Hoa": 2, "Tày": 2},
    "muong_lay": {"Thái": 45, "Kinh": 40, "Mông": 10, "Khơ Mú": 5},
    "dien_bien": {"Thái": 50, "Kinh": 24, "Mông": 12, "Khơ Mú": 6, "Lào": 6, "Hoa": 2},
    "dien_bien_dong": {"Mông": 55, "Thái": 25, "Khơ Mú": 11, "Kinh": 9},
    "muong_nhe": {
        "Mông": 42,
        "Hà Nhì": 14,
        "Thái": 13,
        "Kinh": 10,
        "Dao": 9,
        "Khơ Mú": 5,
        "Cống": 4,
        "Si La": 3,
    },
    "nam_po": {"Mông": 60, "Thái": 15, "Khơ Mú": 10, "Kinh": 7, "Dao": 8},
    "muong_cha": {"Mông": 50, "Thái": 30, "Kinh": 10, "Khơ Mú": 7, "Hoa": 3},
    "tua_chua": {"Mông": 76, "Thái": 10, "Kinh": 8, "Dao": 4, "Hoa": 2},
    "tuan_giao": {"Thái": 50, "Mông": 30, "Kinh": 15, "Khơ Mú": 5},
    "muong_ang": {"Thái": 55, "Kinh": 20, "Mông": 20, "Khơ Mú": 5},
}
FORMER_DISTRICT = {
    "city": "Thành phố Điện Biên Phủ",
    "muong_lay": "Thị xã Mường Lay",
    "dien_bien": "Huyện Điện Biên",
    "dien_bien_dong": "Huyện Điện Biên Đông",
    "muong_nhe": "Huyện Mường Nhé",
    "nam_po": "Huyện Nậm Pồ",
    "muong_cha": "Huyện Mường Chà",
    "tua_chua": "Huyện Tủa Chùa",
    "tuan_giao": "Huyện Tuần Giáo",
    "muong_ang": "Huyện Mường Ảng",
}
COMMUNE_PROFILE = {
    **dict.fromkeys(["Phường Điện Biên Phủ", "Phường Mường Thanh"], "city"),
    "Phường Mường Lay": "muong_lay",
    **dict.fromkeys(
        [
            "Xã Thanh Nưa",
            "Xã Thanh An",
            "Xã Thanh Yên",
            "Xã Sam Mứn",
            "Xã Núa Ngam",
            "Xã Mường Nhà",
            "Xã Mường Phăng",
            "Xã Mường Pồn",
            "Xã Nà Tấu",
        ],
        "dien_bien",
    ),
    **dict.fromkeys(
        ["Xã Na Son", "Xã Xa Dung", "Xã Pu Nhi", "Xã Mường Luân", "Xã Tìa Dình", "Xã Phình Giàng"],
        "dien_bien_dong",
    ),
    **dict.fromkeys(
        ["Xã Sín Thầu", "Xã Mường Nhé", "Xã Nậm Kè", "Xã Quảng Lâm", "Xã Mường Toong"],
        "muong_nhe",
    ),
    **dict.fromkeys(["Xã Nà Hỳ", "Xã Nà Bủng", "Xã Chà Tở", "Xã Si Pa Phìn"], "nam_po"),
    **dict.fromkeys(
        ["Xã Mường Chà", "Xã Na Sang", "Xã Mường Tùng", "Xã Pa Ham", "Xã Nậm Nèn"], "muong_cha"
    ),
    **dict.fromkeys(
        ["Xã Tủa Chùa", "Xã Sín Chải", "Xã Sính Phình", "Xã Tủa Thàng", "Xã Sáng Nhè"],
        "tua_chua",
    ),
    **dict.fromkeys(
        ["Xã Tuần Giáo", "Xã Quài Tở", "Xã Mường Mùn", "Xã Pú Nhung", "Xã Chiềng Sinh"],
        "tuan_giao",
    ),
    **dict.fromkeys(["Xã Mường Ảng", "Xã Búng Lao", "Xã Mường Lạn"], "muong_ang"),
}

# Former units merged into some of the present communes on 01/07/2025. ILLUSTRATIVE: the
# names are of the kind the merger joined (many are real former units of the district), but
# which ones went into which commune is not taken from the resolution.
PREDECESSORS: dict[str, list[str]] = {
    "Phường Mường Thanh": [
        "Phường Mường Thanh",
        "Phường Him Lam",
        "Phường Thanh Bình",
        "Phường Tân Thanh",
    ],
    "Phường Điện Biên Phủ": [
        "Phường Noong Bua",
        "Phường Nam Thanh",
        "Phường Thanh Trường",
        "Xã Thanh Minh",
    ],
    "Phường Mường Lay": ["Phường Na Lay", "Phường Sông Đà", "Xã Lay Nưa"],
    "Xã Na Son": ["Thị trấn Điện Biên Đông", "Xã Na Son", "Xã Keo Lôm"],
    "Xã Mường Nhé": ["Xã Mường Nhé", "Xã Nậm Vì", "Xã Chung Chải"],
    "Xã Sín Thầu": ["Xã Sín Thầu", "Xã Leng Su Sìn", "Xã Sen Thượng"],
    "Xã Tuần Giáo": ["Thị trấn Tuần Giáo", "Xã Quài Cang", "Xã Quài Nưa"],
    "Xã Mường Ảng": ["Thị trấn Mường Ảng", "Xã Ẳng Nưa", "Xã Ẳng Cang"],
    "Xã Tủa Chùa": ["Thị trấn Tủa Chùa", "Xã Mường Báng"],
    "Xã Thanh Nưa": ["Xã Thanh Nưa", "Xã Hua Thanh", "Xã Thanh Luông"],
}

# --- staffing (demo data) -------------------------------------------------------------------
# Commune commands without a Commander today: three never filled, and one whose Commander was
# transferred on 31/10/2026 (vacant since). 41 of 45 have a Commander.
NEVER_COMMANDED = ("Xã Sáng Nhè", "Xã Nậm Nèn", "Xã Si Pa Phìn")
VACATED = "Xã Mường Tùng"
VACATED_ON = datetime.date(2026, 10, 31)
# one commune whose first Commander was replaced, so the history view has something to show
REPLACED = "Xã Tuần Giáo"
REPLACED_ON = datetime.date(2026, 5, 31)
# share of the communes whose post is filled (an exact number of communes is drawn): mirrors
# the national figures of 13/02/2026 — deputy commanders 40%, deputy political commissars 54%,
# assistants 19% (LAW.md §6) — as they may have grown by November 2026
FILL_SHARE = {
    Position.POLITICAL_COMMISSAR: 0.93,
    Position.DEPUTY_COMMANDER: 0.6,
    Position.DEPUTY_POLITICAL_COMMISSAR: 0.5,
    Position.ASSISTANT: 0.25,
}
SECOND_DEPUTY_SHARE = 0.4  # of the key-defence communes that have a deputy: a second one
ALWAYS_COMMANDED = ("Xã Na Son", "Phường Mường Thanh")  # the demo accounts' communes
OFFICER_ETHNICITY = {"Kinh": 50, "Thái": 30, "Mông": 15, "Khơ Mú": 5}


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    full_name: str
    commune: str | None = None  # commune-level accounts: the commune's full name
    nation: bool = False


DEMO_USERS = (
    DemoUser("ministry", Role.MINISTRY_VIEWER, "Trần Quốc Hưng", nation=True),
    DemoUser("dienbien", Role.PROVINCE_STAFF, "Lò Văn Thắng"),
    DemoUser("dienbien_inspector", Role.PROVINCE_INSPECTOR, "Nguyễn Thị Thu Hà"),
    # the commune accounts get the name of the commune's Commander
    DemoUser("nason", Role.COMMUNE_COMMANDER, "", commune="Xã Na Son"),
    DemoUser("muongthanh", Role.COMMUNE_COMMANDER, "", commune="Phường Mường Thanh"),
)

# --- names ----------------------------------------------------------------------------------
KINH_MIDDLE = {
    MALE: ["Văn", "Đức", "Quang", "Minh", "Xuân", "Hữu", "Ngọc", "Thanh", "Công", "Mạnh"],
    FEMALE: ["Thị", "Thị", "Thị", "Thu", "Ngọc", "Thanh", "Thùy", "Minh", "Phương", "Hồng"],
}
TAI_FAMILIES = {  # Thái, Khơ Mú, Lào
    "Thái": ["Lò", "Lò", "Quàng", "Lường", "Tòng", "Cầm", "Điêu", "Lù", "Vì", "Khoàng", "Lê"],
    "Khơ Mú": ["Quàng", "Lò", "Vì", "Cà", "Lường"],
    "Lào": ["Lò", "Vì", "Cà", "Kha", "Lường"],
}
TAI_GIVEN = {
    MALE: [
        "Thanh", "Pánh", "Ún", "Xuân", "Chăn", "Hặc", "Khằm", "Ính", "Phóng", "Xôm", "Tiến",
        "Hùng", "Kiên", "Dũng", "Nọi", "Sơn", "Hưng", "Biên", "Tuân", "Hoàn", "Piếng", "Thắng",
        "Cương", "Duy", "Khiêm", "Lả",
    ],
    FEMALE: [
        "Ún", "Xiêng", "Mai", "Hương", "Phanh", "Bun", "Thoa", "Lả", "Ngân", "Thắm", "Hoa",
        "Chiêng", "Ơn", "Yến", "Lan", "Pâng", "Khánh", "Dung", "Hiên", "Tiên", "Xuân",
    ],
}  # fmt: skip
HMONG_FAMILIES = [
    "Vừ", "Giàng", "Sùng", "Thào", "Mùa", "Lầu", "Hạng", "Lý", "Vàng", "Chá", "Mua", "Hờ",
    "Cứ", "Tráng",
]  # fmt: skip
HMONG_GIVEN = {
    MALE: [
        "Sử", "Dính", "Páo", "Chớ", "Sinh", "Lử", "Dế", "Chư", "Tủa", "Chúa", "Pó", "Xó",
        "Vàng", "Lềnh", "Dua", "Chứ", "Tồng", "Phử", "Cở", "Khua", "Sình", "Thái", "Lầu",
    ],
    FEMALE: [
        "Dở", "Mỷ", "Súa", "Chua", "Mai", "Pà", "Xua", "Dợ", "Chía", "Sinh", "Ly", "Dua",
        "Gió", "Sày", "Vá", "Lan", "Hoa", "Mỷ", "Nhìa",
    ],
}  # fmt: skip
DAO_FAMILIES = ["Triệu", "Bàn", "Lý", "Đặng", "Phàn", "Chảo"]
DAO_GIVEN = {
    MALE: ["Sơn", "Chòi", "Quẩy", "Phin", "Lai", "Tả", "Phù", "Vần", "Kiều", "Chàn"],
    FEMALE: ["Mẩy", "Lai", "Xuân", "Dung", "Chang", "Xiêm", "Nải", "Liều"],
}
HANHI_FAMILIES = {  # Hà Nhì, Cống, Si La
    "Hà Nhì": ["Pờ", "Lò", "Chu", "Sần", "Lỳ", "Chang", "Ly", "Phu", "Hù"],
    "Cống": ["Chu", "Lò", "Pờ", "Lỳ"],
    "Si La": ["Hù", "Pờ", "Lỳ"],
}
HANHI_MIDDLE = {MALE: ["Xá", "Gà", "Mò", "Chừ", "Hừ", "Chà", "Văn"], FEMALE: ["Mỳ", "Mé", "Thị"]}
HANHI_GIVEN = {
    MALE: ["Phù", "Lò", "Chừ", "Xá", "Thề", "Hờ", "Chà", "Xo", "Gơ", "Lừ"],
    FEMALE: ["Na", "Gơ", "Chó", "Mé", "Xe", "Chừ", "Pì"],
}
HOA_FAMILIES = ["Vòng", "Lỷ", "Dìn", "Phùng", "Lưu", "Hoàng"]
TAY_FAMILIES = ["Hoàng", "Nông", "Lương", "Hà", "Ma", "Vi"]

VILLAGE_FIRST = [
    "Huổi", "Nà", "Pá", "Co", "Nậm", "Phiêng", "Hua", "Pú", "Na", "Púng", "Tà", "Háng", "Sín",
    "Nong", "Pa", "Xá", "Lọng", "Ten", "Hồng", "Phì",
]  # fmt: skip
VILLAGE_SECOND = [
    "Hẹ", "Lếch", "Sản", "Pao", "Lúm", "Vạt", "Chua", "Khoang", "Hịa", "Cang", "Nưa", "Mới",
    "Cáy", "Dịa", "Ban", "Tở", "Phung", "Lạn", "Sang", "Lò", "Sông", "Xa", "Nhừ", "Lứu",
]  # fmt: skip
ORIGIN_ELSEWHERE = [
    "xã Kiến Xương, tỉnh Hưng Yên", "xã Vũ Thư, tỉnh Hưng Yên", "xã Tiền Hải, tỉnh Hưng Yên",
    "xã Hải Hậu, tỉnh Ninh Bình", "xã Giao Thủy, tỉnh Ninh Bình", "xã Yên Định, tỉnh Thanh Hóa",
    "xã Quỳnh Lưu, tỉnh Nghệ An", "xã Thanh Hà, thành phố Hải Phòng", "xã Thanh Ba, tỉnh Phú Thọ",
    "xã Can Lộc, tỉnh Hà Tĩnh", "xã Mỹ Hào, tỉnh Hưng Yên", "xã Nga Sơn, tỉnh Thanh Hóa",
]  # fmt: skip
PHONE_PREFIXES = ["912", "913", "915", "983", "984", "974", "386", "369", "343", "988"]

#: education level weights for (urban, young) × level; "young" = born 1990 or later
EDUCATION_WEIGHTS = {
    (True, True): {"lower_secondary": 10, "upper_secondary": 35, "vocational": 15,
                   "college": 12, "university": 26, "postgraduate": 2},
    (True, False): {"primary": 8, "lower_secondary": 25, "upper_secondary": 30,
                    "vocational": 10, "college": 8, "university": 17, "postgraduate": 2},
    (False, True): {"none": 4, "primary": 14, "lower_secondary": 36, "upper_secondary": 28,
                    "vocational": 8, "college": 4, "university": 6},
    (False, False): {"none": 18, "primary": 34, "lower_secondary": 28, "upper_secondary": 12,
                     "vocational": 4, "college": 2, "university": 2},
}  # fmt: skip


def local_moment(day: datetime.date, hour: int, minute: int) -> datetime.datetime:
    """`day` at hour:minute in Vietnam's time, as the aware datetime the models store."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))
