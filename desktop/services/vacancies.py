"""Recruitment needs (rekryteringsbehov): recording one with its requirements, checking
that the requirements make sense together, closing it, and the list of open needs.

As with employers, what is typed arrives as strings (`VacancyData`), `problems()` gives
the reason for each field, and saving refuses with the same reasons and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    bindparam,
    case,
    column,
    func,
    literal_column,
    or_,
    select,
    table,
    tuple_,
)
from sqlalchemy.orm import Session

from desktop import clock
from desktop.models import (
    Employer,
    LabourMarketForm,
    Municipality,
    Occupation,
    Placement,
    Vacancy,
    VacancyRequirement,
    Workplace,
)
from desktop.models.vacancy import IMPORTANCES, REQUIREMENT_KINDS, VACANCY_STATUSES
from desktop.services import audit
from desktop.services.accounts import Actor
from desktop.services.forms import FormError, StaleError, found, get_or_missing
from desktop.services.intake import DRIVING_LICENCES, EXTENTS
from desktop.services.reference import ReferenceService, language_name, languages
from desktop.services.search import fold, fts_query
from desktop.services.validation import (
    date_problem,
    name_problem,
    parse_date,
    text_problem,
)
from desktop.store.database import Database

PAGE_SIZE = 100
# Open needs offered while a need's title or employer is typed.
SUGGESTIONS = 15
MAX_POSITIONS = 999
MAX_YEARS = 60

__all__ = [
    "PAGE_SIZE",
    "NeedDetails",
    "NeedQuery",
    "NeedRow",
    "RequirementData",
    "RequirementRow",
    "StaleError",
    "VacancyData",
    "VacancyError",
    "VacancyService",
    "need_rows",
]


class VacancyError(FormError):
    """A recruitment need that cannot be saved, with the reason for each field."""


@dataclass(frozen=True)
class RequirementData:
    """One requirement as typed.

    `code` is what is required: for `svenska` nothing (Swedish), for `sprak` the language
    (ISO 639 code), for `korkort` the licence class, for `utbildning` the education level
    code, for `erfarenhet` an SSYK code at any level (the occupation or its group), for
    `certifikat` the certificate's name. `level` is a language level (CEFR, SFI or SAS for
    Swedish; CEFR for other languages) and `years` the years of experience.
    """

    kind: str = ""
    importance: str = "krav"
    code: str = ""
    level: str = ""
    years: str = ""


@dataclass(frozen=True)
class VacancyData:
    """The need's form, as typed."""

    employer_id: uuid.UUID | None = None
    workplace_id: uuid.UUID | None = None
    occupation_code: str = ""
    title: str = ""
    positions: str = "1"
    form_code: str = ""
    extent: str = ""
    municipality_code: str = ""
    start_date: str = ""
    # The last day to propose candidates.
    apply_by: str = ""
    description: str = ""
    requirements: tuple[RequirementData, ...] = ()


@dataclass(frozen=True)
class RequirementRow:
    id: uuid.UUID
    kind: str
    importance: str
    code: str | None
    level: str | None
    years: float | None
    # What the requirement says, in Swedish: "Svenska B1 – mellannivå", "Körkort B".
    label: str


@dataclass(frozen=True, slots=True)
class NeedRow:
    id: uuid.UUID
    employer_id: uuid.UUID
    employer_name: str
    title: str
    occupation_code: str
    occupation_name: str
    positions: int
    # Placements recorded for the need.
    filled: int
    form_code: str
    form_name: str
    extent: str | None
    municipality: str | None
    start_date: dt.date | None
    apply_by: dt.date | None
    status: str
    # Where this row sits in the list's order; the next page starts after it.
    cursor: tuple[object, ...] = field(repr=False, default=())


