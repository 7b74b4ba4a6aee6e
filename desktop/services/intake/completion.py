"""Completing the intake: the person, their profile, consents and an open case created
in one transaction, and the draft removed."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop import clock
from desktop.models import Case, Consent, IntakeDraft
from desktop.services.cases import sync_current_case
from desktop.services.intake.base import IntakeError, _children
from desktop.services.intake.data import STEP_TITLES
from desktop.services.intake.duplicates import IntakeDuplicates
from desktop.services.validation import parse_date

if TYPE_CHECKING:
    from desktop.services.intake.data import IntakeData


@dataclass(frozen=True)
class Completed:
    person_id: uuid.UUID
    case_id: uuid.UUID


class IntakeCompletion(IntakeDuplicates):
    """The wizard's last step."""

    # Saving ------------------------------------------------------------------------------

    def complete(
        self, draft: IntakeData, draft_id: uuid.UUID | None = None, today: dt.date | None = None
    ) -> Completed:
        """Create the person, their profile, consents and an open case, in one
        transaction, and remove the draft. Refuses with every problem at once."""
        today = today or clock.today()
        problems = self.all_problems(draft, today)
        if problems:
            first = min(problems)
            raise IntakeError(
                f"Kontrollera steget {STEP_TITLES[first]}.",
                {name: text for found in problems.values() for name, text in found.items()},
            )
        duplicates = self.duplicates(draft, today)
        if duplicates.same_number is not None:
            raise IntakeError("En person med samma nummer finns redan.")
        with self._db.unit_of_work(actor=self._actor.user_id, screen="inskrivning") as session:
            person = self._person(draft, today)
            for name, rows in _children(draft).items():
                setattr(person, name, rows)
            session.add(person)
            session.flush()
            for kind, given in (("behandling", True), ("dela_profil", draft.consent_sharing)):
                if given:
                    session.add(
                        Consent(
                            person_id=person.id,
                            kind=kind,
                            legal_basis=draft.legal_basis.strip() or None,
                            given_on=parse_date(draft.consent_date),
                            method=draft.consent_method,
                            recorded_by_id=self._actor.user_id,
                            note=draft.consent_note or None,
                        )
                    )
            case = Case(
                id=uuid.uuid4(),
                person_id=person.id,
                municipality_code=draft.municipality_code,
                agent_id=self._actor.user_id,
                status="inskriven",
                opened_on=today,
                referred_by=draft.referred_by.strip() or None,
            )
            session.add(case)
            sync_current_case(session, person.id)
            if draft_id is not None and (row := session.get(IntakeDraft, draft_id)) is not None:
                session.delete(row)
            return Completed(person.id, case.id)
