"""Forms of the assessment: a year's criterion (a measure of `measures.py`, its target typed
the Vietnamese or the English way — `core.numbers` — and its weight), computing a run, copying
last year's criteria. Approving and re-computing take no input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from garrison.core import numbers
from garrison.core.forms import ScopedModelForm
from garrison.core.scoping import is_nation_scope
from garrison.core.widgets import use_pickers
from garrison.territory.models import Commune, Province

from .measures import measure_choices
from .models import AssessmentCriterion, Period

YEAR_RANGE = {"min_value": 2020, "max_value": 2100}


class CriterionForm(ScopedModelForm):
    measure = forms.ChoiceField(label=_("measure"), choices=measure_choices)

    class Meta:
        model = AssessmentCriterion
        fields = ["province", "year", "measure", "target", "weight"]
        help_texts = {
            "target": _(
                "In the measure's unit: a percentage for a rate (e.g. 90,5), else a count "
                "(e.g. 1 for the Commander post)."
            ),
            "weight": _("Its share of the score among the year's measures (1 to 100)."),
        }


def _provinces(user: Any):
    return Province.objects.visible_to(user).order_by("name")


class _ProvinceYearForm(forms.Form):
    """A province (for the nation's staff only: a province's staff act on their own) and a
    year, this year by default."""

    province = forms.ModelChoiceField(label=_("province"), queryset=Province.objects.none())
    year = numbers.IntegerField(label=_("year"), **YEAR_RANGE)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        if is_nation_scope(user):
            self.fields["province"].queryset = _provinces(user)
        else:
            self.fields.pop("province")


class ComputeRunForm(_ProvinceYearForm):
    """The period of the year to compute; the day the registers are read on follows from it."""

    period = forms.ChoiceField(label=_("period"), choices=Period.choices, initial=Period.YEAR)


class CopyCriteriaForm(_ProvinceYearForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].help_text = _(
            "The year to give the measures, targets and weights of the year before."
        )


class TrendForm(forms.Form):
    province = forms.ModelChoiceField(
        label=_("province"),
        queryset=Province.objects.none(),
        to_field_name="code",
        required=False,
    )
    commune = forms.ModelChoiceField(
        label=_("commune"),
        queryset=Commune.objects.none(),
        to_field_name="code",
        required=False,
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = Province.objects.visible_to(user).order_by("name")
        self.fields["commune"].queryset = Commune.objects.visible_to(user).order_by("name")
        use_pickers(self)


class ConfirmForm(forms.Form):
    """An action that takes no input (re-compute, approve)."""
