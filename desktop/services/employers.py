"""The shared employer register: the list, one employer's screen, its people, the contact
log, follow-ups, and the checks that keep the register free of duplicates.

What the agent types arrives as plain strings (`EmployerData`, `ContactData`, ...) and
is checked field by field (`problems()` → field → Swedish reason), so a form can show
each reason beside its field and keep everything typed. Saving refuses with the same
reasons (EmployerError) and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Select,
    bindparam,
    literal_column,
    select,
    tuple_,
    union_all,
)
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import BindParameter, ColumnClause

from desktop import clock
from desktop.models import (
    ContactPerson,
    Employer,
    EmployerContact,
    Municipality,
    Person,
    Referral,
    ReferralStatusChange,
    Task,
    User,
    Vacancy,
    Workplace,
)
from desktop.models.base import utcnow
from desktop.models.employer import (
    CONTACT_KINDS,
    RELATIONSHIP_STATUSES,
    SECTORS,
    employer_sort_key,
)
from desktop.services import audit
from desktop.services.accounts import Actor
from desktop.services.cases import CaseError, CaseService, TaskRow, task_rows
from desktop.services.employer_list import (
    AGENT,
    MATCHES,
    PAGE_SIZE,
    EmployerList,
    EmployerQuery,
    EmployerRow,
    EmployerSort,
    EmployerSuggestion,
)
from desktop.services.forms import FormError, StaleError, found, get_or_missing
from desktop.services.orgnumber import (
    OrgNumber,
    OrgNumberError,
    format_org_number,
    parse_org_number,
)
from desktop.services.reference import Choice, ReferenceService
from desktop.services.referrals import DECLINE_REASONS, DECLINED_BY_NAMES, STATUS_NAMES
from desktop.services.search import fold, fts_query
from desktop.services.sql_dates import stockholm_date
from desktop.services.vacancies import NeedRow, need_rows
from desktop.services.validation import (
    date_problem,
    email_problem,
    line_problem,
    name_problem,
    parse_date,
    phone_problem,
    postal_code_problem,
    text_problem,
)
from desktop.store.database import Database
from desktop.store.errors import RecordMissingError

# The contact log shown when an employer is opened; `timeline()` fetches the rest.
TIMELINE_PAGE = 50
# The kind of a contact-log entry that is a step of a referral to one of the needs.
REFERRAL_KIND = "anvisning"
# Who moved a referral on, in the contact log.
CHANGED_BY = User.__table__.alias("changed_by")
SUGGESTIONS = 10

__all__ = [
    "PAGE_SIZE",
    "REFERRAL_KIND",
    "TIMELINE_PAGE",
    "ContactData",
    "ContactPersonData",
    "ContactPersonRow",
    "ContactRow",
    "EmployerData",
    "EmployerDetails",
    "EmployerDuplicates",
    "EmployerError",
    "EmployerMatch",
    "EmployerQuery",
    "EmployerRow",
    "EmployerScreen",
    "EmployerService",
    "EmployerSort",
    "EmployerSuggestion",
    "LoggedContact",
    "PossibleDuplicateError",
    "StaleError",
    "WorkplaceData",
    "WorkplaceRow",
]


class EmployerError(FormError):
    """An employer change that cannot be saved, with the reason for each field."""


class PossibleDuplicateError(EmployerError):
    """The employer seems to be in the register already.

    `same_number` is the employer with the same organisationsnummer (the screen opens it
    instead); `similar` are employers with a similar name, for the user to look at and
    then confirm that the new one is someone else (`create(..., confirmed=True)`).
    """

    def __init__(self, duplicates: EmployerDuplicates) -> None:
        if duplicates.same_number is not None:
            message = "En arbetsgivare med samma organisationsnummer finns redan."
            problems = {"org_number": message}
        else:
            message = (
                "Det finns arbetsgivare med liknande namn. Kontrollera att det inte är "
                "någon av dem."
            )
            problems = {"name": message}
        super().__init__(message, problems)
        self.duplicates = duplicates


# The employer screen -------------------------------------------------------------------


@dataclass(frozen=True)
class WorkplaceData:
    """A workplace as typed; `id` names the stored one being edited (None: a new one)."""

    name: str = ""
    street_address: str = ""
    postal_code: str = ""
    city: str = ""
    municipality_code: str = ""
    id: uuid.UUID | None = None


@dataclass(frozen=True)
class EmployerData:
    """The employer form's fields, as typed."""

    org_number: str = ""
    name: str = ""
    sector: str = ""
    industry_code: str = ""
    industry_name: str = ""
    municipality_code: str = ""
    website: str = ""
    responsible_agent_id: uuid.UUID | None = None
    relationship_status: str = "prospekt"
    notes: str = ""
    workplaces: tuple[WorkplaceData, ...] = ()


@dataclass(frozen=True)
class WorkplaceRow:
    id: uuid.UUID
    name: str
    street_address: str | None
    postal_code: str | None
    city: str | None
    municipality_code: str | None
    municipality: str | None


