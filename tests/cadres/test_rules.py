"""The cadre rules (garrison/cadres/rules.py): screening a candidate against the standards of a
post, with every reason and the figure it turns on; the priority points of a match; when a
held post falls vacant. Pure: no database.

The baseline candidate is a Captain of 35 who meets every criterion of the baseline standard
(a Commander's, plan figures) on the reference day; each test changes one fact.
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from garrison.cadres import rules
from garrison.cadres.rules import Area, Candidate, Post, Standard
from garrison.core.dates import add_years, age_on

ON = date(2026, 7, 1)  # the reference day: the placements take effect
DOB = date(1991, 3, 10)  # 35 on ON
HOME = 10  # the baseline candidate's home commune
HERE = 20  # the baseline post's commune


def priority(candidate, the_post):
    """rules.priority with its parts in words: (points, [(label, points), …])."""
    points, parts = rules.priority(candidate, the_post)
    return points, [tuple(part) for part in parts]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def candidate(**changes) -> Candidate:
    base = Candidate(
        id=1,
        name="Lò Văn An",
        date_of_birth=DOB,
        service_category=rules.ServiceCategory.REGULAR_OFFICER,
        rank=rules.Rank.CAPTAIN,
        political_theory=rules.PoliticalTheory.INTERMEDIATE,
        party_member=True,
        health_class=1,
        local_military_years=4,
        grassroots_years=3,
        home_commune_id=HOME,
    )
    return dataclasses.replace(base, **changes)


def post(**changes) -> Post:
    base = Post(key="1:commander:0", command_id=1, commune_id=HERE, position="commander")
    return dataclasses.replace(base, **changes)


def standard(**changes) -> Standard:
    base = Standard(
        label="Ministry: Commander — every commune",
        position="commander",
        min_age=25,
        max_age=50,
        min_rank=rules.Rank.SENIOR_LIEUTENANT,
        max_rank=rules.Rank.LIEUTENANT_COLONEL,
        min_political_theory=rules.PoliticalTheory.INTERMEDIATE,
        party_required=True,
        max_health_class=2,
        min_local_military_years=2,
        min_grassroots_years=1,
        categories=frozenset(
            {rules.ServiceCategory.REGULAR_OFFICER, rules.ServiceCategory.RESERVE_OFFICER}
        ),
    )
    return dataclasses.replace(base, **changes)


BORDER = standard(
    label="Điện Biên: Commander — border communes",
    area=Area.BORDER,
    min_political_theory=rules.PoliticalTheory.ADVANCED,
    min_local_military_years=5,
)


def failures(cand: Candidate, std: Standard | None = None) -> list[rules.Reason]:
    return rules.check(cand, std or standard(), ON)


def only(reasons: list[rules.Reason], code: str) -> str:
    """The one reason of `reasons`, which must have `code`: its message."""
    assert [r.code for r in reasons] == [code], reasons
    return reasons[0].message


# --- screening: a pass ----------------------------------------------------------------------


def test_it_passes_a_candidate_who_meets_every_criterion_and_names_the_standard():
    result = rules.screen(candidate(), post(), [standard()], ON)
    assert result.passed
    assert result.reasons == []
    assert result.applied == ["Ministry: Commander — every commune"]


def test_it_treats_an_empty_bound_as_no_bound():
    bare = Standard(label="Ministry: Commander", position="commander")
    nobody = candidate(
        rank="",
        service_category=rules.ServiceCategory.CIVIL_SERVANT,
        political_theory=rules.PoliticalTheory.NONE,
        party_member=False,
        health_class=None,
        local_military_years=0,
        grassroots_years=0,
    )
    assert rules.check(nobody, bare, ON) == []


# --- screening: each criterion --------------------------------------------------------------


def test_it_refuses_a_candidate_below_the_minimum_age_naming_both_ages():
    message = only(failures(candidate(date_of_birth=date(2003, 8, 1))), "age")
    assert message == "Aged 22; the post needs at least 25."


def test_it_refuses_a_candidate_above_the_maximum_age_naming_both_ages():
    message = only(failures(candidate(date_of_birth=date(1974, 1, 5))), "age")
    assert message == "Aged 52; the post allows at most 50."


def test_it_keeps_the_maximum_age_until_the_next_birthday():
    """ "At most 50" is met throughout the 50th year: the bound bites on the 51st birthday."""
    born = date(1975, 7, 2)  # 51 on 2 July 2026
    assert rules.check(candidate(date_of_birth=born), standard(), ON) == []
    assert [
        r.code for r in rules.check(candidate(date_of_birth=born), standard(), ON + timedelta(1))
    ] == ["age"]


def test_it_reaches_the_minimum_age_on_the_birthday():
    born = date(2001, 7, 1)  # 25 on ON
    assert rules.check(candidate(date_of_birth=born), standard(), ON) == []
    assert [
        r.code for r in rules.check(candidate(date_of_birth=born), standard(), ON - timedelta(1))
    ] == ["age"]


def test_it_refuses_a_service_category_the_post_is_not_for_naming_the_accepted_ones():
    message = only(
        failures(candidate(service_category=rules.ServiceCategory.PROFESSIONAL_SOLDIER)),
        "category",
    )
    assert message == (
        "Is a professional soldier; the post is for: regular officer, "
        "reserve officer called up for active service."
    )


def test_it_refuses_a_rank_below_the_minimum_naming_both_ranks():
    message = only(failures(candidate(rank=rules.Rank.FIRST_LIEUTENANT)), "rank")
    assert message == "Rank First Lieutenant is below the Senior Lieutenant the post needs."


def test_it_refuses_a_rank_above_the_maximum_naming_both_ranks():
    message = only(failures(candidate(rank=rules.Rank.COLONEL)), "rank")
    assert message == "Rank Colonel is above the Lieutenant Colonel the post allows."


def test_it_accepts_the_bounds_themselves():
    for rank in (rules.Rank.SENIOR_LIEUTENANT, rules.Rank.LIEUTENANT_COLONEL):
        assert failures(candidate(rank=rank)) == [], rank


def test_it_refuses_a_candidate_without_a_rank_when_the_post_needs_one():
    message = only(failures(candidate(rank="")), "rank")
    assert message == "Holds no officer rank; the post needs at least Senior Lieutenant."


def test_it_does_not_hold_a_missing_rank_against_a_maximum_alone():
    capped = standard(min_rank="", categories=frozenset())
    civil = candidate(rank="", service_category=rules.ServiceCategory.CIVIL_SERVANT)
    assert rules.check(civil, capped, ON) == []


def test_it_refuses_political_theory_below_the_minimum_naming_both_levels():
    message = only(
        failures(candidate(political_theory=rules.PoliticalTheory.ELEMENTARY)), "political_theory"
    )
    assert message == "Political theory elementary; the post needs at least intermediate."


def test_it_refuses_a_candidate_outside_the_party_when_membership_is_required():
    message = only(failures(candidate(party_member=False)), "party")
    assert message == "Not a Party member; the post requires Party membership."


def test_it_asks_for_the_health_check_when_no_class_is_recorded():
    message = only(failures(candidate(health_class=None)), "health")
    assert message == "No health class recorded; record the last health check."


def test_it_refuses_a_health_class_below_the_post_naming_both_classes():
    message = only(failures(candidate(health_class=3)), "health")
    assert message == "Health class 3; the post needs class 2 or better."


def test_it_refuses_too_little_local_military_work_naming_both_durations():
    message = only(failures(candidate(local_military_years=1.5)), "local_experience")
    assert message == "1.5 years of local military work; the post needs 2 years."


def test_it_refuses_too_little_grassroots_experience_in_the_singular_for_one_year():
    message = only(
        failures(candidate(grassroots_years=0.5), standard(min_grassroots_years=1)), "grassroots"
    )
    assert message == "0.5 years at grassroots level; the post needs 1 year."


def test_it_lists_every_failure_at_once_each_tagged_with_its_standard():
    hopeless = candidate(
        date_of_birth=date(2004, 1, 1),
        service_category=rules.ServiceCategory.PROFESSIONAL_SOLDIER,
        rank=rules.Rank.SECOND_LIEUTENANT,
        political_theory=rules.PoliticalTheory.NONE,
        party_member=False,
        health_class=4,
        local_military_years=0,
        grassroots_years=0,
        home_commune_id=HERE,
    )
    result = rules.screen(hopeless, post(), [standard()], ON)
    assert not result.passed
    assert [r.code for r in result.reasons] == [
        "age",
        "category",
        "rank",
        "political_theory",
        "party",
        "health",
        "local_experience",
        "grassroots",
        "home_commune",
    ]
    assert {r.standard for r in result.reasons[:-1]} == {"Ministry: Commander — every commune"}
    assert result.reasons[-1].standard == ""  # the home rule is the run's, not a standard's


# --- screening: the home commune, the standards that apply ----------------------------------


def test_it_refuses_the_home_commune_while_the_rule_is_on():
    result = rules.screen(candidate(home_commune_id=HERE), post(), [standard()], ON)
    assert not result.passed
    assert [r.code for r in result.reasons] == ["home_commune"]
    assert "home commune" in result.reasons[0].message


def test_it_accepts_the_home_commune_when_the_rule_is_off():
    result = rules.screen(
        candidate(home_commune_id=HERE), post(), [standard()], ON, home_rule=False
    )
    assert result.passed


def test_it_accepts_another_commune_and_a_candidate_without_a_recorded_home():
    assert rules.screen(candidate(home_commune_id=HOME), post(), [standard()], ON).passed
    assert rules.screen(candidate(home_commune_id=None), post(), [standard()], ON).passed


def test_it_refuses_everyone_for_a_post_without_a_standard():
    deputy_only = standard(position="deputy_commander")
    result = rules.screen(candidate(), post(), [deputy_only], ON)
    assert not result.passed
    assert [r.code for r in result.reasons] == ["no_standard"]
    assert "No standard is set for this post" in result.reasons[0].message
    assert result.applied == []


def test_it_applies_a_border_standard_to_border_posts_only():
    ministry = standard()
    assert rules.applicable([ministry, BORDER], post()) == [ministry]
    assert rules.applicable([ministry, BORDER], post(is_border=True)) == [ministry, BORDER]
    # a remote or island commune is not a border commune
    assert rules.applicable([BORDER], post(is_remote=True, is_island=True)) == []


def test_it_holds_a_border_post_to_the_provinces_criteria_on_top_of_the_ministrys():
    fits_inland = candidate()
    inland = rules.screen(fits_inland, post(), [standard(), BORDER], ON)
    assert inland.passed
    assert inland.applied == ["Ministry: Commander — every commune"]

    border = rules.screen(fits_inland, post(is_border=True), [standard(), BORDER], ON)
    assert not border.passed
    assert border.applied == [
        "Ministry: Commander — every commune",
        "Điện Biên: Commander — border communes",
    ]
    assert [(r.code, r.standard) for r in border.reasons] == [
        ("political_theory", "Điện Biên: Commander — border communes"),
        ("local_experience", "Điện Biên: Commander — border communes"),
    ]
    assert "needs 5 years" in border.reasons[1].message


def test_it_still_applies_the_ministrys_criteria_in_a_border_commune():
    strong_but_old = candidate(
        date_of_birth=date(1970, 1, 1),
        political_theory=rules.PoliticalTheory.ADVANCED,
        local_military_years=9,
    )
    result = rules.screen(strong_but_old, post(is_border=True), [standard(), BORDER], ON)
    # the border standard repeats the Ministry's age bound: both say so
    assert [(r.code, r.standard) for r in result.reasons] == [
        ("age", "Ministry: Commander — every commune"),
        ("age", "Điện Biên: Commander — border communes"),
    ]


def test_it_ignores_the_standards_of_other_posts():
    deputy = standard(position="deputy_commander", min_rank=rules.Rank.MAJOR)
    result = rules.screen(candidate(), post(), [standard(), deputy], ON)
    assert result.passed
    assert result.applied == ["Ministry: Commander — every commune"]


@pytest.mark.parametrize(
    ("area", "flag"),
    [
        (Area.REMOTE, "is_remote"),
        (Area.ISLAND, "is_island"),
        (Area.KEY_DEFENCE, "is_key_defence"),
        (Area.BORDER, "is_border"),
    ],
)
def test_it_marks_each_special_area_as_strategic_and_applies_its_standard_there(area, flag):
    special = post(**{flag: True})
    assert special.strategic
    assert not post().strategic
    local = standard(area=area, label=f"province: {area}")
    assert rules.applicable([local], special) == [local]
    assert rules.applicable([local], post()) == []


# --- priority points ------------------------------------------------------------------------


def test_it_gives_no_points_to_a_candidate_with_nothing_the_policy_prefers():
    bare = candidate(
        political_theory=rules.PoliticalTheory.ELEMENTARY,
        local_military_years=0,
        grassroots_years=0,
    )
    assert priority(bare, post()) == (0, [])


def test_it_itemises_every_part_of_the_points():
    strong = candidate(
        political_theory=rules.PoliticalTheory.ADVANCED,
        local_military_years=4,
        grassroots_years=3,
        mass_mobilisation=True,
        ethnic_languages=frozenset({"Thái", "Mông", "Khơ Mú"}),
    )
    points, parts = priority(strong, post(local_groups=frozenset({"Thái", "Mông"})))
    assert parts == [
        ("4 years of local military work", 12),
        ("advanced political theory", 20),
        ("3 years at grassroots level", 6),
        ("mass-mobilisation skills", 10),
        ("speaks Mông, Thái, spoken in the commune", 20),
    ]
    assert points == 68


def test_it_gives_intermediate_theory_fewer_points_than_advanced_and_elementary_none():
    def theory_points(level):
        bare = candidate(political_theory=level, local_military_years=0, grassroots_years=0)
        return priority(bare, post())[0]

    assert theory_points(rules.PoliticalTheory.ADVANCED) == 20
    assert theory_points(rules.PoliticalTheory.INTERMEDIATE) == 8
    assert theory_points(rules.PoliticalTheory.ELEMENTARY) == 0
    assert theory_points(rules.PoliticalTheory.NONE) == 0


def test_it_caps_the_points_for_experience():
    veteran = candidate(
        political_theory=rules.PoliticalTheory.NONE, local_military_years=25, grassroots_years=30
    )
    assert priority(veteran, post()) == (
        50,
        [("25 years of local military work", 30), ("30 years at grassroots level", 20)],
    )


def test_it_counts_whole_points_for_part_years_and_one_year_in_the_singular():
    cand = candidate(
        political_theory=rules.PoliticalTheory.NONE, local_military_years=2.5, grassroots_years=1
    )
    assert priority(cand, post())[1] == [
        ("2.5 years of local military work", 7),
        ("1 year at grassroots level", 2),
    ]


def test_it_counts_a_language_only_where_it_is_spoken():
    speaker = candidate(ethnic_languages=frozenset({"Mông"}))
    elsewhere = priority(speaker, post(local_groups=frozenset({"Thái"})))
    here = priority(speaker, post(local_groups=frozenset({"Mông", "Thái"})))
    assert here[0] - elsewhere[0] == 20
    assert here[1][-1] == ("speaks Mông, spoken in the commune", 20)


def test_it_reaches_the_maximum_score_with_everything_at_its_cap():
    best = candidate(
        political_theory=rules.PoliticalTheory.ADVANCED,
        local_military_years=10,
        grassroots_years=10,
        mass_mobilisation=True,
        ethnic_languages=frozenset({"Thái"}),
    )
    assert priority(best, post(local_groups=frozenset({"Thái"})))[0] == rules.MAX_SCORE


def test_it_caps_the_total_at_the_maximum_score(monkeypatch):
    """The solver's weights rely on no match being worth more than MAX_SCORE."""
    monkeypatch.setitem(rules.PRIORITY_POINTS, "mass_mobilisation", 60)
    best = candidate(
        political_theory=rules.PoliticalTheory.ADVANCED,
        local_military_years=10,
        grassroots_years=10,
        mass_mobilisation=True,
    )
    points, parts = priority(best, post())
    assert sum(p for _label, p in parts) == 130
    assert points == rules.MAX_SCORE


