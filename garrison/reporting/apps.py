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
            models,
        )
        from .directives import views as directive_views  # noqa: F401  (registers their configs)
        from .returns import views as return_views  # noqa: F401  (configs and report to-do items)

        for model in (
            models.Directive,
            models.DirectiveAttachment,
            models.DirectiveReceipt,
            models.ReceiptAttachment,
            models.ReportForm,
            models.FormVersion,
            models.FormField,
            models.FormRule,
            models.Submission,
        ):
            auditlog.register(model, exclude_fields=["version", "updated_at"])
