"""factory-boy factories for the foundation's models."""

from __future__ import annotations

import datetime

import factory

from garrison.accounts.models import User
from garrison.accounts.rules import Role
from garrison.commands import rules as command_rules
from garrison.commands.models import Assignment, MilitaryCommand, StaffingQuota
from garrison.forces import rules as forces_rules
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

    # a name has no digits: the sequence number spelt with letters (0 → A … 9 → J), which
    # keeps the order the numbers had
    full_name = factory.Sequence(
        lambda n: "Nguyễn Văn Thử " + "".join("ABCDEFGHIJ"[int(d)] for d in str(n))
    )
    sex = "male"
    ethnicity = "Kinh"
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


# --- forces --------------------------------------------------------------------------------------
class MilitiaUnitFactory(factory.django.DjangoModelFactory):
    """A mobile militia squad: 1 leader and 8 members."""

    class Meta:
        model = "forces.MilitiaUnit"

    commune = factory.SubFactory(CommuneFactory)
    name = factory.Sequence(lambda n: f"Tiểu đội dân quân cơ động {n}")
    kind = "mobile"
    level = "squad"
    establishment_leaders = 1
    establishment_members = 8


class MilitiaMemberFactory(factory.django.DjangoModelFactory):
    """A serving member, with its term computed from the law and its first placement line
    (as `do_add_member` writes them)."""

    class Meta:
        model = "forces.MilitiaMember"
        skip_postgeneration_save = True

    unit = factory.SubFactory(MilitiaUnitFactory)
    person = factory.SubFactory(
        PersonFactory,
        residence_commune=factory.SelfAttribute("..unit.commune"),
        date_of_birth=factory.Sequence(
            lambda n: datetime.date(1998, 1, 1) + datetime.timedelta(days=n % 900)
        ),
    )
    commune = factory.SelfAttribute("unit.commune")
    kind = factory.SelfAttribute("unit.kind")
    role = "member"
    started_on = datetime.date(2025, 4, 1)
    term_years = factory.LazyAttribute(lambda o: forces_rules.term_years(o.kind))
    term_end = factory.LazyAttribute(lambda o: forces_rules.term_end(o.started_on, o.kind))

    @factory.post_generation
    def placement(self, create, extracted, **kwargs):
        if create:
            self.assignments.create(
                unit=self.unit, role=self.role, started_on=self.started_on, commune=self.commune
            )


class ReserveUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "forces.ReserveUnit"

    province = factory.SubFactory(ProvinceFactory)
    code = factory.Sequence(lambda n: f"d{n}")
    name = factory.Sequence(lambda n: f"Tiểu đoàn dự bị động viên {n}")
    role = "combat"
    establishment = 100


class ReservistFactory(factory.django.DjangoModelFactory):
    """A reservist of 30 discharged after 24 months' service: class 1, group A."""

    class Meta:
        model = "forces.Reservist"

    person = factory.SubFactory(
        PersonFactory,
        date_of_birth=factory.Sequence(
            lambda n: datetime.date(1996, 1, 1) + datetime.timedelta(days=n % 300)
        ),
    )
    commune = factory.LazyAttribute(lambda o: o.person.residence_commune)
    reserve_class = "hang_1"
    active_service_months = 24
    rank = "ha_si"
    specialty_code = "101"
    specialty = "Bộ binh"
    registered_on = datetime.date(2020, 4, 10)


class TechnicalMeansFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "forces.TechnicalMeans"

    commune = factory.SubFactory(CommuneFactory)
    kind = "road_vehicle"
    model_name = "THACO Ollin 500"
    registration_number = factory.Sequence(lambda n: f"27C-{n:05d}")
    owner_name = "Hợp tác xã vận tải"
    registered_on = datetime.date(2024, 5, 1)


class TrainingPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "forces.TrainingPlan"

    commune = factory.SubFactory(CommuneFactory)
    year = 2026
    kind = "mobile"


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "forces.TrainingSession"

    plan = factory.SubFactory(TrainingPlanFactory)
    commune = factory.SelfAttribute("plan.commune")
    held_on = datetime.date(2026, 5, 10)
    days = 2
    content = "Điều lệnh đội ngũ"


# --- reporting -----------------------------------------------------------------------------------
class DirectiveFactory(factory.django.DjangoModelFactory):
    """A draft directive of a province, addressed to all its communes."""

    class Meta:
        model = "reporting.Directive"

    province = factory.SubFactory(ProvinceFactory)
    number = factory.Sequence(lambda n: f"{n + 1:02d}/CT-BCH")
    title = "Về tăng cường công tác sẵn sàng chiến đấu"
    text = "Các Ban CHQS xã duy trì nghiêm chế độ trực sẵn sàng chiến đấu.\nBáo cáo kết quả."
    issued_on = datetime.date(2026, 1, 15)
    due_on = datetime.date(2026, 2, 5)
    signer_name = "Nguyễn Văn Chỉ"


