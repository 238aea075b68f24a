"""The assess engines keep the contract of LAW.md (issue 14): §8's field names in every engine,
absent facts, one bad item in a list, the service answer's reserve class, volunteers' ages,
women volunteers, and the unconfirmed points of §7.

LAW.md lives outside the repository (`../shared/LAW.md`): the §8 names are read from that file,
not from a copy, so the test fails when the contract and the engines part ways.
"""

from __future__ import annotations

import copy
import datetime
import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

import garrison.conscription.facts  # registers "service"
import garrison.forces.facts  # noqa: F401  (registers "militia" and "reserve")
from garrison.core import assess
from garrison.core.assess import FactsError, run

ENGINES = ("service", "militia", "reserve")
REF = "2026-06-01"


@pytest.fixture(autouse=True)
def _english_and_a_fixed_today(monkeypatch):
    """Messages in English; "today" (the default ref_date) is REF, whatever the day."""
    monkeypatch.setattr(assess.timezone, "localdate", lambda *a: datetime.date.fromisoformat(REF))
    with translation.override("en"):
        yield


# --- LAW.md §8, read from the file -----------------------------------------------------------


def law_md() -> Path:
    """`shared/LAW.md`, a sibling folder of the clone: looked for walking up from this file."""
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "LAW.md"
        if candidate.is_file():
            return candidate
    pytest.fail(
        "LAW.md not found: the contract test reads shared/LAW.md, a sibling folder of the "
        f"repository (looked in every parent of {Path(__file__).resolve().parent}/shared)."
    )


def section_8_block() -> str:
    """The code block of LAW.md §8 (the facts schema), comments removed."""
    text = law_md().read_text(encoding="utf-8")
    start = re.search(r"^## 8\. .*$", text, re.M)
    assert start, "LAW.md has no section 8"
    block = re.search(r"```\n(.*?)```", text[start.end() :], re.S)
    assert block, "LAW.md §8 has no code block"
    return "\n".join(line.split("#")[0] for line in block.group(1).splitlines())


def _split(text: str, separators: str) -> list[str]:
    """`text` split at `separators` outside braces."""
    parts, depth, current = [], 0, ""
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0 and char in separators:
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current]


_NAMES = re.compile(r"\s*[a-z_][a-z0-9_]*(\s*,\s*[a-z_][a-z0-9_]*)*\s*")


def _names(entries: list[str], prefix: str = "") -> set[str]:
    """Dotted field names of `name: type` / `a, b: type` / `name` entries (nested objects too)."""
    found: set[str] = set()
    for entry in entries:
        head, _colon, rest = entry.partition(":")
        if not head.strip() or not _NAMES.fullmatch(head):
            continue  # a continuation line of the previous entry's type
        names = [prefix + name.strip() for name in head.split(",")]
        found |= set(names)
        for group in re.findall(r"\{((?:[^{}]|\{[^{}]*\})*)\}", rest):
            for name in names:
                found |= _names(_split(group, ","), name + ".")
    return found


def section_8_names() -> set[str]:
    """Every field name of LAW.md §8, dotted for nested ones ("family.parent_martyr")."""
    return _names(_split(section_8_block(), "\n;"))


