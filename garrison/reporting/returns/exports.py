"""Exports of one return, each written to the audit log: a workbook and a PDF, its values grouped
by section and the computed ones marked with where they came from; and the pieces every reporting
export uses (the workbook writer, the download response, a period as an official document names
it). Official documents (the PDFs) are always in Vietnamese; the workbooks follow the user's
language.
"""

import datetime
import io
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from garrison.commands.rules import commune_command_name, provincial_command_name
from garrison.core import audit
from garrison.core.exporting import safe_cell
from garrison.core.pdf import render_pdf
from garrison.core.scoping import get_for
from garrison.core.views import ConfiguredView

from . import periods
from .models import Submission
from .views.registers import by_section, value_rows

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SUBMISSION_PDF_TEMPLATE = "reporting/submission_pdf.html"

VI_STATE = {
    "draft": "Đang soạn",
    "submitted": "Đã nộp, chờ duyệt",
    "returned": "Trả lại để sửa",
    "approved": "Đã duyệt",
}


def vi_period_label(period: periods.Period) -> str:
    """A period as an official document names it, whatever the catalogue holds."""
    start, end = period.start, period.end
    if period.kind == periods.MONTH:
        return f"tháng {start.month:02d} năm {start.year}"
    if period.kind == periods.QUARTER:
        return f"quý {(start.month - 1) // 3 + 1} năm {start.year}"
    if period.kind == periods.HALF_YEAR:
        half = "đầu" if start.month == 1 else "cuối"
        return f"6 tháng {half} năm {start.year}"
    if period.kind == periods.YEAR:
        return f"năm {start.year}"
    if period.kind == periods.WEEK:
        iso = start.isocalendar()
        return f"tuần {iso.week} năm {iso.year} (từ {start:%d/%m} đến {end:%d/%m})"
    return f"từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}"


def slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text).strip("-") or "bao-cao"


