"""The reserve engine (NVQS 24–26, LLDBĐV 16, 17.2): one reservist's facts → in the reserve or
not, class, group, which units (decisions 6 and 7 of `forces.rules`, which re-exports it)."""

from __future__ import annotations

from datetime import timedelta

from django.utils.translation import gettext

from garrison.conscription.interface import CALL_UP_END, CALL_UP_END_EXTENDED
from garrison.core.dates import age_on, completed_months

from .law_facts import REGIONAL_COMMANDER, ActiveService, ForcesOutcome, ReserveFacts
from .law_numbers import (
    COMMUNE_POLICE_MONTHS,
    FIRST_CLASS_MONTHS,
    MILITIA_AGE,
    MILITIA_TRAINING_MONTHS,
    POLICE_FIRST_CLASS_MONTHS,
    POLICE_SECOND_CLASS_MONTHS,
    SECOND_CLASS_TRAINING_MONTHS,
    assess_readings,
    combat_unit_age_limit,
    join_notes,
    reserve_age_limit,
    reserve_group,
    result,
    unfit,
)


def _service_months(service: ActiveService) -> tuple[int, int] | None:
    """Completed months of active service under both readings of the hand-over day (§7.7):
    counted from the day itself (NVQS 22.1) / from the next day (BLDS 147.3)."""
    if service.months is not None:
        return service.months, service.months
    if service.from_ is None:
        return None
    end = service.to
    if end is None:
        return None
    return completed_months(service.from_ - timedelta(days=1), end), completed_months(
        service.from_, end
    )


STANDING_MILITIA_MONTHS = 24  # DQTV 8.2: the standing-militia term; NVQS 4.4.a


def _basis_months(f: ReserveFacts, kind: str) -> int:
    """§8's `completed_service_basis` months of `kind` (0 when absent)."""
    basis = f.completed_service_basis
    return basis.months if basis is not None and basis.kind == kind else 0


def _standing_militia_months(f: ReserveFacts) -> int:
    """Standing-militia service the §8 facts give: `completed_service_basis`, or
    `standing_militia_since` to `standing_militia_until` (or `ref_date`)."""
    months = _basis_months(f, "standing_militia")
    since = f.standing_militia_since
    if since is not None and since <= f.ref_date:
        end = min(f.standing_militia_until or f.ref_date, f.ref_date)
        if end >= since:
            months = max(months, completed_months(since, end))
    return months


def _class_bases(f: ReserveFacts, age: int) -> tuple[list[tuple[str, str]], list[str]]:
    """NVQS 24 → ([(class, ground)], [reasons for manual review])."""
    bases: list[tuple[str, str]] = []
    review: list[str] = []
    male = f.sex == "M"
    service = f.active_service
    if service is not None:
        months = _service_months(service)
        if months is None:
            review.append(gettext("The length of active service is not known."))
        elif service.kind == "army":
            counted, not_counted = months
            if counted >= FIRST_CLASS_MONTHS and not_counted >= FIRST_CLASS_MONTHS:
                if service.months == FIRST_CLASS_MONTHS:
                    review.append(
                        gettext(
                            "Exactly 6 months of active service: whether the hand-over day "
                            "counts is not settled (NVQS 22.1, BLDS 147.3)."
                        )
                    )
                else:
                    bases.append(("hang_1", "NVQS 24.2.a"))
            elif counted < FIRST_CLASS_MONTHS and not_counted < FIRST_CLASS_MONTHS:
                bases.append(("hang_2", "NVQS 24.3.a"))
            else:
                review.append(
                    gettext(
                        "The service is 6 months under one reading of the hand-over day and "
                        "not under the other (NVQS 22.1, BLDS 147.3)."
                    )
                )
        elif male:  # police
            months_police = months[1]
            if months_police >= POLICE_FIRST_CLASS_MONTHS:
                bases.append(("hang_1", "NVQS 24.2.c"))
            elif months_police < POLICE_SECOND_CLASS_MONTHS:
                bases.append(("hang_2", "NVQS 24.3.c"))
            else:
                review.append(
                    gettext(
                        "Police service of 12 to under 20 months fits neither NVQS 24.2.c nor "
                        "24.3.c."
                    )
                )
    if f.combat_discharge:
        bases.append(("hang_1", "NVQS 24.2.b"))
    if f.category == "professional_soldier" and male:
        bases.append(("hang_1", "NVQS 24.2.d"))
    if f.defence_worker == "converted" and male:
        bases.append(("hang_1", "NVQS 24.2.đ"))
    elif f.defence_worker == "other":
        bases.append(("hang_2", "NVQS 24.3.b"))
    militia = f.militia
    trained = militia is not None and (
        militia.kind == "standing"
        or militia.concentrated_training_months >= MILITIA_TRAINING_MONTHS
    )
    if militia is not None and militia.completed and trained:
        bases.append(("hang_1", "NVQS 24.2.e"))
    if f.second_class_training_months >= SECOND_CLASS_TRAINING_MONTHS:
        bases.append(("hang_1", "NVQS 24.2.g"))
    if max(f.commune_police_months, _basis_months(f, "commune_police")) >= COMMUNE_POLICE_MONTHS:
        bases.append(("hang_1", "NVQS 24.2.h"))
    if (
        _standing_militia_months(f) >= STANDING_MILITIA_MONTHS
        and ("hang_1", "NVQS 24.2.e") not in bases
    ):
        bases.append(("hang_1", "NVQS 24.2.e"))
    if not male and f.female_qualifying_profession:
        bases.append(("hang_2", "NVQS 24.3.đ"))
    never_served = (
        service is None
        and not bases
        and f.commune_police_months == 0
        and f.completed_service_basis is None
    )
    call_up_end = CALL_UP_END_EXTENDED if f.was_deferred_for_study else CALL_UP_END
    if male and never_served and age >= call_up_end:
        bases.append(("hang_2", "NVQS 24.3.d"))
    return bases, review


