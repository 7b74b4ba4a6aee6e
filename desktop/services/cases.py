"""Enrolments (ärenden): their lifecycle, the journal and the follow-ups.

A case moves Inskriven → Aktiv → I insats → Avslutad (with an outcome); a closed case
stays closed, and a person who comes back gets a new enrolment, so the earlier ones
remain as history. The newest case is copied onto the person (`current_case_*`), so
that the person list filters by status and agent through an index; every change to a
case goes through `sync_current_case`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Connection, func, select
from sqlalchemy.orm import Session

from desktop import clock
from desktop.models import Case, CaseNote, Employer, Person, Task, User
from desktop.models.case import CASE_OUTCOMES, NOTE_KINDS
from desktop.services.accounts import Actor
from desktop.services.search import fold
from desktop.services.validation import date_problem, name_problem, text_problem
from desktop.store.database import Database

STATUS_ORDER = ("inskriven", "aktiv", "i_insats", "avslutad")
# Where a case may go from each status; closing needs an outcome.
TRANSITIONS = {
    "inskriven": ("aktiv", "avslutad"),
    "aktiv": ("i_insats", "avslutad"),
    "i_insats": ("aktiv", "avslutad"),
    "avslutad": (),
}


class CaseError(ValueError):
    """A change that cannot be made, with the Swedish reason and the field it concerns."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class StaleError(CaseError):
    def __init__(self) -> None:
        super().__init__(
            "Någon annan har ändrat det här under tiden. Det du skrev finns kvar; "
            "uppdatera och försök igen."
        )


def sync_current_case(session: Session, person_id: uuid.UUID) -> None:
    """Copy the person's newest case onto the person (call after any case change)."""
    person = session.get_one(Person, person_id)
    session.flush()
    newest = session.scalars(
        select(Case)
        .where(Case.person_id == person_id)
        .order_by(Case.opened_on.desc(), Case.created_at.desc())
        .limit(1)
    ).first()
    values = (newest.id, newest.status, newest.agent_id) if newest else (None, None, None)
    if (person.current_case_id, person.current_case_status, person.current_agent_id) != values:
        person.current_case_id, person.current_case_status, person.current_agent_id = values


def sync_all_current_cases(connection: Connection) -> None:
    """The same for every person at once (after a bulk load)."""
    connection.exec_driver_sql(
        "UPDATE persons SET current_case_id = (SELECT c.id FROM cases c "
        "WHERE c.person_id = persons.id ORDER BY c.opened_on DESC, c.created_at DESC LIMIT 1)"
    )
    connection.exec_driver_sql(
        "UPDATE persons SET "
        "current_case_status = (SELECT status FROM cases WHERE id = persons.current_case_id), "
        "current_agent_id = (SELECT agent_id FROM cases WHERE id = persons.current_case_id)"
    )


@dataclass(frozen=True)
class CaseSummary:
    id: uuid.UUID
    version: int
    status: str
    outcome: str | None
    municipality_code: str
    agent_id: uuid.UUID | None
    agent_name: str | None
    opened_on: dt.date
    closed_on: dt.date | None
    referred_by: str | None


@dataclass(frozen=True)
class NoteRow:
    id: uuid.UUID
    case_id: uuid.UUID
    note_date: dt.date
    kind: str
    text: str
    author_name: str | None
    created_at: dt.datetime


@dataclass(frozen=True)
class TaskRow:
    id: uuid.UUID
    case_id: uuid.UUID | None
    employer_id: uuid.UUID | None
    title: str
    description: str | None
    due_date: dt.date
    done: bool
    assignee_id: uuid.UUID | None
    assignee_name: str | None
    # Who the task is about, for "my follow-ups" (a person's or an employer's name).
    subject: str
    person_id: uuid.UUID | None


def _case_summary(case: Case, agent_name: str | None) -> CaseSummary:
    return CaseSummary(
        case.id, case.version, case.status, case.outcome, case.municipality_code,
        case.agent_id, agent_name, case.opened_on, case.closed_on, case.referred_by,
    )  # fmt: skip


# Built once: an alias made per query costs more than the query (its columns are copied).
_ASSIGNEE = User.__table__.alias("assignee")


