"""For one recruitment need: the job seekers with an active case, scored in SQL.

The need is fixed, so each requirement becomes an expression over a person. The query
has two levels: the inner one reads, once per person, what they have (their Swedish
level, their years in the group asked for, whether they hold the licence ...); the
outer one applies the rules of `rules.py` to those values. SQLite computes a scalar
subquery again wherever it is used, so reading each fact once halves the work.

Most needs are filled from the people who have worked in, or wish to work in, the
need's own occupation group: `MatchingService` ranks those first and widens the group
only until nobody further out could still reach the list (`best_score_below`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Float,
    Integer,
    Join,
    Select,
    and_,
    case,
    cast,
    exists,
    func,
    literal,
    not_,
    or_,
    select,
    union,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement

from desktop.models import (
    Education,
    Person,
    PersonLanguage,
    Qualification,
    WishedMunicipality,
    WishedOccupation,
    WorkExperience,
)
from desktop.services.consents import sharing_clause
from desktop.services.matching import rules
from desktop.services.matching.rules import Expr, number

P = Person.__table__
_EXPERIENCE = WorkExperience.__table__
_WISH = WishedOccupation.__table__
_PLACE = WishedMunicipality.__table__
_LANGUAGE = PersonLanguage.__table__
_QUALIFICATION = Qualification.__table__
_EDUCATION = Education.__table__


@dataclass(frozen=True)
class Requirement:
    """A need's requirement as matching reads it."""

    kind: str
    importance: str
    code: str | None
    level: str | None
    years: float | None


@dataclass(frozen=True)
class NeedFacts:
    """What of a need the ranking uses."""

    occupation_code: str
    municipality_code: str | None
    start_date: dt.date | None
    extent: str | None
    requirements: tuple[Requirement, ...]


@dataclass(frozen=True)
class CandidateFilters:
    municipality: str | None = None
    only_meeting_krav: bool = True
    not_proposed: bool = False
    consent_given: bool = False


class _CrossJoin(Join):
    """SQLite's CROSS JOIN: the left side is the outer loop, whatever the planner
    guesses of a subquery's size."""

    inherit_cache = True


@compiles(_CrossJoin, "sqlite")
def _cross_join(join: _CrossJoin, compiler: SQLCompiler, **kw: Any) -> str:
    kw["asfrom"] = True
    left = join.left._compiler_dispatch(compiler, **kw)
    right = join.right._compiler_dispatch(compiler, **kw)
    kw.pop("asfrom")
    on = join.onclause._compiler_dispatch(compiler, **kw)  # type: ignore[union-attr]
    return f"{left} CROSS JOIN {right} ON {on}"


def _in_range(column: Any, prefix: str) -> ColumnElement[bool]:
    # SSYK codes are digits and ':' sorts right after '9' (see vacancies.listing._occupation_range).
    return and_(column >= prefix, column < prefix + ":")


def _valid(today: dt.date) -> ColumnElement[bool]:
    valid_until = _QUALIFICATION.c.valid_until
    return or_(valid_until.is_(None), valid_until >= today)


# What a person has (the inner level) ---------------------------------------------------


def swedish_rank(ranks: dict[str, int]) -> Expr:
    """The person's best Swedish level of SFI course, SAS course and CEFR, as a rank."""
    return rules.greatest(
        *(
            rules.rank_case(P.c[column], ranks)
            for column in ("sfi_course", "sas_level", "swedish_cefr")
        )
    )