#: A well-formed value for each §8 name (dotted), and the other members its object needs.
SAMPLES: dict[str, Any] = {
    "sex": "F",
    "dob": "1990-05-01",
    "ref_date": REF,
    "registered": True,
    "legal": {},
    "legal.prosecuted": False,
    "legal.serving_or_unexpunged": False,
    "legal.admin_measure": False,
    "legal.compulsory_facility": False,
    "legal.deprived_of_right": False,
    "registration_exempt_condition": False,
    "female_qualifying_profession": True,
    "education_grade": 12,
    "study": {"level": "university"},
    "study.level": "university",
    "study.mode": "regular",
    "study.status": "graduated",
    "study.course_end": "2015-06-30",
    "study.first_course_at_level": True,
    "was_deferred_for_study": False,
    "health": {},
    "health.class": 2,
    "health.myopia_d": 0.5,
    "health.hyperopia": False,
    "health.bmi": 22.0,
    "health.drug_addicted": False,
    "political_ok": True,
    "family": {},
    "family.parent_martyr": False,
    "family.sibling_martyr_designated": False,
    "family.parent_war_invalid_class": 2,
    "family.parent_sick_soldier_pct": 10,
    "family.parent_agent_orange_pct": 10,
    "family.designated_one_child": False,
    "family.sole_labourer_confirmed": False,
    "family.family_disaster_confirmed": False,
    "family.sibling_serving": {"kind": "officer"},
    "family.sibling_serving.kind": "officer",
    "family.sibling_serving.start": "2020-01-01",
    "resettled_since": "2010-01-01",
    "posted_difficult_area_since": "2010-01-01",
    "cipher_worker_civilian": False,
    "standing_militia_since": "2014-01-01",
    "standing_militia_until": "2015-01-01",
    "completed_service_basis": {"kind": "economic_defence_corps"},
    "completed_service_basis.kind": "economic_defence_corps",
    "completed_service_basis.months": 3,
    "volunteer": False,
    "area": {},
    "area.difficult_commune": False,
    "area.ethnic_minority_lt_10000": False,
    "area.grade7_authorised": False,
    "kind": "mobile",
    "start": "2026-06-01",
    "extension_years": 1,
    "is_unit_commander": False,
    "youngest_child_dob": "2015-01-01",
    "is_reservist": True,
    "reservist_assigned_to_unit": False,
    "militia": {"kind": "local"},
    "militia.kind": "local",
    "militia.completed": True,
    "militia.concentrated_training_months": 1,
    "active_service": {"kind": "army", "months": 3},
    "active_service.kind": "army",
    "active_service.from": "2010-02-20",
    "active_service.to": "2010-05-20",
    "active_service.months": 3,
    "reserve_class": "hang_2",
}

#: The members a nested object needs besides the one under test.
NEEDS = {
    "study": {"level": "university"},
    "family.sibling_serving": {"kind": "officer"},
    "completed_service_basis": {"kind": "economic_defence_corps"},
    "militia": {"kind": "local"},
    "active_service": {"kind": "army"},
}


def facts_with(name: str, base: dict[str, Any] | None = None) -> dict[str, Any]:
    """`base` (a person) with the §8 field `name` (dotted) set to its sample value."""
    facts = copy.deepcopy(base if base is not None else {})
    parts = name.split(".")
    target = facts
    for depth, part in enumerate(parts[:-1]):
        path = ".".join(parts[: depth + 1])
        target = target.setdefault(part, copy.deepcopy(NEEDS.get(path, {})))
    target[parts[-1]] = copy.deepcopy(SAMPLES[name])
    return facts


PERSON = {"sex": "F", "dob": "1990-05-01", "ref_date": REF}