@given(
    local=st.floats(min_value=0, max_value=60, allow_nan=False),
    grassroots=st.floats(min_value=0, max_value=60, allow_nan=False),
    theory=st.sampled_from(rules.PoliticalTheory.values),
    mass=st.booleans(),
    languages=st.frozensets(st.sampled_from(["Thái", "Mông", "Dao", "Kinh"])),
    groups=st.frozensets(st.sampled_from(["Thái", "Mông", "Dao", "Kinh"])),
)
def test_it_never_scores_outside_zero_to_the_maximum(
    local, grassroots, theory, mass, languages, groups
):
    cand = candidate(
        local_military_years=local,
        grassroots_years=grassroots,
        political_theory=theory,
        mass_mobilisation=mass,
        ethnic_languages=languages,
    )
    with translation.override("en"):
        points, parts = priority(cand, post(local_groups=groups))
    assert 0 <= points <= rules.MAX_SCORE
    assert points == sum(p for _label, p in parts)
    assert all(p > 0 for _label, p in parts)


# --- falling vacant -------------------------------------------------------------------------


def vacant(**kwargs):
    args = {
        "holder_birth": date(1980, 5, 10),
        "max_age": None,
        "assignment_start": date(2024, 1, 15),
        "assignment_end": None,
        "rotation_years": None,
        "until": date(2026, 12, 31),
    }
    args.update(kwargs)
    return rules.falls_vacant(**args)


