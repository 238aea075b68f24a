"""The readiness overview's routes (operations.overview): the page, its workbook and its PDF."""

from django.urls import path

from . import overview

urlpatterns = [
    path("overview/", overview.OverviewView.as_view(), name="overview"),
    path("overview.xlsx", overview.OverviewExportView.as_view(), name="overview_export"),
    path("overview.pdf", overview.OverviewPdfView.as_view(), name="overview_pdf"),
]
