"""Forms of the readiness pages: the event (draft), the commune's plan, and the small forms of
the actions (declare, close, submit, return with a reason, approve)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from garrison.commands.models import Assignment
from garrison.core.forms import ScopedModelForm
from garrison.forces.models import MilitiaMember, MilitiaUnit

from . import rules
from .models import EventReach, ReadinessEvent, ReadinessPlan
from .services import document_errors

DATE = {"placeholder": _("dd/mm/yyyy")}


class EventForm(ScopedModelForm):
    class Meta:
        model = ReadinessEvent
        fields = [
            "name",
            "kind",
            "starts_on",
            "ends_on",
            "level",
            "reach",
            "chosen_communes",
            "plan_due_on",
            "patrols_per_week",
            "duty_strength",
            "instructions",
            "previous",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs=DATE),
            "ends_on": forms.DateInput(attrs=DATE),
            "plan_due_on": forms.DateInput(attrs=DATE),
            "instructions": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        previous = self.fields["previous"]
        previous.queryset = previous.queryset.exclude(status=ReadinessEvent.Status.DRAFT)
        if self.instance.pk:
            previous.queryset = previous.queryset.exclude(pk=self.instance.pk)

    def clean(self):
        data = super().clean()
        if data.get("reach") == EventReach.CHOSEN and not data.get("chosen_communes"):
            self.add_error(
                "chosen_communes",
                _("Choose the communes the event reaches, or choose another reach."),
            )
        return data


class StandbyFields(ScopedModelForm):
    """The plan's standby choices, each limited to the plan's commune (its units, its serving
    militia members, the current staff of its command)."""

    def _limit_standby(self, commune_id) -> None:
        today = timezone.localdate()
        fields = self.fields
        fields["standby_units"].queryset = MilitiaUnit.objects.visible_to(self.user).filter(
            commune_id=commune_id
        )
        fields["standby_members"].queryset = (
            MilitiaMember.objects.visible_to(self.user)
            .filter(commune_id=commune_id, status__in=MilitiaMember.OPEN_STATUSES)
            .select_related("person")
        )
        fields["standby_staff"].queryset = (
            Assignment.objects.visible_to(self.user)
            .current(today)
            .filter(commune_id=commune_id)
            .select_related("person", "command")
        )
        for name in ("standby_units", "standby_members", "standby_staff"):
            widget = fields[name].widget
            if hasattr(widget, "choices"):
                widget.choices = fields[name].choices

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        errors = document_errors(upload) if upload and hasattr(upload, "read") else []
        if errors:
            raise forms.ValidationError(errors)
        return upload


PLAN_FIELDS = [
    "standby_units",
    "standby_members",
    "standby_staff",
    "key_places",
    "contacts",
    "content",
    "document",
]
PLAN_WIDGETS = {
    "key_places": forms.Textarea(attrs={"rows": 4}),
    "contacts": forms.Textarea(attrs={"rows": 3}),
    "content": forms.Textarea(attrs={"rows": 8}),
    "document": forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.jpg,.jpeg,.png"}),
}
DOCUMENT_HELP = _("The signed plan: PDF, Word (.docx), JPEG or PNG; at most %(mb)d MB.") % {
    "mb": rules.MAX_DOCUMENT_BYTES // (1024 * 1024)
}


class PlanForm(StandbyFields):
    """The commune edits its draft or returned plan."""

    class Meta:
        model = ReadinessPlan
        fields = PLAN_FIELDS
        widgets = PLAN_WIDGETS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].help_text = DOCUMENT_HELP
        self._limit_standby(self.instance.commune_id)


class NewPlanForm(StandbyFields):
    """The commune files its plan for an event that reaches it, possibly starting from its plan
    for the previous similar event."""

    start_from_previous = forms.BooleanField(
        label=_("Start from the previous plan"),
        required=False,
        help_text=_(
            "Copy the texts and the forces on standby of your plan for the previous similar "
            "event (members no longer serving are left out)."
        ),
    )

    class Meta:
        model = ReadinessPlan
        fields = ["event", *PLAN_FIELDS]
        widgets = PLAN_WIDGETS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].help_text = DOCUMENT_HELP
        event = self.fields["event"]
        event.queryset = (
            ReadinessEvent.objects.visible_to(self.user)
            .declared()
            .filter(targets__commune_id=self.instance.commune_id)
            .order_by("-starts_on")
        )
        event.widget.choices = event.choices
        self._limit_standby(self.instance.commune_id)


class DeclareForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Declare the event to the communes it reaches now"),
        help_text=_(
            "Each commune reached sees it at once with what it must do; the event can then no "
            "longer be edited, only closed."
        ),
    )


class CloseForm(forms.Form):
    confirm = forms.BooleanField(label=_("The event is over: close it"))


class SubmitPlanForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Submit the plan to the province"),
        help_text=_("Once submitted, the plan can no longer be edited unless it is returned."),
    )


class ReturnPlanForm(forms.Form):
    reason = forms.CharField(
        label=_("reason for return"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("What the commune must correct."),
    )


class ApprovePlanForm(forms.Form):
    confirm = forms.BooleanField(label=_("Approve this plan"))
