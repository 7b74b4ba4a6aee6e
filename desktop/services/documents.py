"""Documents from the records: the referral letter now, the candidate profile, employer
meeting sheet, case summary and register extract next (issue 11), all the same way.

Every document is produced in three steps:

1. **Gather and check**, in a read: the records, the municipality's letterhead
   (services/letterheads.py), what may be shared. A refusal is a DocumentError with a
   Swedish reason (ConsentRequiredError when the person has not agreed to share their
   profile); characters no bundled font has are reported before anything is printed.
2. **Lay out** the PDF in memory (desktop/documents/<document>.py on the shared
   letterhead), outside any transaction.
3. **Deliver** (`_deliver`): in one unit of work, record the produced document (the
   Dokument tabs list it) and the audit event (`export` for a saved PDF, `print` for a
   printout; details: the document kind, never personal data), then write the file
   atomically. A file that cannot be written rolls the records back; a file is never
   left half-written and an existing one is never damaged.

The referral letter: `referral_letter_text()` gives the merged text for the agent to
read and edit, with what is missing and why; `referral_letter()` produces it, from that
text or the agent's edited version. The merge fields are desktop/documents/
referral_letter.py's FIELDS, documented in docs/documents.md.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import uuid
from collections.abc import Callable
from concurrent.futures import BrokenExecutor, Future
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar, cast

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from desktop import clock
from desktop.documents import files, fonts, referral_letter, templates
from desktop.documents.errors import DocumentError, UnprintableTextError
from desktop.documents.letterhead import Agent, Rendered, swedish_date
from desktop.documents.pool import LayoutPool
from desktop.models import (
    Case,
    ContactPerson,
    Employer,
    LabourMarketForm,
    LanguageLevel,
    Occupation,
    Person,
    ProducedDocument,
    Referral,
    User,
    Vacancy,
    Workplace,
)
from desktop.models.base import utcnow
from desktop.models.collation import swedish_sort_key
from desktop.services import audit, settings
from desktop.services.accounts import Actor
from desktop.services.consents import may_share
from desktop.services.forms import get_or_missing
from desktop.services.letterheads import LetterheadRow, letterhead_of
from desktop.services.reference import country_name, language_name
from desktop.services.validation import text_problem
from desktop.store.database import Database

T = TypeVar("T")

__all__ = [
    "KIND_NAMES",
    "OUTPUTS",
    "ConsentRequiredError",
    "DocumentError",
    "DocumentRefusedError",
    "DocumentService",
    "LetterBatch",
    "LetterDraft",
    "MissingValue",
    "MissingValuesError",
    "NeedLetter",
    "NeedLetters",
    "ProducedRow",
    "Recipient",
    "UnprintableTextError",
]

KIND_NAMES = {
    "presentationsbrev": "Presentationsbrev",
    "kandidatprofil": "Kandidatprofil",
    "arbetsgivarblad": "Mötesunderlag för arbetsgivare",
    "arendesammanfattning": "Ärendesammanfattning",
    "registerutdrag": "Registerutdrag",
}
# How a document leaves the app → the audit action it is recorded as.
OUTPUTS = {"pdf": "export", "utskrift": "print"}
# A referral closed this way gets no letter.
CLOSED_REFERRALS = {"avbojd": "avböjd", "aterkallad": "återkallad"}
# Match reasons that say what is missing or does not fit: kept on the referral for the
# agent, never put in a letter to the employer (desktop/services/matching/service.py).
UNFIT_REASONS = (
    "Saknar ",
    "Ingen erfarenhet",
    "Vill arbeta i andra kommuner",
    "Har inte angett",
    "Söker en annan omfattning",
    "Kan börja först",
)
# The letterhead settings printed on every page.
_PRINTED_LETTERHEAD = (
    "municipality",
    "unit",
    "street_address",
    "postal_code",
    "city",
    "phone",
    "email",
    "website",
)
# Letters a batch reads in one transaction, and records in one (one commit, one flush of
# the folder for them all).
_BATCH = 25
_UNSAFE_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


class DocumentRefusedError(DocumentError):
    """A document the records do not allow now (no consent, values missing, a closed
    referral): the request, not the computer, has to change."""


class ConsentRequiredError(DocumentRefusedError):
    """The person has no consent in force to share their profile with employers."""

    def __init__(self, person_id: uuid.UUID, name: str, document: str) -> None:
        super().__init__(
            f"{name} har inget gällande samtycke till att profilen delas med arbetsgivare, "
            f"så {document} kan inte skrivas ut. Registrera samtycket under Samtycken på "
            "personens sida först."
        )
        self.person_id = person_id


@dataclass(frozen=True)
class MissingValue:
    """A merge field the records have no value for, and what to do about it."""

    field: str  # "korkort"
    label: str  # "Kandidatens körkort"
    reason: str  # "Inga körkort är registrerade för Amira Testsson."


class MissingValuesError(DocumentRefusedError):
    """The letter's text still holds fields without a value; `missing` says which."""

    def __init__(self, missing: tuple[MissingValue, ...]) -> None:
        described = "; ".join(
            f"{{{m.field}}} ({m.label[:1].lower()}{m.label[1:]}): {m.reason}" for m in missing
        )
        super().__init__(
            f"Brevet kan inte skrivas ut, uppgifter saknas: {described} Fyll i uppgifterna, "
            "eller ändra brevtexten så att fälten inte är kvar."
        )
        self.missing = missing


