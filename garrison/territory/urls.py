from django.urls import path

from garrison.core.urls import model_urls

from . import pages
from .views import CommuneConfig, ProvinceConfig, VillageConfig

app_name = "territory"

urlpatterns = [
    *model_urls(ProvinceConfig, "provinces/"),
    # a province's home page, read-only, for the nation (and the province itself)
    path("provinces/<int:pk>/dashboard/", pages.province_dashboard, name="province_dashboard"),
    *model_urls(CommuneConfig, "communes/"),
    *model_urls(VillageConfig, "villages/"),
]
