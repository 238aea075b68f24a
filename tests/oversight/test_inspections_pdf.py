"""The inspection's conclusion as a PDF (Decree 30/2020/NĐ-CP layout, in Vietnamese): the team,
the communes inspected, the checklist results, the findings with their corrective actions; a
commune prints its own part; the download is audited."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from garrison.oversight.inspections import services
from garrison.oversight.models import ChecklistAnswer
from tests.clock import move_clock
from tests.conftest import client_for
from tests.factories.oversight import (
    ChecklistItemFactory,
    ChecklistVersionFactory,
    FindingFactory,
    inspection_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(monkeypatch):
    return move_clock(monkeypatch, datetime.date(2026, 6, 15))


def pdf_text(data: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


@pytest.fixture
def inspection(commune_a, commune_b, province_inspector):
    version = ChecklistVersionFactory(
        template__province=commune_a.province, published_at=datetime.datetime(2026, 1, 5, 8, 0)
    )
    item = ChecklistItemFactory(checklist_version=version, text="Sổ đăng ký quân nhân dự bị")
    inspection = inspection_of(
        commune_a,
        title="Kiểm tra công tác quốc phòng năm 2026",
        decision="125/QĐ-BCH",
        lead="Đại tá Lò Văn Hùng",
        outside_members="Ông Quàng Văn Dũng, Sở Nội vụ",
        checklist_version=version,
        conclusion="Cơ bản hoàn thành nhiệm vụ.",
    )
    inspection.targets.create(commune=commune_b)
    inspection.team.add(province_inspector)
    ChecklistAnswer.objects.create(
        inspection=inspection, item=item, commune=commune_a, result="partly", note="Thiếu 3 hồ sơ"
    )
    finding = FindingFactory(
        commune=commune_a, inspection=inspection, description="Hồ sơ dân quân thiếu ảnh"
    )
    services.do_add_action(
        actor=province_inspector,
        finding=finding,
        description="Bổ sung ảnh hồ sơ",
        due_on=datetime.date(2026, 6, 30),
    )
    FindingFactory(commune=commune_b, inspection=inspection, description="Nhà trực ban dột")
    return inspection


def test_the_conclusion_prints_in_vietnamese(inspection, province_inspector):
    from auditlog.models import LogEntry

    response = client_for(province_inspector).get(
        reverse("oversight:inspection_pdf", args=[inspection.pk])
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in (
        "KẾT LUẬN",
        "Bộ Chỉ huy Quân sự tỉnh Điện Biên".upper(),
        "125/QĐ-BCH",
        "Đại tá Lò Văn Hùng",
        "Quàng Văn Dũng",
        "Xã Na Son",
        "Phường Mường Thanh",
        "Sổ đăng ký quân nhân dự bị",
        "Đạt một phần",
        "Hồ sơ dân quân thiếu ảnh",
        "Bổ sung ảnh hồ sơ",
        "30/06/2026",
        "Nhà trực ban dột",
    ):
        assert expected in text, expected
    entry = LogEntry.objects.filter(additional_data__kind="export").latest("pk")
    assert entry.additional_data["format"] == "pdf"


def test_a_commune_prints_its_own_part(inspection, commune_b_staff, commune_c):
    response = client_for(commune_b_staff).get(
        reverse("oversight:inspection_pdf", args=[inspection.pk])
    )
    text = pdf_text(response.content)
    assert "Nhà trực ban dột" in text
    assert "Hồ sơ dân quân thiếu ảnh" not in text and "Xã Na Son" not in text


def test_another_province_cannot_print_it(inspection, commune_c):
    from garrison.accounts.rules import Role
    from tests.conftest import _user

    stranger = _user("lai_chau_inspector", Role.PROVINCE_INSPECTOR, province=commune_c.province)
    url = reverse("oversight:inspection_pdf", args=[inspection.pk])
    assert client_for(stranger).get(url).status_code == 404
