"""Placement proposals through the services and the database (garrison/cadres/services/
placement.py): the hard rules hold in every proposal, by the solver or by hand; an empty post
says why; approval issues one audited decision per match, against the registers as they are.

The province (Điện Biên) has five commune commands. Commander and Deputy Commander follow the
Ministry's standards (plan figures) with a rotation after 5 years; the province adds a stricter
standard for Commanders of border communes. Posts open on 1 July 2026 (horizon: end of 2026):
- Na Son: the Commander's holder turns 51 on 15 September (the age bound is 50); the Deputy's
  post is vacant;
- Mường Thanh: the Commander's post is vacant; the Deputy, Lường Văn Khánh (a cadre), has held
  it since March 2021 and reaches the rotation period;
- Xã Biên Giới (border): both posts vacant; only Giàng A Pháo meets the border standard for
  Commander, and he comes from that commune;
- Mường Nhé (border): the Commander is young and stays; the Deputy's post is vacant;
- Thanh Xương: both posts vacant.
Nine posts, three of them strategic, and fewer fit candidates than posts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from garrison.cadres import rules
from garrison.cadres.models import CadreDecision, CadreProfile, PlacementMatch, PlacementRun
from garrison.cadres.services import facts
from garrison.cadres.services.decisions import do_issue_decision
from garrison.cadres.services.placement import (
    build_case,
    do_approve_run,
    do_create_run,
    do_remove_pin,
    do_set_pin,
    do_solve_run,
    parts_of,
)
from garrison.commands.models import Assignment, MilitaryCommand
from tests.cadres.conftest import cadre
from tests.cadres.test_solver import brute_force
from tests.factories import (
    AssignmentFactory,
    CommandFactory,
    CommuneFactory,
    PersonFactory,
    PostStandardFactory,
)

EFFECTIVE = date(2026, 7, 1)
HORIZON = date(2026, 12, 31)
SIGNED = date(2026, 6, 20)
COMMANDER, DEPUTY = "commander", "deputy_commander"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@dataclass
class Plan:
    commands: dict[str, MilitaryCommand]
    cadres: dict[str, CadreProfile]
    aging_holder: Assignment
    rotating_holder: Assignment


@pytest.fixture
def plan(province, commune_a, commune_b, border_commune):
    PostStandardFactory(position=COMMANDER, rotation_years=5)
    PostStandardFactory(
        position=DEPUTY,
        min_rank="second_lieutenant",
        max_rank="major",
        min_political_theory="elementary",
        rotation_years=5,
    )
    PostStandardFactory(
        province=province,
        position=COMMANDER,
        area="border",
        min_political_theory="advanced",
        min_local_military_years=5,
    )
    muong_nhe = CommuneFactory(province=province, name="Xã Mường Nhé", is_border=True)
    thanh_xuong = CommuneFactory(province=province, name="Xã Thanh Xương")
    commands = {
        "na_son": CommandFactory(commune=commune_a),
        "muong_thanh": CommandFactory(commune=commune_b),
        "bien_gioi": CommandFactory(commune=border_commune),
        "muong_nhe": CommandFactory(commune=muong_nhe),
        "thanh_xuong": CommandFactory(commune=thanh_xuong),
    }
    aging = AssignmentFactory(
        command=commands["na_son"],
        position=COMMANDER,
        person=PersonFactory(residence_commune=commune_a, date_of_birth=date(1975, 9, 15)),
        start_date=date(2024, 1, 14),
    )
    AssignmentFactory(
        command=commands["muong_nhe"],
        position=COMMANDER,
        person=PersonFactory(residence_commune=muong_nhe, date_of_birth=date(1990, 1, 1)),
        start_date=date(2025, 1, 1),
    )
    cadres = {
        # the only one who meets the border standard, and he comes from the border commune
        "phao": cadre(
            border_commune,
            person__full_name="Giàng A Pháo",
            rank="major",
            political_theory="advanced",
            local_military_years=8,
            grassroots_years=6,
            ethnic_languages="Mông",
        ),
        "an": cadre(commune_a, person__full_name="Lò Văn An"),
        "binh": cadre(
            commune_b,
            person__full_name="Quàng Văn Bình",
            mass_mobilisation=True,
            local_military_years=4,
        ),
        "khanh": cadre(commune_a, person__full_name="Lường Văn Khánh", local_military_years=6),
        # a deputy at most: Second Lieutenant, elementary theory
        "dung": cadre(
            thanh_xuong,
            person__full_name="Tòng Văn Dũng",
            rank="second_lieutenant",
            political_theory="elementary",
        ),
        # fit for nothing: a civil servant without rank; not a Party member; too old
        "chung": cadre(
            commune_b,
            person__full_name="Cà Văn Chung",
            service_category="civil_servant",
            rank="",
            rank_date=None,
        ),
        "hai": cadre(commune_a, person__full_name="Vàng Văn Hải", party_member=False),
        "lu": cadre(
            muong_nhe, person__full_name="Mùa A Lử", person__date_of_birth=date(1970, 4, 2)
        ),
    }
    rotating = AssignmentFactory(
        command=commands["muong_thanh"],
        position=DEPUTY,
        person=cadres["khanh"].person,
        start_date=date(2021, 3, 1),
    )
    return Plan(commands, cadres, aging, rotating)


def create_run(actor, province, **kwargs) -> PlacementRun:
    return do_create_run(
        actor=actor,
        province_id=province.pk,
        title="Bố trí Chỉ huy trưởng, Phó Chỉ huy trưởng 2026",
        effective_on=EFFECTIVE,
        horizon=HORIZON,
        **kwargs,
    )


def approve(actor, run, first_number=101):
    return do_approve_run(
        actor=actor,
        run=run,
        first_number=first_number,
        symbol="QĐ-BCH",
        signed_on=SIGNED,
        signer_name="Đại tá Nguyễn Văn Tỉnh",
        signer_title="Chỉ huy trưởng",
    )


def filled(run: PlacementRun) -> list[PlacementMatch]:
    return list(run.matches.filter(profile__isnull=False).select_related("profile", "command"))


def assert_hard_rules_hold(run: PlacementRun) -> None:
    """Every match passes screening for its post (home-commune rule included), checked two
    ways: the facts service, and the pure rules on facts read afresh; nobody takes two posts."""
    standards = facts.standards_for(run.province_id)
    matches = filled(run)
    assert len({m.profile_id for m in matches}) == len(matches)
    for match in matches:
        result, points, _parts = facts.screen(
            match.profile,
            match.command,
            match.position,
            run.effective_on,
            home_rule=run.home_commune_rule,
        )
        assert result.passed, (match, result.reasons)
        assert match.points == points
        post = facts.post(match.command, match.position)
        again = rules.screen(
            facts.candidate(match.profile),
            post,
            standards,
            run.effective_on,
            home_rule=run.home_commune_rule,
        )
        assert again.passed, (match, again.reasons)
        if run.home_commune_rule:
            assert match.profile.home_commune_id != match.command.commune_id


# --- the proposal ---------------------------------------------------------------------------


def test_it_proposes_the_open_posts_with_why_each_is_open(province_staff, province, plan):
    run = create_run(province_staff, province)
    rows = {(m.command_id, m.position): m for m in run.matches.all()}
    c = plan.commands
    assert set(rows) == {
        (c["na_son"].pk, COMMANDER),
        (c["na_son"].pk, DEPUTY),
        (c["muong_thanh"].pk, COMMANDER),
        (c["muong_thanh"].pk, DEPUTY),
        (c["bien_gioi"].pk, COMMANDER),
        (c["bien_gioi"].pk, DEPUTY),
        (c["muong_nhe"].pk, DEPUTY),
        (c["thanh_xuong"].pk, COMMANDER),
        (c["thanh_xuong"].pk, DEPUTY),
    }
    assert rows[(c["na_son"].pk, COMMANDER)].vacancy == [["2026-09-15", "age"]]
    assert rows[(c["muong_thanh"].pk, DEPUTY)].vacancy == [["2026-07-01", "rotation"]]
    assert rows[(c["thanh_xuong"].pk, COMMANDER)].vacancy == [[None, "vacant"]]
    assert {k for k, m in rows.items() if m.strategic} == {
        (c["bien_gioi"].pk, COMMANDER),
        (c["bien_gioi"].pk, DEPUTY),
        (c["muong_nhe"].pk, DEPUTY),
    }
    assert run.summary["posts"] == 9
    assert run.summary["strategic_posts"] == 3
    # free cadres and the one rotating out; nobody who holds a post that stays
    assert run.summary["candidates"] == 8


def test_it_keeps_the_hard_rules_in_the_proposal(province_staff, province, plan):
    run = create_run(province_staff, province)
    assert_hard_rules_hold(run)
    assert run.summary["filled"] == len(filled(run)) > 0
    assert run.summary["filled"] >= run.summary["greedy_filled"]


def test_it_never_gives_a_cadre_the_post_they_rotate_out_of(province_staff, province, plan):
    run = create_run(province_staff, province)
    khanh = plan.cadres["khanh"]
    assert not run.matches.filter(
        profile=khanh, command=plan.commands["muong_thanh"], position=DEPUTY
    ).exists()


def test_it_never_places_a_cadre_in_their_home_commune_while_the_rule_is_on(
    province_staff, province, plan
):
    run = create_run(province_staff, province)
    assert all(m.profile.home_commune_id != m.command.commune_id for m in filled(run))
    border = run.matches.get(command=plan.commands["bien_gioi"], position=COMMANDER)
    assert border.profile is None


def test_it_may_place_a_cadre_at_home_when_the_run_switches_the_rule_off(
    province_staff, province, plan
):
    run = create_run(province_staff, province, home_commune_rule=False)
    assert_hard_rules_hold(run)
    border = run.matches.get(command=plan.commands["bien_gioi"], position=COMMANDER)
    assert border.profile == plan.cadres["phao"]


def test_it_fills_as_many_posts_as_brute_force_would(province_staff, province, plan):
    """The proposal's figures are the optimum of the screened problem."""
    run = create_run(province_staff, province)
    case = build_case(province.pk, run.positions, EFFECTIVE, HORIZON)
    best = brute_force(case.problem)
    summary = run.summary
    assert (summary["filled"], summary["strategic_filled"], summary["points"]) == best


