"""The operations pages, under one namespace `operations`: each sub-domain lists its own routes."""

from .education.urls import urlpatterns as education_urls
from .evacuation.urls import urlpatterns as evacuation_urls
from .events.urls import urlpatterns as event_urls
from .incidents.urls import urlpatterns as incident_urls
from .overview_urls import urlpatterns as overview_urls
from .patrols.urls import urlpatterns as patrol_urls
from .programmes.urls import urlpatterns as programme_urls
from .rosters.urls import urlpatterns as roster_urls
from .works.urls import urlpatterns as work_urls

app_name = "operations"

urlpatterns = [
    *event_urls,
    *roster_urls,
    *patrol_urls,
    *incident_urls,
    *work_urls,
    *evacuation_urls,
    *education_urls,
    *programme_urls,
    *overview_urls,
]
