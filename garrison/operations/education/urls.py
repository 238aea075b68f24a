"""Pages of defence and security education: the sessions, their attendance, the cadres of the
four groups, and the coverage per group (with its workbook)."""

from __future__ import annotations

from django.urls import path

from garrison.core.urls import model_urls

from . import coverage
from .views import AttendanceConfig, AudienceMemberConfig, SessionConfig

urlpatterns: list = [
    *model_urls(SessionConfig, "education/sessions/"),
    *model_urls(AttendanceConfig, "education/attendance/"),
    *model_urls(AudienceMemberConfig, "education/groups/"),
    path("education/coverage/", coverage.CoverageView.as_view(), name="education_coverage"),
    path(
        "education/coverage.xlsx",
        coverage.CoverageExportView.as_view(),
        name="education_coverage_export",
    ),
]
