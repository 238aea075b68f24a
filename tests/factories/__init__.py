"""factory-boy factories for the foundation's models."""

from __future__ import annotations

import datetime

import factory

from garrison.accounts.models import User
from garrison.accounts.rules import Role
from garrison.commands import rules as command_rules
from garrison.commands.models import Assignment, MilitaryCommand, StaffingQuota
from garrison.people.models import Person
from garrison.people.rules import make_citizen_id
from garrison.territory.models import Commune, Province


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: 80 + n)
    name = factory.LazyAttribute(lambda o: f"Tỉnh Thử {o.code}")
    codename = factory.LazyAttribute(lambda o: f"thu_{o.code}")
    division_type = "tinh"


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: 90000 + n)
    name = factory.LazyAttribute(lambda o: f"Xã Thử {o.code}")
    codename = factory.LazyAttribute(lambda o: f"xa_thu_{o.code}")
    division_type = "xa"
    province = factory.SubFactory(ProvinceFactory)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    sex = "male"
    date_of_birth = factory.Sequence(
        lambda n: datetime.date(1990, 1, 1) + datetime.timedelta(days=n)
    )
    residence_commune = factory.SubFactory(CommuneFactory)

    @factory.lazy_attribute_sequence
    def citizen_id(self, n):
        return make_citizen_id(11, self.sex, self.date_of_birth, 100000 + n)


class CommandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MilitaryCommand
        skip_postgeneration_save = True

    level = "commune"
    commune = factory.SubFactory(CommuneFactory)
    province = factory.LazyAttribute(lambda o: o.commune.province)
    name = factory.LazyAttribute(lambda o: command_rules.commune_command_name(o.commune.name))

    @factory.post_generation
    def quotas(self, create, extracted, **kwargs):
        if not create:
            return
        table = extracted or command_rules.default_quotas(key_defence=False)
        StaffingQuota.objects.bulk_create(
            [StaffingQuota(command=self, position=p, quota=q) for p, q in table.items() if q]
        )


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    command = factory.SubFactory(CommandFactory)
    position = command_rules.Position.COMMANDER
    person = factory.SubFactory(
        PersonFactory, residence_commune=factory.SelfAttribute("..command.commune")
    )
    start_date = datetime.date(2026, 1, 14)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.COMMUNE_STAFF
    password = factory.django.Password("secret-pass-123")


# --- military service ----------------------------------------------------------------------------
class ServiceRecordFactory(factory.django.DjangoModelFactory):
    """A registration of a young man of commune A's kind (born 2005 by default)."""

    class Meta:
        model = "conscription.ServiceRecord"

    person = factory.SubFactory(
        PersonFactory,
        date_of_birth=factory.Sequence(
            lambda n: datetime.date(2005, 1, 1) + datetime.timedelta(days=n % 300)
        ),
    )
    commune = factory.LazyAttribute(lambda o: o.person.residence_commune)
    registered_on = datetime.date(2022, 4, 15)
    education_grade = 12


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "conscription.Campaign"
        django_get_or_create = ("province", "year")

    province = factory.SubFactory(ProvinceFactory)
    year = 2027
    quota = 10
    exam_start = datetime.date(2026, 11, 1)
    exam_end = datetime.date(2026, 12, 31)
    handover_date = datetime.date(2027, 2, 24)
    handover_place = "Ban Chỉ huy phòng thủ khu vực 1"