@dataclass(frozen=True)
class NeedDetails:
    id: uuid.UUID
    version: int
    employer_id: uuid.UUID
    employer_name: str
    workplace_id: uuid.UUID | None
    workplace_name: str | None
    occupation_code: str
    occupation_name: str
    title: str
    positions: int
    filled: int
    form_code: str
    extent: str | None
    municipality_code: str | None
    start_date: dt.date | None
    apply_by: dt.date | None
    description: str | None
    status: str
    agent_id: uuid.UUID | None
    requirements: tuple[RequirementRow, ...]

    def data(self) -> VacancyData:
        """The need in the form's shape, to edit and save with `update()`."""
        return VacancyData(
            employer_id=self.employer_id,
            workplace_id=self.workplace_id,
            occupation_code=self.occupation_code,
            title=self.title,
            positions=str(self.positions),
            form_code=self.form_code,
            extent=self.extent or "",
            municipality_code=self.municipality_code or "",
            start_date=self.start_date.isoformat() if self.start_date else "",
            apply_by=self.apply_by.isoformat() if self.apply_by else "",
            description=self.description or "",
            requirements=tuple(
                RequirementData(
                    r.kind,
                    r.importance,
                    "" if r.kind == "svenska" else r.code or "",
                    r.level or "",
                    _years_text(r.years),
                )
                for r in self.requirements
            ),
        )


@dataclass(frozen=True, slots=True)
class NeedQuery:
    """The open-needs list: filters; the order is by deadline, needs without one last."""

    # An SSYK code at any level: "5" finds every need in major group 5.
    occupation: str | None = None
    municipality: str | None = None
    form: str | None = None
    # Deadline on or before this day (needs without a deadline are left out).
    apply_by_until: dt.date | None = None
    # Only needs still open for proposals: deadline today or later, or none.
    not_passed: bool = False


# Queries --------------------------------------------------------------------------------

_V = Vacancy.__table__
_FILLED = (
    select(func.count())
    .select_from(Placement.__table__)
    .where(Placement.__table__.c.vacancy_id == _V.c.id)
    .scalar_subquery()
)


@functools.cache
def _row_select() -> Select[Any]:
    """The columns of a need's row; built once, extended per query."""
    employers = Employer.__table__
    occupations = Occupation.__table__
    forms = LabourMarketForm.__table__
    municipalities = Municipality.__table__
    return (
        select(
            _V.c.id,
            _V.c.employer_id,
            employers.c.name,
            _V.c.title,
            _V.c.occupation_code,
            occupations.c.name_sv,
            _V.c.positions,
            _FILLED,
            _V.c.form_code,
            forms.c.name_sv,
            _V.c.extent,
            municipalities.c.name,
            _V.c.start_date,
            _V.c.apply_by,
            _V.c.status,
        )
        .select_from(_V)
        .join(employers, employers.c.id == _V.c.employer_id)
        .join(occupations, occupations.c.code == _V.c.occupation_code)
        .join(forms, forms.c.code == _V.c.form_code)
        .outerjoin(municipalities, municipalities.c.code == _V.c.municipality_code)
    )


def _need_row(row: Any, cursor: tuple[object, ...] = ()) -> NeedRow:
    return NeedRow(
        id=row[0],
        employer_id=row[1],
        employer_name=row[2],
        title=row[3],
        occupation_code=row[4],
        occupation_name=row[5],
        positions=row[6],
        filled=int(row[7]),
        form_code=row[8],
        form_name=row[9],
        extent=row[10],
        municipality=row[11],
        start_date=row[12],
        apply_by=row[13],
        status=row[14],
        cursor=cursor,
    )


_STATUS_ORDER = case({status: i for i, status in enumerate(VACANCY_STATUSES)}, value=_V.c.status)


def need_rows(session: Session, *conditions: ColumnElement[bool]) -> list[NeedRow]:
    """Needs meeting `conditions`: open ones first, then by deadline and newest."""
    statement = (
        _row_select()
        .where(*conditions)
        .order_by(_STATUS_ORDER, _V.c.apply_by.is_(None), _V.c.apply_by, _V.c.created_at.desc())
    )
    return [_need_row(row) for row in session.execute(statement)]


class _Segment(enum.Enum):
    """Keyset paging cannot compare NULL: needs with a deadline (by date and id) come
    first, those without one (by id) after them."""

    DATED = "dated"
    UNDATED = "undated"


