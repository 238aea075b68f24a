"""The military-service rules engine (garrison/conscription/rules.py) against LAW.md §1–§2.

Each rule test names its citation (test name and docstring). The baseline person is a registered
man who meets every standard, assessed on a February hand-over day; each test changes one fact.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from garrison.conscription import rules
from garrison.conscription.rules import (
    Area,
    CompletedServiceBasis,
    Family,
    Health,
    Legal,
    Outcome,
    ServiceFacts,
    SiblingServing,
    Study,
    age_on,
    assess_service,
    call_up_birth_window,
    first_registration_year,
    must_register_in_year,
    split_quota,
)

REF = date(2026, 2, 20)  # the hand-over day [AGE-3]
DOB = date(2005, 3, 2)  # 20 on REF


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def person(**changes) -> ServiceFacts:
    """A registered man of 20 meeting every standard; `changes` replace fields."""
    base = ServiceFacts(
        sex="M",
        dob=DOB,
        ref_date=REF,
        registered=True,
        health=Health(class_=1, myopia_d=0.0, bmi=21.0),
        political_ok=True,
        education_grade=12,
    )
    return dataclasses.replace(base, **changes)


def assess(**changes) -> Outcome:
    return assess_service(person(**changes))


def also_outcomes(outcome: Outcome) -> list[str]:
    return [name for name, _grounds in outcome.also]


def test_it_answers_eligible_for_the_baseline():
    """NVQS 30, NVQS 31.1: of call-up age, no exemption, no deferral, standards met."""
    answer = assess()
    assert answer.outcome == "eligible"
    assert answer.grounds == ("NVQS 30", "NVQS 31.1")
    assert answer.decided_by == rules.COMMUNE_CHAIRMAN
    assert answer.also == ()


# --- ages [AGE-CALC], [AGE-1], [AGE-2] ---------------------------------------------------------


def test_age_calc_completed_years():
    """[AGE-CALC] "đủ N tuổi" is reached on the Nth birthday."""
    assert age_on(date(2008, 5, 10), date(2026, 5, 9)) == 17
    assert age_on(date(2008, 5, 10), date(2026, 5, 10)) == 18
    assert age_on(date(2008, 2, 29), date(2026, 3, 1)) == 18
    with pytest.raises(ValueError):
        age_on(date(2008, 5, 10), date(2008, 5, 9))


def test_nvqs_30_day_before_18th_birthday_is_under_age():
    """NVQS 30 [AGE-1]: not callable the day before the 18th birthday."""
    answer = assess(dob=date(2008, 2, 21))
    assert answer.outcome == "under_age"
    assert answer.grounds == ("NVQS 30",)
    assert "21/02/2026" in answer.notes  # dd/mm/yyyy, as a reader writes it


def test_nvqs_30_18th_birthday_is_callable():
    """NVQS 30 [AGE-1]: callable on the 18th birthday."""
    assert assess(dob=date(2008, 2, 20)).outcome == "eligible"


def test_nvqs_30_day_before_26th_birthday_is_callable():
    """NVQS 30 [AGE-CALC]: "hết 25 tuổi" ends the day before the 26th birthday."""
    assert assess(dob=date(2000, 2, 21)).outcome == "eligible"


def test_nvqs_30_26th_birthday_is_over_age():
    """NVQS 30 [AGE-1]: over call-up age on the 26th birthday."""
    answer = assess(dob=date(2000, 2, 20))
    assert answer.outcome == "over_age"
    assert answer.grounds == ("NVQS 30",)


def test_tt148_4_1_b_study_deferral_extends_call_up_age_to_end_of_27():
    """NVQS 30, TT148 4.1.b [AGE-2]: deferred for college/university → callable to the end of 27."""
    answer = assess(dob=date(2000, 2, 20), was_deferred_for_study=True)
    assert answer.outcome == "eligible"
    assert "TT148 4.1.b" in answer.grounds
    assert assess(dob=date(1998, 2, 21), was_deferred_for_study=True).outcome == "eligible"


def test_tt148_4_1_b_extension_ends_on_28th_birthday():
    """NVQS 30, TT148 4.1.b [AGE-2]: over age on the 28th birthday even after a deferral."""
    answer = assess(dob=date(1998, 2, 20), was_deferred_for_study=True)
    assert answer.outcome == "over_age"
    assert answer.grounds == ("NVQS 30", "TT148 4.1.b")


def test_nvqs_30_degree_without_study_deferral_gives_no_extension():
    """NVQS 30 [AGE-2] [C]: a graduate never deferred under 41.1.g is over age at 26."""
    graduate = Study(level="university", status="graduated", course_end=date(2024, 6, 30))
    assert assess(dob=date(2000, 2, 20), study=graduate).outcome == "over_age"


def test_nvqs_25_registered_man_past_45_is_removed_from_the_list():
    """NVQS 25, NVQS 19.1: past the military-service age the registration ends."""
    answer = assess(dob=date(1980, 1, 1))
    assert answer.outcome == "over_age"
    assert {"NVQS 25", "NVQS 19.1"} <= set(answer.grounds)


# --- registration [REG-*] ----------------------------------------------------------------------


def test_nvqs_12_1_first_registration_year_is_the_year_he_turns_17():
    """NVQS 12.1, 16 [REG-FIRST-2]: year-based."""
    assert first_registration_year(date(2009, 12, 31)) == 2026
    assert must_register_in_year("M", date(2009, 12, 31), 2026)
    assert not must_register_in_year("M", date(2009, 12, 31), 2025)
    assert not must_register_in_year("M", date(2010, 1, 1), 2026)


def test_nvqs_12_2_women_first_registration_year_is_the_first_april_after_18():
    """NVQS 12.2 [REG-WHO-1] (decision 3): from full 18, registered in April."""
    assert must_register_in_year("F", date(2008, 4, 30), 2026)
    assert must_register_in_year("F", date(2008, 5, 1), 2027)
    assert not must_register_in_year("F", date(2008, 5, 1), 2026)
    with pytest.raises(ValueError):
        must_register_in_year("X", date(2008, 5, 1), 2026)


def test_nvqs_16_2_boy_turning_17_next_year_is_not_yet_due():
    """NVQS 12.1, 16.2: a boy turning 17 next year registers next April."""
    answer = assess(registered=False, dob=date(2010, 1, 1))
    assert answer.outcome == "not_yet"
    assert answer.due == "2027-04"
    assert answer.grounds == ("NVQS 12.1", "NVQS 16.2")


def test_nvqs_16_2_boy_turning_17_this_year_must_register_in_april():
    """NVQS 12.1, 16.2 [REG-FIRST-2]: registers in April even if his birthday is later."""
    answer = assess(registered=False, dob=date(2009, 12, 31))
    assert answer.outcome == "must_register"
    assert answer.due == "2026-04"
    assert answer.decided_by == rules.COMMUNE_CHAIRMAN
    assert "under_age" in also_outcomes(answer)


def test_nvqs_12_1_unregistered_man_of_20_is_overdue_and_callable_once_registered():
    """NVQS 12.1, 16.2: the due April is that of the year he turned 17; the call-up assessment
    follows in `also`."""
    answer = assess(registered=False)
    assert answer.outcome == "must_register"
    assert answer.due == "2022-04"
    assert "overdue" in answer.notes
    assert answer.also == (("eligible", ("NVQS 30", "NVQS 31.1")),)


def test_nvqs_12_1_man_past_45_has_no_duty_to_register():
    """NVQS 12.1, NVQS 25: the duty ends after the end of age 45."""
    answer = assess(registered=False, dob=date(1980, 2, 20))
    assert answer.outcome == "no_duty"
    assert answer.grounds == ("NVQS 12.1", "NVQS 25")
    assert assess(registered=False, dob=date(1980, 2, 21)).outcome == "must_register"


def test_nvqs_7_2_woman_without_listed_profession_has_no_duty():
    """NVQS 7.2, NVQS 12.2: only women with a profession the Army needs register."""
    answer = assess(registered=False, sex="F")
    assert answer.outcome == "no_duty"
    assert answer.grounds == ("NVQS 7.2", "NVQS 12.2")


def test_nvqs_12_2_woman_with_listed_profession_must_register_from_18():
    """NVQS 12.2 (decision 3): due the first April on or after her 18th birthday."""
    adult = assess(registered=False, sex="F", female_qualifying_profession=True)
    assert adult.outcome == "must_register"
    assert adult.due == "2023-04"
    minor = assess(
        registered=False, sex="F", female_qualifying_profession=True, dob=date(2008, 6, 1)
    )
    assert minor.outcome == "not_yet"
    assert minor.due == "2027-04"


def test_nvqs_25_woman_past_40_has_no_duty():
    """NVQS 12.2, NVQS 25: women's duty ends after the end of age 40."""
    answer = assess(
        registered=False, sex="F", female_qualifying_profession=True, dob=date(1985, 1, 1)
    )
    assert answer.outcome == "no_duty"
    assert answer.grounds == ("NVQS 12.2", "NVQS 25")


