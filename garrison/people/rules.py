"""Citizen ID (CCCD) rules. Pure functions, no ORM.

A CCCD has 12 digits (Thông tư 59/2021/TT-BCA, Art 7): digits 1–3 the province code of birth
registration, digit 4 sex and century of birth, digits 5–6 the last two digits of the year of
birth, digits 7–12 a random number. Digit 4: 0/1 born 1900–1999 (male/female), 2/3 2000–2099,
4/5 2100–2199, 6/7 2200–2299, 8/9 2300–2399.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Literal

from django.utils.translation import gettext as _

MALE = "male"
FEMALE = "female"
# The one-letter sex the law engines read in their facts (conscription, forces): "M" or "F".
SexCode = Literal["M", "F"]


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
