"""Pages of the lessons registers, declared on core's generic views: the lessons learned and
effective models (list with filters by kind, topic, tag, kind of commune, province and the
commune it came from, and a search that finds Vietnamese words typed with or without
diacritics; the lesson's page with where the model was taken up and "Record a replication";
Excel export), and the replications (the result of each, edited as it turns out). Importing this
module registers both."""

from __future__ import annotations

from typing import Any

from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from garrison.core.registry import ApiSpec, Column, ObjectAction, register
from garrison.oversight.reviews.views import ProvinceRegisterConfig

from . import permissions, rules, services
from .filters import SUITS, LessonFilterSet, ReplicationFilterSet, search_lessons
from .forms import LessonForm, RecordReplicationForm, ReplicationForm
from .models import Lesson, LessonKind, Replication
from .schemas import LessonDetailOut, LessonOut, ReplicationOut

_SUIT_LABELS = dict(SUITS)


def _suits(lesson: Any) -> str:
    """The kinds of commune a lesson suits, in words ("border communes, island communes")."""
    return ", ".join(
        str(_SUIT_LABELS[kind]) for kind, flag in rules.SUITS.items() if getattr(lesson, flag)
    )


def _replicate(request, lesson, data) -> str:
    replication = services.do_record_replication(
        actor=request.user,
        lesson=lesson,
        commune=data["commune"],
        started_on=data["started_on"],
        result=data["result"],
        result_note=data.get("result_note") or "",
    )
    return gettext("%(commune)s took up this model: recorded.") % {"commune": replication.commune}


@register
class LessonConfig(ProvinceRegisterConfig):
    model = Lesson
    name = "lesson"
    namespace = "oversight"
    select_related = ["province", "origin_commune"]
    list_columns = [
        Column("recorded_on", order_by="recorded_on", link=True),
        Column("title", order_by="title"),
        Column("kind", order_by="kind"),
        Column("topic", order_by="topic"),
        Column("tags"),
        Column("suits", label=_("suits"), accessor=_suits),
        Column("origin_commune", order_by="origin_commune__name"),
        Column("province", order_by="province__code"),
    ]
    export_columns = [
        Column("id", label=_("number")),
        Column("province__name", label=_("province")),
        Column("kind"),
        Column("title"),
        Column("topic"),
        Column("tags"),
        Column("suits", label=_("suits"), accessor=_suits),
        Column("origin_commune__code", label=_("commune code")),
        Column("origin_commune__name", label=_("commune it came from")),
        Column("review__title", label=_("from review")),
        Column("inspection__title", label=_("from inspection")),
        Column("incident__title", label=_("from incident")),
        Column("recorded_on"),
        Column("body"),
    ]
    default_ordering = ["-recorded_on", "-pk"]
    #: the folded words (`rules.fold`): the search is `search` below, every word required
    search_fields = ["search_text__contains"]
    filterset_class = LessonFilterSet
    form_class = LessonForm
    can_delete = False  # a lesson is the province's record; a mistaken one is edited
    nav_label = _("Lessons and effective models")
    nav_group = "oversight"
    nav_order = 31
    api = ApiSpec(
        path="/oversight/lessons",
        id_param="lesson_id",
        out=LessonOut,
        detail_out=LessonDetailOut,
        summaries={
            "list": "List lessons learned and effective models",
            "get": "Get a lesson or model with where it was taken up",
            "create": "Record a lesson or effective model of your province",
            "patch": "Edit a lesson or effective model",
        },
        descriptions={
            "list": "`q` finds the lessons holding every word typed, with or without "
            'diacritics, in any case ("dan quan" finds "dân quân"). Filters: `kind` lesson '
            "or model; `topic`; `tag` one tag (with or without diacritics); `suits` border, "
            "mountain, island or urban; `province` a province code; `commune` the code of the "
            "commune it came from; `review` a review id.",
            "create": "Province staff and the province's inspector. `origin_commune_code`, "
            "`review_id`, `inspection_id` and `incident_id` are of the province; `tags` words "
            "separated by commas.",
        },
    )
    may_add = staticmethod(permissions.can_write_lesson)
    row_argument = "lesson"
    create_service = staticmethod(services.do_create_lesson)
    update_service = staticmethod(services.do_update_lesson)
    detail_template = "oversight/lesson_detail.html"
    detail_fields = [
        "province",
        "kind",
        "topic",
        "origin_commune",
        "review",
        "inspection",
        "incident",
        "recorded_on",
    ]
    actions = [
        ObjectAction(
            "record_replication",
            _("Record a replication"),
            RecordReplicationForm,
            _replicate,
            icon="diagram-3",
            style="primary",
            available=lambda lesson, user: (
                lesson.kind == LessonKind.MODEL and permissions.can_record_replication(user, lesson)
            ),
            form_kwargs=lambda request, lesson: {"user": request.user},
            help_text=_(
                "A commune of the province that took this model up: since when, and its result "
                "so far. The result is edited later, on the replication's page."
            ),
        )
    ]

    @classmethod
    def search(cls, qs, term):
        return search_lessons(qs, term)

    @classmethod
    def replications(cls, request, lesson):
        """Where the model was taken up, as the user may read it (a commune: its own)."""
        return (
            Replication.objects.visible_to(request.user)
            .filter(lesson=lesson)
            .select_related("commune")
            .order_by("commune__name")
        )

    @classmethod
    def api_detail(cls, request, obj):
        obj.visible_replications = cls.replications(request, obj)
        return obj

    @classmethod
    def detail_context(cls, request, obj):
        user = request.user
        rows = [
            {
                "row": replication,
                "url": ReplicationConfig.url("detail", replication),
                "edit_url": ReplicationConfig.url("edit", replication)
                if permissions.can_record_replication(user, replication)
                else None,
            }
            for replication in cls.replications(request, obj)
        ]
        list_url = cls.url("list")
        return {
            "replications": rows,
            "is_model": obj.kind == LessonKind.MODEL,
            "suits": _suits(obj),
            "tags": [
                {"tag": tag, "url": f"{list_url}?{urlencode({'tag': tag})}"}
                for tag in rules.split_tags(obj.tags)
            ],
        }