def task_rows(session: Session, *conditions: ColumnElement[bool]) -> list[TaskRow]:
    """Follow-ups meeting `conditions`, earliest due first, in the caller's session (the
    employer screen reads them together with everything else it shows)."""
    assignee = _ASSIGNEE
    # Columns, not Task objects: Översikt reads hundreds of an agent's follow-ups at a
    # time, and building ORM objects for them cost more than the query.
    rows = session.execute(
        select(
            Task.id,
            Task.case_id,
            Task.employer_id,
            Task.title,
            Task.description,
            Task.due_date,
            Task.done_at,
            Task.assignee_id,
            assignee.c.full_name,
            Person.id,
            Person.first_name,
            Person.last_name,
            Employer.name,
        )
        .outerjoin(assignee, assignee.c.id == Task.assignee_id)
        .outerjoin(Case, Case.id == Task.case_id)
        .outerjoin(Person, Person.id == Case.person_id)
        .outerjoin(Employer, Employer.id == Task.employer_id)
        .where(*conditions)
        .order_by(Task.due_date, Task.created_at)
    ).all()
    return [
        TaskRow(
            id=task_id,
            case_id=case_id,
            employer_id=employer_id,
            title=title,
            description=description,
            due_date=due_date,
            done=done_at is not None,
            assignee_id=assignee_id,
            assignee_name=assignee_name,
            subject=employer or f"{first or ''} {last or ''}".strip(),
            person_id=person_id,
        )
        for (
            task_id,
            case_id,
            employer_id,
            title,
            description,
            due_date,
            done_at,
            assignee_id,
            assignee_name,
            person_id,
            first,
            last,
            employer,
        ) in rows
    ]


