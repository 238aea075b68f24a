"""Forms of the patrols pages: the registers (the commune police, its officers, coordination
plans and meetings, patrols) and the small forms of the actions (record a result, cancel)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from garrison.core.forms import ScopedModelForm
from garrison.forces.models import MilitiaMember
from garrison.operations.events.models import ReadinessEvent

from . import rules
from .models import CoordinationMeeting, CoordinationPlan, Patrol, PoliceOfficer, PoliceUnit

DATE = {"placeholder": _("dd/mm/yyyy")}
TIME = {"placeholder": _("hh:mm")}
ENDS_AT_HELP = _(
    "An end before the start means the next morning: 22:00 to 02:00 runs past midnight. The "
    "end cannot be the start."
)


#: interpolated when shown, in the reader's language (not once, when the module is imported)
DOCUMENT_HELP = lazy(
    lambda: (
        gettext("The signed plan: PDF, Word (.docx), JPEG or PNG; at most %(mb)d MB.")
        % {"mb": rules.MAX_DOCUMENT_BYTES // (1024 * 1024)}
    ),
    str,
)()


def _members(user, commune_id=None):
    qs = MilitiaMember.objects.visible_to(user).open().select_related("person", "unit")
    return qs.filter(commune_id=commune_id) if commune_id else qs


def _officers(user, commune_id=None):
    qs = PoliceOfficer.objects.visible_to(user).filter(is_active=True)
    return qs.filter(commune_id=commune_id) if commune_id else qs


def _member_label(member) -> str:
    return f"{member.person.full_name} — {member.unit.name}"


class PoliceUnitForm(ScopedModelForm):
    class Meta:
        model = PoliceUnit
        fields = ["commune", "name", "head_name", "phone"]


class PoliceOfficerForm(ScopedModelForm):
    class Meta:
        model = PoliceOfficer
        fields = ["police_unit", "full_name", "rank", "position", "phone", "is_active"]

    def clean(self):
        data = super().clean()
        unit = data.get("police_unit")
        if unit is not None:
            self.instance.commune_id = unit.commune_id
        return data


class CoordinationPlanForm(ScopedModelForm):
    class Meta:
        model = CoordinationPlan
        fields = ["commune", "title", "number", "signed_on", "valid_until", "content", "document"]
        widgets = {
            "signed_on": forms.DateInput(attrs=DATE),
            "valid_until": forms.DateInput(attrs=DATE),
            "document": forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.jpg,.jpeg,.png"}),
        }
        help_texts = {"document": DOCUMENT_HELP}

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        if not upload or not hasattr(upload, "size") or upload.name == self.initial.get("document"):
            return upload
        if getattr(upload, "_committed", False):  # the file already stored: kept as it is
            return upload
        head = upload.read(16)
        upload.seek(0)
        problem = rules.document_problem(upload.name, upload.size, head)
        messages = {
            "type": _("%(name)s is not a PDF, Word (.docx), JPEG or PNG file."),
            "empty": _("%(name)s is empty: choose the signed document."),
            "size": _("%(name)s is larger than %(mb)d MB: scan it at a lower resolution."),
            "content": _("%(name)s is not what its name says: save it again and upload it."),
        }
        if problem is not None:
            raise forms.ValidationError(
                messages[problem]
                % {"name": upload.name, "mb": rules.MAX_DOCUMENT_BYTES // (1024 * 1024)}
            )
        return upload

    def clean(self):
        data = super().clean()
        signed, until = data.get("signed_on"), data.get("valid_until")
        if signed and until and until < signed:
            self.add_error(
                "valid_until", _("The plan would expire before it is signed: choose a later day.")
            )
        return data


class CoordinationMeetingForm(ScopedModelForm):
    class Meta:
        model = CoordinationMeeting
        fields = ["commune", "plan", "event", "held_on", "attendees", "conclusions"]
        widgets = {"held_on": forms.DateInput(attrs=DATE)}

    def clean(self):
        data = super().clean()
        plan, commune = data.get("plan"), data.get("commune")
        if plan is not None and commune is not None and plan.commune_id != commune.pk:
            self.add_error("plan", _("Choose a coordination plan of this commune."))
        return data


class PatrolForm(ScopedModelForm):
    """Planning a patrol (or changing one still planned): when, where, who. The service checks
    the event, the people and the overlaps against the registers."""

    class Meta:
        model = Patrol
        fields = [
            "commune",
            "event",
            "day",
            "starts_at",
            "ends_at",
            "villages",
            "route",
            "members",
            "officers",
        ]
        widgets = {
            "day": forms.DateInput(attrs=DATE),
            "starts_at": forms.TimeInput(attrs=TIME, format="%H:%M"),
            "ends_at": forms.TimeInput(attrs=TIME, format="%H:%M"),
            "route": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "ends_at": ENDS_AT_HELP,
            "event": _(
                "A declared event that reaches the commune and whose period covers the day."
            ),
            "members": _("Serving militia members of the patrol's commune."),
            "officers": _("Officers of the same commune's police: a joint patrol."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.user
        self.fields["event"].queryset = ReadinessEvent.objects.visible_to(user).filter(
            status=ReadinessEvent.Status.DECLARED
        )
        commune_id = self.instance.commune_id if self.instance.pk else None
        self.fields["members"].queryset = _members(user, commune_id)
        self.fields["members"].label_from_instance = _member_label
        self.fields["officers"].queryset = _officers(user, commune_id)
        if not self.instance.pk:
            self.fields["day"].initial = timezone.localdate


class RecordPatrolForm(forms.Form):
    """What the patrol found, the follow-up, and who took part (those planned, ticked)."""

    findings = forms.CharField(
        label=_("what was found"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    follow_up = forms.CharField(
        label=_("follow-up"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    members = forms.ModelMultipleChoiceField(
        label=_("militia members"), queryset=MilitiaMember.objects.none(), required=False
    )
    officers = forms.ModelMultipleChoiceField(
        label=_("police officers"), queryset=PoliceOfficer.objects.none(), required=False
    )

    def __init__(self, *args, patrol=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if patrol is None:
            return
        self.fields["members"].queryset = _members(user, patrol.commune_id)
        self.fields["members"].label_from_instance = _member_label
        self.fields["officers"].queryset = _officers(user, patrol.commune_id)
        if not self.is_bound:
            self.initial.update(
                findings=patrol.findings,
                follow_up=patrol.follow_up,
                members=list(patrol.members.values_list("pk", flat=True)),
                officers=list(patrol.officers.values_list("pk", flat=True)),
            )


class CancelPatrolForm(forms.Form):
    reason = forms.CharField(
        label=_("reason for cancelling"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )
