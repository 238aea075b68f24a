"""Decisions about a cadre (garrison/cadres/services/decisions.py): an appointment, a transfer
or a promotion changes the posts held, the career history and the rank in one step; revoking
it undoes exactly that and keeps the decision, marked revoked; who reads the profile follows
the post held.

The dates are in 2025, before today, so that "the post held now" is the last one issued."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from garrison.cadres.models import CadreDecision, CadreProfile
from garrison.cadres.services.decisions import (
    do_issue_decision,
    do_revoke_decision,
    sync_serving_commune,
)
from garrison.commands.models import Assignment
from tests.cadres.conftest import cadre
from tests.factories import AssignmentFactory, CommandFactory

COMMANDER, DEPUTY = "commander", "deputy_commander"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def an(commune_b):
    """Lò Văn An, Captain since 2 September 2022, from Mường Thanh, holding no post yet."""
    return cadre(commune_b, person__full_name="Lò Văn An")


def issue(actor, profile, kind, number, effective_on, **kwargs) -> CadreDecision:
    # signed on the day it takes effect, or (a decision taking effect years ahead) in 2025:
    # a signature cannot be dated in the future
    kwargs.setdefault("signed_on", min(effective_on, date(2025, 12, 1)))
    return do_issue_decision(
        actor=actor,
        profile=profile,
        kind=kind,
        number=number,
        effective_on=effective_on,
        signer_name="Đại tá Nguyễn Văn Tỉnh",
        signer_title="Chỉ huy trưởng",
        **kwargs,
    )


def appoint(actor, profile, command, position=COMMANDER, *, number="10/QĐ-BCH", on=None):
    return issue(
        actor,
        profile,
        "appointment",
        number,
        on or date(2025, 3, 1),
        command=command,
        position=position,
    )


def revoke(actor, decision, on=date(2025, 11, 3), reason="Bổ nhiệm sai quy trình."):
    return do_revoke_decision(actor=actor, decision=decision, revoked_on=on, reason=reason)


def refresh(*rows):
    for row in rows:
        row.refresh_from_db()


# --- appointment ----------------------------------------------------------------------------


def test_it_appoints_a_cadre_with_the_post_the_career_line_and_the_commune(
    province_staff, an, command_a, commune_a
):
    decision = appoint(province_staff, an, command_a)
    held = decision.assignment
    assert (held.command, held.position, held.person_id) == (command_a, COMMANDER, an.person_id)
    assert (held.start_date, held.end_date, held.decision) == (
        date(2025, 3, 1),
        None,
        "10/QĐ-BCH",
    )
    line = an.career.get()
    assert (line.title, line.organisation, line.position) == (
        "Commander",
        command_a.name,
        COMMANDER,
    )
    assert (line.started_on, line.ended_on, line.decision) == (date(2025, 3, 1), None, decision)
    refresh(an)
    assert an.commune == commune_a
    assert (decision.status, decision.commune, decision.province) == (
        CadreDecision.Status.IN_FORCE,
        commune_a,
        an.province,
    )


def test_the_communes_staff_read_the_profile_of_the_cadre_posted_there(
    province_staff, commune_a_staff, commune_b_staff, an, command_a
):
    # from Mường Thanh (commune B), but holding no post: the province's alone
    assert not CadreProfile.objects.visible_to(commune_b_staff).exists()
    decision = appoint(province_staff, an, command_a)
    assert list(CadreProfile.objects.visible_to(commune_a_staff)) == [an]
    assert list(CadreDecision.objects.visible_to(commune_a_staff)) == [decision]
    assert not CadreProfile.objects.visible_to(commune_b_staff).exists()


def test_it_ends_the_outgoing_holders_assignment_the_day_before(
    province_staff, an, command_a, commune_a
):
    holder = AssignmentFactory(command=command_a, position=COMMANDER, start_date=date(2020, 5, 4))
    decision = issue(
        province_staff,
        an,
        "appointment",
        "10/QĐ-BCH",
        date(2025, 3, 1),
        command=command_a,
        position=COMMANDER,
        replaces=holder,
    )
    refresh(holder)
    assert holder.end_date == date(2025, 2, 28)
    assert decision.replaced_assignment == holder
    assert Assignment.objects.current(date(2025, 3, 1)).get(
        command=command_a, position=COMMANDER
    ) == (decision.assignment)


def test_it_keeps_an_earlier_end_of_the_outgoing_holder(province_staff, an, command_a):
    holder = AssignmentFactory(
        command=command_a,
        position=COMMANDER,
        start_date=date(2020, 5, 4),
        end_date=date(2025, 1, 31),
    )
    decision = issue(
        province_staff,
        an,
        "appointment",
        "10/QĐ-BCH",
        date(2025, 3, 1),
        command=command_a,
        position=COMMANDER,
        replaces=holder,
    )
    refresh(holder)
    assert holder.end_date == date(2025, 1, 31)
    assert decision.replaced_assignment is None


def test_an_outgoing_cadre_leaves_the_post_in_the_career_history_and_the_commune(
    province_staff, commune_a_staff, an, command_a, commune_a, commune_b
):
    old = cadre(commune_b, person__full_name="Cầm Văn Cũ")
    first = appoint(province_staff, old, command_a, on=date(2020, 5, 4), number="3/QĐ-BCH")
    issue(
        province_staff,
        an,
        "appointment",
        "10/QĐ-BCH",
        date(2025, 3, 1),
        command=command_a,
        position=COMMANDER,
        replaces=first.assignment,
    )
    refresh(old)
    assert old.career.get().ended_on == date(2025, 2, 28)
    assert old.commune is None
    assert list(CadreProfile.objects.visible_to(commune_a_staff)) == [an]


def test_it_refuses_a_posting_without_a_command_or_with_a_rank(province_staff, an, command_a):
    with pytest.raises(ValidationError) as refused:
        issue(province_staff, an, "appointment", "10/QĐ-BCH", date(2025, 3, 1), position="x")
    assert refused.value.message_dict == {
        "command": ["Choose the command the cadre is posted to."],
        "position": ["Choose the post the cadre takes."],
    }
    with pytest.raises(ValidationError) as refused:
        issue(
            province_staff,
            an,
            "appointment",
            "10/QĐ-BCH",
            date(2025, 3, 1),
            command=command_a,
            position=COMMANDER,
            new_rank="major",
        )
    assert "issue a promotion" in refused.value.message_dict["new_rank"][0]
    assert not CadreDecision.objects.exists()
    assert not Assignment.objects.exists()


def test_it_refuses_a_command_of_another_province(province_staff, an, commune_c):
    elsewhere = CommandFactory(commune=commune_c)
    with pytest.raises(ValidationError) as refused:
        appoint(province_staff, an, elsewhere)
    assert "another province" in refused.value.message_dict["command"][0]
    assert not Assignment.objects.exists()


def test_it_refuses_a_decision_taking_effect_before_it_is_signed(province_staff, an, command_a):
    with pytest.raises(ValidationError) as refused:
        issue(
            province_staff,
            an,
            "appointment",
            "10/QĐ-BCH",
            date(2025, 3, 1),
            signed_on=date(2025, 3, 2),
            command=command_a,
            position=COMMANDER,
        )
    assert "effective_on" in refused.value.message_dict


def test_it_refuses_a_number_the_province_has_used(province_staff, an, command_a, command_b):
    appoint(province_staff, an, command_a)
    other = cadre(command_a.commune, person__full_name="Quàng Văn Bình")
    with pytest.raises(ValidationError, match="already has a decision with this number"):
        appoint(province_staff, other, command_b)
    assert not other.career.exists()


def test_a_commune_user_cannot_issue_a_decision(commune_a_staff, an, command_a):
    with pytest.raises(PermissionDenied):
        appoint(commune_a_staff, an, command_a)
    assert not Assignment.objects.exists()


# --- transfer -------------------------------------------------------------------------------


def test_a_transfer_ends_the_present_post_and_career_line_the_day_before(
    province_staff, commune_a_staff, commune_b_staff, an, command_a, command_b, commune_b
):
    first = appoint(province_staff, an, command_a)
    moved = issue(
        province_staff,
        an,
        "transfer",
        "55/QĐ-BCH",
        date(2025, 10, 1),
        command=command_b,
        position=DEPUTY,
    )
    previous = first.assignment
    refresh(previous, an)
    assert previous.end_date == date(2025, 9, 30)
    assert moved.ended_assignment == previous
    assert (moved.assignment.command, moved.assignment.start_date) == (command_b, date(2025, 10, 1))
    lines = {line.command: line for line in an.career.all()}
    assert (lines[command_a].started_on, lines[command_a].ended_on) == (
        date(2025, 3, 1),
        date(2025, 9, 30),
    )
    assert (lines[command_b].title, lines[command_b].ended_on) == ("Deputy Commander", None)
    # the profile follows the post: commune B reads it now, commune A no longer
    assert an.commune == commune_b
    assert list(CadreProfile.objects.visible_to(commune_b_staff)) == [an]
    assert not CadreProfile.objects.visible_to(commune_a_staff).exists()


def test_a_transfer_must_take_effect_after_the_present_post_began(
    province_staff, an, command_a, command_b
):
    first = appoint(province_staff, an, command_a)
    with pytest.raises(ValidationError) as refused:
        issue(
            province_staff,
            an,
            "transfer",
            "55/QĐ-BCH",
            date(2025, 3, 1),
            command=command_b,
            position=DEPUTY,
        )
    assert refused.value.message_dict["effective_on"] == [
        "The cadre only took up the present post on 01/03/2025: the new posting must take "
        "effect after that."
    ]
    refresh(first.assignment)
    assert first.assignment.end_date is None
    assert CadreDecision.objects.count() == 1


# --- promotion ------------------------------------------------------------------------------


def test_a_promotion_sets_the_rank_and_its_date(province_staff, an):
    decision = issue(
        province_staff, an, "promotion", "70/QĐ-BCH", date(2025, 9, 2), new_rank="major"
    )
    refresh(an)
    assert (an.rank, an.rank_date) == ("major", date(2025, 9, 2))
    assert (decision.previous_rank, decision.previous_rank_date) == ("captain", date(2022, 9, 2))
    # it posts nobody: no assignment, no career line, no commune
    assert decision.assignment is None and decision.commune is None
    assert not an.career.exists()


@pytest.mark.parametrize("new_rank", ["captain", "first_lieutenant"])
def test_a_promotion_must_be_to_a_higher_rank(province_staff, an, new_rank):
    with pytest.raises(ValidationError) as refused:
        issue(province_staff, an, "promotion", "70/QĐ-BCH", date(2025, 9, 2), new_rank=new_rank)
    assert "is not above the present rank Captain" in refused.value.message_dict["new_rank"][0]
    refresh(an)
    assert an.rank == "captain"


def test_a_civil_servant_is_not_promoted(province_staff, commune_b):
    clerk = cadre(commune_b, service_category="civil_servant", rank="", rank_date=None)
    with pytest.raises(ValidationError) as refused:
        issue(
            province_staff,
            clerk,
            "promotion",
            "70/QĐ-BCH",
            date(2025, 9, 2),
            new_rank="second_lieutenant",
        )
    assert refused.value.message_dict["new_rank"] == ["A civil servant holds no officer rank."]
    refresh(clerk)
    assert clerk.rank == ""


def test_a_promotion_needs_a_rank_and_posts_nobody(province_staff, an, command_a):
    with pytest.raises(ValidationError) as refused:
        issue(province_staff, an, "promotion", "70/QĐ-BCH", date(2025, 9, 2))
    assert refused.value.message_dict["new_rank"] == ["Choose the rank the cadre is promoted to."]
    with pytest.raises(ValidationError) as refused:
        issue(
            province_staff,
            an,
            "promotion",
            "70/QĐ-BCH",
            date(2025, 9, 2),
            new_rank="major",
            command=command_a,
            position=COMMANDER,
        )
    assert "posts nobody" in refused.value.message_dict["command"][0]


def test_a_promotion_of_an_officer_without_a_rank_gives_the_first_one(province_staff, commune_b):
    cadet = cadre(commune_b, rank="", rank_date=None)
    issue(
        province_staff,
        cadet,
        "promotion",
        "70/QĐ-BCH",
        date(2025, 9, 2),
        new_rank="second_lieutenant",
    )
    refresh(cadet)
    assert (cadet.rank, cadet.rank_date) == ("second_lieutenant", date(2025, 9, 2))


# --- revoking -------------------------------------------------------------------------------


def test_revoking_an_appointment_ends_the_post_and_keeps_the_decision_marked(
    province_staff, commune_a_staff, an, command_a
):
    decision = appoint(province_staff, an, command_a)
    revoke(province_staff, decision, on=date(2025, 4, 10))
    refresh(decision, an)
    given = decision.assignment
    assert given.end_date == date(2025, 4, 10)
    assert given.note == "revoked by 10/QĐ-BCH"
    assert an.career.get().ended_on == date(2025, 4, 10)
    assert (decision.status, decision.revoked_on, decision.revocation_reason) == (
        CadreDecision.Status.REVOKED,
        date(2025, 4, 10),
        "Bổ nhiệm sai quy trình.",
    )
    assert CadreDecision.objects.filter(pk=decision.pk).exists()
    # the cadre holds no post any more: the commune no longer reads the profile
    assert not Assignment.objects.current().filter(person=an.person).exists()
    assert an.commune is None
    assert not CadreProfile.objects.visible_to(commune_a_staff).exists()


def test_revoking_an_appointment_gives_the_outgoing_holder_the_post_back(
    province_staff, an, command_a
):
    holder = AssignmentFactory(command=command_a, position=COMMANDER, start_date=date(2020, 5, 4))
    decision = issue(
        province_staff,
        an,
        "appointment",
        "10/QĐ-BCH",
        date(2025, 3, 1),
        command=command_a,
        position=COMMANDER,
        replaces=holder,
    )
    revoke(province_staff, decision)
    refresh(holder)
    assert holder.end_date is None
    assert list(Assignment.objects.current().filter(command=command_a, position=COMMANDER)) == [
        holder
    ]


def test_revoking_a_transfer_reopens_the_old_post_and_career_line(
    province_staff, an, command_a, command_b, commune_a
):
    first = appoint(province_staff, an, command_a)
    moved = issue(
        province_staff,
        an,
        "transfer",
        "55/QĐ-BCH",
        date(2025, 10, 1),
        command=command_b,
        position=DEPUTY,
    )
    revoke(province_staff, moved, on=date(2025, 10, 20))
    refresh(first.assignment, moved.assignment, an)
    assert first.assignment.end_date is None
    assert moved.assignment.end_date == date(2025, 10, 20)
    assert moved.assignment.note == "revoked by 55/QĐ-BCH"
    lines = {line.command: line for line in an.career.all()}
    assert lines[command_a].ended_on is None
    assert lines[command_b].ended_on == date(2025, 10, 20)
    assert an.commune == commune_a
    assert [a.command for a in Assignment.objects.current().filter(person=an.person)] == [command_a]


def test_revoking_a_promotion_gives_the_old_rank_back(province_staff, an):
    decision = issue(
        province_staff, an, "promotion", "70/QĐ-BCH", date(2025, 9, 2), new_rank="major"
    )
    revoke(province_staff, decision)
    refresh(an, decision)
    assert (an.rank, an.rank_date) == ("captain", date(2022, 9, 2))
    assert decision.status == CadreDecision.Status.REVOKED


def test_revoking_is_refused_while_a_later_decision_builds_on_it(
    province_staff, an, command_a, command_b
):
    first = appoint(province_staff, an, command_a)
    moved = issue(
        province_staff,
        an,
        "transfer",
        "55/QĐ-BCH",
        date(2025, 10, 1),
        command=command_b,
        position=DEPUTY,
    )
    with pytest.raises(ValidationError) as refused:
        revoke(province_staff, first)
    assert refused.value.messages == [
        "A later decision (55/QĐ-BCH) builds on this one: revoke that one first."
    ]
    refresh(first, first.assignment)
    assert first.in_force
    assert first.assignment.end_date == date(2025, 9, 30)
    # the later one first, then this one
    revoke(province_staff, moved)
    revoke(province_staff, first)
    refresh(first, an)
    assert not first.in_force
    assert not Assignment.objects.current().filter(person=an.person).exists()
    assert an.commune is None


def test_revoking_twice_or_without_a_reason_is_refused(province_staff, an, command_a):
    decision = appoint(province_staff, an, command_a)
    with pytest.raises(ValidationError) as refused:
        revoke(province_staff, decision, reason="  ")
    assert refused.value.message_dict == {"reason": ["Say why the decision is revoked."]}
    revoke(province_staff, decision)
    with pytest.raises(ValidationError, match="already revoked"):
        revoke(province_staff, decision)


def test_a_commune_user_cannot_revoke_a_decision(province_staff, commune_a_staff, an, command_a):
    decision = appoint(province_staff, an, command_a)
    with pytest.raises(PermissionDenied):
        revoke(commune_a_staff, decision)
    refresh(decision)
    assert decision.in_force


# --- who reads the profile ------------------------------------------------------------------


def test_the_serving_commune_follows_the_post_held_on_the_day(
    province_staff, an, command_a, commune_a
):
    """A posting that takes effect later moves the profile on that day, not before."""
    later = date(2099, 1, 2)
    appoint(province_staff, an, command_a, on=later)
    refresh(an)
    assert an.commune is None
    sync_serving_commune(an, on=later)
    refresh(an)
    assert an.commune == commune_a
    sync_serving_commune(an, on=date(2098, 12, 31))
    refresh(an)
    assert an.commune is None


def test_the_serving_commune_reads_assignments_made_outside_the_decisions(
    province_staff, an, command_b, commune_b
):
    AssignmentFactory(
        command=command_b, position=DEPUTY, person=an.person, start_date=date(2024, 1, 2)
    )
    sync_serving_commune(an)
    refresh(an)
    assert an.commune == commune_b
