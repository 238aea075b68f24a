"""Sign-in, accounts of the user's scope, and the user's own API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from garrison.core.registry import ApiSpec, Column, ImportColumn, ModelConfig, register

from .filters import UserFilterSet
from .forms import ApiTokenForm, UserForm, UserImportForm
from .models import ApiToken, User
from .permissions import can_manage_users
from .schemas import UserOut


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@register
class UserConfig(ModelConfig):
    model = User
    name = "user"
    namespace = "accounts"
    nav_label = gettext_lazy("Users")
    nav_order = 90
    nav_group = "administration"

    @classmethod
    def user_can_navigate(cls, user):
        return can_manage_users(user)  # the accounts' managers, not every province user

    can_delete = False  # accounts are disabled, not deleted: the audit log points at them
    select_related = ["province", "commune"]
    list_columns = [
        Column("username", order_by="username", link=True),
        Column("full_name", order_by="full_name"),
        Column("role", order_by="role"),
        Column("province", order_by="province__code"),
        Column("commune", order_by="commune__name"),
        Column("is_active"),
        Column("last_login", order_by="last_login"),
    ]
    default_ordering = ["username"]
    search_fields = ["username__icontains", "full_name__icontains"]
    filterset_class = UserFilterSet
    form_class = UserForm
    import_form_class = UserImportForm
    api = ApiSpec(path="/accounts/users", id_param="user_id", out=UserOut)
    natural_key = "username"
    import_columns = [
        ImportColumn("username", required=True),
        ImportColumn("full_name"),
        ImportColumn("role", required=True),
        ImportColumn("province", lookup="code"),
        ImportColumn("commune", lookup="code"),
        ImportColumn("phone"),
        ImportColumn("email"),
        ImportColumn("is_active"),
        ImportColumn("password", aliases=("initial password", "mật khẩu ban đầu")),
    ]
    detail_fields = [
        "username",
        "full_name",
        "role",
        "province",
        "commune",
        "phone",
        "email",
        "is_active",
        "last_login",
        "date_joined",
    ]

    @classmethod
    def user_can_write(cls, user) -> bool:
        return can_manage_users(user)

    @classmethod
    def update(cls, actor, form, expected_version):
        """A new password set by an account manager ends the account's sessions (Django checks
        the password's hash on every request) and revokes its API tokens, in the same
        transaction."""
        user = super().update(actor, form, expected_version)
        if form.cleaned_data.get("password"):
            user.api_tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        return user

    @classmethod
    def queryset(cls, request, action="view"):
        qs = super().queryset(request, action)
        if action == "change" and not cls.user_can_write(request.user):
            return qs.none()
        return qs


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    new_key = None
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _token, new_key = ApiToken.issue(request.user, form.cleaned_data["name"])
        messages.success(request, _("Token created. Copy it now: it will not be shown again."))
        form = ApiTokenForm()
    return render(
        request,
        "accounts/tokens.html",
        {"form": form, "tokens": request.user.api_tokens.all(), "new_key": new_key},
    )


@login_required
@require_POST
def revoke_token(request: HttpRequest, pk: int) -> HttpResponse:
    token = request.user.api_tokens.filter(pk=pk, revoked_at__isnull=True).first()
    if token is None:
        raise Http404
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    messages.success(request, _("Token %(name)s revoked.") % {"name": token.name})
    return HttpResponseRedirect(reverse("accounts:tokens"))
