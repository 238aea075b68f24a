"""What each outcome and each legal ground of the military-service rules means, in words the
UI shows (translatable)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

# --- labels ------------------------------------------------------------------------------------

OUTCOME_LABELS = {
    "not_yet": gettext_lazy("not yet due to register"),
    "must_register": gettext_lazy("must register for military service"),
    "no_duty": gettext_lazy("no duty to register"),
    "not_allowed": gettext_lazy("not allowed to register"),
    "exempt_registration": gettext_lazy("exempt from registration"),
    "under_age": gettext_lazy("under call-up age"),
    "eligible": gettext_lazy("eligible for enlistment"),
    "eligible_conditional": gettext_lazy("eligible for enlistment, subject to conditions"),
    "eligible_if_volunteer": gettext_lazy("may be called if volunteering"),
    "deferred": gettext_lazy("deferred"),
    "exempt": gettext_lazy("exempt from call-up"),
    "not_meeting_standard": gettext_lazy("does not meet the enlistment standards"),
    "not_called_female": gettext_lazy("not called (women serve only as volunteers)"),
    "over_age": gettext_lazy("over call-up age"),
    "completed": gettext_lazy("active service completed"),
    "manual_review": gettext_lazy("needs manual review"),
}

DEFERRAL_LETTERS = (
    ("a", gettext_lazy("not yet healthy enough for active service (health council)")),
    ("b", gettext_lazy("sole labourer supporting relatives, or family seriously harmed")),
    (
        "c",
        gettext_lazy("one child of a sick soldier or Agent Orange victim (61 to 80 per cent loss)"),
    ),
    ("d", gettext_lazy("brother or sister serving as a conscript (army or police)")),
    ("đ", gettext_lazy("resettled to an extremely difficult commune, first 3 years")),
    ("e", gettext_lazy("cadre or civil servant posted to an extremely difficult area")),
    ("g", gettext_lazy("studying (general school, or regular college/university course)")),
    ("h", gettext_lazy("standing militia")),
)

EXEMPTION_LETTERS = (
    ("a", gettext_lazy("child of a martyr or of a 1st-class war invalid")),
    ("b", gettext_lazy("one brother of a martyr")),
    (
        "c",
        gettext_lazy(
            "one child of a 2nd-class war invalid, or of a sick soldier or Agent Orange "
            "victim with a loss of 81 per cent or more"
        ),
    ),
    ("d", gettext_lazy("civilian cipher worker")),
    ("đ", gettext_lazy("cadre or civil servant posted to an extremely difficult area ≥ 24 months")),
)

GROUND_LABELS = {
    "NVQS 4.4.a": gettext_lazy("standing militia for 24 months or more: service completed"),
    "NVQS 4.4.b": gettext_lazy("commune police for 36 months or more: service completed"),
    "NVQS 4.4.c": gettext_lazy("trained and commissioned as a reserve officer: service completed"),
    "NVQS 4.4.d": gettext_lazy("economic-defence corps for 24 months or more: service completed"),
    "NVQS 4.4.đ": gettext_lazy("fisheries-inspection vessel for 24 months or more: completed"),
    "NVQS 6.2": gettext_lazy("women serve in peacetime only as volunteers"),
    "NVQS 7.2": gettext_lazy("women with a profession the Army needs"),
    "NVQS 12.1": gettext_lazy("men register from the year they turn 17"),
    "NVQS 12.2": gettext_lazy("women with a listed profession register from full 18"),
    "NVQS 13.1.a": gettext_lazy("prosecuted, serving a sentence, or record not expunged"),
    "NVQS 13.1.b": gettext_lazy("under an education measure or in a compulsory facility"),
    "NVQS 13.1.c": gettext_lazy("deprived of the right to serve in the armed forces"),
    "NVQS 14": gettext_lazy("exempt from registration: disability or serious illness"),
    "TT105 App.I.III": gettext_lazy("diseases exempt from registration (TT105 list)"),
    "NVQS 16.2": gettext_lazy("first registration is called in April"),
    "NVQS 19.1": gettext_lazy("removed from the registration list"),
    "NVQS 25": gettext_lazy("military-service age ends at 45 (men) / 40 (women)"),
    "NVQS 30": gettext_lazy("call-up age: from full 18 to the end of 25"),
    "TT148 4.1.b": gettext_lazy("call-up age to the end of 27 after a study deferral"),
    "NVQS 31.1": gettext_lazy("enlistment standards"),
    "NVQS 31.1.a": gettext_lazy("clear background (political standard)"),
    "NVQS 31.1.c": gettext_lazy("health fit for active service"),
    "NVQS 31.1.d": gettext_lazy("suitable education level"),
    "TT148 4.2.a": gettext_lazy("political standard (background check)"),
    "TT148 4.3.a": gettext_lazy("health class 1, 2 or 3"),
    "TT148 4.3.c": gettext_lazy("not called: myopia over 1.5 D, hyperopia, BMI < 18 or > 29.9"),
    "TT105 4.1.a": gettext_lazy("health class 1–3; no call-up of drug addicts"),
    "TT148 4.4.a": gettext_lazy("education grade 8 or above (grade 7 by decision)"),
    "TT148 4.4.b": gettext_lazy("difficult areas: at most 25% with primary education"),
    "NVQS 41.3": gettext_lazy("a deferred or exempt citizen who volunteers may be called"),
    "NĐ13 10": gettext_lazy("the commune People's Committee selects and calls female volunteers"),
    "NVQS 24": gettext_lazy("reserve class"),
    "NVQS 24.2.a": gettext_lazy("discharged after 6 months or more of active service"),
    "NVQS 24.3.a": gettext_lazy("discharged with less than 6 months of active service"),
    "NVQS 24.2.e": gettext_lazy("completed militia service with 3 months of concentrated training"),
    "NVQS 24.2.h": gettext_lazy("commune police for 36 months continuously"),
    "NVQS 24.3.d": gettext_lazy("man past call-up age who never served"),
    "NVQS 24.3.đ": gettext_lazy("woman registered with a listed profession"),
    "NVQS 26": gettext_lazy("group A: men to 35, women to 30; group B: older"),
    **{f"NVQS 41.1.{letter}": label for letter, label in DEFERRAL_LETTERS},
    **{f"NVQS 41.2.{letter}": label for letter, label in EXEMPTION_LETTERS},
}
