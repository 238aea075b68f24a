"""Building a campaign's pool: set-based, in a background task, with progress.

`build_pool` screens every registration that can be of call-up age on the hand-over day, and
every candidate already in the pool, a chunk of records at a time: the facts of a chunk (records,
people, communes, binding decisions, candidates and their latest examinations) come in a few
queries, the engine answers in Python (`screening.Screener`: once per distinct set of facts),
new candidates are inserted a thousand rows per statement (`core.bulk.insert_rows`) and the
candidates whose answer changed are written with `bulk_update` (with their audit entries); a
candidate whose answer did not change is not written at all, so a second build writes nothing
and logs nothing.

One transaction per build, all or nothing: the pool is one assessment of one hand-over day, and
the quotas, the roll-ups and the stages read it as a whole, so a reader sees the pool before the
build or after it, never half of it. A worker killed in the middle leaves the pool as it was (the
database rolls the transaction back), and running the job again builds it from the start; the
build takes the campaign's row lock first, so two builds of one campaign run one after the other.
Resumable chunks would save the re-run of a killed build (tens of seconds at a province's size)
at the price of a pool half old, half new in between: not worth it.

`do_start_pool_build` is what the pages call: it records the job and queues the task after the
commit; the page shows the job's progress bar (`progress_of`), the CLI a tqdm bar.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from garrison.conscription import permissions, rules, screening
from garrison.conscription.law_facts import ServiceOutcome
from garrison.conscription.models import (
    Campaign,
    Candidate,
    HealthExam,
    PoolBuild,
    ServiceDecision,
    ServiceRecord,
)
from garrison.conscription.querysets import OUT_OF_POOL_OUTCOMES
from garrison.core import audit, queueing
from garrison.core.bulk import insert_rows
from garrison.people.models import Person
from garrison.territory.models import Commune

#: registrations screened per chunk (each chunk: five queries, one INSERT, at most one UPDATE)
CHUNK = 2000
#: the columns the engine's answer is copied to (and compared on)
ANSWER_FIELDS = ["outcome", "grounds", "ground", "outcome_until"]

#: the columns a new candidate is given (the others take their defaults)
NEW_FIELDS = [
    "campaign_id", "record_id", "person_id", "commune_id", "province_id", *ANSWER_FIELDS
]  # fmt: skip

Progress = Callable[[int, int], None]

_RECORD_COLUMNS = (
    "pk",
    "person_id",
    "commune_id",
    "province_id",
    "person__sex",
    "person__date_of_birth",
    "person__ethnicity",
    "commune__is_remote",
    *screening.RECORD_FACT_FIELDS,
)
_FACTS_AT = 8  # where the RECORD_FACT_FIELDS start in a row of _RECORD_COLUMNS


def _check(actor: Any, campaign: Campaign) -> None:
    if campaign.status == Campaign.Status.CLOSED:
        raise ValidationError(_("This campaign is closed."))
    if not permissions.can_build_pool(actor, campaign):
        raise PermissionDenied(_("You may not change this campaign's pool."))


def _commune_ids(actor: Any, campaign: Campaign, communes: Iterable[Any] | None) -> list[int]:
    qs = Commune.objects.visible_to(actor).filter(province=campaign.province_id)
    if communes is not None:
        qs = qs.filter(pk__in=[getattr(c, "pk", c) for c in communes])
    return list(qs.values_list("pk", flat=True))


def _chunks(ids: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _decisions(which: Q, ref: datetime.date) -> dict[int, tuple[str, str, str, Any]]:
    """record → (kind, letter, decided_by, until) of the decision binding on `ref`: the latest
    exemption or deferral still running (as `assessment.active_decision`, for a chunk)."""
    rows = (
        ServiceDecision.objects.filter(which)
        .filter(
            Q(kind=ServiceDecision.Kind.EXEMPTION)
            | Q(kind=ServiceDecision.Kind.DEFERRAL, until__gte=ref)
            | Q(kind=ServiceDecision.Kind.DEFERRAL, until__isnull=True)
        )
        .order_by("record_id", "-decided_on", "-pk")
        .values_list("record_id", "kind", "letter", "decided_by", "until")
    )
    found: dict[int, tuple[str, str, str, Any]] = {}
    for record_id, *rest in rows:
        found.setdefault(record_id, tuple(rest))  # type: ignore[arg-type]
    return found


def _latest_exams(which: Q) -> dict[int, screening.Exam]:
    """candidate → its latest health examination (as `assessment.latest_exam`, for a chunk)."""
    rows = (
        HealthExam.objects.filter(which)
        .order_by("candidate_id", "-examined_on", "-pk")
        .values_list(
            "candidate_id", "health_class", "myopia_d", "hyperopia", "bmi", "drug_addicted"
        )
    )
    found: dict[int, screening.Exam] = {}
    for candidate_id, health_class, myopia, hyperopia, bmi, addicted in rows:
        if candidate_id not in found:
            found[candidate_id] = screening.Exam(
                health_class=health_class,
                myopia_d=float(myopia) if myopia is not None else None,
                hyperopia=hyperopia,
                bmi=float(bmi) if bmi is not None else None,
                drug_addicted=addicted,
            )
    return found


def _answer(outcome: rules.Outcome, decision: tuple[str, str, str, Any] | None) -> tuple:
    """(outcome, grounds, until) as `assessment.current_outcome` + `apply_answer` give them: a
    decision on file overrides the engine."""
    if decision is None:
        return str(outcome.outcome), list(outcome.grounds), outcome.until
    kind, letter, _decided_by, until = decision
    exemption = kind == ServiceDecision.Kind.EXEMPTION
    result = ServiceOutcome.EXEMPT if exemption else ServiceOutcome.DEFERRED
    return str(result), [f"NVQS 41.{2 if exemption else 1}.{letter}"], until


class _Build:
    """One build's state: the campaign, its scope, the memo of answers and the counts."""

    def __init__(self, actor: Any, campaign: Campaign, commune_ids: list[int]) -> None:
        self.actor = actor
        self.campaign = campaign
        self.commune_list = commune_ids
        self.communes = set(commune_ids)
        self.ref = campaign.handover_date
        self.screener = screening.Screener(self.ref, grade7_authorised=campaign.grade7_authorised)
        self.counts = {"added": 0, "refreshed": 0, "changed": 0}

    def chunk(self, record_ids: list[int], fresh: set[int]) -> None:
        """Screen the records `record_ids` (sorted): those of the build's communes come by their
        id range (no list of 2,000 ids to send and match), the few others by id."""
        low, high = record_ids[0], record_ids[-1]
        span = Q(pk__gte=low, pk__lte=high)
        records = list(
            ServiceRecord.objects.filter(span, commune_id__in=self.commune_list).values_list(
                *_RECORD_COLUMNS
            )
        )
        strays = set(record_ids) - {row[0] for row in records}
        if strays:  # in the pool, their record handed over to a commune outside the build
            records += ServiceRecord.objects.filter(pk__in=strays).values_list(*_RECORD_COLUMNS)
        on_records = Q(record_id__gte=low, record_id__lte=high)
        decisions = _decisions(
            (on_records & Q(record__commune_id__in=self.commune_list)) | Q(record_id__in=strays),
            self.ref,
        )
        candidates = {
            row[1]: row
            for row in Candidate.objects.filter(on_records, campaign_id=self.campaign.pk)
            .order_by()
            .values_list("pk", "record_id", "commune_id", "person_id", "background", *ANSWER_FIELDS)
        }
        exams = _latest_exams(
            Q(
                candidate__campaign_id=self.campaign.pk,
                candidate__record_id__gte=low,
                candidate__record_id__lte=high,
            )
        )
        wanted = set(record_ids)
        created: list[dict[str, Any]] = []
        changed: list[tuple[Candidate, Candidate]] = []
        now = timezone.now()
        for row in records:
            pk = row[0]
            if pk not in wanted:
                continue
            candidate = candidates.get(pk)
            if candidate is None and pk not in fresh:
                continue
            if candidate is not None and candidate[2] not in self.communes:
                continue  # in the pool of a commune outside this build
            political = None
            if candidate is not None and candidate[4]:
                political = candidate[4] == Candidate.Background.CLEARED
            engine = self.screener.outcome(
                row[_FACTS_AT:],
                sex=row[4],
                dob=row[5],
                ethnicity=row[6],
                difficult_commune=bool(row[7]),
                exam=exams.get(candidate[0]) if candidate is not None else None,
                political_ok=political,
            )
            outcome, grounds, until = _answer(engine, decisions.get(pk))
            answer = (outcome, grounds, grounds[0] if grounds else "", until)
            if candidate is None:
                if outcome in OUT_OF_POOL_OUTCOMES:
                    continue  # the birth-date prefilter is wide (age 27 for deferred students)
                created.append(
                    {
                        "campaign_id": self.campaign.pk,
                        "record_id": pk,
                        "person_id": row[1],
                        "commune_id": row[2],
                        "province_id": row[3],
                        **dict(zip(ANSWER_FIELDS, answer, strict=True)),
                    }
                )
                continue
            self.counts["refreshed"] += 1
            if candidate[5:] == answer:
                continue
            old = Candidate(pk=candidate[0], person_id=candidate[3])
            new = Candidate(pk=candidate[0], person_id=candidate[3], updated_at=now)
            for name, before, after in zip(ANSWER_FIELDS, candidate[5:], answer, strict=True):
                setattr(old, name, before)
                setattr(new, name, after)
            changed.append((old, new))
        self.counts["added"] += insert_rows(Candidate, created, NEW_FIELDS)
        if changed:
            rows = [new for _old, new in changed]
            Candidate.objects.bulk_update(rows, [*ANSWER_FIELDS, "updated_at"], batch_size=1000)
            people = Person.objects.in_bulk([c.person_id for c in rows])
            for old, new in changed:  # the audit entry names the person (Candidate.__str__)
                old.person = new.person = people[new.person_id]
            audit.log_bulk_updates(changed, fields=ANSWER_FIELDS, actor=self.actor)
            self.counts["changed"] += len(changed)


