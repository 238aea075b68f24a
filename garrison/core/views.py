"""Generic pages driven by a `ModelConfig`: list, detail, create, edit, delete, export, import.

Every view reads rows through the config's scoped queryset (`visible_to` / `editable_by`), so a
row outside the user's scope answers 404 on every path."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View

from . import audit, exporting, idempotency
from .filtering import filter_rows
from .filtering import sorting as _sorting
from .forms import apply_version_conflict, ask_every_choice
from .home import home_sections
from .paging import CappedPaginator
from .permissions import can_view_reads
from .registry import (
    Column,
    ModelConfig,
    config_key,
    detail_panels,
)
from .replica import replica_reads
from .scoping import get_for, scope_of
from .services import StaleEditError, do_delete_object
from .widgets import use_pickers

PAGE_SIZES = (25, 50, 100, 200)


class ConfiguredView(LoginRequiredMixin, View):
    config: type[ModelConfig] | None = None

    @classmethod
    def for_config(cls, config: type[ModelConfig]):
        return cls.as_view(config=config)

    def base_context(self) -> dict[str, Any]:
        c = self.config
        user = self.request.user
        return {
            "config": c,
            "verbose_name": c.verbose_name(),
            "verbose_name_plural": c.verbose_name_plural(),
            "can_write": c.user_can_write(user),
            "can_add": c.user_can_add(user),
            "can_import": c.user_can_import(user),
            "list_url": c.url("list"),
        }

    def get_object(self, action: str = "view") -> models.Model:
        qs = self.config.queryset(self.request, action)
        return get_for(self.request.user, qs, action, pk=self.kwargs["pk"])


def filtered_queryset(config: type[ModelConfig], request: HttpRequest):
    """The scoped queryset narrowed by the request's filters and search (shared by the list
    page and exports, so an export holds exactly what the list shows)."""
    return filter_rows(config, request, config.queryset(request))


class ObjectListView(ConfiguredView):
    def get(self, request: HttpRequest) -> HttpResponse:
        c = self.config
        qs, filterset = filtered_queryset(c, request)
        ordering, sort = _sorting(c, request)
        qs = qs.order_by(*ordering)
        try:
            per_page = int(request.GET.get("per_page", 50))
        except ValueError:
            per_page = 50
        per_page = per_page if per_page in PAGE_SIZES else 50
        page = CappedPaginator(qs, per_page).get_page(request.GET.get("page"))
        if c.audit_reads:  # personal data: who read which page of records
            page.object_list = list(page.object_list)
            audit.log_list(
                actor=request.user,
                model=c.model,
                ids=[obj.pk for obj in page.object_list],
                filters=dict(request.GET.items()),
                request=request,
            )
        columns = c.list_columns
        rows = [
            {"obj": obj, "url": c.url("detail", obj), "cells": [col.value(obj) for col in columns]}
            for obj in page.object_list
        ]
        query = request.GET.copy()
        query.pop("page", None)
        # the rows-per-page form keeps the other parameters (a list here: in a template,
        # `request.GET.lists` would read a parameter named "lists" — `?lists=x` was a 500)
        kept = [
            (key, value) for key, values in query.lists() if key != "per_page" for value in values
        ]
        sort_query = query.copy()
        sort_query.pop("sort", None)
        context = {
            **self.base_context(),
            "filterset": filterset,
            "headers": [
                {
                    "label": col.header(c.model),
                    "name": col.name,
                    "sortable": bool(col.order_by),
                    "sorted": sort.lstrip("-") == col.name,
                    "desc": sort.startswith("-"),
                }
                for col in columns
            ],
            "rows": rows,
            "page": page,
            "query": query.urlencode(),
            "kept_params": kept,
            "sort_query": sort_query.urlencode(),
            "sort": sort,
            "q": request.GET.get("q", ""),
            "per_page": per_page,
            "page_sizes": PAGE_SIZES,
            "export_url": c.url("export"),
            "import_url": c.url("import"),
            "add_url": c.url("add"),
            "searchable": bool(c.search_fields),
        }
        partial = request.headers.get("HX-Request") and not request.headers.get(
            "HX-History-Restore-Request"
        )
        template = "core/_object_table.html" if partial else c.list_template
        response = render(request, template, context)
        patch_vary_headers(response, ["HX-Request"])
        return response


class ObjectDetailView(ConfiguredView):
    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        c = self.config
        obj = self.get_object()
        if c.audit_reads:
            audit.log_read(actor=request.user, instance=obj, request=request)
        can_change = c.user_can_write(request.user) and (
            c.queryset(request, "change").filter(pk=obj.pk).exists()
        )
        frozen = c.change_refusal(obj) is not None
        fields = []
        names = c.detail_fields or [
            f.name
            for f in c.model._meta.concrete_fields
            if f.editable and f.name not in {"id", "version"}
        ]
        for name in names:
            col = Column(name)
            fields.append({"label": col.header(c.model), "value": col.value(obj)})
        context = {
            **self.base_context(),
            "object": obj,
            "fields": fields,
            "can_change": can_change,
            "actions": [
                {"action": a, "url": c.action_url(a, obj)}
                for a in c.actions
                if can_change and a.available(obj, request.user)
            ],
            "panels": detail_panels(config_key(c), request, obj),
            "edit_url": c.url("edit", obj) if can_change and c.form_class and not frozen else None,
            "delete_url": c.url("delete", obj)
            if can_change and c.can_delete and not frozen
            else None,
            "reads_url": _reads_url(c, obj, request.user),
            **c.detail_context(request, obj),
        }
        return render(request, c.detail_template, context)


def _reads_url(config: type[ModelConfig], obj: models.Model, user: Any) -> str | None:
    """Where the province sees who read the personal data of the person this record is about."""
    if not (config.audit_reads and can_view_reads(user)):
        return None
    path = audit.subject_path(config.model)
    subject = obj.pk if path == "pk" else getattr(obj, path, None) if path else None
    if not isinstance(subject, int):
        return None
    return f"{reverse('core:reads')}?person={subject}"


def refuse_frozen(view: ConfiguredView, obj: models.Model) -> HttpResponse | None:
    """Back to the detail page with the reason, when the row's state forbids changing it."""
    refusal = view.config.change_refusal(obj)
    if refusal is None:
        return None
    messages.warning(view.request, refusal)
    return HttpResponseRedirect(view.config.url("detail", obj) or view.config.url("list"))