_FILTERS = ("occupation", "municipality", "form", "until", "not_passed")


def _occupation_range(prefix: str) -> tuple[str, str]:
    # SSYK codes are digits, and ':' sorts right after '9': every code that starts with
    # the prefix lies in [prefix, prefix + ':'), a range the status index can walk.
    return prefix, prefix + ":"


def _filtered(
    statement: Select[Any], filters: frozenset[str], segment: _Segment | None, *, walk: bool
) -> Select[Any]:
    """The open needs the filters keep. With `walk`, the occupation range is only checked
    (the unary + hides its index from SQLite), so that the query walks the list index
    (status, apply_by, id, ...) in its order and stops after a page, instead of sorting
    every need in the occupation group: 180 ms for major group 5 at scale L, against
    a few ms (docs/decisions/0012)."""
    statement = statement.where(_V.c.status == "oppet")
    if "occupation" in filters:
        code = _V.c.occupation_code
        if walk:
            code = literal_column("+vacancies.occupation_code", type_=code.type)
        statement = statement.where(
            code >= bindparam("occupation_from", type_=_V.c.occupation_code.type),
            code < bindparam("occupation_to", type_=_V.c.occupation_code.type),
        )
    if "municipality" in filters:
        statement = statement.where(_V.c.municipality_code == bindparam("municipality"))
    if "form" in filters:
        statement = statement.where(_V.c.form_code == bindparam("form"))
    apply_by = _V.c.apply_by
    if segment is _Segment.UNDATED:
        statement = statement.where(apply_by.is_(None))
    elif segment is _Segment.DATED:
        statement = statement.where(apply_by.is_not(None))
    if segment is not _Segment.UNDATED:
        if "until" in filters:
            statement = statement.where(apply_by <= bindparam("until", type_=apply_by.type))
        if "not_passed" in filters:
            today = bindparam("today", type_=apply_by.type)
            if segment is _Segment.DATED:
                statement = statement.where(apply_by >= today)
            else:
                statement = statement.where(or_(apply_by.is_(None), apply_by >= today))
    return statement


@functools.cache
def _page_statement(segment: _Segment, keyset: bool, filters: frozenset[str]) -> Select[Any]:
    columns = (_V.c.apply_by, _V.c.id) if segment is _Segment.DATED else (_V.c.id,)
    statement = _filtered(_row_select().add_columns(*columns), filters, segment, walk=True)
    if keyset:
        bound = tuple_(*(bindparam(f"after_{i}", type_=c.type) for i, c in enumerate(columns)))
        statement = statement.where(tuple_(*columns) > bound)
    return statement.order_by(*columns).limit(bindparam("limit"))


@functools.cache
def _count_statement(filters: frozenset[str]) -> Select[Any]:
    # The occupation index counts an occupation group alone; with other filters as well,
    # the list index holds every column they test, so counting needs no table rows.
    walk = "occupation" in filters and len(filters) > 1
    return _filtered(select(func.count()).select_from(_V), filters, None, walk=walk)


@functools.cache
def _suggest_statement() -> Select[Any]:
    # The index (migration 0007) holds the status too: the newest matching open needs
    # are found in it alone, and only those few rows are read from the table.
    search = table("vacancy_search", column("rowid"))
    found = (
        select(search.c.rowid)
        .where(literal_column("vacancy_search").op("MATCH")(bindparam("match")))
        .order_by(search.c.rowid.desc())
        .limit(bindparam("limit"))
    )
    return _row_select().where(_V.c.status == "oppet", literal_column("vacancies.rowid").in_(found))


def _query_params(query: NeedQuery, today: dt.date) -> tuple[frozenset[str], dict[str, Any]]:
    params: dict[str, Any] = {}
    if query.occupation:
        params["occupation_from"], params["occupation_to"] = _occupation_range(query.occupation)
    if query.municipality:
        params["municipality"] = query.municipality
    if query.form:
        params["form"] = query.form
    if query.apply_by_until is not None:
        params["until"] = query.apply_by_until
    if query.not_passed:
        params["today"] = today
    names = {
        "occupation": bool(query.occupation),
        "municipality": bool(query.municipality),
        "form": bool(query.form),
        "until": query.apply_by_until is not None,
        "not_passed": query.not_passed,
    }
    return frozenset(name for name, on in names.items() if on), params


