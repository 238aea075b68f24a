from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "garrison.operations"
    label = "operations"
    verbose_name = _("Readiness and civil defence")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import commune_figures, home, indicators, models  # noqa: F401
        from .education import home as education_home  # noqa: F401
        from .education import indicators as education_indicators  # noqa: F401
        from .education import views as education_views  # noqa: F401
        from .evacuation import home as evacuation_home  # noqa: F401
        from .evacuation import indicators as evacuation_indicators  # noqa: F401
        from .evacuation import views as evacuation_views  # noqa: F401
        from .events import views as event_views  # noqa: F401  (registers their configs)
        from .incidents import views as incident_views  # noqa: F401
        from .patrols import views as patrol_views  # noqa: F401
        from .programmes import home as programme_home  # noqa: F401
        from .programmes import indicators as programme_indicators  # noqa: F401
        from .programmes import views as programme_views  # noqa: F401
        from .rosters import views as roster_views  # noqa: F401
        from .works import home as work_home  # noqa: F401
        from .works import indicators as work_indicators  # noqa: F401
        from .works import views as work_views  # noqa: F401

        # versioned rows are audited by core; these rows have no version of their own
        for model in (
            models.EventTarget,
            models.DutyAssignment,
            models.IncidentUpdate,
            models.Mobilisation,
            models.WorkInspection,
            models.EducationAttendance,
        ):
            auditlog.register(model)
