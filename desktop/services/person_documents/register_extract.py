"""The register extract (registerutdrag, GDPR art. 15): everything stored about the
person, with their audit trail, read with a few set-based queries."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop import clock
from desktop.documents import files
from desktop.documents import register_extract as extract_doc
from desktop.documents.register_extract import CaseBlock, NoteBlock, ReferralBlock, Table
from desktop.models import (
    AuditEvent,
    Case,
    CaseNote,
    Consent,
    Employer,
    LanguageLevel,
    Person,
    ProducedDocument,
    Referral,
    ReferralStatusChange,
    Task,
    Vacancy,
    WishedMunicipality,
)
from desktop.services import vocabulary
from desktop.services.audit_log import action_label, entity_label
from desktop.services.consents import KINDS as CONSENT_KINDS
from desktop.services.consents import METHODS as CONSENT_METHODS
from desktop.services.documents import KIND_NAMES, ProducedRow
from desktop.services.forms import get_or_missing
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
from desktop.services.referral_statuses import DECLINE_REASONS, DECLINED_BY_NAMES, STATUS_NAMES

RECOGNITION = {
    "ej_ansokt": "Ej ansökt",
    "ansokt": "Ansökt",
    "bedomd": "Bedömd",
    "ej_aktuellt": "Ej aktuellt",
}
OUTPUT_NAMES = {"pdf": "Sparad som PDF", "utskrift": "Utskriven"}


class RegisterExtracts(PersonDocumentsBase):
    """Producing the register extract, and its data alone (the benchmark times it)."""

    # The register extract ---------------------------------------------------------------------

    def register_extract(
        self,
        person_id: uuid.UUID,
        path: Path,
        *,
        output: str = "pdf",
        today: dt.date | None = None,
        screen: str = "personkort",
    ) -> ProducedRow:
        """Everything stored about the person, as a PDF at `path`; audited as an export
        of the person's record. RecordMissingError when there is no such person."""
        self._check(output)
        today = today or clock.today()
        path = Path(path)
        files.check_target(path)
        content = self.register_extract_content(person_id, today=today)
        rendered = extract_doc.pdf(content)
        record = ProducedDocument(
            kind="registerutdrag", title=content.title[:300], person_id=person_id
        )
        return self._deliver(
            rendered, path, record, output=output, screen=screen, subject=("Person", person_id)
        )

    def register_extract_content(
        self, person_id: uuid.UUID, *, today: dt.date | None = None
    ) -> extract_doc.ExtractContent:
        """The extract's data, read in one read-only session (the benchmark times it)."""
        today = today or clock.today()
        with self._db.read() as session:
            return self._gather_extract(session, person_id, today)

    # Gathering the extract -------------------------------------------------------------------

    def _gather_extract(
        self, session: Session, person_id: uuid.UUID, today: dt.date
    ) -> extract_doc.ExtractContent:
        person = get_or_missing(session, Person, person_id, "Personen")
        names = _municipality_names(session)
        users = _user_names(session)
        levels = dict(session.execute(select(LanguageLevel.code, LanguageLevel.name_sv)).all())
        cases = (
            session.execute(
                select(Case).where(Case.person_id == person_id).order_by(Case.opened_on, Case.id)
            )
            .scalars()
            .all()
        )
        current = next((c for c in cases if c.id == person.current_case_id), None)
        newest = current or (cases[-1] if cases else None)
        letterhead, agent = self._sender(
            session,
            newest.agent_id if newest else None,
            (newest.municipality_code if newest else None) or person.municipality_code,
        )
        name = f"{person.first_name} {person.last_name}"
        address = ", ".join(
            part
            for part in (
                person.street_address,
                " ".join(p for p in (person.postal_code, person.city) if p),
            )
            if part
        )
        identity = (
            ("Förnamn", person.first_name),
            ("Efternamn", person.last_name),
            ("Personnummer", _identity_number(person)),
            ("Födelsedatum", _iso(person.birth_date)),
            ("Kön", vocabulary.GENDER.get(person.gender or "", person.gender)),
            ("Telefon", person.phone),
            ("E-post", person.email),
            ("Adress", address),
            ("Folkbokförd i", names.get(person.municipality_code or "")),
            ("Födelseland", country_name(person.birth_country) if person.birth_country else None),
            ("Medborgarskap", country_name(person.citizenship) if person.citizenship else None),
            ("Ankomst till Sverige", _iso(person.arrival_date)),
            ("Registrerad", _local(person.created_at)),
            ("Senast ändrad", _local(person.updated_at)),
        )
        case_titles = {c.id: f"ärendet från {c.opened_on.isoformat()}" for c in cases}
        case_blocks = tuple(
            CaseBlock(
                title=f"Ärende öppnat {c.opened_on.isoformat()}, {names.get(c.municipality_code)}",
                facts=(
                    ("Status", vocabulary.CASE_STATUS.get(c.status, c.status)),
                    ("Handläggare", _user(users, c.agent_id) if c.agent_id else "Ingen utsedd"),
                    ("Remitterad av", c.referred_by),
                    ("Öppnat", _iso(c.opened_on)),
                    ("Avslutat", _iso(c.closed_on)),
                    ("Utfall", vocabulary.OUTCOME.get(c.outcome or "", c.outcome)),
                ),
            )
            for c in cases
        )
        notes = session.execute(
            select(
                CaseNote.case_id, CaseNote.note_date, CaseNote.kind, CaseNote.author_id,
                CaseNote.text,
            )
            .join(Case, Case.id == CaseNote.case_id)
            .where(Case.person_id == person_id)
            .order_by(CaseNote.note_date, CaseNote.created_at, CaseNote.id)
        ).all()  # fmt: skip
        several = len(cases) > 1
        note_blocks = tuple(
            NoteBlock(
                heading=" · ".join(
                    part
                    for part in (
                        n.note_date.isoformat(),
                        vocabulary.NOTE_KIND.get(n.kind, n.kind),
                        _user(users, n.author_id),
                        case_titles.get(n.case_id, "") if several else "",
                    )
                    if part
                ),
                text=n.text,
            )
            for n in notes
        )
        tasks = session.execute(
            select(Task.case_id, Task.due_date, Task.title, Task.description, Task.assignee_id,
                   Task.done_at)
            .join(Case, Case.id == Task.case_id)
            .where(Case.person_id == person_id)
            .order_by(Task.due_date, Task.title)
        ).all()  # fmt: skip
        referrals = session.execute(
            select(
                Referral.id, Vacancy.title, Employer.name, Referral.status, Referral.agent_id,
                Referral.created_at, Referral.match_score, Referral.match_reasons,
            )
            .join(Vacancy, Vacancy.id == Referral.vacancy_id)
            .join(Employer, Employer.id == Vacancy.employer_id)
            .where(Referral.person_id == person_id)
            .order_by(Referral.created_at, Referral.id)
        ).all()  # fmt: skip
        history: dict[uuid.UUID, list[Any]] = {r.id: [] for r in referrals}
        if referrals:
            for h in session.execute(
                select(
                    ReferralStatusChange.referral_id, ReferralStatusChange.changed_at,
                    ReferralStatusChange.from_status, ReferralStatusChange.to_status,
                    ReferralStatusChange.changed_by_id, ReferralStatusChange.comment,
                    ReferralStatusChange.declined_by, ReferralStatusChange.reason,
                )
                .join(Referral, Referral.id == ReferralStatusChange.referral_id)
                .where(Referral.person_id == person_id)
                .order_by(ReferralStatusChange.changed_at, ReferralStatusChange.id)
            ):  # fmt: skip
                history[h.referral_id].append(h)
        consents = session.execute(
            select(Consent.kind, Consent.given_on, Consent.method, Consent.withdrawn_on,
                   Consent.recorded_by_id, Consent.legal_basis, Consent.note)
            .where(Consent.person_id == person_id)
            .order_by(Consent.given_on, Consent.created_at)
        ).all()  # fmt: skip
        documents = session.execute(
            select(ProducedDocument.produced_at, ProducedDocument.kind, ProducedDocument.title,
                   ProducedDocument.output, ProducedDocument.anonymous,
                   ProducedDocument.produced_by_id)
            .where(ProducedDocument.person_id == person_id)
            .order_by(ProducedDocument.produced_at, ProducedDocument.id)
        ).all()  # fmt: skip
        events = session.execute(
            select(AuditEvent.occurred_at, AuditEvent.user_id, AuditEvent.action,
                   AuditEvent.entity_type, AuditEvent.details)
            .where(AuditEvent.person_id == person_id)
            .order_by(AuditEvent.occurred_at, AuditEvent.seq)
        ).all()  # fmt: skip
        return extract_doc.ExtractContent(
            letterhead=letterhead,
            agent=agent,
            day=today,
            person_name=name,
            identity=identity,
            profile=_full_profile(session, person, levels),
            wishes=_wishes(session, person, names),
            cases=case_blocks,
            notes=note_blocks,
            tasks=Table(
                ("Senast", "Uppföljning", "Ansvarig", "Klar"),
                (0.14, 0.5, 0.2, 0.16),
                tuple(
                    (
                        t.due_date.isoformat(),
                        t.title + (f"\n{t.description}" if t.description else ""),
                        _user(users, t.assignee_id),
                        (_local(t.done_at) or "")[:10] or "Inte klar",
                    )
                    for t in tasks
                ),
            ),
            referrals=tuple(
                ReferralBlock(
                    title=f"{r.title} – {r.name}",
                    facts=(
                        ("Status nu", STATUS_NAMES.get(r.status, r.status)),
                        ("Föreslagen", _local(r.created_at)),
                        ("Handläggare", _user(users, r.agent_id) if r.agent_id else None),
                        ("Matchning", f"{r.match_score} av 100" if r.match_score else None),
                        ("Skäl", r.match_reasons),
                    ),
                    history=Table(
                        ("Tid", "Ändring", "Av", "Kommentar"),
                        (0.2, 0.3, 0.2, 0.3),
                        tuple(_history_row(h, users) for h in history[r.id]),
                    ),
                )
                for r in referrals
            ),
            placements=Table(
                ("Form", "Yrke", "Arbetsgivare", "Omfattning", "Start", "Slut"),
                (0.17, 0.2, 0.25, 0.12, 0.13, 0.13),
                tuple(_placements(session, person_id)),
            ),
            consents=Table(
                ("Samtycke", "Lämnat", "Hur", "Återkallat", "Registrerat av", "Anteckning"),
                (0.22, 0.12, 0.12, 0.13, 0.18, 0.23),
                tuple(
                    (
                        CONSENT_KINDS.get(c.kind, c.kind),
                        c.given_on.isoformat(),
                        CONSENT_METHODS.get(c.method, c.method),
                        _iso(c.withdrawn_on) or "Gäller",
                        _user(users, c.recorded_by_id) if c.recorded_by_id else None,
                        "\n".join(x for x in (c.legal_basis, c.note) if x) or None,
                    )
                    for c in consents
                ),
            ),
            documents=Table(
                ("Tid", "Dokument", "Hur", "Av"),
                (0.18, 0.46, 0.16, 0.2),
                tuple(
                    (
                        _local(d.produced_at),
                        KIND_NAMES.get(d.kind, d.kind)
                        + (" (anonymiserad)" if d.anonymous else "")
                        + f"\n{d.title}",
                        OUTPUT_NAMES.get(d.output, d.output),
                        _user(users, d.produced_by_id),
                    )
                    for d in documents
                ),
            ),
            audit=Table(
                ("Tid (svensk tid)", "Vem", "Händelse", "Vad"),
                (0.2, 0.32, 0.16, 0.32),
                tuple(_audit_row(e, users) for e in events),
            ),
            produced_by=self._actor.full_name,
        )


