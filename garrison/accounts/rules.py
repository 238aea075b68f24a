"""Roles, the scope level each one lives at, and who may grant what. Pure: no ORM."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from garrison.core.scoping import COMMUNE, NATION, PROVINCE


class Role(models.TextChoices):
    MINISTRY_VIEWER = "ministry_viewer", _("Ministry viewer")
    PROVINCE_STAFF = "province_staff", _("Province staff")
    PROVINCE_INSPECTOR = "province_inspector", _("Province inspector")
    COMMUNE_COMMANDER = "commune_commander", _("Commune commander")
    COMMUNE_STAFF = "commune_staff", _("Commune staff")


#: the scope level each role is bound to
ROLE_LEVEL: dict[str, str] = {
    Role.MINISTRY_VIEWER: NATION,
    Role.PROVINCE_STAFF: PROVINCE,
    Role.PROVINCE_INSPECTOR: PROVINCE,
    Role.COMMUNE_COMMANDER: COMMUNE,
    Role.COMMUNE_STAFF: COMMUNE,
}

#: roles that may change the registers of their scope (others read only)
WRITING_ROLES: frozenset[str] = frozenset(
    {Role.PROVINCE_STAFF, Role.COMMUNE_COMMANDER, Role.COMMUNE_STAFF}
)


class Grant(models.TextChoices):
    """Write grants beyond the registers (`core.scoping.Scope.grants`): a model whose
    `write_grant` names one is changed only by the roles holding it."""

    INSPECTION = "inspection", _("inspections, findings and corrective actions")
    LESSONS = "lessons", _("reviews, lessons and effective models")


#: the grants of each role (a superuser holds them all)
ROLE_GRANTS: dict[str, frozenset[str]] = {
    Role.PROVINCE_INSPECTOR: frozenset({Grant.INSPECTION, Grant.LESSONS}),
    Role.PROVINCE_STAFF: frozenset({Grant.LESSONS}),
}

#: roles that manage user accounts of their scope
USER_MANAGING_ROLES: frozenset[str] = frozenset({Role.PROVINCE_STAFF})

_RANK = {NATION: 0, PROVINCE: 1, COMMUNE: 2}

#: the order of roles, highest first: an account manager manages only the roles BELOW their own
#: (issue 15, finding 12). Province staff and the province inspector are peers: neither manages
#: the other, nor another account of their own role.
ROLE_RANK: dict[str, int] = {
    Role.MINISTRY_VIEWER: 0,
    Role.PROVINCE_STAFF: 1,
    Role.PROVINCE_INSPECTOR: 1,
    Role.COMMUNE_COMMANDER: 2,
    Role.COMMUNE_STAFF: 3,
}


def managed_roles(actor_role: str, actor_is_superuser: bool = False) -> list[str]:
    """Roles whose accounts an actor may change: every role for a superuser; for a role that
    manages accounts, the roles ranked below it; none otherwise."""
    if actor_is_superuser:
        return list(Role.values)
    if actor_role not in USER_MANAGING_ROLES:
        return []
    return [role for role in Role.values if ROLE_RANK[role] > ROLE_RANK[actor_role]]


def grantable_roles(actor_role: str, actor_is_superuser: bool = False) -> list[str]:
    """Roles an actor may give to an account: only roles below their own (`ROLE_RANK`), never a
    wider level than their own, never write rights they do not hold, and only if their role
    manages accounts at all."""
    if actor_is_superuser:
        return list(Role.values)
    if actor_role not in USER_MANAGING_ROLES:
        return []
    level = ROLE_LEVEL[actor_role]
    actor_writes = actor_role in WRITING_ROLES
    below = managed_roles(actor_role)
    return [
        role
        for role in Role.values
        if _RANK[ROLE_LEVEL[role]] >= _RANK[level]
        and (actor_writes or role not in WRITING_ROLES)
        and role in below
    ]