@dataclass(frozen=True)
class Recipient:
    """An active contact person of the employer the letter may be addressed to."""

    id: uuid.UUID
    name: str
    role: str | None


@dataclass(frozen=True)
class LetterDraft:
    """A referral letter's merged text, before printing. Where a value is missing, the
    text still holds the field (`{korkort}`) and `missing` says why; `unprintable` names
    characters no font has ("Brevtexten: 日 (U+65E5 …)"). The letter can be produced
    when both are empty, from this text or the agent's edited one."""

    referral_id: uuid.UUID
    text: str
    missing: tuple[MissingValue, ...]
    unprintable: tuple[str, ...]
    recipients: tuple[Recipient, ...]
    contact_person_id: uuid.UUID | None  # the one the letter is addressed to
    title: str
    file_name: str  # a suggested file name: "Presentationsbrev Amira Testsson – ….pdf"

    @property
    def ready(self) -> bool:
        return not self.missing and not self.unprintable


@dataclass(frozen=True)
class NeedLetter:
    """A current referral of a need, and whether its letter can be written now."""

    referral_id: uuid.UUID
    person_name: str
    status: str  # the referral's status (services/referrals.py STATUS_NAMES)
    file_name: str
    missing: tuple[MissingValue, ...]  # values the template uses that the records lack
    refused: str | None  # why no letter can be written (no consent, characters)
    obstacle: str | None = None  # the same in a few words, for a list

    def ready(self, *, omit_missing: bool) -> bool:
        return self.refused is None and (omit_missing or not self.missing)


@dataclass(frozen=True)
class NeedLetters:
    vacancy_id: uuid.UUID
    title: str  # "Undersköterska, natt – Lindängens Vård AB"
    letters: tuple[NeedLetter, ...]


@dataclass(frozen=True)
class LetterBatch:
    """What a batch of letters did: the files written, who was skipped and why, and
    whether the agent stopped it."""

    written: tuple[Path, ...]
    skipped: tuple[tuple[str, str], ...]  # (the person's name, why)
    cancelled: bool


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


@dataclass(frozen=True)
class _Delivery:
    """A laid-out document on its way to `path`, with its record (see `_deliver`)."""

    pdf: Rendered
    path: Path
    record: ProducedDocument
    subject: tuple[str, uuid.UUID | None]
    check: Callable[[Session], None] | None = None


@dataclass(frozen=True)
class _Refused:
    """A batch's letter the records do not allow now."""

    name: str  # the person's
    reason: str


@dataclass(frozen=True)
class _InLayout:
    """A batch's letter read and handed to the layout pool."""

    letter: _Letter
    text: str
    content: referral_letter.LetterContent
    layout: Future[Rendered]


@dataclass
class _BatchRun:
    """Where a batch of letters is: what it wrote and skipped, and its progress."""

    total: int
    progress: Callable[[int, int], object] | None
    cancelled: Callable[[], bool] | None
    written: list[Path] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    done: int = 0

    def step(self) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total)

    def outcome(self, *, cancelled: bool) -> LetterBatch:
        return LetterBatch(tuple(self.written), tuple(self.skipped), cancelled=cancelled)