def _audit_row(event: Any, users: dict[uuid.UUID, str]) -> tuple[str | None, ...]:
    what = entity_label(event.entity_type)
    if event.details in KIND_NAMES:
        what += f" ({KIND_NAMES[event.details].lower()})"
    return (
        _local(event.occurred_at),
        _user(users, event.user_id),
        action_label(event.action).capitalize(),
        what,
    )


def _history_row(change: Any, users: dict[uuid.UUID, str]) -> tuple[str | None, ...]:
    to = STATUS_NAMES.get(change.to_status, change.to_status)
    step = to
    if change.from_status is not None:
        before = STATUS_NAMES.get(change.from_status, change.from_status)
        step = f"{to} (från {before.lower()})"
    comment = [change.comment] if change.comment else []
    if change.declined_by:
        who = DECLINED_BY_NAMES.get(change.declined_by, change.declined_by)
        reason = DECLINE_REASONS.get(change.declined_by, {}).get(change.reason or "", "")
        comment.insert(0, f"{who} tackade nej" + (f": {reason}" if reason else ""))
    return (_local(change.changed_at), step, _user(users, change.changed_by_id),
            "\n".join(comment) or None)  # fmt: skip


def _full_profile(
    session: Session, person: Person, levels: dict[str, str]
) -> tuple[tuple[str, Table], ...]:
    languages = Table(
        ("Språk", "Nivå", "Modersmål"),
        (0.4, 0.4, 0.2),
        ((("Svenska", _swedish(person, levels), None),) if _swedish(person, levels) else ())
        + tuple(
            (language_name(lang), levels.get(level, level) if level else None,
             "Ja" if mother else None)
            for lang, mother, level in _languages(session, person.id, levels)
        ),
    )  # fmt: skip
    educations = Table(
        ("Nivå", "Inriktning", "Land", "År", "Avslutad", "Bedömning"),
        (0.24, 0.24, 0.14, 0.08, 0.12, 0.18),
        tuple(
            (level, field, country_name(country) if country else None,
             str(years) if years else None, "Ja" if completed else "Nej",
             RECOGNITION.get(recognition or "", recognition))
            for level, field, country, years, completed, recognition
            in _educations(session, person.id)
        ),
    )  # fmt: skip
    experiences = Table(
        ("Yrke", "Yrkesgrupp", "Tid", "Senast", "Land"),
        (0.28, 0.3, 0.12, 0.12, 0.18),
        tuple(
            (title, occupation, _years(years), str(last) if last else None,
             country_name(country) if country else None)
            for title, occupation, years, last, country in _experiences(session, person.id)
        ),
    )  # fmt: skip
    qualifications = Table(
        ("Slag", "Behörighet", "Giltig till"),
        (0.3, 0.4, 0.3),
        tuple(
            ("Körkort" if kind == "korkort" else "Certifikat", code, _iso(valid))
            for kind, code, valid in _qualifications(session, person.id)
        ),
    )
    return (
        ("Språk", languages),
        ("Utbildning", educations),
        ("Arbetslivserfarenhet", experiences),
        ("Körkort och certifikat", qualifications),
    )


def _wishes(
    session: Session, person: Person, names: dict[str, str]
) -> tuple[tuple[str, str | None], ...]:
    municipalities = [
        names.get(code, code)
        for code in session.scalars(
            select(WishedMunicipality.municipality_code).where(
                WishedMunicipality.person_id == person.id
            )
        )
    ]
    return (
        ("Önskade yrken", ", ".join(_wished_occupations(session, person.id)) or None),
        ("Önskade kommuner", ", ".join(sorted(municipalities)) or None),
        ("Omfattning", vocabulary.EXTENT.get(person.work_extent or "", person.work_extent)),
        ("Kan börja", _iso(person.earliest_start)),
    )
