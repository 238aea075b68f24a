from __future__ import annotations

from garrison.core.forms import ScopedModelForm

from .models import Commune


class CommuneForm(ScopedModelForm):
    """What province staff maintain about a commune (its name and code come from the
    vietnam-provinces package and are not edited here)."""

    class Meta:
        model = Commune
        fields = ["is_border", "is_remote", "is_island", "is_key_defence", "population", "area_km2"]


class CommuneImportForm(ScopedModelForm):
    class Meta:
        model = Commune
        fields = [
            "code",
            "is_border",
            "is_remote",
            "is_island",
            "is_key_defence",
            "population",
            "area_km2",
        ]

    def clean_code(self):
        # the code is the natural key that found this row; it is never changed by an import
        return self.instance.code if self.instance.pk else self.cleaned_data["code"]

    def clean(self):
        data = super().clean()
        if not self.instance.pk:
            from django.core.exceptions import ValidationError
            from django.utils.translation import gettext as _

            raise ValidationError(
                {
                    "code": _(
                        "No commune with this code in your province: check the code "
                        "(official codes as in vietnam-provinces)."
                    )
                }
            )
        return data
