"""Routes of the reporting-rate pages, exports and the digest (included by reporting/urls.py)."""

from __future__ import annotations

from django.urls import path

from . import exports, rate_pages
from .form_views import SubmissionConfig

urlpatterns: list = [
    path("reports/rates/", rate_pages.RatesView.as_view(), name="rates"),
    path("reports/rates/xlsx/", exports.RatesXlsxView.as_view(), name="rates_xlsx"),
    path("reports/rates/pdf/", exports.RatesPdfView.as_view(), name="rates_pdf"),
    # one return: read through the scoped lookup (404 outside the user's scope)
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
