from __future__ import annotations

from garrison.core.forms import ScopedModelForm

from .models import Commune, Village


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


class VillageForm(ScopedModelForm):
    """A village of the commune: its name (unique in the commune), population and households
    from the commune's statistics. The commune is chosen when the village is added."""

    class Meta:
        model = Village
        fields = ["commune", "name", "population", "households"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields.pop("commune")

    def clean(self):
        from django.core.exceptions import ValidationError
        from django.utils.translation import gettext as _

        data = super().clean()
        name = " ".join((data.get("name") or "").split())
        commune = data.get("commune") or (self.instance.commune if self.instance.pk else None)
        if name:
            data["name"] = name
        if name and commune is not None:
            taken = (
                Village.objects.filter(commune_id=commune.pk, name__iexact=name)
                .exclude(pk=self.instance.pk)
                .exists()
            )
            if taken:
                self.add_error(
                    "name",
                    ValidationError(
                        _(
                            "%(commune)s already has a village named %(name)s: choose another "
                            "name, or edit that village."
                        )
                        % {"commune": commune, "name": name},
                        code="unique",
                    ),
                )
        return data
