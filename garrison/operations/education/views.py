"""Pages of defence and security education, declared on core's generic views: the sessions
(list filtered by audience, year and commune code; detail with the attendance and the actions
"Record attendance" and "Remove attendance"), the attendance (read; recorded from the session),
and the commune's cadres of the four groups (with import and export). The coverage page is in
`coverage.py`. Importing this module registers the three registers."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from garrison.core.registry import (
    ApiSpec,
    Column,
    ImportColumn,
    ModelConfig,
    ObjectAction,
    register,
)

from . import permissions, services
from .filters import AttendanceFilterSet, AudienceMemberFilterSet, SessionFilterSet
from .forms import AttendanceForm, AudienceMemberForm, RemoveAttendanceForm, SessionForm
from .models import AudienceMember, EducationAttendance, EducationSession


def _record(request, session, data) -> str:
    rows = services.do_record_attendance(
        actor=request.user, session=session, persons=data["persons"]
    )
    n, asked = len(rows), len(data["persons"])
    message = ngettext("%(n)d person recorded.", "%(n)d people recorded.", n) % {"n": n}
    if asked > n:
        message += " " + ngettext(
            "%(n)d was already recorded.", "%(n)d were already recorded.", asked - n
        ) % {"n": asked - n}
    return message


def _remove(request, session, data) -> str:
    n = services.do_remove_attendance(actor=request.user, session=session, persons=data["persons"])
    return ngettext("%(n)d person removed.", "%(n)d people removed.", n) % {"n": n}


def _attendance_kwargs(request, session):
    return {"session": session, "user": request.user}


@register
class SessionConfig(ModelConfig):
    model = EducationSession
    name = "edusession"
    namespace = "operations"
    select_related = ["commune"]
    list_columns = [
        Column("starts_on", order_by="starts_on", link=True),
        Column("ends_on", order_by="ends_on"),
        Column("audience", order_by="audience"),
        Column("topic", order_by="topic"),
        Column("commune", order_by="commune__name"),
        Column("place"),
        Column("attendance_count", order_by="attendance_count"),
    ]
    export_columns = [
        Column("starts_on"),
        Column("ends_on"),
        Column("audience"),
        Column("topic"),
        Column("commune__name", label=_("commune")),
        Column("commune__code", label=_("commune code")),
        Column("place"),
        Column("teacher"),
        Column("attendance_count"),
        Column("note"),
    ]
    default_ordering = ["-starts_on", "-pk"]
    search_fields = ["topic__icontains", "place__icontains", "teacher__icontains"]
    filterset_class = SessionFilterSet
    form_class = SessionForm
    nav_label = _("Defence and security education")
    nav_group = "operations"
    nav_order = 70
    api = ApiSpec(
        path="/operations/education-sessions",
        id_param="edusession_id",
        summaries={
            "list": "List defence and security education sessions",
            "get": "Get a defence and security education session",
            "create": "Record a defence and security education session (the commune's command)",
            "patch": "Edit a defence and security education session",
            "delete": "Delete a defence and security education session and its attendance",
        },
        descriptions={
            "list": "Filters: `audience` group_1 … group_4, students, population; `year` the "
            "year the session starts; `commune` a commune code.",
            "create": "A session may be planned ahead (dates in the future). `ends_on` before "
            "`starts_on` is refused. `attendance_count` is for a mass session; with people "
            "named too it is the whole attendance and may not be below those named.",
        },
    )
    detail_template = "operations/edusession_detail.html"
    detail_fields = [
        "commune",
        "audience",
        "topic",
        "starts_on",
        "ends_on",
        "place",
        "teacher",
        "attendance_count",
        "note",
    ]
    actions = [
        ObjectAction(
            "attend",
            _("Record attendance"),
            AttendanceForm,
            _record,
            icon="person-check",
            style="primary",
            available=lambda s, user: permissions.can_record_attendance(user, s),
            form_kwargs=_attendance_kwargs,
            help_text=_(
                "People of the person register who attended: those living in the commune, or "
                "counted among its cadres. Attendance at a session not yet held is refused."
            ),
        ),
        ObjectAction(
            "unattend",
            _("Remove attendance"),
            RemoveAttendanceForm,
            _remove,
            icon="person-dash",
            style="outline-danger",
            available=lambda s, user: permissions.can_record_attendance(user, s),
            form_kwargs=_attendance_kwargs,
        ),
    ]

    @classmethod
    def user_can_add(cls, user):
        return permissions.can_manage_education(user)

    @classmethod
    def new_instance(cls, request):
        today = timezone.localdate()
        return EducationSession(starts_on=today, ends_on=today)

    @classmethod
    def picker_label(cls, obj):
        return f"{obj} — {obj.commune} ({obj.starts_on:%d/%m/%Y})"

    @classmethod
    def create(cls, actor, form):
        return services.do_save_session(actor=actor, session=form.save(commit=False))

    @classmethod
    def update(cls, actor, form, expected_version):
        return services.do_save_session(
            actor=actor, session=form.save(commit=False), expected_version=expected_version
        )

    @classmethod
    def detail_context(cls, request, obj):
        rows = list(obj.attendances.select_related("person"))
        named = len(rows)
        return {
            "attendances": rows,
            "named": named,
            "people_attending": obj.attendance_count if obj.attendance_count is not None else named,
            "not_yet_held": services.not_yet_held(obj),
        }


@register
class AttendanceConfig(ModelConfig):
    model = EducationAttendance
    name = "eduattendance"
    namespace = "operations"
    select_related = ["session", "person", "commune"]
    list_columns = [
        Column("session", order_by="session__starts_on", link=True),
        Column(
            "starts_on",
            label=_("starts on"),
            accessor=lambda a: a.session.starts_on,
            order_by="session__starts_on",
        ),
        Column("person", order_by="person__name_sort_key"),
        Column("commune", order_by="commune__name"),
    ]
    export_columns = [
        Column("session__topic", label=_("session")),
        Column("session__starts_on", label=_("starts on")),
        Column("session__audience", label=_("audience")),
        Column("person__full_name", label=_("person")),
        Column("person__citizen_id", label=_("citizen ID")),
        Column("commune__name", label=_("commune")),
    ]
    default_ordering = ["-session__starts_on", "person__name_sort_key"]
    search_fields = ["person__search_name__words", "session__topic__icontains"]
    filterset_class = AttendanceFilterSet
    can_add = False  # recorded from the session's page
    can_delete = False  # removed from the session's page
    picker = False
    api = ApiSpec(
        path="/operations/education-attendance",
        id_param="attendance_id",
        summaries={
            "list": "List attendance at defence and security education sessions",
            "get": "Get one person's attendance at a session",
        },
        descriptions={"list": "Filters: `session` a session id; `commune` a commune code."},
    )
    detail_fields = ["session", "person", "commune"]


def _group_member_label(obj) -> str:
    return f"{obj.person} — {obj.get_audience_display()}"


@register
class AudienceMemberConfig(ModelConfig):
    model = AudienceMember
    name = "edugroupmember"
    namespace = "operations"
    select_related = ["person", "commune"]
    list_columns = [
        Column("person", order_by="person__name_sort_key", link=True),
        Column("audience", order_by="audience"),
        Column("position", order_by="position"),
        Column("commune", order_by="commune__name"),
        Column("since", order_by="since"),
        Column("until", order_by="until"),
    ]
    export_columns = [
        Column("person__citizen_id", label=_("citizen ID")),
        Column("person__full_name", label=_("person")),
        Column("audience"),
        Column("position"),
        Column("commune__code", label=_("commune code")),
        Column("commune__name", label=_("commune")),
        Column("since"),
        Column("until"),
    ]
    default_ordering = ["audience", "person__name_sort_key"]
    search_fields = ["person__search_name__words", "position__icontains"]
    filterset_class = AudienceMemberFilterSet
    form_class = AudienceMemberForm
    nav_label = _("Cadres of the education groups")
    nav_group = "operations"
    nav_order = 71
    api = ApiSpec(
        path="/operations/education-groups",
        id_param="group_member_id",
        summaries={
            "list": "List the cadres counted in the four defence education groups",
            "get": "Get a cadre of a defence education group",
            "create": "Count a cadre in one of the four groups",
            "patch": "Edit a cadre of a defence education group (e.g. the day they left)",
            "delete": "Delete a cadre of a defence education group",
        },
        descriptions={
            "list": "Filters: `audience` group_1 … group_4; `commune` a commune code; `due` "
            "true for the cadres in their group today not trained within the cycle.",
        },
    )
    detail_fields = ["person", "audience", "position", "commune", "since", "until"]

    @classmethod
    def user_can_add(cls, user):
        return permissions.can_manage_education(user)

    @classmethod
    def picker_label(cls, obj):
        return _group_member_label(obj)


def status_text(trained: bool) -> str:
    return gettext("trained within the cycle") if trained else gettext("due")


__all__ = ["AttendanceConfig", "AudienceMemberConfig", "ImportColumn", "SessionConfig"]
