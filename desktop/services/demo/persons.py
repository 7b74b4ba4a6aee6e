"""Job seekers: identity, contact, background, profile, and the plan of their cases.

A person's cases are planned here, not written: when someone was first registered sets
the person's own created_at, and the case step writes the cases afterwards.
"""

from __future__ import annotations

import datetime as dt

from desktop.models.person import person_sort_key
from desktop.services.demo.codes import (
    add_years,
    iso,
    mobile_number,
    new_id,
    personal_number,
    random_serial,
    stamp,
)
from desktop.services.demo.context import CaseRecord, Context, PersonRecord, Staff
from desktop.services.demo.text import address, email_address
from desktop.services.demo.vocabulary import Group, Weighted

PERSON_COLUMNS = (
    "id",
    "first_name",
    "last_name",
    "sort_key",
    "personal_number",
    "identity_kind",
    "no_identity_reason",
    "birth_date",
    "gender",
    "phone",
    "email",
    "street_address",
    "postal_code",
    "city",
    "municipality_code",
    "birth_country",
    "citizenship",
    "arrival_date",
    "sfi_path",
    "sfi_course",
    "sas_level",
    "swedish_cefr",
    "work_extent",
    "earliest_start",
)
LANGUAGE_COLUMNS = ("id", "person_id", "language", "mother_tongue", "level")
EDUCATION_COLUMNS = (
    "id",
    "person_id",
    "level",
    "field",
    "country",
    "years",
    "completed",
    "recognition",
)
EXPERIENCE_COLUMNS = (
    "id",
    "person_id",
    "occupation_code",
    "job_title",
    "years",
    "last_year",
    "country",
)
QUALIFICATION_COLUMNS = ("id", "person_id", "kind", "code", "valid_until")

FIRST_BIRTH = dt.date(1960, 1, 1).toordinal()
LAST_BIRTH = dt.date(2006, 12, 31).toordinal()
TYPICAL_AGE = 32
EARLIER_CASE_SHARE = 0.16

SFI_COURSES = ("SFI_A", "SFI_B", "SFI_C", "SFI_D")
SAS_LEVELS = ("SAS_GRUND", "SAS_1", "SAS_2", "SAS_3")
# Courses a year of SFI moves someone on, per study path (1 slow ... 3 fast).
SFI_PACE = {1: 0.6, 2: 1.0, 3: 1.6}
CEFR_FOR_COURSE = {
    "SFI_A": "A1",
    "SFI_B": "A1",
    "SFI_C": "A2",
    "SFI_D": "B1",
    "SAS_GRUND": "B1",
    "SAS_1": "B1",
    "SAS_2": "B2",
    "SAS_3": "B2",
}

LANGUAGE_LEVELS = Weighted.of({"A1": 10, "A2": 25, "B1": 30, "B2": 25, "C1": 10})
EXTENTS = Weighted.of({"heltid": 70, "deltid": 30})
RECOGNITION = Weighted.of({"ej_ansokt": 40, "ansokt": 20, "bedomd": 30, "ej_aktuellt": 10})
EXPERIENCE_COUNTS = Weighted.of({"0": 25, "1": 45, "2": 22, "3": 8})
# Length in years of a programme at each ISCED level (low, high).
EDUCATION_YEARS = {
    0: (0, 3),
    1: (4, 6),
    2: (9, 9),
    3: (3, 3),
    4: (1, 2),
    5: (2, 2),
    6: (3, 4),
    7: (2, 2),
    8: (4, 5),
}
OUTCOMES = Weighted.of(
    {
        "anstallning": 30,
        "nystartsjobb": 10,
        "introduktionsjobb": 8,
        "extratjanst": 8,
        "lonebidrag": 4,
        "praktik": 5,
        "studier": 20,
        "flyttat": 8,
        "annat": 7,
    }
)