@dataclass
class _Letter:
    """Everything a referral letter is made from, gathered in one read."""

    referral: Referral
    person: Person
    vacancy: Vacancy
    employer: Employer
    letterhead: LetterheadRow
    agent: Agent
    recipients: tuple[Recipient, ...]
    contact: ContactPerson | None
    recipient_lines: tuple[str, ...]
    values: dict[str, str | None]
    reasons: dict[str, str]  # field → why it has no value
    today: dt.date  # the letter's date

    @property
    def person_name(self) -> str:
        return f"{self.person.first_name} {self.person.last_name}"

    @property
    def title(self) -> str:
        return f"Presentationsbrev – {self.person_name} – {self.vacancy.title}"


class DocumentService:
    def __init__(self, db: Database, actor: Actor) -> None:
        self._db = db
        self._actor = actor

    # The referral letter ----------------------------------------------------------------------

    def referral_letter_text(
        self,
        referral_id: uuid.UUID,
        *,
        contact_person_id: uuid.UUID | None = None,
        today: dt.date | None = None,
        screen: str = "anvisning",
    ) -> LetterDraft:
        """The letter's text merged from the municipality's template, for the agent to
        read (and edit) before printing. Reading it is audited as a read of the person's
        record. Refused (ConsentRequiredError) without a consent to share."""
        today = today or clock.today()
        with self._db.unit_of_work(actor=self._actor.user_id, screen=screen) as session:
            letter = self._gather(session, referral_id, contact_person_id, today)
            audit.record(
                session,
                "read",
                "Referral",
                referral_id,
                person_id=letter.person.id,
                details="presentationsbrev",
            )
        text, missing = templates.merge(letter.letterhead.referral_template, letter.values)
        return LetterDraft(
            referral_id=referral_id,
            text=text,
            missing=_missing(letter, missing),
            unprintable=tuple(_unprintable(letter, text)),
            recipients=letter.recipients,
            contact_person_id=letter.contact.id if letter.contact else None,
            title=letter.title,
            file_name=_letter_file_name(letter),
        )

    def referral_letter(
        self,
        referral_id: uuid.UUID,
        path: Path,
        *,
        text: str | None = None,
        omit_missing: bool = False,
        contact_person_id: uuid.UUID | None = None,
        output: str = "pdf",
        today: dt.date | None = None,
        screen: str = "anvisning",
    ) -> ProducedRow:
        """Produce the referral letter as a PDF at `path`: from the merged template, or
        from `text` (the agent's edited version, for this letter only). `omit_missing`
        leaves out the template's lines whose values are missing. Refused with a
        DocumentError when a merge value is missing, a character cannot be printed, the
        person has no consent to share (ConsentRequiredError), the referral is closed, or
        the file cannot be written; nothing is then recorded or written."""
        if output not in OUTPUTS:
            raise ValueError(f"unknown output {output!r}")
        today = today or clock.today()
        path = Path(path)
        files.check_target(path)
        if text is not None:
            problem = text_problem(text, label="Brevtexten", required=True)
            if problem:
                raise DocumentRefusedError(problem)
        with self._db.read() as session:
            letter = self._gather(session, referral_id, contact_person_id, today)
        letter_text, content = _content(letter, text, omit_missing=omit_missing)
        pdf = referral_letter.pdf(content)
        [row] = self._deliver_all(
            [_letter_delivery(letter, letter_text, pdf, path, today)], output=output, screen=screen
        )
        return row

    # Letters for every referral of a need ---------------------------------------------------

    def need_letters(self, vacancy_id: uuid.UUID, *, today: dt.date | None = None) -> NeedLetters:
        """The need's current referrals (not declined or withdrawn), each with what its
        letter lacks or why it cannot be written, for the agent to choose from."""
        today = today or clock.today()
        with self._db.read() as session:
            vacancy = get_or_missing(session, Vacancy, vacancy_id, "Behovet")
            employer = session.get_one(Employer, vacancy.employer_id)
            rows = session.execute(
                select(Referral.id, Referral.status, Person.sort_key)
                .join(Person, Person.id == Referral.person_id)
                .where(
                    Referral.vacancy_id == vacancy_id,
                    Referral.status.not_in(list(CLOSED_REFERRALS)),
                )
                .order_by(Person.sort_key, Referral.id)
            ).all()
            _preload(session, [referral_id for referral_id, _, _ in rows])
            letters = [self._need_letter(session, rid, status, today) for rid, status, _ in rows]
        return NeedLetters(vacancy_id, f"{vacancy.title} – {employer.name}", tuple(letters))

    def _need_letter(
        self, session: Session, referral_id: uuid.UUID, status: str, today: dt.date
    ) -> NeedLetter:
        try:
            letter = self._gather(session, referral_id, None, today)
        except ConsentRequiredError as error:
            person = session.get_one(Person, session.get_one(Referral, referral_id).person_id)
            name = f"{person.first_name} {person.last_name}"
            return NeedLetter(
                referral_id, name, status, "", (), str(error), "Inget gällande samtycke"
            )
        text, missing = templates.merge(letter.letterhead.referral_template, letter.values)
        unprintable = _unprintable(letter, text)
        return NeedLetter(
            referral_id=referral_id,
            person_name=letter.person_name,
            status=status,
            file_name=_letter_file_name(letter),
            missing=_missing(letter, missing),
            refused=(
                "Tecken som inget typsnitt kan skriva ut: " + "; ".join(unprintable)
                if unprintable
                else None
            ),
            obstacle="Tecken som inte kan skrivas ut" if unprintable else None,
        )

    def write_need_letters(
        self,
        referral_ids: list[uuid.UUID],
        folder: Path,
        *,
        omit_missing: bool = False,
        progress: Callable[[int, int], object] | None = None,
        cancelled: Callable[[], bool] | None = None,
        today: dt.date | None = None,
        screen: str = "behov",
        workers: int | None = None,
    ) -> LetterBatch:
        """Write the letter of each referral into `folder`, one PDF each, recorded and
        audited one by one like a single letter (so a cancelled or failed batch leaves
        exactly the letters it reports). A letter the records refuse now is skipped with
        its reason; a file that cannot be written stops the batch (DocumentError).
        `progress(done, total)` after each letter; `cancelled()` is asked before each.
        An existing file is never replaced: the new one gets a number ("… (2).pdf").
        The letters are laid out on every core (desktop/documents/pool.py; `workers`
        overrides how many processes)."""
        today = today or clock.today()
        folder = Path(folder)
        files.check_folder(folder)
        run = _BatchRun(len(referral_ids), progress, cancelled)
        with LayoutPool(len(referral_ids), workers=workers) as pool:
            # Each chunk is read and handed to the workers before the one before it is
            # collected and written, so that reading overlaps the layout.
            waiting: list[_Refused | _InLayout] = []
            for start in range(0, len(referral_ids), _BATCH):
                chunk = referral_ids[start : start + _BATCH]
                prepared = self._prepare(chunk, pool, omit_missing=omit_missing, today=today)
                if not self._finish(waiting, run, folder, screen=screen, today=today):
                    return run.outcome(cancelled=True)
                waiting = prepared
            stopped = not self._finish(waiting, run, folder, screen=screen, today=today)
        return run.outcome(cancelled=stopped)

    def _prepare(
        self, referral_ids: list[uuid.UUID], pool: LayoutPool, *, omit_missing: bool, today: dt.date
    ) -> list[_Refused | _InLayout]:
        """Read the letters in one transaction and hand their layout to the pool."""
        prepared: list[_Refused | _InLayout] = []
        with self._db.read() as session:
            _preload(session, referral_ids)
            for referral_id in referral_ids:
                try:
                    letter = self._gather(session, referral_id, None, today)
                    text, content = _content(letter, None, omit_missing=omit_missing)
                except (DocumentRefusedError, UnprintableTextError) as error:
                    prepared.append(_Refused(_referral_name(session, referral_id), str(error)))
                else:
                    layout = pool.submit(referral_letter.pdf, content)
                    prepared.append(_InLayout(letter, text, content, layout))
        return prepared

    def _finish(
        self,
        prepared: list[_Refused | _InLayout],
        run: _BatchRun,
        folder: Path,
        *,
        screen: str,
        today: dt.date,
    ) -> bool:
        """Collect the laid-out letters and record and write them in one unit of work;
        False when the agent stopped the batch (what was collected is still written)."""
        deliveries: list[_Delivery] = []
        going = True
        for item in prepared:
            if run.cancelled is not None and run.cancelled():
                going = False
                break
            if isinstance(item, _Refused):
                run.skipped.append((item.name, item.reason))
            else:
                taken = {delivery.path for delivery in deliveries}
                path = files.free_name(folder / _letter_file_name(item.letter), taken)
                try:
                    pdf = item.layout.result()
                except BrokenExecutor:  # a worker died: this one is laid out here
                    pdf = referral_letter.pdf(item.content)
                deliveries.append(_letter_delivery(item.letter, item.text, pdf, path, today))
            run.step()
        if deliveries:
            self._deliver_all(deliveries, output="pdf", screen=screen, new_files=True)
            run.written += [delivery.path for delivery in deliveries]
        return going

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

    # Delivering ------------------------------------------------------------------------------

    def _deliver(
        self,
        pdf: Rendered,
        path: Path,
        record: ProducedDocument,
        *,
        output: str,
        screen: str,
        subject: tuple[str, uuid.UUID | None],
        check: Any = None,
    ) -> ProducedRow:
        """Record the document and its audit event and write the file, in one unit of
        work (the module docstring). `subject` is the entity the audit event names (a
        document about a referral: ("Referral", id)); `check(session)` may refuse, inside
        the transaction, what changed since the records were read."""
        [row] = self._deliver_all(
            [_Delivery(pdf, path, record, subject, check)], output=output, screen=screen
        )
        return row

    def _deliver_all(
        self, deliveries: list[_Delivery], *, output: str, screen: str, new_files: bool = False
    ) -> list[ProducedRow]:
        """`_deliver` for several documents in one unit of work (a batch: one commit and
        one flush of the folder for many files). With `new_files` (every path was free),
        the files already written are removed again when a later one or the commit
        fails, so records and files always match."""
        written: list[Path] = []
        rows = []
        try:
            with self._db.unit_of_work(actor=self._actor.user_id, screen=screen) as session:
                for delivery in deliveries:
                    record = delivery.record
                    if delivery.check is not None:
                        delivery.check(session)
                    record.id = record.id or uuid.uuid4()
                    record.produced_by_id = self._actor.user_id
                    record.produced_at = utcnow()
                    record.output = output
                    session.add(record)
                    entity_type, entity_id = delivery.subject
                    audit.record(
                        session,
                        OUTPUTS[output],
                        entity_type,
                        entity_id,
                        person_id=record.person_id,
                        details=record.kind,
                    )
                    session.flush()
                    data = delivery.pdf.data
                    files.write_atomically(
                        delivery.path,
                        lambda handle, data=data: handle.write(data),  # type: ignore[misc]
                        flush_folder=len(deliveries) == 1,
                    )
                    written.append(delivery.path)
                    row = _produced_row(record, self._actor.full_name)
                    rows.append(replace(row, pages=delivery.pdf.pages))
        except BaseException:
            if new_files:
                for path in written:
                    with contextlib.suppress(OSError):
                        path.unlink()
            raise
        if len(deliveries) > 1 and written:
            files.sync_folder(written[0].parent)
        return rows

    # Gathering -------------------------------------------------------------------------------

    def _gather(
        self,
        session: Session,
        referral_id: uuid.UUID,
        contact_person_id: uuid.UUID | None,
        today: dt.date,
    ) -> _Letter:
        referral = get_or_missing(session, Referral, referral_id, "Anvisningen")
        person = session.get_one(Person, referral.person_id)
        name = f"{person.first_name} {person.last_name}"
        if referral.status in CLOSED_REFERRALS:
            raise DocumentRefusedError(
                f"Anvisningen är {CLOSED_REFERRALS[referral.status]}; ett presentationsbrev "
                "skrivs bara för en anvisning som är aktuell."
            )
        if not may_share(session, person.id, today):
            raise ConsentRequiredError(person.id, name, "presentationsbrevet")
        vacancy = session.get_one(Vacancy, referral.vacancy_id)
        employer = session.get_one(Employer, vacancy.employer_id)
        case = session.get(Case, referral.case_id) if referral.case_id else None
        user = session.get(User, referral.agent_id) if referral.agent_id else None
        user = user or session.get(User, self._actor.user_id)
        code = (
            (case.municipality_code if case else None)
            or (user.municipality_code if user else None)
            or settings.read(session).home_municipality
        )
        head = _cached(session, ("letterhead", code), lambda: letterhead_of(session, code))
        agent = Agent(
            name=user.full_name if user else self._actor.full_name,
            phone=(user.phone if user else None) or head.phone,
            email=(user.email if user else None) or head.email,
        )
        if contact_person_id is None:
            recipients, contact = _cached(
                session, ("recipients", employer.id), lambda: _recipients(session, employer, None)
            )
        else:
            recipients, contact = _recipients(session, employer, contact_person_id)
        workplace = _cached(
            session, ("workplace", vacancy.id), lambda: _workplace(session, vacancy, employer)
        )
        lines = [employer.name]
        if contact is not None:
            lines.append(f"Att: {contact.name}")
        if workplace is not None:
            lines += [workplace.street_address or ""]
            lines.append(" ".join(p for p in (workplace.postal_code, workplace.city) if p))
        form = session.get(LabourMarketForm, vacancy.form_code)
        values, reasons = _values(
            session, person, referral=referral, form=form, name=name, today=today
        )
        values.update(
            halsning=f"Hej {contact.name}!" if contact else "Hej!",
            kontaktperson=contact.name if contact else None,
            arbetsgivare=employer.name,
            behov=vacancy.title,
            anstallningsform=form.name_sv if form else None,
            handlaggare=agent.name,
            handlaggare_telefon=agent.phone or None,
            handlaggare_epost=agent.email or None,
            enhet=head.unit or None,
            kommun=head.municipality,
            datum=swedish_date(today),
        )
        reasons.update(
            kontaktperson=f"{employer.name} har ingen aktiv kontaktperson registrerad.",
            handlaggare_telefon=(
                "Varken handläggaren eller enheten har ett telefonnummer registrerat."
            ),
            handlaggare_epost="Varken handläggaren eller enheten har en e-postadress registrerad.",
            enhet="Ingen enhet är angiven i kommunens brevhuvud.",
        )
        return _Letter(
            referral=referral,
            person=person,
            vacancy=vacancy,
            employer=employer,
            letterhead=head,
            agent=agent,
            recipients=recipients,
            contact=contact,
            recipient_lines=tuple(line for line in lines if line),
            values=values,
            reasons=reasons,
            today=today,
        )