# --- empty posts explain themselves ---------------------------------------------------------


def test_an_empty_post_names_the_reasons_when_nobody_is_eligible(province_staff, province, plan):
    run = create_run(province_staff, province)
    border = run.matches.get(command=plan.commands["bien_gioi"], position=COMMANDER)
    assert border.profile is None
    assert border.eligible_count == 0
    assert border.explanation["kind"] == "none_eligible"
    counts = dict(border.explanation["reasons"])
    # each count is the number of candidates failing on that criterion, as screening says
    expected: dict[str, int] = {}
    for profile in CadreProfile.objects.filter(pk__in=[p.pk for p in plan.cadres.values()]):
        result, _points, _parts = facts.screen(profile, border.command, COMMANDER, EFFECTIVE)
        assert not result.passed
        for code in {r.code for r in result.reasons}:
            expected[code] = expected.get(code, 0) + 1
    assert counts == expected
    assert counts["home_commune"] == 1  # Giàng A Pháo
    assert {"local_experience", "political_theory", "rank", "party", "age"} <= set(counts)


def test_an_empty_post_says_where_its_candidates_went(province_staff, province, plan):
    run = create_run(province_staff, province)
    taken = [m for m in run.matches.filter(profile__isnull=True) if m.eligible_count]
    assert taken, "the scenario has more posts than fit candidates"
    placed = {m.profile.person.full_name: m for m in filled(run)}
    for match in taken:
        assert match.explanation["kind"] == "taken"
        assert match.explanation["count"] == match.eligible_count
        assert match.explanation["others"]
        for name, position, command in match.explanation["others"]:
            where = placed[name]
            assert (position, command) == (where.position, where.command.name)


