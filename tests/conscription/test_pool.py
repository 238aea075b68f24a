"""Building a campaign's pool as a background task: the same candidates and outcomes as the
assessment of one record at a time (`services.current_outcome`, the path of a person's page), for
citizens covering every deferral and exemption the engine knows; a second build writes nothing;
a failed build leaves the pool as it was; the page answers at once with the progress bar."""

from __future__ import annotations

import dataclasses
import datetime
import random

import pytest
from auditlog.models import LogEntry
from django.utils import translation

from garrison.conscription import rules, screening, services
from garrison.conscription.models import Candidate, PoolBuild, ServiceDecision, ServiceRecord
from garrison.conscription.querysets import OUT_OF_POOL_OUTCOMES
from tests.conftest import client_for
from tests.factories import PersonFactory, ServiceRecordFactory

HANDOVER = datetime.date(2027, 2, 24)  # CampaignFactory's hand-over day
YEARS_AGO = {n: HANDOVER - datetime.timedelta(days=365 * n) for n in range(1, 5)}

#: one registration per reason the engine (LAW.md §8) knows, and a few plain ones
CITIZENS: dict[str, dict] = {
    "eligible": {},
    "exempt 41.2.a parent martyr": {"parent_martyr": True},
    "exempt 41.2.a invalid class 1": {"parent_war_invalid_class": 1},
    "exempt 41.2.b sibling martyr": {"sibling_martyr_designated": True},
    "exempt 41.2.c one child": {"designated_one_child": True, "parent_war_invalid_class": 2},
    "exempt 41.2.c agent orange": {"designated_one_child": True, "parent_agent_orange_pct": 85},
    "exempt 41.2.d cipher": {"cipher_worker_civilian": True},
    "exempt 41.2.đ posted": {"posted_difficult_area_since": YEARS_AGO[3]},
    "deferred 41.1.b sole labourer": {"sole_labourer_confirmed": True},
    "deferred 41.1.b disaster": {"family_disaster_confirmed": True},
    "deferred 41.1.c sick soldier 70%": {
        "designated_one_child": True,
        "parent_sick_soldier_pct": 70,
    },
    "deferred 41.1.d sibling": {
        "sibling_serving_kind": "army_conscript",
        "sibling_serving_start": YEARS_AGO[1],
    },
    "deferred 41.1.đ resettled": {"resettled_since": YEARS_AGO[1]},
    "deferred 41.1.e posted": {"posted_difficult_area_since": YEARS_AGO[1]},
    "deferred 41.1.g school": {"study_level": "general", "study_status": "studying"},
    "deferred 41.1.g university": {
        "study_level": "university",
        "study_status": "studying",
        "course_end": datetime.date(2028, 6, 30),
    },
    "deferred 41.1.h standing militia": {"standing_militia_since": YEARS_AGO[1]},
    "completed standing militia": {
        "standing_militia_since": YEARS_AGO[4],
        "standing_militia_until": YEARS_AGO[1],
    },
    "completed commune police": {
        "completed_service_kind": "commune_police",
        "completed_service_months": 40,
    },
    "not allowed": {"legal_prosecuted": True},
    "not meeting the education standard": {"education_grade": 5},
    "volunteer though deferred": {"volunteer": True, "sole_labourer_confirmed": True},
    "master's student (unconfirmed point)": {"study_level": "master", "study_status": "studying"},
    "dropped out after a study deferral": {
        "was_deferred_for_study": True,
        "study_level": "university",
        "study_status": "dropped",
    },
    "exemption decided": {},
    "deferral decided, running": {},
    "deferral decided, over": {},
    "health class 4": {},
    "background not cleared": {},
}
BORN = {
    "born on 29 February": datetime.date(2004, 2, 29),
    "under age": datetime.date(2009, 6, 1),
    "over age": datetime.date(1999, 1, 1),
    "over age, deferred for study": datetime.date(2000, 6, 1),
    "turns 18 on the hand-over day": datetime.date(2009, 2, 24),
}


@pytest.fixture
def citizens(commune_a, commune_b):
    records = {}
    for i, (name, facts) in enumerate(CITIZENS.items()):
        born = datetime.date(2003, 1, 1) + datetime.timedelta(days=60 * i)
        person = PersonFactory(
            residence_commune=commune_a if i % 2 else commune_b, date_of_birth=born
        )
        records[name] = ServiceRecordFactory(person=person, **facts)
    for name, born in BORN.items():
        facts = {"was_deferred_for_study": True} if "study" in name else {}
        person = PersonFactory(residence_commune=commune_a, date_of_birth=born)
        records[name] = ServiceRecordFactory(person=person, **facts)
    decided = {"decided_by": "Chủ tịch UBND tỉnh", "evidence": "x", "decided_on": YEARS_AGO[1]}
    ServiceDecision.objects.create(
        record=records["exemption decided"], kind="exemption", letter="a", **decided
    )
    ServiceDecision.objects.create(
        record=records["deferral decided, running"],
        kind="deferral",
        letter="b",
        until=HANDOVER + datetime.timedelta(days=300),
        **decided,
    )
    ServiceDecision.objects.create(
        record=records["deferral decided, over"],
        kind="deferral",
        letter="b",
        until=HANDOVER - datetime.timedelta(days=30),
        **decided,
    )
    return records


