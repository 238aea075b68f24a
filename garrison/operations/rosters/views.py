"""The duty shifts' register (`operations:shift_*`, under duty/): a shift's page lists who is
booked, with the actions "book" (a command duty officer or militia members on standby) and
"unbook". The roster of a range, its PDF and workbook, and planning a range are in `pages.py`."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from garrison.core.registry import ApiSpec, Column, ModelConfig, ObjectAction, register

from . import permissions, querysets, rules, services
from .filters import DutyShiftFilterSet
from .forms import BookForm, DutyShiftForm, UnbookForm
from .models import DutyRole, DutyShift
from .schemas import ShiftDetailOut, ShiftIn, ShiftOut


def _book(request, shift, data) -> str:
    role = data["role"]
    with transaction.atomic():  # several members: all booked, or none (the refusal names who)
        if role == DutyRole.COMMAND_DUTY_OFFICER:
            booking = services.do_book_duty(
                actor=request.user, shift=shift, role=role, staff_post=data["staff_post"]
            )
            names = [booking.person.full_name]
        else:
            names = [
                services.do_book_duty(
                    actor=request.user, shift=shift, role=role, member=member
                ).person.full_name
                for member in data["members"]
            ]
    return ngettext(
        "%(names)s booked on %(when)s.", "%(names)s booked on %(when)s.", len(names)
    ) % {"names": ", ".join(names), "when": rules.when(shift.day, shift.shift)}


def _unbook(request, shift, data) -> str:
    booking = data["booking"]
    services.do_unbook_duty(actor=request.user, shift=shift, booking=booking)
    return gettext("%(name)s taken off %(when)s.") % {
        "name": booking.person.full_name,
        "when": rules.when(shift.day, shift.shift),
    }


def _may_book(shift, user) -> bool:
    return permissions.can_book_duty(user, shift)


@register
class DutyShiftConfig(ModelConfig):
    model = DutyShift
    name = "shift"
    namespace = "operations"
    nav_label = _("Duty roster")
    nav_group = "operations"
    nav_order = 20
    nav_url_name = "operations:roster"
    select_related = ["commune", "event"]
    list_columns = [
        Column("day", order_by="day", link=True),
        Column("shift", order_by="shift"),
        Column("commune", order_by="commune__name"),
        Column("event", order_by="event__starts_on"),
        Column("booked", label=_("booked"), accessor=lambda s: s.booked, order_by="booked"),
        Column("note"),
    ]
    default_ordering = ["-day", "shift", "commune__name"]
    search_fields = ["note__icontains"]
    filterset_class = DutyShiftFilterSet
    form_class = DutyShiftForm
    detail_template = "operations/shift_detail.html"
    detail_fields = ["commune", "event", "day", "shift", "note"]
    picker = False  # a shift is reached from the roster, never picked in a form
    api = ApiSpec(
        path="/operations/duty-shifts",
        id_param="shift_id",
        out=ShiftOut,
        detail_out=ShiftDetailOut,
        create_in=ShiftIn,
        summaries={
            "list": "List duty shifts",
            "get": "Get a duty shift with who is booked",
            "create": "Add a duty shift",
            "patch": "Change a duty shift",
            "delete": "Delete a duty shift (and its bookings)",
        },
    )
    actions = [
        ObjectAction(
            "book",
            _("Book"),
            BookForm,
            _book,
            icon="person-plus",
            available=_may_book,
            form_kwargs=lambda request, shift: {"shift": shift},
            help_text=_(
                "The command duty officer is chosen among the holders of the command's posts on "
                "the day; militia members on standby among the commune's members serving on the "
                "day. Someone already on duty at that time is refused."
            ),
            style="primary",
        ),
        ObjectAction(
            "unbook",
            _("Take off"),
            UnbookForm,
            _unbook,
            icon="person-dash",
            available=lambda shift, user: _may_book(shift, user) and shift.booked > 0,
            form_kwargs=lambda request, shift: {"shift": shift},
            style="outline-danger",
        ),
    ]

    @classmethod
    def base_queryset(cls):
        return super().base_queryset().annotate(booked=Count("assignments"))

    @classmethod
    def new_instance(cls, request):
        return DutyShift(day=timezone.localdate())

    @classmethod
    def detail_context(cls, request, obj):
        bookings = list(querysets.shift_bookings(obj))
        strength = 0
        if obj.event_id:
            strength = querysets.duty_strengths(obj.commune_id, {obj.event_id}).get(obj.event_id, 0)
        return {
            "bookings": bookings,
            "flags": rules.shift_flags(obj.day, obj.shift, len(bookings), strength),
            "strength": strength,
            "roster_query": f"commune={obj.commune.code}&from={obj.day:%Y-%m-%d}"
            f"&until={obj.day:%Y-%m-%d}",
        }
