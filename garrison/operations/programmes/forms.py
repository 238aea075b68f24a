"""Forms of the programme pages: a programme (its partners a box each), the help given (the aid
register's add and edit page, and the programme's "Add help given" action). Amounts are typed the
Vietnamese way ("1.200.000" is 1,200,000 VND; "0,5" is refused: VND are whole) through
`core.numbers`; the person helped is a search (`core.widgets`) of the user's people."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from garrison.core import numbers
from garrison.core.forms import ScopedModelForm
from garrison.core.scoping import scope_of
from garrison.people.models import Person

from .models import PARTNER_FIELDS, AidKind, MassProgramme, ProgrammeAid

DATE = {"placeholder": _("dd/mm/yyyy")}


def _people(user):
    """The people the user may record help to: those living in the user's commune."""
    scope = scope_of(user)
    people = Person.objects.visible_to(user)
    if scope is not None and scope.is_commune:
        people = people.filter(residence_commune_id=scope.commune_id)
    return people


class ProgrammeForm(ScopedModelForm):
    """A programme: the province's when a province's staff create it, the commune's own when a
    commune's command does (the service sets which)."""

    class Meta:
        model = MassProgramme
        fields = [
            "name",
            "starts_on",
            "ends_on",
            *PARTNER_FIELDS.values(),
            "budget_vnd",
            "description",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs=DATE),
            "ends_on": forms.DateInput(attrs=DATE),
            "description": forms.Textarea(attrs={"rows": 3}),
        }


class AidForm(ScopedModelForm):
    """Help given (the aid register's add and edit pages, and its import)."""

    class Meta:
        model = ProgrammeAid
        fields = ["programme", "person", "kind", "quantity", "value_vnd", "given_on", "note"]
        widgets = {"given_on": forms.DateInput(attrs=DATE)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "person" in self.fields:
            self.fields["person"].queryset = _people(self.user)
        self.fields["value_vnd"].help_text = _("In VND, e.g. 1.200.000.")


class GiveAidForm(forms.Form):
    """The programme page's "Add help given"."""

    person = forms.ModelChoiceField(
        label=_("person or family helped"),
        queryset=Person.objects.none(),
        help_text=_("For a family, its head."),
    )
    kind = forms.ChoiceField(label=_("what was given"), choices=AidKind.choices)
    quantity = numbers.IntegerField(
        label=_("quantity"),
        min_value=1,
        initial=1,
        help_text=_("Gifts, work days or houses; 1 for money."),
    )
    value_vnd = numbers.IntegerField(
        label=_("value (VND)"), min_value=0, help_text=_("In VND, e.g. 1.200.000.")
    )
    given_on = forms.DateField(label=_("given on"), widget=forms.DateInput(attrs=DATE))
    note = forms.CharField(label=_("note"), max_length=300, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = _people(user)