# Requirements ---------------------------------------------------------------------------

# Kinds whose requirements lie on a scale: a merit must then ask for more than the
# requirement of the same thing.
_LEVELLED = ("svenska", "sprak", "utbildning", "erfarenhet")


def _years_text(years: float | None) -> str:
    return "" if years is None else f"{years:g}".replace(".", ",")


def _parse_years(text: str) -> float:
    return float(text.strip().replace(",", "."))


def _years_problem(text: str) -> str | None:
    if not text.strip():
        return "Ange antal år (0 om erfarenhet räcker utan krav på tid)."
    try:
        years = _parse_years(text)
    except ValueError:
        return "Antal år skrivs som ett tal, till exempel 2 eller 1,5."
    if years < 0:
        return "Antal år kan inte vara negativt."
    if years > MAX_YEARS:
        return f"Antal år kan vara högst {MAX_YEARS}."
    return None


def _positions_problem(text: str) -> str | None:
    value = text.strip()
    if not value.isdigit() or not value.isascii() or int(value) < 1:
        return "Antal platser skrivs som ett heltal, minst 1."
    if int(value) > MAX_POSITIONS:
        return f"Antal platser kan vara högst {MAX_POSITIONS}."
    return None


class VacancyService:
    def __init__(
        self, db: Database, actor: Actor, reference: ReferenceService | None = None
    ) -> None:
        self._db = db
        self._actor = actor
        self._reference = reference or ReferenceService(db)

    # Checks ------------------------------------------------------------------------------

    def problems(
        self,
        data: VacancyData,
        *,
        vacancy_id: uuid.UUID | None = None,
        today: dt.date | None = None,
    ) -> dict[str, str]:
        """Field → reason, for everything that stops the need being saved (`vacancy_id`:
        the stored need being edited, whose passed deadline may stay as it was)."""
        today = today or clock.today()
        with self._db.read() as session:
            return self._problems(session, data, vacancy_id, today)

    def _problems(
        self, session: Session, data: VacancyData, vacancy_id: uuid.UUID | None, today: dt.date
    ) -> dict[str, str]:
        reference = self._reference
        forms = {c.code for c in reference.labour_market_forms()}
        municipalities = {c.code for c in reference.municipalities()}
        stored_apply_by = (
            session.scalar(select(Vacancy.apply_by).where(Vacancy.id == vacancy_id))
            if vacancy_id is not None
            else None
        )
        checks: dict[str, str | None] = {
            "employer_id": self._employer_problem(session, data),
            "workplace_id": self._workplace_problem(session, data),
            "occupation_code": None
            if data.occupation_code and reference.occupation(data.occupation_code)
            else "Välj ett yrke i listan (SSYK).",
            "title": name_problem(data.title, label="Titeln"),
            "positions": _positions_problem(data.positions),
            "form_code": None if data.form_code in forms else "Välj anställningsform.",
            "extent": None if data.extent in EXTENTS else "Välj omfattning.",
            "municipality_code": None
            if not data.municipality_code or data.municipality_code in municipalities
            else "Välj kommun i listan.",
            "start_date": date_problem(data.start_date, label="Startdatumet"),
            "apply_by": self._apply_by_problem(data.apply_by, stored_apply_by, today),
            "description": text_problem(data.description, label="Beskrivningen"),
        }
        checks.update(self._requirement_problems(data.requirements))
        return found(checks)

    @staticmethod
    def _employer_problem(session: Session, data: VacancyData) -> str | None:
        if data.employer_id is None or session.get(Employer, data.employer_id) is None:
            return "Välj arbetsgivare."
        return None

    @staticmethod
    def _workplace_problem(session: Session, data: VacancyData) -> str | None:
        if data.workplace_id is None:
            return None
        place = session.get(Workplace, data.workplace_id)
        if place is None or place.employer_id != data.employer_id:
            return "Välj en av arbetsgivarens arbetsplatser."
        return None

    @staticmethod
    def _apply_by_problem(text: str, stored: dt.date | None, today: dt.date) -> str | None:
        problem = date_problem(text, label="Sista dag att föreslå kandidater")
        if problem or not text.strip():
            return problem
        value = parse_date(text)
        if value < today and value != stored:
            return "Sista dag att föreslå kandidater har redan passerat; välj i dag eller senare."
        return None

    def requirement_problems(self, requirements: tuple[RequirementData, ...]) -> dict[str, str]:
        """The requirements' own problems and contradictions, field → reason; a
        contradiction between rows is keyed by the later row (`requirements.3`)."""
        return found(self._requirement_problems(requirements))

    def _requirement_problems(
        self, requirements: tuple[RequirementData, ...]
    ) -> dict[str, str | None]:
        problems: dict[str, str | None] = {}
        for i, r in enumerate(requirements):
            for name, problem in self._one_requirement(r).items():
                problems[f"requirements.{i}.{name}"] = problem
        if not found(problems):
            problems.update(self._contradictions(requirements))
        return problems

    def _one_requirement(self, r: RequirementData) -> dict[str, str | None]:
        if r.kind not in REQUIREMENT_KINDS:
            return {"kind": "Välj vad som krävs."}
        problems: dict[str, str | None] = {
            "importance": None if r.importance in IMPORTANCES else "Välj krav eller merit."
        }
        reference = self._reference
        if r.kind == "svenska":
            problems["level"] = (
                None if reference.level_rank(r.level) is not None else "Välj nivå i svenska."
            )
        elif r.kind == "sprak":
            if r.code == "sv":
                problems["code"] = "Svenska anges som krav på svenska."
            elif r.code not in {c.code for c in languages()}:
                problems["code"] = "Välj ett språk i listan."
            cefr = {c.code for c in reference.language_levels("cefr")}
            problems["level"] = None if r.level in cefr else "Välj en nivå A1–C2."
        elif r.kind == "korkort":
            problems["code"] = None if r.code in DRIVING_LICENCES else "Välj körkortsbehörighet."
        elif r.kind == "utbildning":
            levels = {c.code for c in reference.education_levels()}
            problems["code"] = None if r.code in levels else "Välj utbildningsnivå."
        elif r.kind == "erfarenhet":
            problems["code"] = (
                None
                if r.code and reference.occupation(r.code)
                else "Välj yrke eller yrkesgrupp (SSYK)."
            )
            problems["years"] = _years_problem(r.years)
        else:
            problems["code"] = name_problem(r.code, label="Certifikatet")
        return problems

    def _contradictions(self, requirements: tuple[RequirementData, ...]) -> dict[str, str | None]:
        """Two rows about the same thing: the same importance twice, both krav and merit
        at one level, or a merit asking for less than the requirement."""
        problems: dict[str, str | None] = {}
        seen: dict[tuple[str, str], dict[str, tuple[int, float | None, RequirementData]]] = {}
        for i, r in enumerate(requirements):
            subject = self._subject(r)
            rank = self._rank(r)
            earlier = seen.setdefault(subject, {})
            if r.importance in earlier:
                problems[f"requirements.{i}"] = (
                    f"{self._what(r)} står redan som {_importance_word(r.importance)}."
                )
                continue
            other = "merit" if r.importance == "krav" else "krav"
            if other in earlier:
                _, other_rank, other_row = earlier[other]
                krav, merit = (other_row, r) if r.importance == "merit" else (r, other_row)
                krav_rank, merit_rank = (
                    (other_rank, rank) if r.importance == "merit" else (rank, other_rank)
                )
                problems[f"requirements.{i}"] = self._conflict(krav, merit, krav_rank, merit_rank)
            earlier[r.importance] = (i, rank, r)
        return problems

    def _subject(self, r: RequirementData) -> tuple[str, str]:
        if r.kind == "svenska":
            return (r.kind, "sv")
        if r.kind == "utbildning":
            return (r.kind, "")
        if r.kind == "certifikat":
            return (r.kind, fold(r.code.strip()))
        return (r.kind, r.code)

    def _rank(self, r: RequirementData) -> float | None:
        if r.kind in ("svenska", "sprak"):
            rank = self._reference.level_rank(r.level)
            return None if rank is None else float(rank)
        if r.kind == "utbildning":
            return float(r.code) if r.code.isdigit() else None
        if r.kind == "erfarenhet":
            return _parse_years(r.years)
        return None

    def _what(self, r: RequirementData) -> str:
        if r.kind == "svenska":
            return "Svenska"
        if r.kind == "sprak":
            return language_name(r.code)
        if r.kind == "korkort":
            return f"Körkort {r.code}"
        if r.kind == "utbildning":
            return "Utbildningsnivå"
        if r.kind == "erfarenhet":
            occupation = self._reference.occupation(r.code)
            return f"Erfarenhet som {occupation.name if occupation else r.code}"
        return f"Certifikatet {r.code.strip()}"

    def _conflict(
        self,
        krav: RequirementData,
        merit: RequirementData,
        krav_rank: float | None,
        merit_rank: float | None,
    ) -> str | None:
        what = self._what(krav)
        if krav.kind not in _LEVELLED or krav_rank is None or merit_rank is None:
            return f"{what} kan inte vara både krav och merit."
        if merit_rank > krav_rank:
            return None  # more than required is a merit: "B1 krävs, B2 meriterar"
        equal = merit_rank == krav_rank
        if krav.kind == "erfarenhet":
            merit_years, krav_years = _years_text(merit_rank), _years_text(krav_rank)
            return (
                f"{what} är både krav och merit med lika många år."
                if equal
                else f"{what}: meriten ({merit_years} år) är mindre än kravet "
                f"({krav_years} år) och tillför inget."
            )
        if krav.kind == "utbildning":
            return (
                "Samma utbildningsnivå kan inte vara både krav och merit."
                if equal
                else "Meriten är en lägre utbildningsnivå än kravet och tillför inget."
            )
        return (
            f"{what} är både krav och merit på samma nivå."
            if equal
            else f"{what}: meriten ({merit.level}) är en lägre nivå än kravet "
            f"({krav.level}) och tillför inget."
        )

    # Saving ------------------------------------------------------------------------------

    def create(
        self,
        data: VacancyData,
        *,
        today: dt.date | None = None,
        screen: str = "rekryteringsbehov",
    ) -> uuid.UUID:
        """A new open need, with the acting user as its agent."""
        today = today or clock.today()
        with self._db.unit_of_work(actor=self._actor.user_id, screen=screen) as session:
            VacancyError.raise_for(self._problems(session, data, None, today))
            vacancy = Vacancy(id=uuid.uuid4(), status="oppet", agent_id=self._actor.user_id)
            _apply(vacancy, data)
            vacancy.requirements = [_requirement(r) for r in data.requirements]
            session.add(vacancy)
            return vacancy.id

    def update(
        self,
        vacancy_id: uuid.UUID,
        version: int,
        data: VacancyData,
        *,
        today: dt.date | None = None,
        screen: str = "rekryteringsbehov",
    ) -> int:
        """Save an edited need; returns the new version. The employer stays the same."""
        today = today or clock.today()
        with self._db.unit_of_work(actor=self._actor.user_id, screen=screen) as session:
            vacancy = get_or_missing(session, Vacancy, vacancy_id, "Behovet")
            if vacancy.version != version:
                raise StaleError
            problems = self._problems(session, data, vacancy_id, today)
            if data.employer_id != vacancy.employer_id:
                problems["employer_id"] = "Ett behov kan inte flyttas till en annan arbetsgivare."
            VacancyError.raise_for(problems)
            _apply(vacancy, data)
            _replace_requirements(
                vacancy.requirements, [_requirement(r) for r in data.requirements]
            )
            session.flush()
            return vacancy.version

    def set_status(
        self,
        vacancy_id: uuid.UUID,
        version: int,
        status: str,
        *,
        screen: str = "rekryteringsbehov",
    ) -> int:
        """Close a need as filled (tillsatt) or closed (stängt), or open it again."""
        if status not in VACANCY_STATUSES:
            raise VacancyError("Välj status.", {"status": "Välj status."})
        with self._db.unit_of_work(actor=self._actor.user_id, screen=screen) as session:
            vacancy = get_or_missing(session, Vacancy, vacancy_id, "Behovet")
            if vacancy.version != version:
                raise StaleError
            if vacancy.status != status:
                vacancy.status = status
            session.flush()
            return vacancy.version

    # Reading -----------------------------------------------------------------------------

    def opened(self, vacancy_id: uuid.UUID, *, screen: str = "rekryteringsbehov") -> None:
        """The acting user opened the need's window: an audited read, which Översikt
        lists among the records opened recently."""
        with self._db.unit_of_work(actor=self._actor.user_id, screen=screen) as session:
            audit.record(session, "read", "Vacancy", vacancy_id)

    def get(self, vacancy_id: uuid.UUID) -> NeedDetails:
        with self._db.read() as session:
            vacancy = get_or_missing(session, Vacancy, vacancy_id, "Behovet")
            employer_name = session.scalar(
                select(Employer.name).where(Employer.id == vacancy.employer_id)
            )
            workplace_name = session.scalar(
                select(Workplace.name).where(Workplace.id == vacancy.workplace_id)
            )
            filled = session.scalar(
                select(func.count())
                .select_from(Placement)
                .where(Placement.vacancy_id == vacancy_id)
            )
            occupation = self._reference.occupation(vacancy.occupation_code)
            requirements = tuple(
                RequirementRow(
                    r.id,
                    r.kind,
                    r.importance,
                    r.code,
                    r.level,
                    r.years,
                    self.requirement_label(r.kind, r.code, r.level, r.years),
                )
                for r in sorted(vacancy.requirements, key=_requirement_order)
            )
            return NeedDetails(
                id=vacancy.id,
                version=vacancy.version,
                employer_id=vacancy.employer_id,
                employer_name=employer_name or "",
                workplace_id=vacancy.workplace_id,
                workplace_name=workplace_name,
                occupation_code=vacancy.occupation_code,
                occupation_name=occupation.name if occupation else vacancy.occupation_code,
                title=vacancy.title,
                positions=vacancy.positions,
                filled=int(filled or 0),
                form_code=vacancy.form_code,
                extent=vacancy.extent,
                municipality_code=vacancy.municipality_code,
                start_date=vacancy.start_date,
                apply_by=vacancy.apply_by,
                description=vacancy.description,
                status=vacancy.status,
                agent_id=vacancy.agent_id,
                requirements=requirements,
            )

    def requirement_label(
        self, kind: str, code: str | None, level: str | None, years: float | None
    ) -> str:
        """What a requirement says, in Swedish: "Svenska B1 – mellannivå", "Körkort B"."""
        reference = self._reference
        if kind in ("svenska", "sprak"):
            language = "Svenska" if kind == "svenska" else language_name(code)
            return f"{language} {reference.level_name(level) if level else ''}".strip()
        if kind == "korkort":
            return f"Körkort {code}"
        if kind == "utbildning":
            levels = reference.education_levels()
            return next((c.name for c in levels if c.code == code), code or "")
        if kind == "erfarenhet":
            occupation = reference.occupation(code or "")
            name = occupation.name if occupation else code
            return f"{_years_text(years) or '0'} år som {name}"
        return code or ""

    def needs_of(self, employer_id: uuid.UUID) -> list[NeedRow]:
        """Every need of one employer: open ones first, then by deadline."""
        with self._db.read() as session:
            return need_rows(session, Vacancy.employer_id == employer_id)

    def open_needs(
        self,
        query: NeedQuery,
        after: NeedRow | None = None,
        limit: int = PAGE_SIZE,
        *,
        today: dt.date | None = None,
    ) -> list[NeedRow]:
        """Open needs of every employer, a page at a time (keyset), by deadline."""
        filters, params = _query_params(query, today or clock.today())
        segments = [_Segment.DATED, _Segment.UNDATED]
        if "until" in filters:
            segments.remove(_Segment.UNDATED)
        start: _Segment | None = None
        if after is not None:
            start = _Segment.UNDATED if after.cursor[0] is None else _Segment.DATED
            if start not in segments:
                return []
            segments = segments[segments.index(start) :]
        rows: list[NeedRow] = []
        with self._db.connect() as connection:
            for segment in segments:
                keyset = after is not None and segment is start
                values = dict(params, limit=limit - len(rows))
                if keyset and after is not None:
                    wanted = after.cursor if segment is _Segment.DATED else after.cursor[1:]
                    values.update({f"after_{i}": value for i, value in enumerate(wanted)})
                statement = _page_statement(segment, keyset, filters)
                for row in connection.execute(statement, values):
                    rows.append(_need_row(row, (row[13], row[0])))
                if len(rows) >= limit:
                    break
        return rows

    def count_open_needs(self, query: NeedQuery, *, today: dt.date | None = None) -> int:
        filters, params = _query_params(query, today or clock.today())
        with self._db.connect() as connection:
            return int(connection.execute(_count_statement(filters), params).scalar_one())

    def suggest_open(self, text: str, limit: int = SUGGESTIONS) -> list[NeedRow]:
        """Open needs whose title or employer's name has every typed word as the start
        of a word (accents and case ignored, as `fold` does; digits find the employer's
        organisationsnummer): the Matchning screen's type-ahead. The newest `limit`
        matches, shown by deadline (needs without one last)."""
        match = fts_query(text)
        if match is None:
            return []
        with self._db.connect() as connection:
            rows = [
                _need_row(row)
                for row in connection.execute(
                    _suggest_statement(), {"match": f'{match} AND state : "oppet"', "limit": limit}
                )
            ]
        rows.sort(key=lambda r: (r.apply_by is None, r.apply_by or dt.date.min, fold(r.title)))
        return rows


