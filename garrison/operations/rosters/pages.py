"""The roster of a commune over a range of days (`operations:roster`): who is on duty now, then a
grid of days × shifts with names, roles and flags; the same roster printed (Decree 30/2020 PDF,
`operations:roster_pdf`) and as a workbook (`operations:roster_xlsx`), all read from one query
string `?commune=<code>&event=<id>&from=<date>&until=<date>`; and planning the empty shifts of a
range at once (`operations:roster_plan`).

A commune's staff see their own commune; the province and the Ministry choose one of theirs. A
commune outside the user's area is refused like an unknown one (the form says so; nothing of it
is shown), a range longer than `rules.MAX_RANGE_DAYS` days is refused with a message."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views import View

from garrison.commands.rules import commune_command_name
from garrison.core import audit
from garrison.core.exporting import XLSX, workbook_bytes
from garrison.core.pdf import render_pdf
from garrison.core.scoping import scope_of
from garrison.core.views import add_service_error

from . import permissions, querysets, rules, services
from .forms import PlanRosterForm, RosterQueryForm
from .models import DutyAssignment, DutyRole, DutyShift

PDF_TEMPLATE = "operations/roster_pdf.html"

#: as printed in the (always Vietnamese) roster
VI_SHIFT = {"day": "Ca ngày (07:00 - 19:00)", "night": "Ca đêm (19:00 - 07:00 hôm sau)"}


def resolve_roster(request: HttpRequest) -> tuple[RosterQueryForm, services.Roster | None]:
    """The query form bound to the query string and, when it is valid, the roster it names."""
    if scope_of(request.user) is None:
        raise Http404
    form = RosterQueryForm(request.GET, user=request.user)
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    roster = services.build_roster(
        request.user, data["commune"], data["first"], data["last"], data.get("event")
    )
    return form, roster


def roster_query(roster: services.Roster) -> str:
    params: dict[str, Any] = {
        "commune": roster.commune.code,
        "from": roster.first.isoformat(),
        "until": roster.last.isoformat(),
    }
    if roster.event is not None:
        params["event"] = roster.event.pk
    return urlencode(params)


def _on_duty(request: HttpRequest, commune_id: int) -> tuple[Any, str, list[DutyAssignment]]:
    now = timezone.now()
    day, shift = rules.shift_at(now)
    mine = DutyAssignment.objects.visible_to(request.user).filter(commune_id=commune_id)
    return day, shift, list(querysets.on_duty_now(mine, now))


class RosterView(LoginRequiredMixin, View):
    template_name = "operations/roster.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        form, roster = resolve_roster(request)
        context: dict[str, Any] = {"form": form, "roster": roster}
        status = 200
        if roster is None:
            status = 400 if request.GET else 200  # a first visit: choose a commune
        else:
            day, shift, on_duty = _on_duty(request, roster.commune.pk)
            context.update(
                {
                    "now_day": day,
                    "now_shift": rules.shift_label(shift),
                    "on_duty": on_duty,
                    "query": roster_query(roster),
                    "can_plan": permissions.can_plan_roster(request.user, roster.commune),
                    "shift_labels": [rules.shift_label(s) for s in rules.SHIFTS],
                }
            )
        context["plan_url"] = reverse("operations:roster_plan")
        return render(request, self.template_name, context, status=status)


def _refused(request: HttpRequest, form: RosterQueryForm) -> HttpResponse:
    """Back to the roster page, where the form says what to correct."""
    messages.error(request, _("Nothing printed: correct the roster's parameters first."))
    return HttpResponseRedirect(f"{reverse('operations:roster')}?{request.GET.urlencode()}")


def _log(request: HttpRequest, roster: services.Roster, fmt: str) -> None:
    audit.log_export(
        actor=request.user,
        model=DutyAssignment,
        count=sum(len(cell.bookings) for cell in roster.cells),
        fmt=fmt,
        filters={"roster": roster_query(roster)},
        request=request,
    )


def _filename(roster: services.Roster, extension: str) -> str:
    return f"lich-truc-{roster.commune.code}-{roster.first:%Y%m%d}-{roster.last:%Y%m%d}.{extension}"


def pdf_context(roster: services.Roster) -> dict[str, Any]:
    """The roster as the Decree 30/2020 document: issued by the commune's Military Command,
    signed by its Commander in post on the day it is printed."""
    today = timezone.localdate()
    commune = roster.commune
    rows = []
    for day, cells, _flags in roster.days:
        for cell in cells:
            if cell.row is None:
                continue
            rows.append(
                {
                    "day": day,
                    "shift": VI_SHIFT[cell.shift],
                    "officers": [b.person.full_name for b in cell.officers],
                    "standby": [b.person.full_name for b in cell.standby],
                    "note": cell.row.note,
                }
            )
    place = commune.name.split(" ", 1)[-1] if " " in commune.name else commune.name
    return {
        "issuer_parent": f"Ủy ban nhân dân {commune.name}",
        "issuer": commune_command_name(commune.name),
        "place": place,
        "issued_on": today,
        "roster": roster,
        "rows": rows,
        "event": roster.event,
        "recipients": ["Bộ CHQS tỉnh (để báo cáo)", "Đảng ủy, UBND xã (để báo cáo)", "Lưu: VT"],
        "signer_title": "CHỈ HUY TRƯỞNG",
        "signer_name": querysets.commander_name(commune.pk, today),
        "signature_hint": True,
    }


class RosterPdfView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        form, roster = resolve_roster(request)
        if roster is None:
            return _refused(request, form)
        with translation.override("vi"):
            context = pdf_context(roster)
        pdf = render_pdf(PDF_TEMPLATE, context)
        _log(request, roster, "pdf")
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{_filename(roster, "pdf")}"'
        return response


def roster_sheet(roster: services.Roster) -> tuple[list[str], list[list[Any]]]:
    """Headers and rows of the roster's workbook: one row per person booked, one per shift
    with nobody, one per day without a shift (in the active language)."""
    headers = [
        _("day"),
        _("shift"),
        _("role"),
        _("full name"),
        _("post or unit"),
        _("note"),
        _("flags"),
    ]
    rows: list[list[Any]] = []
    roles = dict(DutyRole.choices)
    for day, cells, day_flags in roster.days:
        for flag in day_flags:
            rows.append([day, "", "", "", "", "", flag.message])
        for cell in cells:
            if cell.row is None:
                continue
            flags = " ".join(flag.message for flag in cell.flags)
            if not cell.bookings:
                rows.append([day, cell.label, "", "", "", cell.row.note, flags])
            for booking in cell.bookings:
                where = (
                    booking.staff_post.get_position_display()
                    if booking.staff_post is not None
                    else (booking.member.unit.name if booking.member is not None else "")
                )
                rows.append(
                    [
                        day,
                        cell.label,
                        str(roles.get(booking.role, booking.role)),
                        booking.person.full_name,
                        str(where),
                        cell.row.note,
                        flags,
                    ]
                )
    return headers, rows


class RosterXlsxView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        form, roster = resolve_roster(request)
        if roster is None:
            return _refused(request, form)
        headers, rows = roster_sheet(roster)
        _log(request, roster, "xlsx")
        response = HttpResponse(workbook_bytes(headers, iter(rows)), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{_filename(roster, "xlsx")}"'
        return response


class PlanRosterView(LoginRequiredMixin, View):
    """Create the empty shifts of a range (or of an event's period) at once."""

    template_name = "operations/roster_plan.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not permissions.can_plan_roster(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        form = PlanRosterForm(user=request.user, initial=dict(request.GET.items()))
        return render(request, self.template_name, {"form": form})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = PlanRosterForm(request.POST, user=request.user)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        data = form.cleaned_data
        try:
            made = services.do_plan_roster(
                actor=request.user,
                commune=data["commune"],
                first_day=data.get("first_day"),
                last_day=data.get("last_day"),
                shifts=data["shifts"],
                event=data.get("event"),
            )
        except ValidationError as exc:
            add_service_error(form, exc)
            return render(request, self.template_name, {"form": form}, status=400)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
            return render(request, self.template_name, {"form": form}, status=403)
        messages.success(request, _("%(n)s shifts planned.") % {"n": len(made)})
        event = data.get("event")
        first = data.get("first_day") or (event.starts_on if event else None)
        last = data.get("last_day") or (event.ends_on if event else None)
        params = {"commune": data["commune"].code}
        if first and last:
            params.update({"from": first.isoformat(), "until": last.isoformat()})
        if event is not None:
            params["event"] = event.pk
        return HttpResponseRedirect(f"{reverse('operations:roster')}?{urlencode(params)}")


__all__ = ["DutyShift", "PlanRosterView", "RosterPdfView", "RosterView", "RosterXlsxView"]
