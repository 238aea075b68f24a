"""The register and the campaign, through the services every page and endpoint calls."""

from __future__ import annotations

import datetime
import io
import unicodedata

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from garrison.conscription import rules, services
from garrison.conscription.models import (
    Candidate,
    CommuneQuota,
    DeclaredRelationship,
    RecordEvent,
    RecordTransfer,
    ServiceRecord,
)
from tests.factories import PersonFactory, ServiceRecordFactory

pytestmark = pytest.mark.django_db

EXAM = {"examined_on": datetime.date(2026, 11, 10), "board": "Hội đồng khu vực 1"}


def fit(candidate, actor, health_class=2, **extra):
    services.do_record_health_exam(
        actor=actor, candidate=candidate, health_class=health_class, **EXAM, **extra
    )
    services.do_record_background_check(
        actor=actor, candidate=candidate, cleared=True, checked_on=datetime.date(2026, 11, 12)
    )
    candidate.refresh_from_db()
    return candidate


# --- registration and hand-over ------------------------------------------------------------------
def test_it_lists_who_must_register_this_year(commune_a, commune_a_staff):
    """NVQS 12.1, 16: men turning 17 in the year, and unregistered men of call-up age."""
    turning_17 = PersonFactory(
        residence_commune=commune_a, date_of_birth=datetime.date(2009, 12, 30)
    )
    unregistered_20 = PersonFactory(
        residence_commune=commune_a, date_of_birth=datetime.date(2006, 3, 1)
    )
    PersonFactory(residence_commune=commune_a, date_of_birth=datetime.date(2010, 1, 1))  # next year
    PersonFactory(
        residence_commune=commune_a, sex="female", date_of_birth=datetime.date(2009, 5, 5)
    )
    ServiceRecordFactory(person=PersonFactory(residence_commune=commune_a))  # registered
    due = services.registration_due([commune_a], 2026)
    assert set(due) == {turning_17, unregistered_20}
    created = services.do_register_people(
        actor=commune_a_staff, people=[turning_17], registered_on=datetime.date(2026, 4, 10)
    )
    assert created[0].commune == commune_a
    assert set(services.registration_due([commune_a], 2026)) == {unregistered_20}
    assert created[0].events.get().kind == RecordEvent.Kind.REGISTERED


def test_it_hands_a_record_over_without_losing_or_duplicating_it(
    record_a, commune_a, commune_a_staff, commune_b, commune_b_staff
):
    """NVQS 17.2: the old commune hands over, the new one receives; one record, whole history."""
    transfer = services.do_hand_over_record(
        actor=commune_a_staff, record=record_a, to_commune=commune_b, reason="chuyển nơi cư trú"
    )
    record_a.refresh_from_db()
    assert record_a.status == ServiceRecord.Status.IN_TRANSFER
    assert record_a.commune_id != commune_b.pk  # still held by A until B receives it
    # both sides see the hand-over; only the receiving side may receive it
    assert RecordTransfer.objects.visible_to(commune_b_staff).filter(pk=transfer.pk).exists()
    with pytest.raises(PermissionDenied):
        services.do_receive_record(actor=commune_a_staff, transfer=transfer)
    services.do_receive_record(actor=commune_b_staff, transfer=transfer)
    record_a.refresh_from_db()
    assert record_a.commune == commune_b and record_a.status == ServiceRecord.Status.REGISTERED
    assert record_a.person.residence_commune == commune_b
    assert ServiceRecord.objects.filter(person=record_a.person).count() == 1
    kinds = list(record_a.events.order_by("pk").values_list("kind", "commune"))
    assert kinds[-2:] == [
        (RecordEvent.Kind.HANDED_OVER, commune_a.pk),
        (RecordEvent.Kind.RECEIVED, commune_b.pk),
    ]
    # A no longer sees the record; B does, with its history
    assert not ServiceRecord.objects.visible_to(commune_a_staff).filter(pk=record_a.pk).exists()
    assert ServiceRecord.objects.visible_to(commune_b_staff).filter(pk=record_a.pk).exists()
    with pytest.raises(ValidationError):
        services.do_receive_record(actor=commune_b_staff, transfer=transfer)  # not twice


