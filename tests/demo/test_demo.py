"""`garrison demo --no-serve`: the demonstration database a visitor signs in to."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from garrison.accounts.models import User
from garrison.cadres import overview
from garrison.cadres.models import (
    BodyMembership,
    CadreDecision,
    CadreProfile,
    CareerEntry,
    Enrolment,
    Entitlement,
    Evaluation,
    PlacementRun,
    PostStandard,
    Recognition,
    SuccessionPlan,
)
from garrison.cadres.services import facts as cadre_facts
from garrison.cadres.services.development import training_priority
from garrison.commands.models import Assignment, MilitaryCommand, PredecessorUnit, Reorganisation
from garrison.commands.rules import Position
from garrison.core.indicators import get_indicator
from garrison.core.models import Notification
from garrison.core.scoping import COMMUNE, NATION, PROVINCE
from garrison.demo.dienbien_data import PASSWORD
from garrison.forces import rules as forces_rules
from garrison.forces import services as forces_services
from garrison.forces.models import (
    Attendance,
    MemberAssignment,
    MilitiaMember,
    MilitiaUnit,
    Reservist,
    TrainingSession,
)
from garrison.people.models import ETHNIC_GROUPS, Person
from garrison.people.rules import check_citizen_id
from garrison.reporting.models import (
    Directive,
    DirectiveReceipt,
    ReportForm,
    Submission,
    SubmissionEvent,
)
from garrison.reporting.rates import querysets as rates
from garrison.reporting.returns import periods
from garrison.reporting.returns.services import do_start_submission
from garrison.territory.models import Commune

pytestmark = pytest.mark.django_db


def run_demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", "--no-serve", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture(scope="module", autouse=True)
def demo_output(django_db_setup, django_db_blocker):
    """Prepare the demo once per module, inside a transaction rolled back at the end (tests
    run in savepoints within it), so no other test module sees the demo rows."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield run_demo()
        transaction.set_rollback(True)


def counts() -> dict[str, int]:
    return {
        "communes": Commune.objects.count(),
        "commands": MilitaryCommand.objects.count(),
        "people": Person.objects.count(),
        "assignments": Assignment.objects.count(),
        "reorganisations": Reorganisation.objects.count(),
        "predecessors": PredecessorUnit.objects.count(),
        "users": User.objects.count(),
        "militia_members": MilitiaMember.objects.count(),
        "reservists": Reservist.objects.count(),
        "attendance": Attendance.objects.count(),
        "directives": Directive.objects.count(),
        "directive_receipts": DirectiveReceipt.objects.count(),
        "cadre_profiles": CadreProfile.objects.count(),
        "career_entries": CareerEntry.objects.count(),
        "cadre_decisions": CadreDecision.objects.count(),
        "post_standards": PostStandard.objects.count(),
        "placement_runs": PlacementRun.objects.count(),
        "notifications": Notification.objects.count(),
    }


def dien_bien_commands():
    return MilitaryCommand.objects.filter(province__code=11, level="commune")


def test_output_shows_address_and_sign_ins(demo_output):
    assert "http://127.0.0.1:8000/" in demo_output
    for username in ("ministry", "dienbien", "dienbien_inspector", "nason", "muongthanh"):
        assert username in demo_output
    assert "demo" in demo_output


def test_every_commune_of_dien_bien_has_a_command_touched_by_the_reorganisation():
    assert dien_bien_commands().count() == 45
    strengthening = Reorganisation.objects.get(
        province__code=11, legal_basis="Nghị quyết 66.12/2026/NQ-CP"
    )
    assert strengthening.date == datetime.date(2026, 1, 14)
    assert strengthening.commands.count() == 45
    assert not dien_bien_commands().exclude(established_on=datetime.date(2026, 1, 14)).exists()
    merger = Reorganisation.objects.get(province__code=11, legal_basis__contains="1661")
    assert merger.date == datetime.date(2025, 7, 1)
    assert merger.predecessors.filter(commune__name="Xã Na Son").exists()


def test_na_son_and_muong_thanh_have_a_commander_who_holds_the_demo_account():
    for name, username in (("Xã Na Son", "nason"), ("Phường Mường Thanh", "muongthanh")):
        commander = Assignment.objects.current().get(
            commune__name=name, position=Position.COMMANDER
        )
        assert commander.person.sex == "male"
        assert 30 <= 2026 - commander.person.date_of_birth.year <= 45
        assert commander.start_date == datetime.date(2026, 1, 14)
        assert User.objects.get(username=username).full_name == commander.person.full_name