class ObjectEditView(ConfiguredView):
    """Create (no pk) or edit (pk). A stale edit is refused and the user's input is kept."""

    template_name = "core/object_form.html"

    def get_instance(self) -> models.Model:
        if "pk" in self.kwargs:
            return self.get_object("change")
        if not self.config.user_can_add(self.request.user):
            raise Http404  # like everything else outside the user's rights
        return self.config.new_instance(self.request)

    def get_form(self, instance: models.Model, data: Any = None) -> forms.ModelForm:
        form_class = self.config.form_class
        if instance.pk is None and self.config.add_form_class is not None:
            form_class = self.config.add_form_class
        assert form_class is not None
        # an add page linked from elsewhere may pre-fill its fields: /…/add/?unit=5
        initial = (
            {k: v for k, v in self.request.GET.items() if k in form_class.base_fields}
            if instance.pk is None and data is None
            else None
        )
        form = form_class(
            data=data,
            files=self.request.FILES or None,
            instance=instance,
            initial=initial,
            **self.config.form_kwargs(self.request),
        )
        if instance.pk is None and data is None:
            ask_every_choice(form, kept=initial or ())
        return form

    def save(self, form: forms.ModelForm, *, created: bool) -> models.Model:
        with transaction.atomic():
            if created:
                obj = self.config.create(self.request.user, form)
            else:
                obj = self.config.update(self.request.user, form, form.cleaned_data.get("version"))
            self.config.after_save(self.request.user, obj, created)
        return obj

    def render_form(self, form: forms.ModelForm, instance: models.Model, **extra) -> HttpResponse:
        context = {
            **self.base_context(),
            "form": form,
            "object": instance if instance.pk else None,
            # an add form carries one key from its first display to its save: sent twice, it
            # makes one record (core.idempotency)
            "submission_field": idempotency.KEY_FIELD,
            "submission_key": None
            if instance.pk
            else idempotency.clean_key(self.request.POST.get(idempotency.KEY_FIELD))
            or idempotency.new_key(),
            "cancel_url": self.config.url("detail", instance)
            if instance.pk
            else self.config.url("list"),
            **extra,
        }
        return render(self.request, self.template_name, context, status=extra.pop("status", 200))

    def get(self, request: HttpRequest, pk: Any = None) -> HttpResponse:
        instance = self.get_instance()
        if instance.pk and (refused := refuse_frozen(self, instance)):
            return refused
        return self.render_form(self.get_form(instance), instance)

    def post(self, request: HttpRequest, pk: Any = None) -> HttpResponse:
        instance = self.get_instance()
        if instance.pk and (refused := refuse_frozen(self, instance)):
            return refused
        form = self.get_form(instance, request.POST)
        if not form.is_valid():
            return self.render_form(form, instance, status=400)
        created = instance.pk is None
        try:
            if created:
                obj, made = idempotency.create_once(
                    request.user,
                    idempotency.clean_key(request.POST.get(idempotency.KEY_FIELD)),
                    self.config.model,
                    lambda: self.save(form, created=True),
                )
            else:
                obj, made = self.save(form, created=False), False
            if made or not created:
                messages.success(request, _("Created.") if created else _("Saved."))
            else:
                messages.info(
                    request,
                    _(
                        "This form had already been saved (it was sent twice): here is the "
                        "record it created. Nothing was added a second time."
                    ),
                )
        except StaleEditError as exc:
            apply_version_conflict(form, exc)
            return self.render_form(form, instance, conflict=True, status=409)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.render_form(form, instance, status=400)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
            return self.render_form(form, instance, status=403)
        return HttpResponseRedirect(self.config.url("detail", obj) or self.config.url("list"))


