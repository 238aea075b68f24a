"""Every state change of the military-service register: one function per action, one
transaction each, validated, scoped to the actor, written to the history and the audit log.

One module per part of the work; everything public is importable from here."""

from .assessment import (
    active_decision,
    current_outcome,
    latest_exam,
    refresh_candidate,
    refresh_record_candidacies,
)
from .campaign import (
    campaign_progress,
    commune_by_code,
    commune_rollup,
    current_quotas,
    do_build_pool,
    do_set_commune_quotas,
    ensure_quota_rows,
    has_order,
    pool_sizes,
    province_commune_codes,
    province_communes,
    rollup_totals,
    suggest_quotas,
)
from .guards import (
    HEALTH_CLASSES_CALLABLE,
)
from .pool import (
    build_pool,
    do_start_pool_build,
    progress_of,
    run_pool_build,
    running_build,
)
from .register import (
    do_cancel_hand_over,
    do_hand_over_record,
    do_receive_record,
    do_register_people,
    record_saved,
    registration_due,
)
from .stages import (
    commune_quota,
    do_decide,
    do_issue_order,
    do_record_background_check,
    do_record_enlistment,
    do_record_health_exam,
    do_record_screening,
    do_rerun_order_batch,
    do_select,
    do_start_order_batch,
    order_context,
    selected_count,
)

__all__ = [
    "HEALTH_CLASSES_CALLABLE",
    "active_decision",
    "build_pool",
    "campaign_progress",
    "commune_by_code",
    "commune_quota",
    "commune_rollup",
    "current_outcome",
    "current_quotas",
    "do_build_pool",
    "do_cancel_hand_over",
    "do_decide",
    "do_hand_over_record",
    "do_issue_order",
    "do_receive_record",
    "do_record_background_check",
    "do_record_enlistment",
    "do_record_health_exam",
    "do_record_screening",
    "do_register_people",
    "do_rerun_order_batch",
    "do_select",
    "do_set_commune_quotas",
    "do_start_order_batch",
    "do_start_pool_build",
    "ensure_quota_rows",
    "has_order",
    "latest_exam",
    "order_context",
    "pool_sizes",
    "progress_of",
    "province_commune_codes",
    "province_communes",
    "record_saved",
    "refresh_candidate",
    "refresh_record_candidacies",
    "registration_due",
    "rollup_totals",
    "run_pool_build",
    "running_build",
    "selected_count",
    "suggest_quotas",
]