def test_every_empty_post_has_one_of_the_two_explanations(province_staff, province, plan):
    run = create_run(province_staff, province)
    for match in run.matches.filter(profile__isnull=True):
        kind = match.explanation["kind"]
        assert kind == ("taken" if match.eligible_count else "none_eligible"), match
        if kind == "none_eligible":
            assert match.explanation["reasons"]
            assert {code for code, _n in match.explanation["reasons"]} <= {
                "age",
                "category",
                "rank",
                "political_theory",
                "party",
                "health",
                "local_experience",
                "grassroots",
                "home_commune",
                "no_standard",
            }


def test_a_match_explains_its_points(province_staff, province, plan):
    run = create_run(province_staff, province)
    for match in filled(run):
        assert match.explanation["kind"] == "match"
        assert sum(p for _code, _value, p in match.explanation["parts"]) == match.points
        # stored as codes, put into words in the reader's language
        with translation.override("vi"):
            words = [label for label, _p in parts_of(match.explanation)]
        assert all(label and "_" not in label for label in words), words


# --- pins and forbidden pairs ---------------------------------------------------------------


def test_a_forbidden_pair_never_appears_and_the_rules_still_hold(province_staff, province, plan):
    run = create_run(province_staff, province)
    for match in filled(run)[:3]:
        do_set_pin(
            actor=province_staff,
            run=run,
            kind="forbid",
            command=match.command,
            position=match.position,
            profile=match.profile,
        )
        assert not run.matches.filter(
            command=match.command, position=match.position, profile=match.profile
        ).exists()
        assert_hard_rules_hold(run)
    forbidden = {(p.profile_id, p.command_id, p.position) for p in run.pins.all()}
    assert len(forbidden) == 3
    assert not forbidden & {(m.profile_id, m.command_id, m.position) for m in filled(run)}


