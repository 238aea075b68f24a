"""Routes of the reporting-rate page and its exports (joined under the `reporting` namespace by
reporting/urls.py)."""

from __future__ import annotations

from django.urls import path

from . import exports, views

urlpatterns: list = [
    path("reports/rates/", views.RatesView.as_view(), name="rates"),
    path("reports/rates/xlsx/", exports.RatesXlsxView.as_view(), name="rates_xlsx"),
    path("reports/rates/pdf/", exports.RatesPdfView.as_view(), name="rates_pdf"),
]
