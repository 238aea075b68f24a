from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "garrison.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        """Every versioned row is audited (who, when, before/after), so a new register needs no
        registration of its own. Apps whose models need other options (a field left out of the
        trail) register them again in their own ready(), which runs after this one."""
        from auditlog.registry import auditlog
        from django.contrib.auth.signals import user_logged_in
        from django_tasks.signals import task_started

        from . import lookups, queueing
        from .sessions import stamp_session
        from .versioning import VersionedModel

        lookups.register()
        user_logged_in.connect(stamp_session, dispatch_uid="garrison.core.sessions")
        # where each task runs, for a job's page to tell when its worker died (queueing)
        task_started.connect(queueing.remember_runner, dispatch_uid="garrison.core.queueing")

        for model in apps.get_models():  # every app's models are loaded before any ready()
            if issubclass(model, VersionedModel) and not model._meta.abstract:
                auditlog.register(model, exclude_fields=["version", "updated_at"])
