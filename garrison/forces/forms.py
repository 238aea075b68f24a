"""Forms of the forces pages: registers (ModelForms scoped to the user) and the small forms of
the state changes (move, extend, end a term; check and assign reservists and means;
attendance)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from garrison.core import numbers
from garrison.core.forms import ScopedModelForm
from garrison.people.models import Person

from .circumstances import circumstance_choices
from .models import (
    AbsenceReason,
    ForceTarget,
    MilitiaMember,
    MilitiaUnit,
    ReserveUnit,
    Reservist,
    Role,
    TechnicalMeans,
    TrainingPlan,
    TrainingSession,
)

DATE = {"placeholder": _("dd/mm/yyyy")}


def _date(label, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, widget=forms.DateInput(attrs=DATE), **kwargs)


def _date_widgets(*names: str) -> dict[str, forms.Widget]:
    return {name: forms.DateInput(attrs=DATE) for name in names}


class MilitiaUnitForm(ScopedModelForm):
    class Meta:
        model = MilitiaUnit
        fields = [
            "commune",
            "name",
            "force",
            "kind",
            "level",
            "parent",
            "agency",
            "village",
            "established_on",
            "decision_number",
            "establishment_leaders",
            "establishment_deputies",
            "establishment_political",
            "establishment_members",
            "is_active",
            "notes",
        ]
        widgets = _date_widgets("established_on") | {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = self.fields["parent"].queryset.select_related("commune")
        if self.instance.pk:
            self.fields.pop("commune")
            self.fields["parent"].queryset = (
                self.fields["parent"]
                .queryset.filter(commune_id=self.instance.commune_id)
                .exclude(pk=self.instance.pk)
            )


class MilitiaMemberForm(ScopedModelForm):
    """Editing a member: the record's own fields. Unit, role and term change through the
    actions (move, extend, end), which keep the history."""

    class Meta:
        model = MilitiaMember
        fields = ["decision_number", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}


class NewMilitiaMemberForm(ScopedModelForm):
    """Admitting a citizen: the engine checks age, sex, deferrals and exemptions on save."""

    circumstances = forms.MultipleChoiceField(
        label=_("circumstances (DQTV 11)"),
        choices=circumstance_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick what applies; the law decides whether it defers or exempts."),
    )
    youngest_child_dob = _date(_("youngest child born on"), required=False)
    raising_child_alone = forms.BooleanField(label=_("raises the child alone"), required=False)
    reviewed = forms.BooleanField(
        label=_("reviewed"),
        required=False,
        help_text=_("Tick after reviewing a case the law leaves unclear, to admit anyway."),
    )

    class Meta:
        model = MilitiaMember
        fields = ["person", "unit", "role", "started_on", "volunteer", "decision_number", "notes"]
        widgets = _date_widgets("started_on") | {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = (
            Person.objects.visible_to(self.user)
            .exclude(militia_terms__status__in=MilitiaMember.OPEN_STATUSES)
            .order_by("name_sort_key")
        )
        self.fields["unit"].queryset = (
            MilitiaUnit.objects.editable_by(self.user).filter(is_active=True).order_by("name")
        )
        self.fields["started_on"].initial = timezone.localdate


class MoveForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("to unit"), queryset=MilitiaUnit.objects.none())
    role = forms.ChoiceField(label=_("role"), choices=Role.choices, initial=Role.MEMBER)
    on = _date(_("from"), initial=timezone.localdate)
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, *args, member=None, **kwargs):
        super().__init__(*args, **kwargs)
        if member is not None:
            self.fields["unit"].queryset = MilitiaUnit.objects.filter(
                commune_id=member.commune_id, is_active=True
            ).order_by("name")
            self.fields["role"].initial = member.role


class ExtendForm(forms.Form):
    years = numbers.IntegerField(label=_("extend by (years)"), min_value=1, max_value=10, initial=1)
    decision_number = forms.CharField(label=_("decision"), max_length=60, required=False)
    reviewed = forms.BooleanField(
        label=_("reviewed"),
        required=False,
        help_text=_("Tick only after reviewing a case the law leaves open (manual review)."),
    )


class EndTermForm(forms.Form):
    on = _date(_("left on"), initial=timezone.localdate)
    reason = forms.ChoiceField(
        label=_("reason"),
        choices=[("", _("term completed")), *MilitiaMember.EndReason.choices],
        required=False,
        help_text=_("Leave “term completed” when the term has run its course."),
    )


class ReservistForm(ScopedModelForm):
    class Meta:
        model = Reservist
        fields = [
            "person",
            "commune",
            "category",
            "rank",
            "specialty_code",
            "specialty",
            "reserve_class",
            "active_service_months",
            "health_class",
            "registered_on",
            "checked_on",
            "notes",
        ]
        widgets = _date_widgets("registered_on", "checked_on") | {
            "notes": forms.Textarea(attrs={"rows": 2})
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields.pop("person")
            self.fields.pop("commune")
        else:
            self.fields["person"].queryset = (
                Person.objects.visible_to(self.user)
                .filter(reservist__isnull=True)
                .order_by("name_sort_key")
            )
            self.fields["registered_on"].initial = timezone.localdate

    def clean(self):
        data = super().clean()
        person = data.get("person") or getattr(self.instance, "person", None)
        registered_on = data.get("registered_on")
        if person is not None and registered_on is not None and not self.errors:
            from . import services

            probe = Reservist(
                person=person,
                category=data.get("category") or "nco_soldier",
                reserve_class=data.get("reserve_class") or "hang_2",
                active_service_months=data.get("active_service_months") or 0,
                health_class=data.get("health_class"),
            )
            try:
                services.check_in_reserve_age(probe, registered_on)
            except forms.ValidationError as exc:
                self.add_error("person" if "person" in self.fields else None, exc.messages)
        return data


class AssignForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("reserve unit"),
        queryset=ReserveUnit.objects.none(),
        required=False,
        help_text=_("Leave empty to take the reservist off the unit."),
    )
    on = _date(_("assigned on"), initial=timezone.localdate)

    def __init__(self, *args, province_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = ReserveUnit.objects.filter(province_id=province_id).order_by(
            "code"
        )


class CheckForm(forms.Form):
    on = _date(_("checked on"), initial=timezone.localdate)
    health_class = forms.TypedChoiceField(
        label=_("health class"),
        choices=[("", "—")] + [(n, str(n)) for n in range(1, 7)],
        coerce=int,
        empty_value=None,
        required=False,
    )


class DischargeForm(forms.Form):
    on = _date(_("discharged on"), initial=timezone.localdate)
    reason = forms.CharField(label=_("reason"), max_length=200)


class MeansCheckForm(AssignForm):
    assign = forms.BooleanField(
        label=_("change the assigned unit"), required=False, help_text=_("Tick to apply the unit.")
    )
    field_order = ["on", "assign", "unit"]


class TechnicalMeansForm(ScopedModelForm):
    class Meta:
        model = TechnicalMeans
        fields = [
            "commune",
            "kind",
            "model_name",
            "registration_number",
            "owner_name",
            "owner_is_organisation",
            "owner_citizen_id",
            "specifications",
            "year_made",
            "registered_on",
            "checked_on",
            "reserve_unit",
            "status",
            "notes",
        ]
        widgets = _date_widgets("registered_on", "checked_on") | {
            "notes": forms.Textarea(attrs={"rows": 2})
        }


class ReserveUnitForm(ScopedModelForm):
    class Meta:
        model = ReserveUnit
        fields = [
            "province",
            "code",
            "name",
            "role",
            "parent_unit",
            "establishment",
            "means_establishment",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}


class ForceTargetForm(ScopedModelForm):
    class Meta:
        model = ForceTarget
        fields = ["province", "militia_percent", "decision_number"]


class TrainingPlanForm(ScopedModelForm):
    class Meta:
        model = TrainingPlan
        fields = ["commune", "year", "kind", "starts_on", "ends_on", "location", "notes"]
        widgets = _date_widgets("starts_on", "ends_on") | {
            "notes": forms.Textarea(attrs={"rows": 3})
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields.pop("commune")
        else:
            self.fields["year"].initial = timezone.localdate().year


class TrainingSessionForm(ScopedModelForm):
    class Meta:
        model = TrainingSession
        fields = ["plan", "held_on", "days", "content", "location"]
        widgets = _date_widgets("held_on")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = (
            TrainingPlan.objects.editable_by(self.user)
            .select_related("commune")
            .order_by("-year", "kind")
        )
        self.fields["held_on"].initial = timezone.localdate

    def clean(self):
        data = super().clean()
        plan = data.get("plan")
        if plan is not None:
            self.instance.commune = plan.commune
        return data


class AttendanceForm(forms.Form):
    """Who was present (ticked), and for each one expected who was not, the reason of absence
    and a note. A session not yet held takes no attendance."""

    members = forms.ModelMultipleChoiceField(
        label=_("present"),
        queryset=MilitiaMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, session=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        self.expected: list = []
        if session is None:
            return
        from .services import trainees

        field = self.fields["members"]
        field.queryset = trainees(session)
        field.label_from_instance = lambda m: f"{m.person.full_name} — {m.unit.name}"
        self.expected = list(field.queryset)
        recorded = {a.member_id: a for a in session.absences.all()}
        if not self.is_bound:
            self.initial["members"] = list(session.attendance.values_list("member_id", flat=True))
        for member in self.expected:
            name = member.person.full_name
            self.fields[f"reason_{member.pk}"] = forms.ChoiceField(
                label=_("%(name)s: absent because") % {"name": name},
                choices=[("", _("— not absent —")), *AbsenceReason.choices],
                required=False,
            )
            self.fields[f"note_{member.pk}"] = forms.CharField(
                label=_("%(name)s: note") % {"name": name}, max_length=200, required=False
            )
            if member.pk in recorded and not self.is_bound:
                self.initial[f"reason_{member.pk}"] = recorded[member.pk].reason
                self.initial[f"note_{member.pk}"] = recorded[member.pk].note

    def clean(self):
        data = super().clean()
        if self.session is not None:
            from .services import not_yet_held

            if (refusal := not_yet_held(self.session)) is not None:
                raise forms.ValidationError(refusal, code="not_held")
        absences = {}
        for member in self.expected:
            reason = data.get(f"reason_{member.pk}")
            if reason:
                absences[member.pk] = (reason, data.get(f"note_{member.pk}") or "")
        data["absences"] = absences
        return data


class AllPresentForm(forms.Form):
    """Everyone expected at the session was present (no field: one click)."""

    def __init__(self, *args, session=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session

    def clean(self):
        data = super().clean()
        from .services import not_yet_held

        if self.session is not None and (refusal := not_yet_held(self.session)) is not None:
            raise forms.ValidationError(refusal, code="not_held")
        return data
