"""The documents an agent takes to an employer: the candidate profile (named or
anonymised) and the employer meeting sheet. Produced like every document
(desktop/services/documents/): gathered and checked in one read, laid out in memory,
then recorded with its audit event and written atomically by DocumentService._deliver.

What may be shared:
- the named profile only with a consent in force to share the profile with employers
  (consents.may_share); without one only the anonymised profile is offered
  (`profile_variants`) and the named one is refused with the reason
  (ConsentRequiredError). Neither ever prints the personnummer or the birth date; the
  anonymised one has no name or contact details either, and at most an age band;
- the meeting sheet names a proposed candidate only with such a consent, else
  "Kandidat (samtycke saknas)".
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop import clock
from desktop.documents import candidate_profile, files, meeting_sheet
from desktop.documents.letterhead import Agent, Letterhead, swedish_date
from desktop.models import (
    Case,
    ContactPerson,
    EducationLevel,
    Employer,
    EmployerContact,
    LabourMarketForm,
    LanguageLevel,
    Municipality,
    Occupation,
    Person,
    Placement,
    ProducedDocument,
    Referral,
    User,
    Vacancy,
    Workplace,
)
from desktop.models.collation import swedish_sort_key
from desktop.services import settings, vocabulary
from desktop.services.accounts import Actor
from desktop.services.consents import may_share
from desktop.services.documents import (
    OUTPUTS,
    ConsentRequiredError,
    DocumentService,
    ProducedRow,
    _file_name,
)
from desktop.services.forms import get_or_missing
from desktop.services.letterheads import letterhead_of
from desktop.services.orgnumber import format_org_number
from desktop.services.reference import country_name, language_name
from desktop.services.referral_statuses import STATUS_NAMES
from desktop.store.database import Database

__all__ = [
    "ANONYMOUS_LABEL",
    "NO_CONSENT_LABEL",
    "MeetingDocuments",
    "ProfileVariants",
    "age_band",
]

ANONYMOUS_LABEL = "Kandidat A"
NO_CONSENT_LABEL = "Kandidat (samtycke saknas)"
LATEST_CONTACTS = 5
# Referrals still in play are listed on the sheet; closed ones are history.
_CLOSED_REFERRALS = ("avbojd", "aterkallad")


@dataclass(frozen=True)
class ProfileVariants:
    """Which candidate profiles may be produced for a person now."""

    named: bool
    anonymous: bool
    reason: str | None  # why the named one is not offered


def age_band(birth: dt.date, today: dt.date) -> str:
    """A ten-year band ("30–39 år"); never narrower, so that it cannot identify."""
    age = today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
    low = max(age // 10 * 10, 10)
    return f"{low}–{low + 9} år"


class MeetingDocuments:
    """The candidate profile and the employer meeting sheet. `documents` records and
    writes them (the core's DocumentService, sharing its actor)."""

    def __init__(self, db: Database, actor: Actor) -> None:
        self._db = db
        self._actor = actor
        self._documents = DocumentService(db, actor)

    # The candidate profile -------------------------------------------------------------------

    def profile_variants(
        self, person_id: uuid.UUID, *, today: dt.date | None = None
    ) -> ProfileVariants:
        today = today or clock.today()
        with self._db.read() as session:
            person = get_or_missing(session, Person, person_id, "Personen")
            if may_share(session, person_id, today):
                return ProfileVariants(named=True, anonymous=True, reason=None)
            reason = str(
                ConsentRequiredError(person_id, _name(person), "den namngivna kandidatprofilen")
            )
        return ProfileVariants(named=False, anonymous=True, reason=reason)

    def candidate_profile(
        self,
        person_id: uuid.UUID,
        path: Path,
        *,
        anonymous: bool = False,
        output: str = "pdf",
        today: dt.date | None = None,
        screen: str = "person",
    ) -> ProducedRow:
        """Produce the candidate profile as a PDF at `path`. The named profile is refused
        (ConsentRequiredError) without a consent to share; the anonymised one always
        may be produced. Refused with RecordMissingError for an unknown person."""
        if output not in OUTPUTS:
            raise ValueError(f"unknown output {output!r}")
        today = today or clock.today()
        path = Path(path)
        files.check_target(path)
        with self._db.read() as session:
            person = get_or_missing(session, Person, person_id, "Personen")
            name = _name(person)
            if not anonymous and not may_share(session, person_id, today):
                raise ConsentRequiredError(person_id, name, "den namngivna kandidatprofilen")
            case = session.get(Case, person.current_case_id) if person.current_case_id else None
            head, agent = self._sender(
                session, case.agent_id if case else None, case.municipality_code if case else None
            )
            heading = ANONYMOUS_LABEL if anonymous else name
            title = f"{candidate_profile.KIND} – {heading}"
            content = candidate_profile.ProfileContent(
                letterhead=head,
                agent=agent,
                day=today,
                heading=heading,
                anonymous=anonymous,
                age_band=age_band(person.birth_date, today) if anonymous else "",
                wished_occupations=_wished_occupations(session, person),
                jobs=_jobs(session, person),
                swedish=_swedish(session, person),
                languages=_languages(session, person),
                educations=_educations(session, person),
                licences=tuple(
                    sorted(q.code for q in person.qualifications if q.kind == "korkort")
                ),
                certificates=tuple(
                    sorted(q.code for q in person.qualifications if q.kind != "korkort")
                ),
                earliest_start=_start(person.earliest_start, today),
                extent=vocabulary.EXTENT.get(person.work_extent or "", ""),
                municipalities=_municipalities(session, person),
                title=title,
            )
            case_id = case.id if case else None
        pdf = candidate_profile.pdf(content)
        record = ProducedDocument(
            kind="kandidatprofil",
            title=title[:300],
            person_id=person_id,
            case_id=case_id,
            anonymous=anonymous,
        )

        def still_shareable(session: Session) -> None:
            if not anonymous and not may_share(session, person_id, today):
                raise ConsentRequiredError(person_id, name, "den namngivna kandidatprofilen")

        return self._documents._deliver(
            pdf,
            path,
            record,
            output=output,
            screen=screen,
            subject=("Person", person_id),
            check=still_shareable,
        )

    def profile_file_name(self, person_id: uuid.UUID, *, anonymous: bool = False) -> str:
        """A suggested file name: "Kandidatprofil Amira Testsson.pdf"."""
        if anonymous:
            return _file_name(f"{candidate_profile.KIND} {ANONYMOUS_LABEL}")
        with self._db.read() as session:
            person = get_or_missing(session, Person, person_id, "Personen")
            return _file_name(f"{candidate_profile.KIND} {_name(person)}")

    # The employer meeting sheet --------------------------------------------------------------

    def employer_sheet(
        self,
        employer_id: uuid.UUID,
        path: Path,
        *,
        output: str = "pdf",
        today: dt.date | None = None,
        screen: str = "arbetsgivare",
    ) -> ProducedRow:
        """Produce the meeting sheet for a visit to the employer as a PDF at `path`.
        Refused with RecordMissingError for an unknown employer."""
        if output not in OUTPUTS:
            raise ValueError(f"unknown output {output!r}")
        today = today or clock.today()
        path = Path(path)
        files.check_target(path)
        with self._db.read() as session:
            employer = get_or_missing(session, Employer, employer_id, "Arbetsgivaren")
            head, agent = self._sender(
                session, employer.responsible_agent_id, employer.municipality_code
            )
            title = f"{meeting_sheet.KIND} – {employer.name}"
            content = meeting_sheet.SheetContent(
                letterhead=head,
                agent=agent,
                day=today,
                employer=employer.name,
                facts=_employer_facts(session, employer),
                workplaces=_workplaces(session, employer),
                contacts=_contact_persons(session, employer),
                history=_history(session, employer),
                needs=_needs(session, employer),
                candidates=_candidates(session, employer, today),
                title=title,
            )
        pdf = meeting_sheet.pdf(content)
        record = ProducedDocument(
            kind="arbetsgivarblad", title=title[:300], employer_id=employer_id, anonymous=False
        )
        return self._documents._deliver(
            pdf, path, record, output=output, screen=screen, subject=("Employer", employer_id)
        )

    def employer_file_name(self, employer_id: uuid.UUID) -> str:
        with self._db.read() as session:
            employer = get_or_missing(session, Employer, employer_id, "Arbetsgivaren")
            return _file_name(f"{meeting_sheet.KIND} {employer.name}")

    # Sender ----------------------------------------------------------------------------------

    def _sender(
        self, session: Session, agent_id: uuid.UUID | None, code: str | None
    ) -> tuple[Letterhead, Agent]:
        """The letterhead and the agent a document comes from: the responsible agent
        when there is one, else the user producing it."""
        user = session.get(User, agent_id) if agent_id else None
        user = user or session.get(User, self._actor.user_id)
        code = (
            code
            or (user.municipality_code if user else None)
            or settings.read(session).home_municipality
        )
        head = letterhead_of(session, code)
        agent = Agent(
            name=user.full_name if user else self._actor.full_name,
            phone=(user.phone if user else None) or head.phone,
            email=(user.email if user else None) or head.email,
        )
        return head.letterhead, agent


# The profile's values --------------------------------------------------------------------------


def _name(person: Person) -> str:
    return f"{person.first_name} {person.last_name}"


def _occupation(session: Session, code: str | None) -> str | None:
    occupation = session.get(Occupation, code) if code else None
    return occupation.name_sv if occupation else None


def _years(years: float | None) -> str:
    if not years:
        return ""
    return f"{years:g} år".replace(".", ",")


def _wished_occupations(session: Session, person: Person) -> tuple[str, ...]:
    names = [_occupation(session, w.occupation_code) for w in person.wished_occupations]
    return tuple(name for name in names if name)


def _jobs(session: Session, person: Person) -> tuple[candidate_profile.Job, ...]:
    jobs = []
    this_year = clock.today().year
    for job in person.experiences:
        title = job.job_title or _occupation(session, job.occupation_code)
        if not title:
            continue
        if job.last_year is None or job.last_year >= this_year:
            last = "nuvarande" if job.last_year else ""
        else:
            last = f"senast {job.last_year}"
        jobs.append(
            candidate_profile.Job(
                title=title,
                years=_years(job.years),
                last=last,
                country=country_name(job.country) if job.country else "",
            )
        )
    return tuple(jobs)


def _level_words(session: Session, code: str | None) -> str:
    if not code:
        return ""
    level = session.get(LanguageLevel, code)
    return level.name_sv if level else code


def _swedish(session: Session, person: Person) -> str:
    """The Swedish level in words: "B1 – mellannivå (SFI kurs D)"."""
    main = _level_words(session, person.swedish_cefr)
    courses = [
        words
        for words in (
            _level_words(session, person.sas_level),
            _level_words(session, person.sfi_course),
        )
        if words
    ]
    if main and courses:
        return f"{main} ({', '.join(courses)})"
    return main or ", ".join(courses)


def _languages(session: Session, person: Person) -> tuple[tuple[str, str], ...]:
    rows = []
    for language in person.languages:
        if language.language == "sv":
            continue
        name = language_name(language.language)
        name = name[:1].upper() + name[1:]
        parts = []
        if language.mother_tongue:
            parts.append("Modersmål")
        if words := _level_words(session, language.level):
            parts.append(words)
        rows.append((name, ", ".join(parts) or "Nivå ej angiven"))
    return tuple(rows)


def _educations(session: Session, person: Person) -> tuple[tuple[str, str], ...]:
    rows = []
    for education in person.educations:
        level = session.get(EducationLevel, education.level)
        label = level.name_sv if level else education.level
        details = [education.field or ""]
        if education.country:
            details.append(country_name(education.country))
        if education.years:
            details.append(f"{education.years} år")
        if not education.completed:
            details.append("ej avslutad")
        rows.append((label, ", ".join(d for d in details if d) or "–"))
    return tuple(rows)


def _start(earliest: dt.date | None, today: dt.date) -> str:
    if earliest is None:
        return ""
    return "Omgående" if earliest <= today else swedish_date(earliest)


def _municipalities(session: Session, person: Person) -> tuple[str, ...]:
    names = []
    for wish in person.wished_municipalities:
        municipality = session.get(Municipality, wish.municipality_code)
        names.append(municipality.name if municipality else wish.municipality_code)
    return tuple(names)


# The meeting sheet's values --------------------------------------------------------------------


def _employer_facts(session: Session, employer: Employer) -> tuple[tuple[str, str], ...]:
    rows = [("Organisationsnummer", format_org_number(employer.org_number) or "Ej angivet")]
    rows.append(("Sektor", vocabulary.SECTOR.get(employer.sector, employer.sector)))
    if employer.industry_name:
        rows.append(("Bransch", employer.industry_name))
    rows.append(
        (
            "Relation",
            vocabulary.EMPLOYER_STATUS.get(
                employer.relationship_status, employer.relationship_status
            ),
        )
    )
    if employer.website:
        rows.append(("Webbplats", employer.website))
    if employer.last_contact_on:
        rows.append(("Senaste kontakt", employer.last_contact_on.isoformat()))
    return tuple(rows)


def _address(*parts: str | None) -> str:
    street, postal_code, city = parts
    town = " ".join(p for p in (postal_code, city) if p)
    return ", ".join(p for p in (street, town) if p)


def _workplaces(session: Session, employer: Employer) -> tuple[tuple[str, str], ...]:
    places = session.scalars(
        select(Workplace)
        .where(Workplace.employer_id == employer.id)
        .order_by(Workplace.created_at, Workplace.id)
    )
    return tuple(
        (p.name, _address(p.street_address, p.postal_code, p.city) or "Adress ej angiven")
        for p in places
    )


def _contact_persons(session: Session, employer: Employer) -> tuple[meeting_sheet.ContactLine, ...]:
    people = sorted(
        session.scalars(
            select(ContactPerson).where(
                ContactPerson.employer_id == employer.id, ContactPerson.active.is_(True)
            )
        ),
        key=lambda p: swedish_sort_key(p.name),
    )
    return tuple(
        meeting_sheet.ContactLine(p.name, p.role or "", p.phone or "", p.email or "")
        for p in people
    )


def _history(session: Session, employer: Employer) -> tuple[meeting_sheet.ContactEntry, ...]:
    contacts = session.scalars(
        select(EmployerContact)
        .where(EmployerContact.employer_id == employer.id)
        .order_by(EmployerContact.contact_date.desc(), EmployerContact.created_at.desc())
        .limit(LATEST_CONTACTS)
    )
    return tuple(
        meeting_sheet.ContactEntry(
            day=c.contact_date.isoformat(),
            kind=vocabulary.CONTACT_KIND.get(c.kind, c.kind),
            summary=c.summary,
            outcome=c.outcome or "",
            next_step=c.next_step or "",
        )
        for c in contacts
    )


def _requirement(
    session: Session, kind: str, code: str | None, level: str | None, years: float | None
) -> str:
    if kind in ("svenska", "sprak"):
        language = "Svenska" if kind == "svenska" else language_name(code).capitalize()
        return f"{language} {_level_words(session, level)}".strip()
    if kind == "korkort":
        return f"Körkort {code}"
    if kind == "utbildning":
        education = session.get(EducationLevel, code) if code else None
        return education.name_sv if education else (code or "")
    if kind == "erfarenhet":
        name = _occupation(session, code) or code or ""
        return f"{_years(years) or 'Erfarenhet'} som {name.lower()}".strip()
    return code or ""


def _needs(session: Session, employer: Employer) -> tuple[meeting_sheet.NeedEntry, ...]:
    vacancies = session.scalars(
        select(Vacancy)
        .where(Vacancy.employer_id == employer.id, Vacancy.status == "oppet")
        .order_by(Vacancy.apply_by.is_(None), Vacancy.apply_by, Vacancy.created_at)
    ).all()
    entries = []
    for vacancy in vacancies:
        filled = int(
            session.scalar(
                select(func.count())
                .select_from(Placement)
                .where(Placement.vacancy_id == vacancy.id)
            )
            or 0
        )
        form = session.get(LabourMarketForm, vacancy.form_code)
        rows = [("Tillsatta", f"{filled} av {vacancy.positions}")]
        rows.append(("Anställningsform", form.name_sv if form else vacancy.form_code))
        if vacancy.extent:
            rows.append(("Omfattning", vocabulary.EXTENT.get(vacancy.extent, vacancy.extent)))
        if vacancy.start_date:
            rows.append(("Start", vacancy.start_date.isoformat()))
        rows.append(
            ("Sista dag", vacancy.apply_by.isoformat() if vacancy.apply_by else "Ej angiven")
        )
        for importance, label in (("krav", "Krav"), ("merit", "Meriter")):
            texts = [
                _requirement(session, r.kind, r.code, r.level, r.years)
                for r in vacancy.requirements
                if r.importance == importance
            ]
            if texts:
                rows.append((label, "; ".join(texts)))
        if vacancy.description:
            rows.append(("Beskrivning", vacancy.description))
        entries.append(meeting_sheet.NeedEntry(vacancy.title, tuple(rows)))
    return tuple(entries)


def _candidates(
    session: Session, employer: Employer, today: dt.date
) -> tuple[meeting_sheet.CandidateLine, ...]:
    rows = list(
        session.execute(
            select(Referral, Vacancy.title, Person.first_name, Person.last_name)
            .join(Vacancy, Vacancy.id == Referral.vacancy_id)
            .join(Person, Person.id == Referral.person_id)
            .where(Vacancy.employer_id == employer.id, Referral.status.not_in(_CLOSED_REFERRALS))
        )
    )
    order = {status: i for i, status in enumerate(STATUS_NAMES)}
    rows.sort(
        key=lambda r: (order[r[0].status], swedish_sort_key(r[1]), swedish_sort_key(r[3] + r[2]))
    )
    return tuple(
        meeting_sheet.CandidateLine(
            name=f"{first} {last}" if may_share(session, r.person_id, today) else NO_CONSENT_LABEL,
            need=title,
            status=STATUS_NAMES[r.status],
            since=_local_date(r.status_changed_at),
        )
        for r, title, first, last in rows
    )


def _local_date(stamp: dt.datetime) -> str:
    """A stored UTC time as the date in Sweden (naive stamps are UTC)."""
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.UTC)
    return stamp.astimezone(clock.STOCKHOLM).date().isoformat()