def test_a_pin_holds_and_the_rest_is_solved_around_it(province_staff, province, plan):
    run = create_run(province_staff, province)
    dung, muong_nhe = plan.cadres["dung"], plan.commands["muong_nhe"]
    before = run.matches.get(command=muong_nhe, position=DEPUTY)
    # pin someone else than the solver chose, if it chose anyone
    other = plan.cadres["an"] if before.profile == dung else dung
    pin = do_set_pin(
        actor=province_staff,
        run=run,
        kind="pin",
        command=muong_nhe,
        position=DEPUTY,
        profile=other,
    )
    match = run.matches.get(command=muong_nhe, position=DEPUTY)
    assert (match.profile, match.pinned) == (other, True)
    assert_hard_rules_hold(run)
    # removing the pin gives the solver's own answer back
    do_remove_pin(actor=province_staff, pin=pin)
    run.refresh_from_db()
    assert run.matches.get(command=muong_nhe, position=DEPUTY).profile == before.profile


def test_a_pin_that_fails_screening_is_refused_with_the_reasons(province_staff, province, plan):
    run = create_run(province_staff, province)
    with pytest.raises(ValidationError) as refused:
        do_set_pin(
            actor=province_staff,
            run=run,
            kind="pin",
            command=plan.commands["na_son"],
            position=COMMANDER,
            profile=plan.cadres["dung"],
        )
    messages = refused.value.messages
    assert any("Rank Second Lieutenant is below the Senior Lieutenant" in m for m in messages)
    assert any("Political theory elementary" in m for m in messages)
    assert all(m.startswith("Tòng Văn Dũng cannot be pinned to this post") for m in messages)
    assert not run.pins.exists()


