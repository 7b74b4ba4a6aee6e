"""Employers' recruitment needs and what each one requires."""

from __future__ import annotations

import bisect
import itertools
from random import Random

from desktop.services.demo.codes import iso, new_id, stamp
from desktop.services.demo.context import Context, EmployerRecord, VacancyRecord
from desktop.services.demo.vocabulary import Vocabulary, Weighted
from desktop.services.demo.writer import TableSink

VACANCY_COLUMNS = (
    "id",
    "employer_id",
    "workplace_id",
    "occupation_code",
    "title",
    "positions",
    "form_code",
    "extent",
    "municipality_code",
    "start_date",
    "apply_by",
    "description",
    "status",
    "agent_id",
)
REQUIREMENT_COLUMNS = ("id", "vacancy_id", "kind", "importance", "code", "level", "years")

# How needs spread over employers: the active ones have most.
VACANCY_WEIGHTS = {"aktiv": 4.0, "vilande": 1.0, "prospekt": 0.5}
STATUSES = Weighted.of({"oppet": 70, "tillsatt": 20, "stangt": 10})
_FORMS = {
    "anstallning": 42,
    "nystartsjobb": 12,
    "introduktionsjobb": 8,
    "lonebidrag": 5,
    "praktik": 23,
}
# Extratjänster exist only in the public and non-profit welfare sector.
FORMS_BY_SECTOR = {
    "privat": Weighted.of(_FORMS),
    "offentlig": Weighted.of({**_FORMS, "extratjanst": 12}),
    "ideburen": Weighted.of({**_FORMS, "extratjanst": 12}),
}
EXTENTS = Weighted.of({"heltid": 65, "deltid": 35})
POSITIONS = Weighted.of({"1": 60, "2": 20, "3": 8, "4": 4, "5": 3, "8": 3, "10": 2})

REQUIREMENT_KINDS = Weighted.of(
    {
        "svenska": 30,
        "erfarenhet": 20,
        "korkort": 15,
        "sprak": 13,
        "utbildning": 12,
        "certifikat": 10,
    }
)
REQUIREMENT_COUNTS = (1, 1, 2, 2, 3, 4)
MUST_SHARE = {
    "svenska": 0.6,
    "sprak": 0.2,
    "korkort": 0.6,
    "utbildning": 0.4,
    "erfarenhet": 0.4,
    "certifikat": 0.5,
}
SWEDISH_LEVELS = Weighted.of(
    {"SFI_C": 15, "SFI_D": 25, "A2": 15, "B1": 30, "B2": 10, "SAS_GRUND": 5}
)
LANGUAGE_LEVELS = Weighted.of({"A2": 20, "B1": 45, "B2": 35})
LICENCES = Weighted.of({"B": 80, "C": 8, "CE": 7, "D": 5})
EDUCATION_LEVELS = Weighted.of({"2": 20, "3": 50, "4": 15, "5": 10, "6": 5})
EXPERIENCE_YEARS = (0.5, 1.0, 1.0, 2.0, 3.0)

Requirement = tuple[str, str, str | None, str | None, float | None]


def write_vacancies(
    ctx: Context, employers: list[EmployerRecord], count: int
) -> list[VacancyRecord]:
    ctx.writer.step("Skapar rekryteringsbehov")
    if not employers or count == 0:
        return []
    rng = ctx.rng("vacancies")
    vacancies = ctx.writer.sink("vacancies", VACANCY_COLUMNS)
    requirements = ctx.writer.sink("vacancy_requirements", REQUIREMENT_COLUMNS)
    cumulative = list(itertools.accumulate(VACANCY_WEIGHTS[e.status] for e in employers))
    total, last = cumulative[-1], len(employers) - 1
    records = []
    for _ in range(count):
        employer = employers[min(last, bisect.bisect_right(cumulative, rng.random() * total))]
        vacancy = _vacancy(ctx, rng, vacancies, employer)
        _requirements(rng, ctx.vocab, requirements, vacancy)
        records.append(vacancy)
    return records


