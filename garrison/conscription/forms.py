from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from garrison.core import numbers
from garrison.core.forms import ModelForm, ScopedModelForm
from garrison.core.widgets import use_pickers
from garrison.people.models import Person
from garrison.territory.models import Commune

from . import rules
from .models import Admission, Campaign, DeclaredRelationship, HealthExam, ServiceRecord

DATE = {"placeholder": _("dd/mm/yyyy")}


def _date(label, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, widget=forms.DateInput(attrs=DATE), **kwargs)


class ServiceRecordForm(ScopedModelForm):
    class Meta:
        model = ServiceRecord
        exclude = ["province", "status", "version", "person"]
        widgets = {
            name: forms.DateInput(attrs=DATE)
            for name in (
                "registered_on",
                "course_end",
                "sibling_serving_start",
                "resettled_since",
                "posted_difficult_area_since",
                "standing_militia_since",
                "standing_militia_until",
            )
        } | {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # the commune changes only through a hand-over (nothing lost, nothing duplicated)
            self.fields.pop("commune", None)


class NewServiceRecordForm(ServiceRecordForm):
    """First registration of someone already in the people register."""

    class Meta(ServiceRecordForm.Meta):
        exclude = ["province", "status", "version"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        field.queryset = (
            Person.objects.visible_to(self.user)
            .filter(service_record__isnull=True)
            .order_by("name_sort_key")
        )
        field.help_text = _("Only people not yet registered are listed.")
        self.order_fields(["person", "commune", "registered_on"])

    def clean(self):
        data = super().clean()
        person = data.get("person")
        commune = data.get("commune")
        if person and commune and person.residence_commune_id != commune.pk:
            self.add_error(
                "commune",
                _(
                    "%(name)s resides in %(where)s: a citizen registers where he resides "
                    "(NVQS 15.1)."
                )
                % {"name": person.full_name, "where": person.residence_commune},
            )
        return data


class HandOverForm(forms.Form):
    #: the commune is searched among the nation's (public administrative data), with its
    #: province: 238 commune names repeat ("Xã Tân Tiến" seven times)
    nationwide_pickers = ("to_commune",)

    to_commune = forms.ModelChoiceField(
        label=_("to commune"),
        queryset=Commune.objects.select_related("province").order_by("province__name", "name"),
        help_text=_("The commune-level unit the citizen moves to, in any province."),
    )
    reason = forms.CharField(label=_("reason"), max_length=255, initial=_("moved residence"))
    on = _date(_("handed over on"), initial=timezone.localdate)


class CommuneChoiceForm(forms.Form):
    """A page's choice of one of the user's communes (a picker: a province holds hundreds)."""

    commune = forms.ModelChoiceField(
        label=_("commune"), queryset=Commune.objects.none(), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = Commune.objects.visible_to(user).order_by("name")
        use_pickers(self)


class ReceiveForm(forms.Form):
    on = _date(_("received on"), initial=timezone.localdate)


class ConfirmForm(forms.Form):
    """An action with nothing to type: the button is the confirmation."""


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("decision"),
        choices=[("deferral", _("deferral")), ("exemption", _("exemption"))],
        widget=forms.RadioSelect,
    )
    letter = forms.ChoiceField(label=_("ground (point of Art 41)"))
    evidence = forms.CharField(
        label=_("evidence"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The papers the decision rests on: certificates, confirmations, rulings."),
    )
    decision_number = forms.CharField(label=_("decision number"), max_length=50, required=False)
    decided_by = forms.CharField(
        label=_("decided by"),
        max_length=150,
        initial=_("Chairman of the provincial People's Committee"),
        help_text=_("Since Law 98/2025 the provincial Chairman decides (NVQS 42)."),
    )
    decided_on = _date(_("decided on"), initial=timezone.localdate)
    until = _date(
        _("deferred until"),
        required=False,
        help_text=_("For a deferral: the day its reason ends (end of course, …)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["letter"].choices = [
            (f"deferral:{k}", f"41.1.{k} — {v}") for k, v in rules.DEFERRAL_LETTERS
        ] + [(f"exemption:{k}", f"41.2.{k} — {v}") for k, v in rules.EXEMPTION_LETTERS]

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        letter = data.get("letter", "")
        if kind and letter:
            letter_kind, _sep, code = letter.partition(":")
            if letter_kind != kind:
                self.add_error(
                    "letter",
                    _(
                        "This ground belongs to a %(other)s, not a %(kind)s: choose one of "
                        "Art 41.%(n)s."
                    )
                    % {
                        "other": _("deferral") if letter_kind == "deferral" else _("exemption"),
                        "kind": _("deferral") if kind == "deferral" else _("exemption"),
                        "n": 1 if kind == "deferral" else 2,
                    },
                )
            data["letter_code"] = code
        return data


class HealthExamForm(ModelForm):
    class Meta:
        model = HealthExam
        fields = [
            "examined_on",
            "board",
            "health_class",
            "myopia_d",
            "hyperopia",
            "bmi",
            "drug_addicted",
            "notes",
        ]
        widgets = {"examined_on": forms.DateInput(attrs=DATE)}
        help_texts = {
            "health_class": _("TT105/2023: the class is the worst score of the indicators."),
            "myopia_d": _("Myopia over 1.5 dioptres bars the call-up (TT148 4.3.c)."),
        }


class ScreeningForm(forms.Form):
    passed = forms.TypedChoiceField(
        label=_("result"),
        choices=[("1", _("passed")), ("0", _("did not pass"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )


class BackgroundCheckForm(forms.Form):
    cleared = forms.TypedChoiceField(
        label=_("result"),
        choices=[
            ("1", _("meets the political standard")),
            ("0", _("does not meet the political standard")),
        ],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    checked_on = _date(_("checked on"), initial=timezone.localdate)
    note = forms.CharField(
        label=_("note"),
        max_length=255,
        required=False,
        help_text=_("Done with the commune police (TT148 4.2.a; TTLT 50/2016)."),
    )


class OrderForm(forms.Form):
    issued_on = _date(_("issued on"), initial=timezone.localdate)
    report_at = forms.DateTimeField(
        label=_("report at"),
        widget=forms.DateTimeInput(attrs={"placeholder": _("dd/mm/yyyy hh:mm")}),
    )
    report_place = forms.CharField(label=_("report to"), max_length=255)
    signer_name = forms.CharField(
        label=_("signed by (commune Chairman)"),
        max_length=150,
        help_text=_("The commune Chairman decides each citizen's call-up (NVQS 34.4)."),
    )


def order_initial(campaign: Campaign) -> dict:
    report_at = timezone.make_aware(
        datetime.datetime.combine(campaign.handover_date, datetime.time(7, 0))
    )
    return {
        "issued_on": min(timezone.localdate(), campaign.notice_deadline),
        "report_at": report_at,
        "report_place": campaign.handover_place,
    }


class EnlistmentForm(forms.Form):
    reported = forms.TypedChoiceField(
        label=_("on enlistment day"),
        choices=[("1", _("reported")), ("0", _("did not report"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    absence_reason = forms.CharField(
        label=_("reason for not reporting"), max_length=255, required=False
    )


class CampaignForm(ScopedModelForm):
    class Meta:
        model = Campaign
        fields = [
            "province",
            "year",
            "quota",
            "status",
            "exam_start",
            "exam_end",
            "handover_date",
            "handover_place",
            "grade7_authorised",
            "legal_basis",
        ]
        widgets = {
            "exam_start": forms.DateInput(attrs=DATE),
            "exam_end": forms.DateInput(attrs=DATE),
            "handover_date": forms.DateInput(attrs=DATE),
        }


class AdmissionForm(ScopedModelForm):
    class Meta:
        model = Admission
        fields = ["person", "year", "school", "programme", "health_class", "result", "notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.visible_to(self.user).order_by(
            "name_sort_key"
        )


class DeclaredRelationshipForm(ScopedModelForm):
    class Meta:
        model = DeclaredRelationship
        fields = ["person", "relative", "kind"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        people = Person.objects.visible_to(self.user).order_by("name_sort_key")
        self.fields["person"].queryset = people
        self.fields["relative"].queryset = Person.objects.visible_to(self.user).order_by(
            "name_sort_key"
        )


class QuotaForm(forms.Form):
    """One number per commune; built dynamically from the province's communes."""

    def __init__(self, *args, communes=(), initial_quotas=None, pools=None, **kwargs):
        super().__init__(*args, **kwargs)
        initial_quotas = initial_quotas or {}
        pools = pools or {}
        self.communes = list(communes)
        for commune in self.communes:
            pool = pools.get(commune.pk, 0)
            quota = initial_quotas.get(commune.pk, 0)
            help_text = _("eligible pool: %(n)s") % {"n": pool}
            if quota > pool:
                help_text = _("eligible pool: %(n)s — the quota is above it and cannot be met") % {
                    "n": pool
                }
            self.fields[f"c{commune.pk}"] = numbers.IntegerField(
                label=str(commune),
                min_value=0,
                initial=quota,
                help_text=help_text,
            )

    def quotas(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data.get(f"c{c.pk}") or 0 for c in self.communes}
