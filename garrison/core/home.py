"""Home page sections and to-do items contributed by the domain apps.

An app registers a function `(request, scope) -> dict | None`; the dict has a `template` and its
context. To-do providers return `TodoItem`s (what is due or overdue), shown first for communes.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from .scoping import NarrowedUser, Scope

SectionProvider = Callable[[HttpRequest, Scope], dict[str, Any] | None]
TodoProvider = Callable[[HttpRequest, Scope], list["TodoItem"]]

_SECTIONS: list[tuple[int, SectionProvider]] = []
_TODOS: list[TodoProvider] = []


@dataclass(frozen=True)
class TodoItem:
    label: str
    url: str | None = None
    due: datetime.date | None = None
    count: int | None = None

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.due < timezone.localdate()


def register_section(order: int) -> Callable[[SectionProvider], SectionProvider]:
    def decorator(func: SectionProvider) -> SectionProvider:
        _SECTIONS.append((order, func))
        _SECTIONS.sort(key=lambda pair: pair[0])
        return func

    return decorator


def register_todo(func: TodoProvider) -> TodoProvider:
    _TODOS.append(func)
    return func


def todo_items(request: HttpRequest, scope: Scope) -> list[TodoItem]:
    items = [item for provider in _TODOS for item in provider(request, scope)]
    far = datetime.date.max
    return sorted(items, key=lambda i: (not i.overdue, i.due or far, i.label))


def home_sections(request: HttpRequest, scope: Scope) -> list[dict[str, Any]]:
    sections = []
    for _order, provider in _SECTIONS:
        section = provider(request, scope)
        if section:
            sections.append(section)
    return sections


def home_sections_as(request: HttpRequest, scope: Scope) -> list[dict[str, Any]]:
    """The home page of `scope` (a province) as its own users see it, read-only, for a user
    whose scope covers it (core.permissions.can_view_home_of): the sections run with the user
    narrowed to `scope` and without write rights."""
    user = request.user
    request.user = NarrowedUser(user, scope)  # type: ignore[assignment]
    try:
        return home_sections(request, scope)
    finally:
        request.user = user
