"""Routes of the readiness events, the communes they reach and the plans (joined under the
`operations` namespace by operations/urls.py)."""

from __future__ import annotations

from django.urls import path

from garrison.core.urls import model_urls

from . import views
from .views import EventConfig, PlanConfig, TargetConfig

urlpatterns: list = [
    *model_urls(EventConfig, "events/"),
    *model_urls(TargetConfig, "event-communes/"),
    path("plans/review/", views.PlanReviewView.as_view(), name="plan_review"),
    *model_urls(PlanConfig, "plans/"),
    path("plans/<int:pk>/pdf/", views.PlanPdfView.for_config(PlanConfig), name="plan_pdf"),
    path("plans/<int:pk>/document/", views.PlanDocumentView.as_view(), name="plan_document"),
]
