from django.contrib.auth import views as auth_views
from django.urls import path

from garrison.core.urls import model_urls

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.revoke_token, name="token_revoke"),
    *model_urls(views.UserConfig, "users/"),
]
