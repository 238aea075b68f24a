"""Core owns edit conflicts: every write of a versioned row bumps its version, whoever makes it,
and a save based on a version that is no longer the stored one is refused (issue 13, point 1).

Three proofs: the lost update of the issue answers 409; every versioned model bumps on save,
save(update_fields), update() and bulk_update() and refuses a stale save; every domain service
that writes a versioned row leaves it with a higher version."""

from __future__ import annotations

import datetime
import decimal
import itertools
import uuid
from collections.abc import Callable

import pytest
from django.apps import apps
from django.db import models, transaction
from django.utils import timezone

from garrison.cadres import services as cadres
from garrison.cadres.services import development, placement
from garrison.conscription import services as conscription
from garrison.conscription.models import RecordTransfer, ServiceRecord
from garrison.core.models import VersionedModel
from garrison.core.services import StaleEditError
from garrison.core.versioning import VersionedQuerySet
from garrison.forces import services as forces
from garrison.reporting.directives import services as directives
from garrison.reporting.returns import periods
from garrison.reporting.returns import services as returns
from tests.factories import (
    CadreProfileFactory,
    CampaignFactory,
    DirectiveFactory,
    MilitiaMemberFactory,
    MilitiaUnitFactory,
    PersonFactory,
    ReserveUnitFactory,
    ReservistFactory,
    ServiceRecordFactory,
    TechnicalMeansFactory,
    monthly_form,
)

pytestmark = pytest.mark.django_db

#: the day the services take as "today" here
DAY = datetime.date(2026, 10, 15)
MOMENT = datetime.datetime(2026, 10, 15, 9, 30, tzinfo=datetime.UTC)
_serial = itertools.count(1)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    """Pin `timezone.localdate()` (the services' "today") to DAY; given dates pass through."""
    real = timezone.localdate

    def localdate(value=None, *args, **kwargs):
        return DAY if value is None else real(value, *args, **kwargs)

    monkeypatch.setattr(timezone, "localdate", localdate)
    return DAY


def stored_version(row: models.Model) -> int:
    return type(row)._base_manager.values_list("version", flat=True).get(pk=row.pk)


# --- the lost update of issue 13 -----------------------------------------------------------------
def test_it_refuses_the_stale_person_form_after_a_hand_over(
    province_staff, commune_a_staff, commune_b_staff, commune_a, commune_b, as_user
):
    """Province staff open a person's edit page; the person's record is handed over to commune B
    and received there (which moves the person's residence); the form opened before answers 409
    and changes nothing: the person is not put back in commune A, away from their record."""
    record = ServiceRecordFactory(person=PersonFactory(residence_commune=commune_a))
    person = record.person
    client = as_user(province_staff)
    page = client.get(f"/people/{person.pk}/edit/")
    assert page.status_code == 200
    form = page.context["form"]
    stale = {name: form[name].value() for name in form.fields}
    stale = {k: ("" if v is None else v) for k, v in stale.items()}
    assert stale["version"] == person.version and stale["residence_commune"] == commune_a.pk

    transfer = conscription.do_hand_over_record(
        actor=commune_a_staff, record=record, to_commune=commune_b, reason="moved", on=DAY
    )
    conscription.do_receive_record(actor=commune_b_staff, transfer=transfer, on=DAY)
    moved = stored_version(person)
    assert moved > person.version

    response = client.post(f"/people/{person.pk}/edit/", {**stale, "phone": "0912345678"})

    assert response.status_code == 409
    assert "changed by someone else" in response.content.decode()
    person.refresh_from_db()
    record.refresh_from_db()
    assert person.residence_commune == commune_b == record.commune
    assert (person.phone, person.version) == ("", moved)


# --- every versioned model -----------------------------------------------------------------------
VERSIONED = sorted(
    (m for m in apps.get_models() if issubclass(m, VersionedModel)),
    key=lambda m: m._meta.label,
)


