"""Forms of the cadres pages; at the end, those of the placement proposal pages (a new
proposal, a pin or a forbidden pair, the approval: first decision number, signer)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from garrison.commands.models import Assignment, MilitaryCommand
from garrison.commands.rules import CONCURRENT_POSTS, Position
from garrison.core import numbers
from garrison.core.forms import ScopedModelForm
from garrison.core.scoping import scope_of
from garrison.core.widgets import use_pickers
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
    PlacementRun,
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
        use_pickers(self)


# --- placement proposals ------------------------------------------------------------------------
#: the posts a proposal may cover: the Political Commissar is the commune Party Secretary,
#: held concurrently, never placed from the cadre pool
PROPOSAL_POSTS = [
    (p.value, p.label)
    for p in (
        Position.COMMANDER,
        Position.DEPUTY_COMMANDER,
        Position.DEPUTY_POLITICAL_COMMISSAR,
        Position.ASSISTANT,
    )
]
DEFAULT_POSTS = [Position.COMMANDER.value, Position.DEPUTY_COMMANDER.value]
#: how far ahead a new proposal looks by default
DEFAULT_HORIZON_DAYS = 183


class PlacementRunForm(ScopedModelForm):
    """A new proposal. The province is the user's own; a nation user picks it."""

    positions = forms.MultipleChoiceField(
        label=gettext_lazy("posts"),
        choices=PROPOSAL_POSTS,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "The Political Commissar is the commune Party Secretary, held concurrently: it is "
            "not placed from the cadre pool."
        ),
    )

    class Meta:
        model = PlacementRun
        fields = ["province", "title", "effective_on", "horizon", "positions", "home_commune_rule"]
        widgets = {
            "effective_on": forms.DateInput(attrs={"placeholder": DMY}),
            "horizon": forms.DateInput(attrs={"placeholder": DMY}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scope = scope_of(self.user)
        if scope is not None and scope.province_id is not None:
            self.fields.pop("province")  # the user's own province (see new_instance)
        else:
            self.fields["province"].queryset = self.fields["province"].queryset.order_by("code")
        if not self.is_bound and not self.initial.get("positions"):
            self.initial["positions"] = DEFAULT_POSTS


def pin_pool(run: PlacementRun, user: Any):
    """The cadres a post of `run` may be pinned to or forbidden for: the province's serving
    cadres free on the effective day, and those the proposal places (some of them leave a
    post that falls vacant). The service screens the pin and says why it refuses one."""
    busy = Assignment.objects.current(run.effective_on).values("person_id")
    return (
        CadreProfile.objects.editable_by(user)
        .filter(province_id=run.province_id, status=CadreProfile.Status.ACTIVE)
        .filter(~Q(person_id__in=busy) | Q(pk__in=run.matches.values("profile_id")))
        .select_related("person")
        .order_by("person__name_sort_key", "pk")
    )


class CandidateField(forms.ModelChoiceField):
    def label_from_instance(self, obj: CadreProfile) -> str:
        rank = obj.get_rank_display()
        return f"{obj.person.full_name} ({rank})" if rank else obj.person.full_name


def post_key(command_id: int, position: str) -> str:
    return f"{command_id}:{position}"


class PinForm(forms.Form):
    """A post of the proposal ("command:position") and a cadre: pin them together, or forbid
    the pair (the view says which)."""

    post = forms.ChoiceField(label=gettext_lazy("post"))
    profile = CandidateField(label=gettext_lazy("cadre"), queryset=CadreProfile.objects.none())

    def __init__(self, *args: Any, run: PlacementRun, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands: dict[str, Any] = {}
        choices = [("", "---------")]
        for match in run.matches.select_related("command").order_by(
            "-strategic", "command__name", "position"
        ):
            key = post_key(match.command_id, match.position)
            if key not in self.commands:
                self.commands[key] = match.command
                choices.append((key, f"{match.get_position_display()} — {match.command.name}"))
        self.fields["post"].choices = choices
        self.fields["profile"].queryset = pin_pool(run, user)
        use_pickers(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        key = data.get("post")
        if key:
            data["command"] = self.commands[key]
            data["position"] = key.split(":", 1)[1]
        return data


class ConfirmSolveForm(forms.Form):
    """Solving again needs no input: the registers as they are now, with the pins."""


class DiscardRunForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy("Discard this proposal: it can no longer be adjusted or approved"),
        required=True,
    )


class ApproveRunForm(forms.Form):
    first_number = numbers.IntegerField(
        label=gettext_lazy("first decision number"),
        min_value=1,
        help_text=gettext_lazy("The decisions are numbered from this one, one per filled post."),
    )
    symbol = forms.CharField(label=gettext_lazy("symbol"), max_length=40, initial="QĐ-BCH")
    signed_on = forms.DateField(
        label=gettext_lazy("signed on"), widget=forms.DateInput(attrs={"placeholder": DMY})
    )
    signer_name = forms.CharField(label=gettext_lazy("signed by"), max_length=150)
    signer_title = forms.CharField(
        label=gettext_lazy("signer's title"), max_length=150, initial="Chỉ huy trưởng"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["signed_on"].initial = timezone.localdate