@pytest.mark.parametrize(
    ("legal", "ground"),
    [
        (Legal(prosecuted=True), "NVQS 13.1.a"),
        (Legal(serving_or_unexpunged=True), "NVQS 13.1.a"),
        (Legal(admin_measure=True), "NVQS 13.1.b"),
        (Legal(compulsory_facility=True), "NVQS 13.1.b"),
        (Legal(deprived_of_right=True), "NVQS 13.1.c"),
    ],
)
def test_nvqs_13_1_not_allowed_to_register(legal, ground):
    """NVQS 13.1.a–c [REG-NOTALLOWED]: comes first in the evaluation order."""
    answer = assess(registered=False, legal=legal, family=Family(parent_martyr=True))
    assert answer.outcome == "not_allowed"
    assert answer.grounds == (ground,)
    assert "exempt" in also_outcomes(answer)


def test_nvqs_19_1_registered_person_not_allowed_is_removed_from_the_list():
    """NVQS 13.1.a, NVQS 19.1: removal decided by the commune Chairman (19.2 as amended)."""
    answer = assess(legal=Legal(prosecuted=True))
    assert answer.grounds == ("NVQS 13.1.a", "NVQS 19.1")
    assert answer.decided_by == rules.COMMUNE_CHAIRMAN


def test_nvqs_14_exempt_from_registration():
    """NVQS 14, TT105 App.I.III [REG-EXEMPT]."""
    answer = assess(registered=False, registration_exempt_condition=True)
    assert answer.outcome == "exempt_registration"
    assert answer.grounds == ("NVQS 14", "TT105 App.I.III")


