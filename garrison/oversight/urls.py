"""The oversight pages, under one namespace `oversight`: each sub-domain lists its own routes."""

from .assessment.urls import urlpatterns as assessment_urls
from .inspections.urls import urlpatterns as inspection_urls
from .lessons.urls import urlpatterns as lesson_urls
from .reviews.urls import urlpatterns as review_urls

app_name = "oversight"

urlpatterns = [*inspection_urls, *review_urls, *lesson_urls, *assessment_urls]