# Merge values ------------------------------------------------------------------------------


def _values(
    session: Session,
    person: Person,
    *,
    referral: Referral,
    form: LabourMarketForm | None,
    name: str,
    today: dt.date,
) -> tuple[dict[str, str | None], dict[str, str]]:
    values: dict[str, str | None] = {
        "kandidat_namn": name,
        "kandidat_fornamn": person.first_name,
        "yrkesbakgrund": _experience(session, person),
        "sprak": _languages(session, person),
        "korkort": ", ".join(sorted(q.code for q in person.qualifications if q.kind == "korkort")),
        "tillganglig_fran": _start(person.earliest_start, today),
        "varfor": _reasons(referral.match_reasons),
        "erbjudande": _offer(form, person.first_name),
    }
    reasons = {
        "yrkesbakgrund": f"Ingen arbetslivserfarenhet är registrerad för {name}.",
        "sprak": f"Inga språkkunskaper är registrerade för {name}.",
        "korkort": f"Inga körkort är registrerade för {name}.",
        "tillganglig_fran": f"Ingen tidigaste startdag är registrerad för {name}.",
        "varfor": "Anvisningen har inga sparade skäl till varför kandidaten passar.",
        "erbjudande": "Behovets anställningsform finns inte längre.",
    }
    return values, reasons


