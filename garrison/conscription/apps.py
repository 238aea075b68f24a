from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConscriptionConfig(AppConfig):
    name = "garrison.conscription"
    label = "conscription"
    verbose_name = _("Military service")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import (
            facts,  # noqa: F401  (registers the "service" engine of `garrison assess`)
            home,  # noqa: F401  (home page sections and to-do items)
            indicators,  # noqa: F401  (figures for report forms and dashboards)
            models,
            signals,  # noqa: F401  (a new campaign gets its communes' quota rows)
            views,  # noqa: F401  (registers the model configurations)
        )

        for model in (
            models.ServiceRecord,
            models.RecordTransfer,
            models.DeclaredRelationship,
            models.Campaign,
            models.CommuneQuota,
            models.Candidate,
            models.HealthExam,
            models.ServiceDecision,
            models.CallUpOrder,
            models.Admission,
        ):
            auditlog.register(model, exclude_fields=["version", "updated_at"])