def test_the_samples_cover_exactly_the_names_of_law_md_8():
    """LAW.md §8 read from the file: every name has a sample here (add one when §8 grows)."""
    names = section_8_names()
    assert {"sex", "dob", "ref_date", "family.parent_martyr", "study", "active_service.from"} <= (
        names
    )
    assert names == set(SAMPLES), (
        f"in LAW.md §8, not here: {sorted(names - set(SAMPLES))}; "
        f"here, not in §8: {sorted(set(SAMPLES) - names)}"
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_every_engine_accepts_every_name_of_law_md_8(engine):
    """LAW.md §8, §10: §8's names are understood by all three engines; none is refused as
    unknown, one at a time and all together."""
    refused = []
    for name in sorted(section_8_names()):
        try:
            answer = run(engine, facts_with(name, PERSON))
        except FactsError as error:
            refused.append(f"{name}: {error}")
        else:
            assert "outcome" in answer, (name, answer)
    assert not refused, refused
    everything: dict[str, Any] = dict(PERSON)
    for name in sorted(section_8_names(), key=lambda n: n.count(".")):
        everything = facts_with(name, everything)
    assert "outcome" in run(engine, everything)


@pytest.mark.parametrize("engine", ENGINES)
def test_an_empty_or_one_field_object_gets_an_answer_never_an_error(engine):
    """LAW.md §10: absent fields mean "no such fact"; a fact the answer needs but the object
    lacks gives manual_review naming it, not an error."""
    answer = run(engine, {})
    assert answer["outcome"] == "manual_review"
    assert "dob" in answer["notes"]
    for name in sorted(n for n in section_8_names() if "." not in n):
        answer = run(engine, facts_with(name))
        assert answer["outcome"], (name, answer)


@pytest.mark.parametrize("engine", ENGINES)
def test_unknown_names_and_malformed_values_stay_errors(engine):
    """LAW.md §10: unknown names and malformed values are errors naming the field."""
    with pytest.raises(FactsError, match="shoe_size"):
        run(engine, {**PERSON, "shoe_size": 42})
    with pytest.raises(FactsError) as caught:
        run(engine, {**PERSON, "family": {"parent_martyr": "yes"}})
    assert caught.value.field == "family.parent_martyr"


# --- one bad item does not sink a list (LAW.md §10) ------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_a_list_with_one_malformed_item_answers_every_item(engine):
    """LAW.md §10: each item is answered on its own; the malformed one gets an error object."""
    answers = run(engine, [PERSON, {**PERSON, "dob": "01/05/1990"}, {"kind": "cavalry"}, PERSON])
    assert answers[0] == answers[3]
    assert "outcome" in answers[0]
    assert answers[1] == {"error": {"dob": ['expected an ISO date YYYY-MM-DD, got "01/05/1990"']}}
    assert list(answers[2]["error"]) == ["kind"]


@pytest.mark.django_db
def test_the_api_answers_every_item_of_a_list_with_one_malformed(commune_a_staff):
    """LAW.md §10 through the API: 200, the bad item answered by its error; 422 only for a body
    that is not an object or a list of objects."""
    from tests.conftest import client_for

    client = client_for(commune_a_staff)
    body = [PERSON, {**PERSON, "sex": "X"}]
    for url in (
        "/api/conscription/assess",
        "/api/forces/militia/assess",
        "/api/forces/reserve/assess",
    ):
        response = client.post(url, json.dumps(body), content_type="application/json")
        assert response.status_code == 200, url
        good, bad = response.json()
        assert "outcome" in good
        assert list(bad) == ["error"] and "sex" in bad["error"]
        response = client.post(url, json.dumps([PERSON, "x"]), content_type="application/json")
        assert response.status_code == 422, url


def test_the_command_answers_every_item_of_a_list_with_one_malformed(tmp_path):
    """LAW.md §10 through `garrison assess militia FILE.json`."""
    import io

    from django.core.management import call_command

    path = tmp_path / "facts.json"
    path.write_text(json.dumps([PERSON, {**PERSON, "start": "1800-01-01"}]), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command("assess", "militia", str(path), stdout=out, stderr=err)
    good, bad = json.loads(out.getvalue())
    assert good["outcome"] == "allowed_obligation"
    assert list(bad["error"]) == ["start"]
    assert "[1]" in err.getvalue()


# --- 1. the militia engine speaks §8 (DQTV 11) -------------------------------------------------

MAN = {"sex": "M", "dob": "1995-03-01", "ref_date": REF}


def test_dqtv_11_1_h_studying_given_as_law_md_8_study():
    """DQTV 11.1.h: §8's `study` (studying) defers militia duty, like the engine's `studying`."""
    answer = run("militia", {**MAN, "study": {"level": "university", "status": "studying"}})
    assert (answer["outcome"], answer["letter"]) == ("deferred", "h")
    assert run("militia", {**MAN, "study": {"level": "university", "status": "graduated"}})[
        "outcome"
    ] == ("allowed_obligation")
    assert run("militia", {**MAN, "studying": True})["letter"] == "h"


def test_dqtv_11_2_a_child_of_a_martyr_given_as_family_parent_martyr():
    """DQTV 11.2.a: §8's `family.parent_martyr` exempts from militia duty."""
    answer = run("militia", {**MAN, "family": {"parent_martyr": True}})
    assert (answer["outcome"], answer["letter"]) == ("exempt", "a")


@pytest.mark.parametrize(
    ("family", "outcome", "ground"),
    [
        ({"parent_war_invalid_class": 1}, "exempt", "DQTV 11.2.b"),
        ({"parent_war_invalid_class": 2}, "deferred", "DQTV 11.1.g"),
        ({"parent_agent_orange_pct": 85}, "exempt", "DQTV 11.2.b"),
        ({"parent_sick_soldier_pct": 70}, "deferred", "DQTV 11.1.g"),
        ({"parent_sick_soldier_pct": 40}, "allowed_obligation", "DQTV 8.1"),
    ],
)
def test_dqtv_11_1_g_and_11_2_b_from_law_md_8_family_facts(family, outcome, ground):
    """DQTV 11.1.g (61–80 %) and 11.2.b (≥ 81 %): §8's war-invalid class and percentages."""
    answer = run("militia", {**MAN, "family": family})
    assert answer["outcome"] == outcome
    assert ground in answer["grounds"]


# --- 2. absent facts (LAW.md §10) --------------------------------------------------------------


def test_dqtv_8_2_an_extension_without_sex_is_answered():
    """DQTV 8.2: an extension that ends within either sex's age limit needs no `sex`."""
    facts = {"dob": "1990-01-01", "ref_date": REF, "start": "2024-06-01", "extension_years": 1}
    answer = run("militia", facts)
    assert answer["outcome"] == "extension_allowed"
    assert answer["term_end"] == "2029-06-01"


def test_dqtv_11_1_a_a_young_child_without_sex_is_manual_review_naming_sex():
    """DQTV 11.1.a: the answer depends on sex (a woman is deferred, a man not): manual_review."""
    answer = run(
        "militia", {"dob": "1995-03-01", "ref_date": REF, "youngest_child_dob": "2025-06-01"}
    )
    assert answer["outcome"] == "manual_review"
    assert "sex" in answer["notes"]
    assert [a["outcome"] for a in answer["also"]] == ["allowed_obligation", "deferred"]


@pytest.mark.parametrize(("engine", "ground"), [("militia", "DQTV 8.1"), ("reserve", "NVQS 25")])
def test_dqtv_8_1_and_nvqs_25_without_dob_are_manual_review_naming_dob(engine, ground):
    """DQTV 8.1, NVQS 25: every militia and reserve answer depends on the age."""
    answer = run(engine, {"sex": "M", "ref_date": REF})
    assert answer["outcome"] == "manual_review"
    assert answer["grounds"] == [ground]
    assert "dob" in answer["notes"]


def test_nvqs_13_1_needs_no_date_of_birth():
    """NVQS 13.1: not allowed to register whatever the age: answered without `dob`."""
    answer = run("service", {"ref_date": REF, "legal": {"prosecuted": True}})
    assert answer["outcome"] == "not_allowed"
    answer = run("service", {"sex": "M", "ref_date": REF})
    assert (answer["outcome"], answer["grounds"]) == ("manual_review", ["NVQS 30"])
    assert "dob" in answer["notes"]


def test_nvqs_6_2_without_sex_is_manual_review_when_the_sexes_differ():
    """NVQS 6.2, 12.1: a man of 20 is called, a woman is not: without `sex`, manual_review."""
    answer = run("service", {"dob": "2005-03-02", "ref_date": REF, "registered": True})
    assert answer["outcome"] == "manual_review"
    assert "sex" in answer["notes"]


# --- 4. the service answer's reserve class and group (NVQS 24–26) ------------------------------


def test_nvqs_24_3_d_a_man_past_call_up_age_who_never_served():
    """NVQS 24.3.d, 26: over_age, 2nd class, group A (≤ 35)."""
    answer = run("service", {**MAN, "registered": True})
    assert answer["outcome"] == "over_age"
    assert (answer["reserve_class"], answer["group"]) == ("hang_2", "A")
    assert "NVQS 24.3.d" in answer["notes"]


def test_nvqs_24_3_dd_a_woman_of_a_qualifying_profession():
    """NVQS 24.3.đ, 26: a registered woman of a listed profession is a 2nd-class reservist;
    group B from 31."""
    woman = {**PERSON, "registered": True, "female_qualifying_profession": True}
    answer = run("service", woman)  # 36: past the call-up age too
    assert answer["outcome"] == "over_age"
    assert (answer["reserve_class"], answer["group"]) == ("hang_2", "B")
    young = run("service", {**woman, "dob": "2004-05-01"})
    assert young["outcome"] == "not_called_female"
    assert (young["reserve_class"], young["group"]) == ("hang_2", "A")


def test_nvqs_24_2_e_completed_service_as_standing_militia():
    """NVQS 4.4.a, 24.2.e: standing militia for 24 months: completed, 1st class."""
    facts = {
        "sex": "M",
        "dob": "2003-03-01",
        "ref_date": REF,
        "registered": True,
        "standing_militia_since": "2023-01-01",
        "standing_militia_until": "2025-01-01",
    }
    answer = run("service", facts)
    assert answer["outcome"] == "completed"
    assert (answer["reserve_class"], answer["group"]) == ("hang_1", "A")


def test_nvqs_24_a_man_of_call_up_age_who_never_served_has_no_class():
    """NVQS 24.3.d, 30: in the call-up pool, not in the reserve: no class in the answer."""
    answer = run("service", {"sex": "M", "dob": "2005-03-02", "ref_date": REF, "registered": True})
    assert "reserve_class" not in answer and "group" not in answer


# --- 5. volunteers' ages (DQTV 8.1, LAW.md §5) -------------------------------------------------


@pytest.mark.parametrize(
    ("sex", "dob", "outcome"),
    [
        ("M", "1977-06-02", "allowed_voluntary"),  # 48: term to 2030, past the end of 50
        ("M", "1975-06-02", "allowed_voluntary"),  # 50, to the end of 50
        ("M", "1975-06-01", "refused_age"),  # 51 on REF
        ("F", "1983-05-01", "allowed_voluntary"),  # 43: term to 2030, past the end of 45
        ("F", "1980-06-01", "refused_age"),  # 46 on REF
    ],
)
def test_dqtv_8_1_volunteers_to_the_end_of_50_men_45_women(sex, dob, outcome):
    """DQTV 8.1 (LAW.md §5, settled law): a volunteer within the volunteer ages is
    allowed_voluntary, not manual_review; the §7.9 term question is a note."""
    answer = run("militia", {"sex": sex, "dob": dob, "ref_date": REF, "volunteer": True})
    assert answer["outcome"] == outcome
    assert "DQTV 8.1" in answer["grounds"]
    if outcome == "allowed_voluntary" and dob < "1980":
        assert "§7.9" in answer["notes"] or answer["term_end"] <= "2026-06-02"


# --- 6. women volunteering for active service (NVQS 6.2, NĐ13 10) -----------------------------


def test_nvqs_6_2_a_woman_volunteer_meeting_the_standards_is_eligible_if_volunteer():
    """NVQS 6.2, NĐ13 10: eligible_if_volunteer, and the notes say the Army's need decides."""
    facts = {
        "sex": "F",
        "dob": "2005-03-02",
        "ref_date": "2026-02-20",
        "registered": True,
        "volunteer": True,
        "female_qualifying_profession": True,
        "education_grade": 12,
        "political_ok": True,
        "health": {"class": 1, "myopia_d": 0, "hyperopia": False, "bmi": 21.0},
    }
    answer = run("service", facts)
    assert answer["outcome"] == "eligible_if_volunteer"
    assert {"NVQS 6.2", "NĐ13 10"} <= set(answer["grounds"])
    assert "Army needs her" in answer["notes"]
    assert run("service", {**facts, "sex": "M"})["outcome"] == "eligible"
    exempt = run("service", {**facts, "family": {"parent_martyr": True}})  # NVQS 41.2.a, 41.3
    assert exempt["outcome"] == "eligible_if_volunteer"
    assert "NĐ13 10" in exempt["grounds"]
    assert "Army needs her" in exempt["notes"]


# --- 7. LAW.md §7: unconfirmed points answer manual_review -------------------------------------


def test_law_7_10_dqtv_9_1_a_april_registration_of_a_citizen_turning_18_later_that_year():
    """LAW.md §7.10, DQTV 9.1.a: "công dân đủ 18 tuổi" in April: turning 18 in the year or
    already 18: manual_review with both readings, not refused."""
    answer = run("militia", {"sex": "M", "dob": "2008-09-10", "ref_date": "2026-04-15"})
    assert answer["outcome"] == "manual_review"
    assert answer["grounds"] == ["DQTV 8.1", "DQTV 9.1.a"]
    assert [a["outcome"] for a in answer["also"]] == ["refused_age", "allowed_obligation"]
    assert "§7.10" in answer["notes"]
    # not on the point: already 18 in April, or turning 18 only next year, or a term admission
    assert run("militia", {"sex": "M", "dob": "2008-03-10", "ref_date": "2026-04-15"})[
        "outcome"
    ] == ("allowed_obligation")
    assert run("militia", {"sex": "M", "dob": "2009-03-10", "ref_date": "2026-04-15"})[
        "outcome"
    ] == ("refused_age")
    admission = {"sex": "M", "dob": "2008-09-10", "ref_date": "2026-04-15", "start": "2026-04-15"}
    assert run("militia", admission)["outcome"] == "refused_age"


def test_law_7_8_dqtv_8_1_born_29_february_assessed_on_28_february():
    """LAW.md §7.8, DQTV 8.1: 18 on 28 February 2026 or on 1 March? manual_review."""
    answer = run("militia", {"sex": "M", "dob": "2008-02-29", "ref_date": "2026-02-28"})
    assert answer["outcome"] == "manual_review"
    assert "§7.8" in answer["notes"]
    assert {a["outcome"] for a in answer["also"]} == {"refused_age", "allowed_obligation"}


def test_law_7_8_nvqs_25_reserve_age_born_29_february():
    """LAW.md §7.8, NVQS 25: out of the reserve on 28 February of the 46th year, or not yet."""
    facts = {"sex": "M", "dob": "1980-02-29", "ref_date": "2026-02-28", "reserve_class": "hang_2"}
    answer = run("reserve", facts)
    assert answer["outcome"] == "manual_review"
    assert {a["outcome"] for a in answer["also"]} == {"in_reserve", "out_of_reserve_age"}


def test_law_7_9_dqtv_8_1_an_obligation_term_past_45_stays_manual_review():
    """LAW.md §7.9, DQTV 8.1–8.2: a man of 43 obliged for a term ending after 45."""
    answer = run("militia", {"sex": "M", "dob": "1983-01-15", "ref_date": REF})
    assert answer["outcome"] == "manual_review"
    assert answer["grounds"] == ["DQTV 8.1", "DQTV 8.2"]


def test_law_7_9_dqtv_8_2_a_short_extension_past_the_age_is_manual_review():
    """LAW.md §7.9, DQTV 8.2: a ≤ 2-year extension running past 45 (8.2 caps only longer ones)."""
    facts = {**MAN, "dob": "1982-01-15", "start": "2024-06-01", "extension_years": 2}
    answer = run("militia", facts)
    assert answer["outcome"] == "manual_review"


@pytest.mark.parametrize(
    ("service", "point"),
    [({"kind": "police", "months": 15}, "7.6"), ({"kind": "army", "months": 6}, "7.7")],
)
def test_law_7_6_and_7_7_nvqs_24_reserve_class_gaps(service, point):
    """LAW.md §7.6 (police 12–< 20 months: NVQS 24.2.c vs 24.3.c) and §7.7 (exactly 6 months:
    NVQS 24.2.a vs 24.3.a): manual_review in the reserve engine, no class in the service one."""
    facts = {"sex": "M", "dob": "1996-03-01", "ref_date": REF, "active_service": service}
    answer = run("reserve", facts)
    assert answer["outcome"] == "manual_review", point
    assert answer["grounds"] == ["NVQS 24.2", "NVQS 24.3"]
    served = run("service", {**facts, "registered": True})
    assert "reserve_class" not in served or point == "7.6"


@pytest.mark.parametrize(
    ("changes", "point"),
    [
        ({"health": {"class": 1, "myopia_d": 1.5, "hyperopia": False, "bmi": 21}}, "§7.1"),
        (
            {
                "dob": "1999-12-01",
                "was_deferred_for_study": True,
                "study": {"level": "university", "status": "dropped"},
            },
            "§7.4",
        ),
        ({"study": {"level": "master", "status": "studying"}}, "§7.5"),
        ({"dob": "2000-02-29", "ref_date": "2026-02-28"}, "§7.8"),
    ],
)
def test_law_7_1_7_4_7_5_7_8_nvqs_service_points(changes, point):
    """LAW.md §7.1 (TT148 4.3.c, 1.5 D), §7.4 (NVQS 30, drop-out at 26), §7.5 (NVQS 41.1.g,
    master's), §7.8 (NVQS 30, 29 February): manual_review naming the point."""
    facts = {
        "sex": "M",
        "dob": "2005-03-02",
        "ref_date": "2026-02-20",
        "registered": True,
        "education_grade": 12,
        "political_ok": True,
        "health": {"class": 1, "myopia_d": 0, "hyperopia": False, "bmi": 21},
        **changes,
    }
    answer = run("service", facts)
    assert answer["outcome"] == "manual_review", answer
    assert point in answer["notes"]


def test_law_7_3_health_class_4_cites_the_health_ground():
    """LAW.md §7.3, §2: class 4–6 is deferral 41.1.a (either label is accepted when the health
    ground is cited): the engine cites it."""
    facts = {"sex": "M", "dob": "2005-03-02", "ref_date": "2026-02-20", "registered": True}
    answer = run("service", {**facts, "health": {"class": 4}})
    assert answer["outcome"] == "deferred"
    assert "NVQS 41.1.a" in answer["grounds"]


@pytest.mark.parametrize(
    ("facts", "ground"),
    [
        ({"completed_service_basis": {"kind": "commune_police", "months": 40}}, "NVQS 24.2.h"),
        ({"completed_service_basis": {"kind": "standing_militia", "months": 24}}, "NVQS 24.2.e"),
        (
            {"standing_militia_since": "2020-01-01", "standing_militia_until": "2022-01-01"},
            "NVQS 24.2.e",
        ),
    ],
)
def test_nvqs_24_2_e_and_24_2_h_the_reserve_engine_reads_law_md_8_completed_service(facts, ground):
    """NVQS 24.2.e, 24.2.h: §8's completed-service facts give the 1st class in the reserve."""
    answer = run("reserve", {"sex": "M", "dob": "1996-03-01", "ref_date": REF, **facts})
    assert (answer["outcome"], answer["reserve_class"]) == ("in_reserve", "hang_1")
    assert ground in answer["grounds"]