def test_a_hand_over_can_be_cancelled_only_by_the_sender(
    record_a, commune_a_staff, commune_b, commune_b_staff
):
    transfer = services.do_hand_over_record(
        actor=commune_a_staff, record=record_a, to_commune=commune_b, reason="moved"
    )
    with pytest.raises(ValidationError):
        services.do_hand_over_record(
            actor=commune_a_staff, record=record_a, to_commune=commune_b, reason="again"
        )
    with pytest.raises(PermissionDenied):
        services.do_cancel_hand_over(actor=commune_b_staff, transfer=transfer)
    services.do_cancel_hand_over(actor=commune_a_staff, transfer=transfer)
    record_a.refresh_from_db()
    assert record_a.status == ServiceRecord.Status.REGISTERED


# --- quotas ---------------------------------------------------------------------------------
def test_quota_suggestion_follows_the_pools_and_adds_up(
    campaign, commune_a, commune_b, province_staff
):
    for _ in range(3):
        ServiceRecordFactory(
            person=PersonFactory(
                residence_commune=commune_a, date_of_birth=datetime.date(2004, 5, 5)
            )
        )
    ServiceRecordFactory(
        person=PersonFactory(residence_commune=commune_b, date_of_birth=datetime.date(2004, 5, 5))
    )
    services.do_build_pool(actor=province_staff, campaign=campaign)
    suggestion = services.suggest_quotas(campaign)
    assert sum(suggestion.values()) == campaign.quota
    assert suggestion[commune_a.pk] > suggestion[commune_b.pk]


def test_commune_quotas_must_add_up_to_the_province_quota(
    campaign, commune_a, commune_b, province_staff, commune_a_staff
):
    with pytest.raises(ValidationError) as error:
        services.do_set_commune_quotas(
            actor=province_staff, campaign=campaign, quotas={commune_a.pk: 6, commune_b.pk: 6}
        )
    assert "12" in error.value.messages[0] and "take 2 off" in error.value.messages[0]
    assert not CommuneQuota.objects.filter(campaign=campaign, quota__gt=0).exists()
    services.do_set_commune_quotas(
        actor=province_staff, campaign=campaign, quotas={commune_a.pk: 6, commune_b.pk: 4}
    )
    assert sum(CommuneQuota.objects.filter(campaign=campaign).values_list("quota", flat=True)) == 10
    with pytest.raises(PermissionDenied):  # a commune cannot reallocate the province's quota
        services.do_set_commune_quotas(
            actor=commune_a_staff, campaign=campaign, quotas={commune_a.pk: 10, commune_b.pk: 0}
        )


@settings(max_examples=60, deadline=None)
@given(total=st.integers(0, 5000), pools=st.lists(st.integers(0, 3000), min_size=1, max_size=60))
def test_the_split_always_sums_to_the_province_quota(total, pools):
    split = rules.split_quota(total, dict(enumerate(pools)))
    assert sum(split.values()) == total
    assert all(n >= 0 for n in split.values())


# --- the stages -----------------------------------------------------------------------------
def test_the_pool_holds_those_of_call_up_age(campaign, record_a, commune_a, province_staff):
    too_old = ServiceRecordFactory(
        person=PersonFactory(residence_commune=commune_a, date_of_birth=datetime.date(1995, 1, 1))
    )
    counts = services.do_build_pool(actor=province_staff, campaign=campaign)
    assert counts["added"] == 1
    assert not too_old.candidacies.exists()
    candidate = record_a.candidacies.get()
    assert candidate.outcome in ("eligible", "eligible_conditional")
    # building again re-assesses, never duplicates
    assert services.do_build_pool(actor=province_staff, campaign=campaign) == {
        "added": 0,
        "refreshed": 1,
    }


