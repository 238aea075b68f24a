"""Pages of the programmes registers: programmes (with "Add help given"), the help given, the list
of recipients to sign (PDF) and the province's and Ministry's totals."""

from __future__ import annotations

from django.urls import path

from garrison.core.urls import model_urls

from . import views
from .views import AidConfig, ProgrammeConfig

urlpatterns: list = [
    path("programmes/totals/", views.TotalsView.as_view(), name="programme_totals"),
    *model_urls(ProgrammeConfig, "programmes/"),
    path(
        "programmes/<int:pk>/recipients.pdf/",
        views.RecipientsPdfView.for_config(ProgrammeConfig),
        name="programme_recipients_pdf",
    ),
    *model_urls(AidConfig, "programme-aid/"),
]
