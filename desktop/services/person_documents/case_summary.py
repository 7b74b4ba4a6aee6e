"""The case summary (ärendesammanfattning): a case, its person's profile in brief and
the newest journal notes, for use inside the municipality."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop import clock
from desktop.documents import case_summary as summary_doc
from desktop.documents import files
from desktop.models import (
    Case,
    CaseNote,
    Employer,
    LanguageLevel,
    Person,
    ProducedDocument,
    Referral,
    Task,
    Vacancy,
)
from desktop.services import vocabulary
from desktop.services.documents import DocumentRefusedError, ProducedRow
from desktop.services.person_documents.base import PersonDocumentsBase
from desktop.services.person_documents.records import (
    _educations,
    _experiences,
    _identity_number,
    _iso,
    _languages,
    _local,
    _municipality_names,
    _placements,
    _qualifications,
    _swedish,
    _user,
    _user_names,
    _wished_occupations,
    _years,
)
from desktop.services.reference import country_name, language_name
from desktop.services.referral_statuses import STATUS_NAMES
from desktop.store.errors import RecordMissingError

# The case summary shows this many of the case's newest journal notes, each in full.
LATEST_NOTES = 8


class CaseSummaries(PersonDocumentsBase):
    """Producing the case summary."""

    # The case summary -------------------------------------------------------------------------

    def case_summary(
        self,
        case_id: uuid.UUID,
        path: Path,
        *,
        output: str = "pdf",
        today: dt.date | None = None,
        screen: str = "ärende",
    ) -> ProducedRow:
        """The case summary of `case_id` as a PDF at `path`. A person's id is taken as
        their current case. RecordMissingError when neither exists; DocumentError when
        the file cannot be written or a character cannot be printed."""
        self._check(output)
        today = today or clock.today()
        path = Path(path)
        files.check_target(path)
        with self._db.read() as session:
            content, person_id, case_id = self._gather_case(session, case_id, today)
        rendered = summary_doc.pdf(content)
        record = ProducedDocument(
            kind="arendesammanfattning",
            title=content.title[:300],
            person_id=person_id,
            case_id=case_id,
        )
        return self._deliver(
            rendered, path, record, output=output, screen=screen, subject=("Case", case_id)
        )

    # Gathering the case summary --------------------------------------------------------------

    def _gather_case(
        self, session: Session, case_id: uuid.UUID, today: dt.date
    ) -> tuple[summary_doc.CaseSummaryContent, uuid.UUID, uuid.UUID]:
        case = session.get(Case, case_id)
        if case is None:
            # A person's id stands for their current case.
            person = session.get(Person, case_id)
            if person is not None and person.current_case_id is None:
                raise DocumentRefusedError(
                    f"{person.first_name} {person.last_name} har inget ärende, så det finns "
                    "ingen ärendesammanfattning att skriva."
                )
            case = session.get(Case, person.current_case_id) if person else None
        if case is None:
            raise RecordMissingError("Ärendet")
        person = session.get_one(Person, case.person_id)
        names = _municipality_names(session)
        users = _user_names(session)
        letterhead, agent = self._sender(session, case.agent_id, case.municipality_code)
        name = f"{person.first_name} {person.last_name}"
        identity = (
            ("Namn", name),
            ("Personnummer", _identity_number(person)),
            ("Födelsedatum", _iso(person.birth_date)),
            ("Folkbokförd i", names.get(person.municipality_code or "")),
            ("Telefon", person.phone),
            ("E-post", person.email),
        )
        case_facts: list[tuple[str, str | None]] = [
            ("Kommun", names.get(case.municipality_code)),
            ("Handläggare", users.get(case.agent_id) if case.agent_id else "Ingen utsedd"),
            ("Status", vocabulary.CASE_STATUS.get(case.status, case.status)),
            ("Öppnat", _iso(case.opened_on)),
            ("Remitterad av", case.referred_by),
        ]
        if case.closed_on:
            outcome = vocabulary.OUTCOME.get(case.outcome or "", case.outcome)
            case_facts += [("Avslutat", _iso(case.closed_on)), ("Utfall", outcome)]
        profile = _profile_highlights(session, person, today)
        total = int(session.scalar(select(func.count()).where(CaseNote.case_id == case.id)) or 0)
        notes = session.execute(
            select(CaseNote.note_date, CaseNote.kind, CaseNote.author_id, CaseNote.text)
            .where(CaseNote.case_id == case.id)
            .order_by(CaseNote.note_date.desc(), CaseNote.created_at.desc())
            .limit(LATEST_NOTES)
        ).all()
        tasks = session.execute(
            select(Task.due_date, Task.title, Task.description, Task.assignee_id)
            .where(Task.case_id == case.id, Task.done_at.is_(None))
            .order_by(Task.due_date, Task.title)
        ).all()
        referrals = session.execute(
            select(Vacancy.title, Employer.name, Referral.status, Referral.status_changed_at)
            .join(Vacancy, Vacancy.id == Referral.vacancy_id)
            .join(Employer, Employer.id == Vacancy.employer_id)
            .where(Referral.person_id == person.id)
            .order_by(Referral.status_changed_at.desc())
        ).all()
        placements = _placements(session, person.id)
        content = summary_doc.CaseSummaryContent(
            letterhead=letterhead,
            agent=agent,
            day=today,
            person_name=name,
            identity=identity,
            case=tuple(case_facts),
            profile=profile,
            notes=tuple(
                summary_doc.NoteLine(
                    day=n.note_date,
                    kind=vocabulary.NOTE_KIND.get(n.kind, n.kind),
                    author=_user(users, n.author_id),
                    text=n.text,
                )
                for n in notes
            ),
            notes_total=total,
            tasks=tuple(
                (
                    t.due_date.isoformat() + (" (försenad)" if t.due_date < today else ""),
                    t.title + (f"\n{t.description}" if t.description else ""),
                    _user(users, t.assignee_id),
                )
                for t in tasks
            ),
            referrals=tuple(
                (r[0], r[1], STATUS_NAMES.get(r[2], r[2]), (_local(r[3]) or "")[:10])
                for r in referrals
            ),
            placements=tuple(
                (p[0] or "–", p[2] or "–", p[4] or "", p[5] or "Pågår") for p in placements
            ),
        )
        return content, person.id, case.id


def _language_text(rows: Iterable[Any], levels: dict[str, str]) -> str | None:
    parts = []
    for language, mother, level in rows:
        notes = (["modersmål"] if mother else []) + ([levels.get(level, level)] if level else [])
        lang = language_name(language)
        parts.append(f"{lang} ({', '.join(notes)})" if notes else lang)
    return ", ".join(parts) or None


def _profile_highlights(
    session: Session, person: Person, today: dt.date
) -> tuple[tuple[str, str | None], ...]:
    levels = dict(session.execute(select(LanguageLevel.code, LanguageLevel.name_sv)).all())
    jobs = [
        ", ".join(
            x
            for x in (
                title or occupation or "Yrke ej angivet",
                _years(years),
                country_name(country) if country else None,
                f"till {last}" if last else None,
            )
            if x
        )
        for title, occupation, years, last, country in _experiences(session, person.id)
    ]
    educations = [
        ", ".join(x for x in (level, field, country_name(country) if country else None) if x)
        + ("" if completed else " (ej avslutad)")
        for level, field, country, _years_, completed, _rec in _educations(session, person.id)
    ]
    qualifications = [
        ("Körkort " if kind == "korkort" else "") + code
        for kind, code, _valid in _qualifications(session, person.id)
    ]
    start = person.earliest_start
    return (
        ("Svenska", _swedish(person, levels)),
        ("Andra språk", _language_text(_languages(session, person.id, levels), levels)),
        ("Utbildning", "; ".join(educations) or None),
        ("Erfarenhet", "; ".join(jobs) or None),
        ("Körkort och certifikat", ", ".join(qualifications) or None),
        ("Önskade yrken", ", ".join(_wished_occupations(session, person.id)) or None),
        ("Omfattning", vocabulary.EXTENT.get(person.work_extent or "", person.work_extent)),
        ("Kan börja", None if start is None else ("omgående" if start <= today else _iso(start))),
    )
