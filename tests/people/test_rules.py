"""Citizen ID (CCCD) checks and the Vietnamese name order."""

import datetime

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from garrison.core.text import name_sort_key
from garrison.people.rules import (
    FEMALE,
    MALE,
    PROVINCE_CODES,
    check_citizen_id,
    make_citizen_id,
)


@pytest.fixture(autouse=True)
def _english():
    """The messages are read in English, whichever language an earlier test left active (the
    default is Vietnamese: run alone, this module used to fail)."""
    with translation.override("en"):
        yield


def test_it_accepts_a_consistent_citizen_id():
    assert check_citizen_id("011090123456", sex=MALE, date_of_birth=datetime.date(1990, 5, 1)) == []
    assert (
        check_citizen_id("011305123456", sex=FEMALE, date_of_birth=datetime.date(2005, 5, 1)) == []
    )


def test_it_requires_twelve_digits():
    for bad in ("01109012345", "0110901234567", "01109012345a", ""):
        problems = check_citizen_id(bad)
        assert len(problems) == 1
        assert problems[0].digit is None
        assert "12 digits" in problems[0].message


def test_it_names_digit_4_when_sex_disagrees():
    problems = check_citizen_id("011090123456", sex=FEMALE, date_of_birth=datetime.date(1990, 1, 1))
    assert [p.digit for p in problems] == [4]
    assert "Digit 4" in problems[0].message and "must have 1" in problems[0].message


def test_it_names_digit_4_when_century_disagrees():
    problems = check_citizen_id("011005123456", sex=MALE, date_of_birth=datetime.date(2005, 1, 1))
    assert [p.digit for p in problems] == [4]
    assert "must have 2" in problems[0].message


def test_it_names_digits_5_6_when_birth_year_disagrees():
    problems = check_citizen_id("011091123456", sex=MALE, date_of_birth=datetime.date(1990, 1, 1))
    assert [p.digit for p in problems] == [5]
    assert "Digits 5–6" in problems[0].message and "must be 90" in problems[0].message


@given(
    sex=st.sampled_from([MALE, FEMALE]),
    born=st.dates(datetime.date(1900, 1, 1), datetime.date(2099, 12, 31)),
    serial=st.integers(0, 999_999),
    province=st.sampled_from(sorted(int(code) for code in PROVINCE_CODES)),
)
def test_it_accepts_every_generated_citizen_id(sex, born, serial, province):
    value = make_citizen_id(province, sex, born, serial)
    assert check_citizen_id(value, sex=sex, date_of_birth=born) == []


def test_names_sort_by_given_name_then_middle_then_family():
    names = ["Nguyễn Văn Bình", "Lê Thị An", "Trần Văn An", "Đỗ Ánh", "Lò Văn Anh", "Vừ A Dính"]
    ordered = sorted(names, key=name_sort_key)
    assert ordered == [
        "Lê Thị An",
        "Trần Văn An",
        "Lò Văn Anh",
        "Đỗ Ánh",
        "Nguyễn Văn Bình",
        "Vừ A Dính",
    ]


def test_vietnamese_letters_follow_the_vietnamese_alphabet():
    # d < đ, and a < ă < â, whatever their byte order in Unicode
    assert sorted(["Đạt", "Dũng"], key=name_sort_key) == ["Dũng", "Đạt"]
    assert sorted(["Ân", "Ăn", "An"], key=name_sort_key) == ["An", "Ăn", "Ân"]
    # tones break ties only: level < grave < hook < tilde < acute < dot
    assert sorted(["Má", "Mạ", "Mà", "Ma", "Mả", "Mã"], key=name_sort_key) == [
        "Ma",
        "Mà",
        "Mả",
        "Mã",
        "Má",
        "Mạ",
    ]
