"""Drafts: an unfinished intake saved at any moment, as typed, listed and resumed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from dataclasses import dataclass, field

from sqlalchemy import select

from desktop.models import IntakeDraft
from desktop.services.intake.checks import IntakeChecks
from desktop.services.intake.data import IntakeData, Step


@dataclass(frozen=True)
class DraftSummary:
    id: uuid.UUID
    label: str
    step: int
    updated_at: dt.datetime
    # Field → reason, for the fields holding characters a save refuses (`flagged`).
    flagged: dict[str, str] = field(default_factory=dict)


class IntakeDrafts(IntakeChecks):
    """Saving, listing, loading and discarding the acting user's drafts."""

    # Drafts ------------------------------------------------------------------------------

    def save_draft(self, draft_id: uuid.UUID | None, draft: IntakeData, step: Step) -> uuid.UUID:
        with self._db.unit_of_work(actor=self._actor.user_id, screen="inskrivning") as session:
            row = session.get(IntakeDraft, draft_id) if draft_id else None
            if row is None:
                row = IntakeDraft(id=draft_id or uuid.uuid4(), user_id=self._actor.user_id)
                session.add(row)
            row.data = draft.to_json()
            row.step = int(step)
            # Only a copy for the list of drafts (`data` keeps every character): half a
            # surrogate pair, which the database cannot hold as text, becomes a "?".
            row.label = draft.label[:200].encode("utf-8", "replace").decode()
            return row.id

    def drafts(self) -> list[DraftSummary]:
        """The acting user's unfinished intakes, newest first."""
        with self._db.read() as session:
            rows = session.scalars(
                select(IntakeDraft)
                .where(IntakeDraft.user_id == self._actor.user_id)
                .order_by(IntakeDraft.updated_at.desc())
            ).all()
            found = [(DraftSummary(r.id, r.label, r.step, r.updated_at), r.data) for r in rows]
        # Each marked by what it holds that a save would refuse, so that it shows in the
        # list before the draft is opened.
        return [
            dataclasses.replace(summary, flagged=self.flagged_fields(IntakeData.from_json(data)))
            for summary, data in found
        ]

    def flagged_fields(self, draft: IntakeData) -> dict[str, str]:
        """`flagged`, all steps in one: field → reason."""
        return {
            name: text for found in self.flagged(draft).values() for name, text in found.items()
        }

    def load_draft(self, draft_id: uuid.UUID) -> tuple[IntakeData, Step]:
        with self._db.read() as session:
            row = session.get_one(IntakeDraft, draft_id)
            return IntakeData.from_json(row.data), Step(row.step)

    def discard_draft(self, draft_id: uuid.UUID) -> None:
        with self._db.unit_of_work(actor=self._actor.user_id, screen="inskrivning") as session:
            row = session.get(IntakeDraft, draft_id)
            if row is not None:
                session.delete(row)