@register
class ReplicationConfig(ProvinceRegisterConfig):
    model = Replication
    name = "replication"
    namespace = "oversight"
    select_related = ["lesson", "commune"]
    list_columns = [
        Column("started_on", order_by="started_on", link=True),
        Column("lesson", order_by="lesson__title"),
        Column("commune", order_by="commune__name"),
        Column("result", order_by="result"),
        Column("result_note"),
    ]
    export_columns = [
        Column("id", label=_("number")),
        Column("lesson_id", label=_("model number")),
        Column("lesson__title", label=_("model")),
        Column("commune__code", label=_("commune code")),
        Column("commune__name", label=_("commune")),
        Column("started_on"),
        Column("result"),
        Column("result_note"),
    ]
    default_ordering = ["-started_on", "-pk"]
    search_fields = ["lesson__title__icontains", "commune__name__icontains"]
    filterset_class = ReplicationFilterSet
    form_class = ReplicationForm
    can_add = False  # recorded from the model's page
    picker = False
    nav_label = _("Replications of effective models")
    nav_group = "oversight"
    nav_order = 32
    api = ApiSpec(
        path="/oversight/replications",
        id_param="replication_id",
        out=ReplicationOut,
        summaries={
            "list": "List where effective models were taken up",
            "get": "Get a replication of an effective model",
            "patch": "Edit a replication's date or result",
            "delete": "Delete a replication recorded by mistake",
        },
        descriptions={
            "list": "Filters: `lesson` a model's id; `commune` a commune code; `result` "
            "under_way, succeeded, partly or failed. A commune reads its own.",
        },
    )
    detail_fields = ["lesson", "commune", "started_on", "result", "result_note"]
    may_add = staticmethod(permissions.can_record_replication)
    row_argument = "replication"
    update_service = staticmethod(services.do_update_replication)