def assess_reserve(f: ReserveFacts) -> ForcesOutcome:
    """One reservist on `ref_date`: in the reserve or not, class, group and units (LAW.md §1.10,
    §4; decisions 6, 7, 9 and 11 of the module doc)."""
    return assess_readings(f, _assess_reserve, ["NVQS 25"])


def _assess_reserve(f: ReserveFacts) -> ForcesOutcome:
    """assess_reserve for facts with `sex` and `dob`."""
    age = age_on(f.dob, f.ref_date)
    limit = reserve_age_limit(f.sex)
    if f.category == "officer":
        return result(
            "manual_review",
            ["LLDBĐV 2"],
            group=reserve_group(f.sex, age),
            notes=gettext(
                "Reserve officers' ages and classes are set by the Law on Officers, which "
                "Garrison does not encode: check them by hand."
            ),
        )
    if age >= limit:
        return result(
            "out_of_reserve_age",
            ["NVQS 25", "NVQS 29"],
            decided_by=REGIONAL_COMMANDER,
            notes=gettext("The reserve age ends with the end of %(age)s years.")
            % {"age": limit - 1},
        )
    if age < MILITIA_AGE:
        return result(
            "out_of_reserve_age",
            ["NVQS 25"],
            notes=gettext("Reserve service starts at 18 full years."),
        )
    bases, review = _class_bases(f, age)
    male = f.sex == "M"
    call_up_end = CALL_UP_END_EXTENDED if f.was_deferred_for_study else CALL_UP_END
    if male and not bases and not review and f.active_service is None and age < call_up_end:
        return result(
            "out_of_reserve_age",
            ["NVQS 30", "NVQS 24.3.d"],
            notes=gettext(
                "A man who has not served is of call-up age until the end of %(age)s: he is "
                "in the call-up pool, not in the reserve."
            )
            % {"age": call_up_end - 1},
        )
    group = reserve_group(f.sex, age)
    if review:
        return result(
            "manual_review",
            ["NVQS 24.2", "NVQS 24.3"],
            group=group,
            notes=" ".join(review),
        )
    classes = {cls for cls, _g in bases}
    notes: list[str | None] = []
    if classes:
        reserve_class = "hang_1" if "hang_1" in classes else "hang_2"
        grounds = [g for cls, g in bases if cls == reserve_class]
        if f.reserve_class and f.reserve_class != reserve_class:
            notes.append(
                gettext("The register says %(given)s; the facts give %(computed)s.")
                % {"given": f.reserve_class, "computed": reserve_class}
            )
    elif f.reserve_class:
        reserve_class, grounds = f.reserve_class, ["NVQS 24"]
    else:
        return result(
            "manual_review",
            ["NVQS 24"],
            group=group,
            notes=gettext(
                "No basis for a reserve class: give the active service, the militia service "
                "or the reserve_class of the register."
            ),
        )
    grounds += ["NVQS 25", "NVQS 26"]
    not_fit = unfit(f.health)
    combat_limit = combat_unit_age_limit(f.category)
    combat = not not_fit and combat_limit is not None and age <= combat_limit
    support = not not_fit
    grounds.append("LLDBĐV 17.2")
    if not_fit:
        grounds += ["LLDBĐV 16", "NVQS 29"]
        notes.append(
            gettext(
                "Health class 4 to 6: not fit for a reserve unit; the Regional Defence Command "
                "may discharge the reservist from the reserve."
            )
        )
    return result(
        "in_reserve",
        grounds,
        reserve_class=reserve_class,
        group=group,
        combat_unit_allowed=combat,
        support_unit_allowed=support,
        notes=join_notes(notes),
    )
