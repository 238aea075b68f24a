from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from garrison.core.forms import ScopedModelForm
from garrison.territory.models import Village

from .models import Person


class PersonForm(ScopedModelForm):
    class Meta:
        model = Person
        fields = [
            "citizen_id",
            "full_name",
            "date_of_birth",
            "sex",
            "ethnicity",
            "religion",
            "education_level",
            "place_of_origin",
            "residence_commune",
            "village",
            "address",
            "phone",
        ]
        widgets = {
            "date_of_birth": forms.DateInput(attrs={"placeholder": _("dd/mm/yyyy")}),
            "citizen_id": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 12}),
        }
        error_messages = {
            "full_name": {
                "max_length": _(
                    "A name has at most %(limit_value)d characters; this one has %(show_value)d. "
                    "Type the name as written on the citizen ID card."
                )
            }
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # a browser cuts a longer name silently at `maxlength` (a paste loses its tail unseen):
        # the server says what is too long instead
        self.fields["full_name"].widget.attrs.pop("maxlength", None)
        field = self.fields["residence_commune"]
        field.queryset = field.queryset.select_related("province").order_by("name")
        # a new person of a commune's staff lives in their commune: pre-filled on the add page
        # (a bound form, e.g. every row of an import, shows its data, not this: no query for it)
        if not self.is_bound and not self.instance.pk and field.queryset.count() == 1:
            self.initial.setdefault("residence_commune", field.queryset.first().pk)
        if "village" in self.fields:
            # a village of the residence commune (the model refuses another commune's, saying so)
            self.fields["village"].help_text = _(
                "One of the residence commune's villages, when known."
            )


class PersonImportForm(PersonForm):
    """The person form as an import reads it: the village is named (column "village"), found
    among the villages of the row's residence commune; an unknown name is refused, saying
    which commune's villages were searched."""

    village = forms.CharField(required=False)
    #: an import validates its rows with one form per batch, re-bound row after row
    #: (`core.import_rows`): nothing here depends on the row the form was built for
    import_reusable = True

    def _villages(self, commune_id: int) -> dict[str, Village]:
        """The villages of a commune the user may see, by name in lower case and by number:
        read once per commune for as long as the form lives (one import batch)."""
        cache = self.__dict__.setdefault("_village_cache", {})
        if commune_id not in cache:
            found: dict[str, Village] = {}
            for village in Village.objects.visible_to(self.user).filter(commune_id=commune_id):
                found.setdefault(village.name.lower(), village)
                found[str(village.pk)] = village
            cache[commune_id] = found
        return cache[commune_id]

    def clean(self):
        data = super().clean()
        name = " ".join(str(data.get("village") or "").split())
        commune = data.get("residence_commune")
        data["village"] = None
        if not name or commune is None:
            return data
        villages = self._villages(commune.pk)
        found = villages.get(name.lower())
        if found is None and name.isdigit() and int(name) == self.instance.village_id:
            found = villages.get(name)  # the row's own village, kept
        if found is None:
            self.add_error(
                "village",
                gettext(
                    "%(commune)s has no village named %(name)s: write the name as the "
                    "commune's list of villages has it, or leave the cell empty."
                )
                % {"commune": commune, "name": name},
            )
        data["village"] = found
        return data
