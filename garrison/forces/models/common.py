"""Choices shared by the militia, reserve and training models."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    """DQTV 6: the kinds of militia and self-defence (the order of the law)."""

    LOCAL = "local", _("local")
    MOBILE = "mobile", _("mobile")
    STANDING = "standing", _("standing")
    MARITIME = "maritime", _("maritime")
    AIR_DEFENCE = "air_defence", _("air defence")
    ARTILLERY = "artillery", _("artillery")
    RECONNAISSANCE = "reconnaissance", _("reconnaissance")
    SIGNALS = "signals", _("signals")
    ENGINEERING = "engineering", _("engineering")
    CHEMICAL = "chemical", _("chemical")
    MEDICAL = "medical", _("medical")


class UnitLevel(models.TextChoices):
    """DQTV 15: team, crew, squad, platoon, company (self-defence also battalions)."""

    TEAM = "team", _("team")
    CREW = "crew", _("crew")
    SQUAD = "squad", _("squad")
    PLATOON = "platoon", _("platoon")
    COMPANY = "company", _("company")
    BATTALION = "battalion", _("battalion")


class Force(models.TextChoices):
    MILITIA = "militia", _("militia (of the commune)")
    SELF_DEFENCE = "self_defence", _("self-defence (of an agency or enterprise)")


class Role(models.TextChoices):
    """A member's post in a unit; the establishment counts each."""

    LEADER = "leader", _("unit leader")
    DEPUTY = "deputy", _("deputy leader")
    POLITICAL = "political", _("political officer")
    MEMBER = "member", _("member")
