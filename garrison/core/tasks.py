"""Background tasks of the generic machinery (django-tasks; a `garrison db_worker` runs them)."""

from django_tasks import task

from . import exporting, importing


@task()
def check_import(job_id: int) -> None:
    importing.run_check(job_id)


@task()
def apply_import(job_id: int) -> None:
    importing.run_apply(job_id)


@task()
def build_export(job_id: int) -> None:
    exporting.run_export(job_id)
