from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CadresConfig(AppConfig):
    name = "garrison.cadres"
    label = "cadres"
    verbose_name = _("Cadres")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import (
            home,  # noqa: F401  (home page sections and to-do items)
            models,
            views,  # noqa: F401  (registers the model configurations)
        )

        for model in (
            models.CadreProfile,
            models.BodyMembership,
            models.CareerEntry,
            models.CadreDecision,
            models.PostStandard,
            models.PlacementRun,
            models.PlacementPin,
            models.SuccessionPlan,
            models.Course,
            models.Enrolment,
            models.Evaluation,
            models.Recognition,
            models.Entitlement,
        ):
            auditlog.register(model, exclude_fields=["version", "updated_at"])