def requirement_have(r: Requirement, ranks: dict[str, int], today: dt.date) -> Expr:
    """What the person has of what the requirement asks: a level's rank, years, or 1/0."""
    person = P.c.id
    if r.kind == "svenska":
        return swedish_rank(ranks)
    if r.kind == "sprak":
        language = _LANGUAGE.c
        return (
            select(func.coalesce(func.max(rules.rank_case(language.level, ranks)), 0))
            .where(language.person_id == person, language.language == r.code)
            .scalar_subquery()
        )
    if r.kind == "utbildning":
        education = _EDUCATION.c
        return (
            select(func.coalesce(func.max(cast(education.level, Integer)), -1))
            .where(education.person_id == person, education.completed.is_(True))
            .scalar_subquery()
        )
    if r.kind == "erfarenhet":
        job = _EXPERIENCE.c
        years = func.coalesce(job.years, number(rules.UNSTATED_YEARS))
        return (
            select(func.coalesce(func.sum(years), 0.0))
            .where(job.person_id == person, _in_range(job.occupation_code, r.code or ""))
            .scalar_subquery()
        )
    q = _QUALIFICATION.c
    held: ColumnElement[bool]
    if r.kind == "korkort":
        held = q.code.in_(rules.licences_meeting(r.code or ""))
    else:
        held = func.lower(func.trim(q.code)) == func.lower(func.trim(literal(r.code or "")))
    found = exists(select(q.id).where(q.person_id == person, q.kind == r.kind, held, _valid(today)))
    return rules.case_of(found, integer=True)


def requirement_met(r: Requirement, have: Expr, ranks: dict[str, int]) -> Expr:
    if r.kind in ("svenska", "sprak"):
        return have >= literal(ranks.get(r.level or "", 0), Integer)
    if r.kind == "utbildning":
        return have >= literal(int(r.code or 0), Integer)
    if r.kind == "erfarenhet":
        return rules.years_met(have, literal(float(r.years or 0), Float))
    return have > 0


def requirement_credit(r: Requirement, have: Expr, ranks: dict[str, int]) -> Expr:
    if r.kind in ("svenska", "sprak"):
        need = literal(ranks.get(r.level or "", 0), Integer)
        return rules.graded(have, need, rules.LANGUAGE_STEP)
    if r.kind == "utbildning":
        return rules.graded(have, literal(int(r.code or 0), Integer), rules.EDUCATION_STEP)
    if r.kind == "erfarenhet":
        return rules.years_credit(have, literal(float(r.years or 0), Float))
    return rules.case_of(have > 0)


def _occupation_facts(code: str, today: dt.date) -> dict[str, Expr]:
    """The fit (0-1) of the person's best job and of their best wish for the need's
    occupation. Which job or wish it was is read for the shown rows only
    (`occupation_levels`)."""
    job, wish = _EXPERIENCE.c, _WISH.c
    job_levels = rules.shared_levels(job.occupation_code, literal(code))
    strength = rules.experience_strength(job.years, rules.recency_sql(job.last_year, today))
    wish_levels = rules.shared_levels(wish.occupation_code, literal(code))
    return {
        "job_fit": select(func.max(rules.occupation_factor(job_levels) * strength))
        .where(job.person_id == P.c.id, _in_range(job.occupation_code, code[:1]))
        .scalar_subquery(),
        "wish_fit": select(
            func.max(rules.occupation_factor(wish_levels)) * number(rules.BASE_SHARE)
        )
        .where(wish.person_id == P.c.id, _in_range(wish.occupation_code, code[:1]))
        .scalar_subquery(),
    }


def occupation_levels(code: str, person_ids: list[Any]) -> tuple[Select[Any], Select[Any]]:
    """For the given people: the SSYK levels their best job, and their best wish, share
    with the need's occupation (person id, levels)."""
    job, wish = _EXPERIENCE.c, _WISH.c
    return (
        select(job.person_id, func.max(rules.shared_levels(job.occupation_code, literal(code))))
        .where(job.person_id.in_(person_ids), job.occupation_code.is_not(None))
        .group_by(job.person_id),
        select(wish.person_id, func.max(rules.shared_levels(wish.occupation_code, literal(code))))
        .where(wish.person_id.in_(person_ids))
        .group_by(wish.person_id),
    )