def _value(field: models.Field, made: dict) -> object:
    """A value a column accepts (the database's rules only: save() does not full_clean)."""
    if field.choices:
        return field.flatchoices[0][0]
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.DateTimeField):
        return MOMENT
    if isinstance(field, models.DateField):
        return DAY
    if isinstance(field, models.TimeField):
        return datetime.time(9, 30)
    if isinstance(field, models.DurationField):
        return datetime.timedelta(hours=1)
    if isinstance(field, models.DecimalField):
        return decimal.Decimal(1)
    if isinstance(field, models.FloatField):
        return 1.0
    if isinstance(field, models.IntegerField):
        return next(_serial) if field.unique else 1
    if isinstance(field, models.UUIDField):
        return uuid.uuid4()
    if isinstance(field, models.JSONField):
        return {}
    if isinstance(field, models.BinaryField):
        return b""
    if isinstance(field, models.EmailField):
        return "a@example.vn"
    if isinstance(field, models.FileField):
        return "f.pdf"
    return str(next(_serial))[-(getattr(field, "max_length", None) or 12) :]  # unique enough


def build(model: type[models.Model], made: dict) -> models.Model:
    """One saved row of `model`, its required columns filled and its required relations built
    the same way (one row per model, shared; two relations of a row to one model get two)."""
    if model in made:
        return made[model]
    values, taken = {}, set()
    for field in model._meta.concrete_fields:
        if field.primary_key or field.null or field.has_default() or field.generated:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            continue
        if field.is_relation:
            target = field.related_model
            related = build(target, made)
            if (target, related.pk) in taken:
                related = build(target, {k: v for k, v in made.items() if k is not target})
            taken.add((target, related.pk))
            values[field.attname] = related.pk
        else:
            values[field.name] = _value(field, made)
    row = model(**values)
    row.save()
    made[model] = row
    return row


@pytest.mark.parametrize("model", VERSIONED, ids=lambda m: m._meta.label)
def test_it_bumps_the_version_on_every_write_of_every_versioned_model(model):
    row = build(model, {})
    start = stored_version(row)
    manager = model._default_manager

    row.save()
    assert stored_version(row) == row.version == start + 1
    row.save(update_fields=["updated_at"])
    assert stored_version(row) == row.version == start + 2
    manager.filter(pk=row.pk).update(updated_at=MOMENT)
    assert stored_version(row) == start + 3
    manager.bulk_update([row], ["updated_at"])
    assert stored_version(row) == row.version == start + 4
    # whichever manager a caller picks (related managers derive from the default one)
    for each in model._meta.managers:
        assert isinstance(each.all(), VersionedQuerySet), each.name

    # two editors read the same version; the second to save is refused, in every form
    first, second = manager.get(pk=row.pk), manager.get(pk=row.pk)
    first.save(update_fields=["updated_at"])
    with pytest.raises(StaleEditError), transaction.atomic():
        second.save()
    with pytest.raises(StaleEditError), transaction.atomic():
        second.save(update_fields=["updated_at"])
    assert stored_version(row) == start + 5
    second.refresh_from_db()  # read again, it saves
    second.save()
    assert stored_version(row) == start + 6


# --- every service that writes a versioned row --------------------------------------------------
class World:
    """The personas and places of tests/conftest.py, handed to each case."""

    def __init__(self, request):
        for name in (
            "province",
            "commune_a",
            "commune_b",
            "commune_a_staff",
            "commune_b_staff",
            "province_staff",
        ):
            setattr(self, name, request.getfixturevalue(name))


#: a case sets up rows and returns (the rows the service must write, the call)
Case = Callable[[World], tuple[list[models.Model], Callable[[], object]]]
CASES: dict[str, Case] = {}


def case(name: str):
    def register(fn: Case) -> Case:
        CASES[name] = fn
        return fn

    return register


# conscription
def _record(w: World) -> ServiceRecord:
    return ServiceRecordFactory(
        person=PersonFactory(residence_commune=w.commune_a, date_of_birth=datetime.date(2005, 6, 1))
    )


def _handed_over(w: World) -> RecordTransfer:
    return conscription.do_hand_over_record(
        actor=w.commune_a_staff, record=_record(w), to_commune=w.commune_b, reason="moved", on=DAY
    )


def _candidate(w: World):
    record = _record(w)
    campaign = CampaignFactory(province=w.province)
    conscription.do_build_pool(actor=w.province_staff, campaign=campaign)
    conscription.do_set_commune_quotas(
        actor=w.province_staff, campaign=campaign, quotas={w.commune_a.pk: 6, w.commune_b.pk: 4}
    )
    return record.candidacies.get(campaign=campaign)


