"""The directive life cycle through the services: draft, send (receipts for all or chosen
communes), who may do what, acknowledgement, completion with an account and files, lateness,
overdue, reminders, and bad input that changes nothing."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from garrison.reporting.directives import rules, services
from garrison.reporting.models import Directive, DirectiveReceipt
from tests.factories import DirectiveFactory

from .conftest import make_late, pdf_file, receipt_of

pytestmark = pytest.mark.django_db


def test_it_sends_a_directive_to_every_commune_of_the_province(
    sent, commune_a, commune_b, commune_c
):
    assert sent.status == "issued" and sent.issued_at is not None
    communes = set(sent.receipts.values_list("commune", flat=True))
    assert communes == {commune_a.pk, commune_b.pk}  # C belongs to another province
    assert set(sent.receipts.values_list("due_on", flat=True)) == {sent.due_on}


def test_it_sends_to_the_chosen_communes_only_and_others_do_not_see_it(
    province, province_staff, commune_a, commune_b, commune_a_staff, commune_b_staff, today
):
    directive = Directive(
        province=province,
        number="03/CT-BCH",
        title="Về bảo đảm an ninh",
        text="Nội dung",
        issued_on=today,
        due_on=today + datetime.timedelta(days=5),
        to_all_communes=False,
    )
    services.do_create_directive(actor=province_staff, directive=directive, recipients=[commune_b])
    assert not Directive.objects.visible_to(commune_b_staff).exists()  # a draft is not sent
    assert services.do_issue_directive(actor=province_staff, directive=directive) == 1
    assert Directive.objects.visible_to(commune_b_staff).get() == directive
    assert not Directive.objects.visible_to(commune_a_staff).exists()
    assert not DirectiveReceipt.objects.visible_to(commune_a_staff).exists()
    assert Directive.objects.visible_to(province_staff).get() == directive


@pytest.mark.parametrize("who", ["commune_a_staff", "province_inspector", "ministry_viewer"])
def test_only_province_staff_can_send(request, draft, who):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.do_issue_directive(actor=user, directive=draft)
    assert not draft.receipts.exists()


def test_a_sent_directive_cannot_be_sent_again_or_edited(sent, province_staff):
    with pytest.raises(ValidationError, match="can no longer be changed"):
        services.do_issue_directive(actor=province_staff, directive=sent)
    sent.title = "Changed"
    with pytest.raises(ValidationError, match="amendment note"):
        sent.full_clean()
    services.do_amend_directive(actor=province_staff, directive=sent, note="Sửa hạn báo cáo")
    sent.refresh_from_db()
    assert "Sửa hạn báo cáo" in sent.amendment
    assert sent.receipts.count() == 2


def test_a_commune_acknowledges_then_reports_completion_with_a_file(
    sent, commune_a, commune_a_staff
):
    receipt = services.do_acknowledge_receipt(
        actor=commune_a_staff, receipt=receipt_of(sent, commune_a)
    )
    assert receipt.acknowledged_by == commune_a_staff
    with pytest.raises(ValidationError, match="already acknowledged"):
        services.do_acknowledge_receipt(actor=commune_a_staff, receipt=receipt)
    receipt = services.do_complete_receipt(
        actor=commune_a_staff,
        receipt=receipt,
        account="Đã tổ chức trực 100% quân số.",
        attachments=[pdf_file()],
    )
    assert receipt.completed_at and receipt.state == "completed"
    assert receipt.attachments.get().name == "ke-hoach.pdf"
    assert receipt.attachments.get().file.read().startswith(b"%PDF")
    with pytest.raises(ValidationError, match="already reported"):
        services.do_complete_receipt(actor=commune_a_staff, receipt=receipt, account="again")


def test_completion_without_acknowledgement_does_both(sent, commune_b, commune_b_staff):
    receipt = services.do_complete_receipt(
        actor=commune_b_staff, receipt=receipt_of(sent, commune_b), account="Xong"
    )
    assert receipt.acknowledged_at == receipt.completed_at


def test_a_commune_cannot_act_on_another_communes_receipt_nor_the_province_on_any(
    sent, commune_b, commune_a_staff, province_staff
):
    for user in (commune_a_staff, province_staff):
        with pytest.raises(PermissionDenied):
            services.do_acknowledge_receipt(actor=user, receipt=receipt_of(sent, commune_b))


def test_late_completion_and_overdue_are_counted(
    sent, commune_a, commune_b, commune_a_staff, today
):
    make_late(sent, days=5)
    services.do_complete_receipt(
        actor=commune_a_staff, receipt=receipt_of(sent, commune_a), account="Muộn"
    )
    late = receipt_of(sent, commune_a)
    assert late.is_late and late.days_late == 5 and late.state == "completed_late"
    overdue = receipt_of(sent, commune_b)
    assert overdue.is_overdue and overdue.days_late == 5
    counts = sent.receipts.counts(today)
    assert counts == {"recipients": 2, "acknowledged": 1, "completed": 1, "late": 1, "overdue": 1}
    assert list(DirectiveReceipt.objects.overdue(today)) == [overdue]
    row = Directive.objects.with_progress(commune_a_staff, today).get(pk=sent.pk)
    assert (row.recipients_count, row.late_count, row.overdue_count) == (1, 1, 0)


def test_a_reminder_goes_to_every_laggard_and_is_recorded(
    sent, commune_a, commune_b, commune_a_staff, province_staff
):
    services.do_complete_receipt(
        actor=commune_a_staff, receipt=receipt_of(sent, commune_a), account="Xong"
    )
    assert services.do_remind_laggards(actor=province_staff, directive=sent) == 1
    # a second press the same day reminds nobody twice (issue 15, finding 3)
    with pytest.raises(ValidationError, match="already reminded today"):
        services.do_remind_laggards(actor=province_staff, directive=sent)
    b = receipt_of(sent, commune_b)
    assert b.reminders_sent == 1 and b.last_reminded_at is not None
    # the next day, the commune can be reminded again
    b.last_reminded_at -= datetime.timedelta(days=1)
    b.save(update_fields=["last_reminded_at"])
    assert services.do_remind_laggards(actor=province_staff, directive=sent) == 1
    assert receipt_of(sent, commune_b).reminders_sent == 2
    assert receipt_of(sent, commune_a).reminders_sent == 0
    with pytest.raises(PermissionDenied):
        services.do_remind_laggards(actor=commune_a_staff, directive=sent)


def test_nobody_to_remind_when_all_completed(
    sent, commune_a, commune_b, commune_a_staff, commune_b_staff, province_staff
):
    for commune, staff in ((commune_a, commune_a_staff), (commune_b, commune_b_staff)):
        services.do_complete_receipt(actor=staff, receipt=receipt_of(sent, commune), account="x")
    with pytest.raises(ValidationError, match="nobody to remind"):
        services.do_remind_laggards(actor=province_staff, directive=sent)


def _new(province, today, **kwargs):
    fields = {
        "province": province,
        "number": "09/CT-BCH",
        "title": "T",
        "text": "x",
        "issued_on": today,
        "due_on": today + datetime.timedelta(days=3),
        **kwargs,
    }
    return Directive(**fields)


def test_a_due_date_before_the_issue_date_is_refused_naming_the_field(
    province, province_staff, commune_a, today
):
    directive = _new(province, today, due_on=today - datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as caught:
        services.do_create_directive(actor=province_staff, directive=directive)
    assert "due_on" in caught.value.message_dict
    assert not Directive.objects.exists()


def test_no_recipients_is_refused(province, province_staff, commune_a, today):
    directive = _new(province, today, to_all_communes=False)
    with pytest.raises(ValidationError) as caught:
        services.do_create_directive(actor=province_staff, directive=directive, recipients=[])
    assert "recipients" in caught.value.message_dict
    assert not Directive.objects.exists()


def test_a_due_date_already_past_cannot_be_sent(draft, province_staff):
    Directive.objects.filter(pk=draft.pk).update(
        issued_on=datetime.date(2025, 1, 1), due_on=datetime.date(2025, 1, 2)
    )
    draft.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        services.do_issue_directive(actor=province_staff, directive=draft)
    assert "due_on" in caught.value.message_dict
    assert not draft.receipts.exists()
    draft.refresh_from_db()
    assert draft.is_draft


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("virus.exe", b"MZ\x90\x00", "only PDF, Word"),
        ("fake.pdf", b"not a pdf at all", "not really a PDF"),
        ("empty.png", b"", "is empty"),
    ],
)
def test_forbidden_files_are_refused_and_nothing_changes(
    sent, commune_a, commune_a_staff, name, content, says
):
    upload = SimpleUploadedFile(name, content)
    with pytest.raises(ValidationError) as caught:
        services.do_complete_receipt(
            actor=commune_a_staff,
            receipt=receipt_of(sent, commune_a),
            account="x",
            attachments=[upload],
        )
    assert says in " ".join(caught.value.message_dict["attachments"])
    assert name in " ".join(caught.value.message_dict["attachments"])
    receipt = receipt_of(sent, commune_a)
    assert receipt.completed_at is None and not receipt.attachments.exists()


def test_a_file_too_large_is_refused(monkeypatch, province, province_staff, commune_a, today):
    monkeypatch.setattr(rules, "MAX_ATTACHMENT_BYTES", 20)
    directive = _new(province, today)
    with pytest.raises(ValidationError, match="larger than"):
        services.do_create_directive(
            actor=province_staff, directive=directive, attachments=[pdf_file("big.pdf")]
        )
    assert not Directive.objects.exists()


def test_attachments_can_be_added_and_removed_only_while_a_draft(
    draft, province_staff, commune_a, django_capture_on_commit_callbacks
):
    added = services.do_add_directive_attachments(
        actor=province_staff, directive=draft, attachments=[pdf_file()]
    )
    assert added == 1
    stored = draft.attachments.get().file
    assert stored.storage.exists(stored.name)
    with django_capture_on_commit_callbacks(execute=True):
        services.do_remove_directive_attachments(
            actor=province_staff, directive=draft, attachments=list(draft.attachments.all())
        )
    assert not draft.attachments.exists()
    assert not stored.storage.exists(stored.name)  # no file left behind
    services.do_issue_directive(actor=province_staff, directive=draft)
    draft.refresh_from_db()
    with pytest.raises(ValidationError, match="can no longer be changed"):
        services.do_add_directive_attachments(
            actor=province_staff, directive=draft, attachments=[pdf_file()]
        )


def test_days_late_rules():
    due = datetime.date(2026, 2, 5)
    assert rules.days_late(due, None, datetime.date(2026, 2, 5)) == 0
    assert rules.days_late(due, datetime.date(2026, 2, 8), datetime.date(2026, 3, 1)) == 3
    assert not rules.is_overdue(due, None, due)
    assert rules.is_overdue(due, None, due + datetime.timedelta(days=1))
    assert rules.is_late(due, datetime.date(2026, 2, 6))


def test_factory_drafts_are_drafts(province):
    assert DirectiveFactory(province=province).is_draft