class CaseService:
    def __init__(self, db: Database, actor: Actor) -> None:
        self._db = db
        self._actor = actor

    # Cases ---------------------------------------------------------------------------

    def cases_of(self, person_id: uuid.UUID) -> list[CaseSummary]:
        """Every enrolment of a person, newest first."""
        with self._db.read() as session:
            rows = session.execute(
                select(Case, User.full_name)
                .outerjoin(User, User.id == Case.agent_id)
                .where(Case.person_id == person_id)
                .order_by(Case.opened_on.desc(), Case.created_at.desc())
            ).all()
            return [_case_summary(case, name) for case, name in rows]

    def open_case(
        self,
        person_id: uuid.UUID,
        *,
        municipality_code: str,
        opened_on: dt.date | None = None,
        referred_by: str | None = None,
        screen: str = "ärende",
    ) -> uuid.UUID:
        """A new enrolment, assigned to the acting user. A person has one open case at a
        time: the earlier one must be closed first."""
        with self._db.unit_of_work(actor=self._actor.user_id, screen=screen) as session:
            open_cases = session.scalar(
                select(func.count())
                .select_from(Case)
                .where(Case.person_id == person_id, Case.status != "avslutad")
            )
            if open_cases:
                raise CaseError("Personen har redan ett pågående ärende. Avsluta det först.")
            case = Case(
                id=uuid.uuid4(),
                person_id=person_id,
                municipality_code=municipality_code,
                agent_id=self._actor.user_id,
                status="inskriven",
                opened_on=opened_on or clock.today(),
                referred_by=referred_by or None,
            )
            session.add(case)
            sync_current_case(session, person_id)
            return case.id

    def change_status(
        self,
        case_id: uuid.UUID,
        version: int,
        status: str,
        *,
        outcome: str | None = None,
        closed_on: dt.date | None = None,
        today: dt.date | None = None,
        screen: str = "ärende",
    ) -> int:
        """Move a case along its lifecycle; returns the new version."""
        today = today or clock.today()
        with self._db.unit_of_work(actor=self._actor.user_id, screen=screen) as session:
            case = session.get_one(Case, case_id)
            if case.version != version:
                raise StaleError
            if status not in TRANSITIONS[case.status]:
                raise CaseError(
                    f"Ett ärende som är {case.status.replace('_', ' ')} kan inte bli "
                    f"{status.replace('_', ' ')}.",
                    "status",
                )
            if status == "avslutad":
                if outcome not in CASE_OUTCOMES:
                    raise CaseError("Välj ett utfall för att avsluta ärendet.", "outcome")
                closed_on = closed_on or today
                if closed_on > today:
                    raise CaseError("Avslutsdatumet kan inte vara efter i dag.", "closed_on")
                if closed_on < case.opened_on:
                    raise CaseError("Avslutsdatumet kan inte vara före inskrivningen.", "closed_on")
                case.outcome = outcome
                case.closed_on = closed_on
            case.status = status
            sync_current_case(session, case.person_id)
            session.flush()
            return case.version

    def assign(
        self, case_id: uuid.UUID, agent_id: uuid.UUID | None, *, screen: str = "ärende"
    ) -> None:
        with self._db.unit_of_work(actor=self._actor.user_id, screen=screen) as session:
            case = session.get_one(Case, case_id)
            case.agent_id = agent_id
            sync_current_case(session, case.person_id)

    # Journal ---------------------------------------------------------------------------

    def notes(self, case_id: uuid.UUID, *, search: str = "") -> list[NoteRow]:
        """The journal, newest first; `search` keeps notes containing every typed word
        (case and accents ignored)."""
        with self._db.read() as session:
            rows = session.execute(
                select(CaseNote, User.full_name)
                .outerjoin(User, User.id == CaseNote.author_id)
                .where(CaseNote.case_id == case_id)
                .order_by(CaseNote.note_date.desc(), CaseNote.created_at.desc())
            ).all()
        words = fold(search).split()
        return [
            NoteRow(n.id, n.case_id, n.note_date, n.kind, n.text, name, n.created_at)
            for n, name in rows
            if all(word in fold(n.text) for word in words)
        ]

    def add_note(
        self,
        case_id: uuid.UUID,
        *,
        text: str,
        kind: str = "ovrigt",
        note_date: dt.date | None = None,
        today: dt.date | None = None,
        screen: str = "journal",
    ) -> uuid.UUID:
        today = today or clock.today()
        problem = text_problem(text, label="Anteckningen", required=True)
        if problem:
            raise CaseError(problem, "text")
        if kind not in NOTE_KINDS:
            raise CaseError("Välj typ av anteckning.", "kind")
        note_date = note_date or today
        if note_date > today:
            raise CaseError("Anteckningens datum kan inte vara efter i dag.", "note_date")
        with self._db.unit_of_work(actor=self._actor.user_id, screen=screen) as session:
            note = CaseNote(
                id=uuid.uuid4(),
                case_id=case_id,
                author_id=self._actor.user_id,
                note_date=note_date,
                kind=kind,
                text=text,
            )
            session.add(note)
            return note.id

    # Follow-ups ------------------------------------------------------------------------

    def tasks_of_case(self, case_id: uuid.UUID) -> list[TaskRow]:
        return self._tasks(Task.case_id == case_id)

    def my_tasks(self, *, today: dt.date | None = None, days_ahead: int = 0) -> list[TaskRow]:
        """The acting user's open follow-ups due up to `days_ahead` from today (overdue
        ones included), earliest first."""
        today = today or clock.today()
        return self._tasks(
            Task.assignee_id == self._actor.user_id,
            Task.done_at.is_(None),
            Task.due_date <= today + dt.timedelta(days=days_ahead),
        )

    def tasks_of_employer(self, employer_id: uuid.UUID) -> list[TaskRow]:
        return self._tasks(Task.employer_id == employer_id)

    def _tasks(self, *conditions: ColumnElement[bool]) -> list[TaskRow]:
        with self._db.read() as session:
            return task_rows(session, *conditions)

    def add_task(
        self,
        *,
        title: str,
        due_date: str,
        case_id: uuid.UUID | None = None,
        employer_id: uuid.UUID | None = None,
        assignee_id: uuid.UUID | None = None,
        description: str = "",
        screen: str = "uppföljning",
    ) -> uuid.UUID:
        """A follow-up; `due_date` as typed (YYYY-MM-DD). Assigned to the acting user
        unless someone else is named."""
        problems = {
            "title": name_problem(title, label="Rubriken"),
            "due_date": date_problem(due_date, label="Förfallodatumet", required=True),
            "description": text_problem(description, label="Beskrivningen"),
        }
        for field, problem in problems.items():
            if problem:
                raise CaseError(problem, field)
        if (case_id is None) == (employer_id is None):
            raise CaseError("En uppföljning gäller ett ärende eller en arbetsgivare.")
        with self._db.unit_of_work(actor=self._actor.user_id, screen=screen) as session:
            task = Task(
                id=uuid.uuid4(),
                case_id=case_id,
                employer_id=employer_id,
                assignee_id=assignee_id or self._actor.user_id,
                title=title,
                description=description or None,
                due_date=dt.date.fromisoformat(due_date.strip()),
            )
            session.add(task)
            return task.id

    def set_done(self, task_id: uuid.UUID, done: bool, *, screen: str = "uppföljning") -> None:
        with self._db.unit_of_work(actor=self._actor.user_id, screen=screen) as session:
            task = session.get_one(Task, task_id)
            if done and task.done_at is None:
                task.done_at = clock.now()
            elif not done:
                task.done_at = None