@dataclass(frozen=True)
class EmployerDetails:
    id: uuid.UUID
    version: int
    org_number: str | None  # NNNNNN-NNNN
    # What the number implies ("Aktiebolag", "Enskild firma", ...); None without one.
    legal_form: str | None
    sole_trader: bool
    name: str
    sector: str
    industry_code: str | None
    industry_name: str | None
    municipality_code: str | None
    municipality: str | None
    website: str | None
    responsible_agent_id: uuid.UUID | None
    responsible_agent: str | None
    relationship_status: str
    notes: str | None
    last_contact_on: dt.date | None
    workplaces: tuple[WorkplaceRow, ...]

    def data(self) -> EmployerData:
        """The details in the form's shape, to edit and save with `update()`."""
        return EmployerData(
            org_number=self.org_number or "",
            name=self.name,
            sector=self.sector,
            industry_code=self.industry_code or "",
            industry_name=self.industry_name or "",
            municipality_code=self.municipality_code or "",
            website=self.website or "",
            responsible_agent_id=self.responsible_agent_id,
            relationship_status=self.relationship_status,
            notes=self.notes or "",
            workplaces=tuple(
                WorkplaceData(
                    w.name,
                    w.street_address or "",
                    w.postal_code or "",
                    w.city or "",
                    w.municipality_code or "",
                    w.id,
                )
                for w in self.workplaces
            ),
        )


@dataclass(frozen=True)
class ContactPersonData:
    name: str = ""
    role: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class ContactPersonRow:
    id: uuid.UUID
    version: int
    name: str
    role: str | None
    phone: str | None
    email: str | None
    active: bool


@dataclass(frozen=True)
class ContactData:
    """A logged contact as typed in the dialog. An empty date means today; a follow-up
    date creates a follow-up for the acting user."""

    kind: str = "besok"
    contact_date: str = ""
    participants: str = ""
    summary: str = ""
    outcome: str = ""
    next_step: str = ""
    follow_up_on: str = ""
    follow_up_title: str = ""


@dataclass(frozen=True)
class ContactRow:
    """One entry of the contact log: a contact logged with the employer, or a step of a
    referral to one of its needs (kind "anvisning")."""

    id: uuid.UUID
    contact_date: dt.date
    kind: str
    agent_name: str | None
    participants: str | None
    summary: str
    outcome: str | None
    next_step: str | None
    created_at: dt.datetime


@dataclass(frozen=True)
class LoggedContact:
    contact_id: uuid.UUID
    task_id: uuid.UUID | None
    last_contact_on: dt.date
    # The last-contact date is the employer's own column, so logging a contact may move
    # the employer's version on; an open employer form saves with this one.
    employer_version: int


@dataclass(frozen=True)
class EmployerScreen:
    """Everything the employer screen shows, read in one go."""

    details: EmployerDetails
    contact_persons: tuple[ContactPersonRow, ...]  # active first, then by name
    timeline: tuple[ContactRow, ...]  # newest first, at most TIMELINE_PAGE
    more_contacts: bool  # older contacts beyond the timeline: `timeline(after=...)`
    needs: tuple[NeedRow, ...]
    tasks: tuple[TaskRow, ...]


@dataclass(frozen=True)
class EmployerMatch:
    id: uuid.UUID
    name: str
    org_number: str | None
    municipality: str | None


@dataclass(frozen=True)
class EmployerDuplicates:
    same_number: EmployerMatch | None
    similar: tuple[EmployerMatch, ...]

    def __bool__(self) -> bool:
        return self.same_number is not None or bool(self.similar)


_WEBSITE = re.compile(r"^(https?://)?[^\s/:@]+\.[^\s/:@]{2,}(:\d+)?(/\S*)?$", re.IGNORECASE)
_SNI = re.compile(r"^\d{2,5}$")
# Words that say what kind of organisation it is, not which one: "Bygg AB" and "Bygg
# Aktiebolag" are the same employer.
_FORM_WORDS = frozenset(
    (
        *("ab", "hb", "kb", "aktiebolag", "aktiebolaget", "handelsbolag", "handelsbolaget"),
        *("kommanditbolag", "ek", "ekonomisk", "ekonomiska", "forening", "foreningen"),
        *("ideell", "ideella", "stiftelse", "stiftelsen", "publ", "i", "och"),
    )
)
SIMILAR_NAMES = 0.8
# How many employers sharing a word with the new name are compared with it.
_DUPLICATE_CANDIDATES = 2_000


def _name_key(name: str) -> str:
    """A name as the duplicate check compares it: folded, punctuation and legal-form
    words dropped, `&` read as `och`."""
    words = re.findall(r"\w+", fold(name.replace("&", " och ")))
    return " ".join(w for w in words if w not in _FORM_WORDS)


