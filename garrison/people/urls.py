from garrison.core.urls import model_urls

from .views import PersonConfig

app_name = "people"

urlpatterns = [
    *model_urls(PersonConfig),
]
