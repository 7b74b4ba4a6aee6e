"""Referrals (anvisningar): a job seeker proposed for a recruitment need, followed to
its outcome.

Föreslagen → presenterad → intervju → erbjuden → placerad, or avböjd (by the employer or
the job seeker, with a reason) or återkallad, from any open step. Reaching *placerad*
records the placement, moves the case to *I insats*, counts against the need's positions
and marks the need *tillsatt* when every position is filled; undoing the placement takes
all of that back. Every step is one unit of work: audited, written to the case journal,
and shown in the employer's contact log (employers.py reads it from here).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop import clock
from desktop.models import (
    Case,
    CaseNote,
    Employer,
    LabourMarketForm,
    Person,
    Placement,
    Referral,
    ReferralStatusChange,
    User,
    Vacancy,
)
from desktop.models.base import utcnow
from desktop.models.referral import DECLINED_BY
from desktop.services.accounts import Actor
from desktop.services.cases import sync_current_case
from desktop.services.consents import may_share
from desktop.services.forms import FormError, StaleError, found, get_or_missing, get_unchanged
from desktop.services.intake import EXTENTS
from desktop.services.matching import CandidateMatch, MatchingService
from desktop.services.matching.rules import ACTIVE_CASE_STATUSES
from desktop.services.referral_statuses import (
    AWAITING_ANSWER,
    DECLINE_REASONS,
    DECLINED_BY_NAMES,
    STATUS_NAMES,
    TRANSITIONS,
)
from desktop.services.validation import date_problem, parse_date, text_problem
from desktop.store.database import Database
from desktop.store.errors import RecordMissingError

__all__ = [
    "AWAITING_ANSWER",
    "DECLINED_BY_NAMES",
    "DECLINE_REASONS",
    "STATUS_NAMES",
    "TRANSITIONS",
    "UNDONE_PLACEMENT",
    "ConsentMissingError",
    "HistoryRow",
    "PlacementData",
    "PlacementRow",
    "ReferralError",
    "ReferralRow",
    "ReferralService",
    "StaleError",
    "reasons_text",
    "step_text",
]


class ReferralError(FormError):
    """A referral step that cannot be taken, with the reason (per field where it has one)."""


class ConsentMissingError(ReferralError):
    """The person has not (or no longer) agreed to their profile being shared."""

    def __init__(self, person_id: uuid.UUID, name: str) -> None:
        super().__init__(
            f"{name} har inget gällande samtycke till att profilen delas med arbetsgivare. "
            "Registrera samtycket först; utan det kan hen inte föreslås."
        )
        self.person_id = person_id


@dataclass(frozen=True)
class PlacementData:
    """A placement as typed: labour-market form, start and end (YYYY-MM-DD), extent."""

    form_code: str = ""
    start_date: str = ""
    end_date: str = ""
    extent: str = ""


@dataclass(frozen=True)
class PlacementRow:
    id: uuid.UUID
    form_code: str
    form_name: str
    start_date: dt.date
    end_date: dt.date | None
    extent: str | None


@dataclass(frozen=True)
class ReferralRow:
    id: uuid.UUID
    version: int
    vacancy_id: uuid.UUID
    need_title: str
    employer_id: uuid.UUID
    employer_name: str
    person_id: uuid.UUID
    person_name: str
    status: str
    status_changed_at: dt.datetime
    agent_name: str | None
    match_score: int | None
    match_reasons: tuple[str, ...]
    placement: PlacementRow | None

    @property
    def status_name(self) -> str:
        return STATUS_NAMES[self.status]

    @property
    def next_statuses(self) -> tuple[str, ...]:
        return TRANSITIONS[self.status]


@dataclass(frozen=True)
class HistoryRow:
    from_status: str | None
    to_status: str
    changed_at: dt.datetime
    changed_by: str | None
    comment: str | None
    declined_by: str | None
    reason: str | None  # the reason's words, for a decline

    @property
    def text(self) -> str:
        if self.from_status == "placerad":
            step = UNDONE_PLACEMENT
        else:
            step = step_text(self.to_status, self.declined_by, None, reason_text=self.reason)
        return f"{step} {self.comment}" if self.comment else step


# The one step back: a placement undone puts the referral back at *erbjuden*.
UNDONE_PLACEMENT = "Placeringen ångrades; anvisningen är åter erbjuden."


def step_text(
    status: str, declined_by: str | None, reason: str | None, *, reason_text: str | None = None
) -> str:
    """A step in words: "Avböjd av arbetsgivaren: Valde en annan kandidat."."""
    step = STATUS_NAMES[status]
    if declined_by:
        step += f" av {DECLINED_BY_NAMES[declined_by].lower()}"
    words = reason_text or DECLINE_REASONS.get(declined_by or "", {}).get(reason or "")
    return f"{step}: {words}." if words else f"{step}."


def reasons_text(match: CandidateMatch) -> str:
    """A match's reasons as a referral records them (`match_reasons`): one a line, what
    counted most first; `_rows` reads them back into a tuple."""
    return "\n".join(match.reasons)


def _name(person: Person) -> str:
    return f"{person.first_name} {person.last_name}"


class ReferralService:
    def __init__(self, db: Database, actor: Actor, matching: MatchingService | None = None) -> None:
        self._db = db
        self._actor = actor
        self._matching = matching or MatchingService(db, actor)

    # Proposing -----------------------------------------------------------------------------

    def propose(
        self,
        vacancy_id: uuid.UUID,
        person_id: uuid.UUID,
        *,
        note: str = "",
        today: dt.date | None = None,
        screen: str = "matchning",
    ) -> uuid.UUID:
        """Propose a job seeker for a need. Refused without a consent to share the
        profile, for a closed need or one past its last day, for someone without an
        active case, and for someone already proposed (also when a colleague did it a
        moment ago)."""
        today = today or clock.today()
        problem = text_problem(note, label="Anteckningen")
        if problem:
            raise ReferralError(problem, {"note": problem})
        with self._db.read() as session:
            # The cheap refusals first, before the person is scored for the record.
            self._check_proposal(
                session,
                get_or_missing(session, Vacancy, vacancy_id, "Behovet"),
                get_or_missing(session, Person, person_id, "Personen"),
                today,
            )
        match = self._matching.why_not(vacancy_id, person_id, today=today).match
        try:
            with self._db.unit_of_work(actor=self._actor.user_id, screen=screen) as session:
                vacancy = get_or_missing(session, Vacancy, vacancy_id, "Behovet")
                person = get_or_missing(session, Person, person_id, "Personen")
                self._check_proposal(session, vacancy, person, today)
                now = utcnow()
                referral = Referral(
                    id=uuid.uuid4(),
                    vacancy_id=vacancy.id,
                    person_id=person.id,
                    case_id=person.current_case_id,
                    agent_id=self._actor.user_id,
                    status="foreslagen",
                    status_changed_at=now,
                    match_score=match.score,
                    match_reasons=reasons_text(match),
                )
                referral.history.append(
                    ReferralStatusChange(
                        id=uuid.uuid4(),
                        from_status=None,
                        to_status="foreslagen",
                        changed_at=now,
                        changed_by_id=self._actor.user_id,
                        comment=note.strip() or None,
                    )
                )
                session.add(referral)
                employer = session.get_one(Employer, vacancy.employer_id)
                self._journal(
                    session,
                    person.current_case_id,
                    f"Föreslagen till behovet ”{vacancy.title}” hos {employer.name} "
                    f"(matchning {match.score} av 100).",
                    note,
                    today,
                )
                session.flush()
                return referral.id
        except IntegrityError as error:
            # Two agents proposing the same person at once: the unique key lets one win.
            if "UNIQUE" not in str(error.orig) or "referrals." not in str(error.orig):
                raise
            raise ReferralError(
                f"{match.name} har just föreslagits för behovet av någon annan. "
                "Listan visar nu den förfrågan."
            ) from None

    def _check_proposal(
        self, session: Session, vacancy: Vacancy, person: Person, today: dt.date
    ) -> None:
        name = _name(person)
        if vacancy.status != "oppet":
            word = "tillsatt" if vacancy.status == "tillsatt" else "stängt"
            raise ReferralError(f"Behovet är {word} och tar inte emot fler förslag.")
        if vacancy.apply_by is not None and vacancy.apply_by < today:
            raise ReferralError(
                f"Sista dag att föreslå kandidater var {vacancy.apply_by.isoformat()}."
            )
        if person.current_case_status not in ACTIVE_CASE_STATUSES:
            raise ReferralError(f"{name} har inget aktivt ärende och kan inte föreslås.")
        existing = session.scalar(
            select(Referral.status).where(
                Referral.vacancy_id == vacancy.id, Referral.person_id == person.id
            )
        )
        if existing is not None:
            raise ReferralError(
                f"{name} är redan föreslagen för behovet (status: "
                f"{STATUS_NAMES[existing].lower()})."
            )
        if not may_share(session, person.id, today):
            raise ConsentMissingError(person.id, name)

    # Moving on -------------------------------------------------------------------------------

    def placement_problems(
        self, data: PlacementData, *, today: dt.date | None = None
    ) -> dict[str, str]:
        forms = {c.code for c in self._matching.reference.labour_market_forms()}
        problems: dict[str, str | None] = {
            "form_code": None if data.form_code in forms else "Välj anställningsform.",
            "start_date": date_problem(data.start_date, label="Startdatumet", required=True),
            "end_date": date_problem(data.end_date, label="Slutdatumet"),
            "extent": None if data.extent in EXTENTS else "Välj omfattning.",
        }
        both = not problems["start_date"] and not problems["end_date"] and data.end_date.strip()
        if both and parse_date(data.end_date) < parse_date(data.start_date):
            problems["end_date"] = "Slutdatumet kan inte vara före startdatumet."
        return found(problems)

    def placement_defaults(
        self, referral_id: uuid.UUID, *, today: dt.date | None = None
    ) -> PlacementData:
        """A placement as the need suggests it: the need's form and extent, from today
        (or the need's start, if that is later)."""
        today = today or clock.today()
        with self._db.read() as session:
            referral = get_or_missing(session, Referral, referral_id, "Anvisningen")
            vacancy = session.get_one(Vacancy, referral.vacancy_id)
            start = max(today, vacancy.start_date) if vacancy.start_date else today
            return PlacementData(
                form_code=vacancy.form_code,
                start_date=start.isoformat(),
                extent=vacancy.extent or "",
            )

    def change_status(
        self,
        referral_id: uuid.UUID,
        version: int,
        status: str,
        *,
        note: str = "",
        declined_by: str | None = None,
        reason: str | None = None,
        placement: PlacementData | None = None,
        today: dt.date | None = None,
        screen: str = "anvisning",
    ) -> int:
        """Move a referral on; returns its new version. A decline needs who declined and
        why; a placement needs its form and start."""
        today = today or clock.today()
        problems = self._step_problems(
            status,
            note=note,
            declined_by=declined_by,
            reason=reason,
            placement=placement,
            today=today,
        )
        ReferralError.raise_for(problems)
        with self._db.unit_of_work(actor=self._actor.user_id, screen=screen) as session:
            referral = get_unchanged(session, Referral, referral_id, "Anvisningen", version)
            if status not in TRANSITIONS[referral.status]:
                raise ReferralError(self._illegal(referral.status, status))
            vacancy = session.get_one(Vacancy, referral.vacancy_id)
            person = session.get_one(Person, referral.person_id)
            if status == "placerad" and placement is not None:
                if _filled(session, vacancy.id) >= vacancy.positions:
                    raise ReferralError(
                        f"Alla {vacancy.positions} platser på behovet är redan tillsatta. "
                        "Öka antalet platser på behovet först, eller ångra en annan placering."
                    )
                self._place(session, referral, vacancy, person, placement)
            self._step(session, referral, status, note=note, declined_by=declined_by, reason=reason)
            employer = session.get_one(Employer, vacancy.employer_id)
            text = f"Anvisning till ”{vacancy.title}” hos {employer.name}: "
            self._journal(
                session,
                referral.case_id,
                text + step_text(status, declined_by, reason),
                note,
                today,
            )
            session.flush()
            return referral.version

    def undo_placement(
        self,
        referral_id: uuid.UUID,
        version: int,
        *,
        note: str = "",
        today: dt.date | None = None,
        screen: str = "anvisning",
    ) -> int:
        """A placement recorded by mistake, or one that never started: the referral goes
        back to *erbjuden*, the placement is removed, the case and the need go back."""
        today = today or clock.today()
        problem = text_problem(note, label="Anteckningen")
        if problem:
            raise ReferralError(problem, {"note": problem})
        with self._db.unit_of_work(actor=self._actor.user_id, screen=screen) as session:
            referral = get_unchanged(session, Referral, referral_id, "Anvisningen", version)
            if referral.status != "placerad":
                raise ReferralError("Bara en placerad anvisning kan ångras.")
            for placement in session.scalars(
                select(Placement).where(Placement.referral_id == referral.id)
            ):
                session.delete(placement)
            session.flush()
            vacancy = session.get_one(Vacancy, referral.vacancy_id)
            if vacancy.status == "tillsatt" and _filled(session, vacancy.id) < vacancy.positions:
                vacancy.status = "oppet"
            case = session.get(Case, referral.case_id) if referral.case_id else None
            if (
                case is not None
                and case.status == "i_insats"
                and not _running(session, case.id, today)
            ):
                case.status = "aktiv"
                sync_current_case(session, case.person_id)
            self._step(session, referral, "erbjuden", note=note, declined_by=None, reason=None)
            self._journal(
                session,
                referral.case_id,
                f"Placeringen på ”{vacancy.title}” är ångrad; anvisningen är åter erbjuden.",
                note,
                today,
            )
            session.flush()
            return referral.version

    def _step_problems(
        self,
        status: str,
        *,
        note: str,
        declined_by: str | None,
        reason: str | None,
        placement: PlacementData | None,
        today: dt.date,
    ) -> dict[str, str | None]:
        problems: dict[str, str | None] = {
            "status": None if status in STATUS_NAMES else "Välj status.",
            "note": text_problem(note, label="Anteckningen"),
        }
        if status == "avbojd":
            if declined_by not in DECLINED_BY:
                problems["declined_by"] = "Välj vem som avböjde."
            elif reason not in DECLINE_REASONS[declined_by]:
                problems["reason"] = "Välj ett skäl."
            elif reason == "annat" and not note.strip():
                problems["note"] = "Skriv vilket skäl det var."
        if status == "placerad":
            if placement is None:
                problems["placement.form_code"] = "Ange placeringens form och startdatum."
            else:
                problems.update(
                    {
                        f"placement.{k}": v
                        for k, v in self.placement_problems(placement, today=today).items()
                    }
                )
        return problems

    @staticmethod
    def _illegal(current: str, wanted: str) -> str:
        now, then = STATUS_NAMES[current].lower(), STATUS_NAMES[wanted].lower()
        allowed = TRANSITIONS[current]
        if not allowed:
            return f"Anvisningen är {now} och kan inte ändras mer."
        options = ", ".join(STATUS_NAMES[s].lower() for s in allowed)
        return f"En anvisning som är {now} kan inte bli {then}; den kan bli {options}."

    def _step(
        self,
        session: Session,
        referral: Referral,
        status: str,
        *,
        note: str,
        declined_by: str | None,
        reason: str | None,
    ) -> None:
        now = utcnow()
        referral.history.append(
            ReferralStatusChange(
                id=uuid.uuid4(),
                from_status=referral.status,
                to_status=status,
                changed_at=now,
                changed_by_id=self._actor.user_id,
                comment=note.strip() or None,
                declined_by=declined_by if status == "avbojd" else None,
                reason=reason if status == "avbojd" else None,
            )
        )
        referral.status = status
        referral.status_changed_at = now

    def _place(
        self,
        session: Session,
        referral: Referral,
        vacancy: Vacancy,
        person: Person,
        data: PlacementData,
    ) -> None:
        session.add(
            Placement(
                id=uuid.uuid4(),
                person_id=person.id,
                case_id=referral.case_id,
                referral_id=referral.id,
                vacancy_id=vacancy.id,
                employer_id=vacancy.employer_id,
                form_code=data.form_code,
                occupation_code=vacancy.occupation_code,
                extent=data.extent or None,
                start_date=parse_date(data.start_date),
                end_date=parse_date(data.end_date) if data.end_date.strip() else None,
            )
        )
        session.flush()
        if _filled(session, vacancy.id) >= vacancy.positions and vacancy.status == "oppet":
            vacancy.status = "tillsatt"
        case = session.get(Case, referral.case_id) if referral.case_id else None
        if case is not None and case.status in ("inskriven", "aktiv"):
            case.status = "i_insats"
            sync_current_case(session, case.person_id)

    def _journal(
        self, session: Session, case_id: uuid.UUID | None, text: str, note: str, today: dt.date
    ) -> None:
        if case_id is None:
            return
        body = f"{text}\n{note.strip()}" if note.strip() else text
        session.add(
            CaseNote(
                id=uuid.uuid4(),
                case_id=case_id,
                author_id=self._actor.user_id,
                note_date=today,
                kind="ovrigt",
                text=body,
            )
        )

    # Reading ---------------------------------------------------------------------------------

    def get(self, referral_id: uuid.UUID) -> ReferralRow:
        with self._db.read() as session:
            rows = self._rows(session, Referral.id == referral_id)
        if not rows:
            raise RecordMissingError("Anvisningen")
        return rows[0]

    def of_need(self, vacancy_id: uuid.UUID) -> list[ReferralRow]:
        """A need's referrals, in pipeline order (föreslagen first), then newest."""
        with self._db.read() as session:
            return self._rows(session, Referral.vacancy_id == vacancy_id)

    def of_employer(self, employer_id: uuid.UUID) -> list[ReferralRow]:
        """The referrals to every need of an employer, in pipeline order."""
        with self._db.read() as session:
            return self._rows(session, Vacancy.employer_id == employer_id)

    def of_person(self, person_id: uuid.UUID) -> list[ReferralRow]:
        """A person's referrals, open ones first, newest first."""
        with self._db.read() as session:
            return self._rows(session, Referral.person_id == person_id)

    def awaiting_answer(self, agent_id: uuid.UUID | None = None) -> list[ReferralRow]:
        """The agent's referrals still waiting for an answer, longest waiting first."""
        agent = agent_id or self._actor.user_id
        with self._db.read() as session:
            rows = self._rows(
                session, Referral.agent_id == agent, Referral.status.in_(AWAITING_ANSWER)
            )
        return sorted(rows, key=lambda r: r.status_changed_at)

    def history(self, referral_id: uuid.UUID) -> list[HistoryRow]:
        with self._db.read() as session:
            rows = session.execute(
                select(ReferralStatusChange, User.full_name)
                .outerjoin(User, User.id == ReferralStatusChange.changed_by_id)
                .where(ReferralStatusChange.referral_id == referral_id)
                .order_by(ReferralStatusChange.changed_at, ReferralStatusChange.created_at)
            ).all()
        return [
            HistoryRow(
                c.from_status,
                c.to_status,
                c.changed_at,
                name,
                c.comment,
                c.declined_by,
                DECLINE_REASONS.get(c.declined_by or "", {}).get(c.reason or ""),
            )
            for c, name in rows
        ]

    def _rows(self, session: Session, *conditions: Any) -> list[ReferralRow]:
        rows = session.execute(
            select(
                Referral,
                Vacancy.title,
                Employer.id,
                Employer.name,
                Person.first_name,
                Person.last_name,
                User.full_name,
            )
            .join(Vacancy, Vacancy.id == Referral.vacancy_id)
            .join(Employer, Employer.id == Vacancy.employer_id)
            .join(Person, Person.id == Referral.person_id)
            .outerjoin(User, User.id == Referral.agent_id)
            .where(*conditions)
        ).all()
        ids = [row[0].id for row in rows]
        placements: dict[uuid.UUID, PlacementRow] = {}
        if ids:
            for p, form in session.execute(
                select(Placement, LabourMarketForm.name_sv)
                .join(LabourMarketForm, LabourMarketForm.code == Placement.form_code)
                .where(Placement.referral_id.in_(ids))
            ):
                placements[p.referral_id or p.id] = PlacementRow(
                    p.id, p.form_code, form, p.start_date, p.end_date, p.extent
                )
        order = {status: i for i, status in enumerate(STATUS_NAMES)}
        result = [
            ReferralRow(
                id=r.id,
                version=r.version,
                vacancy_id=r.vacancy_id,
                need_title=title,
                employer_id=employer_id,
                employer_name=employer,
                person_id=r.person_id,
                person_name=f"{first} {last}",
                status=r.status,
                status_changed_at=r.status_changed_at,
                agent_name=agent,
                match_score=r.match_score,
                match_reasons=tuple(r.match_reasons.splitlines()) if r.match_reasons else (),
                placement=placements.get(r.id),
            )
            for r, title, employer_id, employer, first, last, agent in rows
        ]
        result.sort(key=lambda r: (order[r.status], -r.status_changed_at.timestamp()))
        return result


def _filled(session: Session, vacancy_id: uuid.UUID) -> int:
    return int(
        session.scalar(
            select(func.count()).select_from(Placement).where(Placement.vacancy_id == vacancy_id)
        )
        or 0
    )


def _running(session: Session, case_id: uuid.UUID, today: dt.date) -> bool:
    """Whether the case has a placement that has not ended."""
    return (
        session.scalar(
            select(Placement.id).where(
                Placement.case_id == case_id,
                (Placement.end_date.is_(None)) | (Placement.end_date >= today),
            )
        )
        is not None
    )
