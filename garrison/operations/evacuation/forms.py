"""The form of an evacuation assignment: a village of the commune, one of its evacuation areas
(the choice of areas offers evacuation areas only), how many of its people go (empty: all)."""

from __future__ import annotations

from garrison.core.forms import ScopedModelForm

from .models import EvacuationAssignment


class EvacuationAssignmentForm(ScopedModelForm):
    #: its search offers only the evacuation areas among the defence works
    picker_filters = {"area": {"kind": "evacuation_area"}}

    class Meta:
        model = EvacuationAssignment
        fields = ["village", "area", "people", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        area = self.fields["area"]
        area.queryset = area.queryset.filter(kind="evacuation_area")

    def clean(self):
        data = super().clean()
        village = data.get("village")
        if village is not None:
            # the assignment belongs to the village's commune (the model checks the area's)
            self.instance.commune = village.commune
        return data
