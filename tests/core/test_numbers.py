"""Numbers as Vietnamese and English staff type them (issue 16, section 1): `core.numbers`
reads "0,5", "1.200", "1 200" and "0.5", "1,200" alike, refuses what it cannot read for sure
with a message that says how to write it, and shows a stored number back so that it reads the
same again. Plus the habits that keep every number input on it."""

from __future__ import annotations

import ast
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

import garrison
from garrison.core import numbers
from garrison.core.numbers import format_number, parse_number

ROOT = Path(garrison.__file__).parent
PROJECT = ROOT.parent


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English; the decimal mark in Vietnamese is asserted where it
    shows (format_number, the ambiguity message)."""
    with translation.override("en"):
        yield


# --- the parser ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("12", 12),
        ("1.200", 1200),  # Vietnamese thousands
        ("1 200", 1200),
        ("1\u00a0200", 1200),  # a no-break space, as a word processor writes it
        ("1\u202f200", 1200),
        ("1,200", 1200),  # English thousands
        ("12.345.678", 12345678),
        ("12,345,678", 12345678),
        ("-3", -3),
        ("\u22123", -3),  # the minus sign (U+2212) a word processor puts for "-"
        ("+7", 7),
        (" 15 ", 15),
        ("2,0", 2),  # a decimal that is whole
        ("007", 7),
    ],
)
def test_a_count_reads_thousands_the_vietnamese_and_the_english_way(typed, number):
    assert parse_number(typed, whole=True) == number


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("0,5", "0.5"),  # the decimal comma the help text suggests
        ("0.5", "0.5"),
        (",5", "0.5"),
        ("2,25", "2.25"),
        ("0,125", "0.125"),  # a lone 0 before the mark: never a thousands group
        ("1234,567", "1234.567"),  # four digits before it: never a thousands group
        ("1.200,5", "1200.5"),
        ("1,200.5", "1200.5"),
        ("1 200,5", "1200.5"),
        ("1 200.5", "1200.5"),
        ("12.345.678,25", "12345678.25"),
        ("1 200", "1200"),
        ("0,50", "0.5"),
        ("\u22122,5", "-2.5"),
    ],
)
def test_a_decimal_reads_both_decimal_marks(typed, number):
    assert parse_number(typed, whole=False) == Decimal(number)


@pytest.mark.parametrize("typed", ["0,5", "2,5", "1,20", "0.5", "1.200,5", "1,200.5", "0,125"])
def test_a_count_refuses_decimals_saying_so(typed):
    with pytest.raises(ValidationError) as refused:
        parse_number(typed, whole=True)
    assert refused.value.code == "not_whole"
    message = refused.value.messages[0]
    assert f"“{typed}”" in message and "is not a whole number" in message


@pytest.mark.parametrize(
    ("typed", "whole", "decimal"),
    # the decimal reading, as the Vietnamese user would write it so that it is not refused again
    [("1.200", "1200", "1,2"), ("1,250", "1250", "1,25"), ("-9.999", "-9999", "-9,9990")],
)
def test_a_decimal_refuses_a_lone_mark_before_three_digits_spelling_out_both_readings(
    typed, whole, decimal
):
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        parse_number(typed, whole=False)
    assert refused.value.code == "ambiguous"
    assert refused.value.params == {"value": typed, "whole": whole, "decimal": decimal}
    with translation.override("vi"):
        assert parse_number(decimal, whole=False) == Decimal(decimal.replace(",", "."))


def test_the_messages_speak_vietnamese_to_vietnamese_staff():
    with translation.override("vi"):
        with pytest.raises(ValidationError) as ambiguous:
            parse_number("1.250", whole=False)
        assert ambiguous.value.messages[0].startswith("“1.250” có thể hiểu là 1250 hoặc 1,25")
        with pytest.raises(ValidationError) as not_whole:
            parse_number("2,5", whole=True)
        assert not_whole.value.messages[0].startswith("“2,5” không phải số nguyên")


def test_the_ambiguity_message_speaks_the_users_decimal_mark():
    with pytest.raises(ValidationError) as refused:
        parse_number("1,250", whole=False)
    assert refused.value.messages[0] == (
        "“1,250” could be 1250 or 1.25: write 1250 for the whole number, or 1.25 for the decimal."
    )


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "abc",
        "mười",
        "1e3",
        "1.",
        "1..2",
        "1.2.3",  # groups of one digit are no thousands
        "12 5",
        "1,5.3",
        "1.200 300",  # two kinds of grouping
        "1.20.300",
        "0.500.000",  # a first group of 0
        "1.200.5",  # the decimal mark cannot be the grouping mark
        "- 5",
        "+-5",
        "١٢",  # Arabic-Indic digits
        "1" * 61,
        "NaN",
        "Infinity",
    ],
)
def test_what_is_not_a_number_is_refused_saying_how_to_write_one(typed):
    for whole in (True, False):
        with pytest.raises(ValidationError) as refused:
            parse_number(typed, whole=whole)
        assert refused.value.code in {"invalid", "invalid_whole"}
        assert "e.g. 12" in refused.value.messages[0]


def test_numbers_given_as_numbers_pass_through():
    assert numbers.to_decimal(3, whole=True) == 3
    assert numbers.to_decimal(0.5, whole=False) == Decimal("0.5")
    assert numbers.to_decimal(Decimal("1.250"), whole=False) == Decimal("1.25")
    assert numbers.to_decimal(2.0, whole=True) == 2
    for bad, whole in ((2.5, True), (True, True), (float("nan"), False), (float("inf"), False)):
        with pytest.raises(ValidationError):
            numbers.to_decimal(bad, whole=whole)


# --- properties: what Vietnamese and English writing makes of a number is read back ---------
def grouped(integer: int, separator: str) -> str:
    return f"{integer:,}".replace(",", separator)


@settings(max_examples=300, deadline=None)
@given(
    integer=st.integers(min_value=0, max_value=10**12),
    separator=st.sampled_from([".", ",", " ", "\u00a0", "\u202f", ""]),
    negative=st.booleans(),
)
def test_a_whole_number_written_either_way_is_read_back(integer, separator, negative):
    text = ("-" if negative else "") + grouped(integer, separator)
    assert parse_number(text, whole=True) == (-integer if negative else integer)


@settings(max_examples=300, deadline=None)
@given(
    integer=st.integers(min_value=0, max_value=10**9),
    fraction=st.from_regex(r"[0-9]{1,2}|[0-9]{4,6}", fullmatch=True),
    style=st.sampled_from(["vi", "vi-space", "en", "plain-vi", "plain-en"]),
)
def test_a_decimal_written_the_vietnamese_or_the_english_way_is_read_back(integer, fraction, style):
    group, mark = {
        "vi": (".", ","),
        "vi-space": (" ", ","),
        "en": (",", "."),
        "plain-vi": ("", ","),
        "plain-en": ("", "."),
    }[style]
    text = f"{grouped(integer, group)}{mark}{fraction}"
    assert parse_number(text, whole=False) == Decimal(f"{integer}.{fraction}")


@settings(max_examples=200, deadline=None)
@given(
    integer=st.integers(min_value=1, max_value=999),
    fraction=st.from_regex(r"[0-9]{3}", fullmatch=True),
    mark=st.sampled_from([".", ","]),
)
def test_a_lone_mark_before_three_digits_is_a_count_or_a_question(integer, fraction, mark):
    text = f"{integer}{mark}{fraction}"
    assert parse_number(text, whole=True) == int(f"{integer}{fraction}")
    with pytest.raises(ValidationError) as refused:
        parse_number(text, whole=False)
    assert refused.value.code == "ambiguous"


@settings(max_examples=300, deadline=None)
@given(
    number=st.decimals(
        min_value=Decimal("-1e9"), max_value=Decimal("1e9"), places=3, allow_nan=False
    )
    | st.floats(min_value=-1e9, max_value=1e9).filter(lambda x: x == 0 or abs(x) > 1e-9)
    | st.integers(min_value=-(10**12), max_value=10**12),
    language=st.sampled_from(["vi", "en"]),
)
def test_a_number_shown_in_a_form_reads_back_as_the_same_number(number, language):
    with translation.override(language):
        shown = format_number(number)
        read = parse_number(shown, whole=False)
    assert read == Decimal(repr(number) if isinstance(number, float) else number)


def test_a_number_is_shown_as_the_user_types_it():
    with translation.override("vi"):
        assert format_number(Decimal("0.5")) == "0,5"
        assert format_number(1200) == "1200"
        assert format_number(4.0) == "4"
        assert format_number(Decimal("1.250")) == "1,2500"  # "1,250" would read as 1250 too
    assert format_number(Decimal("0.5")) == "0.5"


# --- the form fields ------------------------------------------------------------------------------
class TrainingForm(forms.Form):
    days = numbers.DecimalField(max_digits=3, decimal_places=1, min_value=Decimal("0.5"))
    people = numbers.IntegerField(min_value=0)
    share = numbers.FloatField(required=False)


def test_the_fields_read_what_was_typed_and_refuse_with_a_message():
    form = TrainingForm({"days": "0,5", "people": "1.200", "share": "12,5"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"days": Decimal("0.5"), "people": 1200, "share": 12.5}
    form = TrainingForm({"days": "1.200", "people": "2,5", "share": ""})
    assert not form.is_valid()
    assert "could be 1200 or 1.2" in form.errors["days"][0]
    assert "“2,5”" in form.errors["people"][0]
    assert form["days"].value() == "1.200"  # a refused input comes back as typed


def test_the_inputs_send_exactly_what_was_typed_and_show_the_stored_value_in_the_language():
    form = TrainingForm(initial={"days": Decimal("0.5"), "people": 1200, "share": 2.5})
    with translation.override("vi"):
        html = str(form["days"])
        assert 'type="text"' in html and 'inputmode="decimal"' in html and 'value="0,5"' in html
        assert 'type="number"' not in str(form)
        people = str(form["people"])
        assert 'inputmode="numeric"' in people and 'value="1200"' in people
        assert 'value="2,5"' in str(form["share"])
    assert 'value="0.5"' in str(form["days"])


def test_a_model_form_turns_django_number_fields_into_ours():
    from garrison.core.forms import ModelForm
    from garrison.forces.models import TrainingSession

    class SessionForm(ModelForm):
        class Meta:
            model = TrainingSession
            fields = ["days"]

    field = SessionForm.base_fields["days"]
    assert isinstance(field, numbers.DecimalField)
    assert field.to_python("0,5") == Decimal("0.5")
    assert field.decimal_places == 1 and field.max_digits == 3  # the model's bounds kept
    html = str(SessionForm()["days"])
    assert 'type="text"' in html and "step" not in html


# --- habits: every number input goes through core.numbers ---------------------------------------
#: Django's own number fields and widget, which read "0,5" and "1.200" wrongly or not at all
DJANGO_NUMBERS = {"IntegerField", "DecimalField", "FloatField", "NumberInput"}


def _modules():
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        name = path.relative_to(PROJECT).as_posix()
        yield name, ast.parse(path.read_text(encoding="utf-8"), filename=name)


def _is_forms_attr(node: ast.AST, names: set[str]) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr in names
        and isinstance(node.value, ast.Name)
        and node.value.id == "forms"
    )


def test_no_form_makes_a_django_number_field():
    """`forms.IntegerField(...)` reads "1.200" as an error and `forms.DecimalField` "0,5";
    `core.numbers` has the fields that read both."""
    found = [
        f"{name}:{node.lineno}"
        for name, tree in _modules()
        if name != "garrison/core/numbers.py"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and _is_forms_attr(node.func, DJANGO_NUMBERS)
    ]
    assert not found, "use garrison.core.numbers' fields instead: " + ", ".join(found)


def test_every_model_form_derives_from_cores():
    """`core.forms.ModelForm` turns the number fields a model gives into `core.numbers`
    fields; a form on Django's ModelForm would not."""
    found = [
        f"{name}:{node.lineno} {node.name}"
        for name, tree in _modules()
        if name != "garrison/core/forms.py"
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
        and any(_is_forms_attr(base, {"ModelForm"}) for base in node.bases)
    ]
    assert not found, "derive from garrison.core.forms.ModelForm: " + ", ".join(found)


def test_no_template_has_a_browser_number_input():
    """Chromium's type=number drops a comma it does not expect: "0,5" reached the server as
    "05" (5 days). Number inputs are text inputs with a numeric keyboard."""
    found = [
        path.relative_to(PROJECT).as_posix()
        for path in sorted(ROOT.rglob("*.html"))
        if re.search(r"type=[\"']?number\b", path.read_text(encoding="utf-8"))
    ]
    assert not found, "use type=text inputmode=numeric|decimal: " + ", ".join(found)