def test_it_keeps_a_post_whose_holder_has_no_reason_to_leave():
    assert vacant() == []
    assert vacant(max_age=50, rotation_years=5, assignment_end=date(2030, 1, 1)) == []


def test_it_frees_the_post_on_the_birthday_that_passes_the_maximum_age():
    born = date(1975, 8, 1)
    leaving = vacant(holder_birth=born, max_age=50)
    assert leaving == [(date(2026, 8, 1), "age")]
    # consistent with screening: at most 50 the day before, above it that day
    std = standard(min_age=None)
    assert rules.check(candidate(date_of_birth=born), std, date(2026, 7, 31)) == []
    assert [r.code for r in rules.check(candidate(date_of_birth=born), std, date(2026, 8, 1))] == [
        "age"
    ]


def test_it_counts_the_horizon_day_itself():
    born = date(1975, 8, 1)
    assert vacant(holder_birth=born, max_age=50, until=date(2026, 8, 1)) == [
        (date(2026, 8, 1), "age")
    ]
    assert vacant(holder_birth=born, max_age=50, until=date(2026, 7, 31)) == []


def test_it_frees_the_post_of_a_29_february_holder_on_1_march_in_a_common_year():
    born = date(1976, 2, 29)
    assert vacant(holder_birth=born, max_age=50, until=date(2027, 12, 31)) == [
        (date(2027, 3, 1), "age")
    ]
    assert age_on(born, date(2027, 2, 28)) == 50
    assert age_on(born, date(2027, 3, 1)) == 51


