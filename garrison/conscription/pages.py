"""Pages that are not one register's generic pages: who must register this year, a call-up
order as PDF, and a batch of orders being printed."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from garrison.core import audit, numbers, queueing
from garrison.core.filtering import query_id, query_ids
from garrison.core.pdf import render_pdf
from garrison.core.scoping import get_for, is_commune_scope
from garrison.core.views import ConfiguredView
from garrison.people.models import Person
from garrison.territory.models import Commune

from . import rules, services
from .forms import CommuneChoiceForm
from .models import OrderBatch, PoolBuild
from .tasks import ORDER_BATCHES, ORDER_TEMPLATE, POOL_BUILDS
from .views import CallUpOrderConfig, CommuneQuotaConfig, ServiceRecordConfig


def _year(request: HttpRequest) -> int:
    try:
        year = int(
            numbers.parse_number(
                request.GET.get("year") or request.POST.get("year") or "0", whole=True
            )
        )
    except ValidationError:
        year = 0
    return year if 2016 <= year <= 2100 else timezone.localdate().year


class RegistrationDueView(LoginRequiredMixin, View):
    """Each year the commune sees who must make a first registration and has not (NVQS 16):
    men turning 17 in the year, and men of call-up age never registered."""

    template_name = "conscription/registration_due.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        year = _year(request)
        communes = Commune.objects.visible_to(request.user)
        commune_id = query_id(request.GET, "commune")
        if commune_id is not None:
            communes = communes.filter(pk=commune_id)
        due = services.registration_due(communes, year).select_related("residence_commune")
        page = Paginator(due, 100).get_page(request.GET.get("page"))
        cohort = year - 17
        return render(
            request,
            self.template_name,
            {
                "year": year,
                "cohort": cohort,
                "page": page,
                "rows": [
                    {"person": p, "first_year": rules.first_registration_year(p.date_of_birth)}
                    for p in page.object_list
                ],
                "can_register": ServiceRecordConfig.user_can_add(request.user),
                "commune_form": CommuneChoiceForm(
                    initial={"commune": commune_id}, user=request.user
                ),
                "choose_commune": not is_commune_scope(request.user),
                "deadline": datetime.date(year, 4, 30),
            },
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        if not ServiceRecordConfig.user_can_add(request.user):
            raise Http404
        ids = query_ids(request.POST.getlist("person"))
        people = Person.objects.editable_by(request.user).filter(
            pk__in=ids, service_record__isnull=True
        )
        try:
            on = datetime.datetime.strptime(request.POST.get("registered_on", ""), "%d/%m/%Y")
        except ValueError:
            messages.error(request, _("Give the registration date as dd/mm/yyyy."))
            return HttpResponseRedirect(request.get_full_path())
        if not ids:
            messages.error(request, _("Tick the citizens who registered."))
            return HttpResponseRedirect(request.get_full_path())
        try:
            created = services.do_register_people(
                actor=request.user, people=list(people), registered_on=on.date()
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return HttpResponseRedirect(request.get_full_path())
        messages.success(
            request,
            ngettext("%(n)s citizen registered.", "%(n)s citizens registered.", len(created))
            % {"n": len(created)},
        )
        return HttpResponseRedirect(request.get_full_path())


class OrderPdfView(ConfiguredView):
    """One call-up order as a PDF in Vietnamese (an official document)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        order = self.get_object()
        pdf = render_pdf(ORDER_TEMPLATE, services.order_context(order))
        audit.log_export(
            actor=request.user,
            model=type(order),
            count=1,
            fmt="pdf",
            filters={"order": order.number},
            request=request,
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        name = f"lenh-goi-nhap-ngu-{order.year}-{order.sequence:03d}.pdf"
        response["Content-Disposition"] = f'inline; filename="{name}"'
        return response


class OrderBatchView(LoginRequiredMixin, View):
    """Progress of a batch of orders being printed, then the file."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        batch = get_for(request.user, OrderBatch.objects.select_related("commune"), pk=pk)
        if request.GET.get("download"):
            if batch.status != OrderBatch.Status.DONE or not batch.content:
                raise Http404
            audit.log_export(
                actor=request.user,
                model=type(batch),
                count=batch.total,
                fmt="pdf",
                filters={"batch": batch.pk},
                request=request,
            )
            response = HttpResponse(bytes(batch.content), content_type="application/pdf")
            name = f"lenh-goi-nhap-ngu-{batch.commune.code}-{batch.pk}.pdf"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
        queueing.reconcile(batch, kind=ORDER_BATCHES)  # its worker may have died
        template = (
            "conscription/_batch_status.html"
            if request.headers.get("HX-Request")
            else "conscription/batch.html"
        )
        return render(request, template, {"batch": batch})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Print a failed batch again."""
        batch = get_for(request.user, OrderBatch.objects.select_related("commune"), pk=pk)
        if request.POST.get("action") == "rerun":
            try:
                services.do_rerun_order_batch(actor=request.user, batch=batch)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
        return HttpResponseRedirect(request.path)


class PoolBuildView(LoginRequiredMixin, View):
    """A pool being built by a worker: its progress bar (the partial polls itself with htmx),
    then the counts."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        build = get_for(
            request.user, PoolBuild.objects.select_related("campaign", "commune"), pk=pk
        )
        queueing.reconcile(build, kind=POOL_BUILDS)  # a worker that died: failed, build again
        template = (
            "conscription/_pool_status.html"
            if request.headers.get("HX-Request")
            else "conscription/pool_build.html"
        )
        context = {"build": build, "build_progress": services.progress_of(build)}
        return render(request, template, context)


__all__ = [
    "CallUpOrderConfig",
    "CommuneQuotaConfig",
    "OrderBatchView",
    "OrderPdfView",
    "PoolBuildView",
    "RegistrationDueView",
]
