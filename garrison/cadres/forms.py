"""Forms of the cadres pages."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from garrison.commands.models import MilitaryCommand
from garrison.commands.rules import CONCURRENT_POSTS, Position
from garrison.core.forms import ScopedModelForm
from garrison.people.models import Person

from .models import (
    BodyMembership,
    CadreDecision,
    CadreProfile,
    CareerEntry,
    Course,
    Enrolment,
    Entitlement,
    Evaluation,
    PostStandard,
    Recognition,
    SuccessionPlan,
)
from .permissions import can_set_national_standard
from .rules import ServiceCategory

DMY = gettext_lazy("dd/mm/yyyy")


def _dates(*names: str) -> dict[str, forms.Widget]:
    return {name: forms.DateInput(attrs={"placeholder": DMY}) for name in names}


def _text(rows: int = 2) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


PLACED_POSTS = [(p.value, p.label) for p in Position if p not in CONCURRENT_POSTS]

PROFILE_FIELDS = [
    "status",
    "service_category",
    "rank",
    "rank_date",
    "unit_of_origin",
    "military_education",
    "political_theory",
    "party_member",
    "party_joined_on",
    "health_class",
    "local_military_years",
    "grassroots_years",
    "ethnic_languages",
    "mass_mobilisation",
    "mass_mobilisation_notes",
    "home_commune",
]


class CadreProfileForm(ScopedModelForm):
    """Editing a profile. The rank changes here only to correct a typing error: a promotion is
    a decision (Cadre decisions → add), which keeps the history."""

    class Meta:
        model = CadreProfile
        fields = PROFILE_FIELDS
        widgets = _dates("rank_date", "party_joined_on") | {"mass_mobilisation_notes": _text()}


class NewCadreProfileForm(CadreProfileForm):
    """Opening a profile for a person already in the registers, found by citizen ID."""

    citizen_id = forms.CharField(
        label=gettext_lazy("citizen ID (CCCD)"),
        max_length=12,
        help_text=gettext_lazy("The person must already be in the people register."),
    )

    class Meta(CadreProfileForm.Meta):
        fields = ["citizen_id", "province", *PROFILE_FIELDS]

    def clean_citizen_id(self):
        value = "".join(self.cleaned_data["citizen_id"].split())
        person = Person.objects.visible_to(self.user).filter(citizen_id=value).first()
        if person is None:
            raise forms.ValidationError(
                _(
                    "No person with citizen ID %(id)s is in your registers: add the person "
                    "first (People → add), then open the profile."
                )
                % {"id": value}
            )
        if CadreProfile.objects.filter(person=person).exists():
            raise forms.ValidationError(
                _("%(name)s already has a cadre profile: open it from the list.")
                % {"name": person.full_name}
            )
        self.instance.person = person
        return value


class BodyMembershipForm(ScopedModelForm):
    class Meta:
        model = BodyMembership
        fields = ["profile", "body", "commune", "term", "started_on", "ended_on"]
        widgets = _dates("started_on", "ended_on")


class CareerEntryForm(ScopedModelForm):
    class Meta:
        model = CareerEntry
        fields = ["profile", "title", "organisation", "started_on", "ended_on"]
        widgets = _dates("started_on", "ended_on")


class CadreDecisionForm(ScopedModelForm):
    """Issuing a decision: saving it applies it (see services.do_issue_decision)."""

    position = forms.ChoiceField(
        label=gettext_lazy("to the post"),
        choices=[("", "---------"), *PLACED_POSTS],
        required=False,
    )

    class Meta:
        model = CadreDecision
        fields = [
            "profile",
            "kind",
            "number",
            "signed_on",
            "effective_on",
            "signer_name",
            "signer_title",
            "command",
            "position",
            "new_rank",
            "reason",
        ]
        widgets = _dates("signed_on", "effective_on") | {"reason": _text()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["profile"].queryset = (
            CadreProfile.objects.editable_by(self.user)
            .select_related("person")
            .order_by("person__name_sort_key")
        )
        self.fields["command"].queryset = (
            MilitaryCommand.objects.editable_by(self.user)
            .filter(level=MilitaryCommand.Level.COMMUNE)
            .order_by("name")
        )
        self.fields["signed_on"].initial = timezone.localdate


class RevokeDecisionForm(forms.Form):
    revoked_on = forms.DateField(
        label=gettext_lazy("revoked on"), widget=forms.DateInput(attrs={"placeholder": DMY})
    )
    reason = forms.CharField(label=gettext_lazy("why revoked"), widget=_text())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["revoked_on"].initial = timezone.localdate


class PostStandardForm(ScopedModelForm):
    categories = forms.MultipleChoiceField(
        label=gettext_lazy("service categories accepted"),
        choices=ServiceCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("None ticked: every category."),
    )
    position = forms.ChoiceField(label=gettext_lazy("post"), choices=PLACED_POSTS)

    class Meta:
        model = PostStandard
        fields = [
            "province",
            "position",
            "area",
            "min_age",
            "max_age",
            "min_rank",
            "max_rank",
            "min_political_theory",
            "party_required",
            "max_health_class",
            "min_local_military_years",
            "min_grassroots_years",
            "categories",
            "rotation_years",
            "basis",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_set_national_standard(self.user):
            # a province writes its own standards; the Ministry's are read-only to it
            self.fields["province"].required = True
            self.fields["province"].empty_label = None


class SuccessionPlanForm(ScopedModelForm):
    position = forms.ChoiceField(label=gettext_lazy("post"), choices=PLACED_POSTS)

    class Meta:
        model = SuccessionPlan
        fields = ["profile", "command", "position", "term", "readiness", "development_needs"]
        widgets = {"development_needs": _text()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["command"].queryset = (
            self.fields["command"]
            .queryset.filter(level=MilitaryCommand.Level.COMMUNE)
            .order_by("name")
        )


class CourseForm(ScopedModelForm):
    class Meta:
        model = Course
        fields = [
            "province",
            "title",
            "kind",
            "theory_level",
            "provider",
            "starts_on",
            "ends_on",
            "places",
        ]
        widgets = _dates("starts_on", "ends_on")


class EnrolmentForm(ScopedModelForm):
    class Meta:
        model = Enrolment
        fields = ["course", "profile", "result", "grade", "completed_on"]
        widgets = _dates("completed_on")

    def clean(self):
        data = super().clean()
        result, done = data.get("result"), data.get("completed_on")
        if result in (Enrolment.Result.PASSED, Enrolment.Result.FAILED) and not done:
            self.add_error("completed_on", _("Give the day the course was completed."))
        return data


class EvaluationForm(ScopedModelForm):
    class Meta:
        model = Evaluation
        fields = ["profile", "year", "rating", "comments"]
        widgets = {"comments": _text(3)}


class RecognitionForm(ScopedModelForm):
    class Meta:
        model = Recognition
        fields = ["profile", "kind", "form", "decided_on", "decision_number", "issued_by", "reason"]
        widgets = _dates("decided_on") | {"reason": _text()}


class EntitlementForm(ScopedModelForm):
    class Meta:
        model = Entitlement
        fields = ["profile", "kind", "started_on", "ended_on", "monthly_amount", "basis", "note"]
        widgets = _dates("started_on", "ended_on")


class ScreeningForm(forms.Form):
    """A candidate and a post to screen."""

    profile = forms.ModelChoiceField(label=gettext_lazy("cadre"), queryset=CadreProfile.objects)
    command = forms.ModelChoiceField(
        label=gettext_lazy("command"), queryset=MilitaryCommand.objects
    )
    position = forms.ChoiceField(label=gettext_lazy("post"), choices=PLACED_POSTS)
    on = forms.DateField(
        label=gettext_lazy("on"), widget=forms.DateInput(attrs={"placeholder": DMY})
    )
    home_rule = forms.BooleanField(
        label=gettext_lazy("no one serves in their home commune"), required=False, initial=True
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["profile"].queryset = (
            CadreProfile.objects.visible_to(user)
            .select_related("person")
            .order_by("person__name_sort_key")
        )
        self.fields["command"].queryset = (
            MilitaryCommand.objects.visible_to(user)
            .filter(level=MilitaryCommand.Level.COMMUNE)
            .order_by("name")
        )
        self.fields["on"].initial = timezone.localdate
