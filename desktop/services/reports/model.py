"""What a report is, as plain data: the query, its sections (a table and a chart each),
and the ESF participant report. No Qt, no database: the Rapporter screen, the exports and
the command line all read these (docs/reports.md says what each figure counts)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from desktop import clock

# The longest period a report may cover.
MAX_YEARS = 10


@dataclass(frozen=True)
class ReportQuery:
    start: dt.date
    end: dt.date  # inclusive
    municipality_code: str | None = None  # None: all municipalities
    agent_id: uuid.UUID | None = None  # None: all agents


class ReportError(Exception):
    """A report that cannot be made or written; `str()` is one Swedish sentence."""


class ReportCancelledError(ReportError):
    def __init__(self) -> None:
        super().__init__("Rapporten avbröts.")


def _years_later(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def query_problems(start: dt.date | None, end: dt.date | None) -> dict[str, str]:
    """Why a period cannot be reported on, per field ("start", "end"); empty when it can."""
    problems: dict[str, str] = {}
    if start is None:
        problems["start"] = "Ange periodens första dag."
    if end is None:
        problems["end"] = "Ange periodens sista dag."
    if start is None or end is None:
        return problems
    if start > clock.today():
        problems["start"] = "Perioden kan inte börja efter i dag."
    if end < start:
        problems["end"] = "Periodens sista dag kan inte vara före den första."
    elif end >= _years_later(start, MAX_YEARS):
        problems["end"] = f"En rapport kan omfatta högst {MAX_YEARS} år."
    return problems


Cell = str | int | float | dt.date | None


@dataclass(frozen=True)
class Table:
    title: str
    columns: tuple[str, ...]
    # Cells: str, int, float, dt.date, or None: real numbers and dates, not text.
    rows: tuple[tuple[object, ...], ...]


@dataclass(frozen=True)
class Chart:
    title: str
    labels: tuple[str, ...]
    values: tuple[float, ...]
    unit: str = ""  # "personer", "dagar", "%"


@dataclass(frozen=True)
class Section:
    key: str  # "nya_arenden", "avslut", "tid_till_placering", "anvisningar", ...
    title: str
    table: Table
    chart: Chart | None
    note: str | None = None  # "Median 74 dagar (n = 31)." or what a figure means


def _has_data(table: Table) -> bool:
    return any(
        isinstance(cell, int | float) and not isinstance(cell, bool) and cell > 0
        for row in table.rows
        for cell in row
    )


@dataclass(frozen=True)
class Report:
    title: str  # "Uppföljning 2026-01-01 – 2026-12-31, Botkyrka"
    query: ReportQuery
    scope: str  # "Botkyrka kommun" / "Alla kommuner", + the agent's name if any
    made_at: dt.datetime  # UTC
    sections: tuple[Section, ...]

    @property
    def empty(self) -> bool:
        """No data at all in the period (every count is zero)."""
        return not any(_has_data(section.table) for section in self.sections)


@dataclass(frozen=True)
class EsfRow:
    """One participation (a case active in the period); no name, no personnummer."""

    participant_id: str  # the case's id
    municipality: str
    gender: str  # "Kvinna", "Man", "Annat", "Uppgift saknas"
    age_at_entry: int
    age_band: str  # ESF 2014–2020: "Under 25", "25–54", "55 eller äldre"
    age_band_plus: str  # ESF+ 2021–2027: "Under 18", "18–29", "30–54", "55 eller äldre"
    isced: str  # "ISCED 0–2", "ISCED 3–4", "ISCED 5–8", "Uppgift saknas"
    status_at_entry: str
    status_at_exit: str | None  # None: still taking part at the end of the period
    start: dt.date
    end: dt.date | None  # None: still taking part at the end of the period
    outcome: str | None
    third_country_national: str  # "Ja", "Nej", "Uppgift saknas"
    born_abroad: str  # "Ja", "Nej", "Uppgift saknas"


ESF_COLUMNS = (
    "Deltagar-id",
    "Kommun",
    "Kön",
    "Ålder vid start",
    "Åldersgrupp (ESF 2014–2020)",
    "Åldersgrupp (ESF+ 2021–2027)",
    "Utbildningsnivå (ISCED)",
    "Status vid start",
    "Status vid avslut",
    "Startdatum",
    "Slutdatum",
    "Utfall",
    "Tredjelandsmedborgare",
    "Född utomlands",
)


def esf_values(row: EsfRow) -> tuple[Cell, ...]:
    """One participant as the exports write it, in ESF_COLUMNS' order."""
    return (
        row.participant_id,
        row.municipality,
        row.gender,
        row.age_at_entry,
        row.age_band,
        row.age_band_plus,
        row.isced,
        row.status_at_entry,
        row.status_at_exit,
        row.start,
        row.end,
        row.outcome,
        row.third_country_national,
        row.born_abroad,
    )


@dataclass(frozen=True)
class EsfReport:
    rows: tuple[EsfRow, ...]
    summary: Table
    query: ReportQuery
    made_at: dt.datetime  # UTC
    scope: str
    title: str

    @property
    def empty(self) -> bool:
        return not self.rows