def expected(campaign, record: ServiceRecord) -> tuple | None:
    """What assessing this one record gives (the path of the person's page and of the stage
    services): None when it stays out of the pool."""
    record = ServiceRecord.objects.select_related("person", "commune").get(pk=record.pk)
    candidate = record.candidacies.filter(campaign=campaign).first()
    earliest, latest = rules.call_up_birth_window(HANDOVER, extended=True)
    if candidate is None and not earliest <= record.person.date_of_birth <= latest:
        return None
    answer = services.current_outcome(record, HANDOVER, candidate)
    if candidate is None and answer["outcome"] in OUT_OF_POOL_OUTCOMES:
        return None
    until = answer.get("until")
    return answer["outcome"], answer["grounds"], until and datetime.date.fromisoformat(until)


def in_pool(campaign, record: ServiceRecord) -> tuple | None:
    candidate = record.candidacies.filter(campaign=campaign).first()
    if candidate is None:
        return None
    assert candidate.ground == (candidate.grounds[0] if candidate.grounds else "")
    return candidate.outcome, candidate.grounds, candidate.outcome_until


def build(campaign, actor, capture, commune=None) -> PoolBuild:
    with capture(execute=True):
        job = services.do_start_pool_build(actor=actor, campaign=campaign, commune=commune)
    job.refresh_from_db()
    return job


def test_the_task_builds_the_pool_the_engine_gives_one_record_at_a_time(
    campaign, citizens, province_staff, commune_a_staff, django_capture_on_commit_callbacks
):
    expect = {name: expected(campaign, record) for name, record in citizens.items()}
    job = build(campaign, province_staff, django_capture_on_commit_callbacks)
    assert job.status == PoolBuild.Status.DONE, job.message
    assert {name: in_pool(campaign, record) for name, record in citizens.items()} == expect
    assert expect["under age"] is None and expect["over age"] is None
    grounds = {g for found in expect.values() if found for g in found[1]}
    for letter in "abcdđ":
        assert f"NVQS 41.2.{letter}" in grounds
    for letter in "bcdđegh":
        assert f"NVQS 41.1.{letter}" in grounds
    assert job.added == len([e for e in expect.values() if e]) and job.refreshed == 0

    # facts written behind the pool's back (no stage service re-assessed the candidate): an
    # examination, a background check, a family ground; the next build reads them
    from garrison.conscription.models import HealthExam

    health = citizens["health class 4"].candidacies.get()
    HealthExam.objects.create(
        candidate=health, health_class=4, examined_on=datetime.date(2026, 11, 10), board="x"
    )
    Candidate.objects.filter(record=citizens["background not cleared"]).update(
        background=Candidate.Background.NOT_CLEARED
    )
    ServiceRecord.objects.filter(pk=citizens["eligible"].pk).update(parent_martyr=True)
    expect = {name: expected(campaign, record) for name, record in citizens.items()}
    assert expect["health class 4"][1][0] == "NVQS 41.1.a"
    assert expect["eligible"][0] == "exempt"
    entries = LogEntry.objects.filter(action=LogEntry.Action.UPDATE).count()
    again = build(campaign, province_staff, django_capture_on_commit_callbacks)
    assert {name: in_pool(campaign, record) for name, record in citizens.items()} == expect
    assert (again.added, again.changed) == (0, 3)
    assert again.refreshed == job.added
    # the changes are audited as a save would be: who, and the outcome before and after
    logged = LogEntry.objects.filter(action=LogEntry.Action.UPDATE).order_by("pk")[entries:]
    assert len(logged) == 3
    assert {entry.actor_id for entry in logged} == {province_staff.pk}
    assert any(entry.changes_dict["outcome"][1] == "exempt" for entry in logged)


def test_a_second_build_writes_nothing(
    campaign, citizens, province_staff, django_capture_on_commit_callbacks
):
    build(campaign, province_staff, django_capture_on_commit_callbacks)
    before = list(Candidate.objects.order_by("pk").values_list("pk", "version", "updated_at"))
    entries = LogEntry.objects.count()
    job = build(campaign, province_staff, django_capture_on_commit_callbacks)
    assert (job.status, job.added, job.changed, job.refreshed) == ("done", 0, 0, len(before))
    assert list(Candidate.objects.order_by("pk").values_list("pk", "version", "updated_at")) == (
        before
    )
    assert LogEntry.objects.count() == entries  # no audit noise