def test_the_gaps_a_province_must_fill():
    def without_commander(on: datetime.date) -> int:
        return dien_bien_commands().with_staffing(on).filter(has_commander=False).count()

    # three communes never had a Commander; a fourth lost its Commander on 31/10/2026
    assert without_commander(datetime.date(2026, 10, 1)) == 3
    assert without_commander(datetime.date(2026, 12, 1)) == 4
    commissars = Assignment.objects.current(datetime.date(2026, 12, 1)).filter(
        province__code=11, position=Position.POLITICAL_COMMISSAR
    )
    assert not commissars.filter(is_concurrent=False).exists()
    assert 38 <= commissars.count() < 45


def test_every_demo_citizen_id_is_valid_and_unique():
    people = list(Person.objects.filter(province__code=11))
    # residents, command holders, young men of service age, militia members, reservists
    assert 7000 <= len(people) <= 12000
    assert len({p.citizen_id for p in people}) == len(people)
    for person in people:
        assert person.citizen_id.startswith("011")
        assert not check_citizen_id(
            person.citizen_id, sex=person.sex, date_of_birth=person.date_of_birth
        ), person
    assert {p.ethnicity for p in people} <= set(ETHNIC_GROUPS)
    assert {p.residence_commune.province_id for p in people[:50]} == {people[0].province_id}
    # the Vietnamese sort key is set although bulk_create bypasses Person.save()
    assert all(p.name_sort_key for p in people)


@pytest.mark.parametrize(
    ("username", "level", "place"),
    [
        ("ministry", NATION, None),
        ("dienbien", PROVINCE, "Điện Biên"),
        ("dienbien_inspector", PROVINCE, "Điện Biên"),
        ("nason", COMMUNE, "Xã Na Son"),
        ("muongthanh", COMMUNE, "Phường Mường Thanh"),
    ],
)
def test_demo_accounts_sign_in_with_their_scope(client, username, level, place):
    user = User.objects.get(username=username)
    assert user.scope.level == level
    assert user.full_name
    if level == PROVINCE:
        assert user.province.name == place and user.commune is None
    if level == COMMUNE:
        assert user.commune.name == place and user.scope.commune_id == user.commune_id
    if level == NATION:
        assert user.province is None and user.commune is None
    assert not user.scope.can_write or username in {"dienbien", "nason", "muongthanh"}

    response = client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_running_again_changes_nothing():
    before = counts()
    ids = set(Person.objects.values_list("citizen_id", flat=True))
    accounts = set(User.objects.values_list("username", "full_name", "role", "commune"))

    out = run_demo()

    assert "already prepared" in out
    assert counts() == before
    assert set(Person.objects.values_list("citizen_id", flat=True)) == ids
    assert set(User.objects.values_list("username", "full_name", "role", "commune")) == accounts


def test_reset_regenerates_the_same_data():
    before = counts()
    people = set(Person.objects.values_list("citizen_id", "full_name", "date_of_birth"))
    Person.objects.filter(province__code=11).update(full_name="Changed")

    run_demo("--reset")

    assert counts() == before
    assert set(Person.objects.values_list("citizen_id", "full_name", "date_of_birth")) == people


def test_every_commune_has_militia_within_the_law_and_a_training_year_in_progress():
    """DQTV 15.2: a mobile platoon per commune; terms from DQTV 8.2; a training year under
    way with some members behind; the placement history of members who were moved."""
    today = datetime.date.today()
    communes = Commune.objects.filter(province__code=11)
    with_platoon = set(
        MilitiaUnit.objects.filter(kind="mobile", level="platoon").values_list("commune", flat=True)
    )
    assert set(communes.values_list("pk", flat=True)) == with_platoon
    members = MilitiaMember.objects.filter(province__code=11).select_related("person")
    assert members.count() > 1000
    for m in members[:300]:
        assert m.term_end == forces_rules.term_end(m.started_on, m.kind)
        answer = forces_services.assess_admission(m.person, m.unit, started_on=m.started_on)
        assert answer.outcome == "allowed_obligation", (m, answer)
    units = MilitiaUnit.objects.filter(province__code=11).with_strength()
    assert all(u.strength <= u.establishment_total for u in units)
    assert any(u.strength < u.establishment_total for u in units)  # gaps to fill
    moved = MemberAssignment.objects.filter(ended_on__isnull=False).values("member").distinct()
    assert moved.count() > 10
    training = MilitiaMember.objects.open().with_training(today.year, today)
    if today.month >= 4:
        assert TrainingSession.objects.filter(plan__year=today.year).exists()
        assert training.filter(behind=True).exists()
        assert training.filter(complete=False, behind=False).exists() or today.month < 6


