"""The import pages of every register: the upload (`ObjectImportView`, one per configured
model) and one import's progress, preview and result (`ImportJobView`). The work itself is
`core.importing`'s, on a worker."""

from __future__ import annotations

import errno

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from . import exporting, importing, queueing, sheets
from .forms import ImportUploadForm
from .models import ImportJob
from .registry import get_config
from .views import ConfiguredView


class ObjectImportView(ConfiguredView):
    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.user.is_authenticated and not self.config.user_can_import(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        if request.GET.get("template"):
            return exporting.template_response(self.config)
        return self.render_upload(ImportUploadForm())

    def render_upload(self, form: ImportUploadForm, status: int = 200) -> HttpResponse:
        c = self.config
        return render(
            request=self.request,
            template_name="core/import_upload.html",
            context={
                **self.base_context(),
                "form": form,
                "columns": sheets.column_help(c),
                "natural_key_label": sheets.natural_key_label(c),
                "template_url": c.url("import") + "?template=1",
            },
            status=status,
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ImportUploadForm(request.POST, request.FILES)
        if getattr(request, "upload_disk_full", False):
            return self.disk_full()
        if not form.is_valid():
            return self.render_upload(form, status=400)
        try:
            job = importing.start_import(
                actor=request.user,
                config=self.config,
                upload=form.cleaned_data["file"],
                remote_addr=request.META.get("REMOTE_ADDR"),
            )
        except OSError as exc:
            if exc.errno != errno.ENOSPC:
                raise
            return self.disk_full()
        return HttpResponseRedirect(job_url(job))

    def disk_full(self) -> HttpResponse:
        """The server's disk filled up while the sheet was received or kept: nothing of it
        was kept (the temporary file is deleted, no import was started)."""
        form = ImportUploadForm()
        form.full_clean()  # an empty form, to carry the message (it shows no other error)
        form.cleaned_data = {}
        form.add_error(
            None,
            _(
                "The server's disk is full, so the file could not be received; nothing was "
                "saved. Tell the administrator, then upload the file again."
            ),
        )
        return self.render_upload(form, status=507)


def job_url(job: ImportJob) -> str:
    return reverse("core:import_job", kwargs={"pk": job.pk})


class ImportJobView(LoginRequiredMixin, View):
    """The progress, preview and result of one import. Only its author sees it, confirms it, or
    cancels it while it runs."""

    def get_job(self) -> ImportJob:
        try:
            return self.request.user.import_jobs.get(pk=self.kwargs["pk"])
        except ImportJob.DoesNotExist:
            raise Http404 from None

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = self.get_job()
        queueing.reconcile(job, kind=queueing.IMPORTS)  # its worker may have died
        config = get_config(job.config_name)
        progress = importing.progress_of(job)
        context = {
            "job": job,
            "can_rerun": queueing.can_rerun_import(job),
            "config": config,
            "progress": progress,
            "list_url": config.url("list"),
            "import_url": config.url("import"),
            "verbose_name_plural": config.verbose_name_plural(),
        }
        template = (
            "core/_import_status.html"
            if request.headers.get("HX-Request")
            else "core/import_job.html"
        )
        return render(request, template, context)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = self.get_job()
        if request.POST.get("action") == "apply":
            if job.status != ImportJob.Status.READY:
                messages.error(
                    request,
                    _("This import cannot be applied: %(status)s.")
                    % {"status": job.get_status_display()},
                )
            else:
                importing.apply_import(job)
        elif request.POST.get("action") == "rerun":
            if not queueing.rerun_import(job):
                messages.error(
                    request,
                    _("This import cannot be run again: %(status)s. Upload the file again.")
                    % {"status": job.get_status_display()},
                )
        elif request.POST.get("action") == "cancel" and not importing.request_cancel(job):
            messages.error(
                request,
                _("This import cannot be cancelled: %(status)s.")
                % {"status": job.get_status_display()},
            )
        return HttpResponseRedirect(job_url(job))
