"""Consents (samtycken): what a person agreed to, recorded and withdrawn.

Sharing a profile with employers needs a consent of kind `dela_profil` that is in force
on the day: given on or before it and not withdrawn by then. That rule lives here once;
matching, referrals and the person screen all ask `sharing_clause`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from desktop import clock
from desktop.models import Consent, Person, User
from desktop.services.accounts import Actor
from desktop.services.forms import FormError, found, get_or_missing
from desktop.services.validation import date_problem, parse_date, text_problem
from desktop.store.database import Database

SHARING = "dela_profil"
KINDS = {"behandling": "Behandling av personuppgifter", SHARING: "Dela profil med arbetsgivare"}
METHODS = {"muntligt": "Muntligt", "skriftligt": "Skriftligt", "digitalt": "Digitalt"}
LEGAL_BASIS = {
    "behandling": "Samtycke (frivillig arbetsmarknadsinsats)",
    SHARING: "Samtycke till att profilen delas med arbetsgivare",
}


class ConsentError(FormError):
    """A consent that cannot be recorded or withdrawn, with the reason per field."""


def in_force(consent: Any, today: dt.date) -> ColumnElement[bool]:
    """The consent row (table or alias) is in force on `today`."""
    return and_(
        consent.c.given_on <= today,
        or_(consent.c.withdrawn_on.is_(None), consent.c.withdrawn_on > today),
    )


def sharing_clause(person_id: Any, today: dt.date) -> ColumnElement[bool]:
    """SQL: the person (id column or value) may have their profile shared today."""
    table = Consent.__table__
    return exists(
        select(table.c.id).where(
            table.c.person_id == person_id, table.c.kind == SHARING, in_force(table, today)
        )
    )


def may_share(session: Session, person_id: uuid.UUID, today: dt.date) -> bool:
    return bool(session.scalar(select(sharing_clause(person_id, today))))


@dataclass(frozen=True)
class ConsentRow:
    id: uuid.UUID
    kind: str
    legal_basis: str | None
    given_on: dt.date
    method: str
    recorded_by: str | None
    withdrawn_on: dt.date | None
    note: str | None

    def in_force(self, today: dt.date) -> bool:
        return self.given_on <= today and (self.withdrawn_on is None or self.withdrawn_on > today)


class ConsentService:
    def __init__(self, db: Database, actor: Actor) -> None:
        self._db = db
        self._actor = actor

    def consents_of(self, person_id: uuid.UUID) -> list[ConsentRow]:
        """Every consent of the person, newest first."""
        with self._db.read() as session:
            rows = session.execute(
                select(Consent, User.full_name)
                .outerjoin(User, User.id == Consent.recorded_by_id)
                .where(Consent.person_id == person_id)
                .order_by(Consent.given_on.desc(), Consent.created_at.desc())
            ).all()
            return [
                ConsentRow(
                    c.id,
                    c.kind,
                    c.legal_basis,
                    c.given_on,
                    c.method,
                    name,
                    c.withdrawn_on,
                    c.note,
                )
                for c, name in rows
            ]

    def may_share(self, person_id: uuid.UUID, *, today: dt.date | None = None) -> bool:
        with self._db.read() as session:
            return may_share(session, person_id, today or clock.today())

    def problems(
        self,
        kind: str,
        method: str,
        given_on: str,
        note: str = "",
        *,
        today: dt.date | None = None,
    ) -> dict[str, str]:
        today = today or clock.today()
        problems: dict[str, str | None] = {
            "kind": None if kind in KINDS else "Välj vad samtycket gäller.",
            "method": None if method in METHODS else "Välj hur samtycket gavs.",
            "given_on": date_problem(given_on, label="Datumet", required=True, not_after=today),
            "note": text_problem(note, label="Anteckningen"),
        }
        return found(problems)

    def record(
        self,
        person_id: uuid.UUID,
        kind: str,
        method: str,
        given_on: str,
        note: str = "",
        *,
        today: dt.date | None = None,
        screen: str = "samtycke",
    ) -> uuid.UUID:
        """Record a consent given by the person (e.g. to share the profile)."""
        ConsentError.raise_for(self.problems(kind, method, given_on, note, today=today))
        with self._db.unit_of_work(actor=self._actor.user_id, screen=screen) as session:
            get_or_missing(session, Person, person_id, "Personen")
            consent = Consent(
                id=uuid.uuid4(),
                person_id=person_id,
                kind=kind,
                legal_basis=LEGAL_BASIS[kind],
                given_on=parse_date(given_on),
                method=method,
                recorded_by_id=self._actor.user_id,
                note=note.strip() or None,
            )
            session.add(consent)
            return consent.id

    def withdrawal_problems(
        self, given_on: dt.date, on: str, *, today: dt.date | None = None
    ) -> dict[str, str]:
        """What is wrong with `on` (YYYY-MM-DD) as the day a consent given on `given_on`
        is withdrawn: it is required, not before that day and not after today (a
        withdrawal is recorded when the person makes it, so that what the app shows as
        withdrawn is no longer in force)."""
        today = today or clock.today()
        return found(
            {
                "withdrawn_on": date_problem(
                    on,
                    label="Datumet",
                    required=True,
                    not_after=today,
                    not_before=given_on,
                    before_label=f"den dag samtycket gavs ({given_on.isoformat()})",
                )
            }
        )

    def withdraw(
        self,
        consent_id: uuid.UUID,
        *,
        on: dt.date | None = None,
        today: dt.date | None = None,
        screen: str = "samtycke",
    ) -> None:
        """The person takes the consent back from `on` (today by default)."""
        today = today or clock.today()
        on = on or today
        with self._db.unit_of_work(actor=self._actor.user_id, screen=screen) as session:
            consent = get_or_missing(session, Consent, consent_id, "Samtycket")
            if consent.withdrawn_on is not None:
                raise ConsentError(
                    f"Samtycket är redan återkallat ({consent.withdrawn_on.isoformat()})."
                )
            ConsentError.raise_for(
                self.withdrawal_problems(consent.given_on, on.isoformat(), today=today)
            )
            consent.withdrawn_on = on
