"""Background tasks of the military-service register (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from garrison.core.pdf import render_pdf_batch
from garrison.core.queueing import JobKind

from .models import CallUpOrder, OrderBatch, PoolBuild

ORDER_TEMPLATE = "conscription/callup_order_pdf.html"
#: a batch's row, for the queue machinery (`core.queueing`)
ORDER_BATCHES = JobKind(OrderBatch, running=(OrderBatch.Status.QUEUED, OrderBatch.Status.RUNNING))
#: a pool build's row, likewise
POOL_BUILDS = JobKind(PoolBuild, running=(PoolBuild.Status.QUEUED, PoolBuild.Status.RUNNING))


@task()
def print_order_batch(batch_id: int) -> None:
    """Print every call-up order of a commune's campaign into one PDF, with progress."""
    from .services import order_context

    batch = OrderBatch.objects.select_related("commune").get(pk=batch_id)
    orders = (
        CallUpOrder.objects.filter(candidate__campaign_id=batch.campaign_id, commune=batch.commune)
        .select_related("candidate__person", "candidate__commune__province")
        .order_by("sequence")
    )
    total = orders.count()
    OrderBatch.objects.filter(pk=batch_id).update(status=OrderBatch.Status.RUNNING, total=total)
    step = max(1, total // 50)

    def progress(done: int, _total: int) -> None:
        if done % step == 0 or done == total:
            OrderBatch.objects.filter(pk=batch_id).update(done=done)

    try:
        pdf = render_pdf_batch(
            ORDER_TEMPLATE,
            (order_context(order) for order in orders.iterator(chunk_size=200)),
            progress=progress,
            total=total,
        )
    except Exception as exc:  # the page must say it failed rather than spin for ever
        OrderBatch.objects.filter(pk=batch_id).update(
            status=OrderBatch.Status.FAILED, message=str(exc)[:1000]
        )
        raise
    OrderBatch.objects.filter(pk=batch_id).update(
        status=OrderBatch.Status.DONE, done=total, content=pdf
    )


@task()
def build_pool(job_id: int) -> None:
    """Build (or re-assess) a campaign's pool in one transaction, with progress."""
    from .services import run_pool_build

    run_pool_build(job_id)
