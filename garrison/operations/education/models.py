"""National defence and security education (giáo dục quốc phòng và an ninh) in the commune:
sessions for each audience group — the four groups of cadres of the Law on National Defence and
Security Education, students, and the population — with their attendance (people of the person
register, or a count for a mass session), and the commune's cadres counted in each of the four
groups, who must attend once in every cycle (`education.rules`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from garrison.core.models import CommuneRow, ScopedModel, VersionedModel, province_field
from garrison.core.scoping import COMMUNE

from .querysets import AttendanceQuerySet, AudienceMemberQuerySet, EducationSessionQuerySet


class AudienceGroup(models.TextChoices):
    GROUP_1 = "group_1", _("cadres, group 1")
    GROUP_2 = "group_2", _("cadres, group 2")
    GROUP_3 = "group_3", _("cadres, group 3")
    GROUP_4 = "group_4", _("cadres, group 4")
    STUDENTS = "students", _("students")
    POPULATION = "population", _("the population")


#: the commune's own command keeps these registers; the province and the Ministry read them
COMMUNE_WRITES = frozenset({COMMUNE})

#: the four groups of cadres, whose members must attend within the cycle
CADRE_GROUPS = (
    AudienceGroup.GROUP_1,
    AudienceGroup.GROUP_2,
    AudienceGroup.GROUP_3,
    AudienceGroup.GROUP_4,
)


class EducationSession(CommuneRow, ScopedModel, VersionedModel):
    """A session (a course, a class, a talk) of defence and security education."""

    write_levels = COMMUNE_WRITES
    future_dates = ("starts_on", "ends_on")  # a session may be planned ahead

    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        related_name="education_sessions",
        verbose_name=_("commune"),
        db_index=False,  # a composite index starts with it
    )
    province = province_field(db_index=False)  # a (province, …) index starts with it
    audience = models.CharField(_("audience"), max_length=12, choices=AudienceGroup)
    topic = models.CharField(_("topic"), max_length=300)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    teacher = models.CharField(_("teacher"), max_length=200, blank=True)
    attendance_count = models.PositiveIntegerField(
        _("people attending (count)"),
        null=True,
        blank=True,
        help_text=_("For a mass session, the number of people who attended."),
    )
    note = models.TextField(_("note"), blank=True)

    objects = EducationSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("defence and security education session")
        verbose_name_plural = _("defence and security education sessions")
        ordering = ["-starts_on", "-pk"]
        indexes = [
            models.Index(fields=["commune", "audience", "starts_on"]),
            models.Index(fields=["province", "audience", "starts_on"]),
        ]

    def __str__(self) -> str:
        return self.topic


class EducationAttendance(CommuneRow, ScopedModel):
    """A person of the person register who attended a session."""

    write_levels = COMMUNE_WRITES
    future_dates = ()

    commune = models.ForeignKey(
        "territory.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    session = models.ForeignKey(
        EducationSession,
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("session"),
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="education_attendances",
        verbose_name=_("person"),
    )

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance at an education session")
        verbose_name_plural = _("attendance at education sessions")
        ordering = ["session", "person__name_sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"], name="education_attendance_unique"
            )
        ]
        indexes = [models.Index(fields=["person", "session"])]

    def __str__(self) -> str:
        return f"{self.person} — {self.session}"


class AudienceMember(CommuneRow, ScopedModel, VersionedModel):
    """A cadre of the commune counted in one of the four groups, from a date (until another)."""

    write_levels = COMMUNE_WRITES
    future_dates = ()

    commune = models.ForeignKey(
        "territory.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="education_groups",
        verbose_name=_("person"),
    )
    audience = models.CharField(
        _("group"), max_length=12, choices=[(g.value, g.label) for g in CADRE_GROUPS]
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    since = models.DateField(_("in the group since"))
    until = models.DateField(_("left the group on"), null=True, blank=True)

    objects = AudienceMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("cadre of an education group")
        verbose_name_plural = _("cadres of the education groups")
        ordering = ["audience", "person__name_sort_key"]
        indexes = [models.Index(fields=["commune", "audience"])]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_audience_display()}"
