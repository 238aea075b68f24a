"""Forms of the works pages: the work itself (adding and editing: capacity typed the Vietnamese
way, "1.200" people, "0,5" tonnes; GPS "21,38612"), an inspection, and the request for an
inspection after an incident. Villages, militia units and incidents are search pickers limited
to the user's area; the services check they are of the work's commune."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from garrison.core.forms import ScopedModelForm
from garrison.core.widgets import use_pickers
from garrison.operations.incidents.models import Incident

from . import rules, services
from .models import DefenceWork, WorkKind, WorkState

DAY = {"placeholder": _("dd/mm/yyyy")}


class DefenceWorkForm(ScopedModelForm):
    """Adding (with the commune) and editing (without) a work."""

    class Meta:
        model = DefenceWork
        fields = [
            "commune",
            "kind",
            "name",
            "village",
            "place",
            "latitude",
            "longitude",
            "capacity_people",
            "capacity_vehicles",
            "capacity_tonnes",
            "state",
            "responsible_unit",
            "built_on",
            "description",
        ]
        widgets = {
            "built_on": forms.DateInput(attrs=DAY),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "commune" in self.fields:
            self.fields.pop("commune")
        outside = _(
            "This point lies outside Viet Nam (latitude 8 to 24, longitude 102 to 118): check "
            "the coordinates, written with a decimal comma, e.g. 21,38612 and 103,01724."
        )
        for name in ("latitude", "longitude"):
            self.fields[name].error_messages.update(min_value=outside, max_value=outside)
        self.fields["capacity_people"].help_text = _(
            "People it takes: combat and rear bases, evacuation areas, clusters of combat "
            "villages, shelters, air-defence positions, observation posts. E.g. 1.200"
        )
        self.fields["capacity_tonnes"].help_text = _(
            "Tonnes it stores: depots, logistics-technical bases (or vehicles). E.g. 0,5"
        )
        self.fields["capacity_vehicles"].help_text = _(
            "Vehicles it takes: logistics-technical bases (or tonnes)."
        )

    def clean(self):
        """The capacity the kind needs and the GPS pair, checked here too so that an import's
        check reports them on its row (the service checks them again when it saves)."""
        data = super().clean()
        kind = data.get("kind")
        problems = services.gps_messages(data.get("latitude"), data.get("longitude"))
        if kind in WorkKind.values:
            problems.update(
                rules.check_capacity(
                    kind,
                    data.get("capacity_people"),
                    data.get("capacity_vehicles"),
                    data.get("capacity_tonnes"),
                    state=data.get("state") or "",
                    kind_label=str(WorkKind(kind).label),
                )
            )
        for name, message in problems.items():
            if name in self.fields and name not in self.errors:
                self.add_error(name, message)
        return data


def _incidents(user, work):
    if user is None or work is None:
        return Incident.objects.none()
    return (
        Incident.objects.visible_to(user)
        .filter(commune_id=work.commune_id)
        .order_by("-occurred_at")
    )


class InspectionForm(forms.Form):
    inspected_on = forms.DateField(label=_("inspected on"), widget=forms.DateInput(attrs=DAY))
    inspectors = forms.CharField(label=_("inspected by"), max_length=300)
    state_found = forms.ChoiceField(label=_("state found"), choices=WorkState.choices)
    findings = forms.CharField(label=_("findings"), widget=forms.Textarea(attrs={"rows": 4}))
    incident = forms.ModelChoiceField(
        label=_("after the incident"), queryset=Incident.objects.none(), required=False
    )
    document = forms.FileField(label=_("inspection record"), required=False)

    def __init__(self, *args, work=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["incident"].queryset = _incidents(user, work)
        if work is not None and not self.is_bound:
            self.initial["state_found"] = work.state
        use_pickers(self)


class RequestInspectionForm(forms.Form):
    incident = forms.ModelChoiceField(label=_("incident"), queryset=Incident.objects.none())
    due_on = forms.DateField(
        label=_("inspect by"),
        widget=forms.DateInput(attrs=DAY),
        help_text=_("The work's next inspection falls due then, if that is sooner."),
    )

    def __init__(self, *args, work=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["incident"].queryset = _incidents(user, work)
        use_pickers(self)