def _dates(rng: Random, today: int, status: str, known_from: int) -> tuple[str, int, int, int]:
    """Open needs were registered lately and can still be applied for; filled and closed
    ones ran their course in the last two years. Nothing predates the employer."""
    if status != "oppet" and max(today - 700, known_from) <= today - 75:
        created = rng.randint(max(today - 700, known_from), today - 75)
        apply_by = created + rng.randint(14, 40)
        return status, created, apply_by, apply_by + rng.randint(7, 30)
    created = rng.randint(min(today, max(today - 60, known_from)), today)
    apply_by = rng.randint(today + 7, today + 60)
    return "oppet", created, apply_by, apply_by + rng.randint(7, 45)


def _vacancy(ctx: Context, rng: Random, sink: TableSink, employer: EmployerRecord) -> VacancyRecord:
    status, created, apply_by, start = _dates(rng, ctx.today, STATUSES.pick(rng), employer.created)
    occupation = employer.industry.occupations.pick(rng)
    form = FORMS_BY_SECTOR[employer.sector].pick(rng)
    extent = EXTENTS.pick(rng)
    workplace, municipality = rng.choice(employer.workplaces)
    title = ctx.vocab.titles[occupation]
    if form == "praktik":
        title = f"Praktik som {title[0].lower()}{title[1:]}"
    elif extent == "deltid":
        title = f"{title}, deltid"
    texts = rng.sample(ctx.vocab.vacancy_texts, 2)
    description = " ".join(texts).format(area=employer.industry.area)
    record = VacancyRecord(
        id=new_id(rng),
        employer=employer,
        occupation=occupation,
        form=form,
        extent=extent,
        status=status,
        created=created,
        apply_by=apply_by,
        start=start,
    )
    row = (
        *(record.id, employer.id, workplace, occupation, title, int(POSITIONS.pick(rng))),
        *(form, extent, municipality, iso(start), iso(apply_by), description, status),
        employer.agent,
    )
    sink.add(row, stamp(rng, created))
    return record


def _requirements(rng: Random, vocab: Vocabulary, sink: TableSink, vacancy: VacancyRecord) -> None:
    """What the occupation typically demands (a truck licence for a forklift driver), then
    one to four requirements in all, at most one of each kind."""
    chosen: dict[str, Requirement] = {}
    for kind, value, importance in vocab.typical_requirements.get(vacancy.occupation, ()):
        chosen[kind] = _typical(kind, value, importance, vacancy.occupation)
    wanted = max(len(chosen), rng.choice(REQUIREMENT_COUNTS))
    for _ in range(8):
        if len(chosen) >= wanted:
            break
        kind = REQUIREMENT_KINDS.pick(rng)
        if kind not in chosen:
            importance = "krav" if rng.random() < MUST_SHARE[kind] else "merit"
            chosen[kind] = (kind, importance, *_values(rng, vocab, kind, vacancy.occupation))
    created = stamp(rng, vacancy.created)
    for kind, importance, code, level, years in chosen.values():
        sink.add((new_id(rng), vacancy.id, kind, importance, code, level, years), created)


def _typical(kind: str, value: str, importance: str, occupation: str) -> Requirement:
    """A rule from the vocabulary: for Swedish the value is the level, for another language
    the language; licences and certificates are named by their code."""
    if kind == "svenska":
        return kind, importance, "sv", value, None
    if kind == "sprak":
        return kind, importance, value, "B2", None
    if kind == "erfarenhet":
        return kind, importance, occupation, None, float(value)
    return kind, importance, value, None, None


def _values(
    rng: Random, vocab: Vocabulary, kind: str, occupation: str
) -> tuple[str | None, str | None, float | None]:
    """(code, level, years) of a requirement of the kind."""
    if kind == "svenska":
        return "sv", SWEDISH_LEVELS.pick(rng), None
    if kind == "sprak":
        return rng.choice(vocab.requirement_languages), LANGUAGE_LEVELS.pick(rng), None
    if kind == "korkort":
        return LICENCES.pick(rng), None, None
    if kind == "utbildning":
        return EDUCATION_LEVELS.pick(rng), None, None
    if kind == "erfarenhet":
        return occupation, None, rng.choice(EXPERIENCE_YEARS)
    return rng.choice(vocab.certificates).code, None, None