def _preload(session: Session, referral_ids: list[uuid.UUID]) -> None:
    """Read a batch's referrals and their people with everything a letter prints in a
    few queries, into the session, instead of a handful of queries per letter."""
    for start in range(0, len(referral_ids), _BATCH):
        chunk = referral_ids[start : start + _BATCH]
        referrals = session.scalars(select(Referral).where(Referral.id.in_(chunk))).all()
        people = [referral.person_id for referral in referrals]
        session.scalars(
            select(Person)
            .where(Person.id.in_(people))
            .options(
                selectinload(Person.languages),
                selectinload(Person.experiences),
                selectinload(Person.qualifications),
            )
        ).all()
        cases = [referral.case_id for referral in referrals if referral.case_id]
        session.scalars(select(Case).where(Case.id.in_(cases))).all()


def _cached(session: Session, key: tuple[object, ...], make: Callable[[], T]) -> T:
    """What `make` reads, kept for the rest of the session: a batch of letters reads the
    need's employer, contact persons and letterhead once, not once per letter."""
    cache: dict[tuple[object, ...], Any] = session.info.setdefault("document_cache", {})
    if key not in cache:
        cache[key] = make()
    return cast(T, cache[key])


def _years(years: float | None) -> str | None:
    if not years:
        return None
    return f"{years:g} år".replace(".", ",")


