"""The reviews API: the register's routes generated from its declaration (list, export, get with
the figures and lessons, create, patch), and "quote figures from the registers", calling the same
service as the page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from garrison.core.api_routes import add_action_route, add_register_routes

from . import services
from .schemas import QuoteFiguresIn
from .views import ReviewConfig

router = Router(tags=["oversight"])

add_register_routes(router, ReviewConfig)


def _quote_arguments(request: HttpRequest, body: QuoteFiguresIn) -> dict[str, Any]:
    return {"codes": services.quotable_codes() if body.every else body.codes}


add_action_route(
    router,
    ReviewConfig,
    "quote-figures",
    service=services.do_quote_review_figures,
    summary="Quote figures from the registers in a review",
    description="Province staff and the province's inspector. Each figure (`codes`, or `every`) "
    "is computed for all the province's communes as the registers stood on the review date "
    "(`held_on`): the sum over the communes, a rate their mean. The figures are kept as they "
    "were, whatever the registers hold later; quoting again replaces the review's figures. An "
    "unknown code, or none, answers 400 naming `codes`.",
    target="review",
    payload=QuoteFiguresIn,
    arguments=_quote_arguments,
)
