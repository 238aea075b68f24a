from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import Any

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from garrison.core.models import DateBoundsModel, ScopedModel, VersionedModel
from garrison.core.scoping import COMMUNE, NATION, PROVINCE, Scope, ScopedQuerySet

from .rules import ROLE_GRANTS, ROLE_LEVEL, WRITING_ROLES, Grant, Role, managed_roles


class UserQuerySet(ScopedQuerySet):
    def editable_by(self, user: Any) -> UserQuerySet:
        """The accounts of the user's scope whose role is below the user's own (a superuser's
        account is changed by superusers only): what the edit page, the API, imports and
        `can_manage_users` reach (issue 15, finding 12)."""
        qs = super().editable_by(user)
        if getattr(user, "is_superuser", False):
            return qs
        roles = managed_roles(getattr(user, "role", ""))
        return qs.filter(role__in=roles, is_superuser=False)


class ScopedUserManager(UserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    pass


class User(ScopedModel, VersionedModel, AbstractUser):
    """A person who signs in. Role + province/commune decide their scope (core.scoping)."""

    future_dates = ()  # every date of the row is a past event

    scope_province_path = "province_id"
    scope_commune_path = "commune_id"
    scope_commune_may_be_empty = False
    write_levels = frozenset({NATION, PROVINCE})

    role = models.CharField(_("role"), max_length=32, choices=Role, default=Role.COMMUNE_STAFF)
    province = models.ForeignKey(
        "territory.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("province"),
    )
    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("commune"),
    )
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    person = models.OneToOneField(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="user_account",
        verbose_name=_("person record"),
        help_text=_(
            "The user's own record in the people register: it lets the system stop them from "
            "deciding about their declared relatives."
        ),
    )

    objects = ScopedUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    def clean(self) -> None:
        super().clean()
        level = ROLE_LEVEL.get(self.role)
        if self.commune_id and not self.province_id:
            self.province_id = self.commune.province_id
        if level == NATION and (self.province_id or self.commune_id):
            raise ValidationError(
                {
                    "province": _(
                        "A ministry account covers the whole nation: leave province and "
                        "commune empty."
                    )
                }
            )
        if level == PROVINCE and (not self.province_id or self.commune_id):
            raise ValidationError(
                {"province": _("A province role needs a province and no commune.")}
            )
        if level == COMMUNE:
            if not self.commune_id:
                raise ValidationError({"commune": _("A commune role needs a commune.")})
            if self.province_id != self.commune.province_id:
                raise ValidationError(
                    {"commune": _("The commune must lie in the chosen province.")}
                )

    @property
    def scope(self) -> Scope | None:
        if self.is_superuser:
            return Scope(NATION, can_write=True, grants=frozenset(Grant.values))
        level = ROLE_LEVEL.get(self.role)
        try:
            return Scope(
                level or "",
                province_id=self.province_id,
                commune_id=self.commune_id if level == COMMUNE else None,
                can_write=self.role in WRITING_ROLES,
                grants=ROLE_GRANTS.get(self.role, frozenset()),
            )
        except ValueError:
            return None  # an inconsistent account sees nothing rather than too much

    @property
    def scope_label(self) -> str:
        if self.is_superuser or ROLE_LEVEL.get(self.role) == NATION:
            return str(_("Nation"))
        if ROLE_LEVEL.get(self.role) == COMMUNE and self.commune_id:
            return self.commune.name
        return self.province.name if self.province_id else ""


class ApiTokenQuerySet(models.QuerySet):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(DateBoundsModel):
    """A per-user token for programs. Only a hash is stored; the key is shown once."""

    future_dates = ()  # every date of the row is a past event

    PREFIX_LENGTH = 8
    # "last used" is written at most this often per token (a read must not write each time)
    LAST_USED_EVERY = datetime.timedelta(minutes=5)

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=PREFIX_LENGTH, editable=False)
    key_hash = models.CharField(
        max_length=64, unique=True, editable=False, verbose_name=_("key fingerprint")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # written at most every LAST_USED_EVERY (`mark_used`): right to within 5 minutes
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, user: User, name: str) -> tuple[ApiToken, str]:
        key = secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user, name=name, prefix=key[: cls.PREFIX_LENGTH], key_hash=cls.hash_key(key)
        )
        return token, key

    @classmethod
    def authenticate(cls, key: str) -> User | None:
        token = (
            cls.objects.active().select_related("user").filter(key_hash=cls.hash_key(key)).first()
        )
        if token is None:
            return None
        token.mark_used()
        return token.user

    def mark_used(self) -> None:
        """Record the use, at most once per LAST_USED_EVERY: a read must not write each time
        (issue 20: every token-authenticated read was an UPDATE). The stored value is read with
        the token already; the UPDATE is conditional, so workers racing on one token write once.
        "Last used" is therefore right to within LAST_USED_EVERY (the tokens page says so)."""
        now = timezone.now()
        stale = now - self.LAST_USED_EVERY
        if self.last_used_at is not None and self.last_used_at > stale:
            return
        ApiToken.objects.filter(pk=self.pk).filter(
            models.Q(last_used_at__isnull=True) | models.Q(last_used_at__lte=stale)
        ).update(last_used_at=now)
        self.last_used_at = now
