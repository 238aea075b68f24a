"""Demo data: Điện Biên province (code 11, 45 commune-level units) made realistic enough to
show Garrison to its users — commune flags, the 2025 merger and the 2026 strengthening of the
commune Military Commands, ~3,000 residents, the commands' staffing, and sign-in accounts.

EVERYTHING HERE IS DEMO DATA. The commune names and codes come from `vietnam-provinces` and the
two legal bases are real; the flags (border, remote, key defence), populations, areas, the
lists of former units merged into each commune, every person, every assignment and every
account are invented, chosen only to be plausible. Nothing here may be read as a fact about
Điện Biên or as anyone's personal data.

Deterministic: `random.Random(2026)` and `Faker("vi_VN")` seeded with 2026, so every run on
an empty province produces the same people and the same staffing.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import transaction
from faker import Faker

from garrison.accounts.models import User
from garrison.commands.models import (
    Assignment,
    MilitaryCommand,
    PredecessorUnit,
    Reorganisation,
    StaffingQuota,
)
from garrison.commands.rules import Position, default_quotas
from garrison.core.text import name_sort_key
from garrison.people.models import EducationLevel, Person
from garrison.people.rules import FEMALE, MALE, make_citizen_id
from garrison.territory.models import Commune, CommuneType, Province

from .accounts import ensure_users, logins  # noqa: F401  (the demo command calls them here)
from .cadres import prepare_cadres
from .conscription import prepare_conscription
from .defence_zone import prepare_defence_zone
from .dienbien_data import (
    ALWAYS_COMMANDED,
    BORDER,
    COMMUNE_PROFILE,
    DAO_FAMILIES,
    DAO_GIVEN,
    EDUCATION_WEIGHTS,
    FILL_SHARE,
    FORMER_DISTRICT,
    HANHI_FAMILIES,
    HANHI_GIVEN,
    HANHI_MIDDLE,
    HMONG_FAMILIES,
    HMONG_GIVEN,
    HOA_FAMILIES,
    KEY_DEFENCE,
    KINH_MIDDLE,
    MERGER_BASIS,
    MERGER_DATE,
    MERGER_DESCRIPTION,
    MERGER_TITLE,
    NEVER_COMMANDED,
    NOT_REMOTE,
    OFFICER_ETHNICITY,
    ORIGIN_ELSEWHERE,
    PHONE_PREFIXES,
    PREDECESSORS,
    PROFILES,
    PROVINCE_CODE,
    REPLACED,
    REPLACED_ON,
    SECOND_DEPUTY_SHARE,
    SEED,
    STRENGTHENING_BASIS,
    STRENGTHENING_DATE,
    STRENGTHENING_DESCRIPTION,
    STRENGTHENING_TITLE,
    TAI_FAMILIES,
    TAI_GIVEN,
    TAY_FAMILIES,
    VACATED,
    VACATED_ON,
    VILLAGE_FIRST,
    VILLAGE_SECOND,
)
from .forces import prepare_forces
from .notices import prepare_notices
from .operations import prepare_operations
from .oversight import prepare_oversight
from .reporting import prepare_reporting


class DemoDataError(RuntimeError):
    """The package's list of Điện Biên's communes no longer matches the demo data."""


# --- generation ------------------------------------------------------------------------------
def is_prepared() -> bool:
    return Reorganisation.objects.filter(
        province__code=PROVINCE_CODE, legal_basis=STRENGTHENING_BASIS
    ).exists()


def _weighted(rng: random.Random, weights: dict[str, int | float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _random_date(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randint(0, (last - first).days))


class _Generator:
    def __init__(self, province: Province, communes: list[Commune]) -> None:
        self.rng = random.Random(SEED)
        self.fake = Faker("vi_VN")
        self.fake.seed_instance(SEED)
        self.province = province
        self.communes = communes
        self.by_name = {c.name: c for c in communes}
        self.used_serials: set[int] = set()
        self.decision_number = 112
        existing = Person.objects.filter(citizen_id__startswith=f"{PROVINCE_CODE:03d}")
        self.taken_ids = set(existing.values_list("citizen_id", flat=True))
        self.villages: dict[int, list[str]] = {}

    # names -------------------------------------------------------------------------------
    def full_name(self, ethnicity: str, sex: str, born: int) -> str:
        rng, fake = self.rng, self.fake
        if ethnicity in TAI_FAMILIES:
            middle = "Văn" if sex == MALE else "Thị"
            return f"{rng.choice(TAI_FAMILIES[ethnicity])} {middle} {rng.choice(TAI_GIVEN[sex])}"
        if ethnicity == "Mông":
            if sex == MALE:
                middle = "A" if born < 1990 or rng.random() < 0.5 else rng.choice(["Seo", "Văn"])
            else:
                middle = "Thị" if rng.random() < 0.8 else "Seo"
            return f"{rng.choice(HMONG_FAMILIES)} {middle} {rng.choice(HMONG_GIVEN[sex])}"
        if ethnicity == "Dao":
            middle = "Văn" if sex == MALE else "Thị"
            return f"{rng.choice(DAO_FAMILIES)} {middle} {rng.choice(DAO_GIVEN[sex])}"
        if ethnicity in HANHI_FAMILIES:
            family = rng.choice(HANHI_FAMILIES[ethnicity])
            return f"{family} {rng.choice(HANHI_MIDDLE[sex])} {rng.choice(HANHI_GIVEN[sex])}"
        given = fake.first_name_male() if sex == MALE else fake.first_name_female()
        if ethnicity == "Hoa":
            family = rng.choice(HOA_FAMILIES)
        elif ethnicity == "Tày":
            family = rng.choice(TAY_FAMILIES)
        else:
            family = fake.last_name()
        return f"{family} {rng.choice(KINH_MIDDLE[sex])} {given}"

    # people --------------------------------------------------------------------------------
    def citizen_id(self, sex: str, born: datetime.date) -> str:
        while True:
            serial = self.rng.randrange(1, 1_000_000)
            if serial in self.used_serials:
                continue
            value = make_citizen_id(PROVINCE_CODE, sex, born, serial)
            if value in self.taken_ids:
                continue
            self.used_serials.add(serial)
            self.taken_ids.add(value)
            return value

    def address(self, commune: Commune) -> str:
        rng = self.rng
        if commune.division_type == CommuneType.WARD:
            return f"Tổ dân phố {rng.randint(1, 24)}"
        villages = self.villages.get(commune.pk)
        if villages is None:
            villages = [f"Bản {commune.short_name}"]
            while len(villages) < 10:
                name = f"Bản {rng.choice(VILLAGE_FIRST)} {rng.choice(VILLAGE_SECOND)}"
                if name not in villages:
                    villages.append(name)
            self.villages[commune.pk] = villages
        return rng.choice(villages)

    def person(
        self,
        commune: Commune,
        *,
        sex: str | None = None,
        ethnicity: str | None = None,
        born_between: tuple[int, int] = (1960, 2008),
        education: str | None = None,
    ) -> Person:
        rng = self.rng
        profile = COMMUNE_PROFILE[commune.name]
        sex = sex or rng.choice([MALE, FEMALE])
        ethnicity = ethnicity or _weighted(rng, PROFILES[profile])
        born = _random_date(
            rng, datetime.date(born_between[0], 1, 1), datetime.date(born_between[1], 12, 31)
        )
        urban = commune.division_type == CommuneType.WARD
        if education is None:
            education = _weighted(rng, EDUCATION_WEIGHTS[(urban, born.year >= 1990)])
        religion = ""
        roll = rng.random()
        if ethnicity == "Mông" and roll < 0.22:
            religion = "Tin Lành"
        elif ethnicity == "Kinh" and roll < 0.05:
            religion = "Công giáo"
        elif ethnicity in {"Kinh", "Hoa"} and roll < 0.09:
            religion = "Phật giáo"
        if ethnicity == "Kinh" and rng.random() < 0.55:
            origin = rng.choice(ORIGIN_ELSEWHERE)
        else:
            origin = f"{commune.name}, tỉnh {self.province.name}"
        name = self.full_name(ethnicity, sex, born.year)
        phone = ""
        if rng.random() < 0.6:
            phone = f"0{rng.choice(PHONE_PREFIXES)}{rng.randrange(1_000_000):06d}"
        return Person(
            citizen_id=self.citizen_id(sex, born),
            full_name=name,
            name_sort_key=name_sort_key(name),  # Person.save() would set it; bulk_create won't
            date_of_birth=born,
            sex=sex,
            ethnicity=ethnicity,
            religion=religion,
            education_level=education,
            place_of_origin=origin[0].upper() + origin[1:],
            residence_commune=commune,
            province_id=commune.province_id,  # likewise
            address=f"{self.address(commune)}, {commune.name}",
            phone=phone,
        )

    def residents(self) -> list[Person]:
        people = []
        for commune in self.communes:
            count = max(30, (commune.population or 0) // 200)
            people.extend(self.person(commune) for _ in range(count))
        return people

    # communes ------------------------------------------------------------------------------
    def flag_communes(self) -> None:
        rng = self.rng
        for commune in self.communes:
            name = commune.name
            ward = commune.division_type == CommuneType.WARD
            commune.is_border = name in BORDER
            commune.is_remote = not ward and name not in NOT_REMOTE
            commune.is_island = False
            commune.is_key_defence = name in KEY_DEFENCE
            commune.population = rng.randint(15_000, 50_000) if ward else rng.randint(5_000, 20_000)
            if ward:
                area = rng.uniform(20, 120)
            elif COMMUNE_PROFILE[name] == "muong_nhe":
                area = rng.uniform(300, 850)
            else:
                area = rng.uniform(80, 450)
            commune.area_km2 = Decimal(f"{area:.2f}")
        Commune.objects.bulk_update(
            self.communes,
            ["is_border", "is_remote", "is_island", "is_key_defence", "population", "area_km2"],
        )

    # staffing ------------------------------------------------------------------------------
    def officer(self, commune: Commune) -> Person:
        """A regular officer placed as Commander: a man of 30–45 with a military degree."""
        return self.person(
            commune,
            sex=MALE,
            ethnicity=_weighted(self.rng, OFFICER_ETHNICITY),
            born_between=(1982, 1995),  # 30–45 years old in 2026
            education=self.rng.choice(
                [EducationLevel.UNIVERSITY] * 3 + [EducationLevel.COLLEGE] * 2
            ),
        )

    def decision(self) -> str:
        self.decision_number += self.rng.randint(1, 9)
        return f"QĐ số {self.decision_number}/QĐ-BCH"

    def staffing(self, commands: dict[int, MilitaryCommand]) -> tuple[list[Person], list[dict]]:
        """Holders (new Person rows) and their assignments (as dicts: the person's pk is
        known only after insertion)."""
        rng = self.rng
        holders: list[Person] = []
        posts: list[dict] = []

        def hold(
            commune: Commune,
            position: str,
            person: Person,
            start: datetime.date,
            end: datetime.date | None = None,
            note: str = "",
            concurrent: bool = False,
        ):
            holders.append(person)
            posts.append(
                {
                    "person": len(holders) - 1,
                    "command": commands[commune.pk],
                    "position": position,
                    "start_date": start,
                    "end_date": end,
                    "decision": self.decision(),
                    "is_concurrent": concurrent,
                    "note": note,
                }
            )

        unit = {CommuneType.WARD: "phường", CommuneType.SPECIAL_ZONE: "đặc khu"}
        names = [c.name for c in self.communes]

        def drawn(position: str, always: tuple[str, ...] = ()) -> set[str]:
            count = round(FILL_SHARE[position] * len(names))
            others = [n for n in names if n not in always]
            return set(always) | set(rng.sample(others, count - len(always)))

        filled = {
            Position.POLITICAL_COMMISSAR: drawn(Position.POLITICAL_COMMISSAR, ALWAYS_COMMANDED),
            Position.DEPUTY_COMMANDER: drawn(Position.DEPUTY_COMMANDER),
            Position.DEPUTY_POLITICAL_COMMISSAR: drawn(Position.DEPUTY_POLITICAL_COMMISSAR),
            Position.ASSISTANT: drawn(Position.ASSISTANT),
        }
        for commune in self.communes:
            window_end = datetime.date(2026, 2, 13)  # all Commanders in post by 13/02/2026
            start = (
                STRENGTHENING_DATE
                if commune.name in ALWAYS_COMMANDED
                else _random_date(rng, STRENGTHENING_DATE, window_end)
            )
            if commune.name == VACATED:
                hold(
                    commune,
                    Position.COMMANDER,
                    self.officer(commune),
                    start,
                    VACATED_ON,
                    "Sĩ quan thường trực; điều động nhận nhiệm vụ khác",
                )
            elif commune.name == REPLACED:
                hold(
                    commune,
                    Position.COMMANDER,
                    self.officer(commune),
                    start,
                    REPLACED_ON,
                    "Sĩ quan thường trực; đi học tại Học viện Chính trị",
                )
                hold(
                    commune,
                    Position.COMMANDER,
                    self.officer(commune),
                    REPLACED_ON + datetime.timedelta(days=1),
                    note="Sĩ quan thường trực",
                )
            elif commune.name not in NEVER_COMMANDED:
                hold(
                    commune,
                    Position.COMMANDER,
                    self.officer(commune),
                    start,
                    note="Sĩ quan thường trực",
                )

            if commune.name in filled[Position.POLITICAL_COMMISSAR]:
                secretary = self.person(
                    commune,
                    sex=MALE if rng.random() < 0.8 else FEMALE,
                    born_between=(1968, 1986),
                    education=rng.choice(
                        [EducationLevel.UNIVERSITY] * 4 + [EducationLevel.POSTGRADUATE]
                    ),
                )
                kind = unit.get(commune.division_type, "xã")
                hold(
                    commune,
                    Position.POLITICAL_COMMISSAR,
                    secretary,
                    STRENGTHENING_DATE,
                    note=f"Bí thư Đảng ủy {kind}",
                    concurrent=True,
                )

            later = (datetime.date(2026, 2, 1), datetime.date(2026, 9, 30))
            deputies = 0
            if commune.name in filled[Position.DEPUTY_COMMANDER]:
                deputies = 1
                if commune.is_key_defence and rng.random() < SECOND_DEPUTY_SHARE:
                    deputies = 2
            for _ in range(deputies):
                deputy = self.person(
                    commune,
                    sex=MALE if rng.random() < 0.9 else FEMALE,
                    born_between=(1981, 1998),
                    education=rng.choice([EducationLevel.UNIVERSITY, EducationLevel.COLLEGE]),
                )
                hold(
                    commune,
                    Position.DEPUTY_COMMANDER,
                    deputy,
                    _random_date(rng, *later),
                    note="Công chức",
                )
            if commune.name in filled[Position.DEPUTY_POLITICAL_COMMISSAR]:
                deputy = self.person(
                    commune,
                    sex=MALE if rng.random() < 0.7 else FEMALE,
                    born_between=(1986, 2000),
                    education=EducationLevel.UNIVERSITY,
                )
                hold(
                    commune, Position.DEPUTY_POLITICAL_COMMISSAR, deputy, _random_date(rng, *later)
                )
            if commune.name in filled[Position.ASSISTANT]:
                assistant = self.person(
                    commune,
                    born_between=(1988, 2001),
                    education=rng.choice([EducationLevel.UNIVERSITY, EducationLevel.COLLEGE]),
                )
                hold(
                    commune,
                    Position.ASSISTANT,
                    assistant,
                    _random_date(rng, *later),
                    note="Công chức",
                )
        return holders, posts


def _check_names(communes: list[Commune]) -> None:
    present = {c.name for c in communes}
    expected = set(COMMUNE_PROFILE)
    if present != expected:
        raise DemoDataError(
            "The demo data does not match Điện Biên's communes in vietnam-provinces: "
            f"missing from the package {sorted(expected - present)}, "
            f"unknown to the demo {sorted(present - expected)}. Update garrison/demo/dienbien.py."
        )


def prepare() -> dict[str, int]:
    """Generate the demo data of Điện Biên (the province must be loaded and its commands
    created). Returns counts of what was created."""
    province = Province.objects.get(code=PROVINCE_CODE)
    communes = list(Commune.objects.filter(province=province).order_by("code"))
    _check_names(communes)
    generator = _Generator(province, communes)

    with transaction.atomic():
        generator.flag_communes()
        # the staffing table follows the flags (key-defence communes: 2 deputies)
        key = [c.pk for c in communes if c.is_key_defence]
        deputy = StaffingQuota.objects.filter(
            command__commune__province=province, position=Position.DEPUTY_COMMANDER
        )
        deputy.filter(command__commune__in=key).update(
            quota=default_quotas(key_defence=True)[Position.DEPUTY_COMMANDER]
        )
        deputy.exclude(command__commune__in=key).update(
            quota=default_quotas(key_defence=False)[Position.DEPUTY_COMMANDER]
        )

        commands = {
            c.commune_id: c
            for c in MilitaryCommand.objects.filter(province=province, level="commune")
        }
        phone_block = 3_820_000
        for commune in communes:
            command = commands[commune.pk]
            command.established_on = STRENGTHENING_DATE
            command.address = f"Trụ sở Ủy ban nhân dân {commune.name[0].lower()}{commune.name[1:]}"
            phone_block += generator.rng.randint(100, 900)
            command.phone = f"0215 {phone_block // 1000:04d} {phone_block % 1000:03d}"
        MilitaryCommand.objects.bulk_update(
            list(commands.values()), ["established_on", "address", "phone"]
        )

        merger = Reorganisation.objects.create(
            province=province,
            date=MERGER_DATE,
            legal_basis=MERGER_BASIS,
            title=MERGER_TITLE,
            description=MERGER_DESCRIPTION,
        )
        strengthening = Reorganisation.objects.create(
            province=province,
            date=STRENGTHENING_DATE,
            legal_basis=STRENGTHENING_BASIS,
            title=STRENGTHENING_TITLE,
            description=STRENGTHENING_DESCRIPTION,
        )
        merger.commands.set(commands.values())
        strengthening.commands.set(commands.values())
        predecessors = [
            PredecessorUnit(
                commune=generator.by_name[successor],
                name=former,
                former_district=FORMER_DISTRICT[COMMUNE_PROFILE[successor]],
                reorganisation=merger,
                merged_on=MERGER_DATE,
            )
            for successor, formers in PREDECESSORS.items()
            for former in formers
        ]
        PredecessorUnit.objects.bulk_create(predecessors)

        people = generator.residents()
        holders, posts = generator.staffing(commands)
        Person.objects.bulk_create(people + holders, batch_size=500)
        # bulk_create sets the primary keys on SQLite 3.35+ and PostgreSQL; read them back by
        # citizen ID so any backend works
        pk_of = dict(
            Person.objects.filter(citizen_id__in=[h.citizen_id for h in holders]).values_list(
                "citizen_id", "pk"
            )
        )
        assignments = []
        for post in posts:
            command = post.pop("command")
            holder = holders[post.pop("person")]
            assignments.append(
                Assignment(
                    command=command,
                    person_id=pk_of[holder.citizen_id],
                    province_id=command.province_id,  # Assignment.save() copies them
                    commune_id=command.commune_id,
                    **post,
                )
            )
        Assignment.objects.bulk_create(assignments, batch_size=500)

        users = ensure_users(province, set_password=True)
        actor = User.objects.get(username="dienbien")
        service = prepare_conscription(generator, province, communes, actor=actor)
        forces = prepare_forces(generator, province, communes, actor=actor)
        reporting = prepare_reporting(generator, province, communes, actor=actor)
        cadres = prepare_cadres(generator, province, communes, actor=actor)
        reporting["notifications"] = prepare_notices(province)
        # last: readiness draws on the militia, reserve and command staff made above
        operations = prepare_operations(generator, province, communes, actor=actor)
        # after readiness: a combat base degraded by its landslide
        defence_zone = prepare_defence_zone(generator, province, communes)
        # last of all: it inspects and assesses what the registers above hold
        oversight = prepare_oversight(province, communes)

    return {
        **service,
        **forces,
        **reporting,
        **cadres,
        **operations,
        **defence_zone,
        **oversight,
        "communes": len(communes),
        "people": len(people)
        + len(holders)
        + service.pop("young_men")
        + forces["militia_members"]
        + forces.pop("reserve_people")
        + cadres.pop("candidate_people"),
        "assignments": len(assignments) + cadres.pop("postings"),
        "predecessors": len(predecessors),
        "users": users,
    }