# --- completed service NVQS 4.4 ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "months", "ground"),
    [
        ("standing_militia", 24, "NVQS 4.4.a"),
        ("commune_police", 36, "NVQS 4.4.b"),
        ("reserve_officer", 0, "NVQS 4.4.c"),
        ("economic_defence_corps", 24, "NVQS 4.4.d"),
        ("fisheries_inspection_vessel", 24, "NVQS 4.4.đ"),
    ],
)
def test_nvqs_4_4_service_completed(kind, months, ground):
    """NVQS 4.4.a–đ: decided by the provincial Military Commander (Art 42 as amended)."""
    answer = assess(completed_service_basis=CompletedServiceBasis(kind=kind, months=months))
    assert answer.outcome == "completed"
    assert answer.grounds == (ground,)
    assert answer.decided_by == rules.PROVINCE_COMMANDER


def test_nvqs_4_4_b_commune_police_35_months_is_not_completed():
    """NVQS 4.4.b: commune police needs 36 months."""
    answer = assess(completed_service_basis=CompletedServiceBasis("commune_police", 35))
    assert answer.outcome == "eligible"
    assert "36" in answer.notes


def test_nvqs_4_4_a_standing_militia_dates_of_24_months_complete_service():
    """NVQS 4.4.a, NVQS 41.1.h: 24 months of standing militia = service completed."""
    answer = assess(standing_militia_since=date(2024, 2, 20))
    assert answer.outcome == "completed"
    assert answer.grounds == ("NVQS 4.4.a",)
    assert "deferred" in also_outcomes(answer)


def test_nvqs_41_1_h_serving_standing_militia_is_deferred():
    """NVQS 41.1.h (DQTV 49.1.c): deferred until the end of standing-militia service."""
    answer = assess(
        standing_militia_since=date(2025, 6, 1), standing_militia_until=date(2027, 6, 1)
    )
    assert answer.outcome == "deferred"
    assert answer.letter == "h"
    assert answer.until == date(2027, 6, 1)


# --- women NVQS 6.2 ----------------------------------------------------------------------------


def test_nvqs_6_2_woman_is_not_called_unless_she_volunteers():
    """NVQS 6.2: women serve in peacetime only as volunteers."""
    answer = assess(sex="F")
    assert answer.outcome == "not_called_female"
    assert answer.grounds == ("NVQS 6.2",)


def test_nvqs_6_2_woman_volunteer_is_eligible_if_volunteer():
    """NVQS 6.2, NĐ13 10 (issue 14): a volunteer woman meeting the standards is
    eligible_if_volunteer, not eligible: her call-up depends on the Army's need."""
    answer = assess(sex="F", volunteer=True)
    assert answer.outcome == "eligible_if_volunteer"
    assert {"NVQS 6.2", "NĐ13 10"} <= set(answer.grounds)
    assert "Army needs her" in answer.notes


