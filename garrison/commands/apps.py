from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommandsConfig(AppConfig):
    name = "garrison.commands"
    label = "commands"
    verbose_name = _("Military commands")

    def ready(self) -> None:
        from . import (
            home,  # noqa: F401  (home page sections and to-do items)
            indicators,  # noqa: F401  (figures for report forms and dashboards)
            views,  # noqa: F401  (registers the model configurations)
        )
        # every versioned row is audited by core (core/apps.py)
