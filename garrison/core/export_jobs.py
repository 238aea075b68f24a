"""The page of one export a worker builds (`core.exporting.start_export`), and its file.

Only the export's author sees either; anybody else gets 404, as for a row outside their scope.
The file is the author's read of personal data, already audited when the export was asked for."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from . import exporting, queueing
from .models import ExportJob
from .registry import get_config


def own_job(request: HttpRequest, pk: int) -> ExportJob:
    try:
        return request.user.export_jobs.get(pk=pk)
    except ExportJob.DoesNotExist:
        raise Http404 from None


class ExportJobView(LoginRequiredMixin, View):
    """Progress while the worker writes rows (the status partial polls itself with htmx), then
    the download link."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = own_job(request, pk)
        queueing.reconcile(job, kind=queueing.EXPORTS)  # its worker may have died
        config = get_config(job.config_name)
        list_url = config.url("list")
        context = {
            "job": job,
            "progress": exporting.progress_of(job),
            "available": exporting.stored_path(job) is not None,
            "download_url": reverse("core:export_download", kwargs={"pk": job.pk}),
            "list_url": list_url,
            "back_url": f"{list_url}?{job.query}" if list_url and job.query else list_url,
            "verbose_name_plural": config.verbose_name_plural(),
        }
        template = (
            "core/_export_status.html"
            if request.headers.get("HX-Request")
            else "core/export_job.html"
        )
        return render(request, template, context)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Build a failed export again."""
        job = own_job(request, pk)
        if request.POST.get("action") == "rerun" and not queueing.rerun_export(job):
            messages.error(
                request,
                _("This export cannot be run again: %(status)s.")
                % {"status": job.get_status_display()},
            )
        return HttpResponseRedirect(reverse("core:export_job", kwargs={"pk": job.pk}))


class ExportDownloadView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = own_job(request, pk)
        path = exporting.stored_path(job)
        if path is None:
            raise Http404
        return FileResponse(
            path.open("rb"),
            as_attachment=True,
            filename=job.file_name,
            content_type=exporting.XLSX,
        )
