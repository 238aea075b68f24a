"""Pages of cadre profiles, their memberships of political bodies and their career history."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from garrison.cadres.filters import CadreProfileFilterSet
from garrison.cadres.forms import (
    PROFILE_FIELDS,
    BodyMembershipForm,
    CadreProfileForm,
    CareerEntryForm,
    NewCadreProfileForm,
)
from garrison.cadres.models import BodyMembership, CadreProfile, CareerEntry
from garrison.cadres.permissions import can_change_profile
from garrison.cadres.schemas import ProfileDetailOut, ProfileOut
from garrison.commands.models import Assignment
from garrison.core.dates import age_on
from garrison.core.filtering import query_id
from garrison.core.registry import ApiSpec, Column, ModelConfig, register
from garrison.core.scoping import NATION, PROVINCE


def profile_from_query(request, instance):
    """An add page linked from a cadre's profile (…/add/?profile=7): the new row's profile,
    when the user may change it. The profile pages and the development pages use it."""
    pk = query_id(request.GET, "profile")
    if pk is not None:
        profile = CadreProfile.objects.editable_by(request.user).filter(pk=pk).first()
        if profile is not None:
            instance.profile = profile
    return instance


@register
class CadreProfileConfig(ModelConfig):
    model = CadreProfile
    name = "profile"
    namespace = "cadres"
    nav_label = _("Cadres")
    nav_order = 32
    nav_group = "cadres"
    nav_levels = frozenset({NATION, PROVINCE})
    nav_url_name = "cadres:overview"
    audit_reads = True
    can_delete = False  # a cadre leaves the contingent (status), the record stays
    select_related = ["person", "province", "commune", "home_commune"]
    list_columns = [
        Column("person", label=_("full name"), order_by="person__name_sort_key", link=True),
        Column("rank", order_by="rank"),
        Column("service_category"),
        Column("political_theory", order_by="political_theory"),
        Column("commune", order_by="commune__name"),
        Column("local_military_years", order_by="local_military_years"),
        Column("status"),
    ]
    default_ordering = ["person__name_sort_key"]
    search_fields = ["person__search_name__words", "person__citizen_id__startswith"]
    filterset_class = CadreProfileFilterSet
    form_class = CadreProfileForm
    add_form_class = NewCadreProfileForm
    detail_template = "cadres/profile_detail.html"
    api = ApiSpec(
        path="/cadres/profiles",
        id_param="profile_id",
        out=ProfileOut,
        detail_out=ProfileDetailOut,
        summaries={
            "list": "List cadre profiles",
            "get": "Get a cadre profile with the posts held, memberships and career",
        },
        descriptions={
            "list": "A province sees its cadres; a commune those serving in it. `commune` is "
            "the code of the commune served in; `unplaced` true: only cadres without a commune "
            "post; `q` matches part of the name or the start of a citizen ID.",
        },
    )

    @classmethod
    def api_detail(cls, request, obj):
        user = request.user
        profile = (
            cls.queryset(request)
            .prefetch_related(
                Prefetch(
                    "memberships",
                    BodyMembership.objects.visible_to(user).select_related("commune"),
                ),
                Prefetch(
                    "career",
                    CareerEntry.objects.visible_to(user).select_related("decision"),
                ),
            )
            .get(pk=obj.pk)
        )
        profile.current_posts = list(
            Assignment.objects.visible_to(user)
            .current(timezone.localdate())
            .filter(person_id=profile.person_id)
            .select_related("command__commune")
            .order_by("start_date", "pk")
        )
        return profile

    detail_fields = [*PROFILE_FIELDS, "province", "commune"]

    @classmethod
    def user_can_write(cls, user):
        return can_change_profile(user)

    @classmethod
    def new_instance(cls, request):
        scope = getattr(request.user, "scope", None)
        return CadreProfile(province_id=getattr(scope, "province_id", None))

    @classmethod
    def detail_context(cls, request, obj):
        today = timezone.localdate()
        return {
            "person": obj.person,
            "age": age_on(obj.person.date_of_birth, today),
            "posts": obj.person.assignments.current(today).select_related("command"),
            "memberships": obj.memberships.select_related("commune"),
            "career": obj.career.select_related("decision"),
            "decisions": obj.decisions.select_related("command"),
            "evaluations": obj.evaluations.select_related("command"),
            "enrolments": obj.enrolments.select_related("course"),
            "recognitions": obj.recognitions.all(),
            "entitlements": obj.entitlements.all(),
            "succession": obj.succession.select_related("command"),
            "can_write": can_change_profile(request.user, obj),
        }


@register
class BodyMembershipConfig(ModelConfig):
    model = BodyMembership
    name = "membership"
    namespace = "cadres"
    select_related = ["profile__person", "commune"]
    list_columns = [
        Column("profile", order_by="profile__person__name_sort_key", link=True),
        Column("body", order_by="body"),
        Column("commune", order_by="commune__name"),
        Column("term", order_by="term"),
        Column("started_on", order_by="started_on"),
        Column("ended_on", order_by="ended_on"),
    ]
    default_ordering = ["profile__person__name_sort_key", "-started_on"]
    form_class = BodyMembershipForm
    search_fields = ["profile__person__search_name__words"]

    @classmethod
    def new_instance(cls, request):
        return profile_from_query(request, BodyMembership())


@register
class CareerEntryConfig(ModelConfig):
    audit_reads = True  # personal data: reads and list pages are written to the audit log
    model = CareerEntry
    name = "career"
    namespace = "cadres"
    select_related = ["profile__person"]
    list_columns = [
        Column("profile", order_by="profile__person__name_sort_key", link=True),
        Column("title"),
        Column("organisation"),
        Column("started_on", order_by="started_on"),
        Column("ended_on", order_by="ended_on"),
        Column("decision"),
    ]
    default_ordering = ["profile__person__name_sort_key", "-started_on"]
    form_class = CareerEntryForm
    search_fields = ["profile__person__search_name__words", "organisation__icontains"]

    @classmethod
    def new_instance(cls, request):
        return profile_from_query(request, CareerEntry())

    @classmethod
    def change_refusal(cls, obj):
        if obj.decision_id:
            return str(
                _(
                    "This line was written by decision %(number)s: revoke the decision instead "
                    "of editing the history."
                )
                % {"number": obj.decision.number}
            )
        return None
