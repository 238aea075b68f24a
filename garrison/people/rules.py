"""Citizen ID (CCCD) rules. Pure functions, no ORM.

A CCCD has 12 digits (Thông tư 59/2021/TT-BCA, Art 7): digits 1–3 the province code of birth
registration, digit 4 sex and century of birth, digits 5–6 the last two digits of the year of
birth, digits 7–12 a random number. Digit 4: 0/1 born 1900–1999 (male/female), 2/3 2000–2099,
4/5 2100–2199, 6/7 2200–2299, 8/9 2300–2399.

Digits 1–3 are the code of the province (the 63 of 2016, before the 2025 mergers: the code
stays with the person) where the birth was registered, from the list of Thông tư 07/2016/TT-BCA
Annex 1, kept by Thông tư 59/2021/TT-BCA: 001 Hà Nội … 096 Cà Mau. For a birth registered
abroad the circular speaks of "the code of the country" where it was registered; its list of
those codes could not be confirmed (UNCONFIRMED, as LAW.md tags it), so no country code is
accepted yet: add them to `ABROAD_CODES` once read.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from django.utils.translation import gettext as _

MALE = "male"
FEMALE = "female"
# The one-letter sex the law engines read in their facts (conscription, forces): "M" or "F".
SexCode = Literal["M", "F"]


#: the 63 province codes of birth registration (TT 07/2016/TT-BCA Annex 1, kept by TT 59/2021)
PROVINCE_CODES: dict[str, str] = {
    "001": "Hà Nội", "002": "Hà Giang", "004": "Cao Bằng", "006": "Bắc Kạn",
    "008": "Tuyên Quang", "010": "Lào Cai", "011": "Điện Biên", "012": "Lai Châu",
    "014": "Sơn La", "015": "Yên Bái", "017": "Hòa Bình", "019": "Thái Nguyên",
    "020": "Lạng Sơn", "022": "Quảng Ninh", "024": "Bắc Giang", "025": "Phú Thọ",
    "026": "Vĩnh Phúc", "027": "Bắc Ninh", "030": "Hải Dương", "031": "Hải Phòng",
    "033": "Hưng Yên", "034": "Thái Bình", "035": "Hà Nam", "036": "Nam Định",
    "037": "Ninh Bình", "038": "Thanh Hóa", "040": "Nghệ An", "042": "Hà Tĩnh",
    "044": "Quảng Bình", "045": "Quảng Trị", "046": "Thừa Thiên Huế", "048": "Đà Nẵng",
    "049": "Quảng Nam", "051": "Quảng Ngãi", "052": "Bình Định", "054": "Phú Yên",
    "056": "Khánh Hòa", "058": "Ninh Thuận", "060": "Bình Thuận", "062": "Kon Tum",
    "064": "Gia Lai", "066": "Đắk Lắk", "067": "Đắk Nông", "068": "Lâm Đồng",
    "070": "Bình Phước", "072": "Tây Ninh", "074": "Bình Dương", "075": "Đồng Nai",
    "077": "Bà Rịa - Vũng Tàu", "079": "Hồ Chí Minh", "080": "Long An", "082": "Tiền Giang",
    "083": "Bến Tre", "084": "Trà Vinh", "086": "Vĩnh Long", "087": "Đồng Tháp",
    "089": "An Giang", "091": "Kiên Giang", "092": "Cần Thơ", "093": "Hậu Giang",
    "094": "Sóc Trăng", "095": "Bạc Liêu", "096": "Cà Mau",
}  # fmt: skip
#: codes of the countries where a birth abroad was registered (UNCONFIRMED: see the docstring)
ABROAD_CODES: dict[str, str] = {}


@dataclass(frozen=True)
class CitizenIdProblem:
    digit: int | None  # 1-based position of the disagreeing digit, None for a format problem
    message: str


def century_digit(sex: str, birth_year: int) -> int:
    """The 4th digit a CCCD must have for this sex and year of birth."""
    century_index = (birth_year - 1900) // 100  # 1900s → 0, 2000s → 1 …
    if not 0 <= century_index <= 4:
        raise ValueError(f"year {birth_year} is outside 1900–2399")
    return century_index * 2 + (1 if sex == FEMALE else 0)


def check_citizen_id(
    citizen_id: str, *, sex: str | None = None, date_of_birth: datetime.date | None = None
) -> list[CitizenIdProblem]:
    """Every problem with `citizen_id` for a person of `sex` born on `date_of_birth`."""
    value = citizen_id.strip()
    if len(value) != 12 or not value.isdigit():
        return [
            CitizenIdProblem(
                None,
                _(
                    "A citizen ID has exactly 12 digits; %(value)s has %(count)d "
                    "characters%(extra)s."
                )
                % {
                    "value": value or "''",
                    "count": len(value),
                    "extra": "" if value.isdigit() or not value else _(", not all of them digits"),
                },
            )
        ]
    problems: list[CitizenIdProblem] = []
    if value[:3] not in PROVINCE_CODES and value[:3] not in ABROAD_CODES:
        problems.append(
            CitizenIdProblem(
                1,
                _(
                    "The first three digits of the citizen ID are %(got)s, which is no "
                    "province code of birth registration: they run from 001 (Hà Nội) to 096 "
                    "(Cà Mau), e.g. 011 for Điện Biên."
                )
                % {"got": value[:3]},
            )
        )
    if sex in (MALE, FEMALE) and date_of_birth is not None:
        try:
            expected = century_digit(sex, date_of_birth.year)
        except ValueError:
            expected = None
        if expected is not None and int(value[3]) != expected:
            problems.append(
                CitizenIdProblem(
                    4,
                    _(
                        "Digit 4 of the citizen ID is %(got)s, but a %(sex)s born in %(year)d "
                        "must have %(expected)d there (it encodes sex and century of birth)."
                    )
                    % {
                        "got": value[3],
                        "sex": _("man") if sex == MALE else _("woman"),
                        "year": date_of_birth.year,
                        "expected": expected,
                    },
                )
            )
        if value[4:6] != f"{date_of_birth.year % 100:02d}":
            problems.append(
                CitizenIdProblem(
                    5,
                    _(
                        "Digits 5–6 of the citizen ID are %(got)s, but the person was born in "
                        "%(year)d, so they must be %(expected)s."
                    )
                    % {
                        "got": value[4:6],
                        "year": date_of_birth.year,
                        "expected": f"{date_of_birth.year % 100:02d}",
                    },
                )
            )
    return problems


def make_citizen_id(province_code: int, sex: str, date_of_birth: datetime.date, serial: int) -> str:
    """A CCCD consistent with the rules above (used by the demo and the tests)."""
    return (
        f"{province_code % 1000:03d}{century_digit(sex, date_of_birth.year)}"
        f"{date_of_birth.year % 100:02d}{serial % 1_000_000:06d}"
    )


#: characters a name may hold besides letters (and the marks of Vietnamese letters): the space,
#: the hyphen and apostrophes of minority names ("H'Hen Niê", "Y-Moan"), the dot of an initial
NAME_PUNCTUATION = frozenset(" -'’.")
_MARKUP = re.compile(r"<[^>]*>|&#?\w+;")


def check_full_name(value: str) -> str | None:
    """Why `value` cannot be a person's name, or None when it can (its length is the field's
    business)."""
    name = " ".join(value.split())
    if not name:
        return None
    if _MARKUP.search(name) or "<" in name or ">" in name:
        return _(
            "%(value)s cannot be a person's name: it holds markup (< >). Type the name as "
            "written on the citizen ID card."
        ) % {"value": name}
    if not any(ch.isalpha() for ch in name):
        return _(
            "%(value)s cannot be a person's name: it has no letters. Type the name as written "
            "on the citizen ID card."
        ) % {"value": name}
    odd = sorted(
        {
            ch
            for ch in name
            if not (ch.isalpha() or unicodedata.category(ch).startswith("M"))
            and ch not in NAME_PUNCTUATION
        }
    )
    if odd:
        return _(
            "%(value)s cannot be a person's name: a name has letters, spaces, hyphens and "
            "apostrophes only, not %(chars)s."
        ) % {"value": name, "chars": " ".join(odd)}
    return None
