from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "garrison.reporting"
    label = "reporting"
    verbose_name = _("Directives and reports")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import (
            form_views,  # noqa: F401  (registers the report-form and return configurations)
            home,  # noqa: F401  (home page to-do items)
            models,
            submission_pages,  # noqa: F401  (the commune's report to-do items)
            views,  # noqa: F401  (registers the model configurations)
        )

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
