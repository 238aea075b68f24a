"""The forces registers through the services every page, endpoint and command calls: admitting
militia members (the law's ages, deferrals, exemptions and term), moving, extending and ending
terms, strength against establishment, training completion and attendance, and the reserve
(assignment by LLDBĐV 17.2, the yearly check, discharge).

"Today" is pinned to 15/10/2026 (the `today` fixture); the dates of the law are passed
explicitly. Messages are asserted in English; grounds ("DQTV 8.1") are the same in any language.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import translation

from garrison.forces import services
from garrison.forces.models import (
    Attendance,
    MemberAssignment,
    MilitiaMember,
    MilitiaUnit,
    Reservist,
    TechnicalMeans,
)
from garrison.forces.rules import MilitiaOutcome
from tests.factories import (
    MilitiaMemberFactory,
    MilitiaUnitFactory,
    PersonFactory,
    ReserveUnitFactory,
    ReservistFactory,
    TechnicalMeansFactory,
    TrainingPlanFactory,
    TrainingSessionFactory,
)

from .conftest import TODAY, YEAR

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]

D = datetime.date
START = D(2026, 6, 3)  # the Chairman's decision: the term begins on 03/06/2026


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def text(error: pytest.ExceptionInfo) -> str:
    """Every message of a ValidationError, field errors included, as one string."""
    return " ".join(error.value.messages)


def person(commune, dob: datetime.date, sex: str = "male", **kwargs):
    return PersonFactory(residence_commune=commune, date_of_birth=dob, sex=sex, **kwargs)


def add(actor, who, unit, started_on=START, **kwargs) -> MilitiaMember:
    return services.do_add_member(
        actor=actor, person=who, unit=unit, started_on=started_on, **kwargs
    )


def serving(unit, started_on: datetime.date, **kwargs) -> MilitiaMember:
    """A member of `unit` since `started_on` (term and first placement as the service writes
    them)."""
    return MilitiaMemberFactory(unit=unit, started_on=started_on, **kwargs)


# --- admission: the term (DQTV 8.2, BLDS 147.3 and 148.4) ----------------------------------------


@pytest.mark.parametrize(
    ("kind", "started_on", "years", "ends"),
    [
        ("local", D(2026, 6, 3), 4, D(2030, 6, 3)),  # LAW.md [DQ-TERM-CALC]'s own example
        ("mobile", D(2026, 6, 3), 4, D(2030, 6, 3)),
        ("maritime", D(2026, 1, 31), 4, D(2030, 1, 31)),
        ("standing", D(2026, 6, 3), 2, D(2028, 6, 3)),  # standing militia: 2 years
        ("standing", D(2028, 2, 29), 2, D(2030, 2, 28)),  # 29 February → 28 February
    ],
)
def test_admission_computes_the_term_and_opens_the_first_placement(
    commune_a, commune_a_staff, resident, kind, started_on, years, ends
):
    unit = MilitiaUnitFactory(commune=commune_a, kind=kind)
    member = add(commune_a_staff, resident, unit, started_on, decision_number="15/QĐ-UBND")
    member.refresh_from_db()
    assert (member.term_years, member.term_end, member.kind) == (years, ends, kind)
    assert member.status == MilitiaMember.Status.SERVING and member.is_open
    assert (member.commune, member.province, member.unit) == (commune_a, commune_a.province, unit)
    assert member.extension_years == 0 and member.volunteer is False
    assert member.decision_number == "15/QĐ-UBND"
    placement = member.assignments.get()
    assert (placement.unit, placement.role, placement.started_on, placement.ended_on) == (
        unit,
        "member",
        started_on,
        None,
    )
    assert placement.province == commune_a.province


def test_admission_as_unit_leader_records_the_role_in_the_placement(
    commune_a_staff, resident, mobile_squad
):
    member = add(commune_a_staff, resident, mobile_squad, role="leader")
    assert member.role == "leader"
    assert member.assignments.get().role == "leader"


def test_assess_admission_gives_the_engine_answer_with_its_grounds(resident, mobile_squad):
    answer = services.assess_admission(resident, mobile_squad, started_on=START)
    assert answer.outcome == MilitiaOutcome.ALLOWED_OBLIGATION
    assert answer.term_end == datetime.date(2030, 6, 3) and answer.term_years == 4
    assert dict(answer.training_days) == {2026: 15, 2027: 12, 2028: 12, 2029: 12}
    assert {"DQTV 8.1", "DQTV 8.2", "DQTV 28.1"} <= set(answer.grounds)
    services.check_admission(answer, reviewed=False)  # allowed: no refusal


# --- admission: age and sex (DQTV 8.1) -----------------------------------------------------------


@pytest.mark.parametrize(
    ("sex", "dob", "volunteer", "why"),
    [
        ("male", D(2008, 6, 4), False, "17: turns 18 the day after the term would begin"),
        ("male", D(2008, 6, 4), True, "volunteering does not lower the age of 18"),
        ("female", D(2008, 6, 4), False, "a girl of 17"),
        ("male", D(1980, 6, 3), False, "a man of 46: past the end of 45"),
        ("female", D(1985, 6, 3), False, "a woman of 41: past the end of 40"),
        ("male", D(1975, 6, 3), True, "a man of 51 even as a volunteer: past the end of 50"),
        ("female", D(1980, 6, 3), True, "a woman of 46 even as a volunteer: past the end of 45"),
    ],
)
def test_admission_outside_the_militia_age_is_refused_citing_dqtv_8_1(
    commune_a, commune_a_staff, mobile_squad, sex, dob, volunteer, why
):
    citizen = person(commune_a, dob, sex)
    with pytest.raises(ValidationError) as error:
        add(commune_a_staff, citizen, mobile_squad, volunteer=volunteer)
    assert "outside the militia age" in text(error), why
    assert "DQTV 8.1" in text(error), why
    assert not MilitiaMember.objects.exists()
    assert not MemberAssignment.objects.exists()


def test_the_militia_age_starts_on_the_18th_birthday(commune_a, commune_a_staff, mobile_squad):
    citizen = person(commune_a, D(2008, 6, 3))
    member = add(commune_a_staff, citizen, mobile_squad, started_on=D(2026, 6, 3))
    assert member.term_end == D(2030, 6, 3)


@pytest.mark.parametrize(
    ("sex", "dob"),
    [
        ("male", D(1980, 6, 3)),  # 46: volunteers serve to the end of 50
        ("female", D(1985, 6, 3)),  # 41: volunteers serve to the end of 45
    ],
)
def test_volunteers_serve_past_the_obligation_age(
    commune_a, commune_a_staff, mobile_squad, sex, dob
):
    citizen = person(commune_a, dob, sex)
    answer = services.assess_admission(citizen, mobile_squad, started_on=START, volunteer=True)
    assert answer.outcome == MilitiaOutcome.ALLOWED_VOLUNTARY
    member = add(commune_a_staff, citizen, mobile_squad, volunteer=True)
    assert member.volunteer is True and member.term_end == D(2030, 6, 3)


# --- admission: deferral, exemption and the volunteer route (DQTV 11) ----------------------------


@pytest.mark.parametrize(
    ("circumstance", "ground"),
    [
        ("spouse_army", "DQTV 11.1.c"),
        ("poor_household_sole_labourer", "DQTV 11.1.e"),
        ("martyr_family", "DQTV 11.2.a"),
        ("heroic_mother_carer", "DQTV 11.2.d"),
    ],
)
def test_a_deferred_or_exempt_citizen_is_refused_unless_he_volunteers_under_dqtv_11_3(
    commune_a_staff, resident, mobile_squad, circumstance, ground
):
    with pytest.raises(ValidationError) as error:
        add(commune_a_staff, resident, mobile_squad, circumstances=[circumstance])
    assert ground in text(error)
    assert "serves voluntarily" in text(error)  # the way out is named
    assert not MilitiaMember.objects.exists()

    answer = services.assess_admission(
        resident, mobile_squad, started_on=START, volunteer=True, circumstances=[circumstance]
    )
    assert answer.outcome == MilitiaOutcome.ALLOWED_VOLUNTARY
    assert {ground, "DQTV 11.3"} <= set(answer.grounds)
    member = add(
        commune_a_staff, resident, mobile_squad, circumstances=[circumstance], volunteer=True
    )
    assert member.volunteer is True and member.is_open


@pytest.mark.parametrize(
    ("circumstance", "ground"),
    [
        ("studying", "DQTV 11.1.h"),
        ("unfit", "DQTV 11.1.b"),
        ("abroad", "DQTV 11.1.h"),
        ("cipher_worker", "DQTV 11.2.đ"),
    ],
)
def test_grounds_outside_dqtv_11_3_refuse_even_a_volunteer(
    commune_a_staff, resident, mobile_squad, circumstance, ground
):
    for volunteer in (False, True):
        with pytest.raises(ValidationError) as error:
            add(
                commune_a_staff,
                resident,
                mobile_squad,
                circumstances=[circumstance],
                volunteer=volunteer,
            )
        assert ground in text(error)
    assert not MilitiaMember.objects.exists()


def test_a_mother_of_a_young_child_is_deferred_until_the_child_is_36_months(
    commune_a, commune_a_staff, mobile_squad
):
    """DQTV 11.1.a: deferred while the child is under 36 months, volunteer or not."""
    mother = person(commune_a, D(1998, 2, 2), "female")
    child = D(2024, 9, 1)  # 36 months on 01/09/2027
    answer = services.assess_admission(
        mother, mobile_squad, started_on=START, youngest_child_dob=child
    )
    assert (answer.outcome, answer.until) == (
        MilitiaOutcome.DEFERRED,
        datetime.date(2027, 9, 1),
    )
    with pytest.raises(ValidationError) as error:
        add(commune_a_staff, mother, mobile_squad, youngest_child_dob=child, volunteer=True)
    assert "DQTV 11.1.a" in text(error)
    member = add(
        commune_a_staff, mother, mobile_squad, started_on=D(2027, 9, 1), youngest_child_dob=child
    )
    assert member.term_end == D(2031, 9, 1)


def test_a_father_is_deferred_only_when_he_raises_the_child_alone(
    commune_a_staff, resident, mobile_squad
):
    child = D(2025, 1, 1)
    with pytest.raises(ValidationError) as error:
        add(
            commune_a_staff,
            resident,
            mobile_squad,
            youngest_child_dob=child,
            raising_child_alone=True,
        )
    assert "DQTV 11.1.a" in text(error)
    member = add(commune_a_staff, resident, mobile_squad, youngest_child_dob=child)
    assert member.is_open


def test_a_reservist_assigned_to_a_reserve_unit_is_exempt_and_cannot_volunteer(
    commune_a, commune_a_staff, province, resident, mobile_squad
):
    """DQTV 11.2.c (not waivable under 11.3); an unassigned reservist may be selected (10.3)."""
    reservist = ReservistFactory(person=resident, commune=commune_a)
    answer = services.assess_admission(resident, mobile_squad, started_on=START)
    assert answer.outcome == MilitiaOutcome.ALLOWED_OBLIGATION  # not yet assigned: DQTV 10.3
    reservist.reserve_unit = ReserveUnitFactory(province=province)
    reservist.save()
    resident.refresh_from_db()
    for volunteer in (False, True):
        with pytest.raises(ValidationError) as error:
            add(commune_a_staff, resident, mobile_squad, volunteer=volunteer)
        assert "DQTV 11.2.c" in text(error)
    assert not MilitiaMember.objects.exists()


# --- admission: the cases the law leaves unclear -------------------------------------------------


def test_a_term_running_past_the_age_needs_a_review(commune_a, commune_a_staff, local_team):
    """A man of 44 would serve until 48 (DQTV 8.1 vs 8.2, LAW.md [DQ-TERM-CALC]): the law does
    not say whether the term is cut short, so a person decides."""
    citizen = person(commune_a, D(1982, 1, 1))
    answer = services.assess_admission(citizen, local_team, started_on=START)
    assert answer.outcome == MilitiaOutcome.MANUAL_REVIEW
    with pytest.raises(ValidationError) as error:
        services.check_admission(answer, reviewed=False)
    assert set(error.value.message_dict) == {"reviewed"}
    with pytest.raises(ValidationError) as error:
        add(commune_a_staff, citizen, local_team)
    assert "reviewed" in error.value.message_dict
    assert "DQTV 8.1" in text(error) and "DQTV 8.2" in text(error)
    assert not MilitiaMember.objects.exists()

    member = add(commune_a_staff, citizen, local_team, reviewed=True)
    assert (member.term_years, member.term_end) == (4, D(2030, 6, 3))
    assert member.volunteer is False


# --- admission: where, who and how many ----------------------------------------------------------


def test_a_non_resident_is_refused_for_a_commune_militia_unit(
    commune_a_staff, mobile_squad, person_b
):
    """DQTV 9.1: militia are registered and selected where they reside."""
    with pytest.raises(ValidationError) as error:
        add(commune_a_staff, person_b, mobile_squad)
    assert set(error.value.message_dict) == {"person"}
    assert "DQTV 9.1" in text(error) and "Phường Mường Thanh" in text(error)
    assert not MilitiaMember.objects.exists()


def test_a_self_defence_unit_admits_a_worker_living_elsewhere(
    commune_a, commune_a_staff, commune_b
):
    unit = MilitiaUnitFactory(
        commune=commune_a,
        force="self_defence",
        agency="Công ty Thủy điện Na Son",
        kind="local",
        level="platoon",
    )
    worker = person(commune_b, D(1995, 3, 3))
    member = add(commune_a_staff, worker, unit)
    assert member.commune == commune_a and member.term_end == D(2030, 6, 3)


def test_a_disbanded_unit_admits_nobody(commune_a_staff, resident, mobile_squad):
    mobile_squad.is_active = False
    mobile_squad.save()
    with pytest.raises(ValidationError) as error:
        add(commune_a_staff, resident, mobile_squad)
    assert set(error.value.message_dict) == {"unit"}


def test_a_citizen_has_one_open_term_at_a_time(commune_a_staff, resident, mobile_squad, local_team):
    first = add(commune_a_staff, resident, mobile_squad)
    with pytest.raises(ValidationError) as error:
        add(commune_a_staff, resident, local_team, started_on=D(2026, 7, 1))
    assert "already serving" in text(error)
    assert MilitiaMember.objects.filter(person=resident).count() == 1
    # the database refuses a second open term too, whoever writes it
    with pytest.raises(IntegrityError), transaction.atomic():
        MilitiaMemberFactory(person=resident, unit=local_team)
    # once the term has ended, a new one may begin
    services.do_end_term(
        actor=commune_a_staff, member=first, on=D(2026, 9, 1), reason="family_hardship"
    )
    second = add(commune_a_staff, resident, local_team, started_on=D(2026, 9, 20))
    assert second.pk != first.pk and second.is_open
    assert list(
        MilitiaMember.objects.filter(person=resident).order_by("pk").values_list("status")
    ) == [("discharged",), ("serving",)]


def test_only_the_communes_own_staff_and_its_province_may_admit(
    commune_a_staff, commune_b_staff, province_staff, ministry_viewer, resident, mobile_squad
):
    for outsider in (commune_b_staff, ministry_viewer):
        with pytest.raises(PermissionDenied):
            add(outsider, resident, mobile_squad)
    assert not MilitiaMember.objects.exists()
    assert add(province_staff, resident, mobile_squad).is_open


# --- strength against establishment --------------------------------------------------------------


def test_strength_counts_open_terms_by_role_beside_the_establishment(mobile_squad, local_team):
    serving(mobile_squad, D(2025, 4, 1), role="leader")
    serving(mobile_squad, D(2025, 4, 1))
    serving(mobile_squad, D(2022, 4, 1), status="extended", extension_years=1)
    serving(mobile_squad, D(2021, 4, 1), status="completed", ended_on=D(2025, 4, 1))
    serving(mobile_squad, D(2025, 4, 1), status="discharged", ended_on=D(2025, 9, 1))
    units = {u.pk: u for u in MilitiaUnit.objects.with_strength()}
    squad, team = units[mobile_squad.pk], units[local_team.pk]
    assert (squad.establishment_total, squad.establishment) == (9, 9)
    assert squad.strength == 3  # serving and extended; not completed, not discharged
    assert (
        squad.strength_leaders,
        squad.strength_deputies,
        squad.strength_political,
        squad.strength_members,
    ) == (1, 0, 0, 2)
    assert (team.strength, team.establishment_total) == (0, 6)


def test_strength_by_counts_open_terms_and_those_ending_in_the_year(
    commune_a, commune_b, mobile_squad, squad_b
):
    serving(mobile_squad, D(2022, 12, 1))  # ends 01/12/2026
    serving(mobile_squad, D(2025, 4, 1))
    serving(squad_b, D(2022, 11, 1))  # ends 01/11/2026
    serving(squad_b, D(2021, 4, 1), status="completed", ended_on=D(2025, 4, 1))
    rows = {
        r["commune"]: (r["strength"], r["completing"])
        for r in MilitiaMember.objects.strength_by("commune", TODAY)
    }
    assert rows == {commune_a.pk: (2, 1), commune_b.pk: (1, 1)}
    ending = MilitiaMember.objects.completing_in(YEAR)
    assert ending.count() == 2 and all(m.term_end.year == YEAR for m in ending)


# --- training (DQTV 28.1) ------------------------------------------------------------------------


@pytest.fixture
def trainees_a(commune_a, mobile_squad, local_team):
    """Commune A's members in 2026: in the first year of the term or a later one, mobile, local
    and standing militia."""
    standing = MilitiaUnitFactory(
        commune=commune_a, name="Tiểu đội dân quân thường trực", kind="standing"
    )
    return {
        "mobile_first": serving(mobile_squad, D(2026, 3, 1)),
        "mobile_later": serving(mobile_squad, D(2024, 4, 1)),
        "mobile_new": serving(mobile_squad, D(2026, 6, 1)),  # after the first session
        "local_first": serving(local_team, D(2026, 2, 1)),
        "local_later": serving(local_team, D(2023, 4, 1)),
        "standing": serving(standing, D(2025, 4, 1)),
    }


@pytest.fixture
def sessions_a(commune_a):
    mobile = TrainingPlanFactory(commune=commune_a, year=YEAR, kind="mobile")
    local = TrainingPlanFactory(commune=commune_a, year=YEAR, kind="local")
    last_year = TrainingPlanFactory(commune=commune_a, year=YEAR - 1, kind="mobile")
    return {
        "mobile_may": TrainingSessionFactory(plan=mobile, held_on=D(2026, 5, 10), days=5),
        "mobile_aug": TrainingSessionFactory(plan=mobile, held_on=D(2026, 8, 10), days=5),
        "mobile_dec": TrainingSessionFactory(plan=mobile, held_on=D(2026, 12, 5), days=5),
        "local_apr": TrainingSessionFactory(plan=local, held_on=D(2026, 4, 1), days=Decimal("7.5")),
        "mobile_2025": TrainingSessionFactory(plan=last_year, held_on=D(2025, 9, 9), days=10),
    }


def attend(actor, session, *members) -> int:
    return services.do_record_attendance(actor=actor, session=session, members=list(members))


def test_training_completion_follows_dqtv_28_1(commune_a_staff, trainees_a, sessions_a):
    """Days required in 2026: 15 in the term's first year, then 12 (mobile) or 7 (local); 60
    for standing militia. Behind: missed days already held; complete: attended ≥ required."""
    m, s = trainees_a, sessions_a
    attend(commune_a_staff, s["mobile_2025"], m["mobile_later"])  # last year: does not count
    attend(commune_a_staff, s["mobile_may"], m["mobile_first"], m["mobile_later"])
    attend(commune_a_staff, s["mobile_aug"], m["mobile_later"], m["mobile_new"])
    attend(commune_a_staff, s["local_apr"], m["local_first"], m["local_later"])
    rows = {
        r.pk: (r.required, r.attended, r.held, r.behind, r.complete)
        for r in MilitiaMember.objects.with_training(YEAR, TODAY)
    }
    expected = {
        # the December session is not held yet on 15/10/2026
        "mobile_first": (15, Decimal("5"), Decimal("10"), True, False),  # missed August
        "mobile_later": (12, Decimal("10"), Decimal("10"), False, False),  # all held so far
        "mobile_new": (15, Decimal("5"), Decimal("5"), False, False),  # joined after May
        "local_first": (15, Decimal("7.5"), Decimal("7.5"), False, False),
        "local_later": (7, Decimal("7.5"), Decimal("7.5"), False, True),
        "standing": (60, Decimal("0"), Decimal("0"), False, False),  # no plan: nothing held
    }
    assert rows == {m[name].pk: values for name, values in expected.items()}
    # the filters the member list and the to-do items use
    behind = MilitiaMember.objects.with_training(YEAR, TODAY).filter(behind=True)
    assert list(behind) == [m["mobile_first"]]
    complete = MilitiaMember.objects.with_training(YEAR, TODAY).filter(complete=True)
    assert list(complete) == [m["local_later"]]


def test_last_years_training_is_counted_in_last_years_terms(
    commune_a_staff, trainees_a, sessions_a
):
    m = trainees_a
    attend(commune_a_staff, sessions_a["mobile_2025"], m["mobile_later"])
    row = MilitiaMember.objects.with_training(YEAR - 1, TODAY).get(pk=m["mobile_later"].pk)
    # 2025 is the second year of a term begun in 2024: 12 days; 10 held, 10 attended
    assert (row.required, row.attended, row.held, row.behind) == (12, 10, 10, False)


def test_training_by_counts_members_complete_and_behind(
    commune_a, commune_a_staff, mobile_squad, local_team, trainees_a, sessions_a
):
    m, s = trainees_a, sessions_a
    attend(commune_a_staff, s["mobile_may"], m["mobile_first"], m["mobile_later"])
    attend(commune_a_staff, s["mobile_aug"], m["mobile_later"], m["mobile_new"])
    attend(commune_a_staff, s["local_apr"], m["local_first"], m["local_later"])
    serving(mobile_squad, D(2021, 4, 1), status="completed", ended_on=D(2025, 4, 1))  # not open
    by_unit = {
        r["unit"]: (r["members"], r["complete_n"], r["behind_n"])
        for r in MilitiaMember.objects.training_by("unit", YEAR, TODAY)
    }
    assert by_unit[mobile_squad.pk] == (3, 0, 1)
    assert by_unit[local_team.pk] == (2, 1, 0)
    (by_commune,) = MilitiaMember.objects.training_by("commune", YEAR, TODAY)
    assert (by_commune["commune"], by_commune["members"]) == (commune_a.pk, 6)
    assert (by_commune["complete_n"], by_commune["behind_n"]) == (1, 1)


def test_who_may_attend_a_session(commune_a, commune_b, mobile_squad, local_team, squad_b):
    """Members of the commune, in a unit of the plan's kind, serving on the session's day."""
    may = TrainingSessionFactory(
        plan=TrainingPlanFactory(commune=commune_a, year=YEAR, kind="mobile"),
        held_on=D(2026, 5, 10),
    )
    in_unit = serving(mobile_squad, D(2025, 4, 1))
    ended_later = serving(mobile_squad, D(2022, 4, 1), status="completed", ended_on=D(2026, 5, 10))
    serving(mobile_squad, D(2022, 1, 1), status="completed", ended_on=D(2026, 5, 9))
    serving(mobile_squad, D(2026, 5, 11))  # not yet serving
    serving(local_team, D(2025, 4, 1))  # another kind
    serving(squad_b, D(2025, 4, 1))  # another commune
    assert set(services.trainees(may)) == {in_unit, ended_later}


def test_recording_attendance_replaces_the_list(commune_a, commune_a_staff, mobile_squad):
    session = TrainingSessionFactory(
        plan=TrainingPlanFactory(commune=commune_a, year=YEAR, kind="mobile"),
        held_on=D(2026, 5, 10),
    )
    first, second, third = (serving(mobile_squad, D(2025, 4, 1)) for _ in range(3))
    assert attend(commune_a_staff, session, first, second) == 2
    assert set(session.attendance.values_list("member", flat=True)) == {first.pk, second.pk}
    assert attend(commune_a_staff, session, second, third) == 2
    assert set(session.attendance.values_list("member", flat=True)) == {second.pk, third.pk}
    row = session.attendance.get(member=third)
    assert (row.commune_id, row.province_id) == (commune_a.pk, commune_a.province_id)
    assert attend(commune_a_staff, session) == 0
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("stranger", ["local", "commune_b", "not_yet", "ended"])
def test_attendance_refuses_people_who_could_not_attend(
    commune_a, commune_a_staff, mobile_squad, local_team, squad_b, stranger
):
    session = TrainingSessionFactory(
        plan=TrainingPlanFactory(commune=commune_a, year=YEAR, kind="mobile"),
        held_on=D(2026, 5, 10),
    )
    member = serving(mobile_squad, D(2025, 4, 1))
    attend(commune_a_staff, session, member)
    other = {
        "local": lambda: serving(local_team, D(2025, 4, 1)),
        "commune_b": lambda: serving(squad_b, D(2025, 4, 1)),
        "not_yet": lambda: serving(mobile_squad, D(2026, 6, 1)),
        "ended": lambda: serving(
            mobile_squad, D(2021, 4, 1), status="completed", ended_on=D(2025, 4, 1)
        ),
    }[stranger]()
    with pytest.raises(ValidationError) as error:
        attend(commune_a_staff, session, member, other)
    assert set(error.value.message_dict) == {"members"}
    assert "1 of the people ticked" in text(error) and "10/05/2026" in text(error)
    # nothing changed
    assert list(session.attendance.values_list("member", flat=True)) == [member.pk]


def test_attendance_at_an_earlier_session_survives_a_move(
    commune_a, commune_a_staff, mobile_squad, local_team
):
    session = TrainingSessionFactory(
        plan=TrainingPlanFactory(commune=commune_a, year=YEAR, kind="mobile"),
        held_on=D(2026, 5, 10),
    )
    moved, stayed = serving(mobile_squad, D(2025, 4, 1)), serving(mobile_squad, D(2025, 4, 1))
    attend(commune_a_staff, session, moved, stayed)
    services.do_move_member(
        actor=commune_a_staff, member=moved, unit=local_team, role="member", on=D(2026, 9, 1)
    )
    # he was in the mobile squad on 10/05/2026: still one of the session's trainees
    assert moved in set(services.trainees(session))
    assert attend(commune_a_staff, session, moved, stayed) == 2


def test_attendance_is_recorded_only_by_the_communes_own_staff(
    commune_a, commune_b_staff, ministry_viewer, mobile_squad
):
    session = TrainingSessionFactory(
        plan=TrainingPlanFactory(commune=commune_a, year=YEAR, kind="mobile"),
        held_on=D(2026, 5, 10),
    )
    member = serving(mobile_squad, D(2025, 4, 1))
    for outsider in (commune_b_staff, ministry_viewer):
        with pytest.raises(PermissionDenied):
            attend(outsider, session, member)
    assert not Attendance.objects.exists()


# --- moving a member (the placement history is kept) ---------------------------------------------


def test_moving_a_member_closes_the_placement_and_opens_another(
    commune_a_staff, mobile_squad, local_team
):
    member = serving(local_team, D(2025, 4, 1))
    term_end, version = member.term_end, member.version
    placement = services.do_move_member(
        actor=commune_a_staff,
        member=member,
        unit=mobile_squad,
        role="leader",
        on=D(2026, 5, 1),
        note="Quyết định 22/QĐ-BCH",
    )
    member.refresh_from_db()
    assert (member.unit, member.role) == (mobile_squad, "leader")
    assert member.version == version + 1
    assert (member.term_end, member.kind, member.started_on) == (term_end, "local", D(2025, 4, 1))
    history = list(
        member.assignments.order_by("started_on").values_list(
            "unit", "role", "started_on", "ended_on", "note"
        )
    )
    assert history == [
        (local_team.pk, "member", D(2025, 4, 1), D(2026, 4, 30), ""),
        (mobile_squad.pk, "leader", D(2026, 5, 1), None, "Quyết định 22/QĐ-BCH"),
    ]
    assert placement.pk == member.assignments.get(ended_on__isnull=True).pk
    strength = dict(MilitiaUnit.objects.with_strength().values_list("pk", "strength"))
    assert strength == {local_team.pk: 0, mobile_squad.pk: 1}

    # a second move keeps both earlier lines
    services.do_move_member(
        actor=commune_a_staff, member=member, unit=mobile_squad, role="member", on=D(2026, 9, 1)
    )
    assert list(member.assignments.order_by("started_on").values_list("role", "ended_on")) == [
        ("member", D(2026, 4, 30)),
        ("leader", D(2026, 8, 31)),
        ("member", None),
    ]


def test_a_move_without_a_date_takes_effect_today(commune_a_staff, mobile_squad, local_team):
    member = serving(local_team, D(2025, 4, 1))
    placement = services.do_move_member(
        actor=commune_a_staff, member=member, unit=mobile_squad, role="member"
    )
    assert placement.started_on == TODAY
    assert member.assignments.get(unit=local_team).ended_on == TODAY - datetime.timedelta(days=1)


def test_a_move_is_refused_to_a_unit_of_another_commune(
    commune_a_staff, mobile_squad, squad_b, local_team
):
    member = serving(mobile_squad, D(2025, 4, 1))
    with pytest.raises(ValidationError) as error:
        services.do_move_member(
            actor=commune_a_staff, member=member, unit=squad_b, role="member", on=D(2026, 5, 1)
        )
    assert set(error.value.message_dict) == {"unit"}
    assert "own commune" in text(error)
    member.refresh_from_db()
    assert member.unit == mobile_squad
    assert member.assignments.get().ended_on is None


@pytest.mark.parametrize("case", ["same_place", "too_early", "disbanded", "ended"])
def test_other_moves_that_make_no_sense_are_refused(
    commune_a_staff, mobile_squad, local_team, case
):
    member = serving(mobile_squad, D(2025, 4, 1))
    unit, on = local_team, D(2026, 5, 1)
    if case == "same_place":
        unit = mobile_squad
    elif case == "too_early":
        on = D(2025, 4, 1)  # not after the current placement began
    elif case == "disbanded":
        local_team.is_active = False
        local_team.save()
    else:
        services.do_end_term(
            actor=commune_a_staff, member=member, on=D(2026, 3, 1), reason="study_or_abroad"
        )
    with pytest.raises(ValidationError):
        services.do_move_member(
            actor=commune_a_staff, member=member, unit=unit, role="member", on=on
        )
    assert MemberAssignment.objects.filter(member=member).count() == 1
    member.refresh_from_db()
    assert member.unit == mobile_squad


def test_only_the_communes_own_staff_may_move_its_members(
    commune_b_staff, ministry_viewer, mobile_squad, local_team
):
    member = serving(mobile_squad, D(2025, 4, 1))
    for outsider in (commune_b_staff, ministry_viewer):
        with pytest.raises(PermissionDenied):
            services.do_move_member(
                actor=outsider, member=member, unit=local_team, role="member", on=D(2026, 5, 1)
            )
    assert member.assignments.count() == 1


def test_a_move_is_in_the_members_audit_log(commune_a_staff, mobile_squad, local_team):
    member = serving(local_team, D(2025, 4, 1))
    before = LogEntry.objects.get_for_object(member).count()
    services.do_move_member(
        actor=commune_a_staff, member=member, unit=mobile_squad, role="leader", on=D(2026, 5, 1)
    )
    entries = LogEntry.objects.get_for_object(member).order_by("pk")
    assert entries.count() == before + 1
    assert {"unit", "role"} <= set(entries.last().changes_dict)


# --- extending a term (DQTV 8.2) -----------------------------------------------------------------


def test_extending_a_term_moves_its_end_and_marks_it_extended(commune_a_staff, local_team):
    member = serving(local_team, D(2024, 6, 3))
    assert member.term_end == D(2028, 6, 3)
    services.do_extend_term(
        actor=commune_a_staff, member=member, years=2, decision_number="40/QĐ-UBND"
    )
    member.refresh_from_db()
    assert (member.extension_years, member.term_end) == (2, D(2030, 6, 3))
    assert member.status == MilitiaMember.Status.EXTENDED and member.is_open
    assert "40/QĐ-UBND" in member.notes
    assert member.term_years == 4  # the base term is unchanged
    # strength still counts an extended term
    assert MilitiaUnit.objects.with_strength().get(pk=local_team.pk).strength == 1
    # a third year would pass the 2-year limit for local militia
    with pytest.raises(ValidationError) as error:
        services.do_extend_term(actor=commune_a_staff, member=member, years=1)
    assert "DQTV 8.2" in error.value.message_dict["years"][0]
    member.refresh_from_db()
    assert (member.extension_years, member.term_end) == (2, D(2030, 6, 3))


@pytest.mark.parametrize(
    ("unit_kwargs", "role", "allowed"),
    [
        ({"kind": "local"}, "member", False),
        ({"kind": "mobile"}, "member", False),
        ({"kind": "maritime"}, "member", True),  # maritime militia: longer
        ({"kind": "local"}, "leader", True),  # unit commanders: longer
        ({"kind": "local", "force": "self_defence", "agency": "Công ty X"}, "member", True),
    ],
)
def test_an_extension_of_three_years_is_for_maritime_militia_self_defence_and_commanders(
    commune_a, commune_a_staff, unit_kwargs, role, allowed
):
    unit = MilitiaUnitFactory(commune=commune_a, **unit_kwargs)
    member = serving(unit, D(2025, 4, 1), role=role)  # born 1998-2000: far from the age limit
    if allowed:
        services.do_extend_term(actor=commune_a_staff, member=member, years=3)
        member.refresh_from_db()
        assert (member.extension_years, member.term_end) == (3, D(2032, 4, 1))
    else:
        with pytest.raises(ValidationError) as error:
            services.do_extend_term(actor=commune_a_staff, member=member, years=3)
        assert "DQTV 8.2" in text(error)
        member.refresh_from_db()
        assert (member.extension_years, member.status) == (0, "serving")


def test_an_extension_past_the_militia_age_is_not_granted_without_review(
    commune_a, commune_a_staff, local_team, mobile_squad
):
    """A man born 01/01/1984 leaves the militia age on 01/01/2030 (DQTV 8.1). Two more years
    would end his term on 10/01/2030: the law is unclear (the engine answers manual_review), so
    the service refuses, citing both grounds, until a person has reviewed the case."""
    older = PersonFactory(residence_commune=commune_a, date_of_birth=D(1984, 1, 1))
    member = serving(local_team, D(2024, 1, 10), person=older)  # ends 10/01/2028
    with pytest.raises(ValidationError) as error:
        services.do_extend_term(actor=commune_a_staff, member=member, years=2, on=D(2026, 6, 1))
    assert "DQTV 8.1" in text(error) and "DQTV 8.2" in text(error)
    assert "01/01/2030" in text(error)
    member.refresh_from_db()
    assert (member.term_end, member.extension_years) == (D(2028, 1, 10), 0)
    assert "reviewed" in error.value.message_dict
    # one year keeps the term inside the age: allowed
    services.do_extend_term(actor=commune_a_staff, member=member, years=1, on=D(2026, 6, 1))
    member.refresh_from_db()
    assert member.term_end == D(2029, 1, 10)
    # one more year outlives the age again; once reviewed, the Chairman may grant it
    services.do_extend_term(
        actor=commune_a_staff, member=member, years=1, on=D(2026, 6, 1), reviewed=True
    )
    member.refresh_from_db()
    assert (member.term_end, member.extension_years) == (D(2030, 1, 10), 2)


def test_a_term_is_not_ended_in_advance(commune_a_staff, mobile_squad, today):
    member = serving(mobile_squad, D(2022, 11, 1))  # ends 01/11/2026, after "today"
    with pytest.raises(ValidationError) as error:
        services.do_end_term(actor=commune_a_staff, member=member, on=D(2026, 11, 1))
    assert "not in advance" in text(error)
    member.refresh_from_db()
    assert member.is_open


def test_an_extension_needs_a_year_and_an_open_term(commune_a_staff, commune_b_staff, local_team):
    member = serving(local_team, D(2024, 6, 3))
    with pytest.raises(ValidationError):
        services.do_extend_term(actor=commune_a_staff, member=member, years=0)
    with pytest.raises(PermissionDenied):
        services.do_extend_term(actor=commune_b_staff, member=member, years=1)
    services.do_end_term(actor=commune_a_staff, member=member, on=D(2026, 6, 1), reason="unfit")
    with pytest.raises(ValidationError) as error:
        services.do_extend_term(actor=commune_a_staff, member=member, years=1)
    assert "has ended" in text(error)


# --- ending a term (DQTV 12, 13) -----------------------------------------------------------------


def test_ending_a_term_early_needs_a_reason(commune_a_staff, mobile_squad):
    member = serving(mobile_squad, D(2025, 4, 1))  # ends 01/04/2029
    with pytest.raises(ValidationError) as error:
        services.do_end_term(actor=commune_a_staff, member=member, on=D(2026, 9, 1))
    assert set(error.value.message_dict) == {"reason"}
    assert "01/04/2029" in text(error) and "DQTV 12" in text(error)
    member.refresh_from_db()
    assert member.is_open

    services.do_end_term(actor=commune_a_staff, member=member, on=D(2026, 9, 1), reason="called_up")
    member.refresh_from_db()
    assert member.status == MilitiaMember.Status.DISCHARGED and not member.is_open
    assert (member.ended_on, member.end_reason) == (D(2026, 9, 1), "called_up")
    assert member.assignments.get().ended_on == D(2026, 9, 1)
    assert MilitiaUnit.objects.with_strength().get(pk=mobile_squad.pk).strength == 0


def test_a_term_that_has_run_its_course_is_completed(commune_a_staff, mobile_squad, local_team):
    member = serving(local_team, D(2022, 6, 3))  # ends 03/06/2026
    services.do_move_member(
        actor=commune_a_staff, member=member, unit=mobile_squad, role="member", on=D(2024, 1, 1)
    )
    services.do_end_term(actor=commune_a_staff, member=member, on=D(2026, 6, 3))
    member.refresh_from_db()
    assert (member.status, member.ended_on, member.end_reason) == (
        "completed",
        D(2026, 6, 3),
        "",
    )
    # the open placement is closed on the last day; the earlier one keeps its own end
    assert list(member.assignments.order_by("started_on").values_list("unit", "ended_on")) == [
        (local_team.pk, D(2023, 12, 31)),
        (mobile_squad.pk, D(2026, 6, 3)),
    ]
    assert not MilitiaMember.objects.completing_in(2026).filter(pk=member.pk).exists()


@pytest.mark.parametrize(
    ("on", "reason"),
    [
        (D(2025, 3, 31), "unfit"),  # before the term began
        (D(2026, 9, 1), "bored"),  # not a reason of DQTV 12/13
    ],
)
def test_an_end_that_makes_no_sense_is_refused(commune_a_staff, mobile_squad, on, reason):
    member = serving(mobile_squad, D(2025, 4, 1))
    with pytest.raises(ValidationError):
        services.do_end_term(actor=commune_a_staff, member=member, on=on, reason=reason)
    member.refresh_from_db()
    assert member.is_open and member.ended_on is None


def test_a_term_cannot_end_before_the_current_placement_began(
    commune_a_staff, mobile_squad, local_team
):
    member = serving(local_team, D(2025, 4, 1))
    services.do_move_member(
        actor=commune_a_staff, member=member, unit=mobile_squad, role="member", on=D(2026, 9, 1)
    )
    with pytest.raises(ValidationError) as error:
        services.do_end_term(
            actor=commune_a_staff, member=member, on=D(2026, 8, 15), reason="called_up"
        )
    assert set(error.value.message_dict) == {"on"}
    member.refresh_from_db()
    assert member.is_open
    assert not MemberAssignment.objects.filter(
        member=member, ended_on__lt=models.F("started_on")
    ).exists()


def test_a_term_ends_once_and_only_by_its_own_commune(
    commune_a_staff, commune_b_staff, ministry_viewer, mobile_squad
):
    member = serving(mobile_squad, D(2025, 4, 1))
    for outsider in (commune_b_staff, ministry_viewer):
        with pytest.raises(PermissionDenied):
            services.do_end_term(actor=outsider, member=member, on=D(2026, 9, 1), reason="unfit")
    services.do_end_term(actor=commune_a_staff, member=member, on=D(2026, 9, 1), reason="unfit")
    with pytest.raises(ValidationError) as error:
        services.do_end_term(actor=commune_a_staff, member=member, on=D(2026, 9, 2), reason="death")
    assert "has ended" in text(error)
    member.refresh_from_db()
    assert (member.ended_on, member.end_reason) == (D(2026, 9, 1), "unfit")


# --- reserve: assignment to reserve units (LLDBĐV 17.2) ------------------------------------------


def reservist_aged(commune, dob: datetime.date, **kwargs) -> Reservist:
    return ReservistFactory(
        person=PersonFactory(residence_commune=commune, date_of_birth=dob), **kwargs
    )


@pytest.fixture
def combat(province):
    return ReserveUnitFactory(province=province, code="d1", role="combat")


@pytest.fixture
def support(province):
    return ReserveUnitFactory(province=province, code="c20", role="support")


def test_a_36_year_old_nco_goes_to_a_support_unit_not_a_combat_unit(
    commune_a, commune_a_staff, combat, support
):
    reservist = reservist_aged(commune_a, D(1990, 1, 1))  # 36 on 01/06/2026
    on = D(2026, 6, 1)
    with pytest.raises(ValidationError) as error:
        services.do_assign_reservist(actor=commune_a_staff, reservist=reservist, unit=combat, on=on)
    assert set(error.value.message_dict) == {"unit"}
    assert "LLDBĐV 17.2" in text(error)
    reservist.refresh_from_db()
    assert reservist.reserve_unit is None

    services.do_assign_reservist(actor=commune_a_staff, reservist=reservist, unit=support, on=on)
    reservist.refresh_from_db()
    assert (reservist.reserve_unit, reservist.assigned_on) == (support, on)


@pytest.mark.parametrize(
    ("dob", "category", "why"),
    [
        (D(1990, 6, 2), "nco_soldier", "an NCO of 35: combat units take them to 35"),
        (D(1987, 6, 2), "professional_soldier", "a professional soldier of 38: to 40"),
    ],
)
def test_combat_units_take_ncos_to_35_and_professional_soldiers_to_40(
    commune_a, commune_a_staff, combat, dob, category, why
):
    reservist = reservist_aged(commune_a, dob, category=category)
    services.do_assign_reservist(
        actor=commune_a_staff, reservist=reservist, unit=combat, on=D(2026, 6, 1)
    )
    reservist.refresh_from_db()
    assert reservist.reserve_unit == combat, why


def test_a_reservist_unfit_in_health_goes_to_no_reserve_unit(
    commune_a, commune_a_staff, combat, support
):
    """LLDBĐV 16: reservists fit in health; class 4 to 6 fits neither kind of unit."""
    reservist = reservist_aged(commune_a, D(1996, 3, 1), health_class=4)
    for unit in (combat, support):
        with pytest.raises(ValidationError) as error:
            services.do_assign_reservist(
                actor=commune_a_staff, reservist=reservist, unit=unit, on=D(2026, 6, 1)
            )
        assert "LLDBĐV 16" in text(error)
    reservist.refresh_from_db()
    assert reservist.reserve_unit is None


def test_a_reservist_past_the_reserve_age_is_not_assigned(commune_a, commune_a_staff, support):
    reservist = reservist_aged(commune_a, D(1980, 1, 1))  # 46: past the end of 45 (NVQS 25)
    with pytest.raises(ValidationError) as error:
        services.do_assign_reservist(
            actor=commune_a_staff, reservist=reservist, unit=support, on=D(2026, 6, 1)
        )
    assert "outside the reserve age" in text(error) and "NVQS 25" in text(error)


def test_a_reserve_unit_of_another_province_is_refused(commune_a, commune_a_staff, other_province):
    reservist = reservist_aged(commune_a, D(1996, 3, 1))
    elsewhere = ReserveUnitFactory(province=other_province, role="support")
    with pytest.raises(ValidationError) as error:
        services.do_assign_reservist(
            actor=commune_a_staff, reservist=reservist, unit=elsewhere, on=D(2026, 6, 1)
        )
    assert set(error.value.message_dict) == {"unit"}
    reservist.refresh_from_db()
    assert reservist.reserve_unit is None


def test_a_reservist_is_taken_off_a_unit_and_discharged(commune_a, commune_a_staff, combat):
    reservist = reservist_aged(commune_a, D(1996, 3, 1))
    services.do_assign_reservist(
        actor=commune_a_staff, reservist=reservist, unit=combat, on=D(2026, 3, 1)
    )
    services.do_assign_reservist(
        actor=commune_a_staff, reservist=reservist, unit=None, on=D(2026, 6, 1)
    )
    reservist.refresh_from_db()
    assert (reservist.reserve_unit, reservist.assigned_on) == (None, None)

    services.do_assign_reservist(actor=commune_a_staff, reservist=reservist, unit=combat)
    assert reservist.assigned_on == TODAY
    with pytest.raises(ValidationError) as error:
        services.do_discharge_reservist(actor=commune_a_staff, reservist=reservist, reason="  ")
    assert set(error.value.message_dict) == {"reason"}
    services.do_discharge_reservist(
        actor=commune_a_staff, reservist=reservist, on=D(2026, 9, 1), reason="Không đủ sức khỏe"
    )
    reservist.refresh_from_db()
    assert reservist.status == Reservist.Status.DISCHARGED
    assert (reservist.discharged_on, reservist.reserve_unit) == (D(2026, 9, 1), None)
    assert "Không đủ sức khỏe" in reservist.notes
    with pytest.raises(ValidationError):
        services.do_assign_reservist(actor=commune_a_staff, reservist=reservist, unit=combat)
    with pytest.raises(ValidationError):
        services.do_discharge_reservist(actor=commune_a_staff, reservist=reservist, reason="x")


# --- reserve: the yearly check -------------------------------------------------------------------


def test_the_yearly_check_sets_checked_on_and_leaves_the_due_list(commune_a, commune_a_staff):
    never = reservist_aged(commune_a, D(1996, 3, 1))
    last_year = reservist_aged(commune_a, D(1995, 3, 1), checked_on=D(2025, 12, 1))
    this_year = reservist_aged(commune_a, D(1994, 3, 1), checked_on=D(2026, 2, 1))
    gone = reservist_aged(commune_a, D(1993, 3, 1), status="discharged")
    assert set(Reservist.objects.due_for_check(YEAR)) == {never, last_year}

    services.do_check_reservist(
        actor=commune_a_staff, reservist=never, on=D(2026, 10, 1), health_class=2
    )
    never.refresh_from_db()
    assert (never.checked_on, never.health_class) == (D(2026, 10, 1), 2)
    services.do_check_reservist(actor=commune_a_staff, reservist=last_year)
    last_year.refresh_from_db()
    assert last_year.checked_on == TODAY and last_year.health_class is None
    assert not Reservist.objects.due_for_check(YEAR).exists()
    assert set(Reservist.objects.due_for_check(YEAR + 1)) == {never, last_year, this_year}

    with pytest.raises(ValidationError):
        services.do_check_reservist(actor=commune_a_staff, reservist=gone)
    with pytest.raises(ValidationError) as error:
        services.do_check_reservist(
            actor=commune_a_staff, reservist=this_year, on=TODAY + datetime.timedelta(days=1)
        )
    assert set(error.value.message_dict) == {"on"}


def test_readiness_by_commune_counts_assigned_checked_and_class_1(
    commune_a, commune_b, commune_a_staff, combat
):
    checked = reservist_aged(commune_a, D(1996, 3, 1), checked_on=D(2026, 3, 1))
    reservist_aged(commune_a, D(1995, 3, 1), reserve_class="hang_2", active_service_months=0)
    reservist_aged(commune_b, D(1995, 3, 1))
    reservist_aged(commune_a, D(1993, 3, 1), status="discharged")
    services.do_assign_reservist(
        actor=commune_a_staff, reservist=checked, unit=combat, on=D(2026, 3, 1)
    )
    rows = {
        r["commune"]: (r["registered"], r["assigned"], r["checked"], r["class_1"])
        for r in Reservist.objects.readiness_by("commune", TODAY)
    }
    assert rows == {commune_a.pk: (2, 1, 1, 1), commune_b.pk: (1, 0, 0, 1)}


def test_reservists_are_acted_on_only_by_their_own_commune(
    commune_a, commune_b_staff, ministry_viewer, support
):
    reservist = reservist_aged(commune_a, D(1996, 3, 1))
    for outsider in (commune_b_staff, ministry_viewer):
        with pytest.raises(PermissionDenied):
            services.do_check_reservist(actor=outsider, reservist=reservist, on=D(2026, 3, 1))
        with pytest.raises(PermissionDenied):
            services.do_assign_reservist(actor=outsider, reservist=reservist, unit=support)
        with pytest.raises(PermissionDenied):
            services.do_discharge_reservist(actor=outsider, reservist=reservist, reason="x")
    reservist.refresh_from_db()
    assert (reservist.checked_on, reservist.reserve_unit, reservist.status) == (
        None,
        None,
        "registered",
    )


# --- reserve technical means ---------------------------------------------------------------------


def test_the_yearly_check_of_a_means_and_its_unit(
    commune_a, commune_a_staff, commune_b_staff, combat, other_province
):
    truck = TechnicalMeansFactory(commune=commune_a)
    assert list(TechnicalMeans.objects.due_for_check(YEAR)) == [truck]
    services.do_check_means(actor=commune_a_staff, means=truck, on=D(2026, 9, 1))
    truck.refresh_from_db()
    assert (truck.checked_on, truck.reserve_unit) == (D(2026, 9, 1), None)
    assert not TechnicalMeans.objects.due_for_check(YEAR).exists()

    # a unit is applied only when asked to
    services.do_check_means(actor=commune_a_staff, means=truck, on=D(2026, 9, 2), unit=combat)
    truck.refresh_from_db()
    assert truck.reserve_unit is None
    services.do_check_means(
        actor=commune_a_staff, means=truck, on=D(2026, 9, 3), unit=combat, assign=True
    )
    truck.refresh_from_db()
    assert (truck.checked_on, truck.reserve_unit) == (D(2026, 9, 3), combat)

    elsewhere = ReserveUnitFactory(province=other_province)
    with pytest.raises(ValidationError) as error:
        services.do_check_means(actor=commune_a_staff, means=truck, unit=elsewhere, assign=True)
    assert set(error.value.message_dict) == {"unit"}
    with pytest.raises(ValidationError):
        services.do_check_means(
            actor=commune_a_staff, means=truck, on=TODAY + datetime.timedelta(days=1)
        )
    with pytest.raises(PermissionDenied):
        services.do_check_means(actor=commune_b_staff, means=truck)
    truck.refresh_from_db()
    assert (truck.checked_on, truck.reserve_unit) == (D(2026, 9, 3), combat)