# --- exemptions NVQS 41.2 ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "letter"),
    [
        ({"family": Family(parent_martyr=True)}, "a"),
        ({"family": Family(parent_war_invalid_class=1)}, "a"),
        ({"family": Family(sibling_martyr_designated=True)}, "b"),
        ({"family": Family(parent_war_invalid_class=2, designated_one_child=True)}, "c"),
        ({"family": Family(parent_sick_soldier_pct=81, designated_one_child=True)}, "c"),
        ({"family": Family(parent_agent_orange_pct=95, designated_one_child=True)}, "c"),
        ({"cipher_worker_civilian": True}, "d"),
        ({"posted_difficult_area_since": date(2024, 2, 20)}, "đ"),
    ],
)
def test_nvqs_41_2_exempt(changes, letter):
    """NVQS 41.2.a–đ: exempt, decided by the provincial Chairman (Art 42 as amended)."""
    answer = assess(**changes)
    assert answer.outcome == "exempt"
    assert answer.letter == letter
    assert answer.grounds == (f"NVQS 41.2.{letter}",)
    assert answer.decided_by == rules.PROVINCE_CHAIRMAN


def test_nvqs_41_2_c_only_the_designated_child_is_exempt():
    """NVQS 41.2.c: "một con" — one child; the others are callable."""
    assert assess(family=Family(parent_war_invalid_class=2)).outcome == "eligible"


def test_nvqs_41_2_b_applies_to_a_brother_only():
    """NVQS 41.2.b (decision 11): "một anh hoặc một em trai" of a martyr."""
    answer = assess(sex="F", volunteer=True, family=Family(sibling_martyr_designated=True))
    assert answer.outcome == "eligible_if_volunteer"  # NVQS 6.2, not 41.2.b
    assert "NVQS 41.2.b" not in answer.grounds


def test_nvqs_41_1_e_posted_under_24_months_is_deferred_then_exempt():
    """NVQS 41.1.e, NVQS 41.2.đ: deferred while posted < 24 months."""
    answer = assess(posted_difficult_area_since=date(2024, 2, 21))
    assert answer.outcome == "deferred"
    assert answer.letter == "e"
    assert "21/02/2026" in answer.notes


# --- deferrals NVQS 41.1 -----------------------------------------------------------------------


def test_nvqs_41_1_a_health_class_4_is_deferred():
    """NVQS 41.1.a, TT148 4.3.a, TT105 4.1.a: classes 4–6 are not fit (§2 mapping [C])."""
    answer = assess(health=Health(class_=4))
    assert answer.outcome == "deferred"
    assert answer.letter == "a"
    assert answer.grounds == ("NVQS 41.1.a", "TT148 4.3.a", "TT105 4.1.a")
    assert answer.until is None


@pytest.mark.parametrize(
    "health",
    [
        Health(class_=2, myopia_d=-2.0),
        Health(class_=2, myopia_d=1.75),
        Health(class_=1, hyperopia=True),
        Health(class_=1, bmi=17.9),
        Health(class_=3, bmi=29.95),
    ],
)
def test_tt148_4_3_c_eye_and_bmi_bars_defer_classes_1_to_3(health):
    """TT148 4.3.c (as amended by TT68), NVQS 41.1.a: myopia > 1.5 D, hyperopia, BMI bars."""
    answer = assess(health=health)
    assert answer.outcome == "deferred"
    assert answer.grounds == ("NVQS 41.1.a", "TT148 4.3.c")


@pytest.mark.parametrize("bmi", [18.0, 29.9])
def test_tt148_4_3_c_bmi_bounds_are_inclusive(bmi):
    """TT148 4.3.c: "nhỏ hơn 18.0 hoặc lớn hơn 29.9" — 18.0 and 29.9 themselves pass."""
    assert assess(health=Health(class_=1, bmi=bmi)).outcome == "eligible"


def test_tt105_4_1_a_drug_addict_does_not_meet_the_standard():
    """TT105 4.1.a, NVQS 31.1.c: no call-up of drug addicts."""
    answer = assess(health=Health(class_=1, drug_addicted=True))
    assert answer.outcome == "not_meeting_standard"
    assert answer.grounds == ("NVQS 31.1.c", "TT105 4.1.a")


def test_nvqs_41_1_b_sole_labourer_is_deferred():
    """NVQS 41.1.b: sole labourer, confirmed by the commune PC."""
    for family in (Family(sole_labourer_confirmed=True), Family(family_disaster_confirmed=True)):
        answer = assess(family=family)
        assert (answer.outcome, answer.letter) == ("deferred", "b")


def test_nvqs_41_1_c_one_child_of_61_to_80_percent_is_deferred():
    """NVQS 41.1.c: one child of a sick soldier / Agent Orange victim with 61–80% loss."""
    for pct in (61, 80):
        answer = assess(family=Family(parent_sick_soldier_pct=pct, designated_one_child=True))
        assert (answer.outcome, answer.letter) == ("deferred", "c")
    assert assess(family=Family(parent_agent_orange_pct=60, designated_one_child=True)).outcome == (
        "eligible"
    )