def _place_facts(code: str) -> dict[str, Expr]:
    """2: wished to work in the need's municipality; 1: wished only others; None: no
    wish (one look at the person's wishes, not two)."""
    place = _PLACE.c
    wished = case((place.municipality_code == code, 2), else_=1)
    return {"wished": select(func.max(wished)).where(place.person_id == P.c.id).scalar_subquery()}


# The query ---------------------------------------------------------------------------------


def possible_points(need: NeedFacts) -> float:
    """The points a perfect candidate gets for this need."""
    merits = sum(1 for r in need.requirements if r.importance == "merit")
    return (
        rules.OCCUPATION_WEIGHT
        + rules.MERIT_WEIGHT * merits
        + (rules.MUNICIPALITY_WEIGHT if need.municipality_code else 0.0)
        + (rules.START_WEIGHT if need.start_date is not None else 0.0)
        + (rules.EXTENT_WEIGHT if need.extent else 0.0)
    )


def best_score_below(need: NeedFacts, shared: int) -> int:
    """The highest score anyone can reach whose jobs and wishes share at most `shared`
    SSYK levels with the need's occupation (0: none), rounded up."""
    possible = possible_points(need)
    factor = rules.OCCUPATION_FACTORS.get(shared, 0.0)
    best = possible - rules.OCCUPATION_WEIGHT * (1.0 - factor)
    return math.ceil(100.0 * best / possible)


def occupation_tiers(code: str) -> list[str | None]:
    """The SSYK groups to search, nearest first; None is everyone."""
    return [code[:length] for length in range(len(code), 0, -1)] + [None]


def _tier(prefix: str) -> Any:
    """Everyone with a job or a wish in the occupation group `prefix`, found through the
    occupation indexes."""
    job, wish = _EXPERIENCE.c, _WISH.c
    return union(
        select(job.person_id.label("person_id")).where(_in_range(job.occupation_code, prefix)),
        select(wish.person_id).where(_in_range(wish.occupation_code, prefix)),
    ).subquery("tier")


def _people(
    columns: list[Any],
    today: dt.date,
    filters: CandidateFilters,
    proposed: frozenset[Any],
    within: str | None,
) -> Select[Any]:
    """Active job seekers within the filters, read from the matching index; with
    `within`, only those of that occupation group, each looked up from the group."""
    persons = P
    if within is None:
        source: Any = persons
    else:
        tier = _tier(within)
        source = _CrossJoin(tier, persons, persons.c.id == tier.c.person_id)
    query = (
        select(*columns)
        .select_from(source)
        .with_hint(persons, "INDEXED BY ix_persons_match", "sqlite")
        .where(persons.c.current_case_status.in_(rules.ACTIVE_CASE_STATUSES))
    )
    if filters.municipality:
        query = query.where(persons.c.municipality_code == filters.municipality)
    if filters.not_proposed and proposed:
        query = query.where(persons.c.id.not_in(proposed))
    if filters.consent_given:
        query = query.where(sharing_clause(persons.c.id, today))
    return query