def test_it_frees_the_post_of_a_29_february_holder_on_29_february_in_a_leap_year():
    born = date(1976, 2, 29)  # 56 on 29 February 2032
    assert vacant(holder_birth=born, max_age=55, until=date(2032, 12, 31)) == [
        (date(2032, 2, 29), "age")
    ]


def test_it_frees_the_post_the_day_after_the_term_ends():
    assert vacant(assignment_end=date(2026, 9, 30)) == [(date(2026, 10, 1), "term")]
    assert vacant(assignment_end=date(2027, 1, 1)) == []


def test_it_frees_the_post_after_the_rotation_period():
    assert vacant(assignment_start=date(2021, 10, 4), rotation_years=5) == [
        (date(2026, 10, 4), "rotation")
    ]
    assert vacant(assignment_start=date(2022, 10, 4), rotation_years=5) == []


def test_it_frees_an_overdue_rotation_at_its_past_due_date():
    assert vacant(assignment_start=date(2015, 3, 1), rotation_years=5) == [
        (date(2020, 3, 1), "rotation")
    ]


def test_it_ends_a_rotation_started_on_29_february_as_a_period_in_years_ends():
    start = date(2020, 2, 29)
    assert vacant(assignment_start=start, rotation_years=5) == [(add_years(start, 5), "rotation")]
    assert add_years(start, 5) == date(2025, 2, 28)


def test_it_lists_every_reason_earliest_first():
    leaving = vacant(
        holder_birth=date(1975, 11, 20),
        max_age=50,
        assignment_start=date(2021, 6, 1),
        rotation_years=5,
        assignment_end=date(2026, 9, 1),
    )
    assert leaving == [
        (date(2026, 6, 1), "rotation"),
        (date(2026, 9, 2), "term"),
        (date(2026, 11, 20), "age"),
    ]


# --- bands of the charts --------------------------------------------------------------------


def test_it_puts_every_age_and_experience_in_exactly_one_band():
    assert [rules.age_band(a) for a in (29, 30, 34, 35, 40, 45, 49, 50, 60)] == [
        "<30",
        "30–34",
        "30–34",
        "35–39",
        "40–44",
        "45–49",
        "45–49",
        "≥50",
        "≥50",
    ]
    assert {rules.age_band(a) for a in range(18, 70)} == set(rules.AGE_BANDS)
    assert [rules.experience_band(y) for y in (0, 1.9, 2, 4.9, 5, 9.9, 10)] == [
        "<2",
        "<2",
        "2–4",
        "2–4",
        "5–9",
        "5–9",
        "≥10",
    ]