def test_nvqs_41_1_d_sibling_conscript_defers_until_nominal_discharge():
    """NVQS 41.1.d, NVQS 21.1: until 24 months after the sibling's hand-over."""
    sibling = SiblingServing(kind="police_conscript", start=date(2025, 3, 1))
    answer = assess(family=Family(sibling_serving=sibling))
    assert (answer.outcome, answer.letter) == ("deferred", "d")
    assert answer.until == date(2027, 3, 1)


def test_nvqs_41_1_d_professional_soldier_sibling_does_not_defer():
    """NVQS 41.1.d (decision 11): only NCOs/soldiers on active duty and police conscripts."""
    sibling = SiblingServing(kind="professional_soldier", start=date(2025, 3, 1))
    assert assess(family=Family(sibling_serving=sibling)).outcome == "eligible"


def test_nvqs_41_1_dd_resettled_first_three_years_is_deferred():
    """NVQS 41.1.đ: resettled to an extremely difficult commune, the first 3 years."""
    answer = assess(resettled_since=date(2023, 2, 20))
    assert (answer.outcome, answer.letter, answer.until) == ("deferred", "đ", date(2026, 2, 20))
    assert assess(resettled_since=date(2023, 2, 19)).outcome == "eligible"


def test_nvqs_41_1_g_university_student_is_deferred_until_course_end():
    """NVQS 41.1.g: regular university course, first course at that level."""
    study = Study(level="university", course_end=date(2027, 6, 30))
    answer = assess(study=study)
    assert answer.outcome == "deferred"
    assert answer.letter == "g"
    assert answer.grounds == ("NVQS 41.1.g",)
    assert answer.until == date(2027, 6, 30)
    assert answer.decided_by == rules.PROVINCE_CHAIRMAN


@pytest.mark.parametrize("level", ["general", "college"])
def test_nvqs_41_1_g_general_school_and_college_are_deferred(level):
    """NVQS 41.1.g: general-education pupils and regular college students."""
    assert assess(study=Study(level=level)).outcome == "deferred"


@pytest.mark.parametrize(
    "study",
    [
        Study(level="intermediate"),
        Study(level="university", mode="in_service"),
        Study(level="university", first_course_at_level=False),
        Study(level="university", status="graduated"),
        Study(level="university", course_end=date(2025, 6, 30)),
    ],
)
def test_nvqs_41_1_g_other_courses_are_not_deferred(study):
    """NVQS 41.1.g: not intermediate, in-service, a second course, or after the course."""
    assert assess(study=study).outcome == "eligible"


def test_nvqs_41_1_several_deferrals_end_with_the_last():
    """NVQS 41.1.d, NVQS 41.1.g (decision 10): every letter cited, `until` = the latest end."""
    sibling = SiblingServing(kind="army_conscript", start=date(2025, 3, 1))
    answer = assess(
        family=Family(sibling_serving=sibling),
        study=Study(level="university", course_end=date(2028, 6, 30)),
    )
    assert answer.grounds == ("NVQS 41.1.d", "NVQS 41.1.g")
    assert answer.until == date(2028, 6, 30)
    unknown = assess(family=Family(sole_labourer_confirmed=True, sibling_serving=sibling))
    assert unknown.until is None


def test_it_returns_every_applicable_ground_in_also():
    """LAW.md §8: the exemption comes before the deferral, which follows in `also`."""
    answer = assess(cipher_worker_civilian=True, study=Study(level="general"))
    assert answer.outcome == "exempt"
    assert answer.also == (("deferred", ("NVQS 41.1.g",)),)


# --- volunteering NVQS 41.3 --------------------------------------------------------------------


def test_nvqs_41_3_exempt_volunteer_may_be_called():
    """NVQS 41.3: an exempt or deferred citizen who volunteers may be called."""
    answer = assess(volunteer=True, family=Family(parent_martyr=True))
    assert answer.outcome == "eligible_if_volunteer"
    assert answer.grounds == ("NVQS 41.3", "NVQS 41.2.a")
    assert answer.also == (("exempt", ("NVQS 41.2.a",)),)


def test_nvqs_41_3_deferred_student_volunteer_may_be_called():
    """NVQS 41.3, NVQS 41.1.g."""
    answer = assess(volunteer=True, study=Study(level="university"))
    assert answer.outcome == "eligible_if_volunteer"
    assert answer.letter == "g"


