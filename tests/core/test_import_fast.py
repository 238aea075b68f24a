"""The fast check of new records (`core.import_fast.FastCheck`) against the form it stands in
for: whatever row it accepts, the register's import form accepts too, leaving the same record;
whatever it is unsure of, the form checks."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from garrison.core.import_fast import FastCheck, blank_records
from garrison.people.forms import PersonImportForm
from garrison.people.models import Person
from garrison.people.rules import FEMALE, MALE, make_citizen_id
from tests.clock import move_clock
from tests.factories import VillageFactory

TODAY = datetime.date(2026, 6, 15)


def fast_check(user):
    form = PersonImportForm(data={}, instance=Person(), user=user)
    fast = FastCheck.for_form(form, blank_records(Person, []))
    assert fast is not None  # the people register's import form is followed step by step
    fast.new_batch(form)
    return fast, form


def by_form(user, data):
    form = PersonImportForm(data=data, instance=Person(), user=user)
    return form.instance if form.is_valid() else None


def values(record):
    return {f.attname: getattr(record, f.attname) for f in Person._meta.concrete_fields}


@pytest.fixture
def world(commune_a, commune_b, commune_c, commune_a_staff, monkeypatch):
    move_clock(monkeypatch, TODAY)  # a birth of 2027 lies ahead, whatever day the test runs
    VillageFactory(commune=commune_a, name="Bản Mển")
    return commune_a, commune_b, commune_c, commune_a_staff


@pytest.mark.django_db
def test_a_plain_row_is_checked_the_fast_way_and_leaves_the_forms_record(world):
    commune_a, _b, _c, staff = world
    born = datetime.date(1990, 3, 15)
    data = {
        "citizen_id": make_citizen_id(11, MALE, born, 1),
        "full_name": "  Lò Văn Một ",
        "date_of_birth": "15/03/1990",
        "sex": MALE,
        "ethnicity": "Thái",
        "religion": "",
        "education_level": "",
        "place_of_origin": "",
        "residence_commune": commune_a.pk,
        "village": "",
        "address": "",
        "phone": "0912345678",
    }
    fast, form = fast_check(staff)
    record = fast.check(form, data)
    assert record is not None
    assert values(record) == values(by_form(staff, data))
    assert record.full_name == "Lò Văn Một" and record.date_of_birth == born


def cells(communes):
    """Rows as the import hands them to the form: valid rows, and valid rows with a cell or two
    of anything (a wrong digit, a date that does not exist, a village of no commune...)."""
    commune_a, commune_b, commune_c = communes

    @st.composite
    def plain(draw):
        """A row meant to be valid, in the forms a sheet writes it."""
        sex = draw(st.sampled_from([MALE, FEMALE]))
        born = draw(st.dates(datetime.date(1940, 1, 1), datetime.date(2026, 6, 15)))
        return {
            "citizen_id": draw(st.sampled_from(["", " "]))
            + make_citizen_id(
                draw(st.sampled_from([1, 11, 79])), sex, born, draw(st.integers(1, 999_999))
            ),
            "full_name": draw(st.sampled_from(["Lò Văn Một", " Cà  Thị Hai ", "Đặng Văn Đạt"])),
            "date_of_birth": draw(st.sampled_from([f"{born:%d/%m/%Y}", f"{born:%Y-%m-%d}"])),
            "sex": sex,
            "ethnicity": draw(st.sampled_from(["Kinh", "Thái", "Mông", "Khơ Mú"])),
            "religion": draw(st.sampled_from(["", " ", "Phật giáo"])),
            "education_level": draw(st.sampled_from(["", "primary", "university"])),
            "place_of_origin": draw(st.sampled_from(["", "Điện Biên"])),
            "residence_commune": commune_a.pk,
            "village": draw(st.sampled_from(["", "Bản Mển", " bản mển "])),
            "address": draw(st.sampled_from(["", "Số 1", " Số 2 "])),
            "phone": draw(st.sampled_from(["", "0912345678", " 0212 345 678 "])),
        }

    @st.composite
    def wild(draw):
        """A row with anything in its cells."""
        sex = draw(st.sampled_from([MALE, FEMALE]))
        born = draw(st.dates(datetime.date(1890, 1, 1), datetime.date(2030, 12, 31)))
        try:
            valid_id = make_citizen_id(11, sex, born, draw(st.integers(1, 999_999)))
        except ValueError:
            valid_id = "011090000001"
        return {
            "citizen_id": draw(
                st.sampled_from([valid_id, " " + valid_id, "01109000000", "٠١١٠٩٠٠٠٠٠٠١"])
                | st.text(max_size=14)
            ),
            "full_name": draw(
                st.sampled_from(["Lò Văn Một", "", "A" * 151, "Nguyễn Văn 2"])
                | st.text(max_size=20)
            ),
            "date_of_birth": draw(
                st.sampled_from([f"{born:%d/%m/%Y}", "31/02/1990", ""]) | st.text(max_size=12)
            ),
            "sex": draw(st.sampled_from([sex, MALE, FEMALE, "", "x"])),
            "ethnicity": draw(st.sampled_from(["Kinh", "", "Nowhere"])),
            "religion": draw(st.sampled_from(["", "Phật giáo", "x" * 65])),
            "education_level": draw(st.sampled_from(["", "primary", "bogus"])),
            "place_of_origin": draw(st.sampled_from(["", "Điện Biên", "y" * 256])),
            "residence_commune": draw(
                st.sampled_from([commune_a.pk, commune_b.pk, commune_c.pk, "", 0])
            ),
            "village": draw(st.sampled_from(["", "Bản Mển", "Nowhere"])),
            "address": draw(st.sampled_from(["", "Số 1", "z" * 256])),
            "phone": draw(st.sampled_from(["", "0912345678", "9" * 21]) | st.text(max_size=5)),
        }

    @st.composite
    def row(draw):
        """A valid row with one cell (or none) taken from a wild one."""
        base = draw(plain())
        other = draw(wild())
        for name in draw(st.lists(st.sampled_from(sorted(base)), max_size=2)):
            base[name] = other[name]
        return base

    return row()


@pytest.mark.django_db
def test_whatever_the_fast_way_accepts_the_form_accepts_with_the_same_record(world):
    commune_a, commune_b, commune_c, staff = world
    fast, form = fast_check(staff)
    accepted = []

    @settings(
        max_examples=400,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(cells((commune_a, commune_b, commune_c)))
    def check(data):
        record = fast.check(form, data)
        if record is None:
            return  # the form checks the row: nothing to compare
        expected = by_form(staff, data)
        assert expected is not None, data
        assert values(record) == values(expected), data
        accepted.append(data)

    check()
    assert len(accepted) > 50  # the comparison was made, on many rows the fast way accepted