def _similar(key: str, other: str) -> bool:
    other_key = _name_key(other)
    if not key or not other_key:
        return False
    return key == other_key or difflib.SequenceMatcher(None, key, other_key).ratio() >= (
        SIMILAR_NAMES
    )


def _website_problem(text: str) -> str | None:
    if not text:
        return None
    problem = line_problem(text, label="Webbadressen", max_length=300)
    if problem:
        return problem
    if not _WEBSITE.match(text.strip()):
        return "Webbadressen ser inte rätt ut (till exempel www.exempel.se)."
    return None


def _kind_problem(kind: str) -> str | None:
    return None if kind in CONTACT_KINDS else "Välj typ av kontakt."


class EmployerService:
    def __init__(
        self, db: Database, actor: Actor, reference: ReferenceService | None = None
    ) -> None:
        self._db = db
        self._actor = actor
        self._reference = reference or ReferenceService(db)
        self._list = EmployerList(db)

    # The list ----------------------------------------------------------------------------

    def page(
        self,
        query: EmployerQuery,
        after: EmployerRow | None = None,
        limit: int = PAGE_SIZE,
        *,
        today: dt.date | None = None,
    ) -> list[EmployerRow]:
        """The next `limit` rows in the query's order, after `after` (keyset paging)."""
        return self._list.page(query, after, limit, today=today)

    def count(self, query: EmployerQuery, *, today: dt.date | None = None) -> int:
        """How many employers the query finds, for the list's header."""
        return self._list.count(query, today=today)

    def suggest(self, text: str, limit: int = SUGGESTIONS) -> list[EmployerSuggestion]:
        """Employers whose name or organisationsnummer starts with what was typed (every
        word, accents and case ignored), in name order: the contact dialog's type-ahead."""
        if fts_query(text) is None:
            return []
        return [
            EmployerSuggestion(row.id, row.name, row.org_number, row.municipality)
            for row in self.page(EmployerQuery(text=text), limit=limit)
        ]

    def industries(self) -> list[Choice]:
        """The SNI codes in the register with their names, for the industry filter."""
        # The distinct codes from the industry index alone, then one name for each:
        # grouping read every employer's row for its name (13 ms at 20,000 employers,
        # on every employer window opened; this takes 2 ms).
        codes = (
            select(Employer.industry_code.label("code"))
            .where(Employer.industry_code.is_not(None))
            .distinct()
            .subquery("codes")
        )
        named = aliased(Employer)
        name = (
            select(named.industry_name)
            .where(named.industry_code == codes.c.code)
            .limit(1)
            .scalar_subquery()
        )
        with self._db.connect() as connection:
            rows = connection.execute(select(codes.c.code, name).order_by(codes.c.code)).all()
        return [Choice(str(code), str(name or "")) for code, name in rows]

    # Checks ------------------------------------------------------------------------------

    def problems(self, data: EmployerData, *, today: dt.date | None = None) -> dict[str, str]:
        """Field → reason, for everything that stops the employer being saved."""
        municipalities = {c.code for c in self._reference.municipalities()}
        checks: dict[str, str | None] = {
            "org_number": self._org_number_problem(data.org_number, today),
            "name": name_problem(data.name, label="Namnet"),
            "sector": None if data.sector in SECTORS else "Välj sektor.",
            "industry_code": None
            if not data.industry_code or _SNI.match(data.industry_code)
            else "SNI-koden har två till fem siffror, till exempel 56100.",
            "industry_name": line_problem(data.industry_name, label="Branschen")
            or (
                "Skriv vilken bransch koden står för."
                if data.industry_code and not data.industry_name.strip()
                else None
            ),
            "municipality_code": None
            if not data.municipality_code or data.municipality_code in municipalities
            else "Välj kommun i listan.",
            "website": _website_problem(data.website),
            "relationship_status": None
            if data.relationship_status in RELATIONSHIP_STATUSES
            else "Välj status.",
            "notes": text_problem(data.notes, label="Anteckningarna"),
        }
        for i, place in enumerate(data.workplaces):
            checks.update(
                {
                    f"workplaces.{i}.name": name_problem(place.name, label="Arbetsplatsens namn"),
                    f"workplaces.{i}.street_address": line_problem(
                        place.street_address, label="Adressen"
                    ),
                    f"workplaces.{i}.postal_code": postal_code_problem(place.postal_code),
                    f"workplaces.{i}.city": line_problem(place.city, label="Orten", max_length=100),
                    f"workplaces.{i}.municipality_code": None
                    if not place.municipality_code or place.municipality_code in municipalities
                    else "Välj kommun i listan.",
                }
            )
        return found(checks)

    def notes(self, data: EmployerData, *, today: dt.date | None = None) -> dict[str, str]:
        """Field → something worth knowing that does not stop saving: the legal form an
        organisationsnummer implies, and that a personnummer makes it an enskild firma."""
        number = self._org_number(data.org_number, today)
        return {"org_number": number.note} if number is not None else {}

    @staticmethod
    def _org_number_problem(text: str, today: dt.date | None) -> str | None:
        if not text.strip():
            return None
        try:
            parse_org_number(text, today=today)
        except OrgNumberError as error:
            return str(error)
        return None

    @staticmethod
    def _org_number(text: str, today: dt.date | None) -> OrgNumber | None:
        if not text.strip():
            return None
        try:
            return parse_org_number(text, today=today)
        except OrgNumberError:
            return None

    def _agent_problem(self, session: Session, agent_id: uuid.UUID | None) -> str | None:
        if agent_id is None or session.get(User, agent_id) is not None:
            return None
        return "Välj en handläggare i listan."

    def duplicates(
        self,
        data: EmployerData,
        *,
        exclude: uuid.UUID | None = None,
        today: dt.date | None = None,
    ) -> EmployerDuplicates:
        """The employer with the same organisationsnummer, and others with a similar
        name (accents, case, punctuation and words such as AB ignored)."""
        number = self._org_number(data.org_number, today)
        with self._db.read() as session:
            return self._duplicates(session, data.name, number, exclude)

    def _duplicates(
        self, session: Session, name: str, number: OrgNumber | None, exclude: uuid.UUID | None
    ) -> EmployerDuplicates:
        same: EmployerMatch | None = None
        if number is not None:
            statement = self._match_select().where(Employer.org_number == number.digits)
            if exclude is not None:
                statement = statement.where(Employer.id != exclude)
            row = session.execute(statement).first()
            same = _employer_match(row) if row else None
        key = _name_key(name)
        words = sorted({w for w in key.split() if len(w) >= 3}, key=len, reverse=True)
        similar: list[EmployerMatch] = []
        if words:
            # Any shared word's first letters: a typo late in a word still finds it.
            match = " OR ".join(f'names : "{w[:4]}"*' for w in words[:6])
            rows = session.execute(
                self._match_select()
                .where(literal_column("employers.rowid").in_(MATCHES))
                .limit(_DUPLICATE_CANDIDATES),
                {"match": match},
            ).all()
            similar = [
                _employer_match(row)
                for row in rows
                if row[0] != exclude
                and (same is None or row[0] != same.id)
                and _similar(key, row[1])
            ]
        similar.sort(key=lambda m: employer_sort_key(m.name))
        return EmployerDuplicates(same, tuple(similar))

    @staticmethod
    def _match_select() -> Select[*tuple[Any, ...]]:
        return (
            select(Employer.id, Employer.name, Employer.org_number, Municipality.name)
            .select_from(Employer)
            .outerjoin(Municipality, Municipality.code == Employer.municipality_code)
        )

    # Creating and changing ----------------------------------------------------------------

    def create(
        self,
        data: EmployerData,
        *,
        confirmed: bool = False,
        today: dt.date | None = None,
        screen: str = "arbetsgivare",
    ) -> uuid.UUID:
        """A new employer with its workplaces. Refuses (PossibleDuplicateError) when one
        with the same organisationsnummer exists, and when some have a similar name,
        until the user has looked at them and `confirmed` that this one is new."""
        EmployerError.raise_for(self.problems(data, today=today))
        number = self._org_number(data.org_number, today)
        with self._db.unit_of_work(actor=self._actor.user_id, screen=screen) as session:
            EmployerError.raise_for(
                {"responsible_agent_id": self._agent_problem(session, data.responsible_agent_id)}
            )
            duplicates = self._duplicates(session, data.name, number, None)
            if duplicates.same_number is not None or (duplicates.similar and not confirmed):
                raise PossibleDuplicateError(duplicates)
            employer = Employer(
                id=uuid.uuid4(),
                org_number=number.digits if number else None,
                last_contact_on=None,
            )
            self._apply(employer, data)
            employer.workplaces = [_workplace(place) for place in data.workplaces]
            session.add(employer)
            return employer.id

    def update(
        self,
        employer_id: uuid.UUID,
        version: int,
        data: EmployerData,
        *,
        today: dt.date | None = None,
        screen: str = "arbetsgivare",
    ) -> int:
        """Save the edited details and workplaces; returns the new version. A workplace
        left out of `data.workplaces` is removed, unless a recruitment need names it."""
        EmployerError.raise_for(self.problems(data, today=today))
        number = self._org_number(data.org_number, today)
        with self._db.unit_of_work(actor=self._actor.user_id, screen=screen) as session:
            employer = get_or_missing(session, Employer, employer_id, "Arbetsgivaren")
            if employer.version != version:
                raise StaleError
            digits = number.digits if number else None
            problems: dict[str, str | None] = {
                "responsible_agent_id": self._agent_problem(session, data.responsible_agent_id)
            }
            if digits is not None and digits != employer.org_number:
                taken = session.scalars(
                    select(Employer.id).where(
                        Employer.org_number == digits, Employer.id != employer_id
                    )
                ).first()
                if taken is not None:
                    problems["org_number"] = (
                        "En annan arbetsgivare i registret har redan det organisationsnumret."
                    )
            problems.update(self._workplace_problems(session, employer, data.workplaces))
            EmployerError.raise_for(problems)
            if employer.org_number != digits:
                employer.org_number = digits
            self._apply(employer, data)
            places_changed = self._replace_workplaces(session, employer, data.workplaces)
            if places_changed and not session.is_modified(employer, include_collections=False):
                # The workplaces are edited on the employer's form, under its version: a
                # change to them alone must still make another form's save stale.
                employer.updated_at = utcnow()
            session.flush()
            return employer.version

    @staticmethod
    def _apply(employer: Employer, data: EmployerData) -> None:
        """Copy the form onto the employer, touching only what changed (so an unchanged
        field is neither written nor logged)."""
        values: dict[str, object] = {
            "name": data.name,
            "sort_key": employer_sort_key(data.name),
            "sector": data.sector,
            "industry_code": data.industry_code.strip() or None,
            "industry_name": data.industry_name.strip() or None,
            "municipality_code": data.municipality_code or None,
            "website": data.website.strip() or None,
            "responsible_agent_id": data.responsible_agent_id,
            "relationship_status": data.relationship_status,
            "notes": data.notes or None,
        }
        for name, value in values.items():
            if getattr(employer, name, None) != value:
                setattr(employer, name, value)

    @staticmethod
    def _workplace_problems(
        session: Session, employer: Employer, wanted: tuple[WorkplaceData, ...]
    ) -> dict[str, str | None]:
        kept = {place.id for place in wanted if place.id is not None}
        problems: dict[str, str | None] = {}
        own = {place.id for place in employer.workplaces}
        for i, place in enumerate(wanted):
            if place.id is not None and place.id not in own:
                problems[f"workplaces.{i}.name"] = "Arbetsplatsen hör inte till arbetsgivaren."
        removed = own - kept
        if removed:
            used = session.scalars(
                select(Vacancy.workplace_id).where(Vacancy.workplace_id.in_(removed)).limit(1)
            ).first()
            if used is not None:
                problems["workplaces"] = (
                    "En arbetsplats som rekryteringsbehov gäller kan inte tas bort. "
                    "Ändra behoven först."
                )
        return problems

    @staticmethod
    def _replace_workplaces(
        session: Session, employer: Employer, wanted: tuple[WorkplaceData, ...]
    ) -> bool:
        """Make the workplaces those of the form; whether anything changed."""
        current = {place.id: place for place in employer.workplaces}
        changed = False
        for data in wanted:
            stored = current.pop(data.id, None) if data.id is not None else None
            if stored is None:
                employer.workplaces.append(_workplace(data))
                changed = True
                continue
            for name, value in _workplace_values(data).items():
                if getattr(stored, name) != value:
                    setattr(stored, name, value)
                    changed = True
        for place in current.values():
            employer.workplaces.remove(place)
            changed = True
        return changed

    # Opening -----------------------------------------------------------------------------

    def open(
        self,
        employer_id: uuid.UUID,
        *,
        today: dt.date | None = None,
        screen: str = "arbetsgivarkort",
    ) -> EmployerScreen:
        """Everything the employer screen shows; the read is written to the audit log."""
        with self._db.unit_of_work(actor=self._actor.user_id, screen=screen) as session:
            details = self._details(session, employer_id)
            persons = self._contact_persons(session, employer_id)
            contacts = self._contacts(session, employer_id, None, TIMELINE_PAGE + 1)
            needs = need_rows(session, Vacancy.employer_id == employer_id)
            tasks = task_rows(session, Task.employer_id == employer_id)
            audit.record(session, "read", "Employer", employer_id)
        return EmployerScreen(
            details=details,
            contact_persons=tuple(persons),
            timeline=tuple(contacts[:TIMELINE_PAGE]),
            more_contacts=len(contacts) > TIMELINE_PAGE,
            needs=tuple(needs),
            tasks=tuple(tasks),
        )

    def contact_persons(self, employer_id: uuid.UUID) -> list[ContactPersonRow]:
        """The people at the employer again (after a change), without another audited read:
        those still there first, then by name."""
        with self._db.read() as session:
            return self._contact_persons(session, employer_id)

    @staticmethod
    def _contact_persons(session: Session, employer_id: uuid.UUID) -> list[ContactPersonRow]:
        people = session.execute(
            select(
                ContactPerson.id,
                ContactPerson.version,
                ContactPerson.name,
                ContactPerson.role,
                ContactPerson.phone,
                ContactPerson.email,
                ContactPerson.active,
            ).where(ContactPerson.employer_id == employer_id)
        ).all()
        return sorted(
            (ContactPersonRow(*row) for row in people),
            key=lambda p: (not p.active, employer_sort_key(p.name)),
        )

    def details(self, employer_id: uuid.UUID) -> EmployerDetails:
        """The details alone (after a save), without another audited read."""
        with self._db.read() as session:
            return self._details(session, employer_id)

    def _details(self, session: Session, employer_id: uuid.UUID) -> EmployerDetails:
        agent = AGENT
        found_row = session.execute(
            select(Employer, Municipality.name, agent.c.full_name)
            .outerjoin(Municipality, Municipality.code == Employer.municipality_code)
            .outerjoin(agent, agent.c.id == Employer.responsible_agent_id)
            .where(Employer.id == employer_id)
        ).first()
        if found_row is None:
            raise RecordMissingError("Arbetsgivaren")
        employer, municipality, agent_name = found_row
        places = session.execute(
            select(Workplace, Municipality.name)
            .outerjoin(Municipality, Municipality.code == Workplace.municipality_code)
            .where(Workplace.employer_id == employer_id)
            .order_by(Workplace.created_at, Workplace.id)
        ).all()
        number = self._org_number(employer.org_number or "", None)
        return EmployerDetails(
            id=employer.id,
            version=employer.version,
            org_number=format_org_number(employer.org_number),
            legal_form=number.legal_form if number else None,
            sole_trader=bool(number and number.sole_trader),
            name=employer.name,
            sector=employer.sector,
            industry_code=employer.industry_code,
            industry_name=employer.industry_name,
            municipality_code=employer.municipality_code,
            municipality=municipality,
            website=employer.website,
            responsible_agent_id=employer.responsible_agent_id,
            responsible_agent=agent_name,
            relationship_status=employer.relationship_status,
            notes=employer.notes,
            last_contact_on=employer.last_contact_on,
            workplaces=tuple(
                WorkplaceRow(
                    p.id,
                    p.name,
                    p.street_address,
                    p.postal_code,
                    p.city,
                    p.municipality_code,
                    name,
                )
                for p, name in places
            ),
        )

    # The contact log ---------------------------------------------------------------------

    def timeline(
        self,
        employer_id: uuid.UUID,
        after: ContactRow | None = None,
        limit: int = TIMELINE_PAGE,
    ) -> list[ContactRow]:
        """Contacts newest first, after `after` (the screen's "more")."""
        with self._db.read() as session:
            return self._contacts(session, employer_id, after, limit)

    @staticmethod
    def _contacts(
        session: Session, employer_id: uuid.UUID, after: ContactRow | None, limit: int
    ) -> list[ContactRow]:
        params: dict[str, Any] = {"employer_id": employer_id, "limit": limit}
        if after is not None:
            params.update(
                after_date=after.contact_date, after_created=after.created_at, after_id=after.id
            )
        rows = session.execute(_timeline_statement(after is not None), params)
        return [_timeline_row(row) for row in rows]

    def contact_problems(
        self, data: ContactData, *, today: dt.date | None = None
    ) -> dict[str, str]:
        """Field → reason, for everything that stops the contact being logged."""
        today = today or clock.today()
        checks: dict[str, str | None] = {
            "kind": _kind_problem(data.kind),
            "contact_date": date_problem(
                data.contact_date, label="Datumet", not_after=today, after_label="i dag"
            ),
            "participants": text_problem(data.participants, label="Närvarolistan"),
            "summary": text_problem(data.summary, label="Sammanfattningen", required=True),
            "outcome": text_problem(data.outcome, label="Resultatet"),
            "next_step": text_problem(data.next_step, label="Nästa steg"),
            "follow_up_on": date_problem(
                data.follow_up_on,
                label="Uppföljningsdatumet",
                not_before=today,
                before_label="i dag",
            ),
            "follow_up_title": line_problem(data.follow_up_title, label="Uppföljningens rubrik"),
        }
        if data.follow_up_title.strip() and not data.follow_up_on.strip():
            checks["follow_up_on"] = "Ange när uppföljningen ska göras."
        return found(checks)

    def log_contact(
        self,
        employer_id: uuid.UUID,
        data: ContactData,
        *,
        today: dt.date | None = None,
        screen: str = "arbetsgivarkontakt",
    ) -> LoggedContact:
        """Log a visit, call, e-mail, meeting or event, in one transaction with the
        employer's last-contact date and the follow-up (assigned to the acting user)."""
        today = today or clock.today()
        EmployerError.raise_for(self.contact_problems(data, today=today))
        contact_date = parse_date(data.contact_date) if data.contact_date.strip() else today
        with self._db.unit_of_work(actor=self._actor.user_id, screen=screen) as session:
            employer = get_or_missing(session, Employer, employer_id, "Arbetsgivaren")
            contact = EmployerContact(
                id=uuid.uuid4(),
                employer_id=employer_id,
                agent_id=self._actor.user_id,
                kind=data.kind,
                contact_date=contact_date,
                participants=data.participants or None,
                summary=data.summary,
                outcome=data.outcome or None,
                next_step=data.next_step or None,
            )
            session.add(contact)
            # A contact logged afterwards for an earlier day leaves the newest one.
            if employer.last_contact_on is None or employer.last_contact_on < contact_date:
                employer.last_contact_on = contact_date
            task_id = None
            if data.follow_up_on.strip():
                task = Task(
                    id=uuid.uuid4(),
                    employer_id=employer_id,
                    assignee_id=self._actor.user_id,
                    title=_follow_up_title(data),
                    description=data.next_step or None,
                    due_date=parse_date(data.follow_up_on),
                )
                session.add(task)
                task_id = task.id
            session.flush()
            last_contact = employer.last_contact_on
            assert last_contact is not None
            return LoggedContact(contact.id, task_id, last_contact, employer.version)

    # Contact persons ---------------------------------------------------------------------

    def contact_person_problems(self, data: ContactPersonData) -> dict[str, str]:
        return found(
            {
                "name": name_problem(data.name, label="Namnet"),
                "role": line_problem(data.role, label="Rollen"),
                "phone": phone_problem(data.phone),
                "email": email_problem(data.email),
            }
        )

    def add_contact_person(
        self, employer_id: uuid.UUID, data: ContactPersonData, *, screen: str = "arbetsgivarkort"
    ) -> uuid.UUID:
        EmployerError.raise_for(self.contact_person_problems(data))
        with self._db.unit_of_work(actor=self._actor.user_id, screen=screen) as session:
            get_or_missing(session, Employer, employer_id, "Arbetsgivaren")
            person = ContactPerson(id=uuid.uuid4(), employer_id=employer_id, active=True)
            _apply_contact_person(person, data)
            session.add(person)
            return person.id

    def update_contact_person(
        self,
        contact_person_id: uuid.UUID,
        version: int,
        data: ContactPersonData,
        *,
        screen: str = "arbetsgivarkort",
    ) -> int:
        EmployerError.raise_for(self.contact_person_problems(data))
        with self._db.unit_of_work(actor=self._actor.user_id, screen=screen) as session:
            person = get_or_missing(session, ContactPerson, contact_person_id, "Kontaktpersonen")
            if person.version != version:
                raise StaleError
            _apply_contact_person(person, data)
            session.flush()
            return person.version

    def set_contact_person_active(
        self,
        contact_person_id: uuid.UUID,
        version: int,
        active: bool,
        *,
        screen: str = "arbetsgivarkort",
    ) -> int:
        """Mark someone as no longer (or again) at the employer; people are never deleted,
        so the contact log keeps who was met."""
        with self._db.unit_of_work(actor=self._actor.user_id, screen=screen) as session:
            person = get_or_missing(session, ContactPerson, contact_person_id, "Kontaktpersonen")
            if person.version != version:
                raise StaleError
            if person.active != active:
                person.active = active
            session.flush()
            return person.version

    # Follow-ups (the case service's tasks, on an employer) ---------------------------------

    def tasks(self, employer_id: uuid.UUID) -> list[TaskRow]:
        return CaseService(self._db, self._actor).tasks_of_employer(employer_id)

    def add_task(
        self,
        employer_id: uuid.UUID,
        *,
        title: str,
        due_date: str,
        description: str = "",
        assignee_id: uuid.UUID | None = None,
        screen: str = "arbetsgivarkort",
    ) -> uuid.UUID:
        """A follow-up on the employer; `due_date` as typed (YYYY-MM-DD)."""
        try:
            return CaseService(self._db, self._actor).add_task(
                title=title,
                due_date=due_date,
                employer_id=employer_id,
                assignee_id=assignee_id,
                description=description,
                screen=screen,
            )
        except CaseError as error:
            raise EmployerError(str(error), {error.field or "title": str(error)}) from None

    def set_task_done(
        self, task_id: uuid.UUID, done: bool, *, screen: str = "arbetsgivarkort"
    ) -> None:
        CaseService(self._db, self._actor).set_done(task_id, done, screen=screen)