def statement(
    need: NeedFacts,
    ranks: dict[str, int],
    today: dt.date,
    filters: CandidateFilters,
    *,
    proposed: frozenset[Any] = frozenset(),
    person_ids: Collection[Any] | None = None,
    within: str | None = None,
) -> Select[Any]:
    """The ranking: those who miss a krav last (or not at all), then by score. With
    `person_ids` it scores those named people whatever their case or the krav (why not,
    what a proposal records)."""
    facts: dict[str, Expr] = {
        "id": P.c.id,
        "municipality_code": P.c.municipality_code,
        "current_case_status": P.c.current_case_status,
        "earliest_start": P.c.earliest_start,
        "work_extent": P.c.work_extent,
        **_occupation_facts(need.occupation_code, today),
        **(_place_facts(need.municipality_code) if need.municipality_code else {}),
    }
    for i, r in enumerate(need.requirements):
        facts[f"have_{i}"] = requirement_have(r, ranks, today)
    columns = [expression.label(name) for name, expression in facts.items()]
    if person_ids is None:
        inner = _people(columns, today, filters, proposed, within)
        if filters.only_meeting_krav:
            # Only those who meet every krav are read in full.
            inner = inner.where(*_krav_met(need, ranks, today))
    else:
        inner = select(*columns).where(P.c.id.in_(person_ids))
    pool = inner.cte("pool").prefix_with("MATERIALIZED")
    row = pool.c

    fit = rules.greatest(
        func.coalesce(row.job_fit, number(0.0)), func.coalesce(row.wish_fit, number(0.0))
    )
    points: Expr = number(rules.OCCUPATION_WEIGHT) * fit
    failed: Expr = literal(0, Integer)
    parts: dict[str, Expr] = {}
    requirement_columns: list[Any] = []
    for i, r in enumerate(need.requirements):
        have = row[f"have_{i}"]
        met = requirement_met(r, have, ranks)
        requirement_columns += [have.label(f"have_{i}"), met.label(f"met_{i}")]
        if r.importance == "krav":
            failed = failed + rules.case_of(not_(met), integer=True)
        else:
            points = points + number(rules.MERIT_WEIGHT) * requirement_credit(r, have, ranks)
    if need.municipality_code:
        parts["municipality"] = rules.municipality_credit(
            row.wished == 2,
            row.wished.is_not(None),
            row.municipality_code == need.municipality_code,
        )
    if need.start_date is not None:
        late = rules.days_between(row.earliest_start, literal(max(need.start_date, today)))
        parts["start"] = rules.case_null(row.earliest_start, number(1.0), rules.start_credit(late))
    if need.extent:
        parts["extent"] = rules.extent_credit(row.work_extent, literal(need.extent))
    weights = {
        "municipality": rules.MUNICIPALITY_WEIGHT,
        "start": rules.START_WEIGHT,
        "extent": rules.EXTENT_WEIGHT,
    }
    for name, part in parts.items():
        points = points + number(weights[name]) * part
    score = rules.score(points, number(possible_points(need))).label("score")
    failed = failed.label("failed")
    query = select(
        row.id,
        row.municipality_code,
        row.current_case_status,
        score,
        failed,
        fit.label("fit"),
        *(part.label(name) for name, part in parts.items()),
        *requirement_columns,
    ).select_from(pool)
    # Equal scores in the order of the random ids: fair, and the same every time (by
    # name would always put the Ö-names last).
    return query.order_by(failed, score.desc(), row.id)


def count(
    need: NeedFacts,
    ranks: dict[str, int],
    today: dt.date,
    filters: CandidateFilters,
    *,
    proposed: frozenset[Any] = frozenset(),
) -> Select[Any]:
    """How many the whole list holds: the pre-filter alone."""
    query = _people([func.count()], today, filters, proposed, None)
    if filters.only_meeting_krav:
        query = query.where(*_krav_met(need, ranks, today))
    return query


def _krav_met(need: NeedFacts, ranks: dict[str, int], today: dt.date) -> list[Expr]:
    return [
        requirement_met(r, requirement_have(r, ranks, today), ranks)
        for r in need.requirements
        if r.importance == "krav"
    ]


def krav_counts(
    need: NeedFacts, ranks: dict[str, int], today: dt.date, filters: CandidateFilters
) -> Select[Any]:
    """How many active job seekers (within the filters) meet each krav on its own:
    what tells the agent which krav empties the list."""
    columns: list[Any] = [func.count().label("active")]
    for i, r in enumerate(need.requirements):
        if r.importance == "krav":
            met = requirement_met(r, requirement_have(r, ranks, today), ranks)
            columns.append(func.sum(rules.case_of(met, integer=True)).label(f"met_{i}"))
    return _people(columns, today, filters, frozenset(), None)
