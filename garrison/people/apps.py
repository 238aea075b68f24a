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

        # a new person has no account, profile, registration or reservist record yet: the audit
        # diff of a creation need not read those four reverse one-to-one links (four queries
        # per person saved, by hand or by an import)
        reverse_links = [r.name for r in Person._meta.related_objects if r.one_to_one]
        auditlog.register(
            Person,
            exclude_fields=[
                "version",
                "updated_at",
                "name_sort_key",
                "search_name",
                *reverse_links,
            ],
        )
