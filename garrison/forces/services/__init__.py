"""Every state change of the forces registers, one function each (re-exported here)."""

from .common import grounds_list, grounds_text
from .militia import (
    assess_admission,
    check_admission,
    do_add_member,
    do_end_term,
    do_extend_term,
    do_move_member,
)
from .reserve import (
    assess_reservist,
    check_in_reserve_age,
    do_assign_reservist,
    do_check_means,
    do_check_reservist,
    do_discharge_reservist,
    reserve_facts,
)
from .training import do_mark_all_present, do_record_attendance, not_yet_held, trainees

__all__ = [
    "assess_admission",
    "assess_reservist",
    "check_admission",
    "check_in_reserve_age",
    "do_add_member",
    "do_assign_reservist",
    "do_check_means",
    "do_check_reservist",
    "do_discharge_reservist",
    "do_end_term",
    "do_extend_term",
    "do_mark_all_present",
    "do_move_member",
    "do_record_attendance",
    "grounds_list",
    "grounds_text",
    "not_yet_held",
    "reserve_facts",
    "trainees",
]