def test_nvqs_41_3_volunteering_does_not_waive_the_health_deferral():
    """NVQS 41.3, NVQS 41.1.a: an unfit volunteer stays deferred for health."""
    answer = assess(volunteer=True, study=Study(level="general"), health=Health(class_=5))
    assert answer.outcome == "deferred"
    assert answer.letter == "a"
    assert "deferred" in also_outcomes(answer)


# --- standards NVQS 31, TT148 4 ----------------------------------------------------------------


def test_tt148_4_2_a_failed_political_check_does_not_meet_the_standard():
    """NVQS 31.1.a, TT148 4.2.a [STD-POL]."""
    answer = assess(political_ok=False)
    assert answer.outcome == "not_meeting_standard"
    assert answer.grounds == ("NVQS 31.1.a", "TT148 4.2.a")


def test_tt148_4_4_a_grade_7_needs_the_decision():
    """TT148 4.4.a [STD-EDU]: grade 8 or above; grade 7 only by decision."""
    assert assess(education_grade=8).outcome == "eligible"
    refused = assess(education_grade=7)
    assert refused.outcome == "not_meeting_standard"
    assert refused.grounds == ("NVQS 31.1.d", "TT148 4.4.a")
    allowed = assess(education_grade=7, area=Area(grade7_authorised=True))
    assert allowed.outcome == "eligible_conditional"
    assert "TT148 4.4.a" in allowed.grounds


def test_tt148_4_4_b_primary_education_in_difficult_areas_is_conditional():
    """TT148 4.4.b [STD-EDU]: at most 25% with primary education in difficult communes."""
    answer = assess(education_grade=5, area=Area(difficult_commune=True))
    assert answer.outcome == "eligible_conditional"
    assert "TT148 4.4.b" in answer.grounds
    assert assess(education_grade=6, area=Area(ethnic_minority_lt_10000=True)).outcome == (
        "eligible"
    )
    assert assess(education_grade=0, area=Area(difficult_commune=True)).outcome == (
        "not_meeting_standard"
    )


def test_nvqs_31_1_unknown_standards_make_eligibility_conditional():
    """NVQS 31.1 (decision 9): no health exam, political check or education level yet."""
    answer = assess(health=None, political_ok=None, education_grade=None)
    assert answer.outcome == "eligible_conditional"
    for pending in ("health examination", "political check", "education level"):
        assert pending in answer.notes


# --- manual review (LAW.md §7) -----------------------------------------------------------------


def test_tt148_4_3_c_exactly_1_5_diopters_goes_to_manual_review():
    """TT148 4.3.c, LAW.md §7.1: "lớn hơn 1.5 diop trở lên" is ambiguous at exactly 1.5 D."""
    answer = assess(health=Health(class_=2, myopia_d=-1.5))
    assert answer.outcome == "manual_review"
    assert "TT148 4.3.c" in answer.grounds
    assert sorted(also_outcomes(answer)) == ["deferred", "eligible"]
    assert "§7.1" in answer.notes


def test_tt148_4_3_c_exactly_1_5_diopters_with_class_4_is_deferred_anyway():
    """TT148 4.3.a: a class-4 citizen is deferred under either reading of 4.3.c."""
    assert assess(health=Health(class_=4, myopia_d=1.5)).outcome == "deferred"


def test_tt148_4_1_b_deferred_drop_out_at_26_goes_to_manual_review():
    """NVQS 30, TT148 4.1.b, LAW.md §7.4: a deferred university drop-out at 26."""
    dropped = Study(level="university", status="dropped")
    answer = assess(dob=date(2000, 1, 2), was_deferred_for_study=True, study=dropped)
    assert answer.outcome == "manual_review"
    assert {"NVQS 30", "TT148 4.1.b"} <= set(answer.grounds)
    assert sorted(also_outcomes(answer)) == ["eligible", "over_age"]
    younger = assess(was_deferred_for_study=True, study=dropped)
    assert younger.outcome == "eligible"


def test_nvqs_41_1_g_masters_student_goes_to_manual_review():
    """NVQS 41.1.g, LAW.md §7.5: master's students are not named in the law."""
    answer = assess(study=Study(level="master", course_end=date(2027, 6, 30)))
    assert answer.outcome == "manual_review"
    assert "NVQS 41.1.g" in answer.grounds
    assert sorted(also_outcomes(answer)) == ["deferred", "eligible"]


def test_nvqs_41_1_g_masters_student_who_volunteers_needs_no_review():
    """NVQS 41.3: volunteering waives 41.1.g under either reading."""
    answer = assess(volunteer=True, study=Study(level="master"))
    assert answer.outcome == "eligible"


