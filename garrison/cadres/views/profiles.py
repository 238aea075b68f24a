"""Pages of cadre profiles, their memberships of political bodies and their career history."""

from __future__ import annotations

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
from garrison.conscription.law_dates import age_on
from garrison.core.registry import Column, ModelConfig, register


def _with_profile(request, instance):
    pk = request.GET.get("profile")
    if pk and pk.isdigit():
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
    search_fields = ["person__full_name__icontains", "person__citizen_id"]
    filterset_class = CadreProfileFilterSet
    form_class = CadreProfileForm
    add_form_class = NewCadreProfileForm
    detail_template = "cadres/profile_detail.html"
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
    search_fields = ["profile__person__full_name__icontains"]

    @classmethod
    def new_instance(cls, request):
        return _with_profile(request, BodyMembership())


@register
class CareerEntryConfig(ModelConfig):
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
    search_fields = ["profile__person__full_name__icontains", "organisation__icontains"]

    @classmethod
    def new_instance(cls, request):
        return _with_profile(request, CareerEntry())

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
