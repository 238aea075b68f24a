"""Filters of the lessons and replications lists (in the database; the lists paginate), for the
pages and the API alike. Lessons: `kind` (lesson, model), `topic`, `tag` (one tag, typed with or
without diacritics), `suits` (border, mountain, island, urban: the kind of commune it suits),
`province` (a province code: the Ministry's choice), `commune` (the code of the commune it came
from), `review` (the id of the review it was drawn from); the search box (`q`) is the register's
folded search (`LessonConfig.search`). Replications: `lesson` (an id), `commune` (a code),
`result`."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from garrison.oversight.reviews.filters import provinces_in_scope
from garrison.oversight.reviews.models import Review
from garrison.territory.models import Commune

from . import rules
from .models import Lesson, LessonKind, Replication, ReplicationResult, Topic

SUITS = [
    ("border", _("border communes")),
    ("mountain", _("mountain communes")),
    ("island", _("island communes")),
    ("urban", _("urban wards")),
]


def communes_in_scope(request):
    if request is None:
        return Commune.objects.none()
    return Commune.objects.visible_to(request.user).order_by("name")


def reviews_in_scope(request):
    if request is None:
        return Review.objects.none()
    return Review.objects.visible_to(request.user)


def lessons_in_scope(request):
    if request is None:
        return Lesson.objects.none()
    return Lesson.objects.visible_to(request.user)


def search_lessons(queryset, query: str):
    """The lessons of `queryset` whose folded words hold every word of `query`, typed with or
    without diacritics, in any case (`rules.search_words`)."""
    for word in rules.search_words(query):
        queryset = queryset.filter(search_text__contains=word)
    return queryset


class LessonFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=LessonKind.choices, label=_("kind"))
    topic = django_filters.ChoiceFilter(choices=Topic.choices, label=_("topic"))
    tag = django_filters.CharFilter(method="filter_tag", label=_("tag"))
    suits = django_filters.ChoiceFilter(choices=SUITS, method="filter_suits", label=_("suits"))
    province = django_filters.ModelChoiceFilter(
        queryset=provinces_in_scope, label=_("province"), to_field_name="code"
    )
    commune = django_filters.ModelChoiceFilter(
        field_name="origin_commune",
        queryset=communes_in_scope,
        label=_("commune it came from"),
        to_field_name="code",
    )
    review = django_filters.ModelChoiceFilter(queryset=reviews_in_scope, label=_("from review"))

    class Meta:
        model = Lesson
        fields = ["kind", "topic", "tag", "suits", "province", "commune", "review"]

    def filter_tag(self, queryset, name, value):
        """The lessons holding the tag (several, separated by commas: each of them)."""
        for tag in rules.split_tags((value or "").replace("\x00", "")):
            queryset = queryset.filter(search_text__contains=rules.tag_mark(tag))
        return queryset

    def filter_suits(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(**{rules.SUITS[value]: True})


class ReplicationFilterSet(django_filters.FilterSet):
    lesson = django_filters.ModelChoiceFilter(queryset=lessons_in_scope, label=_("model"))
    commune = django_filters.ModelChoiceFilter(
        queryset=communes_in_scope, label=_("commune"), to_field_name="code"
    )
    result = django_filters.ChoiceFilter(choices=ReplicationResult.choices, label=_("result"))

    class Meta:
        model = Replication
        fields = ["lesson", "commune", "result"]
