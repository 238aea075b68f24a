from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "garrison.oversight"
    label = "oversight"
    verbose_name = _("Inspection and assessment")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models
        from .assessment import home as assessment_home  # noqa: F401
        from .assessment import indicators as assessment_indicators  # noqa: F401
        from .assessment import views as assessment_views  # noqa: F401
        from .inspections import home as inspection_home  # noqa: F401
        from .inspections import indicators as inspection_indicators  # noqa: F401
        from .inspections import views as inspection_views  # noqa: F401
        from .lessons import views as lesson_views  # noqa: F401
        from .reviews import views as review_views  # noqa: F401

        # versioned rows are audited by core; these rows have no version of their own
        for model in (
            models.ChecklistVersion,
            models.InspectionTarget,
            models.ReviewFigure,
            models.CommuneScore,
            models.ScoreFigure,
        ):
            auditlog.register(model)
