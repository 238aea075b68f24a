"""Demo data: Điện Biên province (code 11, 45 commune-level units) made realistic enough to
show Garrison to its users — commune flags, the 2025 merger and the 2026 strengthening of the
commune Military Commands, ~3,000 residents, the commands' staffing, and sign-in accounts.

EVERYTHING HERE IS DEMO DATA. The commune names and codes come from `vietnam-provinces` and the
two legal bases are real; the flags (border, remote, key defence), populations, areas, the
lists of former units merged into each commune, every person, every assignment and every
account are invented, chosen only to be plausible. Nothing here may be read as a fact about
Điện Biên or as anyone's personal data.

Deterministic: `random.Random(2026)` and `Faker("vi_VN")` seeded with 2026, so every run on
an empty province produces the same people and the same staffing.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from faker import Faker

from garrison.accounts.models import User
from garrison.accounts.rules import Role
from garrison.commands.models import (
    Assignment,
    MilitaryCommand,
    PredecessorUnit,
    Reorganisation,
    StaffingQuota,
)
from garrison.commands.rules import Position, default_quotas
from garrison.core.text import name_sort_key
from garrison.people.models import EducationLevel, Person
from garrison.people.rules import FEMALE, MALE, make_citizen_id
from garrison.territory.models import Commune, CommuneType, Province

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


class DemoDataError(RuntimeError):
    """The package's list of Điện Biên's communes no longer matches the demo data."""


# --- generation ------------------------------------------------------------------------------
def is_prepared() -> bool:
    return Reorganisation.objects.filter(
        province__code=PROVINCE_CODE, legal_basis=STRENGTHENING_BASIS
    ).exists()


def _weighted(rng: random.Random, weights: dict[str, int | float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _random_date(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randint(0, (last - first).days))


class _Generator:
    def __init__(self, province: Province, communes: list[Commune]) -> None:
        self.rng = random.Random(SEED)
        self.fake = Faker("vi_VN")
        self.fake.seed_instance(SEED)
        self.province = province
        self.communes = communes
        self.by_name = {c.name: c for c in communes}
        self.used_serials: set[int] = set()
        self.decision_number = 112
        existing = Person.objects.filter(citizen_id__startswith=f"{PROVINCE_CODE:03d}")
        self.taken_ids = set(existing.values_list("citizen_id", flat=True))
        self.villages: dict[int, list[str]] = {}

    # names -------------------------------------------------------------------------------
    def full_name(self, ethnicity: str, sex: str, born: int) -> str:
        rng, fake = self.rng, self.fake
        if ethnicity in TAI_FAMILIES:
            middle = "Văn" if sex == MALE else "Thị"
            return f"{rng.choice(TAI_FAMILIES[ethnicity])} {middle} {rng.choice(TAI_GIVEN[sex])}"
        if ethnicity == "Mông":
            if sex == MALE:
                middle = "A" if born < 1990 or rng.random() < 0.5 else rng.choice(["Seo", "Văn"])
            else:
                middle = "Thị" if rng.random() < 0.8 else "Seo"
            return f"{rng.choice(HMONG_FAMILIES)} {middle} {rng.choice(HMONG_GIVEN[sex])}"
        if ethnicity == "Dao":
            middle = "Văn" if sex == MALE else "Thị"
            return f"{rng.choice(DAO_FAMILIES)} {middle} {rng.choice(DAO_GIVEN[sex])}"
        if ethnicity in HANHI_FAMILIES:
            family = rng.choice(HANHI_FAMILIES[ethnicity])
            return f"{family} {rng.choice(HANHI_MIDDLE[sex])} {rng.choice(HANHI_GIVEN[sex])}"
        given = fake.first_name_male() if sex == MALE else fake.first_name_female()
        if ethnicity == "Hoa":
            family = rng.choice(HOA_FAMILIES)
        elif ethnicity == "Tày":
            family = rng.choice(TAY_FAMILIES)
        else:
            family = fake.last_name()
        return f"{family} {rng.choice(KINH_MIDDLE[sex])} {given}"

    # people --------------------------------------------------------------------------------
    def citizen_id(self, sex: str, born: datetime.date) -> str:
        while True:
            serial = self.rng.randrange(1, 1_000_000)
            if serial in self.used_serials:
                continue
            value = make_citizen_id(PROVINCE_CODE, sex, born, serial)
            if value in self.taken_ids:
                continue
            self.used_serials.add(serial)
            self.taken_ids.add(value)
            return value

    def address(self, commune: Commune) -> str:
        rng = self.rng
        if commune.division_type == CommuneType.WARD:
            return f"Tổ dân phố {rng.randint(1, 24)}"
        villages = self.villages.get(commune.pk)
        if villages is None:
            villages = [f"Bản {commune.short_name}"]
            while len(villages) < 10:
                name = f"Bản {rng.choice(VILLAGE_FIRST)} {rng.choice(VILLAGE_SECOND)}"
                if name not in villages:
                    villages.append(name)
            self.villages[commune.pk] = villages
        return rng.choice(villages)

    def person(
        self,
        commune: Commune,
        *,
        sex: str | None = None,
        ethnicity: str | None = None,
        born_between: tuple[int, int] = (1960, 2008),
        education: str | None = None,
    ) -> Person:
        rng = self.rng
        profile = COMMUNE_PROFILE[commune.name]
        sex = sex or rng.choice([MALE, FEMALE])
        ethnicity = ethnicity or _weighted(rng, PROFILES[profile])
        born = _random_date(
            rng, datetime.date(born_between[0], 1, 1), datetime.date(born_between[1], 12, 31)
        )
        urban = commune.division_type == CommuneType.WARD
        if education is None:
            education = _weighted(rng, EDUCATION_WEIGHTS[(urban, born.year >= 1990)])
        religion = ""
        roll = rng.random()
        if ethnicity == "Mông" and roll < 0.22:
            religion = "Tin Lành"
        elif ethnicity == "Kinh" and roll < 0.05:
            religion = "Công giáo"
        elif ethnicity in {"Kinh", "Hoa"} and roll < 0.09:
            religion = "Phật giáo"
        if ethnicity == "Kinh" and rng.random() < 0.55:
            origin = rng.choice(ORIGIN_ELSEWHERE)
        else:
            origin = f"{commune.name}, tỉnh {self.province.name}"
        name = self.full_name(ethnicity, sex, born.year)
        phone = ""
        if rng.random() < 0.6:
            phone = f"0{rng.choice(PHONE_PREFIXES)}{rng.randrange(1_000_000):06d}"
        return Person(
            citizen_id=self.citizen_id(sex, born),
            full_name=name,
            name_sort_key=name_sort_key(name),  # Person.save() would set it; bulk_create won't
            date_of_birth=born,
            sex=sex,
            ethnicity=ethnicity,
            religion=religion,
            education_level=education,
            place_of_origin=origin[0].upper() + origin[1:],
            residence_commune=commune,
            province_id=commune.province_id,  # likewise
            address=f"{self.address(commune)}, {commune.name}",
            phone=phone,
        )

    def residents(self) -> list[Person]:
        people = []
        for commune in self.communes:
            count = max(30, (commune.population or 0) // 200)
            people.extend(self.person(commune) for _ in range(count))
        return people

    # communes ------------------------------------------------------------------------------
    def flag_communes(self) -> None:
        rng = self.rng
        for commune in self.communes:
            name = commune.name
            ward = commune.division_type == CommuneType.WARD
            commune.is_border = name in BORDER
            commune.is_remote = not ward and name not in NOT_REMOTE
            commune.is_island = False
            commune.is_key_defence = name in KEY_DEFENCE
            commune.population = rng.randint(15_000, 50_000) if ward else rng.randint(5_000, 20_000)
            if ward:
                area = rng.uniform(20, 120)
            elif COMMUNE_PROFILE[name] == "muong_nhe":
                area = rng.uniform(300, 850)
            else:
                area = rng.uniform(80, 450)
            commune.area_km2 = Decimal(f"{area:.2f}")
        Commune.objects.bulk_update(
            self.communes,
            ["is_border", "is_remote", "is_island", "is_key_defence", "population", "area_km2"],
        )

    # staffing ------------------------------------------------------------------------------
    def officer(self, commune: Commune) -> Person:
        """A regular officer placed as Commander: a man of 30–45 with a military degree."""
        return self.person(
            commune,
            sex=MALE,
            ethnicity=_weighted(self.rng, OFFICER_ETHNICITY),
            born_between=(1982, 1995),  # 30–45 years old in 2026
            education=self.rng.choice(
                [EducationLevel.UNIVERSITY] * 3 + [EducationLevel.COLLEGE] * 2
            ),
        )

    def decision(self) -> str:
        self.decision_number += self.rng.randint(1, 9)
        return f"QĐ số {self.decision_number}/QĐ-BCH"

    def staffing(self, commands: dict[int, MilitaryCommand]) -> tuple[list[Person], list[dict]]:
        """Holders (new Person rows) and their assignments (as dicts: the person's pk is
        known only after insertion)."""
        rng = self.rng
        holders: list[Person] = []
        posts: list[dict] = []

        def hold(
            commune: Commune,
            position: str,
            person: Person,
            start: datetime.date,
            end: datetime.date | None = None,
            note: str = "",
            concurrent: bool = False,
        ):
            holders.append(person)
            posts.append(
                {
                    "person": len(holders) - 1,
                    "command": commands[commune.pk],
                    "position": position,
                    "start_date": start,
                    "end_date": end,
                    "decision": self.decision(),
                    "is_concurrent": concurrent,
                    "note": note,
                }
            )

        unit = {CommuneType.WARD: "phường", CommuneType.SPECIAL_ZONE: "đặc khu"}
        names = [c.name for c in self.communes]

        def drawn(position: str, always: tuple[str, ...] = ()) -> set[str]:
            count = round(FILL_SHARE[position] * len(names))
            others = [n for n in names if n not in always]
            return set(always) | set(rng.sample(others, count - len(always)))

        filled = {
            Position.POLITICAL_COMMISSAR: drawn(Position.POLITICAL_COMMISSAR, ALWAYS_COMMANDED),
            Position.DEPUTY_COMMANDER: drawn(Position.DEPUTY_COMMANDER),
            Position.DEPUTY_POLITICAL_COMMISSAR: drawn(Position.DEPUTY_POLITICAL_COMMISSAR),
            Position.ASSISTANT: drawn(Position.ASSISTANT),
        }
        for commune in self.communes:
            window_end = datetime.date(2026, 2, 13)  # all Commanders in post by 13/02/2026
            start = (
                STRENGTHENING_DATE
                if commune.name in ALWAYS_COMMANDED
                else _random_date(rng, STRENGTHENING_DATE, window_end)
            )
            if commune.name == VACATED:
                hold(
                    commune,
                    Position.COMMANDER,
                    self.officer(commune),
                    start,
                    VACATED_ON,
                    "Sĩ quan thường trực; điều động nhận nhiệm vụ khác",
                )
            elif commune.name == REPLACED:
                hold(
                    commune,
                    Position.COMMANDER,
                    self.officer(commune),
                    start,
                    REPLACED_ON,
                    "Sĩ quan thường trực; đi học tại Học viện Chính trị",
                )
                hold(
                    commune,
                    Position.COMMANDER,
                    self.officer(commune),
                    REPLACED_ON + datetime.timedelta(days=1),
                    note="Sĩ quan thường trực",
                )
            elif commune.name not in NEVER_COMMANDED:
                hold(
                    commune,
                    Position.COMMANDER,
                    self.officer(commune),
                    start,
                    note="Sĩ quan thường trực",
                )

            if commune.name in filled[Position.POLITICAL_COMMISSAR]:
                secretary = self.person(
                    commune,
                    sex=MALE if rng.random() < 0.8 else FEMALE,
                    born_between=(1968, 1986),
                    education=rng.choice(
                        [EducationLevel.UNIVERSITY] * 4 + [EducationLevel.POSTGRADUATE]
                    ),
                )
                kind = unit.get(commune.division_type, "xã")
                hold(
                    commune,
                    Position.POLITICAL_COMMISSAR,
                    secretary,
                    STRENGTHENING_DATE,
                    note=f"Bí thư Đảng ủy {kind}",
                    concurrent=True,
                )

            later = (datetime.date(2026, 2, 1), datetime.date(2026, 9, 30))
            deputies = 0
            if commune.name in filled[Position.DEPUTY_COMMANDER]:
                deputies = 1
                if commune.is_key_defence and rng.random() < SECOND_DEPUTY_SHARE:
                    deputies = 2
            for _ in range(deputies):
                deputy = self.person(
                    commune,
                    sex=MALE if rng.random() < 0.9 else FEMALE,
                    born_between=(1981, 1998),
                    education=rng.choice([EducationLevel.UNIVERSITY, EducationLevel.COLLEGE]),
                )
                hold(
                    commune,
                    Position.DEPUTY_COMMANDER,
                    deputy,
                    _random_date(rng, *later),
                    note="Công chức",
                )
            if commune.name in filled[Position.DEPUTY_POLITICAL_COMMISSAR]:
                deputy = self.person(
                    commune,
                    sex=MALE if rng.random() < 0.7 else FEMALE,
                    born_between=(1986, 2000),
                    education=EducationLevel.UNIVERSITY,
                )
                hold(
                    commune, Position.DEPUTY_POLITICAL_COMMISSAR, deputy, _random_date(rng, *later)
                )
            if commune.name in filled[Position.ASSISTANT]:
                assistant = self.person(
                    commune,
                    born_between=(1988, 2001),
                    education=rng.choice([EducationLevel.UNIVERSITY, EducationLevel.COLLEGE]),
                )
                hold(
                    commune,
                    Position.ASSISTANT,
                    assistant,
                    _random_date(rng, *later),
                    note="Công chức",
                )
        return holders, posts


def _check_names(communes: list[Commune]) -> None:
    present = {c.name for c in communes}
    expected = set(COMMUNE_PROFILE)
    if present != expected:
        raise DemoDataError(
            "The demo data does not match Điện Biên's communes in vietnam-provinces: "
            f"missing from the package {sorted(expected - present)}, "
            f"unknown to the demo {sorted(present - expected)}. Update garrison/demo/dienbien.py."
        )


def _force_delete(queryset) -> None:
    """Delete `queryset`, first deleting rows of other registers that protect it (the demo's
    --reset wipes the demo province completely, whatever other apps attached to it)."""
    for _attempt in range(20):
        try:
            queryset.delete()
            return
        except (ProtectedError, RestrictedError) as error:
            blocking = getattr(error, "protected_objects", None) or error.restricted_objects
            by_model: dict[type, list] = defaultdict(list)
            for obj in blocking:
                by_model[type(obj)].append(obj.pk)
            for model, pks in by_model.items():
                _force_delete(model._base_manager.filter(pk__in=pks))
    queryset.delete()


def reset() -> None:
    """Remove the demo rows of Điện Biên: assignments, people, reorganisations, predecessor
    units. Territory, commands and staffing tables stay (they are not demo data); the demo
    accounts are updated in place by `prepare` (accounts are disabled, never deleted, because
    the audit log points at them)."""
    with transaction.atomic():
        _force_delete(Assignment.objects.filter(province__code=PROVINCE_CODE))
        _force_delete(PredecessorUnit.objects.filter(commune__province__code=PROVINCE_CODE))
        _force_delete(Reorganisation.objects.filter(province__code=PROVINCE_CODE))
        _force_delete(Person.objects.filter(province__code=PROVINCE_CODE))


def prepare() -> dict[str, int]:
    """Generate the demo data of Điện Biên (the province must be loaded and its commands
    created). Returns counts of what was created."""
    province = Province.objects.get(code=PROVINCE_CODE)
    communes = list(Commune.objects.filter(province=province).order_by("code"))
    _check_names(communes)
    generator = _Generator(province, communes)

    with transaction.atomic():
        generator.flag_communes()
        # the staffing table follows the flags (key-defence communes: 2 deputies)
        key = [c.pk for c in communes if c.is_key_defence]
        deputy = StaffingQuota.objects.filter(
            command__commune__province=province, position=Position.DEPUTY_COMMANDER
        )
        deputy.filter(command__commune__in=key).update(
            quota=default_quotas(key_defence=True)[Position.DEPUTY_COMMANDER]
        )
        deputy.exclude(command__commune__in=key).update(
            quota=default_quotas(key_defence=False)[Position.DEPUTY_COMMANDER]
        )

        commands = {
            c.commune_id: c
            for c in MilitaryCommand.objects.filter(province=province, level="commune")
        }
        phone_block = 3_820_000
        for commune in communes:
            command = commands[commune.pk]
            command.established_on = STRENGTHENING_DATE
            command.address = f"Trụ sở Ủy ban nhân dân {commune.name[0].lower()}{commune.name[1:]}"
            phone_block += generator.rng.randint(100, 900)
            command.phone = f"0215 {phone_block // 1000:04d} {phone_block % 1000:03d}"
        MilitaryCommand.objects.bulk_update(
            list(commands.values()), ["established_on", "address", "phone"]
        )

        merger = Reorganisation.objects.create(
            province=province,
            date=MERGER_DATE,
            legal_basis=MERGER_BASIS,
            title=MERGER_TITLE,
            description=MERGER_DESCRIPTION,
        )
        strengthening = Reorganisation.objects.create(
            province=province,
            date=STRENGTHENING_DATE,
            legal_basis=STRENGTHENING_BASIS,
            title=STRENGTHENING_TITLE,
            description=STRENGTHENING_DESCRIPTION,
        )
        merger.commands.set(commands.values())
        strengthening.commands.set(commands.values())
        predecessors = [
            PredecessorUnit(
                commune=generator.by_name[successor],
                name=former,
                former_district=FORMER_DISTRICT[COMMUNE_PROFILE[successor]],
                reorganisation=merger,
                merged_on=MERGER_DATE,
            )
            for successor, formers in PREDECESSORS.items()
            for former in formers
        ]
        PredecessorUnit.objects.bulk_create(predecessors)

        people = generator.residents()
        holders, posts = generator.staffing(commands)
        Person.objects.bulk_create(people + holders, batch_size=500)
        # bulk_create sets the primary keys on SQLite 3.35+ and PostgreSQL; read them back by
        # citizen ID so any backend works
        pk_of = dict(
            Person.objects.filter(citizen_id__in=[h.citizen_id for h in holders]).values_list(
                "citizen_id", "pk"
            )
        )
        assignments = []
        for post in posts:
            command = post.pop("command")
            holder = holders[post.pop("person")]
            assignments.append(
                Assignment(
                    command=command,
                    person_id=pk_of[holder.citizen_id],
                    province_id=command.province_id,  # Assignment.save() copies them
                    commune_id=command.commune_id,
                    **post,
                )
            )
        Assignment.objects.bulk_create(assignments, batch_size=500)

        users = ensure_users(province, set_password=True)

    return {
        "communes": len(communes),
        "people": len(people) + len(holders),
        "assignments": len(assignments),
        "predecessors": len(predecessors),
        "users": users,
    }


def ensure_users(province: Province, *, set_password: bool) -> int:
    """Create or update the demo accounts (role, scope, name; a commune account is named
    after its commune's Commander in post). The password is set to `PASSWORD` when
    `set_password` or when the account is new."""
    communes = {
        c.name: c
        for c in Commune.objects.filter(
            province=province, name__in=[d.commune for d in DEMO_USERS if d.commune]
        )
    }
    commanders = dict(
        Assignment.objects.current()
        .filter(commune__in=communes.values(), position=Position.COMMANDER)
        .order_by("start_date")
        .values_list("commune_id", "person__full_name")
    )
    password_hash = ""  # hashed once for all the accounts, and only if needed
    for demo in DEMO_USERS:
        commune = communes[demo.commune] if demo.commune else None
        full_name = demo.full_name
        if commune is not None:
            full_name = commanders.get(commune.pk) or f"Chỉ huy trưởng {commune.name}"
        user, created = User.objects.update_or_create(
            username=demo.username,
            defaults={
                "role": demo.role,
                "province": None if demo.nation else province,
                "commune": commune,
                "full_name": full_name,
                "is_active": True,
            },
        )
        if created or set_password:
            password_hash = password_hash or make_password(PASSWORD)
            user.password = password_hash
            user.save(update_fields=["password"])
    return len(DEMO_USERS)


def logins() -> list[tuple[str, str, str, str]]:
    """(username, password, role, scope) of each demo account, for the console."""
    rows = []
    users = {
        u.username: u
        for u in User.objects.filter(username__in=[d.username for d in DEMO_USERS]).select_related(
            "province", "commune"
        )
    }
    for demo in DEMO_USERS:
        user = users.get(demo.username)
        if user is None:
            continue
        rows.append((user.username, PASSWORD, str(Role(user.role).label), user.scope_label))
    return rows