def test_nvqs_30_29_february_birthday_on_the_boundary_day_goes_to_manual_review():
    """NVQS 30 [AGE-CALC], LAW.md §7.8: born 29/02/2000, assessed 28/02/2026 (26th birthday?)."""
    answer = assess(dob=date(2000, 2, 29), ref_date=date(2026, 2, 28))
    assert answer.outcome == "manual_review"
    assert sorted(also_outcomes(answer)) == ["eligible", "over_age"]
    assert assess(dob=date(2000, 2, 29), ref_date=date(2026, 3, 1)).outcome == "over_age"
    assert assess(dob=date(2000, 2, 29), ref_date=date(2026, 2, 27)).outcome == "eligible"


def test_nvqs_30_29_february_birthday_away_from_a_boundary_needs_no_review():
    """NVQS 30, LAW.md §7.8: on 28/02 of his 21st birthday year either reading is eligible."""
    assert assess(dob=date(2004, 2, 29), ref_date=date(2025, 2, 28)).outcome == "eligible"


# --- the answer --------------------------------------------------------------------------------


def test_it_gives_the_json_form_with_iso_dates_and_no_nones():
    """LAW.md §10."""
    answer = assess(study=Study(level="university", course_end=date(2027, 6, 30)))
    assert answer.as_dict() == {
        "outcome": "deferred",
        "grounds": ["NVQS 41.1.g"],
        "letter": "g",
        "until": "2027-06-30",
        "decided_by": "Chủ tịch UBND tỉnh",
    }


def test_it_lists_the_letters_of_art_41():
    """NVQS 41.1 (a, b, c, d, đ, e, g, h) and 41.2 (a, b, c, d, đ)."""
    assert [x for x, _ in rules.DEFERRAL_LETTERS] == ["a", "b", "c", "d", "đ", "e", "g", "h"]
    assert [x for x, _ in rules.EXEMPTION_LETTERS] == ["a", "b", "c", "d", "đ"]
    assert str(rules.GROUND_LABELS["NVQS 41.1.g"]) == (
        "studying (general school, or regular college/university course)"
    )
    assert str(rules.OUTCOME_LABELS["eligible"]) == "eligible for enlistment"


def test_it_labels_every_citation_written_in_the_rules_module():
    """Every citation literal of the engine (rules.py and law_grounds.py) has a label in
    GROUND_LABELS."""
    here = Path(rules.__file__).parent
    source = "".join(
        (here / name).read_text(encoding="utf-8") for name in ("rules.py", "law_grounds.py")
    )
    cited = set(re.findall(r'"((?:NVQS|TT148|TT105|NĐ13) [0-9A-Za-z.đ]+)"', source))
    assert {"NVQS 30", "NVQS 41.1.g", "TT148 4.3.c", "TT105 App.I.III"} <= cited
    assert cited <= set(rules.GROUND_LABELS), cited - set(rules.GROUND_LABELS)


# --- property tests ----------------------------------------------------------------------------

dates = st.dates(min_value=date(1950, 1, 1), max_value=date(2080, 12, 31))


def facts_strategy() -> st.SearchStrategy[ServiceFacts]:
    optional_date = st.none() | dates
    return st.builds(
        ServiceFacts,
        sex=st.sampled_from(["M", "F"]),
        dob=st.dates(min_value=date(1970, 1, 1), max_value=date(2012, 12, 31)),
        ref_date=st.dates(min_value=date(2025, 1, 1), max_value=date(2030, 12, 31)),
        registered=st.booleans(),
        legal=st.just(Legal()) | st.builds(Legal, *[st.booleans()] * 5),
        registration_exempt_condition=st.booleans(),
        female_qualifying_profession=st.booleans(),
        education_grade=st.none() | st.integers(0, 12),
        study=st.none()
        | st.builds(
            Study,
            level=st.sampled_from(["general", "university", "college", "intermediate", "master"]),
            mode=st.sampled_from(["regular", "in_service"]),
            status=st.sampled_from(["studying", "graduated", "dropped"]),
            course_end=optional_date,
            first_course_at_level=st.booleans(),
        ),
        was_deferred_for_study=st.booleans(),
        health=st.none()
        | st.builds(
            Health,
            class_=st.none() | st.integers(1, 6),
            myopia_d=st.none() | st.sampled_from([0.0, 1.0, 1.5, -1.5, 2.0, 4.0]),
            hyperopia=st.booleans(),
            bmi=st.none() | st.floats(15, 35),
            drug_addicted=st.booleans(),
        ),
        political_ok=st.none() | st.booleans(),
        family=st.builds(
            Family,
            parent_martyr=st.booleans(),
            parent_war_invalid_class=st.none() | st.sampled_from([1, 2]),
            parent_sick_soldier_pct=st.none() | st.integers(0, 100),
            designated_one_child=st.booleans(),
            sole_labourer_confirmed=st.booleans(),
            sibling_serving=st.none()
            | st.builds(
                SiblingServing,
                kind=st.sampled_from(
                    ["army_conscript", "police_conscript", "professional_soldier", "officer"]
                ),
                start=optional_date,
            ),
        ),
        resettled_since=optional_date,
        posted_difficult_area_since=optional_date,
        cipher_worker_civilian=st.booleans(),
        standing_militia_since=optional_date,
        completed_service_basis=st.none()
        | st.builds(
            CompletedServiceBasis,
            kind=st.sampled_from(list(rules._COMPLETED_BASIS)),
            months=st.integers(0, 60),
        ),
        volunteer=st.booleans(),
        area=st.builds(Area, st.booleans(), st.booleans(), st.booleans()),
    ).filter(lambda f: f.dob <= f.ref_date)