@functools.cache
def _timeline_statement(keyset: bool) -> Select[*tuple[Any, ...]]:
    """The contact log newest first, a page after a row: the employer's contacts and the
    steps of the referrals to its needs, merged. A step counts on its date in Sweden;
    ties go by when the entry was made. Each part is cut to the page on its own (using
    its indexes), and the merge keeps the page's newest."""
    c = EmployerContact.__table__.c
    employer = bindparam("employer_id", type_=c.employer_id.type)
    limit: BindParameter[int] = bindparam("limit")
    after = (
        bindparam("after_date", type_=c.contact_date.type),
        bindparam("after_created", type_=c.created_at.type),
        bindparam("after_id", type_=c.id.type),
    )
    nothing: ColumnClause[Any] = literal_column("NULL")

    contact_order = (c.contact_date, c.created_at, c.id)
    contacts = (
        select(
            c.id.label("id"),
            c.contact_date.label("contact_date"),
            c.kind.label("kind"),
            AGENT.c.full_name.label("agent_name"),
            c.participants.label("participants"),
            c.summary.label("summary"),
            c.outcome.label("outcome"),
            c.next_step.label("next_step"),
            c.created_at.label("created_at"),
            nothing.label("need_title"),
            nothing.label("from_status"),
            nothing.label("to_status"),
            nothing.label("declined_by"),
            nothing.label("reason"),
        )
        .select_from(EmployerContact.__table__)
        .outerjoin(AGENT, AGENT.c.id == c.agent_id)
        .where(c.employer_id == employer)
        .order_by(*(column_.desc() for column_ in contact_order))
        .limit(limit)
    )

    step, referral, need, person = (
        ReferralStatusChange.__table__.c,
        Referral.__table__.c,
        Vacancy.__table__.c,
        Person.__table__.c,
    )
    step_date = stockholm_date(step.changed_at)
    step_order = (step_date, step.changed_at, step.id)
    steps = (
        select(
            step.id.label("id"),
            step_date.label("contact_date"),
            literal_column(f"'{REFERRAL_KIND}'").label("kind"),
            CHANGED_BY.c.full_name.label("agent_name"),
            nothing.label("participants"),
            (person.first_name + " " + person.last_name).label("summary"),
            step.comment.label("outcome"),
            nothing.label("next_step"),
            step.changed_at.label("created_at"),
            need.title.label("need_title"),
            step.from_status.label("from_status"),
            step.to_status.label("to_status"),
            step.declined_by.label("declined_by"),
            step.reason.label("reason"),
        )
        .select_from(ReferralStatusChange.__table__)
        .join(Referral.__table__, referral.id == step.referral_id)
        .join(Vacancy.__table__, need.id == referral.vacancy_id)
        .join(Person.__table__, person.id == referral.person_id)
        .outerjoin(CHANGED_BY, CHANGED_BY.c.id == step.changed_by_id)
        .where(need.employer_id == employer)
        .order_by(*(column_.desc() for column_ in step_order))
        .limit(limit)
    )
    if keyset:
        contacts = contacts.where(tuple_(*contact_order) < tuple_(*after))
        steps = steps.where(tuple_(*step_order) < tuple_(*after))
    merged = union_all(
        select(contacts.subquery("contacts")), select(steps.subquery("steps"))
    ).subquery("timeline")
    m = merged.c
    return (
        select(merged)
        .order_by(m.contact_date.desc(), m.created_at.desc(), m.id.desc())
        .limit(limit)
    )