def _experience(session: Session, person: Person) -> str | None:
    jobs = []
    for job in person.experiences:
        occupation = session.get(Occupation, job.occupation_code) if job.occupation_code else None
        title = job.job_title or (occupation.name_sv if occupation else None)
        if not title:
            continue
        where = [country_name(job.country)] if job.country else []
        if job.last_year:
            where.append(f"till {job.last_year}")
        text = title
        if years := _years(job.years):
            text += f", {years}"
        if where:
            text += f" ({', '.join(where)})"
        jobs.append(text)
    return "; ".join(jobs) or None


def _level(session: Session, code: str | None) -> str | None:
    if not code:
        return None
    levels = _cached(
        session,
        ("levels",),
        lambda: {level.code: level for level in session.scalars(select(LanguageLevel))},
    )
    level = levels.get(code)
    if level is None:
        return code
    # "B2 – högre mellannivå" reads as "B2" in a letter; SFI and SAS keep their names.
    return level.name_sv.split(" – ")[0] if level.scale == "cefr" else level.name_sv


def _languages(session: Session, person: Person) -> str | None:
    parts = []
    swedish = [
        level
        for level in (
            _level(session, person.sfi_course),
            _level(session, person.sas_level),
            _level(session, person.swedish_cefr),
        )
        if level
    ]
    if swedish:
        parts.append(f"svenska ({', '.join(swedish)})")
    for language in person.languages:
        name = language_name(language.language).lower()
        notes = []
        if language.mother_tongue:
            notes.append("modersmål")
        if level := _level(session, language.level):
            notes.append(level)
        parts.append(f"{name} ({', '.join(notes)})" if notes else name)
    if not parts:
        return None
    text = ", ".join(parts)
    return text[:1].upper() + text[1:]