class PersonFactory:
    """Makes one person at a time with all their rows; keeps the numbers already issued."""

    def __init__(self, ctx: Context, staff: Staff) -> None:
        self.ctx = ctx
        self.vocab = ctx.vocab
        self.today = ctx.today
        self.staff = staff
        self.rng = ctx.rng("persons")
        writer = ctx.writer
        self.persons = writer.sink("persons", PERSON_COLUMNS)
        self.languages = writer.sink("person_languages", LANGUAGE_COLUMNS)
        self.educations = writer.sink("educations", EDUCATION_COLUMNS)
        self.experiences = writer.sink("work_experiences", EXPERIENCE_COLUMNS)
        self.qualifications = writer.sink("qualifications", QUALIFICATION_COLUMNS)
        self.wished_occupations = writer.sink(
            "wished_occupations", ("id", "person_id", "occupation_code")
        )
        self.wished_municipalities = writer.sink(
            "wished_municipalities", ("id", "person_id", "municipality_code")
        )
        self.numbers: set[str] = set()
        # Everyone is an adult today, so arrival after 15 and a case after 18 both fit.
        self.last_birth = min(LAST_BIRTH, self.today - add_years(0, 18))
        self.typical_birth = max(
            FIRST_BIRTH, min(self.last_birth, self.today - add_years(0, TYPICAL_AGE))
        )

    def make(self) -> PersonRecord:
        rng, vocab = self.rng, self.vocab
        group = vocab.group[vocab.groups.pick(rng)]
        man = rng.random() >= group.women
        first = rng.choice(group.men_names if man else group.women_names)
        last = rng.choice(group.last_names)
        birth = int(rng.triangular(FIRST_BIRTH, self.last_birth, self.typical_birth))
        arrival = self._arrival(group, birth)
        kind, number, reason = self._identity(group, birth, man=man)
        municipality = vocab.person_municipalities.pick(rng)
        cases = self._cases(municipality, birth, arrival)
        person_id = new_id(rng)
        created = stamp(rng, cases[0].opened)
        country = group.birth_countries.pick(rng)
        isced = int(group.education.pick(rng))
        phone, email = self._contact(first, last)
        street, postal, city = (
            address(rng, vocab, municipality) if rng.random() < 0.9 else (None, None, None)
        )
        sfi_path, sfi_course, sas_level, cefr = self._swedish(isced, arrival)
        row = (
            *(person_id, first, last, person_sort_key(last, first), number, kind, reason),
            *(iso(birth), "man" if man else "kvinna", phone, email, street, postal, city),
            *(municipality, country, self._citizenship(group, arrival)),
            *(None if arrival is None else iso(arrival), sfi_path, sfi_course, sas_level, cefr),
            *(EXTENTS.pick(rng), self._earliest_start()),
        )
        self.persons.add(row, created)
        self._languages(person_id, group, created)
        self._educations(person_id, isced, country, arrival, created)
        worked = self._experiences(
            person_id,
            man=man,
            isced=isced,
            country=country,
            birth=birth,
            arrival=arrival,
            created=created,
        )
        self._qualifications(person_id, man, swedish=arrival is None, created=created)
        wished = self._wishes(person_id, man, worked, municipality, created)
        return PersonRecord(
            id=person_id,
            stamp=created,
            cases=cases,
            wished_occupation=wished,
        )

    # Identity and background

    def _arrival(self, group: Group, birth: int) -> int | None:
        """Arrived in Sweden at 15 or older, within the group's usual years, never later
        than today."""
        if group.arrival is None:
            return None
        adult = add_years(birth, 15)
        low = max(adult, dt.date(group.arrival[0], 1, 1).toordinal())
        high = min(self.today, dt.date(group.arrival[1], 12, 31).toordinal())
        if low > high:
            low, high = adult, self.today
        return self.rng.randint(low, high)

    def _identity(
        self, group: Group, birth: int, *, man: bool
    ) -> tuple[str, str | None, str | None]:
        rng = self.rng
        draw = rng.random()
        if draw >= group.personnummer + group.samordningsnummer:
            return "saknas", None, rng.choice(self.vocab.no_identity_reasons)
        coordination = draw >= group.personnummer
        born = dt.date.fromordinal(birth)
        number = personal_number(born, random_serial(rng, man=man), coordination=coordination)
        while number in self.numbers:
            number = personal_number(born, random_serial(rng, man=man), coordination=coordination)
        self.numbers.add(number)
        return ("samordningsnummer" if coordination else "personnummer"), number, None

    def _citizenship(self, group: Group, arrival: int | None) -> str | None:
        rng = self.rng
        if rng.random() < group.stateless:
            return None
        # After some years many have become Swedish citizens.
        if arrival is not None and self.today - arrival > 6 * 365 and rng.random() < 0.4:
            return "SE"
        return group.citizenship

    def _contact(self, first: str, last: str) -> tuple[str | None, str | None]:
        rng = self.rng
        phone = mobile_number(rng) if rng.random() < 0.92 else None
        email = email_address(rng, first, last) if rng.random() < 0.35 else None
        return phone, email

    def _earliest_start(self) -> str | None:
        if self.rng.random() < 0.3:
            return None
        return iso(self.today + self.rng.randint(-60, 90))

    def _swedish(
        self, isced: int, arrival: int | None
    ) -> tuple[int | None, str | None, str | None, str | None]:
        """SFI path and course grow with time in Sweden; some also have a CEFR level."""
        rng = self.rng
        if arrival is None:
            return None, None, None, "C2"
        years = (self.today - arrival) / 365.25
        if years < 0.25 and rng.random() < 0.6:
            return None, None, None, None
        path = 1 if isced <= 1 else 2 if isced <= 3 else 3
        reached = path - 1 + int(years * SFI_PACE[path] * rng.uniform(0.4, 1.2))
        course = SFI_COURSES[min(reached, len(SFI_COURSES) - 1)]
        sas = None
        if reached >= len(SFI_COURSES) and rng.random() < 0.5:
            sas = SAS_LEVELS[min(reached - len(SFI_COURSES), len(SAS_LEVELS) - 1)]
        cefr = CEFR_FOR_COURSE[sas or course] if rng.random() < 0.4 else None
        return path, course, sas, cefr

    def _languages(self, person_id: str, group: Group, created: str) -> None:
        """Languages other than Swedish: the mother tongue, then others with a level."""
        rng = self.rng
        known: set[str] = set()
        if group.mother_tongues is not None:
            tongue = group.mother_tongues.pick(rng)
            self.languages.add((new_id(rng), person_id, tongue, 1, None), created)
            known.add(tongue)
        for code, share in group.other_languages:
            if code not in known and rng.random() < share:
                level = LANGUAGE_LEVELS.pick(rng)
                self.languages.add((new_id(rng), person_id, code, 0, level), created)
                known.add(code)

    def _educations(
        self, person_id: str, isced: int, country: str, arrival: int | None, created: str
    ) -> None:
        rng = self.rng
        self.educations.add(self._education(person_id, isced, country), created)
        # Some have since taken a vocational course in Sweden.
        if arrival is not None and self.today - arrival > 2 * 365 and rng.random() < 0.2:
            level = rng.choice((3, 4))
            self.educations.add(self._education(person_id, level, "SE"), created)

    def _education(self, person_id: str, level: int, country: str) -> tuple[object, ...]:
        rng = self.rng
        fields = self.vocab.education_fields[str(level)]
        low, high = EDUCATION_YEARS[level]
        completed = 0 if level == 0 else int(rng.random() < 0.88)
        recognition = None
        if country != "SE" and level >= 3:
            recognition = RECOGNITION.pick(rng)
        field = rng.choice(fields) if fields else None
        years = rng.randint(low, high)
        return (new_id(rng), person_id, str(level), field, country, years, completed, recognition)

    def _experiences(
        self,
        person_id: str,
        *,
        man: bool,
        isced: int,
        country: str,
        birth: int,
        arrival: int | None,
        created: str,
    ) -> list[str]:
        """Earlier jobs as SSYK codes; the first one of a graduate often matches the degree."""
        rng, vocab = self.rng, self.vocab
        common = vocab.occupations_for_men if man else vocab.occupations_for_women
        academic = vocab.academic_for_men if man else vocab.academic_for_women
        working_years = max(1.0, ((arrival or self.today) - add_years(birth, 16)) / 365.25)
        codes: list[str] = []
        for n in range(int(EXPERIENCE_COUNTS.pick(rng))):
            pool = academic if n == 0 and isced >= 6 and rng.random() < 0.6 else common
            code = pool.pick(rng)
            if code in codes:
                continue
            codes.append(code)
            years = round(rng.uniform(0.5, min(15.0, working_years)), 1)
            in_sweden = arrival is not None and n > 0 and self.today - arrival > 500
            where = "SE" if in_sweden and rng.random() < 0.5 else country
            # A job abroad ended by the arrival; one here a year or more ago, the later
            # jobs in the list the earlier ones (no draw, so the rest stays as it was).
            ended = (arrival or self.today) if where != "SE" else self.today - 365 * n
            last_year = dt.date.fromordinal(ended).year
            row = (new_id(rng), person_id, code, vocab.titles[code], years, last_year, where)
            self.experiences.add(row, created)
        return codes

    def _qualifications(self, person_id: str, man: bool, *, swedish: bool, created: str) -> None:
        """Driving licences (B, and for some C/CE or D) and certificates."""
        rng = self.rng
        licence_share = 0.8 if swedish else 0.35 if man else 0.15
        if rng.random() < licence_share:
            classes = ["B"]
            if man and rng.random() < 0.08:
                classes += ["C", "CE"] if rng.random() < 0.7 else ["D"]
            for code in classes:
                self.qualifications.add((new_id(rng), person_id, "korkort", code, None), created)
        if rng.random() < 0.14:
            count = 2 if rng.random() < 0.25 else 1
            for certificate in rng.sample(self.vocab.certificates, count):
                valid_until = None
                if certificate.valid_years:
                    days = rng.randint(-200, certificate.valid_years * 365)
                    valid_until = iso(self.today + days)
                row = (new_id(rng), person_id, "certifikat", certificate.code, valid_until)
                self.qualifications.add(row, created)

    def _wishes(
        self, person_id: str, man: bool, worked: list[str], municipality: str, created: str
    ) -> str:
        """One to three wished occupations (often what they did before) and the home
        municipality plus up to two nearby ones."""
        rng, vocab = self.rng, self.vocab
        pool = vocab.occupations_for_men if man else vocab.occupations_for_women
        wanted = worked[:2]
        target = rng.randint(1, 3)
        for _ in range(6):
            if len(wanted) >= target:
                break
            code = pool.pick(rng)
            if code not in wanted:
                wanted.append(code)
        for code in wanted:
            self.wished_occupations.add((new_id(rng), person_id, code), created)
        places = [municipality]
        for code in rng.sample(vocab.nearby_municipalities, rng.choice((0, 0, 1, 1, 2))):
            if code not in places:
                places.append(code)
        for code in places:
            self.wished_municipalities.add((new_id(rng), person_id, code), created)
        return wanted[0]

    # Cases

    def _cases(self, municipality: str, birth: int, arrival: int | None) -> list[CaseRecord]:
        """The current case, opened within three years, and for some an earlier closed one."""
        rng, today = self.rng, self.today
        settled = max(birth if arrival is None else arrival, add_years(birth, 18))
        opened = rng.randint(min(today, max(settled, today - 3 * 365)), today)
        cases = [self._current_case(municipality, opened)]
        earliest = max(settled, today - 6 * 365)
        if rng.random() < EARLIER_CASE_SHARE and opened - earliest >= 150:
            before = rng.randint(earliest, opened - 150)
            closed = rng.randint(before + 30, opened - 60)
            cases.insert(0, self._case(municipality, before, "avslutad", closed))
        return cases

    def _current_case(self, municipality: str, opened: int) -> CaseRecord:
        rng = self.rng
        age = self.today - opened
        draw = rng.random()
        if age < 21:
            return self._case(municipality, opened, "inskriven" if draw < 0.7 else "aktiv")
        if draw < 0.05:
            return self._case(municipality, opened, "inskriven")
        if draw < 0.5:
            return self._case(municipality, opened, "aktiv")
        if draw < 0.73:
            return self._case(municipality, opened, "i_insats")
        return self._case(municipality, opened, "avslutad", rng.randint(opened + 14, self.today))

    def _case(
        self, municipality: str, opened: int, status: str, closed: int | None = None
    ) -> CaseRecord:
        rng = self.rng
        return CaseRecord(
            id=new_id(rng),
            municipality=municipality,
            agent=self.staff.agent_for(rng, municipality),
            status=status,
            opened=opened,
            closed=closed,
            outcome=OUTCOMES.pick(rng) if status == "avslutad" else None,
            referred_by=rng.choice(self.vocab.referral_sources),
        )


def write_persons(ctx: Context, staff: Staff, count: int) -> list[PersonRecord]:
    ctx.writer.step("Skapar deltagare")
    factory = PersonFactory(ctx, staff)
    return [factory.make() for _ in range(count)]