def _timeline_row(row: Any) -> ContactRow:
    """A contact as it is, or a referral step in words: "Amina Test – intervju
    (Undersköterska)", with the reason for a decline and the note as its outcome."""
    if row.kind != REFERRAL_KIND:
        return ContactRow(*row[:9])
    if row.from_status == "placerad":
        step = "placeringen ångrad"
    else:
        step = STATUS_NAMES[row.to_status].lower()
        if row.declined_by:
            step += f" av {DECLINED_BY_NAMES[row.declined_by].lower()}"
    reason = DECLINE_REASONS.get(row.declined_by or "", {}).get(row.reason or "")
    outcome = " ".join(part for part in (f"{reason}." if reason else "", row.outcome or "") if part)
    return ContactRow(
        id=row.id,
        contact_date=row.contact_date,
        kind=REFERRAL_KIND,
        agent_name=row.agent_name,
        participants=None,
        summary=f"{row.summary} – {step} ({row.need_title})",
        outcome=outcome or None,
        next_step=None,
        created_at=row.created_at,
    )


def _employer_match(row: Any) -> EmployerMatch:
    return EmployerMatch(row[0], row[1], format_org_number(row[2]), row[3])


def _workplace_values(data: WorkplaceData) -> dict[str, object]:
    return {
        "name": data.name,
        "street_address": data.street_address or None,
        "postal_code": data.postal_code or None,
        "city": data.city or None,
        "municipality_code": data.municipality_code or None,
    }


def _workplace(data: WorkplaceData) -> Workplace:
    return Workplace(id=uuid.uuid4(), **_workplace_values(data))


def _apply_contact_person(person: ContactPerson, data: ContactPersonData) -> None:
    values = {
        "name": data.name,
        "role": data.role or None,
        "phone": data.phone or None,
        "email": data.email or None,
    }
    for name, value in values.items():
        if getattr(person, name, None) != value:
            setattr(person, name, value)


def _follow_up_title(data: ContactData) -> str:
    """What the follow-up is called in "my follow-ups": the title typed, else the first
    line of the next step, else a plain one."""
    if data.follow_up_title.strip():
        return data.follow_up_title
    first_line = data.next_step.strip().splitlines()[0] if data.next_step.strip() else ""
    if first_line:
        return first_line if len(first_line) <= 200 else first_line[:199] + "…"
    return "Följ upp kontakten"
