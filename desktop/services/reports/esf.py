"""The ESF participant report: one row per participation (a case open at some time in the
period), with what ESF asks of each participant, and the summary of counts by gender.

No names, no personnummer, no birth dates: the participant is the case's id; age is an
age in years at entry and its bands. Where each field comes from, and what the data
model cannot give (long-term unemployment, a recorded status at entry): docs/reports.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, Select, func, or_, select

from desktop.models import Case, Education, Person
from desktop.services import vocabulary
from desktop.services.reports.model import EsfRow, ReportQuery, Table

MISSING = "Uppgift saknas"
GENDERS = {"kvinna": "Kvinna", "man": "Man", "annat": "Annat"}
# ESF 2014–2020 (Regulation (EU) 1304/2013, annex I): below 25, above 54.
AGE_BANDS = ("Under 25 år", "25–54 år", "55 år eller äldre")
# ESF+ 2021–2027 (Regulation (EU) 2021/1057, annex I): below 18, 18–29, 55 and above.
AGE_BANDS_PLUS = ("Under 18 år", "18–29 år", "30–54 år", "55 år eller äldre")
ISCED_BANDS = ("ISCED 0–2", "ISCED 3–4", "ISCED 5–8", MISSING)
# The status at entry, from who referred the person (the data model records no labour-
# market status at entry): Arbetsförmedlingen's job seekers are unemployed, SFI and adult
# education students outside the labour force; anyone else is without work, unspecified.
UNEMPLOYED = "Arbetslös"
STUDYING = "Utanför arbetskraften (studerar)"
WITHOUT_WORK = "Utan arbete (ej specificerat)"
ENTRY_STATUSES = (UNEMPLOYED, STUDYING, WITHOUT_WORK)
# The status at exit, from the case's outcome.
EXIT_STATUS = {
    "anstallning": "I arbete",
    "nystartsjobb": "I arbete (subventionerad anställning)",
    "introduktionsjobb": "I arbete (subventionerad anställning)",
    "extratjanst": "I arbete (subventionerad anställning)",
    "lonebidrag": "I arbete (subventionerad anställning)",
    "praktik": "I praktik (arbetssökande)",
    "studier": "I utbildning",
    "flyttat": "Flyttat (status okänd)",
    "annat": "Annat (status okänd)",
}
EXIT_STATUSES = (*dict.fromkeys(EXIT_STATUS.values()), MISSING)
# Citizens of the Union are not third-country nationals (ESF+ annex I).
EU = frozenset(
    {
        *("AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU"),
        *("IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"),
    }
)


def entry_status(referred_by: str | None) -> str:
    text = (referred_by or "").casefold()
    if "arbetsförmedlingen" in text or "etablering" in text:
        return UNEMPLOYED
    if "sfi" in text or "vuxenutbildning" in text:
        return STUDYING
    return WITHOUT_WORK


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def age_band(age: int) -> str:
    return AGE_BANDS[0] if age < 25 else AGE_BANDS[1] if age < 55 else AGE_BANDS[2]


def age_band_plus(age: int) -> str:
    if age < 18:
        return AGE_BANDS_PLUS[0]
    if age < 30:
        return AGE_BANDS_PLUS[1]
    return AGE_BANDS_PLUS[2] if age < 55 else AGE_BANDS_PLUS[3]


def isced_band(level: str | None) -> str:
    if level is None or not level.strip().isdigit():
        return MISSING
    value = int(level)
    return ISCED_BANDS[0] if value <= 2 else ISCED_BANDS[1] if value <= 4 else ISCED_BANDS[2]


def _yes_no(value: str | None, no: Iterable[str]) -> str:
    if not value:
        return MISSING
    return "Nej" if value.upper() in no else "Ja"


def statement(query: ReportQuery) -> Select[*tuple[Any, ...]]:
    """The cases active in the period with what the rows need, oldest entry first."""
    highest = (
        select(func.max(Education.level))
        .where(Education.person_id == Case.person_id, Education.completed.is_(True))
        .correlate(Case)
        .scalar_subquery()
    )
    statement = (
        select(
            Case.id,
            Case.person_id,
            Case.municipality_code,
            Case.opened_on,
            Case.closed_on,
            Case.outcome,
            Case.referred_by,
            Person.gender,
            Person.birth_date,
            Person.citizenship,
            Person.birth_country,
            highest,
        )
        .join(Person, Person.id == Case.person_id)
        .where(
            Case.opened_on <= query.end,
            or_(Case.closed_on.is_(None), Case.closed_on >= query.start),
        )
        .order_by(Case.opened_on, Case.id)
    )
    if query.municipality_code is not None:
        statement = statement.where(Case.municipality_code == query.municipality_code)
    if query.agent_id is not None:
        statement = statement.where(Case.agent_id == query.agent_id)
    return statement


def rows(
    connection: Connection, query: ReportQuery, municipalities: dict[str, str]
) -> tuple[list[EsfRow], int]:
    """The participants' rows and the number of distinct persons among them."""
    result: list[EsfRow] = []
    persons = set()
    for values in connection.execute(statement(query)):
        (case_id, person_id, code, opened, closed, outcome, referred_by) = values[:7]
        (gender, birth, citizenship, birth_country, level) = values[7:]
        persons.add(person_id)
        ended = closed is not None and closed <= query.end
        age = age_on(birth, opened)
        result.append(
            EsfRow(
                participant_id=str(case_id),
                municipality=municipalities.get(code) or str(code),
                gender=GENDERS.get(gender or "", MISSING),
                age_at_entry=age,
                age_band=age_band(age),
                age_band_plus=age_band_plus(age),
                isced=isced_band(level),
                status_at_entry=entry_status(referred_by),
                status_at_exit=(EXIT_STATUS.get(outcome or "", MISSING) if ended else None),
                start=opened,
                end=closed if ended else None,
                outcome=(vocabulary.OUTCOME.get(outcome or "", MISSING) if ended else None),
                third_country_national=_yes_no(citizenship, EU),
                born_abroad=_yes_no(birth_country, ("SE",)),
            )
        )
    return result, len(persons)


