from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "garrison.people"
    label = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import views  # noqa: F401  (registers the model configurations)
        from .models import Person

        auditlog.register(Person, exclude_fields=["version", "updated_at", "name_sort_key"])