@settings(max_examples=300, deadline=None)
@given(facts_strategy())
def test_it_answers_every_fact_set_with_labelled_outcomes_and_grounds(facts):
    """LAW.md §10: outcomes from the service vocabulary; every ground has a label."""
    answer = assess_service(facts)
    assert answer.outcome in rules.OUTCOME_LABELS
    assert answer.grounds
    for outcome, grounds in ((answer.outcome, answer.grounds), *answer.also):
        assert outcome in rules.OUTCOME_LABELS
        assert set(grounds) <= set(rules.GROUND_LABELS), grounds


@given(
    dob=st.dates(min_value=date(1950, 1, 1), max_value=date(2030, 12, 31)),
    years=st.integers(0, 60),
)
def test_age_calc_age_is_reached_on_the_birthday_and_not_the_day_before(dob, years):
    """[AGE-CALC] age_on(birthday(dob, n)) == n and n − 1 the day before."""
    day = rules.birthday(dob, years)
    assert age_on(dob, day) == years
    if years:
        assert age_on(dob, day - timedelta(days=1)) == years - 1


@given(dob=dates, first=dates, second=dates)
def test_age_calc_age_never_decreases(dob, first, second):
    """[AGE-CALC] age_on is monotonic in the day."""
    early, late = sorted((first, second))
    if early >= dob:
        assert 0 <= age_on(dob, early) <= age_on(dob, late)


@given(ref=dates, dob=dates, extended=st.booleans())
def test_nvqs_30_birth_window_matches_call_up_age(ref, dob, extended):
    """NVQS 30 [AGE-1]/[AGE-2]: the prefilter window holds exactly the dobs of call-up age
    (plus the 29 February births that are of age under one reading only)."""
    earliest, latest = call_up_birth_window(ref, extended)
    end = 28 if extended else 26
    if dob > ref:
        assert dob > latest
        return
    of_age = 18 <= age_on(dob, ref) < end
    ambiguous = rules._leap_day_ambiguous(dob, ref)
    if ambiguous:
        of_age = of_age or 18 <= age_on(dob, ref + timedelta(days=1)) < end
    assert (earliest <= dob <= latest) == of_age


def test_split_quota_is_proportional_by_largest_remainder():
    """Hamilton: floors first, then the largest remainders."""
    assert split_quota(10, {"a": 1, "b": 1, "c": 1}) == {"a": 4, "b": 3, "c": 3}
    assert split_quota(7, {"x": 50, "y": 30, "z": 20}) == {"x": 4, "y": 2, "z": 1}
    assert split_quota(5, {2: 0, 1: 0}) == {2: 2, 1: 3}
    assert split_quota(0, {}) == {}


def test_split_quota_rejects_negative_input():
    with pytest.raises(ValueError):
        split_quota(-1, {"a": 1})
    with pytest.raises(ValueError):
        split_quota(3, {"a": -1, "b": 2})
    with pytest.raises(ValueError):
        split_quota(3, {})


@given(
    total=st.integers(0, 10_000),
    weights=st.dictionaries(st.integers(0, 500), st.integers(0, 1_000), min_size=1, max_size=30),
)
def test_split_quota_sums_to_total_and_stays_within_one_of_the_exact_quota(total, weights):
    """Sum invariant and proportionality bounds: |share − exact quota| < 1."""
    shares = split_quota(total, weights)
    assert sum(shares.values()) == total
    assert set(shares) == set(weights)
    weight_sum = sum(weights.values())
    for key, share in shares.items():
        exact = (
            Fraction(total * weights[key], weight_sum)
            if weight_sum
            else Fraction(total, len(weights))
        )
        assert abs(share - exact) < 1
        assert share >= 0