def _importance_word(importance: str) -> str:
    return "krav" if importance == "krav" else "merit"


def _requirement_order(r: VacancyRequirement) -> tuple[int, int]:
    return (IMPORTANCES.index(r.importance), REQUIREMENT_KINDS.index(r.kind))


def _apply(vacancy: Vacancy, data: VacancyData) -> None:
    """Copy the form onto the need, touching only what changed."""
    values: dict[str, object] = {
        "employer_id": data.employer_id,
        "workplace_id": data.workplace_id,
        "occupation_code": data.occupation_code,
        "title": data.title,
        "positions": int(data.positions.strip()),
        "form_code": data.form_code,
        "extent": data.extent or None,
        "municipality_code": data.municipality_code or None,
        "start_date": parse_date(data.start_date) if data.start_date.strip() else None,
        "apply_by": parse_date(data.apply_by) if data.apply_by.strip() else None,
        "description": data.description or None,
    }
    for name, value in values.items():
        if getattr(vacancy, name, None) != value:
            setattr(vacancy, name, value)


def _requirement(r: RequirementData) -> VacancyRequirement:
    """A checked requirement as stored: only the fields its kind uses."""
    return VacancyRequirement(
        id=uuid.uuid4(),
        kind=r.kind,
        importance=r.importance,
        code="sv" if r.kind == "svenska" else r.code.strip(),
        level=r.level if r.kind in ("svenska", "sprak") else None,
        years=_parse_years(r.years) if r.kind == "erfarenhet" else None,
    )


_REQUIREMENT_FIELDS = ("kind", "importance", "code", "level", "years")


def _replace_requirements(
    current: list[VacancyRequirement], wanted: list[VacancyRequirement]
) -> None:
    """Keep the rows that stay the same, so that saving an untouched need changes (and
    logs) nothing; remove the others and add the new ones."""

    def key(row: VacancyRequirement) -> tuple[object, ...]:
        return tuple(getattr(row, name) for name in _REQUIREMENT_FIELDS)

    wanted_keys = [key(row) for row in wanted]
    for row in [row for row in current if key(row) not in wanted_keys]:
        current.remove(row)
    present = {key(row) for row in current}
    current.extend(row for row in wanted if key(row) not in present)