def test_reservists_are_placed_as_the_engine_allows():
    """LLDBĐV 17.2: combat units only within the engine's age limits; every reservist in age."""
    today = datetime.date.today()
    reservists = Reservist.objects.filter(province__code=11).select_related(
        "person", "reserve_unit"
    )
    assert reservists.count() > 1000
    for r in reservists[:300]:
        answer = forces_services.assess_reservist(r, today)
        assert answer.outcome == "in_reserve", (r, answer)
        if r.reserve_unit and r.reserve_unit.role == "combat":
            assert answer.combat_unit_allowed, (r, answer)
    assert Reservist.objects.due_for_check(today.year).exists()


def test_dien_bien_has_sent_two_directives_most_answered_some_late_a_few_not_yet(demo_output):
    assert "Directives: 2 sent to every commune" in demo_output
    today = timezone.localdate()  # both due dates lie in the past
    directives = Directive.objects.filter(province__code=11).order_by("issued_on")
    assert [d.number for d in directives] == ["01/CT-BCH", "02/CT-BCH"]
    congress, tet = directives
    assert congress.issued_on.month == 1 and "Đại hội" in congress.title
    assert tet.issued_on == datetime.date(2026, 1, 15) and tet.due_on.month == 2
    assert "Tết" in tet.title
    for directive in directives:
        counts = directive.receipts.counts(today)
        assert counts["recipients"] == 45
        assert counts["acknowledged"] >= 36  # most
        assert counts["completed"] - counts["late"] >= 20  # many on time
        assert 3 <= counts["late"] <= 15  # some late
        assert 1 <= counts["overdue"] <= 10  # a few not yet
        assert not directive.receipts.filter(
            completed_at__isnull=False, acknowledged_at__gt=models.F("completed_at")
        ).exists()
    na_son = tet.receipts.get(commune__name="Xã Na Son")
    assert na_son.acknowledged_at and not na_son.completed_at and na_son.reminders_sent == 1
    assert tet.receipts.get(commune__name="Phường Mường Thanh").is_late


# --- reports up ------------------------------------------------------------------------------
COMPUTED = {
    "militia.strength",
    "militia.trained",
    "reserve.registered",
    "command.commander_filled",
    "enlistment.enlisted",
}
RETURN_MONTHS = periods.periods_between(
    periods.MONTH, datetime.date(2026, 6, 1), datetime.date(2026, 10, 31)
)
NOVEMBER = periods.period_containing(periods.MONTH, datetime.date(2026, 11, 1))


def monthly_form() -> ReportForm:
    return ReportForm.objects.get(province__code=11, code="BC-QSĐP/T")


def test_dien_bien_has_a_published_monthly_report_form_with_computed_fields():
    form = monthly_form()
    assert form.name == "Báo cáo tháng công tác quân sự, quốc phòng"
    assert form.period_type == periods.MONTH and form.due_days == 5 and form.active
    version = form.current_version()
    assert version.number == 1 and not version.is_draft
    fields = list(version.fields.all())
    assert {f.indicator for f in fields if f.computed} == COMPUTED
    assert all(f.kind == "number" for f in fields if f.computed)
    typed_numbers = {f.key for f in fields if not f.computed and f.kind == "number"}
    assert {"patrols", "incidents_handled", "defence_education"} <= typed_numbers
    assert any(f.key == "general_situation" and f.kind == "text" for f in fields)
    assert len({f.section for f in fields}) >= 3
    assert version.rules.filter(
        left="militia_trained", op="<=", right_field="militia_strength", severity="block"
    ).exists()
    assert version.rules.filter(severity="warn").exists()