def local_date(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment else None


# --- workbooks ------------------------------------------------------------------------------------
def workbook(
    title_lines: list[str],
    headers: list[str],
    rows: list[list[Any]],
    total: list[Any] | None = None,
) -> bytes:
    """One sheet: the title lines, a bold header row, the rows and a bold total row."""
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = _("Report")[:31]
    title_lines = [safe_cell(line) for line in title_lines]
    headers = [safe_cell(header) for header in headers]
    rows = [[safe_cell(value) for value in row] for row in rows]
    if total is not None:
        total = [safe_cell(value) for value in total]
    for number, line in enumerate(title_lines):
        sheet.append([line])
        if number == 0:
            sheet.cell(row=1, column=1).font = Font(bold=True, size=13)
    if title_lines:
        sheet.append([])
    sheet.append(headers)
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    if total is not None:
        sheet.append(total)
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=header_row + 1):
        for cell in row:
            if isinstance(cell.value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
    for index, header in enumerate(headers, 1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(45, len(header) + 4))
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def download(content: bytes, content_type: str, filename: str, inline: bool = False):
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


# --- one return -----------------------------------------------------------------------------------
def _submission(request: HttpRequest, pk: int) -> Submission:
    return get_for(
        request.user,
        Submission.objects.select_related(
            "form", "form_version", "commune", "province", "submitted_by"
        ),
        pk=pk,
    )


def period_of(submission: Submission) -> periods.Period:
    return periods.Period(
        submission.form.period_type,
        submission.period_key,
        submission.period_start,
        submission.period_end,
    )


def submission_filename(submission: Submission, extension: str) -> str:
    code = slug(submission.form.code)
    return f"bao-cao-{code}-{submission.period_key}-{submission.commune.code}.{extension}"


def submission_sections(submission: Submission) -> list[dict]:
    """The values by section, as on the return's page (computed ones with their source)."""
    specs = submission.form_version.field_specs()
    return by_section(value_rows(specs, submission.values, submission.sources))


def _source_text(source: dict | None, language_vi: bool = False) -> str:
    if not source:
        return ""
    day = source.get("as_of_date")
    where = source.get("source") or source.get("indicator") or ""
    if language_vi:
        text = f"Tự động từ sổ: {where}"
        return f"{text} (đến ngày {day:%d/%m/%Y})" if day else text
    text = _("computed from the registers: %(source)s") % {"source": where}
    if day:
        text += " " + _("(as of %(day)s)") % {"day": day.strftime("%d/%m/%Y")}
    return text


class SubmissionXlsxView(ConfiguredView):
    """One return as a workbook: a line per field, by section, computed ones with their source."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        submission = _submission(request, pk)
        states = dict(Submission.State.choices)
        title = [
            f"{submission.form.code} — {submission.form.name}",
            _("%(commune)s · %(period)s · due %(due)s")
            % {
                "commune": submission.commune.name,
                "period": period_of(submission).label,
                "due": submission.due_on.strftime("%d/%m/%Y"),
            },
            _("State: %(state)s · first submitted: %(first)s")
            % {
                "state": states.get(submission.state, submission.state),
                "first": timezone.localtime(submission.first_submitted_at).strftime(
                    "%d/%m/%Y %H:%M"
                )
                if submission.first_submitted_at
                else "—",
            },
        ]
        headers = [_("section"), _("field"), _("key"), _("value"), _("unit"), _("source")]
        rows = []
        for section in submission_sections(submission):
            for row in section["rows"]:
                value = row["value"]
                if isinstance(value, list):
                    value = ", ".join(str(v) for v in value)
                rows.append(
                    [
                        section["name"],
                        row["spec"]["label"],
                        row["key"],
                        value,
                        row["spec"]["unit"],
                        _source_text(row["source"]) if row["computed"] else _("typed in"),
                    ]
                )
        if submission.note:
            title.append(_("Commune's note: %(note)s") % {"note": submission.note})
        content = workbook(title, headers, rows)
        audit.log_export(
            actor=request.user,
            model=Submission,
            count=1,
            fmt="xlsx",
            filters={"submission": submission.pk},
            request=request,
        )
        return download(content, XLSX, submission_filename(submission, "xlsx"))


def submission_pdf_context(submission: Submission) -> dict[str, Any]:
    commune, province = submission.commune, submission.province
    sections = []
    for section in submission_sections(submission):
        rows = []
        for row in section["rows"]:
            rows.append(
                {
                    "label": row["spec"]["label"],
                    "unit": row["spec"]["unit"],
                    "value": row["value"],
                    "computed": row["computed"],
                    "source": _source_text(row["source"], language_vi=True)
                    if row["computed"]
                    else "",
                }
            )
        sections.append({"name": section["name"], "rows": rows})
    period = period_of(submission)
    return {
        "submission": submission,
        "form": submission.form,
        "period": period,
        "period_label": vi_period_label(period),
        "issuer_parent": provincial_command_name(province.name, province.code),
        "issuer": commune_command_name(commune.name),
        "place": commune.short_name,
        "issued_on": local_date(submission.first_submitted_at) or timezone.localdate(),
        "sections": sections,
        "state": VI_STATE.get(submission.state, submission.state),
        "recipients": [provincial_command_name(province.name, province.code), "Lưu: VT"],
        "signer_title": "CHỈ HUY TRƯỞNG",
        "signature_hint": True,
    }


class SubmissionPdfView(ConfiguredView):
    """One return printed as a report in the Decree 30 layout (always in Vietnamese)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        submission = _submission(request, pk)
        with translation.override("vi"):
            context = submission_pdf_context(submission)
        pdf = render_pdf(SUBMISSION_PDF_TEMPLATE, context)
        audit.log_export(
            actor=request.user,
            model=Submission,
            count=1,
            fmt="pdf",
            filters={"submission": submission.pk},
            request=request,
        )
        return download(pdf, "application/pdf", submission_filename(submission, "pdf"), inline=True)
