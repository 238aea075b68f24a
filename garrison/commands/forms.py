from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from garrison.core.forms import ScopedModelForm

from .models import Assignment, MilitaryCommand, Reorganisation, StaffingQuota
from .rules import CONCURRENT_POSTS


class MilitaryCommandForm(ScopedModelForm):
    class Meta:
        model = MilitaryCommand
        fields = ["name", "established_on", "address", "phone"]


class StaffingQuotaForm(ScopedModelForm):
    class Meta:
        model = StaffingQuota
        fields = ["command", "position", "quota", "legal_basis"]


class AssignmentForm(ScopedModelForm):
    class Meta:
        model = Assignment
        fields = [
            "command",
            "position",
            "person",
            "start_date",
            "end_date",
            "decision",
            "is_concurrent",
            "note",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs={"placeholder": gettext_lazy("dd/mm/yyyy")}),
            "end_date": forms.DateInput(attrs={"placeholder": gettext_lazy("dd/mm/yyyy")}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = self.fields["person"].queryset.order_by("name_sort_key")
        self.fields["command"].queryset = self.fields["command"].queryset.editable_by(self.user)
        if self.instance.pk:
            # who holds which post is history: only the end date, decision and note change
            for name in ("command", "position", "person"):
                self.fields[name].disabled = True

    def clean(self):
        data = super().clean()
        command, position = data.get("command"), data.get("position")
        start, end = data.get("start_date"), data.get("end_date")
        if command and position and start:
            quota = command.quotas.filter(position=position).values_list("quota", flat=True).first()
            if quota is None or quota == 0:
                self.add_error(
                    "position",
                    _(
                        "%(command)s has no %(post)s post in its staffing table: add it to the "
                        "staffing table first."
                    )
                    % {"command": command, "post": data.get("position")},
                )
                return data
            overlapping = Assignment.objects.filter(command=command, position=position).exclude(
                pk=self.instance.pk
            )
            overlapping = overlapping.filter(start_date__lte=end) if end else overlapping
            overlapping = overlapping.exclude(end_date__lt=start)
            if overlapping.count() >= quota:
                holders = ", ".join(str(a.person) for a in overlapping.select_related("person")[:3])
                self.add_error(
                    "start_date",
                    _(
                        "The post is already filled for this period (%(holders)s; quota "
                        "%(quota)d). End the current assignment first, or raise the quota."
                    )
                    % {"holders": holders, "quota": quota},
                )
        if position in CONCURRENT_POSTS and "is_concurrent" in self.fields and not self.instance.pk:
            data["is_concurrent"] = True
        return data


class ReorganisationForm(ScopedModelForm):
    class Meta:
        model = Reorganisation
        fields = ["province", "date", "legal_basis", "title", "description", "commands"]
        widgets = {"commands": forms.SelectMultiple(attrs={"size": 12})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commands"].queryset = self.fields["commands"].queryset.editable_by(self.user)

    def clean(self):
        data = super().clean()
        province, commands = data.get("province"), data.get("commands")
        if province and commands:
            strays = [c for c in commands if c.province_id != province.pk]
            if strays:
                self.add_error(
                    "commands",
                    _("These commands are not in %(province)s: %(names)s.")
                    % {"province": province, "names": ", ".join(map(str, strays[:5]))},
                )
        return data