def test_june_to_october_returns_on_time_late_missing_and_octobers_rate():
    form = monthly_form()
    today = timezone.localdate()
    communes = Commune.objects.filter(province__code=11)
    table = rates.rate_table(communes, form, RETURN_MONTHS, "province", today)
    rows = [row for (_province, _key), row in sorted(table.items(), key=lambda kv: kv[0][1])]
    assert [row.period.key for row in rows] == [
        "2026-06",
        "2026-07",
        "2026-08",
        "2026-09",
        "2026-10",
    ]
    for row in rows:
        assert row.expected == 45 and row.due_passed
        assert row.on_time >= 30  # most on time
    assert sum(row.late for row in rows) >= 5  # some late
    assert sum(row.missing for row in rows) >= 3  # some missing
    october = rows[-1]
    assert 50 < october.rate < 100

    states = {
        c.name: c.status for c in rates.commune_states(communes, form, RETURN_MONTHS[-1], today)
    }
    assert states["Xã Na Son"] == "on_time"
    assert states["Xã Sáng Nhè"] == "missing"  # no Commander, no October return
    assert {"on_time", "late", "missing"} <= set(states.values())

    returns = Submission.objects.filter(form=form)
    made = returns.filter(period_key__in=[p.key for p in RETURN_MONTHS]).made()
    late = [s for s in made if not s.on_time]
    assert late and all(timezone.localdate(s.first_submitted_at) > s.due_on for s in late)
    assert returns.filter(state="draft", due_on__lt=today).exists()  # started, never submitted
    assert returns.filter(period_key="2026-10", state="submitted").exists()  # to decide
    # returned with a reason, corrected and submitted again, then approved
    returned = returns.filter(events__action="returned").distinct()
    assert returned.filter(state="approved").exists()
    for submission in returned[:5]:
        actions = [e.action for e in submission.events.all()]
        assert actions[:3] == ["created", "saved", "submitted"]
        assert "returned" in actions and actions[-1] in ("returned", "submitted", "approved")
        if submission.state == "approved":
            assert actions.index("returned") < len(actions) - 2
            assert submission.submitted_at > submission.first_submitted_at


def test_every_return_has_its_history_in_order():
    form = monthly_form()
    events = SubmissionEvent.objects.filter(submission__form=form).order_by(
        "submission", "at", "pk"
    )
    history: dict[int, list] = {}
    for event in events:
        history.setdefault(event.submission_id, []).append(event)
    returns = Submission.objects.filter(form=form)
    assert set(history) == set(returns.values_list("pk", flat=True))
    for submission in returns:
        lines = history[submission.pk]
        assert lines[0].action == "created"
        assert submission.version == len(lines)
        submitted = [e.at for e in lines if e.action == "submitted"]
        if submission.first_submitted_at:
            assert submitted[0] == submission.first_submitted_at
            assert submitted[-1] == submission.submitted_at
        else:
            assert not submitted
        if submission.state == "approved":
            assert lines[-1].action == "approved" and lines[-1].at == submission.decided_at
            assert lines[-1].actor.username == "dienbien"
        assert all(e.at <= timezone.now() for e in lines)


def test_na_son_approved_october_and_can_start_november():
    form = monthly_form()
    na_son = Commune.objects.get(province__code=11, name="Xã Na Son")
    october = Submission.objects.get(form=form, commune=na_son, period_key="2026-10")
    assert october.state == "approved" and october.on_time
    assert october.submitted_by.username == "nason"
    assert not Submission.objects.filter(form=form, commune=na_son, period_key=NOVEMBER.key)
    # November is under way in some communes, not due yet
    november = Submission.objects.filter(form=form, period_key=NOVEMBER.key)
    assert 3 <= november.count() < 45 and not november.made().exists()
    today = timezone.localdate()
    if today <= NOVEMBER.due_on(form.due_days):
        row = rates.totals(
            rates.rate_table(na_son.province.communes.all(), form, [NOVEMBER], "province", today)
        )
        assert row.missing == 0 and row.not_yet_due == 45

    user = User.objects.get(username="nason")
    started = do_start_submission(
        actor=user, form=form, commune=na_son, period=NOVEMBER, today=max(today, NOVEMBER.start)
    )
    assert started.state == "draft" and started.form_version == form.current_version()


def test_stored_computed_figures_are_what_the_indicators_compute():
    form = monthly_form()
    fields = form.current_version().fields.exclude(indicator="")
    for key in ("2026-07", "2026-10", NOVEMBER.key):
        returns = list(Submission.objects.filter(form=form, period_key=key))
        assert returns
        for field in fields:
            as_of = {s.sources[field.key]["as_of"] for s in returns}
            assert len(as_of) == 1
            day = datetime.date.fromisoformat(as_of.pop())
            assert day == min(returns[0].period_end, timezone.localdate())
            expected = get_indicator(field.indicator).values([s.commune_id for s in returns], day)
            for submission in returns:
                assert submission.values[field.key] == expected[submission.commune_id], (
                    submission,
                    field.key,
                )
                assert submission.sources[field.key]["value"] == submission.values[field.key]
                assert submission.sources[field.key]["indicator"] == field.indicator
    # the figures differ between communes (they come from the registers, not a constant)
    october = Submission.objects.filter(form=form, period_key="2026-10")
    assert len({s.values["militia_strength"] for s in october}) > 5
    assert all(s.values["militia_trained"] <= s.values["militia_strength"] for s in october)