def _start(earliest: dt.date | None, today: dt.date) -> str | None:
    if earliest is None:
        return None
    return "omgående" if earliest <= today else swedish_date(earliest)


def _reasons(kept: str | None) -> str | None:
    """The match reasons kept on the referral that speak for the candidate, as bullets."""
    lines = [line.strip() for line in (kept or "").splitlines()]
    good = [line for line in lines if line and not line.startswith(UNFIT_REASONS)]
    return "\n".join(f"- {line}" for line in good) or None


def _offer(form: LabourMarketForm | None, first_name: str) -> str | None:
    """What the municipality offers the employer, by the need's labour-market form."""
    if form is None:
        return None
    follow_up = (
        f"Vi finns med under introduktionen och följer upp med både er och {first_name} "
        "efter start."
    )
    if form.category == "subventionerad":
        return (
            f"Anställningen kan göras som {form.name_sv.lower()}, med ekonomiskt stöd till er "
            "som arbetsgivare under en period. Vi hjälper er med ansökan och kontakten med "
            f"Arbetsförmedlingen. {follow_up}"
        )
    if form.category == "praktik":
        return (
            "Praktiken kostar ingenting för er. Vi kommer överens med er om mål, längd och "
            f"handledning, och följer upp regelbundet med både er och {first_name}."
        )
    if form.category == "studier":
        return (
            f"Vi planerar studierna tillsammans med er och {first_name} och följer upp under tiden."
        )
    return f"Det kostar ingenting för er att ta emot vårt förslag. {follow_up}"


def _recipients(
    session: Session, employer: Employer, chosen: uuid.UUID | None
) -> tuple[tuple[Recipient, ...], ContactPerson | None]:
    people = sorted(
        session.scalars(
            select(ContactPerson).where(
                ContactPerson.employer_id == employer.id, ContactPerson.active.is_(True)
            )
        ),
        key=lambda p: swedish_sort_key(p.name),
    )
    recipients = tuple(Recipient(p.id, p.name, p.role) for p in people)
    if chosen is None:
        return recipients, people[0] if people else None
    contact = session.get(ContactPerson, chosen)
    if contact is None or contact.employer_id != employer.id:
        raise DocumentError(f"Kontaktpersonen finns inte hos {employer.name}.")
    return recipients, contact


