"""For one job seeker: every open recruitment need, scored in one query.

The person is fixed, so what they have becomes constants and each need's requirements
are the columns; the rules are the same expressions as for candidates (`rules.py`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Float,
    Integer,
    Select,
    case,
    cast,
    func,
    literal,
    not_,
    or_,
    select,
)
from sqlalchemy.sql.elements import ColumnElement

from desktop.models import Vacancy, VacancyRequirement
from desktop.services.matching import rules
from desktop.services.matching.rules import Expr, as_float, number

V = Vacancy.__table__
R = VacancyRequirement.__table__


@dataclass(frozen=True)
class Job:
    occupation_code: str
    years: float | None
    last_year: int | None


@dataclass(frozen=True)
class PersonFacts:
    """What of a person the ranking uses (never gender, age, origin or mother tongue)."""

    swedish_rank: int
    languages: dict[str, int]  # ISO 639 code → rank of the level
    licences: frozenset[str]  # classes held and valid
    certificates: tuple[str, ...]
    education: int  # highest completed ISCED level, -1 for none
    jobs: tuple[Job, ...]
    wished_occupations: tuple[str, ...]
    wished_municipalities: tuple[str, ...]
    home_municipality: str | None
    earliest_start: dt.date | None
    work_extent: str | None

    def years_by_group(self) -> dict[str, float]:
        """Years of experience in each SSYK group at every level (unstated: half a year)."""
        years: dict[str, float] = {}
        for job in self.jobs:
            spent = rules.UNSTATED_YEARS if job.years is None else job.years
            for length in range(1, len(job.occupation_code) + 1):
                group = job.occupation_code[:length]
                years[group] = years.get(group, 0.0) + spent
        return years


@dataclass(frozen=True)
class Terms:
    have: Expr
    met: Expr
    credit: Expr


def _mapped(column: Any, values: dict[str, Any], default: Any, type_: Any) -> Expr:
    if not values:
        return literal(default, type_)
    return case(
        *((column == key, literal(value, type_)) for key, value in values.items()),
        else_=literal(default, type_),
    )


def requirement_terms(person: PersonFacts, ranks: dict[str, int]) -> Terms:
    """A requirement row (any kind) against the person."""
    kind, code = R.c.kind, R.c.code
    need_level = rules.rank_case(R.c.level, ranks)
    swedish = literal(person.swedish_rank, Integer)
    language = _mapped(code, person.languages, 0, Integer)
    education = literal(person.education, Integer)
    need_education = cast(code, Integer)
    years = _mapped(code, person.years_by_group(), 0.0, Float)
    need_years = func.coalesce(R.c.years, 0.0)
    licence = code.in_(sorted(rules.licences_covered(person.licences)))
    certificate = func.lower(func.trim(code)).in_(
        [func.lower(func.trim(literal(c))) for c in person.certificates]
    )
    have = case(
        (kind == "svenska", cast(swedish, Float)),
        (kind == "sprak", cast(language, Float)),
        (kind == "utbildning", cast(education, Float)),
        (kind == "erfarenhet", years),
        else_=cast(rules.case_of(or_(licence, certificate)), Float),
    )
    met = case(
        (kind == "svenska", swedish >= need_level),
        (kind == "sprak", language >= need_level),
        (kind == "utbildning", education >= need_education),
        (kind == "erfarenhet", rules.years_met(years, need_years)),
        (kind == "korkort", licence),
        else_=certificate,
    )
    credit = case(
        (kind == "svenska", rules.graded(swedish, need_level, rules.LANGUAGE_STEP)),
        (kind == "sprak", rules.graded(language, need_level, rules.LANGUAGE_STEP)),
        (kind == "utbildning", rules.graded(education, need_education, rules.EDUCATION_STEP)),
        (kind == "erfarenhet", rules.years_credit(years, need_years)),
        (kind == "korkort", rules.case_of(licence)),
        else_=rules.case_of(certificate),
    )
    return Terms(have, met, credit)


def occupation_terms(person: PersonFacts, today: dt.date, code: Expr) -> tuple[Expr, Expr, Expr]:
    """A need's occupation (`code`) against the person's jobs and wishes: the fit (0-1)
    and the SSYK levels shared with the best job and the best wish."""
    job_levels = [rules.shared_levels(code, literal(job.occupation_code)) for job in person.jobs]
    jobs = [
        rules.occupation_factor(levels)
        * rules.experience_strength(
            literal(job.years, Float), rules.recency_sql(literal(job.last_year, Integer), today)
        )
        for levels, job in zip(job_levels, person.jobs, strict=True)
    ]
    wish_levels = [rules.shared_levels(code, literal(c)) for c in person.wished_occupations]
    wishes = [rules.occupation_factor(levels) * number(rules.BASE_SHARE) for levels in wish_levels]
    zero = literal(0, Integer)
    fit = rules.greatest(number(0.0), *jobs, *wishes)
    return fit, rules.greatest(zero, *job_levels), rules.greatest(zero, *wish_levels)


@dataclass(frozen=True)
class NeedFilters:
    municipality: str | None = None
    only_meeting_krav: bool = True
    # An SSYK code at any level.
    occupation: str | None = None


def _requirements_of_need() -> ColumnElement[bool]:
    return R.c.vacancy_id == V.c.id


def statement(
    person: PersonFacts,
    ranks: dict[str, int],
    today: dt.date,
    filters: NeedFilters,
) -> Select[Any]:
    """Open needs still taking proposals, best first, with the count of unmet krav.

    Two levels, as for candidates: the inner one reads each need's requirement results
    once, the outer one scores them."""
    terms = requirement_terms(person, ranks)
    mine = _requirements_of_need()
    krav, merit = R.c.importance == "krav", R.c.importance == "merit"
    failed = select(func.count()).where(mine, krav, not_(terms.met)).scalar_subquery()
    inner = (
        select(
            V.c.id,
            V.c.apply_by,
            V.c.occupation_code,
            V.c.municipality_code,
            V.c.start_date,
            V.c.extent,
            # Needs whose krav the person misses are left out before their merits are
            # judged (the list's default).
            (literal(0, Integer) if filters.only_meeting_krav else failed).label("failed"),
            select(func.coalesce(func.sum(terms.credit), 0.0))
            .where(mine, merit)
            .scalar_subquery()
            .label("merit_points"),
            select(func.count()).where(mine, merit).scalar_subquery().label("merits"),
        )
        .with_hint(V, "INDEXED BY ix_vacancies_status_occupation", "sqlite")
        .where(V.c.status == "oppet", or_(V.c.apply_by.is_(None), V.c.apply_by >= today))
    )
    if filters.only_meeting_krav:
        inner = inner.where(failed == 0)
    if filters.municipality:
        inner = inner.where(V.c.municipality_code == filters.municipality)
    if filters.occupation:
        prefix = filters.occupation
        inner = inner.where(V.c.occupation_code >= prefix, V.c.occupation_code < prefix + ":")
    pool = inner.cte("pool").prefix_with("MATERIALIZED")
    row = pool.c
    fit, best_job, best_wish = occupation_terms(person, today, row.occupation_code)
    place = row.municipality_code
    municipality = rules.municipality_credit(
        place.in_(person.wished_municipalities),
        literal(bool(person.wished_municipalities)),
        place == literal(person.home_municipality),
    )
    start = func.max(row.start_date, literal(today))
    late = (
        rules.days_between(literal(person.earliest_start), start)
        if person.earliest_start is not None
        else literal(0.0, Float)
    )
    applies = {
        "municipality": place.is_not(None),
        "start": row.start_date.is_not(None),
        "extent": row.extent.is_not(None),
    }
    parts = {
        "municipality": municipality,
        "start": rules.start_credit(late),
        "extent": rules.extent_credit(literal(person.work_extent), row.extent),
    }
    weights = {
        "municipality": rules.MUNICIPALITY_WEIGHT,
        "start": rules.START_WEIGHT,
        "extent": rules.EXTENT_WEIGHT,
    }
    points: Expr = number(rules.OCCUPATION_WEIGHT) * fit + number(rules.MERIT_WEIGHT) * as_float(
        row.merit_points
    )
    possible: Expr = number(rules.OCCUPATION_WEIGHT) + number(rules.MERIT_WEIGHT) * row.merits
    for name, weight in weights.items():
        points = points + case((applies[name], number(weight) * parts[name]), else_=number(0.0))
        possible = possible + case((applies[name], number(weight)), else_=number(0.0))
    score = rules.score(points, possible).label("score")
    query = select(
        row.id,
        score,
        row.failed,
        fit.label("fit"),
        best_job.label("best_job"),
        best_wish.label("best_wish"),
        *(case((applies[name], part), else_=None).label(name) for name, part in parts.items()),
        func.count().over().label("total"),
    ).select_from(pool)
    return query.order_by(row.failed, score.desc(), row.apply_by.is_(None), row.apply_by, row.id)


def requirement_rows(
    person: PersonFacts, ranks: dict[str, int], need_ids: list[Any]
) -> Select[Any]:
    """Each requirement of the given needs with the person's result on it."""
    terms = requirement_terms(person, ranks)
    return select(
        R.c.vacancy_id,
        R.c.kind,
        R.c.importance,
        R.c.code,
        R.c.level,
        R.c.years,
        terms.have,
        terms.met,
        terms.credit,
    ).where(R.c.vacancy_id.in_(need_ids))
