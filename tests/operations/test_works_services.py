"""Recording defence works and their inspections through the services: the first inspection
due from the completion date, an inspection that moves the work's state and due date, an older
one kept without moving it back, an inspection asked sooner after an incident, and refusals."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from garrison.operations.models import DefenceWork
from garrison.operations.works import services
from tests.clock import move_clock
from tests.factories import IncidentFactory, VillageFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 7, 20)


def _work(actor, commune, **fields):
    values = {"kind": "combat_base", "name": "Căn cứ chiến đấu Na Son", "state": "ready"}
    values.update(fields)
    values.setdefault("capacity_people", 80)
    return services.do_create_work(actor=actor, work=DefenceWork(commune=commune, **values))


def test_it_makes_a_new_work_due_from_its_completion(monkeypatch, commune_a_staff, commune_a):
    move_clock(monkeypatch, DAY)
    built = _work(commune_a_staff, commune_a, built_on=datetime.date(2024, 5, 2))
    assert built.inspection_due_on == datetime.date(2024, 5, 2)
    assert "never inspected" in built.inspection_reason
    fresh = _work(commune_a_staff, commune_a, name="Trận địa mới")
    assert fresh.inspection_due_on == DAY


def test_it_updates_the_work_from_an_inspection(monkeypatch, commune_a_staff, commune_a):
    move_clock(monkeypatch, DAY)
    work = _work(commune_a_staff, commune_a)
    services.do_record_inspection(
        actor=commune_a_staff,
        work=work,
        inspected_on=datetime.date(2026, 7, 18),
        inspectors="Ban CHQS xã",
        state_found="degraded",
        findings="Sạt taluy phía bắc, hầm bị lấp một phần.",
    )
    work.refresh_from_db()
    assert work.state == "degraded"
    assert work.last_inspected_on == datetime.date(2026, 7, 18)
    assert work.last_finding.startswith("Sạt taluy")
    assert work.inspection_due_on == datetime.date(2027, 7, 18)
    assert work.inspections.count() == 1


def test_it_keeps_an_older_inspection_without_moving_the_work_back(
    monkeypatch, commune_a_staff, commune_a
):
    move_clock(monkeypatch, DAY)
    work = _work(commune_a_staff, commune_a)
    record = dict(actor=commune_a_staff, inspectors="Ban CHQS xã", findings="…")
    services.do_record_inspection(
        work=work, inspected_on=datetime.date(2026, 7, 1), state_found="degraded", **record
    )
    services.do_record_inspection(
        work=work, inspected_on=datetime.date(2025, 7, 1), state_found="ready", **record
    )
    work.refresh_from_db()
    assert work.state == "degraded"
    assert work.inspection_due_on == datetime.date(2027, 7, 1)
    assert work.inspections.count() == 2


def test_it_refuses_an_inspection_in_the_future_or_after_another_communes_incident(
    monkeypatch, commune_a_staff, commune_a, commune_b
):
    move_clock(monkeypatch, DAY)
    work = _work(commune_a_staff, commune_a)
    record = dict(actor=commune_a_staff, work=work, inspectors="Ban CHQS xã", state_found="ready")
    with pytest.raises(ValidationError) as future:
        services.do_record_inspection(
            inspected_on=DAY + datetime.timedelta(days=1), findings="…", **record
        )
    assert "cannot be in the future" in future.value.message_dict["inspected_on"][0]
    with pytest.raises(ValidationError) as other:
        services.do_record_inspection(
            inspected_on=DAY, findings="…", incident=IncidentFactory(commune=commune_b), **record
        )
    assert "another commune" in other.value.message_dict["incident"][0]
    assert not work.inspections.exists()


def test_it_brings_the_inspection_sooner_after_an_incident(monkeypatch, commune_a_staff, commune_a):
    move_clock(monkeypatch, DAY)
    work = _work(commune_a_staff, commune_a)
    services.do_record_inspection(
        actor=commune_a_staff,
        work=work,
        inspected_on=datetime.date(2026, 3, 10),
        inspectors="Ban CHQS xã",
        state_found="ready",
        findings="Bảo đảm.",
    )
    incident = IncidentFactory(commune=commune_a, title="Sạt lở bản Huổi Một")
    work = services.do_request_inspection(
        actor=commune_a_staff, work=work, incident=incident, due_on=datetime.date(2026, 7, 25)
    )
    assert work.inspection_due_on == datetime.date(2026, 7, 25)
    assert "Sạt lở bản Huổi Một" in work.inspection_reason
    # a later date asked does not push it back
    work = services.do_request_inspection(
        actor=commune_a_staff, work=work, incident=incident, due_on=datetime.date(2026, 12, 1)
    )
    assert work.inspection_due_on == datetime.date(2026, 7, 25)


def test_it_refuses_a_village_of_another_commune(
    monkeypatch, commune_a_staff, commune_a, commune_b
):
    move_clock(monkeypatch, DAY)
    with pytest.raises(ValidationError) as refused:
        _work(commune_a_staff, commune_a, village=VillageFactory(commune=commune_b))
    assert "village" in refused.value.message_dict


def test_it_lets_the_ministry_change_nothing(monkeypatch, ministry_viewer, commune_a):
    move_clock(monkeypatch, DAY)
    with pytest.raises(PermissionDenied):
        _work(ministry_viewer, commune_a)
