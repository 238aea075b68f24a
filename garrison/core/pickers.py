"""The search behind every picker (`core.widgets.SearchSelect`): `/search/<register>/?q=…`
answers `[{"value", "text"}]`, at most `SEARCH_LIMIT` rows, from the register's rows in the
user's scope (`ModelConfig.picker_queryset`), found by the register's search
(`ModelConfig.picker_search`) and labelled so that two rows of one name can be told apart
(`ModelConfig.picker_label`).

A register of personal data (`audit_reads`) writes each answer to the audit of reads, like a
page of its list: who searched, for what, and whose records came back."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, JsonResponse
from django.views import View

from . import audit
from .filtering import checked_filters, query_text
from .registry import ModelConfig, get_config
from .scoping import scope_of
from .widgets import SEARCH_LIMIT


def picker_config(key: str) -> type[ModelConfig]:
    try:
        config = get_config(key)
    except KeyError:
        raise Http404("No such register.") from None
    if not config.picker:
        raise Http404("This register is not searched.")
    return config


#: the search's own parameters; any other is a filter of the register's FilterSet
OWN_PARAMETERS = frozenset({"q", "value", "scope"})


def _narrowed(config: type[ModelConfig], request: HttpRequest, qs: Any) -> Any:
    """`qs` narrowed by the register's FilterSet on the parameters a picker added to its search
    (`SearchSelect(filters=…)`: only evacuation areas among the defence works); a refused
    value finds nothing. Without such parameters no filter applies, not even a default."""
    extra = request.GET.copy()
    for name in OWN_PARAMETERS:
        extra.pop(name, None)
    if not extra or config.filterset_class is None:
        return qs
    filterset = checked_filters(config.filterset_class(extra, queryset=qs, request=request))
    return filterset.qs if filterset.is_valid() else qs.none()


class SearchView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, key: str) -> JsonResponse:
        config = picker_config(key)
        if scope_of(request.user) is None:
            raise Http404("No scope.")
        value_field = query_text(request.GET, "value", 40) or "pk"
        if value_field != "pk" and value_field not in config.picker_values:
            raise Http404("No such value.")
        nationwide = request.GET.get("scope") == "nation"
        term = query_text(request.GET, "q", 100)
        qs = config.picker_queryset(request.user, nationwide=nationwide)
        qs = _narrowed(config, request, qs)
        if term:
            qs = config.picker_search(qs, term)
        rows = list(qs.order_by(*config.default_ordering, "pk")[:SEARCH_LIMIT])
        if config.audit_reads:
            audit.log_list(
                actor=request.user,
                model=config.model,
                ids=[obj.pk for obj in rows],
                filters={"picker": key, "q": term},
                request=request,
            )
        results = [
            {"value": str(getattr(obj, value_field)), "text": config.picker_label(obj)}
            for obj in rows
        ]
        return JsonResponse({"results": results})
