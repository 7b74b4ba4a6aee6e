"""Documents about one person for use inside the municipality and for the person
themself: the case summary (ärendesammanfattning) and the register extract
(registerutdrag, GDPR art. 15).

Both go the way of every document (desktop/services/documents/): gather plain data in
one read, lay out in memory, then `_deliver`: record the produced document and an
`export` (saved PDF) or `print` (printout) audit event naming the person, and write the
file atomically, in one unit of work. The extract is an export of personal data, so it
is audited as such, on the Person with details `registerutdrag`.

Who may produce them: any active user (handläggare, samordnare, administratör). The app
lets every user open every person (PersonService.open checks no role), and both
documents are for the municipality's own work or for the person's own request, so a
user who can open a person can produce them; the audit log records who did.

The extract reads with a few set-based queries (one per kind of record, the person's
notes in one, the audit trail in one), never one per note: a person with 200 notes and
1,000 audit events takes well under the 2 s target (benchmarks/document_extract.py).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop import clock
from desktop.documents import case_summary as summary_doc
from desktop.documents import files
from desktop.documents import register_extract as extract_doc
from desktop.documents.letterhead import Agent, Letterhead
from desktop.documents.register_extract import CaseBlock, NoteBlock, ReferralBlock, Table
from desktop.models import (
    AuditEvent,
    Case,
    CaseNote,
    Consent,
    Education,
    EducationLevel,
    Employer,
    LabourMarketForm,
    LanguageLevel,
    Municipality,
    Occupation,
    Person,
    PersonLanguage,
    Placement,
    ProducedDocument,
    Qualification,
    Referral,
    ReferralStatusChange,
    Task,
    User,
    Vacancy,
    WishedMunicipality,
    WishedOccupation,
    WorkExperience,
)
from desktop.models.user import ROLES
from desktop.services import settings, vocabulary
from desktop.services.audit_log import (
    NO_USER,
    UNKNOWN_USER,
    action_label,
    entity_label,
)
from desktop.services.consents import KINDS as CONSENT_KINDS
from desktop.services.consents import METHODS as CONSENT_METHODS
from desktop.services.documents import (
    KIND_NAMES,
    OUTPUTS,
    DocumentRefusedError,
    DocumentService,
    ProducedRow,
)
from desktop.services.forms import get_or_missing
from desktop.services.letterheads import letterhead_of
from desktop.services.reference import country_name, language_name
from desktop.services.referral_statuses import DECLINE_REASONS, DECLINED_BY_NAMES, STATUS_NAMES
from desktop.store.errors import RecordMissingError

__all__ = ["LATEST_NOTES", "PersonDocumentService"]

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# The case summary shows this many of the case's newest journal notes, each in full.
LATEST_NOTES = 8
RECOGNITION = {
    "ej_ansokt": "Ej ansökt",
    "ansokt": "Ansökt",
    "bedomd": "Bedömd",
    "ej_aktuellt": "Ej aktuellt",
}
OUTPUT_NAMES = {"pdf": "Sparad som PDF", "utskrift": "Utskriven"}


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _local(moment: dt.datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M")


def _identity_number(person: Person) -> str:
    number = person.personal_number
    if number:
        kind = vocabulary.IDENTITY_KIND.get(person.identity_kind, person.identity_kind)
        return f"{number[:8]}-{number[8:]}" + (
            f" ({kind.lower()})" if person.identity_kind != "personnummer" else ""
        )
    reason = f": {person.no_identity_reason}" if person.no_identity_reason else ""
    return f"Saknas{reason}"


def _years(years: float | None) -> str | None:
    return f"{years:g} år".replace(".", ",") if years else None


class PersonDocumentService(DocumentService):
    """The case summary and the register extract; everything else from DocumentService
    (produced documents, delivering)."""

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

    # Shared ----------------------------------------------------------------------------------

    def _check(self, output: str) -> None:
        if output not in OUTPUTS:
            raise ValueError(f"unknown output {output!r}")
        if self._actor.role not in ROLES:
            raise DocumentRefusedError("Din roll får inte ta fram dokument om personer.")

    def _sender(
        self, session: Session, agent_id: uuid.UUID | None, code: str | None
    ) -> tuple[Letterhead, Agent]:
        user = session.get(User, agent_id) if agent_id else None
        user = user or session.get(User, self._actor.user_id)
        code = code or (user.municipality_code if user else None)
        code = code or settings.read(session).home_municipality
        head = letterhead_of(session, code)
        agent = Agent(
            name=user.full_name if user else self._actor.full_name,
            phone=(user.phone if user else None) or head.phone,
            email=(user.email if user else None) or head.email,
        )
        letterhead = Letterhead(
            municipality_code=head.municipality_code,
            municipality=head.municipality,
            unit=head.unit,
            street_address=head.street_address,
            postal_code=head.postal_code,
            city=head.city,
            phone=head.phone,
            email=head.email,
            website=head.website,
            logo=head.logo,
        )
        return letterhead, agent

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


# Reading helpers ------------------------------------------------------------------------------


def _municipality_names(session: Session) -> dict[str, str]:
    return {
        code: f"{name} kommun"
        for code, name in session.execute(select(Municipality.code, Municipality.name))
    }


def _user_names(session: Session) -> dict[uuid.UUID, str]:
    return dict(session.execute(select(User.id, User.full_name)).all())


def _user(users: dict[uuid.UUID, str], user_id: uuid.UUID | None) -> str:
    if user_id is None:
        return NO_USER
    return users.get(user_id, UNKNOWN_USER)


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


def _placements(session: Session, person_id: uuid.UUID) -> list[tuple[str | None, ...]]:
    rows = session.execute(
        select(LabourMarketForm.name_sv, Occupation.name_sv, Employer.name, Placement.extent,
               Placement.start_date, Placement.end_date)
        .join(LabourMarketForm, LabourMarketForm.code == Placement.form_code)
        .outerjoin(Occupation, Occupation.code == Placement.occupation_code)
        .outerjoin(Employer, Employer.id == Placement.employer_id)
        .where(Placement.person_id == person_id)
        .order_by(Placement.start_date)
    ).all()  # fmt: skip
    return [
        (form, occupation, employer, vocabulary.EXTENT.get(extent or "", extent),
         start.isoformat(), _iso(end) or "Pågår")
        for form, occupation, employer, extent, start, end in rows
    ]  # fmt: skip


def _swedish(person: Person, levels: dict[str, str]) -> str | None:
    parts = []
    if person.sfi_course:
        path = f" (studieväg {person.sfi_path})" if person.sfi_path else ""
        parts.append(f"{levels.get(person.sfi_course, person.sfi_course)}{path}")
    if person.sas_level:
        parts.append(levels.get(person.sas_level, person.sas_level))
    if person.swedish_cefr:
        parts.append(levels.get(person.swedish_cefr, person.swedish_cefr))
    return ", ".join(parts) or None


def _languages(session: Session, person_id: uuid.UUID, levels: dict[str, str]) -> list[Any]:
    return list(
        session.execute(
            select(PersonLanguage.language, PersonLanguage.mother_tongue, PersonLanguage.level)
            .where(PersonLanguage.person_id == person_id)
            .order_by(PersonLanguage.created_at, PersonLanguage.id)
        ).all()
    )


def _experiences(session: Session, person_id: uuid.UUID) -> list[Any]:
    return list(
        session.execute(
            select(WorkExperience.job_title, Occupation.name_sv, WorkExperience.years,
                   WorkExperience.last_year, WorkExperience.country)
            .outerjoin(Occupation, Occupation.code == WorkExperience.occupation_code)
            .where(WorkExperience.person_id == person_id)
            .order_by(WorkExperience.created_at, WorkExperience.id)
        ).all()
    )  # fmt: skip


def _educations(session: Session, person_id: uuid.UUID) -> list[Any]:
    return list(
        session.execute(
            select(EducationLevel.name_sv, Education.field, Education.country, Education.years,
                   Education.completed, Education.recognition)
            .join(EducationLevel, EducationLevel.code == Education.level)
            .where(Education.person_id == person_id)
            .order_by(Education.created_at, Education.id)
        ).all()
    )  # fmt: skip


def _qualifications(session: Session, person_id: uuid.UUID) -> list[Any]:
    return list(
        session.execute(
            select(Qualification.kind, Qualification.code, Qualification.valid_until)
            .where(Qualification.person_id == person_id)
            .order_by(Qualification.kind.desc(), Qualification.code)
        ).all()
    )


def _wished_occupations(session: Session, person_id: uuid.UUID) -> list[str]:
    return list(
        session.scalars(
            select(Occupation.name_sv)
            .join(WishedOccupation, WishedOccupation.occupation_code == Occupation.code)
            .where(WishedOccupation.person_id == person_id)
            .order_by(Occupation.name_sv)
        )
    )


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