# --- cadres ----------------------------------------------------------------------------------
CADRE_POSTS = (Position.COMMANDER, Position.DEPUTY_COMMANDER, Position.ASSISTANT)


def test_every_commander_deputy_and_assistant_in_post_has_a_profile_with_a_career():
    held = Assignment.objects.current().filter(province__code=11, position__in=CADRE_POSTS)
    profiles = {
        p.person_id: p
        for p in CadreProfile.objects.filter(province__code=11).prefetch_related("career")
    }
    assert held.count() > 70
    for a in held:
        profile = profiles[a.person_id]
        assert profile.commune_id == a.commune_id, a
        assert profile.home_commune_id != a.commune_id, a  # nobody serves at home
        career = list(profile.career.all())
        assert len(career) >= 2, a  # earlier posts and the present one
        assert any(e.command_id == a.command_id and e.ended_on is None for e in career), a
        if a.position == Position.COMMANDER:
            assert profile.rank and profile.party_member and profile.health_class in (1, 2)
        if a.position == Position.ASSISTANT:
            assert profile.service_category == "civil_servant" and not profile.rank
    commanders = [profiles[a.person_id] for a in held if a.position == Position.COMMANDER]
    assert sum("Thái" in p.languages or "Mông" in p.languages for p in commanders) >= 10
    # most Commanders sit on the commune Party Executive Committee, several on the Council
    seats = BodyMembership.objects.filter(profile__in=commanders)
    assert seats.filter(body="party_executive", term="2025–2030").count() >= 25
    assert seats.filter(body="party_standing").exists()
    assert seats.filter(body="peoples_council", term="2026–2031").count() >= 5


def test_the_standards_are_demo_plan_figures_the_ministrys_and_dien_biens():
    ministry = PostStandard.objects.filter(province=None)
    commander = ministry.get(position=Position.COMMANDER, area="any")
    assert commander.basis.startswith("Demo") and commander.rotation_years == 5
    assert (commander.min_age, commander.max_age, commander.max_health_class) == (25, 50, 2)
    assert commander.party_required and commander.min_political_theory == "intermediate"
    assert ministry.filter(position=Position.DEPUTY_COMMANDER).exists()
    province = PostStandard.objects.filter(province__code=11)
    assert set(province.values_list("position", "area")) == {
        (Position.COMMANDER, "border"),
        (Position.COMMANDER, "key_defence"),
    }
    assert all(s.basis.startswith("Demo") for s in province)


def test_a_pool_of_candidates_some_of_whom_fail_the_standards():
    busy = Assignment.objects.current().values("person_id")
    pool = CadreProfile.objects.filter(province__code=11, commune=None).exclude(person_id__in=busy)
    assert 55 <= pool.count() <= 70
    assert pool.filter(status="studying").count() >= 2
    assert pool.filter(party_member=False).exists()
    assert pool.filter(political_theory="elementary").exists()
    assert pool.filter(political_theory="advanced").exists()
    assert pool.filter(health_class=3).exists()
    assert pool.filter(local_military_years__gte=5).exists()
    assert pool.filter(service_category="reserve_officer").exists()
    # the new candidates live at home; Tuần Giáo's first Commander (at the academy) does not
    for profile in pool.exclude(career__command__isnull=False).select_related("person"):
        assert profile.home_commune_id == profile.person.residence_commune_id


def test_decisions_issued_with_the_services_in_2026():
    decisions = CadreDecision.objects.filter(province__code=11)
    assert sorted(decisions.values_list("kind", flat=True)) == [
        "promotion",
        "promotion",
        "transfer",
    ]
    for decision in decisions:
        assert decision.signed_on.year == 2026 and decision.in_force
        assert decision.number.endswith("/QĐ-BCH") and decision.signer_name.startswith("Đại tá")
        assert decision.signer_title == "Chỉ huy trưởng Bộ CHQS tỉnh"
    transfer = decisions.get(kind="transfer")
    assert transfer.ended_assignment.end_date < transfer.assignment.start_date
    assert transfer.profile.commune_id == transfer.command.commune_id
    for promotion in decisions.filter(kind="promotion"):
        assert promotion.profile.rank == promotion.new_rank != promotion.previous_rank


