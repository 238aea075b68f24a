"""A province's dashboard as the Ministry sees it: the province's own home page, read-only."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from garrison.core.home import home_sections_as
from garrison.core.permissions import can_view_home_of
from garrison.core.replica import replica_reads
from garrison.core.scoping import PROVINCE, Scope, get_for

from .models import Province


@login_required
@replica_reads()
def province_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    """The home page of province `pk` as its staff see it, without any write right. The nation
    sees every province's; a province only its own; anyone else gets the 404 of a missing one."""
    province = get_for(request.user, Province, pk=pk)
    scope = Scope(PROVINCE, province_id=province.pk)
    if not can_view_home_of(request.user, scope):
        raise Http404
    return render(
        request,
        "core/home.html",
        {"sections": home_sections_as(request, scope), "scope": scope, "place": province},
    )
