from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "garrison.reporting"
    label = "reporting"
    verbose_name = _("Directives and reports")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import (
            home,  # noqa: F401  (home page sections and to-do items)
            indicators,  # noqa: F401  (registers the reporting figures)
            models,
        )
        from .directives import views as directive_views  # noqa: F401  (registers their configs)
        from .returns import views as return_views  # noqa: F401  (configs and report to-do items)

        # versioned rows are audited by core; these rows have no version of their own
        for model in (
            models.DirectiveAttachment,
            models.ReceiptAttachment,
            models.FormVersion,
        ):
            auditlog.register(model)
