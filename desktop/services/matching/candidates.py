"""For one recruitment need: every job seeker with an active case, scored in one query.

The need is fixed, so each requirement becomes an expression over the person's row and
their profile tables (the rules in `rules.py`); SQLite computes them for every active
person and returns the best few, with each requirement's result.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Float,
    Integer,
    Select,
    and_,
    cast,
    exists,
    func,
    literal,
    not_,
    or_,
    select,
    true,
)
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
class Terms:
    """One requirement as SQL: what the person has, whether it is met, its credit."""

    have: Expr
    met: Expr
    credit: Expr


def _in_range(column: Any, prefix: str) -> ColumnElement[bool]:
    # SSYK codes are digits and ':' sorts right after '9' (see vacancies._occupation_range).
    return and_(column >= prefix, column < prefix + ":")


def _valid(today: dt.date) -> ColumnElement[bool]:
    valid_until = _QUALIFICATION.c.valid_until
    return or_(valid_until.is_(None), valid_until >= today)


def swedish_rank(ranks: dict[str, int]) -> Expr:
    """The person's best Swedish level of SFI course, SAS course and CEFR, as a rank."""
    return rules.greatest(
        *(
            rules.rank_case(P.c[column], ranks)
            for column in ("sfi_course", "sas_level", "swedish_cefr")
        )
    )


def requirement_terms(r: Requirement, ranks: dict[str, int], today: dt.date) -> Terms:
    person = P.c.id
    if r.kind == "svenska":
        have = swedish_rank(ranks)
        need = literal(ranks.get(r.level or "", 0), Integer)
        return Terms(have, have >= need, rules.graded(have, need, rules.LANGUAGE_STEP))
    if r.kind == "sprak":
        language = _LANGUAGE.c
        have = (
            select(func.coalesce(func.max(rules.rank_case(language.level, ranks)), 0))
            .where(language.person_id == person, language.language == r.code)
            .scalar_subquery()
        )
        need = literal(ranks.get(r.level or "", 0), Integer)
        return Terms(have, have >= need, rules.graded(have, need, rules.LANGUAGE_STEP))
    if r.kind == "utbildning":
        education = _EDUCATION.c
        have = (
            select(func.coalesce(func.max(cast(education.level, Integer)), -1))
            .where(education.person_id == person, education.completed.is_(True))
            .scalar_subquery()
        )
        need = literal(int(r.code or 0), Integer)
        return Terms(have, have >= need, rules.graded(have, need, rules.EDUCATION_STEP))
    if r.kind == "erfarenhet":
        job = _EXPERIENCE.c
        have = (
            select(
                func.coalesce(func.sum(func.coalesce(job.years, number(rules.UNSTATED_YEARS))), 0.0)
            )
            .where(job.person_id == person, _in_range(job.occupation_code, r.code or ""))
            .scalar_subquery()
        )
        need_years = literal(float(r.years or 0), Float)
        return Terms(have, rules.years_met(have, need_years), rules.years_credit(have, need_years))
    q = _QUALIFICATION.c
    if r.kind == "korkort":
        held = exists(
            select(q.id).where(
                q.person_id == person,
                q.kind == "korkort",
                q.code.in_(rules.licences_meeting(r.code or "")),
                _valid(today),
            )
        )
    else:
        held = exists(
            select(q.id).where(
                q.person_id == person,
                q.kind == "certifikat",
                func.lower(func.trim(q.code)) == func.lower(func.trim(literal(r.code or ""))),
                _valid(today),
            )
        )
    credit = rules.case_of(held)
    return Terms(held, held, credit)


def occupation_terms(code: str, today: dt.date) -> tuple[Expr, Expr, Expr]:
    """The person's fit for the need's occupation (0-1), and the SSYK levels their best
    job and their best wish share with it."""
    job, wish = _EXPERIENCE.c, _WISH.c
    job_levels = rules.shared_levels(job.occupation_code, literal(code))
    from_jobs = (
        select(
            func.max(
                rules.occupation_factor(job_levels)
                * rules.experience_strength(job.years, rules.recency_sql(job.last_year, today))
            )
        )
        .where(job.person_id == P.c.id, _in_range(job.occupation_code, code[:1]))
        .scalar_subquery()
    )
    wish_levels = rules.shared_levels(wish.occupation_code, literal(code))
    best_wish = (
        select(func.max(wish_levels))
        .where(wish.person_id == P.c.id, _in_range(wish.occupation_code, code[:1]))
        .scalar_subquery()
    )
    best_job = (
        select(func.max(job_levels))
        .where(job.person_id == P.c.id, _in_range(job.occupation_code, code[:1]))
        .scalar_subquery()
    )
    fit = rules.greatest(
        func.coalesce(from_jobs, number(0.0)),
        rules.occupation_factor(func.coalesce(best_wish, 0)) * number(rules.BASE_SHARE),
    )
    return fit, func.coalesce(best_job, 0), func.coalesce(best_wish, 0)


