"""Demo data of the cadres register for Điện Biên: the post standards (the Ministry's and the
province's stricter ones for border and key defence-security communes), a profile with a career
for every Commander, Deputy Commander and Assistant in post, a pool of cadres without a post,
posts that are vacant or fall vacant within a year (age limit, end of a call-up, rotation), a
few decisions issued with the services, succession plans, courses and enrolments, the 2025
evaluations, commendations and one reprimand, allowances and housing, and a draft placement
proposal solved from all of it.

EVERYTHING HERE IS INVENTED, like the rest of the demo (see dienbien.py); the standards are
plan figures, not law (LAW.md holds no criteria for officers). Deterministic: it draws from the
demo generator's seeded random source; decision, course and term dates are fixed (2025–2027).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone, translation

from garrison.cadres.models import (
    BodyMembership,
    CadreDecision,
    CadreProfile,
    CareerEntry,
    Course,
    PlacementRun,
    PostStandard,
)
from garrison.cadres.rules import BODY_TERMS, RANK_ORDER, Body
from garrison.cadres.rules import PoliticalTheory as PT
from garrison.cadres.rules import Rank as R
from garrison.cadres.rules import ServiceCategory as SC
from garrison.cadres.services import do_create_run, do_issue_decision
from garrison.commands.models import Assignment, MilitaryCommand
from garrison.commands.rules import Position
from garrison.people.models import EducationLevel, Person
from garrison.people.rules import FEMALE, MALE

from . import cadres_data as data
from .cadres_data import COMMUNE_PROFILE, RANK_YEARS
from .cadres_records import (
    ACTIVE,
    DAY,
    STUDYING,
    RecordsMixin,
    lower_first,
    plus_years,
    weighted_choice,
    years_between,
)
from .reporting import SIGNER


@dataclass(eq=False)
class DemoCadre:
    person: Person
    profile: CadreProfile
    career: list[CareerEntry] = field(default_factory=list)
    assignment: Assignment | None = None  # the post held now
    kind: str = ""  # the pool's kind of candidate (cadres_data.POOL); "" for a holder

    @property
    def post(self) -> str:
        return self.assignment.position if self.assignment else ""


class _Builder(RecordsMixin):
    def __init__(self, generator, province, communes, actor) -> None:
        self.generator, self.rng, self.actor = generator, generator.rng, actor
        self.province, self.communes = province, communes
        self.by_name = {c.name: c for c in communes}
        self.today = timezone.localdate()
        self.cadres: list[DemoCadre] = []
        self.counts: dict[str, int] = {}

    def standards(self) -> int:
        """The Ministry's (kept if it has some already) and the province's."""
        made = 0
        for spec in data.MINISTRY_STANDARDS:
            spec = dict(spec)
            _row, created = PostStandard.objects.get_or_create(
                province=None, position=spec.pop("position"), area="any",
                defaults={**spec, "basis": data.DEMO_BASIS},
            )  # fmt: skip
            made += created
        for spec in data.PROVINCE_STANDARDS:
            PostStandard.objects.create(province=self.province, **spec)
        return made + len(data.PROVINCE_STANDARDS)

    # --- careers and profiles --------------------------------------------------------------------
    def career(self, category, born, until, local, home, *, closed) -> tuple[list, dict]:
        """The posts held before `until`, with `local` years of local military work at the end
        (the last post ends the day before `until` when `closed`, else goes on). Returns the
        entries and the profile fields they imply (commissioning, unit of origin, years at
        grassroots level)."""
        rng = self.rng
        start = datetime.date(born.year + rng.choice([21, 22, 23]), rng.choice([7, 8, 9]), 1)
        start = min(start, plus_years(until, -1.5))
        local_start = until
        if local >= 0.1:
            local_start = min(max(plus_years(until, -local), plus_years(start, 1)), until - DAY)
        district = COMMUNE_PROFILE[home.name] if home else "dien_bien"
        place = lower_first(home.name) if home else "xã Thanh Nưa"
        rows = []  # (title, organisation, from, until, at grassroots level)
        origin = ""
        if category in (SC.REGULAR_OFFICER, SC.PROFESSIONAL_SOLDIER):
            regiment, parent = rng.choice(data.ARMY_UNITS)
            origin = parent if parent.startswith("Sư đoàn") else f"{regiment}, {parent}"
            company = f"Đại đội {rng.randint(1, 12)}, {regiment}, {parent}"
            first = min(local_start, plus_years(start, 3))
            middle = min(local_start, plus_years(first, 5))
            junior, deputy, senior = data.ARMY_TITLES[category]
            rows.append((junior, company, start, first, True))
            rows.append(
                (
                    senior if years_between(start, middle) > 6 else deputy,
                    company,
                    first,
                    middle,
                    True,
                )
            )
            for step, (title, unit) in enumerate(data.STAFF_LADDER):  # five years a rung
                last = step == len(data.STAFF_LADDER) - 1
                end = local_start if last else min(local_start, plus_years(middle, 5))
                unit = unit.format(n=rng.randint(1, 3), regiment=regiment, parent=parent)
                rows.append((title, unit, middle, end, False))
                middle = end
            title = rng.choice(data.LOCAL_TITLES)
            former = f"Ban CHQS {lower_first(data.FORMER_DISTRICT[district])}"
            rows.append((title, former, local_start, min(until, data.DISTRICTS_DISSOLVED), False))
            area = f"Ban CHPT khu vực {data.DEFENCE_AREA[district]}, Bộ CHQS tỉnh Điện Biên"
            rows.append((title, area, max(local_start, data.DISTRICTS_DISSOLVED), until, False))
        else:
            if category == SC.RESERVE_OFFICER:
                origin = "Trung đoàn 82, Bộ CHQS tỉnh Điện Biên"
            office = f"Ủy ban nhân dân {place}"
            rows.append(("Công chức Văn hóa – Xã hội", office, start, local_start, True))
            rows.append(("Phó Chỉ huy trưởng", f"Ban CHQS {place}", local_start, until, True))
        rows = [row for row in rows if row[3] > row[2]]
        entries, grassroots = [], 0.0
        for i, (title, organisation, begin, end, grass) in enumerate(rows):
            grassroots += years_between(begin, end) if grass else 0
            ended = end - DAY if closed or i < len(rows) - 1 else None
            entries.append(
                CareerEntry(
                    title=title, organisation=organisation, started_on=begin, ended_on=ended
                )
            )
        facts = {"commissioned": start, "unit_of_origin": origin, "grassroots": grassroots}
        return entries, facts

    def ranked(self, commissioned: datetime.date, low: str, high: str) -> dict:
        """A rank by years since commissioning, within [low, high], with its date."""
        if not low:
            return {}
        served = years_between(commissioned, self.today) - self.rng.uniform(0, 1.5)
        rank = max((r for r, y in RANK_YEARS.items() if served >= y), key=RANK_ORDER.get)
        rank = R.values[min(max(RANK_ORDER[rank], RANK_ORDER[low]), RANK_ORDER[high])]
        since = plus_years(commissioned, RANK_YEARS[rank] + self.rng.uniform(0, 1))
        since = min(since, self.today - datetime.timedelta(days=self.rng.randint(60, 700)))
        return {"rank": rank, "rank_date": max(since, commissioned)}

    def cadre(self, person, s: dict, *, until, home, where, closed, tenure=0.0, study=None):
        """The career before `until` and the profile, from the resolved spec `s` (category,
        local, low, high, theory, party, health, status). The `tenure` years in the post held
        now count as local and grassroots work; `where` is the commune whose main language a
        Kinh cadre may have learnt; `study` is the day a long course began."""
        rng, category = self.rng, s["category"]
        local = max(0.0, s["local"] - tenure)
        entries, facts = self.career(
            category, person.date_of_birth, until, local, home, closed=closed
        )
        if study:
            academy = data.COURSES["academy"]["provider"]
            entries.append(CareerEntry(title="Học viên", organisation=academy, started_on=study))
        fields = self.ranked(facts["commissioned"], s["low"], s["high"])
        school = rng.choice(data.SCHOOLS[category])
        if RANK_ORDER.get(fields.get("rank", ""), 0) >= RANK_ORDER[R.MAJOR]:
            school = f"{school}; {data.SENIOR_SCHOOL}"
        if s["party"]:
            joined = facts["commissioned"] - datetime.timedelta(days=rng.randint(30, 500))
            fields["party_joined_on"] = min(joined, self.today - datetime.timedelta(days=400))
        spoken = [person.ethnicity] if person.ethnicity not in ("Kinh", "Hoa") else []
        groups = data.PROFILES[COMMUNE_PROFILE[where.name]]
        if person.ethnicity == "Khơ Mú" or (person.ethnicity == "Kinh" and rng.random() < 0.35):
            spoken.append(max((g for g in groups if g != "Kinh"), key=groups.get))
        mass = s.get("mass") or (rng.random() < 0.35 and person.ethnicity != "Kinh")
        return entries, CadreProfile(
            person=person,
            province=self.province,
            status=s["status"],
            service_category=category,
            political_theory=s["theory"],
            party_member=s["party"],
            health_class=s["health"],
            home_commune=home,
            unit_of_origin=facts["unit_of_origin"],
            military_education=school,
            local_military_years=Decimal(f"{max(s['local'], tenure):.1f}"),
            grassroots_years=Decimal(f"{facts['grassroots'] + tenure:.1f}"),
            ethnic_languages=", ".join(dict.fromkeys(spoken)) or ("Thái, Mông" if mass else ""),
            mass_mobilisation=mass,
            mass_mobilisation_notes=rng.choice(data.MASS_MOBILISATION_NOTES) if mass else "",
            **fields,
        )

    # --- holders ---------------------------------------------------------------------------------
    def vacancies(self, held: list[Assignment]) -> None:
        """Three Commanders leave within a year: age limit, end of a call-up, rotation."""
        for a in (a for a in held if a.position == Position.COMMANDER):
            name, person = a.commune.name, a.person
            if name == data.AGE_LIMIT_COMMUNE:  # a new birth date, a new CCCD (saved in `save`)
                person.date_of_birth = data.AGE_LIMIT_BORN
                person.citizen_id = self.generator.citizen_id(person.sex, person.date_of_birth)
            elif name == data.TERM_END_COMMUNE:
                a.end_date = data.TERM_END
                a.note = f"{data.NOTES[SC.RESERVE_OFFICER]} đến {data.TERM_END:%d/%m/%Y}"
                a.save(update_fields=["end_date", "note", "updated_at"])
            elif name == data.ROTATION_COMMUNE:
                a.start_date, a.note = data.ROTATION_START, data.ROTATION_NOTE
                a.save(update_fields=["start_date", "note", "updated_at"])

    def home_of(self, person: Person, commune):
        """Another commune of the same former district (nobody serves at home), or None for
        someone from outside the province; the person's place of origin follows it."""
        if not person.place_of_origin.endswith(f"tỉnh {self.province.name}"):
            return None
        district = COMMUNE_PROFILE[commune.name]
        near = [c for c in self.communes if COMMUNE_PROFILE[c.name] == district and c != commune]
        home = self.rng.choice(near or [c for c in self.communes if c != commune])
        person.place_of_origin = f"{home.name}, tỉnh {self.province.name}"
        return home

    def holder(self, a: Assignment, *, studying: bool = False) -> DemoCadre:
        rng, person, commune = self.rng, a.person, a.commune
        s = dict(data.HOLDER[a.position])
        if a.position == Position.COMMANDER:
            s["category"] = SC.REGULAR_OFFICER
            s["local"] = data.BORDER_COMMANDER_LOCAL if commune.is_border else s["local"]
            s["low"] = R.CAPTAIN if commune.is_key_defence else s["low"]
            s.update(data.OVERRIDES.get(commune.name, {}))
        elif a.position == Position.DEPUTY_COMMANDER:
            s["category"] = weighted_choice(rng, data.DEPUTY_CATEGORIES)
            s["high"] = data.CATEGORY_HIGH.get(s["category"], s["high"])
        s.update(
            local=rng.uniform(*s["local"]),
            theory=weighted_choice(rng, s["theory"]),
            health=rng.choice(s["health"]),
            party=s["category"] != SC.CIVIL_SERVANT or rng.random() < 0.6,
            status=STUDYING if studying else ACTIVE,
        )
        home = self.home_of(person, commune)
        left = a.end_date if studying else None
        entries, profile = self.cadre(
            person, s, until=a.start_date, home=home, where=home or commune, closed=True,
            tenure=years_between(a.start_date, left or self.today),
            study=left + DAY if left else None,
        )  # fmt: skip
        entries.append(CareerEntry(
            title=str(Position(a.position).label), organisation=a.command.name,
            command=a.command, position=a.position, started_on=a.start_date, ended_on=left,
        ))  # fmt: skip
        profile.commune_id = None if studying else a.commune_id
        return DemoCadre(person, profile, entries, None if studying else a)

    # --- the pool --------------------------------------------------------------------------------
    def pool(self) -> list[DemoCadre]:
        rng = self.rng
        inland = [c for c in self.communes if not c.is_border]
        schooling = [EducationLevel.UNIVERSITY] * 3 + [EducationLevel.COLLEGE]
        out = []
        for count, kind, spec in data.POOL:
            for _n in range(count):
                s = {"category": SC.REGULAR_OFFICER, "party": True, "health": (1, 2), **spec}
                commune = rng.choice(inland if kind == "veteran" else self.communes)
                woman = s["category"] != SC.REGULAR_OFFICER and rng.random() < 0.15
                person = self.generator.person(
                    commune, sex=FEMALE if woman else MALE, born_between=s["born"],
                    ethnicity=weighted_choice(rng, data.OFFICER_ETHNICITY),
                    education=rng.choice(schooling),
                )  # fmt: skip
                advanced = rng.random() < s.get("advanced", 0)
                studying = s.get("studying", False)
                s.update(
                    local=rng.uniform(*s["local"]),
                    health=rng.randint(*s["health"]),
                    theory=PT.ADVANCED if advanced else s["theory"],
                    status=STUDYING if studying else ACTIVE,
                )
                until = data.COURSES["academy"]["starts_on"] if studying else self.today
                entries, profile = self.cadre(
                    person, s, until=until, home=commune, where=commune, closed=studying,
                    study=until if studying else None,
                )  # fmt: skip
                out.append(DemoCadre(person, profile, entries, kind=kind))
        return out

    # --- saving ----------------------------------------------------------------------------------
    def save(self, new_people: list[Person]) -> None:
        """Insert the new people, the profiles and the careers; read the keys back (any
        backend)."""
        Person.objects.bulk_create(new_people, batch_size=500)
        ids = [p.citizen_id for p in new_people]
        pk_of = dict(Person.objects.filter(citizen_id__in=ids).values_list("citizen_id", "pk"))
        for person in new_people:
            person.pk = pk_of[person.citizen_id]
        new = {id(p) for p in new_people}
        holders = [c.person for c in self.cadres if id(c.person) not in new]
        changed = ["place_of_origin", "date_of_birth", "citizen_id"]
        Person.objects.bulk_update(holders, changed, batch_size=500)
        for c in self.cadres:
            c.profile.person_id = c.person.pk
        CadreProfile.objects.bulk_create([c.profile for c in self.cadres], batch_size=500)
        profiles = CadreProfile.objects.filter(province=self.province)
        profile_of = dict(profiles.values_list("person_id", "pk"))
        entries = []
        for c in self.cadres:
            c.profile.pk = profile_of[c.person.pk]
            c.profile._state.adding = False
            for entry in c.career:
                entry.profile_id = c.profile.pk
                entries.append(entry)
        CareerEntry.objects.bulk_create(entries, batch_size=500)
        self.counts["career_entries"] = len(entries)

    def memberships(self) -> int:
        """Most Commanders on the commune Party Executive Committee (some on its Standing
        Committee), several on the People's Council; a few deputies on the Committee."""
        rng, rows = self.rng, []
        for c in self.cadres:
            a = c.assignment
            share = {Position.COMMANDER: 0.85, Position.DEPUTY_COMMANDER: 0.15}.get(c.post, 0)
            if rng.random() >= share:
                continue
            day = max(a.start_date, data.PARTY_CONGRESS)
            if a.start_date > data.PARTY_CONGRESS:
                day += datetime.timedelta(days=rng.randint(5, 25))  # co-opted after arriving
            bodies = {Body.PARTY_EXECUTIVE: day}
            if c.post == Position.COMMANDER and rng.random() < 0.3:
                bodies[Body.PARTY_STANDING] = day
            elected = a.start_date < data.COUNCIL_ELECTION - datetime.timedelta(days=20)
            if elected and rng.random() < 0.4:
                bodies[Body.PEOPLES_COUNCIL] = data.COUNCIL_ELECTION
            rows += [
                BodyMembership(profile_id=c.profile.pk, body=body, commune_id=a.commune_id,
                               term=BODY_TERMS[body], started_on=started)
                for body, started in bodies.items()
            ]  # fmt: skip
        BodyMembership.objects.bulk_create(rows)
        return len(rows)

    # --- decisions -------------------------------------------------------------------------------
    def issue(self, c: DemoCadre, kind: str, signed_on, effective_on, **fields) -> CadreDecision:
        self.generator.decision_number += self.rng.randint(3, 12)
        return do_issue_decision(
            actor=self.actor,
            profile=CadreProfile.objects.get(pk=c.profile.pk),
            kind=kind,
            number=f"{self.generator.decision_number}/QĐ-BCH",
            signed_on=signed_on,
            effective_on=effective_on,
            signer_name=SIGNER,
            signer_title=data.SIGNER_TITLE,
            **fields,
        )

    def decisions(self) -> int:
        """Two promotions (a Commander, a deputy) and the transfer of a deputy of a commune
        with two to a commune without any, in autumn 2026."""
        posted = sorted(
            (c for c in self.cadres if c.assignment),
            key=lambda c: (c.assignment.commune.name, c.assignment.start_date),
        )
        skip = {*data.ALWAYS_COMMANDED, *data.OVERRIDES, data.ROTATION_COMMUNE}
        for position, ranks in (
            (Position.COMMANDER, (R.CAPTAIN, R.MAJOR)),
            (Position.DEPUTY_COMMANDER, (R.SENIOR_LIEUTENANT, R.CAPTAIN)),
        ):
            c = next(
                c for c in posted if c.post == position and c.profile.rank in ranks
                and not c.assignment.commune.is_key_defence
                and c.assignment.commune.name not in skip
            )  # fmt: skip
            skip.add(c.assignment.commune.name)
            new = c.profile.rank  # the rank it reaches; the one before, held for three years
            CadreProfile.objects.filter(pk=c.profile.pk).update(
                rank=R.values[RANK_ORDER[new] - 1],
                rank_date=data.PROMOTION_EFFECTIVE - datetime.timedelta(days=3 * 365),
            )
            self.issue(c, CadreDecision.Kind.PROMOTION, data.PROMOTION_SIGNED,
                       data.PROMOTION_EFFECTIVE, new_rank=new,
                       reason=data.PROMOTION_REASON)  # fmt: skip

        deputies: dict[str, list[DemoCadre]] = {}
        for c in posted:
            if c.post == Position.DEPUTY_COMMANDER:
                deputies.setdefault(c.assignment.commune.name, []).append(c)
        commanded = {c.assignment.commune_id for c in posted if c.post == Position.COMMANDER}
        pairs = [
            (d, target)
            for name, group in sorted(deputies.items())
            if len(group) == 2 and name not in skip
            for d in group
            for target in self.communes
            if target.name not in deputies and target != d.profile.home_commune
        ]
        mover, target = min(pairs, key=lambda pair: pair[1].pk in commanded)
        command = MilitaryCommand.objects.get(commune=target)
        why = "" if target.pk in commanded else " (chưa có Chỉ huy trưởng)"
        decision = self.issue(
            mover, CadreDecision.Kind.TRANSFER, data.TRANSFER_SIGNED, data.TRANSFER_EFFECTIVE,
            command=command, position=Position.DEPUTY_COMMANDER,
            reason=data.TRANSFER_REASON.format(command=command.name, why=why),
        )  # fmt: skip
        mover.assignment = Assignment.objects.select_related("command", "commune").get(
            pk=decision.assignment_id
        )
        return 3

    # --- development -----------------------------------------------------------------------------
    def run(self) -> dict[str, int]:
        self.counts["standards"] = self.standards()
        held = list(
            Assignment.objects.current(self.today)
            .filter(province=self.province, commune__isnull=False, position__in=list(data.HOLDER))
            .select_related("person", "command", "commune")
            .order_by("commune__name", "position", "start_date", "pk")
        )
        self.vacancies(held)
        self.cadres = [self.holder(a) for a in held]
        deputies = [c for c in self.cadres if c.post == Position.DEPUTY_COMMANDER]
        for c in deputies:  # the staffing's note follows the category
            c.assignment.note = data.NOTES[c.profile.service_category]
        Assignment.objects.bulk_update([c.assignment for c in deputies], ["note"])
        replaced = Assignment.objects.select_related("person", "command", "commune").filter(
            province=self.province, commune__name=data.REPLACED, position=Position.COMMANDER
        )
        replaced = replaced.filter(end_date=data.REPLACED_ON).first()
        if replaced is not None:  # Tuần Giáo's first Commander, now at the academy
            self.cadres.append(self.holder(replaced, studying=True))
        pool = self.pool()
        self.cadres += pool
        self.save([c.person for c in pool])
        self.counts.update(
            cadres=len(held),
            candidates=len(self.cadres) - len(held),
            candidate_people=len(pool),
            memberships=self.memberships(),
            cadre_decisions=self.decisions(),
            postings=1,  # the transfer's new assignment
        )
        commanders = [c for c in self.cadres if c.post == Position.COMMANDER]
        deputies = [c for c in self.cadres if c.post == Position.DEPUTY_COMMANDER]
        self.counts["succession_plans"] = self.succession(commanders, deputies)
        self.training(commanders, deputies)
        self.records(commanders, deputies)
        run = do_create_run(actor=self.actor, province_id=self.province.pk, title=data.RUN_TITLE,
                            effective_on=data.RUN_EFFECTIVE, horizon=data.RUN_HORIZON)  # fmt: skip
        self.counts["placement_posts"] = run.summary["posts"]
        self.counts["placement_matches"] = run.summary["filled"]
        return self.counts


def cadre_rows(province_code: int) -> list:
    """The demo's cadre rows of the province, in the order they can be deleted (decisions and
    profiles protect assignments and people), and the Ministry standards the demo made."""
    return [
        CadreDecision.objects.filter(province__code=province_code),
        PlacementRun.objects.filter(province__code=province_code),
        CadreProfile.objects.filter(province__code=province_code),
        Course.objects.filter(province__code=province_code),
        PostStandard.objects.filter(province__code=province_code),
        PostStandard.objects.filter(province__isnull=True, basis=data.DEMO_BASIS),
    ]


def prepare_cadres(generator, province, communes, actor) -> dict[str, int]:
    """Create the cadres demo of `province` (its staffing must exist). Returns counts."""
    with translation.override("vi"):  # career titles are data, written as the decisions write
        return _Builder(generator, province, communes, actor).run()