def issued_directive(province, communes=None, **kwargs):
    """A directive already sent (receipts written directly, as the demo does: its dates may lie
    in the past, which the service refuses), to `communes` or to all the province's."""
    from garrison.reporting.models import DirectiveReceipt

    directive = DirectiveFactory(province=province, status="issued", **kwargs)
    if communes is None:
        communes = list(Commune.objects.filter(province=province))
    else:
        directive.to_all_communes = False
        directive.save(update_fields=["to_all_communes"])
        directive.recipients.set(communes)
    DirectiveReceipt.objects.bulk_create(
        [
            DirectiveReceipt(
                directive=directive,
                commune_id=c.pk,
                province_id=province.pk,
                due_on=directive.due_on,
            )
            for c in communes
        ]
    )
    return directive


MONTHLY_FIELDS = (
    # key, label, kind, indicator, required
    ("strength", "Quân số dân quân", "number", "militia.strength", True),
    ("trained", "Số đã huấn luyện", "number", "", True),
    ("patrols", "Số lần tuần tra", "number", "", True),
    ("situation", "Tình hình chung", "text", "", False),
)


def monthly_form(province=None, *, code="BC-01", publish=True, due_days=5, rules=True):
    """A monthly report form with a computed militia strength, two typed numbers and a text,
    and the rules "trained ≤ strength" (blocks) and "patrols ≥ 4" (warns); version 1 published
    unless `publish` is False. `province` None: a Ministry form."""
    from django.utils import timezone

    from garrison.reporting.models import FormField, FormRule, FormVersion, ReportForm

    form = ReportForm.objects.create(
        province=province,
        code=code,
        name="Báo cáo tháng về công tác quân sự, quốc phòng",
        period_type="month",
        due_days=due_days,
    )
    version = FormVersion.objects.create(form=form, number=1)
    for order, (key, label, kind, indicator, required) in enumerate(MONTHLY_FIELDS):
        FormField.objects.create(
            form_version=version,
            order=order,
            key=key,
            label=label,
            kind=kind,
            indicator=indicator,
            required=required,
            section="I. Lực lượng" if order < 2 else "II. Hoạt động",
        )
    if rules:
        FormRule.objects.create(
            form_version=version,
            left="trained",
            op="<=",
            right_field="strength",
            message="Số đã huấn luyện không thể vượt quân số.",
        )
        FormRule.objects.create(
            form_version=version,
            left="patrols",
            op=">=",
            right_value=4,
            severity="warn",
            message="Tuần tra ít hơn 4 lần một tháng.",
        )
    if publish:
        version.published_at = timezone.now()
        version.save(update_fields=["published_at"])
    return form


class CadreProfileFactory(factory.django.DjangoModelFactory):
    """A regular officer, Captain, Party member, intermediate political theory, health class 1,
    of the province of their residence (pass `person__residence_commune`)."""

    class Meta:
        model = "cadres.CadreProfile"

    person = factory.SubFactory(
        PersonFactory, date_of_birth=factory.Sequence(lambda n: datetime.date(1988, 3, 1 + n % 28))
    )
    province = factory.LazyAttribute(lambda o: o.person.residence_commune.province)
    service_category = "regular_officer"
    rank = "captain"
    rank_date = datetime.date(2022, 9, 2)
    political_theory = "intermediate"
    party_member = True
    health_class = 1
    local_military_years = 3
    grassroots_years = 2


class PostStandardFactory(factory.django.DjangoModelFactory):
    """The Ministry's standard for a Commander: 25–50, Senior Lieutenant to Lieutenant Colonel,
    intermediate political theory, Party member, health class 2 or better (test figures)."""

    class Meta:
        model = "cadres.PostStandard"

    province = None
    position = "commander"
    area = "any"
    min_age = 25
    max_age = 50
    min_rank = "senior_lieutenant"
    max_rank = "lieutenant_colonel"
    min_political_theory = "intermediate"
    party_required = True
    max_health_class = 2


# --- operations (issue 17): one factory per register; each sub-domain's tests add what they
# need on top (the declaration of an event, which writes its targets, is a service's work)
class ReadinessEventFactory(factory.django.DjangoModelFactory):
    """A draft event of a province (declare it with the events service to reach communes)."""

    class Meta:
        model = "operations.ReadinessEvent"

    province = factory.SubFactory(ProvinceFactory)
    name = factory.Sequence(lambda n: f"Tết Bính Ngọ {n}")
    kind = "holiday"
    starts_on = datetime.date(2026, 2, 10)
    ends_on = datetime.date(2026, 2, 22)
    plan_due_on = datetime.date(2026, 2, 5)
    patrols_per_week = 2
    duty_strength = 3


class EventTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "operations.EventTarget"

    event = factory.SubFactory(ReadinessEventFactory)
    commune = factory.SubFactory(CommuneFactory, province=factory.SelfAttribute("..event.province"))
    plan_due_on = factory.SelfAttribute("event.plan_due_on")
    patrols_per_week = factory.SelfAttribute("event.patrols_per_week")
    duty_strength = factory.SelfAttribute("event.duty_strength")


class ReadinessPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "operations.ReadinessPlan"

    event = factory.SubFactory(ReadinessEventFactory)
    commune = factory.SubFactory(CommuneFactory, province=factory.SelfAttribute("..event.province"))
    key_places = "Trụ sở UBND xã"


class DutyShiftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "operations.DutyShift"

    commune = factory.SubFactory(CommuneFactory)
    day = datetime.date(2026, 2, 16)
    shift = "day"


class PoliceUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "operations.PoliceUnit"
        django_get_or_create = ("commune",)

    commune = factory.SubFactory(CommuneFactory)
    name = factory.LazyAttribute(lambda o: f"Công an {o.commune.name}")


class PoliceOfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "operations.PoliceOfficer"

    police_unit = factory.SubFactory(PoliceUnitFactory)
    commune = factory.SelfAttribute("police_unit.commune")
    full_name = factory.Sequence(lambda n: f"Lò Văn Công {chr(65 + n % 26)}")
    rank = "Thiếu úy"


class PatrolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "operations.Patrol"

    commune = factory.SubFactory(CommuneFactory)
    day = datetime.date(2026, 2, 16)
    starts_at = datetime.time(19, 0)
    ends_at = datetime.time(22, 0)
    villages = "Bản Na Son"
    status = "done"


class IncidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "operations.Incident"

    commune = factory.SubFactory(CommuneFactory)
    kind = "landslide"
    title = "Sạt lở đất bản Huổi Một"
    occurred_at = datetime.datetime(2026, 7, 20, 5, 30, tzinfo=datetime.UTC)
    severity = "severe"


class SituationReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "operations.SituationReport"

    incident = factory.SubFactory(IncidentFactory)
    commune = factory.SelfAttribute("incident.commune")
    sent_at = datetime.datetime(2026, 7, 20, 9, 0, tzinfo=datetime.UTC)
    situation = "Đã sơ tán 12 hộ"


# --- the defensive zone and the people (issue 18) ---------------------------------------------
class VillageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "territory.Village"

    commune = factory.SubFactory(CommuneFactory)
    name = factory.Sequence(lambda n: f"Bản Huổi {n + 1}")
    population = 320
    households = 70


class DefenceWorkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "operations.DefenceWork"

    commune = factory.SubFactory(CommuneFactory)
    kind = "combat_base"
    name = factory.Sequence(lambda n: f"Căn cứ chiến đấu số {n + 1}")
    state = "ready"
    capacity_people = 60


class EvacuationAreaFactory(DefenceWorkFactory):
    kind = "evacuation_area"
    name = factory.Sequence(lambda n: f"Khu sơ tán số {n + 1}")
    capacity_people = 500


class WorkInspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "operations.WorkInspection"

    work = factory.SubFactory(DefenceWorkFactory)
    commune = factory.SelfAttribute("work.commune")
    inspected_on = datetime.date(2026, 3, 10)
    inspectors = "Ban CHQS xã"
    state_found = "ready"
    findings = "Công trình bảo đảm, sẵn sàng sử dụng."


class EducationSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "operations.EducationSession"

    commune = factory.SubFactory(CommuneFactory)
    audience = "group_4"
    topic = "Bồi dưỡng kiến thức quốc phòng và an ninh đối tượng 4"
    starts_on = datetime.date(2026, 5, 12)
    ends_on = datetime.date(2026, 5, 14)
    place = "Hội trường UBND xã"
    teacher = "Đại úy Lò Văn Thành"


class AudienceMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "operations.AudienceMember"

    person = factory.SubFactory(PersonFactory)
    commune = factory.SelfAttribute("person.residence_commune")
    audience = "group_4"
    position = "Trưởng bản"
    since = datetime.date(2025, 7, 1)


class MassProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "operations.MassProgramme"

    province = factory.SubFactory(ProvinceFactory)
    name = "Xuân biên phòng ấm lòng dân bản – Tết Quân dân 2026"
    starts_on = datetime.date(2026, 1, 5)
    ends_on = datetime.date(2026, 2, 20)
    with_fatherland_front = True
    with_womens_union = True
    budget_vnd = 150_000_000


class ProgrammeAidFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "operations.ProgrammeAid"

    person = factory.SubFactory(PersonFactory)
    commune = factory.SelfAttribute("person.residence_commune")
    programme = factory.SubFactory(
        MassProgrammeFactory, province=factory.SelfAttribute("..commune.province")
    )
    kind = "gift"
    quantity = 1
    value_vnd = 500_000
    given_on = datetime.date(2026, 1, 28)
