"""Routes of the generic machinery, and `model_urls()` that domain apps call in their urls.py."""

from __future__ import annotations

from django.urls import path

from . import export_jobs, health, import_jobs, inbox, pickers, reads, views
from .registry import ModelConfig

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    # for the load balancer and monitoring: open, no session, never cached (core.health)
    path("healthz", health.liveness, name="healthz"),
    path("readyz", health.readiness, name="readyz"),
    path("imports/<int:pk>/", import_jobs.ImportJobView.as_view(), name="import_job"),
    # a workbook a worker builds: its progress, then its file (its author's only)
    path("exports/<int:pk>/", export_jobs.ExportJobView.as_view(), name="export_job"),
    path(
        "exports/<int:pk>/download/",
        export_jobs.ExportDownloadView.as_view(),
        name="export_download",
    ),
    # who read whose personal data (the province's view of the audit of reads)
    path("audit/reads/", reads.ReadsView.as_view(), name="reads"),
    # the search behind every picker: rows of a register in the user's scope, as JSON
    path("search/<str:key>/", pickers.SearchView.as_view(), name="search"),
    # the user's own notifications
    path("inbox/", inbox.InboxView.as_view(), name="inbox"),
    path("inbox/read-all/", inbox.MarkAllReadView.as_view(), name="notification_read_all"),
    path("inbox/<int:pk>/", inbox.NotificationOpenView.as_view(), name="notification_open"),
    path("inbox/<int:pk>/act/", inbox.NotificationActView.as_view(), name="notification_act"),
]


def model_urls(config: type[ModelConfig], prefix: str = "") -> list:
    """The list/detail/add/edit/delete/export/import routes of one configured model."""
    n = config.name

    def view(kind: str, default: type) -> type:
        return config.view_classes.get(kind, default)

    routes = [
        path(f"{prefix}", view("list", views.ObjectListView).for_config(config), name=f"{n}_list"),
        path(
            f"{prefix}<int:pk>/",
            view("detail", views.ObjectDetailView).for_config(config),
            name=f"{n}_detail",
        ),
        path(
            f"{prefix}export/",
            view("export", views.ObjectExportView).for_config(config),
            name=f"{n}_export",
        ),
    ]
    if config.form_class is not None:
        routes.append(
            path(
                f"{prefix}<int:pk>/edit/",
                view("edit", views.ObjectEditView).for_config(config),
                name=f"{n}_edit",
            )
        )
        if config.can_add:
            routes.append(
                path(
                    f"{prefix}add/",
                    view("edit", views.ObjectEditView).for_config(config),
                    name=f"{n}_add",
                )
            )
    if config.can_delete:
        routes.append(
            path(
                f"{prefix}<int:pk>/delete/",
                view("delete", views.ObjectDeleteView).for_config(config),
                name=f"{n}_delete",
            )
        )
    for action in config.actions:
        routes.append(
            path(
                f"{prefix}<int:pk>/{action.name.replace('_', '-')}/",
                view("action", views.ObjectActionView).for_action(config, action.name),
                name=f"{n}_{action.name}",
            )
        )
    if config.import_columns:
        routes.append(
            path(
                f"{prefix}import/",
                view("import", import_jobs.ObjectImportView).for_config(config),
                name=f"{n}_import",
            )
        )
    return routes
