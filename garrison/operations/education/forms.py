"""Forms of the education pages: a session, a cadre of a group, and the session's actions
(record attendance, remove it). People are chosen with the search picker (`core.widgets`);
counts are typed the Vietnamese or the English way ("1.200" reads 1200, `core.numbers`)."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from garrison.core.forms import ScopedModelForm
from garrison.core.widgets import use_pickers
from garrison.people.models import Person

from . import rules
from .models import AudienceMember, EducationSession

DATE = {"placeholder": _("dd/mm/yyyy")}


class SessionForm(ScopedModelForm):
    class Meta:
        model = EducationSession
        fields = [
            "commune",
            "audience",
            "topic",
            "starts_on",
            "ends_on",
            "place",
            "teacher",
            "attendance_count",
            "note",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs=DATE),
            "ends_on": forms.DateInput(attrs=DATE),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields.pop("commune")
        self.fields["attendance_count"].help_text = _(
            "For a mass session, the number of people who attended (e.g. 1.200). With people "
            "also named, the count is the whole attendance and may not be below those named."
        )


class AudienceMemberForm(ScopedModelForm):
    class Meta:
        model = AudienceMember
        fields = ["commune", "person", "audience", "position", "since", "until"]
        widgets = {
            "since": forms.DateInput(attrs=DATE),
            "until": forms.DateInput(attrs=DATE),
        }

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if rules.ends_before_starts(since, until):
            self.add_error(
                "until",
                _(
                    "The cadre would leave the group before joining it: give a day on or "
                    "after %(since)s."
                )
                % {"since": since.strftime("%d/%m/%Y")},
            )
        return data


def attendance_candidates(user, session):
    """The people a session's attendance may name: those the user sees who live in the session's
    commune or are counted among its cadres (the service checks again)."""
    cadres = AudienceMember.objects.filter(commune_id=session.commune_id).values("person_id")
    return Person.objects.visible_to(user).filter(
        Q(residence_commune_id=session.commune_id) | Q(pk__in=cadres)
    )


class AttendanceForm(forms.Form):
    persons = forms.ModelMultipleChoiceField(
        label=_("people who attended"), queryset=Person.objects.none()
    )

    def __init__(self, *args, session=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if session is not None:
            self.fields["persons"].queryset = attendance_candidates(user, session)
        self.fields["persons"].help_text = _(
            "Search the person register by name or citizen ID; choose as many as attended. "
            "Someone already recorded is left as they are."
        )
        use_pickers(self)


class RemoveAttendanceForm(forms.Form):
    persons = forms.ModelMultipleChoiceField(
        label=_("people to remove"), queryset=Person.objects.none()
    )

    def __init__(self, *args, session=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if session is not None:
            self.fields["persons"].queryset = Person.objects.filter(
                education_attendances__session=session
            )
        use_pickers(self)
