"""Which documents belong to which screen, as DocumentChoices for the chooser: the
person (candidate profile, named and anonymised; case summary; register extract) and
the employer (the meeting sheet)."""

from __future__ import annotations

import uuid
from pathlib import Path

from desktop.services.documents import KIND_NAMES, ProducedRow
from desktop.services.documents import _file_name as file_name
from desktop.services.meeting_documents import MeetingDocuments
from desktop.services.person_documents import PersonDocumentService
from desktop.views.documents.actions import DocumentChoice


def person_choices(
    meeting: MeetingDocuments,
    person_documents: PersonDocumentService,
    person_id: uuid.UUID,
) -> list[DocumentChoice]:
    """The named profile only with a consent to share (otherwise its reason), the
    anonymised one always; the case summary and the register extract."""
    variants = meeting.profile_variants(person_id)

    def profile(anonymous: bool) -> DocumentChoice:
        def produce(path: Path, output: str) -> ProducedRow:
            return meeting.candidate_profile(person_id, path, anonymous=anonymous, output=output)

        return DocumentChoice(
            key="kandidatprofil-anonym" if anonymous else "kandidatprofil",
            label="Kandidatprofil (anonymiserad)" if anonymous else "Kandidatprofil",
            file_name=lambda: meeting.profile_file_name(person_id, anonymous=anonymous),
            produce=produce,
            refused=None if anonymous or variants.named else variants.reason,
        )

    def titled(kind: str) -> str:
        # "Kandidatprofil Amira Testsson.pdf" → "Ärendesammanfattning Amira Testsson.pdf"
        named = meeting.profile_file_name(person_id)
        return file_name(f"{KIND_NAMES[kind]} {named.removeprefix('Kandidatprofil ')[:-4]}")

    return [
        profile(False),
        profile(True),
        DocumentChoice(
            key="arendesammanfattning",
            label=KIND_NAMES["arendesammanfattning"],
            file_name=lambda: titled("arendesammanfattning"),
            produce=lambda path, output: person_documents.case_summary(
                person_id, path, output=output
            ),
        ),
        DocumentChoice(
            key="registerutdrag",
            label=KIND_NAMES["registerutdrag"],
            file_name=lambda: titled("registerutdrag"),
            produce=lambda path, output: person_documents.register_extract(
                person_id, path, output=output
            ),
        ),
    ]


def employer_choices(meeting: MeetingDocuments, employer_id: uuid.UUID) -> list[DocumentChoice]:
    return [
        DocumentChoice(
            key="arbetsgivarblad",
            label=KIND_NAMES["arbetsgivarblad"],
            file_name=lambda: meeting.employer_file_name(employer_id),
            produce=lambda path, output: meeting.employer_sheet(employer_id, path, output=output),
        )
    ]
