from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConscriptionConfig(AppConfig):
    name = "garrison.conscription"
    label = "conscription"
    verbose_name = _("Military service")

    def ready(self) -> None:
        from . import (
            facts,  # noqa: F401  (registers the "service" engine of `garrison assess`)
            home,  # noqa: F401  (home page sections and to-do items)
            indicators,  # noqa: F401  (figures for report forms and dashboards)
            signals,  # noqa: F401  (a new campaign gets its communes' quota rows)
            views,  # noqa: F401  (registers the model configurations)
        )
        # every versioned row is audited by core (core/apps.py)