def _workplace(session: Session, vacancy: Vacancy, employer: Employer) -> Workplace | None:
    if vacancy.workplace_id is not None:
        return session.get(Workplace, vacancy.workplace_id)
    return session.scalars(
        select(Workplace)
        .where(Workplace.employer_id == employer.id)
        .order_by(Workplace.created_at, Workplace.id)
        .limit(1)
    ).first()


# Checks --------------------------------------------------------------------------------------


def _missing(letter: _Letter, names: list[str]) -> tuple[MissingValue, ...]:
    labels = {f.name: f.label for f in referral_letter.FIELDS}
    return tuple(
        MissingValue(name, labels[name], letter.reasons.get(name, "Uppgiften saknas."))
        for name in names
    )


def _refuse_missing(letter: _Letter, text: str) -> None:
    left = templates.unresolved(text, referral_letter.FIELD_NAMES)
    if left:
        raise MissingValuesError(_missing(letter, left))


def _unprintable_parts(letter: _Letter, text: str) -> list[tuple[str, list[str]]]:
    head = letter.letterhead
    parts = {
        "Brevtexten": templates.finish(text),
        "Mottagarens adress": "\n".join(letter.recipient_lines),
        "Handläggarens uppgifter": "\n".join(
            (letter.agent.name, letter.agent.phone, letter.agent.email)
        ),
        "Brevhuvudets uppgifter": "\n".join(getattr(head, name) for name in _PRINTED_LETTERHEAD),
    }
    found = [(what, fonts.uncovered(value)) for what, value in parts.items()]
    return [(what, characters) for what, characters in found if characters]


def _unprintable(letter: _Letter, text: str) -> list[str]:
    return [
        f"{what}: {character}"
        for what, characters in _unprintable_parts(letter, text)
        for character in characters
    ]


def _content(
    letter: _Letter, text: str | None, *, omit_missing: bool
) -> tuple[str, referral_letter.LetterContent]:
    """The letter's final text (the agent's, or the template merged, perhaps without the
    lines whose values are missing) and all it is laid out from; refused while a value is
    missing or a character cannot be printed."""
    letter_text = text
    if letter_text is None:
        letter_text, missing = templates.merge(letter.letterhead.referral_template, letter.values)
        if omit_missing:
            letter_text = templates.without_lines_missing(letter_text, missing)
    _refuse_missing(letter, letter_text)
    for what, characters in _unprintable_parts(letter, letter_text):
        raise UnprintableTextError(what, characters)
    content = referral_letter.LetterContent(
        letterhead=letter.letterhead.letterhead,
        agent=letter.agent,
        recipient=letter.recipient_lines,
        title=letter.title,
        subject=f"Kandidatförslag till {letter.employer.name}",
        text=letter_text,
        day=letter.today,
    )
    return letter_text, content


def _letter_delivery(
    letter: _Letter, text: str, pdf: Rendered, path: Path, today: dt.date
) -> _Delivery:
    record = ProducedDocument(
        kind="presentationsbrev",
        title=letter.title[:300],
        person_id=letter.person.id,
        case_id=letter.referral.case_id,
        employer_id=letter.employer.id,
        vacancy_id=letter.vacancy.id,
        referral_id=letter.referral.id,
        anonymous=False,
        text=text,
    )
    return _Delivery(
        pdf,
        path,
        record,
        ("Referral", letter.referral.id),
        lambda session: _still_shareable(session, letter, today),
    )


def _letter_file_name(letter: _Letter) -> str:
    return _file_name(f"{referral_letter.KIND} {letter.person_name} – {letter.vacancy.title}")


def _referral_name(session: Session, referral_id: uuid.UUID) -> str:
    referral = session.get(Referral, referral_id)
    person = session.get(Person, referral.person_id) if referral else None
    return f"{person.first_name} {person.last_name}" if person else str(referral_id)


def _still_shareable(session: Session, letter: _Letter, today: dt.date) -> None:
    if not may_share(session, letter.person.id, today):
        raise ConsentRequiredError(letter.person.id, letter.person_name, "presentationsbrevet")


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
