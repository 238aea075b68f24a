"""Factories of the oversight registers (issue 19): inspections with their targets, findings and
corrective actions; checklists; reviews; lessons; assessment criteria. Dates are fixed days of
2026 (no test depends on today)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory

from tests.factories import CommuneFactory, ProvinceFactory


class InspectionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "oversight.InspectionPlan"

    province = factory.SubFactory(ProvinceFactory)
    year = 2026
    title = "Kế hoạch kiểm tra, giám sát năm 2026"


class ChecklistTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "oversight.ChecklistTemplate"

    province = factory.SubFactory(ProvinceFactory)
    name = "Kiểm tra Ban CHQS xã"


class ChecklistVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "oversight.ChecklistVersion"

    template = factory.SubFactory(ChecklistTemplateFactory)
    number = factory.Sequence(lambda n: n + 1)


class ChecklistItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "oversight.ChecklistItem"

    checklist_version = factory.SubFactory(ChecklistVersionFactory)
    order = factory.Sequence(lambda n: n)
    area = "militia"
    text = "Sổ đăng ký dân quân được cập nhật đầy đủ"


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "oversight.Inspection"

    province = factory.SubFactory(ProvinceFactory)
    title = "Kiểm tra công tác quân sự, quốc phòng"
    starts_on = datetime.date(2026, 5, 11)
    ends_on = datetime.date(2026, 5, 13)
    state = "done"


class InspectionTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "oversight.InspectionTarget"

    commune = factory.SubFactory(CommuneFactory)
    inspection = factory.SubFactory(
        InspectionFactory, province=factory.SelfAttribute("..commune.province")
    )


def inspection_of(commune, **kwargs):
    """An inspection of `commune` (its target row made too)."""
    inspection = InspectionFactory(province=commune.province, **kwargs)
    InspectionTargetFactory(inspection=inspection, commune=commune)
    return inspection


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "oversight.Finding"

    commune = factory.SubFactory(CommuneFactory)
    inspection = factory.LazyAttribute(lambda o: inspection_of(o.commune))
    severity = "moderate"
    area = "militia"
    description = "Sổ đăng ký dân quân chưa cập nhật người chuyển đi"
    found_on = datetime.date(2026, 5, 12)


class CorrectiveActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "oversight.CorrectiveAction"

    finding = factory.SubFactory(FindingFactory)
    commune = factory.SelfAttribute("finding.commune")
    description = "Cập nhật sổ đăng ký, báo cáo kết quả"
    due_on = datetime.date(2026, 6, 30)


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "oversight.Review"

    province = factory.SubFactory(ProvinceFactory)
    kind = "interim"
    title = "Sơ kết 01 năm thực hiện mô hình chính quyền địa phương hai cấp"
    subject = "period"
    period_start = datetime.date(2025, 7, 1)
    period_end = datetime.date(2026, 6, 30)
    held_on = datetime.date(2026, 7, 15)


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "oversight.Lesson"

    province = factory.SubFactory(ProvinceFactory)
    kind = "model"
    title = "Tổ dân quân tự quản đường biên"
    topic = "militia"
    body = "Dân quân thường trực phối hợp với đồn biên phòng tuần tra đường biên hằng tuần."
    recorded_on = datetime.date(2026, 7, 15)


class ReplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "oversight.Replication"

    lesson = factory.SubFactory(LessonFactory)
    commune = factory.SubFactory(
        CommuneFactory, province=factory.SelfAttribute("..lesson.province")
    )
    started_on = datetime.date(2026, 8, 1)


class AssessmentCriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "oversight.AssessmentCriterion"

    province = factory.SubFactory(ProvinceFactory)
    year = 2026
    measure = "militia.training_completion"
    target = Decimal("90")
    weight = 10
