"""The referral letter: its merged text for the agent to read and edit, what is missing
and why, and producing it (one letter; `need_letters` writes a need's letters)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from desktop import clock
from desktop.documents import files, fonts, referral_letter, templates
from desktop.documents.errors import UnprintableTextError
from desktop.documents.letterhead import Agent, Rendered, swedish_date
from desktop.models import (
    Case,
    ContactPerson,
    Employer,
    LabourMarketForm,
    Person,
    ProducedDocument,
    Referral,
    User,
    Vacancy,
)
from desktop.services import audit, settings
from desktop.services.consents import may_share
from desktop.services.documents.base import ConsentRequiredError, DocumentRefusedError
from desktop.services.documents.delivery import OUTPUTS, DocumentDelivery, _Delivery
from desktop.services.documents.merge_values import (
    Recipient,
    _cached,
    _recipients,
    _values,
    _workplace,
)
from desktop.services.documents.produced import ProducedRow, _file_name
from desktop.services.forms import get_or_missing
from desktop.services.letterheads import LetterheadRow, letterhead_of
from desktop.services.validation import text_problem

# A referral closed this way gets no letter.
CLOSED_REFERRALS = {"avbojd": "avböjd", "aterkallad": "återkallad"}
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


class ReferralLetters(DocumentDelivery):
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