SUMMARY_COLUMNS = (
    "Indikator",
    "Kategori",
    "Kvinnor",
    "Män",
    "Annat eller uppgift saknas",
    "Totalt",
)


_ALL = ("Deltagare", "Alla som deltog under perioden")
_STARTED = ("Deltagare", "Började under perioden")
_ENDED = ("Deltagare", "Avslutade under perioden")
_ONGOING = ("Deltagare", "Deltar vid periodens slut")
_AGE = "Ålder vid start (ESF 2014–2020)"
_AGE_PLUS = "Ålder vid start (ESF+ 2021–2027)"
_ISCED = "Utbildningsnivå vid start"
_ENTRY = "Status vid start"
_EXIT = "Status vid avslut"
_OUTCOME = "Utfall vid avslut"
_THIRD_COUNTRY = ("Bakgrund", "Tredjelandsmedborgare")
_ABROAD = ("Bakgrund", "Född utomlands")


def _lines() -> list[tuple[str, str]]:
    """Every line of the summary in order, also those no participant falls in."""
    return [
        _ALL,
        _STARTED,
        _ENDED,
        _ONGOING,
        *((_AGE, band) for band in AGE_BANDS),
        *((_AGE_PLUS, band) for band in AGE_BANDS_PLUS),
        *((_ISCED, band) for band in ISCED_BANDS),
        *((_ENTRY, status) for status in ENTRY_STATUSES),
        *((_EXIT, status) for status in EXIT_STATUSES),
        *((_OUTCOME, outcome) for outcome in (*vocabulary.OUTCOME.values(), MISSING)),
        _THIRD_COUNTRY,
        _ABROAD,
    ]


def summary(participants: Sequence[EsfRow], query: ReportQuery, persons: int) -> Table:
    """The counts ESF asks for, each broken down by gender (one pass over the rows)."""
    counts: dict[tuple[str, str], list[int]] = {line: [0, 0, 0] for line in _lines()}
    column = {"Kvinna": 0, "Man": 1}
    for row in participants:
        keys = [
            _ALL,
            _STARTED if row.start >= query.start else None,
            (_AGE, row.age_band),
            (_AGE_PLUS, row.age_band_plus),
            (_ISCED, row.isced),
            (_ENTRY, row.status_at_entry),
            _THIRD_COUNTRY if row.third_country_national == "Ja" else None,
            _ABROAD if row.born_abroad == "Ja" else None,
        ]
        if row.end is None:
            keys.append(_ONGOING)
        else:
            keys += [
                _ENDED,
                (_EXIT, row.status_at_exit or MISSING),
                (_OUTCOME, row.outcome or MISSING),
            ]
        index = column.get(row.gender, 2)
        for key in keys:
            if key is not None:
                counts.setdefault(key, [0, 0, 0])[index] += 1
    lines: list[tuple[object, ...]] = [
        (indicator, category, *values, sum(values))
        for (indicator, category), values in counts.items()
    ]
    lines.append(("Deltagare", "Olika personer", None, None, None, persons))
    return Table("Sammanställning", SUMMARY_COLUMNS, tuple(lines))
