"""Routes of report forms, their versions, fields and rules, and the communes' returns (joined
under the `reporting` namespace by reporting/urls.py)."""

from __future__ import annotations

from django.urls import path

from garrison.core.urls import model_urls

from . import exports
from .views import fill
from .views.registers import (
    FormFieldConfig,
    FormRuleConfig,
    FormVersionConfig,
    ReportFormConfig,
    SubmissionConfig,
)

urlpatterns: list = [
    # report forms, their versions, and the fields and rules of a version
    *model_urls(ReportFormConfig, "forms/"),
    *model_urls(FormVersionConfig, "forms/versions/"),
    *model_urls(FormFieldConfig, "forms/fields/"),
    *model_urls(FormRuleConfig, "forms/rules/"),
    # returns: the commune's to-do and fill page, the province's approvals
    path("reports/to-make/", fill.TodoView.as_view(), name="submission_todo"),
    path("reports/review/", fill.ReviewView.as_view(), name="submission_review"),
    path(
        "reports/fill/<int:pk>/<str:period_key>/",
        fill.FillView.for_config(ReportFormConfig),
        name="submission_fill",
    ),
    *model_urls(SubmissionConfig, "reports/"),
    # one return as a workbook or a PDF: read through the scoped lookup (404 outside the scope)
    path(
        "reports/<int:pk>/xlsx/",
        exports.SubmissionXlsxView.for_config(SubmissionConfig),
        name="submission_xlsx",
    ),
    path(
        "reports/<int:pk>/pdf/",
        exports.SubmissionPdfView.for_config(SubmissionConfig),
        name="submission_pdf",
    ),
]
