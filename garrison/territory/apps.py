from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoryConfig(AppConfig):
    name = "garrison.territory"
    label = "territory"
    verbose_name = _("Territory")

    def ready(self) -> None:
        from . import views  # noqa: F401  (registers the model configurations; audited by core)
