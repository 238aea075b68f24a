"""Pages of the lessons registers: lessons and effective models (with "Record a replication")
and the replications (their result edited later)."""

from __future__ import annotations

from garrison.core.urls import model_urls

from .views import LessonConfig, ReplicationConfig

urlpatterns: list = [
    *model_urls(LessonConfig, "lessons/"),
    *model_urls(ReplicationConfig, "replications/"),
]
