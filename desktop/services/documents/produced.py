"""Produced documents: the record of each one as the Dokument tabs list it, and the file
names documents are saved under."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass

from sqlalchemy import select

from desktop.models import ProducedDocument, User
from desktop.services.documents.base import DocumentServiceBase

KIND_NAMES = {
    "presentationsbrev": "Presentationsbrev",
    "kandidatprofil": "Kandidatprofil",
    "arbetsgivarblad": "Mötesunderlag för arbetsgivare",
    "arendesammanfattning": "Ärendesammanfattning",
    "registerutdrag": "Registerutdrag",
}
_UNSAFE_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


@dataclass(frozen=True)
class ProducedRow:
    """A produced document, as the Dokument tabs list it."""

    id: uuid.UUID
    kind: str
    title: str
    produced_at: dt.datetime
    produced_by: str | None
    output: str  # pdf / utskrift
    anonymous: bool
    pages: int | None  # known when it was just produced
    person_id: uuid.UUID | None
    case_id: uuid.UUID | None
    employer_id: uuid.UUID | None
    vacancy_id: uuid.UUID | None
    referral_id: uuid.UUID | None

    @property
    def kind_name(self) -> str:
        return KIND_NAMES[self.kind]


class ProducedDocuments(DocumentServiceBase):
    # Produced documents ----------------------------------------------------------------------

    def produced(
        self,
        *,
        person_id: uuid.UUID | None = None,
        case_id: uuid.UUID | None = None,
        employer_id: uuid.UUID | None = None,
        limit: int = 200,
    ) -> list[ProducedRow]:
        """The documents produced about a person, a case or an employer, newest first."""
        conditions = [
            column == value
            for column, value in (
                (ProducedDocument.person_id, person_id),
                (ProducedDocument.case_id, case_id),
                (ProducedDocument.employer_id, employer_id),
            )
            if value is not None
        ]
        if not conditions:
            raise ValueError("say whose documents: person_id, case_id or employer_id")
        with self._db.read() as session:
            rows = session.execute(
                select(ProducedDocument, User.full_name)
                .outerjoin(User, User.id == ProducedDocument.produced_by_id)
                .where(*conditions)
                .order_by(ProducedDocument.produced_at.desc(), ProducedDocument.id)
                .limit(limit)
            ).all()
            return [_produced_row(document, name) for document, name in rows]


# Rows ----------------------------------------------------------------------------------------


def _produced_row(document: ProducedDocument, produced_by: str | None) -> ProducedRow:
    return ProducedRow(
        id=document.id,
        kind=document.kind,
        title=document.title,
        produced_at=document.produced_at,
        produced_by=produced_by,
        output=document.output,
        anonymous=document.anonymous,
        pages=None,
        person_id=document.person_id,
        case_id=document.case_id,
        employer_id=document.employer_id,
        vacancy_id=document.vacancy_id,
        referral_id=document.referral_id,
    )


def _file_name(title: str) -> str:
    """A file name from a title, safe on Windows, macOS and Linux."""
    name = _UNSAFE_IN_FILE_NAMES.sub(" ", title)
    name = re.sub(r"\s+", " ", name).strip(" .")[:150]
    return f"{name or 'Dokument'}.pdf"