def test_a_health_class_4_result_takes_him_out_with_its_ground(candidate_a, commune_a_staff):
    """TT105 4.1.a / TT148 4.3.a: only classes 1–3 are called; class 4 defers (NVQS 41.1.a)."""
    services.do_record_health_exam(
        actor=commune_a_staff, candidate=candidate_a, health_class=4, **EXAM
    )
    candidate_a.refresh_from_db()
    assert candidate_a.outcome in ("deferred", "not_meeting_standard")
    assert any(g.startswith(("NVQS 41.1.a", "TT105", "TT148")) for g in candidate_a.grounds)
    with pytest.raises(ValidationError, match="cannot be selected"):
        services.do_select(actor=commune_a_staff, candidate=candidate_a)


def test_an_exam_outside_the_campaign_is_refused_with_the_window(candidate_a, commune_a_staff):
    with pytest.raises(ValidationError) as error:
        services.do_record_health_exam(
            actor=commune_a_staff,
            candidate=candidate_a,
            health_class=1,
            examined_on=datetime.date(2025, 3, 1),
            board="x",
        )
    assert "examined_on" in error.value.message_dict
    assert not candidate_a.exams.exists()


def test_a_deferral_decision_binds_the_outcome_until_it_ends(candidate_a, commune_a_staff):
    services.do_decide(
        actor=commune_a_staff,
        record=candidate_a.record,
        kind="deferral",
        letter="b",
        evidence="Giấy xác nhận của UBND xã",
        decided_by="Chủ tịch UBND tỉnh",
        decided_on=datetime.date(2026, 12, 20),
        until=datetime.date(2027, 12, 31),
        campaign=candidate_a.campaign,
    )
    candidate_a.refresh_from_db()
    assert (candidate_a.outcome, candidate_a.grounds) == ("deferred", ["NVQS 41.1.b"])
    assert candidate_a.outcome_until == datetime.date(2027, 12, 31)
    with pytest.raises(ValidationError) as error:
        services.do_decide(
            actor=commune_a_staff,
            record=candidate_a.record,
            kind="deferral",
            letter="z",
            evidence="x",
            decided_by="x",
            decided_on=datetime.date(2026, 12, 20),
            until=datetime.date(2027, 1, 1),
        )
    assert "letter" in error.value.message_dict


def test_a_relative_on_the_command_cannot_take_the_decision(
    candidate_a, commune_a_commander, commune_a, commune_a_staff
):
    """Conflict of interest: the declared relative must leave the decision to a colleague."""
    uncle = PersonFactory(residence_commune=commune_a, full_name="Lò Văn Chú")
    commune_a_commander.person = uncle
    commune_a_commander.save()
    DeclaredRelationship.objects.create(
        person=candidate_a.person, relative=uncle, kind=DeclaredRelationship.Kind.OTHER
    )
    for act in (
        lambda: services.do_record_health_exam(
            actor=commune_a_commander, candidate=candidate_a, health_class=1, **EXAM
        ),
        lambda: services.do_decide(
            actor=commune_a_commander,
            record=candidate_a.record,
            kind="exemption",
            letter="a",
            evidence="x",
            decided_by="x",
            decided_on=datetime.date(2026, 12, 1),
        ),
        lambda: services.do_select(actor=commune_a_commander, candidate=candidate_a),
    ):
        with pytest.raises(ValidationError, match="declared relative"):
            act()
    assert not candidate_a.exams.exists()
    # a colleague without the tie may
    fit(candidate_a, commune_a_staff)
    assert candidate_a.exams.count() == 1