def test_a_pin_to_a_border_post_is_held_to_the_provinces_border_standard(
    province_staff, province, plan
):
    run = create_run(province_staff, province)
    with pytest.raises(ValidationError) as refused:
        do_set_pin(
            actor=province_staff,
            run=run,
            kind="pin",
            command=plan.commands["bien_gioi"],
            position=COMMANDER,
            profile=plan.cadres["an"],
        )
    assert refused.value.messages == [
        "Lò Văn An cannot be pinned to this post: Political theory intermediate; the post "
        "needs at least advanced.",
        "Lò Văn An cannot be pinned to this post: 3 years of local military work; the post "
        "needs 5 years.",
    ]
    # the same cadre is fit for a Commander's post inland
    do_set_pin(
        actor=province_staff,
        run=run,
        kind="pin",
        command=plan.commands["thanh_xuong"],
        position=COMMANDER,
        profile=plan.cadres["an"],
    )
    assert run.matches.get(profile=plan.cadres["an"]).command == plan.commands["thanh_xuong"]


def test_a_pin_to_the_home_commune_is_refused_while_the_rule_is_on(province_staff, province, plan):
    run = create_run(province_staff, province)
    with pytest.raises(ValidationError) as refused:
        do_set_pin(
            actor=province_staff,
            run=run,
            kind="pin",
            command=plan.commands["bien_gioi"],
            position=COMMANDER,
            profile=plan.cadres["phao"],
        )
    assert refused.value.messages == [
        "Giàng A Pháo cannot be pinned to this post: Comes from this commune, and the rule "
        "against serving in one's home commune is on."
    ]
    assert not run.pins.exists()


def test_a_pin_to_the_post_one_rotates_out_of_is_refused(province_staff, province, plan):
    run = create_run(province_staff, province)
    with pytest.raises(ValidationError) as refused:
        do_set_pin(
            actor=province_staff,
            run=run,
            kind="pin",
            command=plan.commands["muong_thanh"],
            position=DEPUTY,
            profile=plan.cadres["khanh"],
        )
    assert refused.value.messages == [
        "Lường Văn Khánh holds this post now: a cadre is not proposed for the post they "
        "leave. Pin them to another post."
    ]
    assert not run.pins.exists()


def test_a_cadre_cannot_be_pinned_to_two_posts(province_staff, province, plan):
    run = create_run(province_staff, province)
    an = plan.cadres["an"]
    do_set_pin(
        actor=province_staff,
        run=run,
        kind="pin",
        command=plan.commands["thanh_xuong"],
        position=COMMANDER,
        profile=an,
    )
    with pytest.raises(ValidationError, match="already pinned to another post"):
        do_set_pin(
            actor=province_staff,
            run=run,
            kind="pin",
            command=plan.commands["muong_thanh"],
            position=COMMANDER,
            profile=an,
        )
    assert run.matches.get(profile=an).command == plan.commands["thanh_xuong"]


# --- approval -------------------------------------------------------------------------------


def test_approval_issues_one_decision_per_match_and_the_assignments(province_staff, province, plan):
    run = create_run(province_staff, province)
    matches = filled(run)
    decisions = approve(province_staff, run)
    run.refresh_from_db()
    assert run.status == PlacementRun.Status.APPROVED
    assert len(decisions) == len(matches) == CadreDecision.objects.filter(placement_run=run).count()
    assert sorted(d.number for d in decisions) == [f"{101 + k}/QĐ-BCH" for k in range(len(matches))]
    by_profile = {d.profile_id: d for d in decisions}
    for match in matches:
        decision = by_profile[match.profile_id]
        assignment = decision.assignment
        assert (assignment.command, assignment.position) == (match.command, match.position)
        assert assignment.person_id == match.profile.person_id
        assert assignment.decision == decision.number
        assert assignment.end_date is None
        # a post free now is taken on the effective day; one falling vacant, on that day
        day = date.fromisoformat(match.vacancy[0][0]) if match.vacancy[0][0] else EFFECTIVE
        assert assignment.start_date == decision.effective_on == day


