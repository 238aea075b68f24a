"""Forms of the review pages: the review itself (its programme or readiness event a search picker
of the user's area, asked for only when that is what is reviewed: `rules.subject_errors`), and
"Quote figures from the registers" (a box per figure of the indicator registry, or all)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from garrison.core.forms import ScopedModelForm
from garrison.core.indicators import all_indicators

from .models import Review
from .services import figure_label

DATE = {"placeholder": _("dd/mm/yyyy")}


class ReviewForm(ScopedModelForm):
    """A review of the user's province (the service sets the province)."""

    class Meta:
        model = Review
        fields = [
            "kind",
            "title",
            "subject",
            "programme",
            "event",
            "period_start",
            "period_end",
            "held_on",
            "scope_text",
            "conclusions",
        ]
        widgets = {
            "period_start": forms.DateInput(attrs=DATE),
            "period_end": forms.DateInput(attrs=DATE),
            "held_on": forms.DateInput(attrs=DATE),
            "scope_text": forms.Textarea(attrs={"rows": 3}),
            "conclusions": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "programme": _("Only for the review of a programme."),
            "event": _("Only for the review of a readiness event."),
            "held_on": _("The figures quoted from the registers are as of this day."),
        }


class QuoteFiguresForm(forms.Form):
    """The figures a review quotes, ticked among the indicator registry's (the ones it quotes
    already ticked): quoting again replaces them."""

    every = forms.BooleanField(label=_("all the figures"), required=False)
    codes = forms.MultipleChoiceField(
        label=_("figures"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, review: Review | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["codes"].choices = [
            (indicator.code, figure_label(indicator)) for indicator in all_indicators()
        ]
        if review is not None and not self.is_bound:
            self.initial["codes"] = list(review.figures.values_list("indicator", flat=True))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("every"):
            data["codes"] = [code for code, _label in self.fields["codes"].choices]
        if not data.get("codes"):
            raise forms.ValidationError(_("Tick the figures to quote (or all of them)."))
        return data
