"""Who read whose personal data (issue 15, finding 6): the audit of reads as the province, its
inspector and the Ministry see it (`core.audit.reads_visible_to`), with its filters."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import capfirst
from django.views import View

from . import audit
from .forms import ReadsFilterForm
from .permissions import can_view_reads
from .registry import all_configs, config_for_model, config_key


class ReadsView(LoginRequiredMixin, View):
    """Who read whose personal data (issue 15, finding 6): every opened record, listed page
    and export of a register of personal data, newest first — for the province, those about
    its communes; filtered by who, what, which register, which person and which days."""

    PER_PAGE = 50

    def get(self, request: HttpRequest) -> HttpResponse:
        if not can_view_reads(request.user):
            raise Http404
        configs = {config_key(c): c for c in all_configs() if c.audit_reads}
        form = ReadsFilterForm(
            request.GET or None,
            registers=sorted(
                ((key, capfirst(c.verbose_name_plural())) for key, c in configs.items()),
                key=lambda pair: pair[1],
            ),
        )
        reads = audit.reads_visible_to(request.user)
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            reads = audit.filter_reads(
                reads,
                who=data["who"],
                kind=data["kind"],
                model=configs[data["register"]].model if data["register"] else None,
                person=data["person"],
                since=data["since"],
                until=data["until"],
            )
        elif form.is_bound:
            reads = reads.none()
        page = Paginator(reads, self.PER_PAGE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            "form": form,
            "page": page,
            "rows": [_read_row(entry) for entry in page.object_list],
            "query": query.urlencode(),
        }
        return render(request, "core/reads.html", context, status=400 if form.errors else 200)


def _read_row(entry: Any) -> dict[str, Any]:
    extra = entry.additional_data or {}
    kind = extra.get("kind", "read")
    model = entry.content_type.model_class() if entry.content_type_id else None
    config = config_for_model(model) if model is not None else None
    url = None
    if kind == "read" and config is not None and entry.object_pk:
        url = config.url("detail", model(pk=entry.object_pk))
    return {
        "entry": entry,
        "kind": kind,
        "register": capfirst(model._meta.verbose_name_plural) if model else "",
        "rows": extra.get("rows"),
        "record": entry.object_repr if kind == "read" else "",
        "url": url,
        "filters": ", ".join(
            f"{k}={v}" for k, v in (extra.get("filters") or {}).items() if k != "page" and v
        ),
    }
