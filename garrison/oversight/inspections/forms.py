"""Forms of the inspection pages: the plan, a checklist's point (on a draft version only), the
inspection (communes inspected, team users and re-checked findings as searched pickers), the
checklist of one inspected commune (a line per point), a finding, a corrective action, and the
small forms of the action's life cycle (answer, verify, return) and of closing a finding."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from garrison.accounts.models import User
from garrison.core import numbers
from garrison.core.forms import ConfirmForm, ScopedModelForm
from garrison.core.scoping import scope_of
from garrison.core.widgets import use_pickers
from garrison.territory.models import Commune

from . import services
from .models import (
    Area,
    ChecklistItem,
    ChecklistResult,
    ChecklistVersion,
    Finding,
    FindingSeverity,
    FindingState,
    Inspection,
    InspectionPlan,
)

DAY = {"placeholder": _("dd/mm/yyyy")}
TEXT = {"rows": 3}


def _day() -> forms.DateInput:
    return forms.DateInput(attrs=DAY)


class InspectionPlanForm(ScopedModelForm):
    """The province's plan of a year: the user's own province (a nation user picks it)."""

    class Meta:
        model = InspectionPlan
        fields = ["province", "year", "title", "decision", "approved_on", "notes"]
        widgets = {"approved_on": _day(), "notes": forms.Textarea(attrs=TEXT)}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scope = scope_of(self.user)
        if self.instance.pk or (scope is not None and scope.province_id is not None):
            self.fields.pop("province")  # the user's own (see the config's new_instance)
        else:
            self.fields["province"].queryset = self.fields["province"].queryset.order_by("code")


# --- checklists ----------------------------------------------------------------------------------
class ChecklistItemForm(ScopedModelForm):
    """A point added to a draft version of a checklist."""

    order = numbers.IntegerField(
        label=_("order"),
        required=False,
        min_value=0,
        max_value=32767,
        help_text=_("Empty: after the last point."),
    )

    class Meta:
        model = ChecklistItem
        fields = ["checklist_version", "order", "area", "text"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields.get("checklist_version")
        if field is not None:
            field.queryset = ChecklistVersion.objects.editable_by(self.user).filter(
                published_at__isnull=True
            )
            field.help_text = _("A draft version: a published one never changes.")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        version = data.get("checklist_version")
        if version is None and self.instance.checklist_version_id:
            version = self.instance.checklist_version
        try:
            services.check_item_version(version)
        except forms.ValidationError as exc:
            self.add_error(None, exc.message_dict["checklist_version"])
            return data
        if data.get("order") is None and version is not None:
            data["order"] = services.next_item_order(version)
        return data


class ChecklistItemEditForm(ChecklistItemForm):
    """A point of a draft version, changed in place (its version stays)."""

    class Meta(ChecklistItemForm.Meta):
        fields = ["order", "area", "text"]


class PublishChecklistForm(ConfirmForm):
    """Publishing a draft version: what stops it is shown at once."""

    confirm = forms.BooleanField(
        label=_("Publish this version now"),
        help_text=_(
            "Inspections may then follow it; it can never change again (a change needs a new "
            "version). Inspections made on an earlier version keep it."
        ),
    )


class NewChecklistVersionForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Open a new version"),
        help_text=_("It starts as a copy of the latest version's points."),
    )


# --- inspections ----------------------------------------------------------------------------------
class InspectionForm(ScopedModelForm):
    """An inspection: the communes it inspects, its team (the province's users and named
    outsiders), the published checklist it follows and the open findings it re-checks."""

    communes = forms.ModelMultipleChoiceField(
        label=_("communes inspected"),
        queryset=Commune.objects.none(),
        help_text=_("Type a commune's name to find it; choose one or several."),
    )

    #: the re-checked findings' search offers the open ones only
    picker_filters = {
        "rechecks": {"state": FindingState.OPEN},
        "team": {"is_active": "true"},
    }

    class Meta:
        model = Inspection
        fields = [
            "plan",
            "kind",
            "title",
            "decision",
            "starts_on",
            "ends_on",
            "state",
            "checklist_version",
            "communes",
            "team",
            "outside_members",
            "lead",
            "rechecks",
            "conclusion",
        ]
        widgets = {
            "starts_on": _day(),
            "ends_on": _day(),
            "outside_members": forms.Textarea(attrs=TEXT),
            "conclusion": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["communes"].queryset = Commune.objects.visible_to(self.user).order_by("name")
        self.fields["team"].queryset = User.objects.visible_to(self.user).filter(is_active=True)
        self.fields["rechecks"].queryset = Finding.objects.visible_to(self.user).select_related(
            "commune"
        )
        self.fields["rechecks"].help_text = _(
            "For a re-inspection: the open findings of the communes inspected that it checks."
        )
        self.fields["plan"].queryset = InspectionPlan.objects.visible_to(self.user).order_by(
            "-year"
        )
        self.fields["checklist_version"].queryset = (
            ChecklistVersion.objects.visible_to(self.user)
            .filter(published_at__isnull=False)
            .select_related("template")
        )
        if self.instance.pk and not self.is_bound:
            self.initial["communes"] = list(
                self.instance.targets.values_list("commune_id", flat=True)
            )
        use_pickers(self)


# --- the checklist of one commune ---------------------------------------------------------------
def target_choices(inspection: Inspection) -> list[tuple[int, str]]:
    return [
        (t.commune_id, t.commune.name)
        for t in inspection.targets.select_related("commune").order_by("commune__name")
    ]


class TargetCommuneField(forms.TypedChoiceField):
    """One of the communes an inspection inspects (a few: a plain select), as a Commune."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, coerce=int, **kwargs)