class ObjectDeleteView(ConfiguredView):
    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        obj = self.get_object("change")
        if not self.config.can_delete:
            raise Http404
        if refused := refuse_frozen(self, obj):
            return refused
        return render(
            request,
            "core/object_confirm_delete.html",
            {**self.base_context(), "object": obj, "cancel_url": self.config.url("detail", obj)},
        )

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        obj = self.get_object("change")
        if not self.config.can_delete:
            raise Http404
        if refused := refuse_frozen(self, obj):
            return refused
        try:
            do_delete_object(actor=request.user, instance=obj)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return HttpResponseRedirect(self.config.url("detail", obj))
        messages.success(request, _("Deleted %(name)s.") % {"name": obj})
        return HttpResponseRedirect(self.config.url("list"))


def add_service_error(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: errors about a field the form has go beside
    it, the rest above the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class ObjectActionView(ConfiguredView):
    """One `ObjectAction` of a configured model: GET shows its form, POST performs it."""

    action_name: str = ""

    @classmethod
    def for_action(cls, config: type[ModelConfig], action_name: str):
        return cls.as_view(config=config, action_name=action_name)

    def action(self):
        return self.config.get_action(self.action_name)

    def get_form(self, obj: models.Model, data: Any = None) -> forms.Form:
        action = self.action()
        kwargs = action.form_kwargs(self.request, obj) if action.form_kwargs else {}
        form = action.form_class(data=data, files=self.request.FILES or None, **kwargs)
        return use_pickers(form)

    def render_form(self, obj: models.Model, form: forms.Form, status: int = 200) -> HttpResponse:
        action = self.action()
        context = {
            **self.base_context(),
            "object": obj,
            "form": form,
            "action": action,
            "cancel_url": self.config.url("detail", obj),
            "submission_field": idempotency.KEY_FIELD,
            "submission_key": idempotency.clean_key(self.request.POST.get(idempotency.KEY_FIELD))
            or idempotency.new_key(),
        }
        return render(self.request, action.template, context, status=status)

    def get_available_object(self) -> models.Model:
        obj = self.get_object("change")
        if not self.action().available(obj, self.request.user):
            raise Http404
        return obj

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        obj = self.get_available_object()
        return self.render_form(obj, self.get_form(obj))

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        obj = self.get_available_object()
        form = self.get_form(obj, request.POST)
        if not form.is_valid():
            return self.render_form(obj, form, status=400)
        action = self.action()
        try:
            message, first = idempotency.perform_once(
                request.user,
                idempotency.clean_key(request.POST.get(idempotency.KEY_FIELD)),
                f"action:{self.config.model._meta.label_lower}.{action.name}",
                obj,
                lambda: action.perform(request, obj, form.cleaned_data),
            )
            if not first:
                message = _(
                    "This form had already been sent (it was sent twice): it was done once, "
                    "not a second time."
                )
        except StaleEditError as exc:  # someone changed the row at the same moment
            form.add_error(None, str(exc))
            return self.render_form(obj, form, status=409)
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.render_form(obj, form, status=400)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
            return self.render_form(obj, form, status=403)
        if message:
            messages.success(request, message)
        obj.refresh_from_db()
        return HttpResponseRedirect(self.config.url("detail", obj) or self.config.url("list"))


class ObjectExportView(ConfiguredView):
    @method_decorator(replica_reads())  # a register's rows, from the replica when there is one
    def get(self, request: HttpRequest) -> HttpResponse:
        c = self.config
        fmt = request.GET.get("format", "xlsx")
        if fmt not in exporting.FORMATS:
            messages.error(
                request, _("Unknown export format %(fmt)s: use xlsx or csv.") % {"fmt": fmt}
            )
            return HttpResponseRedirect(c.url("list"))
        qs, filterset = filtered_queryset(c, request)
        if filterset is not None and not filterset.is_valid():
            # not an empty file: back to the list, where each refused filter says why
            fields = filterset.form.fields
            names = [str(fields[n].label) if n in fields else n for n in filterset.errors]
            messages.error(
                request,
                _("Nothing exported: correct the filters %(names)s first.")
                % {"names": ", ".join(names)},
            )
            query = request.GET.copy()
            query.pop("format", None)
            return HttpResponseRedirect(f"{c.url('list')}?{query.urlencode()}")
        ordering, _sort = _sorting(c, request)
        qs = qs.order_by(*ordering)
        if fmt == "xlsx":  # a worker builds the workbook; its page shows the progress
            job = exporting.start_export(config=c, request=request, qs=qs)
            return HttpResponseRedirect(reverse("core:export_job", kwargs={"pk": job.pk}))
        return exporting.audited_export_response(c, qs, fmt, request)


@replica_reads()  # a dashboard: its roll-ups read from the replica when there is one
def home(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request.user)
    if scope is None:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    return render(
        request, "core/home.html", {"sections": home_sections(request, scope), "scope": scope}
    )


__all__ = [
    "ObjectActionView",
    "ObjectDeleteView",
    "ObjectDetailView",
    "ObjectEditView",
    "ObjectExportView",
    "ObjectListView",
    "home",
]
