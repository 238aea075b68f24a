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

        # versioned rows are audited by core; these rows have no version of their own
        for model in (
            models.MemberAssignment,
            models.Attendance,
            models.Absence,
        ):
            auditlog.register(model)
