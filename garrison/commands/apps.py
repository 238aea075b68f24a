from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommandsConfig(AppConfig):
    name = "garrison.commands"
    label = "commands"
    verbose_name = _("Military commands")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import (
            home,  # noqa: F401  (home page sections and to-do items)
            indicators,  # noqa: F401  (figures for report forms and dashboards)
            models,
            views,  # noqa: F401  (registers the model configurations)
        )

        for model in (
            models.MilitaryCommand,
            models.StaffingQuota,
            models.Assignment,
            models.Reorganisation,
            models.PredecessorUnit,
        ):
            auditlog.register(model, exclude_fields=["version", "updated_at"])
