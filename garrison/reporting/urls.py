"""The reporting pages, under one namespace `reporting`: each sub-domain lists its own routes."""

from .directives.urls import urlpatterns as directive_urls
from .rates.urls import urlpatterns as rate_urls
from .returns.urls import urlpatterns as return_urls

app_name = "reporting"

urlpatterns = [*directive_urls, *return_urls, *rate_urls]
