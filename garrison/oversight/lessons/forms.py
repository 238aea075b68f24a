"""Forms of the lessons pages: a lesson or effective model (the commune it came from and the
review, inspection or incident it was drawn from are search pickers of the user's area; the
service checks they are of the lesson's province), "Record a replication" on a model's page
(the commune that took it up, since when, with what result), and the replication's own edit page
(its result later)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from garrison.core.forms import ScopedModelForm
from garrison.territory.models import Commune

from .models import Lesson, Replication, ReplicationResult

DATE = {"placeholder": _("dd/mm/yyyy")}


class LessonForm(ScopedModelForm):
    """A lesson or model of the user's province (the service sets the province)."""

    class Meta:
        model = Lesson
        fields = [
            "kind",
            "title",
            "topic",
            "tags",
            "for_border",
            "for_mountain",
            "for_island",
            "for_urban",
            "body",
            "origin_commune",
            "review",
            "inspection",
            "incident",
            "recorded_on",
        ]
        widgets = {
            "recorded_on": forms.DateInput(attrs=DATE),
            "body": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "tags": _("Words separated by commas, e.g. dân quân, đường biên."),
            "origin_commune": _("Empty for a lesson of the whole province."),
            "review": _("The review, inspection or incident it was drawn from, if any."),
        }


class RecordReplicationForm(forms.Form):
    """A model's "Record a replication": the commune that took it up (a search of the user's
    communes), since when, and with what result so far."""

    commune = forms.ModelChoiceField(
        label=_("commune"), queryset=Commune.objects.none(), to_field_name="code"
    )
    started_on = forms.DateField(label=_("taken up on"), widget=forms.DateInput(attrs=DATE))
    result = forms.ChoiceField(
        label=_("result"), choices=ReplicationResult.choices, initial=ReplicationResult.UNDER_WAY
    )
    result_note = forms.CharField(
        label=_("what came of it"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = Commune.objects.visible_to(user).order_by("name")


class ReplicationForm(ScopedModelForm):
    """A replication's edit page: since when, and its result as it turns out."""

    class Meta:
        model = Replication
        fields = ["started_on", "result", "result_note"]
        widgets = {
            "started_on": forms.DateInput(attrs=DATE),
            "result_note": forms.Textarea(attrs={"rows": 3}),
        }
