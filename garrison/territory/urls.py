from garrison.core.urls import model_urls

from .views import CommuneConfig, ProvinceConfig

app_name = "territory"

urlpatterns = [
    *model_urls(ProvinceConfig, "provinces/"),
    *model_urls(CommuneConfig, "communes/"),
]
