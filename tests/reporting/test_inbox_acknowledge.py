"""A commune acknowledges a directive with one click from its inbox (the button carries the
one-time submission key: a double click acknowledges once), and reads the directive's full text
and files on its receipt and on the page where it reports completion."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from garrison.core.models import Notification
from garrison.reporting.directives import services
from tests.clock import move_clock
from tests.factories import DirectiveFactory

from .conftest import pdf_file

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 10, 15)


@pytest.fixture
def sent(monkeypatch, province, commune_a, commune_b, province_staff, commune_a_staff):
    move_clock(monkeypatch, DAY)
    directive = DirectiveFactory(
        province=province,
        number="07/CT-BCH",
        text="Tổ chức trực sẵn sàng chiến đấu 100% quân số.\nBáo cáo kết quả về Bộ CHQS tỉnh.",
        issued_on=DAY,
        due_on=DAY + datetime.timedelta(days=10),
    )
    services.do_add_directive_attachments(
        actor=province_staff, directive=directive, attachments=[pdf_file("ke-hoach-truc.pdf")]
    )
    services.do_issue_directive(actor=province_staff, directive=directive)
    return directive


def _button(page: str):
    return re.search(
        r'<form method="post" action="(/inbox/\d+/act/)".*?name="_submission" '
        r'value="([^"]+)"',
        page,
        re.S,
    )


def test_a_commune_acknowledges_a_directive_from_its_inbox(
    sent, commune_a, commune_a_staff, as_user
):
    client = as_user(commune_a_staff)
    page = client.get("/inbox/").content.decode()
    assert "07/CT-BCH" in page
    found = _button(page)
    assert found, "the inbox row offers the acknowledgement"
    url, key = found.groups()
    response = client.post(url, {"_submission": key})
    receipt = sent.receipts.get(commune=commune_a)
    assert response.status_code == 302
    assert response["Location"] == f"/reporting/receipts/{receipt.pk}/"
    assert receipt.acknowledged_at is not None and receipt.acknowledged_by == commune_a_staff
    assert timezone.localdate(receipt.acknowledged_at) == DAY
    assert Notification.objects.get(user=commune_a_staff).read_at is not None
    # the double click: the same key again acknowledges nothing more, and says so
    again = client.post(url, {"_submission": key}, follow=True).content.decode()
    assert "already" in again
    # acknowledged: the inbox no longer offers it
    assert _button(client.get("/inbox/").content.decode()) is None


def test_the_acknowledge_button_is_only_for_the_commune_that_can_answer(
    sent, commune_a_staff, province_staff, as_user, commune_a
):
    services.do_acknowledge_receipt(
        actor=commune_a_staff, receipt=sent.receipts.get(commune=commune_a)
    )
    assert _button(as_user(commune_a_staff).get("/inbox/").content.decode()) is None
    # another user's notification answers 404
    note = Notification.objects.get(user=commune_a_staff)
    assert as_user(province_staff).post(f"/inbox/{note.pk}/act/").status_code == 404


def test_the_receipt_and_its_action_pages_show_the_directive_text_and_files(
    sent, commune_a, commune_a_staff, as_user
):
    client = as_user(commune_a_staff)
    receipt = sent.receipts.get(commune=commune_a)
    for url in (
        f"/reporting/receipts/{receipt.pk}/",
        f"/reporting/receipts/{receipt.pk}/acknowledge/",
        f"/reporting/receipts/{receipt.pk}/complete/",
    ):
        page = client.get(url).content.decode()
        assert "Tổ chức trực sẵn sàng chiến đấu 100% quân số." in page, url
        assert "Báo cáo kết quả về Bộ CHQS tỉnh." in page, url
        assert "ke-hoach-truc.pdf" in page, url