def _fit(w: World):
    candidate = _candidate(w)
    conscription.do_record_health_exam(
        actor=w.commune_a_staff,
        candidate=candidate,
        health_class=2,
        examined_on=datetime.date(2026, 10, 10),  # not after DAY
        board="Hội đồng khu vực 1",
    )
    conscription.do_record_background_check(
        actor=w.commune_a_staff,
        candidate=candidate,
        cleared=True,
        checked_on=datetime.date(2026, 11, 12),
    )
    candidate.refresh_from_db()
    return candidate


def _called_up(w: World):
    candidate = _fit(w)
    conscription.do_select(actor=w.commune_a_staff, candidate=candidate)
    conscription.do_issue_order(
        actor=w.commune_a_staff,
        candidate=candidate,
        issued_on=datetime.date(2027, 1, 20),
        report_at=datetime.datetime(2027, 2, 24, 7, 0, tzinfo=datetime.UTC),
        report_place="Sân vận động xã",
        signer_name="Lò Văn Chủ",
    )
    candidate.refresh_from_db()
    return candidate


@case("conscription.hand_over")
def _(w):
    record = _record(w)
    return [record], lambda: conscription.do_hand_over_record(
        actor=w.commune_a_staff, record=record, to_commune=w.commune_b, reason="moved", on=DAY
    )


@case("conscription.receive")
def _(w):
    transfer = _handed_over(w)
    return [
        transfer,
        transfer.record,
        transfer.record.person,
    ], lambda: conscription.do_receive_record(actor=w.commune_b_staff, transfer=transfer, on=DAY)


@case("conscription.cancel_hand_over")
def _(w):
    transfer = _handed_over(w)
    return [transfer, transfer.record], lambda: conscription.do_cancel_hand_over(
        actor=w.commune_a_staff, transfer=transfer
    )


@case("conscription.screening")
def _(w):
    candidate = _candidate(w)
    return [candidate], lambda: conscription.do_record_screening(
        actor=w.commune_a_staff, candidate=candidate, passed=True
    )


@case("conscription.background_check")
def _(w):
    candidate = _candidate(w)
    return [candidate], lambda: conscription.do_record_background_check(
        actor=w.commune_a_staff, candidate=candidate, cleared=True, checked_on=DAY
    )


@case("conscription.health_exam")
def _(w):
    candidate = _candidate(w)
    return [candidate], lambda: conscription.do_record_health_exam(
        actor=w.commune_a_staff,
        candidate=candidate,
        health_class=2,
        examined_on=datetime.date(2026, 10, 10),  # not after DAY
        board="Hội đồng khu vực 1",
    )


@case("conscription.decide")
def _(w):
    from garrison.conscription.rules import DEFERRAL_LETTERS

    candidate = _candidate(w)
    return [candidate], lambda: conscription.do_decide(
        actor=w.commune_a_staff,
        record=candidate.record,
        kind="deferral",
        letter=DEFERRAL_LETTERS[0][0],
        evidence="Giấy xác nhận",
        decided_by="Chủ tịch UBND xã",
        decided_on=DAY,
        until=datetime.date(2027, 10, 15),
    )


@case("conscription.select")
def _(w):
    candidate = _fit(w)
    return [candidate], lambda: conscription.do_select(actor=w.commune_a_staff, candidate=candidate)


@case("conscription.enlistment")
def _(w):
    candidate = _called_up(w)
    return [candidate, candidate.record], lambda: conscription.do_record_enlistment(
        actor=w.commune_a_staff, candidate=candidate, reported=True
    )


@case("conscription.commune_quotas")
def _(w):
    campaign = CampaignFactory(province=w.province, quota=10)
    quotas = {w.commune_a.pk: 6, w.commune_b.pk: 4}
    rows = conscription.do_set_commune_quotas(
        actor=w.province_staff, campaign=campaign, quotas=quotas
    )
    return rows, lambda: conscription.do_set_commune_quotas(
        actor=w.province_staff,
        campaign=campaign,
        quotas={w.commune_a.pk: 4, w.commune_b.pk: 6},
    )