def build_pool(
    *,
    actor: Any,
    campaign: Campaign,
    communes: Iterable[Any] | None = None,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Put every registered citizen who can be of call-up age on the hand-over day into the
    campaign's pool, and re-assess those already in it, in one transaction (see the module).
    Returns {"added", "refreshed", "changed", "total"} (total: the registrations screened);
    `progress(done, total)` after every chunk."""
    _check(actor, campaign)
    commune_ids = _commune_ids(actor, campaign, communes)
    earliest, latest = rules.call_up_birth_window(campaign.handover_date, extended=True)
    from .campaign import ensure_quota_rows

    with transaction.atomic():
        # one build of a campaign at a time: a second waits here for the first to commit
        locked = Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
        if locked is None:
            raise ValidationError(_("This campaign no longer exists."))
        ensure_quota_rows(campaign)
        fresh = set(
            ServiceRecord.objects.filter(commune_id__in=commune_ids)
            .filter(status__in=[ServiceRecord.Status.REGISTERED, ServiceRecord.Status.IN_TRANSFER])
            .filter(person__date_of_birth__gte=earliest, person__date_of_birth__lte=latest)
            .values_list("pk", flat=True)
        )
        pooled = set(
            Candidate.objects.filter(
                campaign_id=campaign.pk, commune_id__in=commune_ids
            ).values_list("record_id", flat=True)
        )
        ids = sorted(fresh | pooled)
        build = _Build(actor, campaign, commune_ids)
        build.counts["total"] = len(ids)
        if progress:
            progress(0, len(ids))
        done = 0
        for chunk in _chunks(ids, CHUNK):
            build.chunk(chunk, fresh)
            done += len(chunk)
            if progress:
                progress(done, len(ids))
    return build.counts


# --- the job: a row, a task, a progress bar -------------------------------------------------
def _progress_key(job: PoolBuild) -> str:
    # through the cache: the worker's transaction hides its writes (the job row's too) until it
    # commits, and on SQLite holds the write lock all along
    return f"pool-progress:{job.pk}:{job.created_at.timestamp():.6f}"


def progress_of(job: PoolBuild) -> dict[str, Any]:
    """{done, total, percent} of a job: from the cache while it runs, from the row after."""
    if job.is_running:
        done, total = cache.get(_progress_key(job)) or (0, job.total)
        percent = min(100, round(100 * done / total)) if total else 0
    else:
        done = total = job.total
        percent = 100 if job.status == PoolBuild.Status.DONE else 0
    return {"done": done, "total": total, "percent": percent}


def running_build(campaign: Campaign, commune: Any | None = None) -> PoolBuild | None:
    return (
        PoolBuild.objects.filter(campaign=campaign, commune=commune)
        .filter(status__in=[PoolBuild.Status.QUEUED, PoolBuild.Status.RUNNING])
        .first()
    )


def do_start_pool_build(*, actor: Any, campaign: Campaign, commune: Any | None = None) -> PoolBuild:
    """Queue the build of `campaign`'s pool (one commune's when `commune` is given) and return
    its job, whose page shows the progress; a build of the same pool already queued or running
    is returned instead of a second one."""
    _check(actor, campaign)
    if commune is not None and commune.pk not in _commune_ids(actor, campaign, [commune]):
        raise PermissionDenied(_("You may not change this campaign's pool."))
    from garrison.conscription.tasks import POOL_BUILDS
    from garrison.conscription.tasks import build_pool as task

    with transaction.atomic():
        job = running_build(campaign, commune)
        if job is not None:
            return job
        job = PoolBuild.objects.create(
            campaign=campaign,
            commune=commune,
            province_id=campaign.province_id,
            actor=actor,
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
        queueing.enqueue_on_commit(task, job, kind=POOL_BUILDS)
    return job


def run_pool_build(job_id: int, progress: Progress | None = None) -> PoolBuild:
    """The worker's side. A job found running was started by a worker that died: its build was
    rolled back with it, so it runs again from the start."""
    job = PoolBuild.objects.select_related("campaign", "commune", "actor").get(pk=job_id)
    if job.status not in (PoolBuild.Status.QUEUED, PoolBuild.Status.RUNNING):
        return job
    PoolBuild.objects.filter(pk=job.pk).update(status=PoolBuild.Status.RUNNING)
    job.status = PoolBuild.Status.RUNNING

    def report(done: int, total: int) -> None:
        cache.set(_progress_key(job), (done, total), timeout=3600)
        if progress:
            progress(done, total)

    try:
        with translation.override(job.language or settings.LANGUAGE_CODE):
            counts = build_pool(
                actor=job.actor,
                campaign=job.campaign,
                communes=[job.commune] if job.commune else None,
                progress=report,
            )
    except (ValidationError, PermissionDenied) as exc:
        return _finish(job, PoolBuild.Status.FAILED, message=" ".join(_messages(exc)))
    except Exception:
        _finish(
            job,
            PoolBuild.Status.FAILED,
            message=_(
                "The pool was not changed: the build stopped on an unexpected error. Build it "
                "again; if it happens again, tell your administrator."
            ),
        )
        raise
    job.total = counts["total"]
    job.added, job.refreshed, job.changed = counts["added"], counts["refreshed"], counts["changed"]
    return _finish(job, PoolBuild.Status.DONE)


def _messages(exc: Exception) -> list[str]:
    return list(getattr(exc, "messages", None) or [str(exc)])


def _finish(job: PoolBuild, status: str, message: str = "") -> PoolBuild:
    job.status, job.message, job.finished_at = status, message, timezone.now()
    job.save(
        update_fields=["status", "message", "finished_at", "total", "added", "refreshed", "changed"]
    )
    cache.delete(_progress_key(job))
    return job
