"""The directive pages: the province writes, sends, follows (the communes' table and counts) and
reminds; the commune reads, acknowledges and reports completion; lists, the PDF, files, the
to-do items."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from garrison.reporting.directives import services
from garrison.reporting.models import Directive

from .conftest import PDF, make_late, pdf_file, receipt_of

pytestmark = pytest.mark.django_db


def _form(today, **extra):
    return {
        "number": "05/CT-BCH",
        "title": "Về sẵn sàng chiến đấu dịp Tết",
        "text": "Đoạn một.\n\nĐoạn hai.",
        "issued_on": today.strftime("%d/%m/%Y"),
        "due_on": (today + datetime.timedelta(days=7)).strftime("%d/%m/%Y"),
        "to_all_communes": "on",
        "signer_title": "CHỈ HUY TRƯỞNG",
        "signer_name": "Nguyễn Văn Chỉ",
        **extra,
    }


def test_the_province_writes_a_draft_with_files_and_sends_it(
    province_staff, commune_a, commune_b, as_user, today
):
    client = as_user(province_staff)
    response = client.post(
        "/reporting/directives/add/",
        {**_form(today), "attachments": [pdf_file(), pdf_file("b.pdf")]},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    directive = Directive.objects.get()
    assert directive.province_id == commune_a.province_id and directive.is_draft
    assert sorted(directive.attachments.values_list("name", flat=True)) == ["b.pdf", "ke-hoach.pdf"]
    page = client.get(f"/reporting/directives/{directive.pk}/").content.decode()
    assert "Send" in page and "Đoạn hai." in page
    response = client.post(f"/reporting/directives/{directive.pk}/issue/", {"confirm": "on"})
    assert response.status_code == 302
    assert directive.receipts.count() == 2
    page = client.get(f"/reporting/directives/{directive.pk}/").content.decode()
    assert "acknowledged 0/2 · completed 0/2 · late 0 · overdue 0" in page
    assert f"/reporting/directives/{directive.pk}/edit/" not in page  # sent: no more edits
    # an old link to the edit page leads back to the directive, saying why
    response = client.get(f"/reporting/directives/{directive.pk}/edit/", follow=True)
    assert response.redirect_chain[-1][0] == f"/reporting/directives/{directive.pk}/"
    assert "can no longer be changed" in response.content.decode()
    response = client.post(
        f"/reporting/directives/{directive.pk}/edit/",
        {**_form(today), "version": directive.version, "title": "X"},
    )
    assert response.status_code == 302
    directive.refresh_from_db()
    assert directive.title != "X"


@pytest.mark.parametrize(
    ("extra", "field", "says"),
    [
        ({"due_on": "01/01/2020"}, "due_on", "due date is before the issue date"),
        ({"to_all_communes": ""}, "recipients", "Choose the communes"),
        (
            {"attachments": SimpleUploadedFile("x.exe", b"MZ")},
            "attachments",
            "only PDF, Word (.docx), Excel (.xlsx), JPEG and PNG",
        ),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(
    province_staff, commune_a, as_user, today, extra, field, says
):
    data = _form(today, **extra)
    if data.get("to_all_communes") == "":
        data.pop("to_all_communes")
    response = as_user(province_staff).post("/reporting/directives/add/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="id_{field}_error"' in page and says in page
    assert not Directive.objects.exists()


def test_a_commune_cannot_write_directives(commune_a_staff, as_user):
    assert as_user(commune_a_staff).get("/reporting/directives/add/").status_code == 404


def test_the_province_follows_the_communes_and_reminds(
    sent, commune_a, commune_b, commune_a_staff, province_staff, as_user
):
    make_late(sent, days=3)
    services.do_complete_receipt(
        actor=commune_a_staff, receipt=receipt_of(sent, commune_a), account="Đã thực hiện"
    )
    client = as_user(province_staff)
    page = client.get(f"/reporting/directives/{sent.pk}/").content.decode()
    assert "acknowledged 1/2 · completed 1/2 · late 1 · overdue 1" in page
    assert "Phường Mường Thanh" in page and "Xã Na Son" in page
    overdue_only = client.get(f"/reporting/directives/{sent.pk}/?state=overdue").content.decode()
    table = overdue_only.split('data-testid="directive-receipts"')[1]
    assert "Phường Mường Thanh" in table and "Xã Na Son" not in table
    response = client.post(f"/reporting/directives/{sent.pk}/remind/", {"confirm": "on"})
    assert response.status_code == 302
    assert receipt_of(sent, commune_b).reminders_sent == 1


def test_the_directive_list_shows_each_ones_progress(
    sent, commune_a, commune_a_staff, province_staff, as_user, django_assert_max_num_queries
):
    services.do_acknowledge_receipt(actor=commune_a_staff, receipt=receipt_of(sent, commune_a))
    client = as_user(province_staff)
    with django_assert_max_num_queries(12):
        page = client.get("/reporting/directives/").content.decode()
    assert "02/CT-BCH" in page and "<td>1/2</td>" in page and "<td>0/2</td>" in page
    # the commune sees its own state only
    page = as_user(commune_a_staff).get("/reporting/directives/").content.decode()
    assert "<td>1/1</td>" in page and "<td>0/1</td>" in page and "<td>1/2</td>" not in page


def test_the_commune_acknowledges_and_reports_completion_on_its_pages(
    sent, commune_a, commune_a_staff, as_user
):
    client = as_user(commune_a_staff)
    page = client.get(f"/reporting/directives/{sent.pk}/").content.decode()
    assert 'data-testid="own-receipt"' in page and "not acknowledged" in page
    assert 'data-testid="directive-receipts"' not in page  # no other commune's state
    receipt = receipt_of(sent, commune_a)
    assert (
        client.post(f"/reporting/receipts/{receipt.pk}/acknowledge/", {"confirm": "on"}).status_code
        == 302
    )
    response = client.post(
        f"/reporting/receipts/{receipt.pk}/complete/",
        {"account": "Đã trực 100% quân số", "attachments": [pdf_file("bao-cao.pdf")]},
    )
    assert response.status_code == 302
    page = client.get(f"/reporting/receipts/{receipt.pk}/").content.decode()
    assert "completed on time" in page and "Đã trực 100% quân số" in page
    file_row = receipt_of(sent, commune_a).attachments.get()
    download = client.get(f"/reporting/receipts/files/{file_row.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF


def test_a_completion_without_an_account_is_refused(sent, commune_a, commune_a_staff, as_user):
    receipt = receipt_of(sent, commune_a)
    response = as_user(commune_a_staff).post(f"/reporting/receipts/{receipt.pk}/complete/", {})
    assert response.status_code == 400 and 'id="id_account_error"' in response.content.decode()
    assert receipt_of(sent, commune_a).completed_at is None


def test_a_commune_does_not_see_a_directive_not_addressed_to_it(
    province, commune_a, commune_b, commune_a_staff, as_user
):
    from tests.factories import issued_directive

    directive = issued_directive(province, [commune_b])
    client = as_user(commune_a_staff)
    assert client.get(f"/reporting/directives/{directive.pk}/").status_code == 404
    assert directive.number not in client.get("/reporting/directives/").content.decode()
    assert client.get(f"/reporting/directives/{directive.pk}/pdf/").status_code == 404


def test_the_directive_prints_as_pdf(sent, commune_a_staff, province_staff, as_user):
    for user in (province_staff, commune_a_staff):
        response = as_user(user).get(f"/reporting/directives/{sent.pk}/pdf/")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")


def test_the_pdf_context_follows_decree_30(sent):
    context = services.directive_pdf_context(sent)
    assert context["issuer"] == "Bộ Chỉ huy Quân sự tỉnh Điện Biên"
    assert context["place"] == "Điện Biên" and context["number"] == "02/CT-BCH"
    assert context["recipients"][-1] == "Lưu: VT"
    assert context["paragraphs"] == sent.paragraphs()


def test_to_do_items(sent, commune_a, commune_b, commune_a_staff, province_staff, as_user):
    page = as_user(commune_a_staff).get("/").content.decode()
    assert "Acknowledge receipt of directive 02/CT-BCH" in page
    make_late(sent, days=2)
    services.do_remind_laggards(actor=province_staff, directive=sent)
    page = as_user(commune_a_staff).get("/").content.decode()
    assert "the province has sent a reminder" in page and "overdue since" in page
    page = as_user(province_staff).get("/").content.decode()
    assert "Directive 02/CT-BCH: 2 of 2 communes overdue" in page
    services.do_complete_receipt(
        actor=commune_a_staff, receipt=receipt_of(sent, commune_a), account="x"
    )
    page = as_user(commune_a_staff).get("/").content.decode()
    assert "directive 02/CT-BCH" not in page


def test_a_draft_can_be_deleted_a_sent_directive_cannot(draft, sent, province_staff, as_user):
    from tests.factories import DirectiveFactory

    client = as_user(province_staff)
    other = DirectiveFactory(province=draft.province, number="99/CT-BCH")
    assert client.post(f"/reporting/directives/{other.pk}/delete/").status_code == 302
    assert not Directive.objects.filter(pk=other.pk).exists()
    response = client.post(f"/reporting/directives/{sent.pk}/delete/", follow=True)
    assert "can no longer be changed or deleted" in response.content.decode()
    assert Directive.objects.filter(pk=sent.pk).exists()


def test_the_pages_speak_vietnamese(sent, commune_a_staff, province_staff):
    from tests.conftest import client_for

    page = client_for(province_staff, "vi").get(f"/reporting/directives/{sent.pk}/").content
    text = page.decode()
    assert "Nhắc nhở các xã chậm" in text and "đã nhận 0/2" in text
    page = client_for(commune_a_staff, "vi").get("/").content.decode()
    assert "Xác nhận đã nhận chỉ thị 02/CT-BCH" in page