# cadres
def _cadre(w: World):
    return CadreProfileFactory(person=PersonFactory(residence_commune=w.commune_a))


@case("cadres.promotion")
def _(w):
    profile = _cadre(w)
    return [profile], lambda: cadres.do_issue_decision(
        actor=w.province_staff,
        profile=profile,
        kind="promotion",
        number="12/QĐ-BCH",
        signed_on=DAY,
        effective_on=DAY,
        signer_name="Đại tá Nguyễn Văn Tỉnh",
        signer_title="Chỉ huy trưởng",
        new_rank="major",
    )


@case("cadres.revocation")
def _(w):
    profile = _cadre(w)
    decision = cadres.do_issue_decision(
        actor=w.province_staff,
        profile=profile,
        kind="promotion",
        number="12/QĐ-BCH",
        signed_on=DAY,
        effective_on=DAY,
        signer_name="Đại tá Nguyễn Văn Tỉnh",
        signer_title="Chỉ huy trưởng",
        new_rank="major",
    )
    return [decision, profile], lambda: cadres.do_revoke_decision(
        actor=w.province_staff, decision=decision, revoked_on=DAY, reason="nhầm"
    )


def _run(w: World):
    return placement.do_create_run(
        actor=w.province_staff,
        province_id=w.province.pk,
        title="Bố trí 2027",
        effective_on=datetime.date(2027, 1, 1),
        horizon=datetime.date(2027, 12, 31),
    )


@case("cadres.solve_run")
def _(w):
    run = _run(w)
    return [run], lambda: placement.do_solve_run(actor=w.province_staff, run=run)


@case("cadres.discard_run")
def _(w):
    run = _run(w)
    return [run], lambda: placement.do_discard_run(actor=w.province_staff, run=run)


@case("cadres.course_result")
def _(w):
    from garrison.cadres.models import Course, Enrolment

    profile = _cadre(w)
    course = Course.objects.create(
        province=w.province,
        title="Cao cấp lý luận chính trị",
        kind=Course.Kind.values[0],
        theory_level="advanced",
        provider="Học viện Chính trị",
        starts_on=datetime.date(2026, 1, 5),
        ends_on=datetime.date(2026, 6, 30),
    )
    enrolment = Enrolment.objects.create(course=course, profile=profile, result="passed")
    return [profile], lambda: development.apply_course_result(
        actor=w.province_staff, enrolment=enrolment
    )


# forces
def _member(w: World):
    unit = MilitiaUnitFactory(commune=w.commune_a)
    return MilitiaMemberFactory(unit=unit, started_on=datetime.date(2024, 6, 3))


@case("forces.move_member")
def _(w):
    member = _member(w)
    other = MilitiaUnitFactory(commune=w.commune_a)
    return [member], lambda: forces.do_move_member(
        actor=w.commune_a_staff, member=member, unit=other, role="member", on=DAY
    )


@case("forces.extend_term")
def _(w):
    member = _member(w)
    return [member], lambda: forces.do_extend_term(actor=w.commune_a_staff, member=member, years=1)


@case("forces.end_term")
def _(w):
    member = _member(w)
    return [member], lambda: forces.do_end_term(
        actor=w.commune_a_staff, member=member, on=DAY, reason="family_hardship"
    )


def _reservist(w: World):
    return ReservistFactory(person=PersonFactory(residence_commune=w.commune_a))


@case("forces.assign_reservist")
def _(w):
    reservist = _reservist(w)
    unit = ReserveUnitFactory(province=w.province, role="support")
    return [reservist], lambda: forces.do_assign_reservist(
        actor=w.commune_a_staff, reservist=reservist, unit=unit, on=DAY
    )


@case("forces.check_reservist")
def _(w):
    reservist = _reservist(w)
    return [reservist], lambda: forces.do_check_reservist(
        actor=w.commune_a_staff, reservist=reservist, on=DAY
    )


@case("forces.discharge_reservist")
def _(w):
    reservist = _reservist(w)
    return [reservist], lambda: forces.do_discharge_reservist(
        actor=w.commune_a_staff, reservist=reservist, on=DAY, reason="quá tuổi"
    )


@case("forces.check_means")
def _(w):
    means = TechnicalMeansFactory(commune=w.commune_a)
    return [means], lambda: forces.do_check_means(actor=w.commune_a_staff, means=means, on=DAY)


