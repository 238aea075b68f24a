"""Figures, ratios and periods as a reader expects them in their language, from the one
formatting module (`core.formatting`) and its template filters (issue 16, section 4)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from garrison.core import formatting
from garrison.core.formatting import Ratio
from garrison.reporting.returns import periods

DAY = datetime.date(2026, 11, 15)  # every date of this module derives from this one day


@pytest.mark.parametrize(
    ("kind", "vi", "en"),
    [
        ("month", "Tháng 11/2026", "November 2026"),
        ("quarter", "Quý 4/2026", "Q4 2026"),
        ("half_year", "6 tháng cuối năm 2026", "second half of 2026"),
        ("year", "Năm 2026", "Year 2026"),
        ("week", "Tuần 46/2026 (09/11–15/11)", "Week 46/2026 (09/11–15/11)"),
    ],
)
def test_every_period_type_is_named_as_a_reader_names_it(kind, vi, en):
    period = periods.period_containing(kind, DAY)

    with translation.override("vi"):
        assert period.label == vi
        assert str(period) == vi
    with translation.override("en"):
        assert period.label == en


def test_an_event_period_is_its_days():
    event = (DAY, DAY + datetime.timedelta(days=4))
    period = periods.period_containing("event", DAY, event)

    with translation.override("vi"):
        assert period.label == "từ 15/11/2026 đến 19/11/2026"


@pytest.mark.parametrize(
    ("value", "vi", "en"),
    [
        (2 / 3, "66,7%", "66.7%"),
        (0.5, "50%", "50%"),
        (1, "100%", "100%"),
        (0.0004, "0%", "0%"),
        (12.345, "1.234,5%", "1,234.5%"),
        (None, "—", "—"),
    ],
)
def test_a_ratio_is_a_percentage_with_one_decimal(value, vi, en):
    with translation.override("vi"):
        assert formatting.format_percent(value) == vi
    with translation.override("en"):
        assert formatting.format_percent(value) == en


@pytest.mark.parametrize(
    ("value", "vi", "en"),
    [(2383, "2.383", "2,383"), (12345678, "12.345.678", "12,345,678"), (7, "7", "7")],
)
def test_a_count_groups_its_thousands(value, vi, en):
    with translation.override("vi"):
        assert formatting.format_count(value) == vi
    with translation.override("en"):
        assert formatting.format_count(value) == en


def test_a_decimal_takes_the_languages_mark():
    with translation.override("vi"):
        assert formatting.format_decimal(Decimal("0.50")) == "0,5"
        assert formatting.format_decimal(93.333333) == "93,3"
        assert formatting.format_percentage(93.333333) == "93,3%"
        assert formatting.format_decimal(1234.56, digits=2) == "1.234,56"


@pytest.mark.parametrize(
    ("value", "vi"),
    [
        ("2026-04", "Tháng 04/2026"),
        ("2026-11-05", "05/11/2026"),
        (datetime.date(2026, 11, 5), "05/11/2026"),
        ("not a date", "not a date"),
        (None, "—"),
    ],
)
def test_a_law_engines_day_or_month_reads_the_vietnamese_way(value, vi):
    with translation.override("vi"):
        assert formatting.format_when(value) == vi


def test_the_template_filters_use_the_one_module():
    template = Template(
        "{% load garrison %}{{ r|percent }} {{ p|percentage }} {{ n|count }} {{ d|decimal }} "
        "{{ m|when }} {{ ratio|display }}"
    )
    context = Context(
        {"r": 2 / 3, "p": 93.33, "n": 2658, "d": 0.25, "m": "2026-04", "ratio": Ratio(2 / 3)}
    )

    with translation.override("vi"):
        assert template.render(context) == "66,7% 93,3% 2.658 0,3 Tháng 04/2026 66,7%"


def test_a_ratio_stays_a_fraction_for_exports():
    ratio = Ratio.of(2 / 3)

    assert ratio == pytest.approx(0.6667, abs=1e-4)
    assert Ratio.of(None) is None