def _target_commune(inspection: Inspection | None, commune_id: Any) -> Any:
    if inspection is None or commune_id in (None, ""):
        return None
    target = inspection.targets.select_related("commune").filter(commune_id=commune_id).first()
    return target.commune if target else None


class TargetForm(forms.Form):
    """A form about one of the inspection's communes (`inspection` given by the page)."""

    commune = TargetCommuneField(label=_("commune"))

    def __init__(self, *args: Any, inspection: Inspection | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.inspection = inspection
        self.fields["commune"].choices = [("", "---------"), *self._choices()]

    def _choices(self) -> list[tuple[int, str]]:
        return target_choices(self.inspection) if self.inspection and self.inspection.pk else []

    def clean_commune(self) -> Any:
        commune = _target_commune(self.inspection, self.cleaned_data.get("commune"))
        if commune is None:
            raise forms.ValidationError(_("Choose one of the communes this inspection inspects."))
        return commune


class ChecklistAnswersForm(TargetForm):
    """The checklist of one inspected commune: a result and a note for each point of the
    inspection's version (the answers already recorded for the commune filled in)."""

    def __init__(self, *args: Any, commune_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items: list[ChecklistItem] = []
        inspection = self.inspection
        if inspection is None or inspection.checklist_version_id is None:
            return
        self.items = list(inspection.checklist_version.items.all())
        recorded = {}
        if commune_id is not None and not self.is_bound:
            self.initial["commune"] = commune_id
            recorded = {a.item_id: a for a in inspection.answers.filter(commune_id=commune_id)}
        for item in self.items:
            self.fields[f"result_{item.pk}"] = forms.ChoiceField(
                label=item.text,
                choices=[("", "---------"), *ChecklistResult.choices],
                initial=recorded[item.pk].result if item.pk in recorded else None,
            )
            self.fields[f"note_{item.pk}"] = forms.CharField(
                label=_("note"),
                required=False,
                max_length=1000,
                initial=recorded[item.pk].note if item.pk in recorded else "",
            )

    def lines(self) -> list[dict[str, Any]]:
        """One line per point: the point, its result field and its note field."""
        return [
            {"item": item, "result": self[f"result_{item.pk}"], "note": self[f"note_{item.pk}"]}
            for item in self.items
        ]


def checklist_answers(data: dict[str, Any]) -> dict[int, tuple[str, str]]:
    """{item id: (result, note)} of a valid `ChecklistAnswersForm`'s cleaned data."""
    answers = {}
    for name, value in data.items():
        if name.startswith("result_"):
            item_id = name.removeprefix("result_")
            answers[int(item_id)] = (value, data.get(f"note_{item_id}") or "")
    return answers


class RecordFindingForm(TargetForm):
    severity = forms.ChoiceField(label=_("severity"), choices=FindingSeverity.choices)
    area = forms.ChoiceField(label=_("area"), choices=Area.choices)
    description = forms.CharField(label=_("description"), widget=forms.Textarea(attrs=TEXT))
    evidence = forms.CharField(
        label=_("evidence"),
        required=False,
        widget=forms.Textarea(attrs=TEXT),
        help_text=_("What the finding rests on: documents seen, records, places visited."),
    )
    found_on = forms.DateField(label=_("found on"), widget=_day())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = self._choices()
        if len(choices) == 1 and not self.is_bound:
            self.initial["commune"] = choices[0][0]
        for name in ("severity", "area"):
            field = self.fields[name]
            field.choices = [("", "---------"), *field.choices]


class AddActionForm(forms.Form):
    description = forms.CharField(
        label=_("action required"),
        widget=forms.Textarea(attrs=TEXT),
        help_text=_("The finding's commune carries it out and answers it with its evidence."),
    )
    due_on = forms.DateField(label=_("due on"), widget=_day())


class CloseFindingForm(forms.Form):
    reason = forms.CharField(
        label=_("reason for closing"),
        widget=forms.Textarea(attrs=TEXT),
        help_text=_("E.g. corrected during the inspection, or no longer relevant."),
    )


class AnswerActionForm(forms.Form):
    answer = forms.CharField(label=_("what was done"), widget=forms.Textarea(attrs=TEXT))
    completion_evidence = forms.CharField(
        label=_("evidence of completion"),
        widget=forms.Textarea(attrs=TEXT),
        help_text=_("A document's number and date, a record, photos kept at the command."),
    )


class VerifyActionForm(forms.Form):
    note = forms.CharField(
        label=_("inspector's note"), required=False, widget=forms.Textarea(attrs=TEXT)
    )


class ReturnActionForm(forms.Form):
    reason = forms.CharField(
        label=_("what the commune must still do"), widget=forms.Textarea(attrs=TEXT)
    )