def test_the_draft_placement_proposal_fills_most_posts_and_explains_the_empty_one():
    run = PlacementRun.objects.get(province__code=11)
    assert run.is_draft and run.title.startswith("Bổ sung Chỉ huy trưởng")
    assert (run.effective_on, run.horizon) == (
        datetime.date(2027, 1, 1),
        datetime.date(2027, 12, 31),
    )
    matches = list(run.matches.all())
    filled = [m for m in matches if m.profile_id]
    empty = [m for m in matches if not m.profile_id]
    assert len(filled) >= 5 and empty
    assert all(m.explanation["kind"] in ("taken", "none_eligible") for m in empty)
    reasons = {why for m in matches if m.position == Position.COMMANDER for _d, why in m.vacancy}
    assert reasons == {"vacant", "age", "term", "rotation"}
    # the matches pass screening, and nobody is proposed for their home commune
    for match in filled[:10]:
        result, _points, _parts = cadre_facts.screen(
            match.profile, match.command, match.position, run.effective_on
        )
        assert result.passed, (match, result.reasons)


def test_development_records_give_the_lists_something_to_show():
    profiles = CadreProfile.objects.filter(province__code=11)
    plans = SuccessionPlan.objects.filter(profile__in=profiles)
    assert 8 <= plans.count() <= 12 and {p.term for p in plans} == {"2025–2030"}
    assert len({p.readiness for p in plans}) >= 2
    priority = list(training_priority(profiles))
    assert any(p.enrolled for p in priority) and any(not p.enrolled for p in priority)
    results = set(Enrolment.objects.filter(profile__in=profiles).values_list("result", flat=True))
    assert {"passed", "enrolled"} <= results
    ratings = list(Evaluation.objects.filter(year=2025).values_list("rating", flat=True))
    assert ratings.count("not_completed") == 1
    assert ratings.count("good") + ratings.count("excellent") > len(ratings) / 2
    assert Recognition.objects.filter(kind="discipline", form="Khiển trách").count() == 1
    assert Recognition.objects.filter(form="Bằng khen của Bộ Tư lệnh Quân khu 2").exists()
    # the "entitlements due but missing" list: two border Commanders without the allowance
    gaps = list(overview.entitlement_gaps(profiles, timezone.localdate()))
    assert len(gaps) == 2 and all(g.commune.is_border for g in gaps)
    assert all([k for k, _label in overview.missing_kinds(g)] == ["border"] for g in gaps)
    assert Entitlement.objects.filter(kind="housing").exists()


# --- the inboxes the history left -----------------------------------------------------------
def test_the_demo_history_left_its_notifications_in_the_inboxes():
    """The directives sent, the reminder, the reports approved and returned wrote what the
    services write; what was dealt with is read, what still waits is not."""
    now = timezone.now()
    na_son = Notification.objects.filter(user__username="nason")
    tet = Directive.objects.get(province__code=11, number="02/CT-BCH")
    assert na_son.filter(kind="directive").count() == 2
    assert not na_son.filter(kind="directive", read_at__isnull=True).exists()  # acknowledged
    reminder = na_son.get(kind="reminder")
    assert "02/CT-BCH" in reminder.text and reminder.read_at is None  # not completed yet
    assert reminder.url == reverse("reporting:directive_detail", kwargs={"pk": tet.pk})
    assert na_son.filter(kind="report", text__contains="phê duyệt").count() >= 4  # approvals
    assert not na_son.filter(created_at__gt=now).exists()
    # each at the moment of its event, not all at once
    assert na_son.values("created_at").distinct().count() > 5

    province = Notification.objects.filter(user__username="dienbien", kind="report")
    awaiting = Submission.objects.filter(province__code=11, state="submitted")
    unread = province.filter(read_at__isnull=True)
    assert unread.count() == awaiting.count() > 0
    assert {n.url for n in unread} == {
        reverse("reporting:submission_detail", kwargs={"pk": s.pk}) for s in awaiting
    }
    assert Notification.objects.filter(user__username="dienbien", kind="completion").exists()


def test_absences_at_training_have_their_reasons():
    from garrison.forces.models import Absence

    absences = Absence.objects.filter(province__code=11)
    assert absences.exists()
    assert set(absences.values_list("reason", flat=True)) == {
        "sick",
        "working_away",
        "excused",
        "unexcused",
    }
    # nobody is both present and absent at a session
    assert not absences.filter(session__attendance__member=models.F("member")).exists()
