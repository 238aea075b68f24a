"""Exports of the reporting rate, each written to the audit log: the rate table (a province's
communes, or the nation's provinces) as an Excel workbook and as a report in the Decree
30/2020/NĐ-CP layout ("BÁO CÁO Tình hình thực hiện chế độ báo cáo …"). They resolve the query
string exactly as the page does (views.resolve_rates), so they hold what the page shows.
"""

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import View

from garrison.commands.rules import provincial_command_name
from garrison.core import audit
from garrison.core.pdf import render_pdf
from garrison.core.replica import ReplicaReadsMixin
from garrison.reporting.models import Directive, Submission
from garrison.reporting.returns.exports import (
    XLSX,
    download,
    local_date,
    slug,
    vi_period_label,
    workbook,
)

from . import views as rate_pages

RATE_PDF_TEMPLATE = "reporting/rate_pdf.html"

#: the statuses as printed in the (always Vietnamese) official report
#: the statuses as printed in the (always Vietnamese) official report
VI_STATUS = {
    "on_time": "Đúng hạn",
    "late": "Chậm",
    "missing": "Chưa báo cáo",
    "not_yet_due": "Chưa đến hạn",
    "not_expected": "Không thuộc diện báo cáo",
}


# --- the rate table -------------------------------------------------------------------------------
def _rate_query(request: HttpRequest) -> tuple[rate_pages.RateQuery, dict[str, Any]]:
    """The page's query and data; 404 for a commune (it has no table of places) or when there
    is nothing to export."""
    query = rate_pages.resolve_rates(request)
    if query.shows_one_commune or query.form is None or query.period is None:
        raise Http404
    return query, rate_pages.rate_context(query)


def rate_rows(query: rate_pages.RateQuery, data: dict[str, Any]) -> tuple[list, list, list]:
    """Headers, rows and the total row of the rate table (workbook)."""
    total = data["total"]
    figures = [
        total.expected,
        total.on_time,
        total.late,
        total.missing,
        total.not_yet_due,
        total.rate,
        total.on_time_rate,
    ]
    if query.shows_one_province:
        headers = [
            _("commune"),
            _("status"),
            _("first submitted"),
            _("days late"),
            _("state of the report"),
        ]
        states = dict(Submission.State.choices)
        rows = [
            [
                c.name,
                c.status_label,
                local_date(c.first_submitted),
                c.days_late or None,
                str(states.get(c.return_state, "")) if c.return_state else "",
            ]
            for c in data["rows"]
        ]
        return headers, rows, figures
    headers = [
        _("province"),
        _("expected"),
        _("on time"),
        _("late"),
        _("missing"),
        _("not yet due"),
        _("reporting rate (per cent)"),
        _("on time (per cent)"),
    ]
    rows = [
        [r.name, r.expected, r.on_time, r.late, r.missing, r.not_yet_due, r.rate, r.on_time_rate]
        for r in data["rows"]
    ]
    return headers, rows, [_("Nation"), *figures]


class RatesXlsxView(LoginRequiredMixin, ReplicaReadsMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        query, data = _rate_query(request)
        headers, rows, figures = rate_rows(query, data)
        place = query.province.name if query.province else _("nation")
        title = [
            _("Reporting rate: %(form)s") % {"form": str(query.form)},
            _("%(period)s, due %(due)s · %(place)s")
            % {
                "period": query.period.label,
                "due": query.due_on.strftime("%d/%m/%Y"),
                "place": place,
            },
        ]
        if query.shows_one_province:
            summary_headers = [
                _("expected"),
                _("on time"),
                _("late"),
                _("missing"),
                _("not yet due"),
                _("reporting rate (per cent)"),
                _("on time (per cent)"),
            ]
            pairs = zip(summary_headers, figures, strict=True)
            title.append(" · ".join(f"{h}: {'—' if v is None else v}" for h, v in pairs))
            total = None
        else:
            total = figures
        content = workbook(title, headers, rows, total)
        audit.log_export(
            actor=request.user,
            model=Submission,
            count=len(rows),
            fmt="xlsx",
            filters={"rates": query.filters()},
            request=request,
        )
        name = f"ty-le-bao-cao-{slug(query.form.code)}-{query.period.key}.xlsx"
        return download(content, XLSX, name)


def _issuer(query: rate_pages.RateQuery) -> dict[str, str]:
    """Who issues the rate report: the Ministry's General Staff for a nation user, the
    provincial command for a province (its superior as printed on its latest directive)."""
    if query.user_sees_the_nation:
        return {
            "issuer_parent": "Bộ Quốc phòng",
            "issuer": "Bộ Tổng Tham mưu",
            "place": "Hà Nội",
            "signer_title": "THỦ TRƯỞNG CƠ QUAN",
            "recipients": ["Thủ trưởng Bộ Tổng Tham mưu", "Cục Dân quân tự vệ", "Lưu: VT"],
        }
    province = query.province
    parent = (
        Directive.objects.visible_to(query.user)
        .filter(province_id=province.pk)
        .exclude(issuer_parent="")
        .order_by("-issued_on", "-pk")
        .values_list("issuer_parent", flat=True)
        .first()
    )
    return {
        "issuer_parent": parent or "",
        "issuer": provincial_command_name(province.name, province.code),
        "place": province.short_name,
        "signer_title": "CHỈ HUY TRƯỞNG",
        "recipients": ["Cơ quan quân sự cấp trên", "Ban CHQS các xã, phường, đặc khu", "Lưu: VT"],
    }


def rate_pdf_context(query: rate_pages.RateQuery, data: dict[str, Any]) -> dict[str, Any]:
    form, period = query.form, query.period
    rows = []
    if query.shows_one_province:
        for c in data["rows"]:
            rows.append(
                {
                    "name": c.name,
                    "status": VI_STATUS.get(c.status, c.status),
                    "first_submitted": local_date(c.first_submitted),
                    "days_late": c.days_late,
                }
            )
    else:
        rows = data["rows"]
    scope_name = query.province.name if query.province else "toàn quốc"
    return {
        **_issuer(query),
        "level": query.grouping,
        "form": form,
        "period": period,
        "period_label": vi_period_label(period),
        "due_on": query.due_on,
        "scope_name": scope_name,
        "issued_on": query.today,
        "rows": rows,
        "total": data["total"],
        "status_filter": VI_STATUS.get(query.status, "") if query.status else "",
        "signature_hint": True,
    }


class RatesPdfView(LoginRequiredMixin, ReplicaReadsMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        query, data = _rate_query(request)
        with translation.override("vi"):
            context = rate_pdf_context(query, data)
        pdf = render_pdf(RATE_PDF_TEMPLATE, context)
        audit.log_export(
            actor=request.user,
            model=Submission,
            count=len(data["rows"]),
            fmt="pdf",
            filters={"rates": query.filters()},
            request=request,
        )
        name = f"ty-le-bao-cao-{slug(query.form.code)}-{query.period.key}.pdf"
        return download(pdf, "application/pdf", name, inline=True)
