"""What each outcome and each legal ground of the militia and reserve rules means, in words the
UI shows (translatable)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

MILITIA_OUTCOMES = {
    "allowed_obligation": _("may serve (militia duty)"),
    "allowed_voluntary": _("may serve as a volunteer"),
    "refused_age": _("outside the militia age"),
    "deferred": _("deferred from militia service"),
    "exempt": _("exempt from militia service"),
    "extension_allowed": _("extension allowed"),
    "extension_refused": _("extension refused"),
    "manual_review": _("needs manual review"),
}

RESERVE_OUTCOMES = {
    "in_reserve": _("in the reserve"),
    "out_of_reserve_age": _("not in the reserve"),
    "manual_review": _("needs manual review"),
}

MILITIA_DEFERRALS = (
    ("a", _("pregnant, or raising a child under 36 months")),
    ("b", _("not fit for militia duties")),
    ("c", _("spouse serves in the Army")),
    ("d", _("spouse serves in the police")),
    ("đ", _("spouse posted to an extremely difficult area")),
    ("e", _("sole labourer, supports dependants, or household seriously harmed")),
    ("g", _("spouse or one child of a war invalid with 61 to 80 per cent loss")),
    ("h", _("studying, or working or studying abroad")),
)

MILITIA_EXEMPTIONS = (
    ("a", _("spouse or child of a martyr")),
    ("b", _("spouse or child of a war invalid with 81 per cent loss or more")),
    ("c", _("reservist assigned to a reserve unit")),
    ("d", _("cares for a Heroic Mother or a person with 81 per cent loss or more")),
    ("đ", _("cipher worker")),
)

FORCES_GROUND_LABELS = {
    "DQTV 8.1": _("militia age: 18 to the end of 45 (men) or 40 (women); volunteers 50 / 45"),
    "DQTV 8.2": _("term: 4 years, standing militia 2 years; extension by need"),
    "DQTV 8.3": _("the commune Chairman extends the term"),
    "DQTV 9.1.a": _("militia registration in April of citizens aged full 18"),
    "DQTV 10.4": _("the commune Chairman decides who serves"),
    "DQTV 11.3": _("volunteers may be selected despite some deferrals and exemptions"),
    "DQTV 28.1": _("yearly training: 15 days the first year, then 12 or 7; standing 60"),
    "NVQS 4.4.a": _("standing militia for 24 months or more: service completed"),
    "NVQS 24": _("reserve class"),
    "NVQS 24.2": _("1st-class reserve"),
    "NVQS 24.3": _("2nd-class reserve"),
    "NVQS 24.2.a": _("discharged after 6 months or more of active service"),
    "NVQS 24.2.b": _("discharged after combat"),
    "NVQS 24.2.c": _("left the police after 20 months or more"),
    "NVQS 24.2.d": _("former professional soldier"),
    "NVQS 24.2.đ": _("former defence worker converted from NCO or soldier"),
    "NVQS 24.2.e": _("completed militia service with 3 months of concentrated training"),
    "NVQS 24.2.g": _("2nd-class reservist after 6 months of concentrated training"),
    "NVQS 24.2.h": _("commune police for 36 months continuously"),
    "NVQS 24.3.a": _("discharged with less than 6 months of active service"),
    "NVQS 24.3.b": _("former defence worker, other cases"),
    "NVQS 24.3.c": _("left the police with less than 12 months"),
    "NVQS 24.3.d": _("man past call-up age who never served"),
    "NVQS 24.3.đ": _("woman registered with a listed profession"),
    "NVQS 25": _("reserve age: to the end of 45 (men) or 40 (women)"),
    "NVQS 26": _("group A: men to 35, women to 30; group B: older"),
    "NVQS 29": _("discharge from the reserve (past age or unfit)"),
    "NVQS 30": _("call-up age: from full 18 to the end of 25"),
    "LLDBĐV 2": _("the reserve force: reserve officers, professional soldiers, NCOs, soldiers"),
    "LLDBĐV 16": _("reservists assigned must be fit in health"),
    "LLDBĐV 17.2": _("combat units: NCOs and soldiers to 35, professional soldiers to 40"),
    **{f"DQTV 11.1.{letter}": label for letter, label in MILITIA_DEFERRALS},
    **{f"DQTV 11.2.{letter}": label for letter, label in MILITIA_EXEMPTIONS},
}
