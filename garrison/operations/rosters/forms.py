"""Forms of the duty roster pages: a shift, a booking and taking someone off, planning a range,
and the roster's own query (commune, event, from, until)."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from garrison.core.forms import ScopedModelForm
from garrison.core.widgets import use_pickers
from garrison.territory.models import Commune

from . import querysets, rules
from .models import DutyRole, DutyShift, Shift

DATE = {"placeholder": _("dd/mm/yyyy")}


def _date(label, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, widget=forms.DateInput(attrs=DATE), **kwargs)


def _events(user: Any):
    from garrison.operations.models import ReadinessEvent

    return ReadinessEvent.objects.visible_to(user).order_by("-starts_on", "-pk")


class DutyShiftForm(ScopedModelForm):
    class Meta:
        model = DutyShift
        fields = ["commune", "event", "day", "shift", "note"]
        widgets = {"day": forms.DateInput(attrs=DATE)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = _events(self.user)
        if self.instance.pk:
            self.fields.pop("commune")

    def clean(self):
        data = super().clean()
        event, day = data.get("event"), data.get("day")
        commune = data.get("commune") or (self.instance.commune if self.instance.pk else None)
        concerned = querysets.duty_strengths(commune.pk, {event.pk}) if event and commune else {}
        if event is not None and commune is not None and event.pk not in concerned:
            self.add_error("event", rules.event_not_concerned(event.name, commune.name))
        if event is not None and day is not None and not event.starts_on <= day <= event.ends_on:
            self.add_error(
                "day",
                _("%(day)s is outside the event's period (%(first)s to %(last)s).")
                % {
                    "day": rules.dmy(day),
                    "first": rules.dmy(event.starts_on),
                    "last": rules.dmy(event.ends_on),
                },
            )
        return data


class BookForm(forms.Form):
    """Who to book on the shift: a duty officer among the holders of the commune command's
    posts on the day, or militia members on standby among the commune's members serving on the
    day (both short lists of one commune: ticked, not searched)."""

    role = forms.ChoiceField(label=_("role"), choices=DutyRole.choices)
    staff_post = forms.TypedChoiceField(
        label=_("command duty officer"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("A holder of a post of the commune's command on the day."),
    )
    members = forms.ModelMultipleChoiceField(
        label=_("militia members on standby"),
        queryset=DutyShift.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Members of the commune's militia serving on the day."),
    )

    def __init__(self, *args, shift: DutyShift | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.shift = shift
        self.posts: dict[int, Any] = {}
        if shift is None:
            return
        self.posts = {p.pk: p for p in querysets.command_posts(shift.commune_id, shift.day)}
        self.fields["staff_post"].choices = [
            ("", "---------"),
            *(
                (pk, f"{p.person.full_name} — {p.get_position_display()}")
                for pk, p in self.posts.items()
            ),
        ]
        members = self.fields["members"]
        members.queryset = querysets.serving_members(shift.commune_id, shift.day)
        members.label_from_instance = lambda m: f"{m.person.full_name} — {m.unit.name}"

    def clean(self):
        data = super().clean()
        role = data.get("role")
        data["staff_post"] = self.posts.get(data.get("staff_post"))
        if role == DutyRole.COMMAND_DUTY_OFFICER and not data["staff_post"]:
            self.add_error("staff_post", _("Choose the command duty officer."))
        if role == DutyRole.MILITIA_STANDBY and not data.get("members"):
            self.add_error("members", _("Choose at least one militia member on standby."))
        return data


class UnbookForm(forms.Form):
    booking = forms.ModelChoiceField(
        label=_("take off the shift"), queryset=DutyShift.objects.none()
    )

    def __init__(self, *args, shift: DutyShift | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if shift is not None:
            field = self.fields["booking"]
            field.queryset = querysets.shift_bookings(shift)
            field.label_from_instance = lambda b: f"{b.person.full_name} — {b.get_role_display()}"
            field.widget = forms.RadioSelect(choices=field.choices)


def _communes(user: Any):
    return Commune.objects.visible_to(user).order_by("name")


class RosterQueryForm(forms.Form):
    """The roster's parameters: `?commune=<code>&event=<id>&from=<date>&until=<date>`. A commune
    user's commune is theirs; an event alone gives its period; without either, this week."""

    commune = forms.ModelChoiceField(
        label=_("commune"), queryset=Commune.objects.none(), to_field_name="code", required=False
    )
    event = forms.ModelChoiceField(
        label=_("readiness event"), queryset=DutyShift.objects.none(), required=False
    )

    def __init__(self, *args, user: Any = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from"] = _date(_("from"), required=False)
        self.fields["until"] = _date(_("until"), required=False)
        self.fields["commune"].queryset = _communes(user)
        self.fields["event"].queryset = _events(user)
        use_pickers(self)
        self.only_commune = None
        communes = list(self.fields["commune"].queryset[:2])
        if len(communes) == 1:
            self.only_commune = communes[0]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        commune = data.get("commune") or self.only_commune
        if commune is None:
            raise forms.ValidationError(
                _("Choose the commune whose roster to show."), code="no_commune"
            )
        data["commune"] = commune
        event = data.get("event")
        first, last = data.get("from"), data.get("until")
        if event is not None:
            first = first or event.starts_on
            last = last or event.ends_on
        if first is None and last is None:
            today = timezone.localdate()
            first, last = today, today + datetime.timedelta(days=6)
        first = first or last
        last = last or first
        refusal = rules.range_refusal(first, last)
        if refusal:
            self.add_error("until", refusal)
        data["first"], data["last"] = first, last
        return data


class PlanRosterForm(forms.Form):
    """Create the empty shifts of a range (or of an event's period) at once."""

    commune = forms.ModelChoiceField(label=_("commune"), queryset=Commune.objects.none())
    event = forms.ModelChoiceField(
        label=_("readiness event"),
        queryset=DutyShift.objects.none(),
        required=False,
        help_text=_("Its period is planned when the days are left empty."),
    )
    shifts = forms.MultipleChoiceField(
        label=_("shifts"),
        choices=Shift.choices,
        initial=list(rules.SHIFTS),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user: Any = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_day"] = _date(_("first day"), required=False)
        self.fields["last_day"] = _date(_("last day"), required=False)
        self.fields["commune"].queryset = _communes(user)
        self.fields["event"].queryset = _events(user)
        use_pickers(self)
        communes = list(self.fields["commune"].queryset[:2])
        if len(communes) == 1 and not self.is_bound:
            self.initial["commune"] = communes[0].pk

    def clean(self):
        data = super().clean()
        if not data.get("event") and not (data.get("first_day") and data.get("last_day")):
            raise forms.ValidationError(
                _("Give the first and the last day, or choose an event to plan its period.")
            )
        return data