def test_selection_order_and_enlistment(
    candidate_a, commune_a_staff, campaign, commune_a, province_staff, commune_b
):
    services.do_set_commune_quotas(
        actor=province_staff, campaign=campaign, quotas={commune_a.pk: 1, commune_b.pk: 9}
    )
    fit(candidate_a, commune_a_staff)
    services.do_select(actor=commune_a_staff, candidate=candidate_a)
    report_at = timezone.make_aware(datetime.datetime(2027, 2, 24, 7, 0))
    with pytest.raises(ValidationError, match="15 days"):
        services.do_issue_order(
            actor=commune_a_staff,
            candidate=candidate_a,
            issued_on=datetime.date(2027, 2, 20),
            report_at=report_at,
            report_place="BCH PTKV 1",
            signer_name="Lò Văn Chủ",
        )
    order = services.do_issue_order(
        actor=commune_a_staff,
        candidate=candidate_a,
        issued_on=datetime.date(2027, 2, 1),
        report_at=report_at,
        report_place="BCH PTKV 1",
        signer_name="Lò Văn Chủ",
    )
    assert order.number == "001/QĐ-UBND"
    services.do_record_enlistment(actor=commune_a_staff, candidate=candidate_a, reported=True)
    candidate_a.record.refresh_from_db()
    assert candidate_a.record.status == ServiceRecord.Status.ENLISTED
    stage = Candidate.objects.with_stage().get(pk=candidate_a.pk).stage
    assert stage == "enlisted"


def test_a_full_commune_quota_refuses_one_more(
    candidate_a, commune_a_staff, campaign, commune_a, commune_b, province_staff
):
    services.do_set_commune_quotas(
        actor=province_staff, campaign=campaign, quotas={commune_a.pk: 0, commune_b.pk: 10}
    )
    fit(candidate_a, commune_a_staff)
    with pytest.raises(ValidationError, match="quota of 0"):
        services.do_select(actor=commune_a_staff, candidate=candidate_a)


def test_the_call_up_order_pdf_holds_the_name_and_number(
    candidate_a, commune_a_staff, campaign, commune_a, commune_b, province_staff
):
    from pypdf import PdfReader

    from garrison.core.pdf import render_pdf

    services.do_set_commune_quotas(
        actor=province_staff, campaign=campaign, quotas={commune_a.pk: 1, commune_b.pk: 9}
    )
    fit(candidate_a, commune_a_staff)
    services.do_select(actor=commune_a_staff, candidate=candidate_a)
    order = services.do_issue_order(
        actor=commune_a_staff,
        candidate=candidate_a,
        issued_on=datetime.date(2027, 2, 1),
        report_at=timezone.make_aware(datetime.datetime(2027, 2, 24, 7, 0)),
        report_place="Ban Chỉ huy phòng thủ khu vực 1",
        signer_name="Lò Văn Chủ",
    )
    pdf = render_pdf("conscription/callup_order_pdf.html", services.order_context(order))
    text = unicodedata.normalize("NFC", PdfReader(io.BytesIO(pdf)).pages[0].extract_text())
    text = " ".join(text.split())
    assert "Lò Văn Định" in text
    assert "001/QĐ-UBND" in text


def test_a_batch_of_orders_prints_one_pdf_with_progress(
    candidate_a,
    commune_a_staff,
    campaign,
    commune_a,
    commune_b,
    province_staff,
    django_capture_on_commit_callbacks,
):
    from garrison.conscription.models import CommuneQuota, OrderBatch

    services.do_set_commune_quotas(
        actor=province_staff, campaign=campaign, quotas={commune_a.pk: 1, commune_b.pk: 9}
    )
    fit(candidate_a, commune_a_staff)
    services.do_select(actor=commune_a_staff, candidate=candidate_a)
    services.do_issue_order(
        actor=commune_a_staff,
        candidate=candidate_a,
        issued_on=datetime.date(2027, 2, 1),
        report_at=timezone.make_aware(datetime.datetime(2027, 2, 24, 7, 0)),
        report_place="BCH PTKV 1",
        signer_name="Lò Văn Chủ",
    )
    assert CommuneQuota.objects.filter(commune=commune_a).exists()
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.do_start_order_batch(
            actor=commune_a_staff, campaign=campaign, commune=commune_a
        )
    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.total, batch.percent) == (
        OrderBatch.Status.DONE,
        1,
        1,
        100,
    )
    assert bytes(batch.content).startswith(b"%PDF")
