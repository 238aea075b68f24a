"""Pages of the reviews register (with "Quote figures from the registers") and the review's
report as PDF."""

from __future__ import annotations

from django.urls import path

from garrison.core.urls import model_urls

from .views import ReviewConfig, ReviewPdfView

urlpatterns: list = [
    *model_urls(ReviewConfig, "reviews/"),
    path(
        "reviews/<int:pk>/pdf/",
        ReviewPdfView.for_config(ReviewConfig),
        name="review_pdf",
    ),
]
