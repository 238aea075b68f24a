"""Routes of the directive pages (joined under the `reporting` namespace by reporting/urls.py)."""

from __future__ import annotations

from django.urls import path

from garrison.core.urls import model_urls

from . import views
from .views import DirectiveConfig, DirectiveReceiptConfig

urlpatterns: list = [
    *model_urls(DirectiveConfig, "directives/"),
    path(
        "directives/<int:pk>/pdf/",
        views.DirectivePdfView.for_config(DirectiveConfig),
        name="directive_pdf",
    ),
    path(
        "directives/files/<int:pk>/",
        views.directive_attachment,
        name="directive_attachment",
    ),
    *model_urls(DirectiveReceiptConfig, "receipts/"),
    path("receipts/files/<int:pk>/", views.receipt_attachment, name="receipt_attachment"),
]
