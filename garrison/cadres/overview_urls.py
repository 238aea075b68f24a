"""Routes of the province views (fill rate, vacancies, structure, training priority)."""

from django.urls import path

from .views import overview as pages

urlpatterns: list = [
    path("", pages.CadresOverviewView.as_view(), name="overview"),
    path("overview/export/", pages.CadresOverviewExportView.as_view(), name="overview_export"),
    path("training-priority/", pages.TrainingPriorityView.as_view(), name="priority"),
    path(
        "training-priority/export/",
        pages.TrainingPriorityExportView.as_view(),
        name="priority_export",
    ),
]