# reporting
def _draft(w: World):
    return DirectiveFactory(
        province=w.province, issued_on=DAY, due_on=DAY + datetime.timedelta(days=10)
    )


def _sent(w: World):
    directive = _draft(w)
    directives.do_issue_directive(actor=w.province_staff, directive=directive)
    directive.refresh_from_db()
    return directive, directive.receipts.get(commune=w.commune_a)


@case("reporting.issue_directive")
def _(w):
    directive = _draft(w)
    return [directive], lambda: directives.do_issue_directive(
        actor=w.province_staff, directive=directive
    )


@case("reporting.amend_directive")
def _(w):
    directive, _receipt = _sent(w)
    return [directive], lambda: directives.do_amend_directive(
        actor=w.province_staff, directive=directive, note="Bổ sung phụ lục."
    )


@case("reporting.remind_laggards")
def _(w):
    directive, receipt = _sent(w)
    return [receipt], lambda: directives.do_remind_laggards(
        actor=w.province_staff, directive=directive
    )


@case("reporting.acknowledge_receipt")
def _(w):
    _directive, receipt = _sent(w)
    return [receipt], lambda: directives.do_acknowledge_receipt(
        actor=w.commune_a_staff, receipt=receipt
    )


@case("reporting.complete_receipt")
def _(w):
    _directive, receipt = _sent(w)
    return [receipt], lambda: directives.do_complete_receipt(
        actor=w.commune_a_staff, receipt=receipt, account="Đã triển khai."
    )


def _report(w: World, *, submitted: bool = False):
    form = monthly_form(w.province)
    period = periods.previous(periods.period_containing("month", DAY))
    report = returns.do_start_submission(
        actor=w.commune_a_staff, form=form, commune=w.commune_a, period=period, today=DAY
    )
    if submitted:
        report = returns.do_save_submission(
            actor=w.commune_a_staff,
            submission=report,
            raw_values={"trained": "0", "patrols": "4"},
            today=DAY,
        )
        report = returns.do_submit(actor=w.commune_a_staff, submission=report)
    return report


@case("reporting.save_submission")
def _(w):
    report = _report(w)
    return [report], lambda: returns.do_save_submission(
        actor=w.commune_a_staff,
        submission=report,
        raw_values={"trained": "0", "patrols": "4"},
        today=DAY,
    )


@case("reporting.submit")
def _(w):
    report = _report(w)
    returns.do_save_submission(
        actor=w.commune_a_staff,
        submission=report,
        raw_values={"trained": "0", "patrols": "4"},
        today=DAY,
    )
    return [report], lambda: returns.do_submit(
        actor=w.commune_a_staff, submission=type(report).objects.get(pk=report.pk)
    )


@case("reporting.return")
def _(w):
    report = _report(w, submitted=True)
    return [report], lambda: returns.do_return(
        actor=w.province_staff, submission=report, reason="Thiếu số liệu."
    )


@case("reporting.approve")
def _(w):
    report = _report(w, submitted=True)
    return [report], lambda: returns.do_approve(actor=w.province_staff, submission=report)


@case("reporting.bulk_approve")
def _(w):
    report = _report(w, submitted=True)
    return [report], lambda: returns.do_bulk_approve(actor=w.province_staff, submissions=[report])


@pytest.mark.parametrize("build_case", CASES.values(), ids=CASES.keys())
def test_it_bumps_the_version_of_every_row_a_service_writes(build_case, request):
    rows, act = build_case(World(request))
    before = [stored_version(row) for row in rows]
    act()
    after = [stored_version(row) for row in rows]
    assert all(a > b for a, b in zip(after, before, strict=True)), (before, after)


def test_it_audits_every_versioned_model_without_a_registration_of_its_own():
    """core registers every versioned row with django-auditlog: a new register is audited as
    soon as its model exists (apps register only rows without a version, or other options)."""
    from auditlog.registry import auditlog
    from django.apps import apps

    from garrison.core.versioning import VersionedModel

    versioned = [m for m in apps.get_models() if issubclass(m, VersionedModel)]
    assert versioned
    assert [m._meta.label for m in versioned if not auditlog.contains(m)] == []
