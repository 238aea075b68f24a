"""Every state change of the reporting app, one function each: directives (directives.py),
report forms and versions (forms.py), the communes' returns (submissions.py)."""

from .directives import *  # noqa: F403
from .directives import __all__ as _directives
from .forms import do_create_form, do_new_version, do_publish_version, version_problems
from .submissions import (
    BulkResult,
    computed_values,
    do_approve,
    do_bulk_approve,
    do_return,
    do_save_submission,
    do_start_submission,
    do_submit,
    parse_values,
    submission_problems,
)

__all__ = [
    *_directives,
    "BulkResult",
    "computed_values",
    "do_approve",
    "do_bulk_approve",
    "do_create_form",
    "do_new_version",
    "do_publish_version",
    "do_return",
    "do_save_submission",
    "do_start_submission",
    "do_submit",
    "parse_values",
    "submission_problems",
    "version_problems",
]