def test_approval_ends_the_outgoing_holders_assignment_the_day_before(
    province_staff, province, plan
):
    run = create_run(province_staff, province)
    binh, na_son = plan.cadres["binh"], plan.commands["na_son"]
    do_set_pin(
        actor=province_staff, run=run, kind="pin", command=na_son, position=COMMANDER, profile=binh
    )
    approve(province_staff, run)
    plan.aging_holder.refresh_from_db()
    assert plan.aging_holder.end_date == date(2026, 9, 14)
    new = Assignment.objects.get(command=na_son, position=COMMANDER, end_date=None)
    assert (new.person_id, new.start_date) == (binh.person_id, date(2026, 9, 15))
    # one holder at a time: the old and the new never overlap
    for day, holder in ((date(2026, 9, 14), plan.aging_holder), (date(2026, 9, 15), new)):
        assert Assignment.objects.current(day).get(command=na_son, position=COMMANDER) == holder


def test_a_cadre_rotating_out_and_placed_elsewhere_is_transferred(province_staff, province, plan):
    khanh, pho = plan.cadres["khanh"], plan.cadres["phao"]
    muong_thanh, thanh_xuong = plan.commands["muong_thanh"], plan.commands["thanh_xuong"]
    # his present post came by a decision, with its career line
    plan.rotating_holder.delete()
    do_issue_decision(
        actor=province_staff,
        profile=khanh,
        kind="appointment",
        number="12/QĐ-BCH",
        signed_on=date(2021, 2, 20),
        effective_on=date(2021, 3, 1),
        signer_name="x",
        signer_title="y",
        command=muong_thanh,
        position=DEPUTY,
    )
    run = create_run(province_staff, province)
    for profile, command, position in ((pho, muong_thanh, DEPUTY), (khanh, thanh_xuong, COMMANDER)):
        do_set_pin(
            actor=province_staff,
            run=run,
            kind="pin",
            command=command,
            position=position,
            profile=profile,
        )
    decisions = {d.profile_id: d for d in approve(province_staff, run)}
    old = Assignment.objects.get(person=khanh.person, command=muong_thanh)
    assert old.end_date == date(2026, 6, 30)
    line = khanh.career.get(command=muong_thanh)
    assert line.ended_on == date(2026, 6, 30)
    assert decisions[khanh.pk].kind == "transfer"
    assert khanh.career.get(command=thanh_xuong).started_on == EFFECTIVE


def test_a_candidate_is_screened_on_the_day_they_would_take_the_post(
    province_staff, province, commune_a, commune_b
):
    PostStandardFactory(position=COMMANDER)  # at most 50
    na_son = CommandFactory(commune=commune_a, quotas={COMMANDER: 1})
    AssignmentFactory(
        command=na_son,
        position=COMMANDER,
        person=PersonFactory(residence_commune=commune_a, date_of_birth=date(1975, 9, 15)),
        start_date=date(2024, 1, 14),
    )
    # 50 on the effective day, 51 on 1 August, before the post falls vacant (15 September)
    cadre(commune_b, person__full_name="Lò Văn Già", person__date_of_birth=date(1975, 8, 1))
    run = create_run(province_staff, province)
    assert not filled(run)  # he would be 51 on 15 September: too old for the post that day
    empty = run.matches.get(command=na_son, position=COMMANDER)
    assert empty.explanation["kind"] == "none_eligible"
    assert dict(map(tuple, empty.explanation["reasons"])) == {"age": 1}


