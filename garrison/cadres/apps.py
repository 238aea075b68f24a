from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CadresConfig(AppConfig):
    name = "garrison.cadres"
    label = "cadres"
    verbose_name = _("Cadres")

    def ready(self) -> None:
        from . import (
            home,  # noqa: F401  (home page sections and to-do items)
            views,  # noqa: F401  (registers the model configurations)
        )
        # every versioned row is audited by core (core/apps.py)
