"""Pages of the duty rosters: the shifts' register under duty/ (a shift's page, book, take
off), the roster of a range with its PDF and workbook, and planning a range."""

from django.urls import path

from garrison.core.urls import model_urls

from . import pages
from .views import DutyShiftConfig

urlpatterns = [
    path("duty/roster/", pages.RosterView.as_view(), name="roster"),
    path("duty/roster/pdf/", pages.RosterPdfView.as_view(), name="roster_pdf"),
    path("duty/roster/xlsx/", pages.RosterXlsxView.as_view(), name="roster_xlsx"),
    path("duty/plan/", pages.PlanRosterView.as_view(), name="roster_plan"),
    *model_urls(DutyShiftConfig, "duty/"),
]