def test_a_commune_builds_its_own_pool_only(
    campaign, citizens, commune_a, commune_a_staff, django_capture_on_commit_callbacks
):
    job = build(campaign, commune_a_staff, django_capture_on_commit_callbacks, commune=commune_a)
    assert job.status == "done" and job.added > 0
    assert set(Candidate.objects.values_list("commune_id", flat=True)) == {commune_a.pk}


def test_a_build_that_fails_midway_leaves_the_pool_as_it_was_and_runs_again(
    campaign, citizens, province_staff, monkeypatch, django_capture_on_commit_callbacks
):
    from garrison.conscription.services import pool

    monkeypatch.setattr(pool, "CHUNK", 5)
    original, calls = pool._Build.chunk, []

    def dies_on_the_third_chunk(self, ids, fresh):
        calls.append(ids)
        if len(calls) == 3:
            raise RuntimeError("worker killed")
        original(self, ids, fresh)

    monkeypatch.setattr(pool._Build, "chunk", dies_on_the_third_chunk)
    build(campaign, province_staff, django_capture_on_commit_callbacks)  # the worker logs it
    job = PoolBuild.objects.get()
    assert job.status == "failed" and "not changed" in job.message
    assert not Candidate.objects.exists()  # two chunks were written, and rolled back
    # a job a dead worker left running is built again from the start
    PoolBuild.objects.filter(pk=job.pk).update(status=PoolBuild.Status.RUNNING)
    monkeypatch.setattr(pool._Build, "chunk", original)
    job = services.run_pool_build(job.pk)
    assert job.status == "done" and job.added == Candidate.objects.count() > 0


def test_the_page_answers_at_once_with_the_progress_bar(
    campaign, citizens, province_staff, django_capture_on_commit_callbacks
):
    client = client_for(province_staff)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(f"/conscription/campaigns/{campaign.pk}/build-pool/", follow=True)
    assert response.status_code == 200
    text = response.content.decode()
    assert "in the background" in text
    assert 'data-testid="pool-status"' in text and 'hx-trigger="every 1s"' in text
    assert not Candidate.objects.exists() and len(queued) == 1
    job = PoolBuild.objects.get()
    # asking again while it waits queues no second build
    with django_capture_on_commit_callbacks(execute=False) as twice:
        client.post(f"/conscription/campaigns/{campaign.pk}/build-pool/")
    assert PoolBuild.objects.count() == 1 and not twice
    queued[0]()  # the worker runs it (GARRISON_TASKS=immediate)
    partial = client.get(f"/conscription/pool-builds/{job.pk}/", HTTP_HX_REQUEST="true")
    text = partial.content.decode()
    assert 'data-status="done"' in text and "every 1s" not in text
    assert f"{Candidate.objects.count()} added" in text
    detail = client.get(f"/conscription/campaigns/{campaign.pk}/").content.decode()
    assert 'data-testid="pool-counts"' in detail


def test_the_memo_answers_as_the_engine_row_by_row():
    """The screener assesses once per distinct facts: its answers are the engine's, for random
    registrations of every kind the demo makes, born any day from 1995 to 2012."""
    from garrison.demo.conscription import random_record

    rng = random.Random(20)
    screener = screening.Screener(HANDOVER)
    checked = 0
    for n in range(3000):
        born = datetime.date(1995, 1, 1) + datetime.timedelta(days=rng.randint(0, 6300))
        person = PersonFactory.build(date_of_birth=born, ethnicity=rng.choice(["Kinh", "Si La"]))
        record = random_record(rng, person)
        if record is None:
            continue
        values = tuple(getattr(record, name) for name in screening.RECORD_FACT_FIELDS)
        difficult = n % 3 == 0
        with translation.override("vi" if n % 2 else "en"):
            memo = screening.Screener(HANDOVER) if n % 2 else screener  # one language each
            got = memo.outcome(
                values, sex=person.sex, dob=born, ethnicity=person.ethnicity,
                difficult_commune=difficult,
            )  # fmt: skip
            facts = screening.record_facts(
                record, sex=person.sex, dob=born, ethnicity=person.ethnicity,
                ref_date=HANDOVER, difficult_commune=difficult,
            )  # fmt: skip
            validated = dataclasses.replace(facts)  # through the pydantic constructor
            assert facts == validated
            assert got == screening.assess(validated), (born, values)
        checked += 1
    assert checked > 1000 and screener.assessed < 0.8 * screener.screened  # the memo served


def test_the_command_builds_the_pool_with_a_progress_bar(campaign, citizens, province_staff):
    import io

    from django.core.management import call_command

    out, err = io.StringIO(), io.StringIO()
    call_command(
        "build_pool", "2027", str(campaign.province.code), user=province_staff.username,
        stdout=out, stderr=err,
    )  # fmt: skip
    job = PoolBuild.objects.get()
    assert job.status == "done" and f"{job.added} added" in out.getvalue()
    assert "100%" in err.getvalue()  # tqdm's bar
    assert Candidate.objects.count() == job.added > 0
