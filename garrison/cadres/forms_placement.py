"""Forms of the placement proposal pages: a new proposal, a pin or a forbidden pair, the
approval (first decision number, signer)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from garrison.commands.models import Assignment
from garrison.commands.rules import Position
from garrison.core.forms import ScopedModelForm
from garrison.core.scoping import scope_of

from .forms import DMY
from .models import CadreProfile, PlacementRun

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
        label=_("posts"),
        choices=PROPOSAL_POSTS,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
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

    post = forms.ChoiceField(label=_("post"))
    profile = CandidateField(label=_("cadre"), queryset=CadreProfile.objects.none())

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
        label=_("Discard this proposal: it can no longer be adjusted or approved"),
        required=True,
    )


class ApproveRunForm(forms.Form):
    first_number = forms.IntegerField(
        label=_("first decision number"),
        min_value=1,
        help_text=_("The decisions are numbered from this one, one per filled post."),
    )
    symbol = forms.CharField(label=_("symbol"), max_length=40, initial="QĐ-BCH")
    signed_on = forms.DateField(
        label=_("signed on"), widget=forms.DateInput(attrs={"placeholder": DMY})
    )
    signer_name = forms.CharField(label=_("signed by"), max_length=150)
    signer_title = forms.CharField(
        label=_("signer's title"), max_length=150, initial="Chỉ huy trưởng"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["signed_on"].initial = timezone.localdate
