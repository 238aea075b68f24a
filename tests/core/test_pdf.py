"""PDF documents: the call-up order renders in Vietnamese, batches keep one order per page,
dates follow Decree 30, and nothing is fetched from the network."""

from __future__ import annotations

import datetime
import io
import socket
import unicodedata

import pytest
from pypdf import PdfReader

from garrison.core import pdf

CALLUP = "conscription/callup_order_pdf.html"


def callup_context(full_name: str = "Lò Văn Định", number: str = "015/QĐ-UBND") -> dict:
    return {
        "order": {
            "number": number,
            "issued_on": datetime.date(2026, 2, 5),
            # 07:30 in Vietnam, given in UTC: the order prints local time
            "report_at": datetime.datetime(2026, 2, 20, 0, 30, tzinfo=datetime.UTC),
            "report_place": "Sân vận động xã Na Son",
            "signer_name": "Nguyễn Văn An",
            "signer_title": "CHỦ TỊCH",
            "year": 2026,
        },
        "commune": {"name": "Xã Na Son", "province_name": "Tỉnh Điện Biên", "place": "Na Son"},
        "person": {
            "full_name": full_name,
            "date_of_birth": datetime.date(2006, 2, 5),
            "citizen_id": "011206001234",
            "ethnicity": "Thái",
            "address": "Bản Na Son",
            "residence": "Xã Na Son, Tỉnh Điện Biên",
        },
    }


def page_texts(data: bytes) -> list[str]:
    """Each page's text, NFC-normalised, whitespace collapsed."""
    return [
        " ".join(unicodedata.normalize("NFC", page.extract_text() or "").split())
        for page in PdfReader(io.BytesIO(data)).pages
    ]


@pytest.fixture
def no_network(monkeypatch):
    """Record (and refuse) every attempt to open a network connection."""
    attempts: list[object] = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access in a PDF test")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    return attempts


def test_callup_order_renders_in_vietnamese(no_network):
    data = pdf.render_pdf(CALLUP, callup_context(), language="en")

    assert data.startswith(b"%PDF")
    (text,) = page_texts(data)
    assert "Lò Văn Định" in text
    assert "Số: 015/QĐ-UBND" in text
    assert "QUYẾT ĐỊNH" in text
    assert "Về việc gọi công dân nhập ngũ năm 2026" in text
    assert "Na Son, ngày 05 tháng 02 năm 2026" in text
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ NA SON" in text
    assert "sinh ngày 05/02/2006" in text
    assert "tỉnh Điện Biên" in text
    assert "lúc 07 giờ 30 ngày 20/02/2026" in text  # local time, not UTC
    assert "Nguyễn Văn An" in text
    assert no_network == []


def test_batch_puts_each_order_on_its_own_pages_and_reports_progress(no_network):
    names = ["Lò Văn Định", "Quàng Thị Ương", "Mùa A Dơ"]
    calls: list[tuple[int, int]] = []
    contexts = (callup_context(name, f"{15 + i:03d}/QĐ-UBND") for i, name in enumerate(names))

    data = pdf.render_pdf_batch(
        CALLUP, contexts, progress=lambda done, total: calls.append((done, total))
    )

    assert calls == [(1, 3), (2, 3), (3, 3)]
    texts = page_texts(data)
    assert len(texts) == 3
    for i, (text, name) in enumerate(zip(texts, names, strict=True)):
        assert name in text
        assert f"{15 + i:03d}/QĐ-UBND" in text
        assert all(other not in text for other in names if other != name)


def test_batch_of_nothing_is_refused():
    with pytest.raises(ValueError, match="no documents"):
        pdf.render_pdf_batch(CALLUP, [])


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2026, 2, 5), "ngày 05 tháng 02 năm 2026"),
        (datetime.date(2026, 11, 15), "ngày 15 tháng 11 năm 2026"),
        (datetime.date(2026, 3, 1), "ngày 01 tháng 3 năm 2026"),
        (datetime.date(2026, 1, 9), "ngày 09 tháng 01 năm 2026"),
        (datetime.date(2026, 12, 31), "ngày 31 tháng 12 năm 2026"),
        # an aware datetime counts in Vietnam's time: 20:00 UTC on 31/01 is 1 February there
        (datetime.datetime(2026, 1, 31, 20, 0, tzinfo=datetime.UTC), "ngày 01 tháng 02 năm 2026"),
    ],
)
def test_vn_admin_date_follows_decree_30(day, expected):
    assert pdf.vn_admin_date(day) == expected


def test_vn_admin_date_filter():
    from django.template import Context, Template

    template = Template("{% load pdf %}{{ d|vn_admin_date }}|{{ none|vn_admin_date }}")
    rendered = template.render(Context({"d": datetime.date(2026, 3, 1), "none": None}))
    assert rendered == "ngày 01 tháng 3 năm 2026|"


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/x.png",
        "https://example.com/x.png",
        "ftp://example.com/x.png",
        "file:///etc/passwd",
        "file:///static/../../etc/passwd",
    ],
)
def test_url_fetcher_refuses_anything_but_local_static_files(url, no_network):
    fetcher = pdf.make_url_fetcher()
    with pytest.raises(pdf.RefusedURL):
        fetcher.fetch(url) if hasattr(fetcher, "fetch") else fetcher(url)
    assert no_network == []


def test_static_files_are_served_from_disk():
    path = pdf.local_path("file:///static/garrison/garrison.css")
    assert path is not None
    assert path.name == "garrison.css"
    assert path.is_file()


def test_remote_image_is_left_out_without_network_access(no_network):
    html = (
        '<!DOCTYPE html><html lang="vi"><body><p>Lò Văn Định</p>'
        '<img src="http://example.com/x.png"><img src="https://example.com/y.png">'
        '<link rel="stylesheet" href="https://styles.example.invalid/x.css"></body></html>'
    )

    data = pdf.html_to_pdf(html)

    assert data.startswith(b"%PDF")
    assert "Lò Văn Định" in page_texts(data)[0]
    assert no_network == []
