from django.contrib import admin
from django.urls import include, path

from .api import api

urlpatterns = [
    path("", include("garrison.core.urls")),
    path("accounts/", include("garrison.accounts.urls")),
    path("territory/", include("garrison.territory.urls")),
    path("commands/", include("garrison.commands.urls")),
    path("people/", include("garrison.people.urls")),
    path("conscription/", include("garrison.conscription.urls")),
    path("forces/", include("garrison.forces.urls")),
    path("reporting/", include("garrison.reporting.urls")),
    path("operations/", include("garrison.operations.urls")),
    path("oversight/", include("garrison.oversight.urls")),
    path("cadres/", include("garrison.cadres.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]

handler404 = "garrison.core.errors.page_not_found"
handler500 = "garrison.core.errors.server_error"  # a database out of reach answers 503
