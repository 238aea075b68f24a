from django.urls import path

from garrison.core.urls import model_urls

from . import pages, submission_pages
from .form_views import (
    FormFieldConfig,
    FormRuleConfig,
    FormVersionConfig,
    ReportFormConfig,
    SubmissionConfig,
)
from .rate_urls import urlpatterns as rate_urlpatterns
from .views import DirectiveConfig, DirectiveReceiptConfig

app_name = "reporting"

urlpatterns = [
    *model_urls(DirectiveConfig, "directives/"),
    path(
        "directives/<int:pk>/pdf/",
        pages.DirectivePdfView.for_config(DirectiveConfig),
        name="directive_pdf",
    ),
    path(
        "directives/files/<int:pk>/",
        pages.directive_attachment,
        name="directive_attachment",
    ),
    *model_urls(DirectiveReceiptConfig, "receipts/"),
    path("receipts/files/<int:pk>/", pages.receipt_attachment, name="receipt_attachment"),
    # report forms, their versions, and the fields and rules of a version
    *model_urls(ReportFormConfig, "forms/"),
    *model_urls(FormVersionConfig, "forms/versions/"),
    *model_urls(FormFieldConfig, "forms/fields/"),
    *model_urls(FormRuleConfig, "forms/rules/"),
    # returns: the commune's to-do and fill page, the province's approvals
    path("reports/to-make/", submission_pages.TodoView.as_view(), name="submission_todo"),
    path("reports/review/", submission_pages.ReviewView.as_view(), name="submission_review"),
    path(
        "reports/fill/<int:pk>/<str:period_key>/",
        submission_pages.FillView.for_config(ReportFormConfig),
        name="submission_fill",
    ),
    *model_urls(SubmissionConfig, "reports/"),
    *rate_urlpatterns,
]