def test_approval_is_in_the_audit_log(province_staff, province, plan):
    run = create_run(province_staff, province)
    do_set_pin(
        actor=province_staff,
        run=run,
        kind="pin",
        command=plan.commands["na_son"],
        position=COMMANDER,
        profile=plan.cadres["binh"],
    )
    decisions = approve(province_staff, run)
    for decision in decisions:
        created = LogEntry.objects.get_for_object(decision.assignment)
        assert created.filter(action=LogEntry.Action.CREATE).count() == 1
        assert (
            LogEntry.objects.get_for_object(decision).filter(action=LogEntry.Action.CREATE).exists()
        )
    ended = LogEntry.objects.get_for_object(plan.aging_holder).filter(action=LogEntry.Action.UPDATE)
    assert ended.count() == 1
    assert ended.get().changes_dict["end_date"] == ["None", "2026-09-14"]


def test_approval_is_refused_when_the_registers_changed_since_the_solve(
    province_staff, province, plan
):
    run = create_run(province_staff, province)
    moved = filled(run)[0].profile
    # meanwhile, the cadre was posted elsewhere by hand
    AssignmentFactory(
        command=plan.commands["thanh_xuong"],
        position="assistant",
        person=moved.person,
        start_date=date(2026, 6, 1),
    )
    assignments = Assignment.objects.count()
    with pytest.raises(ValidationError, match="The registers changed since this proposal"):
        approve(province_staff, run)
    assert not CadreDecision.objects.exists()
    assert Assignment.objects.count() == assignments
    run.refresh_from_db()
    assert run.is_draft
    # solved again, it approves
    do_solve_run(actor=province_staff, run=run)
    assert moved.pk not in {m.profile_id for m in filled(run)}
    assert len(approve(province_staff, run)) == len(filled(run))


def test_approval_is_refused_when_a_match_no_longer_passes_screening(
    province_staff, province, plan
):
    run = create_run(province_staff, province)
    profile = filled(run)[0].profile
    profile.party_member = False
    profile.save()
    with pytest.raises(ValidationError, match=profile.person.full_name):
        approve(province_staff, run)
    assert not CadreDecision.objects.exists()


def test_approval_is_refused_when_a_number_is_taken(province_staff, province, plan):
    run = create_run(province_staff, province)
    do_issue_decision(
        actor=province_staff,
        profile=plan.cadres["lu"],
        kind="promotion",
        number="102/QĐ-BCH",
        signed_on=date(2026, 1, 5),
        effective_on=date(2026, 1, 5),
        signer_name="Đại tá Nguyễn Văn Tỉnh",
        signer_title="Chỉ huy trưởng",
        new_rank="major",
    )
    with pytest.raises(ValidationError) as refused:
        approve(province_staff, run, first_number=101)
    assert "102/QĐ-BCH" in str(refused.value)
    assert "first_number" in refused.value.message_dict
    assert CadreDecision.objects.count() == 1
    run.refresh_from_db()
    assert run.is_draft


def test_an_approved_run_is_neither_solved_nor_approved_again(province_staff, province, plan):
    run = create_run(province_staff, province)
    approve(province_staff, run)
    with pytest.raises(ValidationError):
        do_solve_run(actor=province_staff, run=run)
    with pytest.raises(ValidationError):
        approve(province_staff, run, first_number=500)


# --- who sees and changes a proposal --------------------------------------------------------


def test_a_commune_user_cannot_see_the_proposal_the_province_can(
    province_staff, commune_a_staff, commune_b_staff, province, plan
):
    run = create_run(province_staff, province)
    assert list(PlacementRun.objects.visible_to(province_staff)) == [run]
    assert not PlacementRun.objects.visible_to(commune_a_staff).exists()
    assert not PlacementRun.objects.visible_to(commune_b_staff).exists()
    assert not PlacementMatch.objects.visible_to(commune_a_staff).exists()


def test_a_commune_user_cannot_create_or_approve_a_proposal(
    province_staff, commune_a_staff, province, plan
):
    with pytest.raises(PermissionDenied):
        create_run(commune_a_staff, province)
    assert not PlacementRun.objects.exists()
    run = create_run(province_staff, province)
    with pytest.raises(PermissionDenied):
        approve(commune_a_staff, run)
    assert not CadreDecision.objects.exists()
