from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForcesConfig(AppConfig):
    name = "garrison.forces"
    label = "forces"
    verbose_name = _("Militia and reserve forces")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import (
            facts,  # noqa: F401  (registers the "militia" and "reserve" engines)
            home,  # noqa: F401  (home page sections and to-do items)
            indicators,  # noqa: F401  (figures for report forms and dashboards)
            models,
            views,  # noqa: F401  (registers the model configurations)
        )

        for model in (
            models.MilitiaUnit,
            models.MilitiaMember,
            models.MemberAssignment,
            models.ForceTarget,
            models.ReserveUnit,
            models.Reservist,
            models.TechnicalMeans,
            models.TrainingPlan,
            models.TrainingSession,
            models.Attendance,
        ):
            auditlog.register(model, exclude_fields=["version", "updated_at"])
