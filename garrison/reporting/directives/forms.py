"""Forms of the directive pages: the draft (with its files), and the small forms of the actions
(attach, remove files, amend, acknowledge, report completion, remind)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from garrison.core.forms import ScopedModelForm

from . import rules
from .models import Directive, DirectiveAttachment
from .services import attachment_errors

DATE = {"placeholder": _("dd/mm/yyyy")}
ACCEPT = ".pdf,.docx,.xlsx,.jpg,.jpeg,.png"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern); each one checked for its type,
    content and size, every bad file named in the error."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            _("PDF, Word (.docx), Excel (.xlsx), JPEG or PNG; at most %(mb)d MB each.")
            % {"mb": rules.MAX_ATTACHMENT_BYTES // (1024 * 1024)},
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            files = [single(d, initial) for d in data if d]
        else:
            files = [single(data, initial)] if data else []
        if self.required and not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        errors = attachment_errors(files)
        if errors:
            raise forms.ValidationError(errors)
        return files


class DirectiveForm(ScopedModelForm):
    """Editing a draft (its files are attached and removed by the actions)."""

    class Meta:
        model = Directive
        fields = [
            "number",
            "title",
            "text",
            "issued_on",
            "due_on",
            "to_all_communes",
            "recipients",
            "issuer_parent",
            "signer_title",
            "signer_name",
        ]
        widgets = {
            "issued_on": forms.DateInput(attrs=DATE),
            "due_on": forms.DateInput(attrs=DATE),
            "text": forms.Textarea(attrs={"rows": 10}),
            "recipients": forms.SelectMultiple(attrs={"size": 10}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipients"].queryset = self.fields["recipients"].queryset.order_by("name")

    def clean(self):
        data = super().clean()
        if not data.get("to_all_communes") and not data.get("recipients"):
            self.add_error(
                "recipients",
                _("Choose the communes the directive is addressed to, or tick “to all communes”."),
            )
        return data


class NewDirectiveForm(DirectiveForm):
    attachments = MultipleFileField(label=_("attachments"))


class AttachForm(forms.Form):
    attachments = MultipleFileField(label=_("attachments"), required=True)


class RemoveAttachmentsForm(forms.Form):
    attachments = forms.ModelMultipleChoiceField(
        label=_("files to remove"),
        queryset=DirectiveAttachment.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, directive=None, **kwargs):
        super().__init__(*args, **kwargs)
        if directive is not None:
            self.fields["attachments"].queryset = directive.attachments.all()


class IssueForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Send to the addressed communes now"),
        help_text=_("Once sent, the directive can no longer be edited, only amended by a note."),
    )


class AmendForm(forms.Form):
    note = forms.CharField(
        label=_("amendment note"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )


class RemindForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Remind every commune that has not reported completion"),
    )


class AcknowledgeForm(forms.Form):
    confirm = forms.BooleanField(label=_("We have received this directive"))


class CompleteForm(forms.Form):
    account = forms.CharField(
        label=_("account of completion"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text=_("What was done, by whom and when; figures where they apply."),
    )
    attachments = MultipleFileField(label=_("attachments"))
