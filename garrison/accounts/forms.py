from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from garrison.core.forms import ModelForm, ScopedModelForm

from .models import ApiToken, User
from .rules import Role, grantable_roles


class UserForm(ScopedModelForm):
    """Create or change an account. The role choices, provinces and communes offered are only
    those the acting user holds, so nobody can grant more than they have."""

    password = forms.CharField(
        label=gettext_lazy("initial password"),
        widget=forms.PasswordInput(render_value=False),
        required=False,
        help_text=gettext_lazy(
            "Required for a new account; leave empty to keep the current password."
        ),
    )

    class Meta:
        model = User
        fields = [
            "username",
            "full_name",
            "role",
            "province",
            "commune",
            "phone",
            "email",
            "is_active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        actor = self.user
        allowed = grantable_roles(getattr(actor, "role", ""), getattr(actor, "is_superuser", False))
        self.fields["role"].choices = [(v, label) for v, label in Role.choices if v in allowed]
        self.fields["commune"].queryset = self.fields["commune"].queryset.order_by("name")
        scope = getattr(actor, "scope", None)
        if scope is not None and scope.province_id and not self.instance.pk:
            self.initial.setdefault("province", scope.province_id)

    def clean_role(self):
        role = self.cleaned_data["role"]
        allowed = grantable_roles(self.user.role, self.user.is_superuser)
        if role not in allowed:
            raise forms.ValidationError(_("You cannot grant the role %(role)s.") % {"role": role})
        return role

    def clean(self):
        data = super().clean()
        commune = data.get("commune")
        if commune is not None and not data.get("province"):
            data["province"] = commune.province
            self.instance.province = commune.province
        password = data.get("password")
        if not self.instance.pk and not password:
            self.add_error("password", _("Give the new account an initial password."))
        if password:
            # the instance gets the form's values only after clean(): give it the names now, so
            # "too similar to the username" is checked on a new account too
            for name in ("username", "full_name", "email"):
                if data.get(name):
                    setattr(self.instance, name, data[name])
            try:
                password_validation.validate_password(password, self.instance)
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return data

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=False)
        if self.cleaned_data.get("password"):
            user.set_password(self.cleaned_data["password"])
        if commit:
            user.save()
        return user


class UserImportForm(UserForm):
    """Imports set the initial password of new accounts only; an existing account keeps its
    password, so re-importing the same sheet changes nothing."""

    def clean(self):
        if self.instance.pk:
            self.cleaned_data["password"] = ""
        return super().clean()


class ApiTokenForm(ModelForm):
    class Meta:
        model = ApiToken
        fields = ["name"]
        labels = {"name": gettext_lazy("What the token is for")}
