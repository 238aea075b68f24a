"""Choices and field helpers shared by the militia, reserve and training models."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from garrison.core.scoping import NATION, PROVINCE

PROVINCE_WRITES = frozenset({NATION, PROVINCE})


def province_field(related_name: str = "+", db_index: bool = True) -> models.ForeignKey:
    """The province copied from the commune: one indexed filter for scoping, the sharding key
    (`db_index=False` where a composite index starts with it)."""
    return models.ForeignKey(
        "territory.Province",
        on_delete=models.PROTECT,
        related_name=related_name,
        editable=False,
        db_index=db_index,
        verbose_name=_("province"),
    )


class CommuneRow(models.Model):
    """A row held by one commune; its province is copied from the commune on every save."""

    commune = models.ForeignKey(
        "territory.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    province = province_field()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        self.province_id = self.commune.province_id
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "province"}
        super().save(*args, **kwargs)


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
