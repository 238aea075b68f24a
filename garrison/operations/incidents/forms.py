"""Forms of the incident pages: the incident itself (opening and editing), and the actions on it
(a timeline line, mobilising from the registers, standing down, a situation report, closing).
Numbers go through `core.numbers` (GPS typed "21,38612" reads 21.38612); the choices of people
and means are searches (`core.widgets`) limited to the incident's commune."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from garrison.core import numbers
from garrison.core.forms import ScopedModelForm
from garrison.forces.models import MilitiaMember, Reservist, TechnicalMeans
from garrison.operations.evacuation import rules as evacuation_rules

from .models import Incident

WHEN = {"placeholder": _("dd/mm/yyyy hh:mm")}


def _when(label, *, required: bool = False, help_text=None) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        widget=forms.DateTimeInput(attrs=WHEN),
        help_text=help_text if help_text is not None else _("Empty: now."),
    )


def _text(label, *, required: bool = True, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows})
    )


def _count(label) -> forms.IntegerField:
    return numbers.IntegerField(label=label, min_value=0, initial=0)


class IncidentForm(ScopedModelForm):
    """Opening (with the commune) and editing (without) an incident."""

    #: its search offers only the evacuation areas among the defence works
    picker_filters = {"evacuation_area": {"kind": "evacuation_area"}}

    households_evacuated = numbers.IntegerField(
        label=_("households evacuated"), min_value=0, required=False, help_text=_("Empty: none.")
    )

    class Meta:
        model = Incident
        fields = [
            "commune",
            "event",
            "kind",
            "title",
            "occurred_at",
            "severity",
            "village",
            "place",
            "latitude",
            "longitude",
            "description",
            "households_evacuated",
            "evacuation_area",
            "damage",
            "damage_vnd",
        ]
        widgets = {
            "occurred_at": forms.DateTimeInput(attrs=WHEN),
            "description": forms.Textarea(attrs={"rows": 3}),
            "damage": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields.pop("commune")
        area = self.fields["evacuation_area"]
        area.queryset = area.queryset.filter(kind="evacuation_area")
        self.fields["severity"].help_text = _(
            "Sets how often the commune reports: critical every 3 hours, severe every 6, "
            "moderate every 12, minor every 24."
        )

    def clean_households_evacuated(self):
        return self.cleaned_data.get("households_evacuated") or 0

    def clean(self):
        data = super().clean()
        area = data.get("evacuation_area")
        commune = data.get("commune") or (self.instance.commune if self.instance.pk else None)
        if area is not None and commune is not None:
            problem = evacuation_rules.area_refusal(
                is_evacuation_area=area.kind == "evacuation_area",
                same_commune=area.commune_id == commune.pk,
                area=str(area),
                commune=str(commune),
            )
            if problem:
                self.add_error("evacuation_area", problem)
        return data


class IncidentUpdateForm(forms.Form):
    text = _text(_("what happened"))
    at = _when(_("at"))


class MobiliseForm(forms.Form):
    """Members, reservists and means of the incident's commune, searched by name or number."""

    members = forms.ModelMultipleChoiceField(
        label=_("militia members"), queryset=MilitiaMember.objects.none(), required=False
    )
    reservists = forms.ModelMultipleChoiceField(
        label=_("reservists"), queryset=Reservist.objects.none(), required=False
    )
    means = forms.ModelMultipleChoiceField(
        label=_("technical means"), queryset=TechnicalMeans.objects.none(), required=False
    )
    from_at = _when(_("from"))
    task = forms.CharField(label=_("task"), max_length=200, required=False)

    def __init__(self, *args, incident=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if incident is None:
            return
        commune = incident.commune_id
        self.fields["members"].queryset = (
            MilitiaMember.objects.visible_to(user)
            .open()
            .filter(commune_id=commune)
            .select_related("person")
        )
        self.fields["reservists"].queryset = (
            Reservist.objects.visible_to(user)
            .registered()
            .filter(commune_id=commune)
            .select_related("person")
        )
        self.fields["means"].queryset = (
            TechnicalMeans.objects.visible_to(user).registered().filter(commune_id=commune)
        )

    def clean(self):
        data = super().clean()
        if not (data.get("members") or data.get("reservists") or data.get("means")):
            raise forms.ValidationError(
                _("Choose at least one militia member, reservist or technical means.")
            )
        return data


class StandDownForm(forms.Form):
    until_at = _when(_("until"))


class SituationReportForm(forms.Form):
    situation = _text(_("situation"), rows=5)
    people_evacuated = _count(_("people evacuated (now)"))
    deaths = _count(_("dead (in all)"))
    injured = _count(_("injured (in all)"))
    missing = _count(_("missing (now)"))
    needs = _text(_("support needed"), required=False)
    sent_at = _when(_("sent at"), help_text=_("Empty: now. A report sent by telephone earlier."))

    def __init__(self, *args, incident=None, **kwargs):
        super().__init__(*args, **kwargs)
        if incident is not None and not self.is_bound:
            for name in ("people_evacuated", "deaths", "injured", "missing"):
                self.initial[name] = getattr(incident, name)


class CloseIncidentForm(forms.Form):
    after_action = _text(
        _("after-action account"),
        rows=6,
    )
    lessons = _text(_("lessons learned"), rows=4)
    closed_at = _when(_("closed at"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["after_action"].help_text = _(
            "What happened, what was done (forces, means, evacuation), the results."
        )
