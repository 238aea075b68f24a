"""JSON facts → ServiceFacts (garrison/conscription/facts.py): LAW.md §8 names, §10 errors."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone, translation

from garrison.conscription.facts import parse_service_facts
from garrison.conscription.rules import Family, Health, ServiceFacts, SiblingServing, Study
from garrison.core.assess import FactsError, engine_names, get_engine


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def error_of(data) -> FactsError:
    with pytest.raises(FactsError) as caught:
        parse_service_facts(data)
    return caught.value


def test_it_parses_the_minimal_facts_with_absent_fields_as_no_fact():
    facts = parse_service_facts({"sex": "M", "dob": "2005-03-02", "ref_date": "2026-02-20"})
    assert facts == ServiceFacts(sex="M", dob=date(2005, 3, 2), ref_date=date(2026, 2, 20))
    assert facts.registered is False
    assert facts.family == Family()
    assert facts.health is None


def test_it_defaults_ref_date_to_today():
    assert parse_service_facts({"sex": "F", "dob": "2005-03-02"}).ref_date == timezone.localdate()
    with_null = parse_service_facts({"sex": "F", "dob": "2005-03-02", "ref_date": None})
    assert with_null.ref_date == timezone.localdate()


def test_it_parses_nested_objects_and_the_health_class_key():
    facts = parse_service_facts(
        {
            "sex": "M",
            "dob": "2005-03-02",
            "ref_date": "2026-02-20",
            "registered": True,
            "study": {"level": "university", "course_end": "2027-06-30"},
            "health": {"class": 2, "myopia_d": -1, "bmi": 21.5},
            "family": {
                "parent_war_invalid_class": 2,
                "designated_one_child": True,
                "sibling_serving": {"kind": "army_conscript", "start": "2025-03-01"},
            },
            "political_ok": None,
        }
    )
    assert facts.study == Study(level="university", course_end=date(2027, 6, 30))
    assert facts.health == Health(class_=2, myopia_d=-1.0, bmi=21.5)
    assert facts.family.sibling_serving == SiblingServing("army_conscript", date(2025, 3, 1))
    assert facts.family.parent_war_invalid_class == 2
    assert facts.political_ok is None


def test_it_names_an_unknown_field():
    error = error_of({"sex": "M", "dob": "2005-03-02", "colour": "red"})
    assert error.field == "colour"
    assert "unknown field" in error.message
    assert str(error).startswith("colour: ")


def test_it_names_an_unknown_nested_field_with_its_path():
    error = error_of({"sex": "M", "dob": "2005-03-02", "family": {"foo": True}})
    assert error.field == "family.foo"
    assert "parent_martyr" in error.message  # lists the known names


def test_it_names_every_unknown_field_two_levels_down():
    sibling = {"kind": "officer", "bar": 1, "baz": 2}
    error = error_of({"sex": "M", "dob": "2005-03-02", "family": {"sibling_serving": sibling}})
    assert error.field == "family.sibling_serving.bar, family.sibling_serving.baz"


def test_it_explains_a_malformed_date():
    error = error_of({"sex": "M", "dob": "12/03/2005"})
    assert error.field == "dob"
    assert str(error) == 'dob: expected an ISO date YYYY-MM-DD, got "12/03/2005"'


@pytest.mark.parametrize("value", ["2005-02-30", "20050302", 20050302])
def test_it_rejects_impossible_or_compact_dates(value):
    assert error_of({"sex": "M", "dob": value}).field == "dob"


@pytest.mark.parametrize(
    ("data", "field", "expected"),
    [
        ({"sex": "X"}, "sex", 'expected one of "M", "F", got "X"'),
        ({"registered": "yes"}, "registered", 'expected true or false, got "yes"'),
        ({"education_grade": 13}, "education_grade", "expected a value from 0 to 12, got 13"),
        ({"education_grade": 8.5}, "education_grade", "expected a whole number, got 8.5"),
        ({"health": {"class": 0}}, "health.class", "expected a value from 1 to 6, got 0"),
        ({"health": {"bmi": "21"}}, "health.bmi", 'expected a number, got "21"'),
        ({"family": {"parent_war_invalid_class": 3}}, "family.parent_war_invalid_class", None),
        ({"family": {"parent_war_invalid_class": True}}, "family.parent_war_invalid_class", None),
        ({"study": {"level": "phd"}}, "study.level", None),
        ({"study": {"mode": "regular"}}, "study.level", "this field is required"),
        ({"family": []}, "family", "expected a JSON object, got []"),
        ({"completed_service_basis": {"kind": "reserve_officer", "months": -1}}, None, None),
    ],
)
def test_it_names_the_field_of_a_malformed_value(data, field, expected):
    error = error_of({"sex": "M", "dob": "2005-03-02", **data})
    assert error.field == (field or "completed_service_basis.months")
    if expected:
        assert error.message == expected


def test_absent_sex_and_dob_are_no_error():
    """LAW.md §10 (issue 14): an absent fact is "no such fact", never an error."""
    assert parse_service_facts({"dob": "2005-03-02"}).sex is None
    assert parse_service_facts({"sex": "M"}).dob is None


def test_it_rejects_a_birth_after_the_reference_date():
    error = error_of({"sex": "M", "dob": "2027-01-01", "ref_date": "2026-02-20"})
    assert error.field == "dob"
    assert "after ref_date" in error.message


def test_it_rejects_a_standing_militia_end_before_its_start():
    error = error_of(
        {
            "sex": "M",
            "dob": "2005-03-02",
            "standing_militia_since": "2025-01-01",
            "standing_militia_until": "2024-01-01",
        }
    )
    assert error.field == "standing_militia_until"


def test_it_rejects_a_payload_that_is_not_an_object():
    error = error_of(["sex", "M"])
    assert error.field == ""
    assert error.message == 'expected a JSON object, got ["sex", "M"]'


def test_it_registers_the_service_engine():
    assert "service" in engine_names()
    answer = get_engine("service").assess(
        parse_service_facts({"sex": "M", "dob": "2009-06-01", "ref_date": "2026-02-20"})
    )
    assert answer["outcome"] == "must_register"
    assert answer["due"] == "2026-04"
