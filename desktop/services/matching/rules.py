"""The matching rules in one place: the weights, the licence classes, and how much each
thing a person has counts against what a need asks (docs/matching.md).

Each rule is written once, as a SQL expression over a "have" and a "need" side. In
ranking candidates for a need the need's side is a constant and the person's a column;
in ranking needs for a person it is the other way round. Scoring in SQL is what keeps a
ranking over tens of thousands of job seekers instant: Python only words the reasons
for the rows that are shown.

Never used, because Swedish discrimination law forbids it: gender, age, country of
birth, citizenship, whether a language is a mother tongue (the level still counts),
religion, disability. Nothing here reads those columns.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Float, Integer, case, cast, func, literal
from sqlalchemy.sql.elements import ColumnElement

# Points: what a perfect fit on each part is worth. The score is the points a person
# gets as a share of the points the need can give (0-100). A krav gives no points: it
# decides who is in the list at all; merits and the general fit decide the order.
OCCUPATION_WEIGHT = 40.0
MERIT_WEIGHT = 12.0
MUNICIPALITY_WEIGHT = 8.0
START_WEIGHT = 6.0
EXTENT_WEIGHT = 4.0

# Occupation fit by the SSYK 2012 level two codes share: the unit group (4 digits), the
# minor group (3), the sub-major group (2), the major group (1).
OCCUPATION_FACTORS = {4: 1.0, 3: 0.7, 2: 0.4, 1: 0.2}
# Experience counts fully from this many years (after weighting for how recent it is).
FULL_EXPERIENCE_YEARS = 5.0
# A wish alone, or experience of no stated length, counts this share of the fit.
BASE_SHARE = 0.6
# A job of unstated length counts as half a year.
UNSTATED_YEARS = 0.5
# How much a year of experience counts by how long ago it ended (years since its last
# year: at most, weight). No last year: the job goes on (the form asks for it to be left
# empty then), so it counts as current; only a year typed can lower it.
RECENCY = ((2, 1.0), (5, 0.8), (10, 0.6))
OLD_RECENCY = 0.4
UNKNOWN_RECENCY = 1.0

# Graded merits lose all credit this far below what is asked: two CEFR steps for a
# language (ranks are CEFR x 10), two ISCED levels for education.
LANGUAGE_STEP = 20.0
EDUCATION_STEP = 2.0
# Days of waiting past the need's start at which availability counts nothing.
START_GRACE_DAYS = 90.0
# Extent credit: (person's wish, need's extent) → share; no wish stated: NO_EXTENT.
EXTENT_CREDIT = {
    ("heltid", "heltid"): 1.0,
    ("deltid", "deltid"): 1.0,
    ("heltid", "deltid"): 0.5,
    ("deltid", "heltid"): 0.25,
}
NO_EXTENT = 0.75
# Neither wishing to work in the need's municipality nor living there, and no wish
# stated at all: half credit.
NO_MUNICIPALITY = 0.5

ACTIVE_CASE_STATUSES = ("inskriven", "aktiv", "i_insats")

# Driving licence classes and the classes each one also gives the right to drive
# (körkortslagen, EU directive 2006/126): C, C1, D and D1 are only issued to holders of
# B, and the E classes cover the smaller E classes.
LICENCE_COVERS: dict[str, frozenset[str]] = {
    "AM": frozenset({"AM"}),
    "A1": frozenset({"A1", "AM"}),
    "A2": frozenset({"A2", "A1", "AM"}),
    "A": frozenset({"A", "A2", "A1", "AM"}),
    "B": frozenset({"B", "AM"}),
    "BE": frozenset({"BE", "B", "AM"}),
    "C1": frozenset({"C1", "B", "AM"}),
    "C1E": frozenset({"C1E", "C1", "BE", "B", "AM"}),
    "C": frozenset({"C", "C1", "B", "AM"}),
    "CE": frozenset({"CE", "C", "C1E", "C1", "BE", "B", "AM"}),
    "D1": frozenset({"D1", "B", "AM"}),
    "D1E": frozenset({"D1E", "D1", "BE", "B", "AM"}),
    "D": frozenset({"D", "D1", "B", "AM"}),
    "DE": frozenset({"DE", "D", "D1E", "D1", "BE", "B", "AM"}),
}


def licences_meeting(required: str) -> tuple[str, ...]:
    """The classes whose holder meets a requirement of `required` (CE meets C)."""
    return tuple(sorted(held for held, covers in LICENCE_COVERS.items() if required in covers))


def licences_covered(held: set[str] | frozenset[str]) -> frozenset[str]:
    """Every class someone holding `held` may drive."""
    covered: set[str] = set()
    for licence in held:
        covered |= LICENCE_COVERS.get(licence, frozenset({licence}))
    return frozenset(covered)


def recency(last_year: int | None, today: dt.date) -> float:
    if last_year is None:
        return UNKNOWN_RECENCY
    ago = today.year - last_year
    return next((weight for limit, weight in RECENCY if ago <= limit), OLD_RECENCY)


# SQL building blocks -----------------------------------------------------------------

Expr = ColumnElement[Any]


def number(value: float) -> Expr:
    return literal(float(value), Float)


def greatest(*values: Expr) -> Expr:
    """The largest of several numbers (SQLite's many-argument max())."""
    return values[0] if len(values) == 1 else func.max(*values)


def least(*values: Expr) -> Expr:
    return values[0] if len(values) == 1 else func.min(*values)


def as_float(value: Expr) -> Expr:
    return cast(value, Float)


def graded(have: Expr, need: Expr, step: float) -> Expr:
    """1 when `have` reaches `need`, falling to 0 at `step` below it."""
    short = as_float(need) - as_float(have)
    return case(
        (have >= need, number(1.0)),
        else_=greatest(number(0.0), number(1.0) - short / number(step)),
    )


def years_credit(have: Expr, need_years: Expr) -> Expr:
    """Experience against years asked: the share of the years (any at all when 0 asked)."""
    return case(
        (need_years <= 0, case((have > 0, number(1.0)), else_=number(0.0))),
        else_=least(number(1.0), as_float(have) / as_float(need_years)),
    )


def years_met(have: Expr, need_years: Expr) -> Expr:
    return case((need_years <= 0, have > 0), else_=have >= need_years)


def shared_levels(code: Expr, other: Expr) -> Expr:
    """How many SSYK levels two codes share, 0-4."""
    return case(
        (code == other, literal(4, Integer)),
        (func.substr(code, 1, 3) == func.substr(other, 1, 3), literal(3, Integer)),
        (func.substr(code, 1, 2) == func.substr(other, 1, 2), literal(2, Integer)),
        (func.substr(code, 1, 1) == func.substr(other, 1, 1), literal(1, Integer)),
        else_=literal(0, Integer),
    )


def occupation_factor(levels: Expr) -> Expr:
    # CASE x WHEN ...: `levels` (often a subquery) is computed once, not once a branch.
    return case(
        {shared: number(factor) for shared, factor in OCCUPATION_FACTORS.items()},
        value=levels,
        else_=number(0.0),
    )


def experience_strength(years: Expr, recency_weight: Expr) -> Expr:
    """How much one job counts, 0.6-1.0, by its years weighted for how recent it is."""
    effective = as_float(func.coalesce(years, number(UNSTATED_YEARS))) * recency_weight
    return number(BASE_SHARE) + number(1.0 - BASE_SHARE) * least(
        number(1.0), effective / number(FULL_EXPERIENCE_YEARS)
    )


def recency_sql(last_year: Expr, today: dt.date) -> Expr:
    ago = literal(today.year, Integer) - last_year
    return case(
        (last_year.is_(None), number(UNKNOWN_RECENCY)),
        *((ago <= limit, number(weight)) for limit, weight in RECENCY),
        else_=number(OLD_RECENCY),
    )


def start_credit(days_late: Expr) -> Expr:
    """Availability: full when the person can start by the need's start, then less for
    each day of waiting."""
    return case(
        (days_late <= 0, number(1.0)),
        else_=greatest(number(0.0), number(1.0) - as_float(days_late) / number(START_GRACE_DAYS)),
    )


def days_between(later: Expr, earlier: Expr) -> Expr:
    # SQLite's julianday; the ranking runs on the laptop's database.
    return func.julianday(later) - func.julianday(earlier)


def extent_credit(wish: Expr, extent: Expr) -> Expr:
    return case(
        (wish.is_(None), number(NO_EXTENT)),
        *(
            ((wish == w) & (extent == e), number(credit))
            for (w, e), credit in EXTENT_CREDIT.items()
        ),
        else_=number(NO_EXTENT),
    )


def score(points: Expr, possible: Expr) -> Expr:
    """Points as a whole number 0-100 of what was possible."""
    return cast(func.round(number(100.0) * as_float(points) / as_float(possible)), Integer)


def rank_case(column: Expr, ranks: dict[str, int]) -> Expr:
    """A level code's rank on the common axis (0 when none)."""
    return case(
        *((column == code, literal(rank, Integer)) for code, rank in ranks.items()),
        else_=literal(0, Integer),
    )


def case_of(condition: Expr, *, integer: bool = False) -> Expr:
    """A condition as 1 or 0."""
    if integer:
        return case((condition, literal(1, Integer)), else_=literal(0, Integer))
    return case((condition, number(1.0)), else_=number(0.0))


def case_null(column: Expr, if_null: Expr, otherwise: Expr) -> Expr:
    return case((column.is_(None), if_null), else_=otherwise)


def municipality_credit(wished_here: Expr, wishes_any: Expr, lives_here: Expr) -> Expr:
    """Where the person will work against where the need is: full when they wish to
    work there or live there; nothing when they wish to work only elsewhere and live
    elsewhere; half when they have said nothing and live elsewhere."""
    return case(
        (wished_here, number(1.0)),
        (lives_here, number(1.0)),
        (wishes_any, number(0.0)),
        else_=number(NO_MUNICIPALITY),
    )