def municipality_credit(code: str) -> Expr:
    place = _PLACE.c
    wished_here = exists(
        select(place.id).where(place.person_id == P.c.id, place.municipality_code == code)
    )
    wishes_any = exists(select(place.id).where(place.person_id == P.c.id))
    return rules.municipality_credit(wished_here, wishes_any, P.c.municipality_code == code)


@dataclass(frozen=True)
class CandidateFilters:
    municipality: str | None = None
    only_meeting_krav: bool = True
    not_proposed: bool = False
    consent_given: bool = False


def statement(
    need: NeedFacts,
    ranks: dict[str, int],
    today: dt.date,
    filters: CandidateFilters,
    *,
    proposed: frozenset[Any] = frozenset(),
    person_id: Any = None,
) -> tuple[Select[Any], list[Terms]]:
    """The ranking query and each requirement's terms, in the need's order. With
    `person_id` it scores that one person whatever their case or the krav (why not)."""
    terms = [requirement_terms(r, ranks, today) for r in need.requirements]
    fit, best_job, best_wish = occupation_terms(need.occupation_code, today)
    points: Expr = number(rules.OCCUPATION_WEIGHT) * fit
    possible = rules.OCCUPATION_WEIGHT
    failed: Expr = literal(0, Integer)
    parts: dict[str, Expr] = {}
    for r, t in zip(need.requirements, terms, strict=True):
        if r.importance == "krav":
            failed = failed + rules.case_of(not_(t.met), integer=True)
        else:
            points = points + number(rules.MERIT_WEIGHT) * t.credit
            possible += rules.MERIT_WEIGHT
    if need.municipality_code:
        parts["municipality"] = municipality_credit(need.municipality_code)
        points = points + number(rules.MUNICIPALITY_WEIGHT) * parts["municipality"]
        possible += rules.MUNICIPALITY_WEIGHT
    if need.start_date is not None:
        start = max(need.start_date, today)
        late = rules.days_between(P.c.earliest_start, literal(start))
        parts["start"] = rules.case_null(P.c.earliest_start, number(1.0), rules.start_credit(late))
        points = points + number(rules.START_WEIGHT) * parts["start"]
        possible += rules.START_WEIGHT
    if need.extent:
        parts["extent"] = rules.extent_credit(P.c.work_extent, literal(need.extent))
        points = points + number(rules.EXTENT_WEIGHT) * parts["extent"]
        possible += rules.EXTENT_WEIGHT
    score = rules.score(points, number(possible)).label("score")
    failed = failed.label("failed")
    columns: list[Any] = [
        P.c.id,
        P.c.first_name,
        P.c.last_name,
        P.c.municipality_code,
        P.c.current_case_status,
        score,
        failed,
        fit.label("fit"),
        best_job.label("best_job"),
        best_wish.label("best_wish"),
        *(part.label(name) for name, part in parts.items()),
    ]
    for i, t in enumerate(terms):
        columns += [
            t.have.label(f"have_{i}"),
            t.met.label(f"met_{i}"),
            t.credit.label(f"credit_{i}"),
        ]
    columns.append(func.count().over().label("total"))
    query = select(*columns).select_from(P)
    if person_id is not None:
        return query.where(P.c.id == person_id), terms
    query = query.where(P.c.current_case_status.in_(rules.ACTIVE_CASE_STATUSES))
    if filters.only_meeting_krav:
        krav = [
            t.met for r, t in zip(need.requirements, terms, strict=True) if r.importance == "krav"
        ]
        query = query.where(*krav) if krav else query.where(true())
    if filters.municipality:
        query = query.where(P.c.municipality_code == filters.municipality)
    if filters.not_proposed and proposed:
        query = query.where(P.c.id.not_in(proposed))
    if filters.consent_given:
        query = query.where(sharing_clause(P.c.id, today))
    return query.order_by(failed, score.desc(), P.c.sort_key, P.c.id), terms


def krav_counts(
    need: NeedFacts, ranks: dict[str, int], today: dt.date, filters: CandidateFilters
) -> Select[Any]:
    """How many active job seekers (within the filters) meet each krav on its own:
    what tells the agent which krav empties the list."""
    columns = []
    for i, r in enumerate(need.requirements):
        if r.importance == "krav":
            met = requirement_terms(r, ranks, today).met
            columns.append(func.sum(rules.case_of(met, integer=True)).label(f"met_{i}"))
    query = select(func.count().label("active"), *columns).select_from(P)
    query = query.where(P.c.current_case_status.in_(rules.ACTIVE_CASE_STATUSES))
    if filters.municipality:
        query = query.where(P.c.municipality_code == filters.municipality)
    if filters.consent_given:
        query = query.where(sharing_clause(P.c.id, today))
    return query
