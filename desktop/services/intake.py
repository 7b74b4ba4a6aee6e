"""The intake of a job seeker: the wizard's data, its checks, drafts, and the save that
creates the person and an open case.

Everything the caseworker types lives in an `IntakeDraft` of plain strings, exactly as
typed, so that a draft can be saved at any moment (also with mistakes in it) and
resumed after a crash. `problems()` explains each mistake beside its field; only
`complete()` turns the draft into records, in one transaction.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import enum
import json
import uuid
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import select

from desktop import clock
from desktop.models import (
    Case,
    Consent,
    Education,
    IntakeDraft,
    Person,
    PersonLanguage,
    Qualification,
    WishedMunicipality,
    WishedOccupation,
    WorkExperience,
)
from desktop.models.person import person_sort_key
from desktop.services.accounts import Actor
from desktop.services.cases import sync_current_case
from desktop.services.identity import IdentityNumberError, parse_identity_number
from desktop.services.reference import ReferenceService, countries, languages
from desktop.services.search import fold
from desktop.services.validation import (
    date_problem,
    email_problem,
    has_invisible,
    line_problem,
    name_problem,
    parse_date,
    phone_problem,
    postal_code_problem,
    text_problem,
)
from desktop.store.database import Database


class Step(enum.IntEnum):
    IDENTITY = 0
    DUPLICATES = 1
    CONSENT = 2
    BACKGROUND = 3
    LANGUAGES = 4
    EDUCATION = 5
    EXPERIENCE = 6
    LICENCES = 7
    WISHES = 8
    SUMMARY = 9


STEP_TITLES = {
    Step.IDENTITY: "Identitet och kontakt",
    Step.DUPLICATES: "Finns personen redan?",
    Step.CONSENT: "Samtycke",
    Step.BACKGROUND: "Bakgrund",
    Step.LANGUAGES: "Språk",
    Step.EDUCATION: "Utbildning",
    Step.EXPERIENCE: "Arbetslivserfarenhet",
    Step.LICENCES: "Körkort och certifikat",
    Step.WISHES: "Önskemål",
    Step.SUMMARY: "Sammanfattning",
}

GENDERS = {"kvinna": "Kvinna", "man": "Man", "annat": "Annat / vill inte ange"}
CONSENT_METHODS = {"muntligt": "Muntligt", "skriftligt": "Skriftligt", "digitalt": "Digitalt"}
REFERRED_BY = (
    "Arbetsförmedlingen",
    "Socialtjänsten / ekonomiskt bistånd",
    "SFI / vuxenutbildningen",
    "Etableringsprogrammet",
    "Egen kontakt",
    "Annan",
)
RECOGNITION = {
    "": "Inte aktuellt",
    "ej_ansokt": "Inte ansökt hos UHR",
    "ansokt": "Ansökt hos UHR",
    "bedomd": "Bedömd av UHR",
}
DRIVING_LICENCES = (
    "AM",
    "A1",
    "A2",
    "A",
    "B",
    "BE",
    "C1",
    "C1E",
    "C",
    "CE",
    "D1",
    "D1E",
    "D",
    "DE",
)
EXTENTS = {"": "Ej angivet", "heltid": "Heltid", "deltid": "Deltid"}
SFI_COURSES = ("SFI_A", "SFI_B", "SFI_C", "SFI_D")
SAS_LEVELS = ("SAS_GRUND", "SAS_1", "SAS_2", "SAS_3")
CEFR_LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")
DEFAULT_LEGAL_BASIS = "Samtycke (frivillig arbetsmarknadsinsats)"


@dataclass
class LanguageEntry:
    language: str = ""
    level: str = ""
    mother_tongue: bool = False


@dataclass
class EducationEntry:
    level: str = ""
    field: str = ""
    country: str = ""
    years: str = ""
    completed: bool = True
    recognition: str = ""


@dataclass
class ExperienceEntry:
    occupation_code: str = ""
    job_title: str = ""
    years: str = ""
    country: str = ""
    # The last year the person worked in it, as typed; empty: still working there, or
    # not known (drafts saved before this field existed load with it empty).
    last_year: str = ""


@dataclass
class IntakeData:
    """The wizard's fields, as typed (stored as JSON in an IntakeDraft row)."""

    first_name: str = ""
    last_name: str = ""
    has_identity_number: bool = True
    identity_number: str = ""
    birth_date: str = ""
    no_identity_reason: str = ""
    gender: str = ""
    phone: str = ""
    email: str = ""
    street_address: str = ""
    postal_code: str = ""
    city: str = ""
    municipality_code: str = ""
    # Persons the caseworker looked at on the duplicate step and said are someone else.
    not_duplicates: list[str] = field(default_factory=list)
    consent_processing: bool = False
    consent_sharing: bool = False
    consent_date: str = ""
    consent_method: str = ""
    legal_basis: str = DEFAULT_LEGAL_BASIS
    consent_note: str = ""
    birth_country: str = ""
    citizenship: str = ""
    arrival_date: str = ""
    referred_by: str = ""
    languages: list[LanguageEntry] = field(default_factory=list)
    sfi_path: str = ""
    sfi_course: str = ""
    sas_level: str = ""
    swedish_cefr: str = ""
    educations: list[EducationEntry] = field(default_factory=list)
    experiences: list[ExperienceEntry] = field(default_factory=list)
    driving_licences: list[str] = field(default_factory=list)
    certificates: list[str] = field(default_factory=list)
    wished_occupations: list[str] = field(default_factory=list)
    wished_municipalities: list[str] = field(default_factory=list)
    work_extent: str = ""
    earliest_start: str = ""

    def to_json(self) -> str:
        # ASCII JSON: every character typed comes back exactly, also half a surrogate
        # pair from a broken paste, which UTF-8 (and so the database) cannot hold raw.
        return json.dumps(dataclasses.asdict(self), ensure_ascii=True)

    @classmethod
    def from_json(cls, text: str) -> IntakeData:
        data: dict[str, Any] = json.loads(text)
        known = {f.name for f in dataclasses.fields(cls)}
        values = {name: value for name, value in data.items() if name in known}
        values["languages"] = _entries(LanguageEntry, values.get("languages", []))
        values["educations"] = _entries(EducationEntry, values.get("educations", []))
        values["experiences"] = _entries(ExperienceEntry, values.get("experiences", []))
        return cls(**values)

    @property
    def label(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or "Ny inskrivning"


@dataclass(frozen=True)
class PersonMatch:
    id: uuid.UUID
    first_name: str
    last_name: str
    birth_date: dt.date
    municipality_code: str | None


@dataclass(frozen=True)
class DuplicateCheck:
    same_number: PersonMatch | None
    similar: list[PersonMatch]


@dataclass(frozen=True)
class DraftSummary:
    id: uuid.UUID
    label: str
    step: int
    updated_at: dt.datetime
    # Field → reason, for the fields holding characters a save refuses (`flagged`).
    flagged: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Completed:
    person_id: uuid.UUID
    case_id: uuid.UUID


class IntakeError(ValueError):
    def __init__(self, message: str, problems: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or {}


def _years_problem(text: str, *, label: str, most: float) -> str | None:
    if not text.strip():
        return None
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        return f"{label} skrivs som ett tal, till exempel 2 eller 1,5."
    if not 0 <= value <= most:
        return f"{label} ska vara mellan 0 och {most:g}."
    return None


def parse_years(text: str) -> float | None:
    return float(text.strip().replace(",", ".")) if text.strip() else None


EARLIEST_YEAR = 1900


def last_year_problem(text: str, today: dt.date, birth: dt.date | None) -> str | None:
    """The last year someone worked in a job: four digits, not after this year, not
    before they were born (or 1900 when the birth date is not known). Empty is allowed:
    still working there, or not known."""
    typed = text.strip()
    if not typed:
        return None
    if len(typed) != 4 or not all(c in "0123456789" for c in typed):
        return (
            "Senast år skrivs med fyra siffror, till exempel 2023 "
            "(tomt om personen arbetar kvar eller året inte är känt)."
        )
    year = int(typed)
    if year > today.year:
        return f"Senast år kan inte vara efter i år ({today.year})."
    if birth is not None and year < birth.year:
        return f"Senast år kan inte vara före födelseåret ({birth.year})."
    if year < EARLIEST_YEAR:
        return f"Senast år kan inte vara före {EARLIEST_YEAR}."
    return None


def parse_last_year(text: str) -> int | None:
    return int(text.strip()) if text.strip() else None


class IntakeService:
    def __init__(
        self, db: Database, actor: Actor, reference: ReferenceService | None = None
    ) -> None:
        self._db = db
        self._actor = actor
        self._reference = reference or ReferenceService(db)

    # Checks ------------------------------------------------------------------------------

    def birth_date_of(self, draft: IntakeData, today: dt.date | None = None) -> dt.date | None:
        """The birth date the draft gives (from the number or typed), if it is valid."""
        try:
            if draft.has_identity_number:
                return parse_identity_number(draft.identity_number, today=today).birth_date
            return parse_date(draft.birth_date)
        except (IdentityNumberError, ValueError):
            return None

    def problems(
        self, draft: IntakeData, step: Step, today: dt.date | None = None
    ) -> dict[str, str]:
        """Field → reason, for everything on `step` that stops the intake being saved."""
        today = today or clock.today()
        check = {
            Step.IDENTITY: self._identity_problems,
            Step.CONSENT: self._consent_problems,
            Step.BACKGROUND: self._background_problems,
            Step.LANGUAGES: self._language_problems,
            Step.EDUCATION: self._education_problems,
            Step.EXPERIENCE: self._experience_problems,
            Step.LICENCES: self._licence_problems,
            Step.WISHES: self._wish_problems,
        }.get(step)
        found = check(draft, today) if check else {}
        return {name: problem for name, problem in found.items() if problem}

    def all_problems(
        self, draft: IntakeData, today: dt.date | None = None
    ) -> dict[Step, dict[str, str]]:
        return {step: found for step in Step if (found := self.problems(draft, step, today))}

    def _identity_problems(self, d: IntakeData, today: dt.date) -> dict[str, str | None]:
        found: dict[str, str | None] = {
            "first_name": name_problem(d.first_name, label="Förnamnet"),
            "last_name": name_problem(d.last_name, label="Efternamnet"),
            "gender": None if d.gender in GENDERS else "Välj kön (det behövs för uppföljningen).",
            "phone": phone_problem(d.phone),
            "email": email_problem(d.email),
            "street_address": line_problem(d.street_address, label="Adressen"),
            "postal_code": postal_code_problem(d.postal_code),
            "city": line_problem(d.city, label="Orten", max_length=100),
            "municipality_code": None
            if any(c.code == d.municipality_code for c in self._reference.municipalities())
            else "Välj kommun.",
        }
        if d.has_identity_number:
            try:
                parse_identity_number(d.identity_number, today=today)
            except IdentityNumberError as error:
                found["identity_number"] = str(error)
        else:
            found["birth_date"] = date_problem(
                d.birth_date, label="Födelsedatumet", required=True, not_after=today,
                not_before=dt.date(1900, 1, 1), before_label="1900",
            )  # fmt: skip
            found["no_identity_reason"] = (
                "Skriv varför personen saknar nummer (t.ex. väntar på samordningsnummer)."
                if not d.no_identity_reason.strip()
                else line_problem(d.no_identity_reason, label="Skälet", max_length=500)
            )
        return found

    def _consent_problems(self, d: IntakeData, today: dt.date) -> dict[str, str | None]:
        return {
            "consent_processing": None
            if d.consent_processing
            else "Inskrivningen kräver samtycke till att uppgifterna behandlas.",
            "consent_date": date_problem(
                d.consent_date, label="Datumet för samtycket", required=True, not_after=today
            ),
            "consent_method": None
            if d.consent_method in CONSENT_METHODS
            else "Välj hur samtycket gavs.",
            "legal_basis": line_problem(d.legal_basis, label="Den rättsliga grunden"),
            "consent_note": text_problem(d.consent_note, label="Anteckningen"),
        }

    def _background_problems(self, d: IntakeData, today: dt.date) -> dict[str, str | None]:
        codes = {c.code for c in countries()}
        birth = self.birth_date_of(d, today)
        return {
            "birth_country": None
            if not d.birth_country or d.birth_country in codes
            else "Välj ett land i listan.",
            "citizenship": None
            if not d.citizenship or d.citizenship in codes
            else "Välj ett land i listan.",
            "arrival_date": date_problem(
                d.arrival_date,
                label="Ankomstdatumet",
                not_after=today,
                not_before=birth,
                before_label="födelsedatumet",
            ),
            "referred_by": line_problem(d.referred_by, label="Remitterande", max_length=100),
        }

    def _language_problems(self, d: IntakeData, today: dt.date) -> dict[str, str | None]:
        codes = {c.code for c in languages()}
        found: dict[str, str | None] = {}
        seen: set[str] = set()
        for index, entry in enumerate(d.languages):
            if entry.language not in codes:
                found[f"languages.{index}.language"] = "Välj ett språk i listan."
            elif entry.language in seen:
                found[f"languages.{index}.language"] = "Språket finns redan i listan."
            seen.add(entry.language)
            if entry.level and entry.level not in CEFR_LEVELS:
                found[f"languages.{index}.level"] = "Välj en nivå A1–C2."
        if d.sfi_path and d.sfi_path not in ("1", "2", "3"):
            found["sfi_path"] = "Studievägen är 1, 2 eller 3."
        if d.sfi_course and d.sfi_course not in SFI_COURSES:
            found["sfi_course"] = "Välj kurs A–D."
        if d.sas_level and d.sas_level not in SAS_LEVELS:
            found["sas_level"] = "Välj en nivå i listan."
        if d.swedish_cefr and d.swedish_cefr not in CEFR_LEVELS:
            found["swedish_cefr"] = "Välj en nivå A1–C2."
        return found

    def _education_problems(self, d: IntakeData, today: dt.date) -> dict[str, str | None]:
        levels = {c.code for c in self._reference.education_levels()}
        country_codes = {c.code for c in countries()}
        found: dict[str, str | None] = {}
        for i, entry in enumerate(d.educations):
            if entry.level not in levels:
                found[f"educations.{i}.level"] = "Välj utbildningsnivå."
            found[f"educations.{i}.field"] = line_problem(entry.field, label="Inriktningen")
            if entry.country and entry.country not in country_codes:
                found[f"educations.{i}.country"] = "Välj ett land i listan."
            found[f"educations.{i}.years"] = _years_problem(entry.years, label="Antal år", most=30)
            if entry.recognition not in RECOGNITION:
                found[f"educations.{i}.recognition"] = "Välj status i listan."
        return found

    def _experience_problems(self, d: IntakeData, today: dt.date) -> dict[str, str | None]:
        country_codes = {c.code for c in countries()}
        birth = self.birth_date_of(d, today)
        found: dict[str, str | None] = {}
        for i, entry in enumerate(d.experiences):
            if entry.occupation_code and self._reference.occupation(entry.occupation_code) is None:
                found[f"experiences.{i}.occupation_code"] = "Välj ett yrke i listan (SSYK)."
            if not entry.occupation_code and not entry.job_title.strip():
                found[f"experiences.{i}.occupation_code"] = "Välj yrke eller skriv en titel."
            found[f"experiences.{i}.job_title"] = line_problem(entry.job_title, label="Titeln")
            found[f"experiences.{i}.years"] = _years_problem(entry.years, label="Antal år", most=60)
            found[f"experiences.{i}.last_year"] = last_year_problem(entry.last_year, today, birth)
            if entry.country and entry.country not in country_codes:
                found[f"experiences.{i}.country"] = "Välj ett land i listan."
        return found

    def _licence_problems(self, d: IntakeData, today: dt.date) -> dict[str, str | None]:
        found: dict[str, str | None] = {}
        for licence in d.driving_licences:
            if licence not in DRIVING_LICENCES:
                found["driving_licences"] = f"Okänd körkortsbehörighet: {licence}."
        for i, certificate in enumerate(d.certificates):
            found[f"certificates.{i}"] = name_problem(certificate, label="Certifikatet")
        if len({fold(c) for c in d.certificates}) < len(d.certificates):
            found["certificates"] = "Samma certifikat står två gånger."
        return found

    def _wish_problems(self, d: IntakeData, today: dt.date) -> dict[str, str | None]:
        municipalities = {c.code for c in self._reference.municipalities()}
        found: dict[str, str | None] = {
            "work_extent": None if d.work_extent in EXTENTS else "Välj omfattning.",
            "earliest_start": date_problem(d.earliest_start, label="Startdatumet"),
        }
        if any(self._reference.occupation(code) is None for code in d.wished_occupations):
            found["wished_occupations"] = "Välj yrken i listan (SSYK)."
        if any(code not in municipalities for code in d.wished_municipalities):
            found["wished_municipalities"] = "Välj kommuner i listan."
        return found

    def flagged(
        self, draft: IntakeData, today: dt.date | None = None
    ) -> dict[Step, dict[str, str]]:
        """Per step, the fields holding control or invisible formatting characters that
        saving would refuse, with the save's own reason. A draft keeps them as typed;
        this is what says so when it is saved, listed or opened. (Not every problem: a
        draft is unfinished, and its empty fields are no news.)"""
        found: dict[Step, dict[str, str]] = {}
        if not any(has_invisible(text) for text in _texts(dataclasses.asdict(draft))):
            return found
        for step, problems in self.all_problems(draft, today).items():
            marked = {
                name: problem
                for name, problem in problems.items()
                if any(has_invisible(text) for text in _texts(_value(draft, name)))
            }
            if marked:
                found[step] = marked
        return found

    # Duplicates --------------------------------------------------------------------------

    def person_with_number(self, text: str, today: dt.date | None = None) -> PersonMatch | None:
        """The person registered with the typed number, once it is a valid one (None
        before): one lookup on the unique personal_number index, cheap enough per key."""
        try:
            digits = parse_identity_number(text, today=today or clock.today()).digits
        except IdentityNumberError:
            return None
        with self._db.read() as session:
            found = session.scalars(select(Person).where(Person.personal_number == digits)).first()
            return _match(found) if found else None

    def duplicates(self, draft: IntakeData, today: dt.date | None = None) -> DuplicateCheck:
        """The person with the same number, and others with the same birth date and a
        similar name (spelling, order of names, accents and case ignored)."""
        birth = self.birth_date_of(draft, today)
        same: PersonMatch | None = None
        similar: list[PersonMatch] = []
        with self._db.read() as session:
            if draft.has_identity_number and birth is not None:
                digits = parse_identity_number(draft.identity_number, today=today).digits
                found = session.scalars(
                    select(Person).where(Person.personal_number == digits)
                ).first()
                same = _match(found) if found else None
            if birth is not None:
                typed = fold(f"{draft.first_name} {draft.last_name}")
                for person in session.scalars(select(Person).where(Person.birth_date == birth)):
                    if same is not None and person.id == same.id:
                        continue
                    if _similar(typed, person.first_name, person.last_name):
                        similar.append(_match(person))
        return DuplicateCheck(same, similar)

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

    # The profile after intake ---------------------------------------------------------

    PROFILE_STEPS = (
        Step.IDENTITY, Step.BACKGROUND, Step.LANGUAGES, Step.EDUCATION, Step.EXPERIENCE,
        Step.LICENCES, Step.WISHES,
    )  # fmt: skip

    def profile_of(self, person_id: uuid.UUID) -> tuple[IntakeData, int]:
        """A person's profile in the form the intake uses, and its version for saving."""
        with self._db.read() as session:
            p = session.get_one(Person, person_id)
            case = session.get(Case, p.current_case_id) if p.current_case_id else None
            data = IntakeData(
                first_name=p.first_name,
                last_name=p.last_name,
                has_identity_number=p.personal_number is not None,
                identity_number=(
                    f"{p.personal_number[:8]}-{p.personal_number[8:]}" if p.personal_number else ""
                ),
                birth_date="" if p.personal_number else p.birth_date.isoformat(),
                no_identity_reason=p.no_identity_reason or "",
                gender=p.gender or "",
                phone=p.phone or "",
                email=p.email or "",
                street_address=p.street_address or "",
                postal_code=p.postal_code or "",
                city=p.city or "",
                municipality_code=p.municipality_code or "",
                birth_country=p.birth_country or "",
                citizenship=p.citizenship or "",
                arrival_date=p.arrival_date.isoformat() if p.arrival_date else "",
                referred_by=(case.referred_by or "") if case else "",
                languages=[
                    LanguageEntry(x.language, x.level or "", x.mother_tongue) for x in p.languages
                ],
                sfi_path=str(p.sfi_path or ""),
                sfi_course=p.sfi_course or "",
                sas_level=p.sas_level or "",
                swedish_cefr=p.swedish_cefr or "",
                educations=[
                    EducationEntry(
                        e.level,
                        e.field or "",
                        e.country or "",
                        str(e.years or ""),
                        e.completed,
                        e.recognition or "",
                    )
                    for e in p.educations
                ],
                experiences=[
                    ExperienceEntry(
                        e.occupation_code or "",
                        e.job_title or "",
                        "" if e.years is None else f"{e.years:g}".replace(".", ","),
                        e.country or "",
                        "" if e.last_year is None else str(e.last_year),
                    )
                    for e in p.experiences
                ],
                driving_licences=[q.code for q in p.qualifications if q.kind == "korkort"],
                certificates=[q.code for q in p.qualifications if q.kind == "certifikat"],
                wished_occupations=[w.occupation_code for w in p.wished_occupations],
                wished_municipalities=[w.municipality_code for w in p.wished_municipalities],
                work_extent=p.work_extent or "",
                earliest_start=p.earliest_start.isoformat() if p.earliest_start else "",
            )
            return data, p.version

    def save_profile(
        self,
        person_id: uuid.UUID,
        version: int,
        data: IntakeData,
        today: dt.date | None = None,
        *,
        screen: str = "personkort",
    ) -> int:
        """Save an edited profile with the intake's rules; returns the new version.
        Refuses (IntakeError) on problems, a number another person has, or a version
        someone else has changed meanwhile."""
        today = today or clock.today()
        problems = {
            name: text
            for step in self.PROFILE_STEPS
            for name, text in self.problems(data, step, today).items()
        }
        if problems:
            raise IntakeError("Kontrollera de markerade fälten.", problems)
        with self._db.unit_of_work(actor=self._actor.user_id, screen=screen) as session:
            person = session.get_one(Person, person_id)
            if person.version != version:
                raise IntakeError(
                    "Någon annan har ändrat personen under tiden. Det du skrev finns kvar; "
                    "öppna personen på nytt och för in ändringarna igen."
                )
            fresh = self._person(data, today)
            if fresh.personal_number is not None:
                taken = session.scalars(
                    select(Person.id).where(
                        Person.personal_number == fresh.personal_number, Person.id != person_id
                    )
                ).first()
                if taken is not None:
                    raise IntakeError(
                        "En annan person har redan det numret.",
                        {"identity_number": "En annan person har redan det numret."},
                    )
            for column in _PROFILE_COLUMNS:
                if getattr(person, column) != getattr(fresh, column):
                    setattr(person, column, getattr(fresh, column))
            for collection, rows in _children(data).items():
                _replace(getattr(person, collection), rows, collection)
            if person.current_case_id and (case := session.get(Case, person.current_case_id)):
                referred = data.referred_by.strip() or None
                if case.referred_by != referred:
                    case.referred_by = referred
            session.flush()
            return person.version

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

    def _person(self, d: IntakeData, today: dt.date) -> Person:
        if d.has_identity_number:
            number = parse_identity_number(d.identity_number, today=today)
            digits: str | None = number.digits
            kind = number.kind
            birth = number.birth_date
        else:
            digits, kind, birth = None, "saknas", parse_date(d.birth_date)
        person = Person(
            id=uuid.uuid4(),
            first_name=d.first_name,
            last_name=d.last_name,
            sort_key=person_sort_key(d.last_name, d.first_name),
            personal_number=digits,
            identity_kind=kind,
            no_identity_reason=None if digits else d.no_identity_reason,
            birth_date=birth,
            gender=d.gender,
            phone=d.phone or None,
            email=d.email or None,
            street_address=d.street_address or None,
            postal_code=d.postal_code or None,
            city=d.city or None,
            municipality_code=d.municipality_code,
            birth_country=d.birth_country or None,
            citizenship=d.citizenship or None,
            arrival_date=parse_date(d.arrival_date) if d.arrival_date.strip() else None,
            sfi_path=int(d.sfi_path) if d.sfi_path else None,
            sfi_course=d.sfi_course or None,
            sas_level=d.sas_level or None,
            swedish_cefr=d.swedish_cefr or None,
            work_extent=d.work_extent or None,
            earliest_start=parse_date(d.earliest_start) if d.earliest_start.strip() else None,
        )
        return person


SIMILAR_NAMES = 0.75


def _similar(typed: str, first: str, last: str) -> bool:
    """Names that are probably the same person's: spelt a little differently, accents
    and case aside, or with first and last name swapped."""
    return any(
        difflib.SequenceMatcher(None, typed, fold(candidate)).ratio() >= SIMILAR_NAMES
        for candidate in (f"{first} {last}", f"{last} {first}")
    )


def _children(d: IntakeData) -> dict[str, list[Any]]:
    """The profile's rows, not yet attached to a person."""
    return {
        "languages": [
            PersonLanguage(
                language=e.language, level=e.level or None, mother_tongue=e.mother_tongue
            )
            for e in d.languages
        ],
        "educations": [
            Education(
                level=e.level,
                field=e.field or None,
                country=e.country or None,
                years=int(parse_years(e.years) or 0) or None,
                completed=e.completed,
                recognition=e.recognition or None,
            )
            for e in d.educations
        ],
        "experiences": [
            WorkExperience(
                occupation_code=e.occupation_code or None,
                job_title=e.job_title or None,
                years=parse_years(e.years),
                last_year=parse_last_year(e.last_year),
                country=e.country or None,
            )
            for e in d.experiences
        ],
        "qualifications": [Qualification(kind="korkort", code=code) for code in d.driving_licences]
        + [Qualification(kind="certifikat", code=name) for name in d.certificates],
        "wished_occupations": [WishedOccupation(occupation_code=c) for c in d.wished_occupations],
        "wished_municipalities": [
            WishedMunicipality(municipality_code=c) for c in d.wished_municipalities
        ],
    }


_PROFILE_COLUMNS = (
    "first_name", "last_name", "sort_key", "personal_number", "identity_kind",
    "no_identity_reason", "birth_date", "gender", "phone", "email", "street_address",
    "postal_code", "city", "municipality_code", "birth_country", "citizenship",
    "arrival_date", "sfi_path", "sfi_course", "sas_level", "swedish_cefr", "work_extent",
    "earliest_start",
)  # fmt: skip
# What identifies a row in each collection; rows whose key and values are unchanged are
# kept, so that saving an untouched profile changes (and logs) nothing.
_ROW_FIELDS = {
    "languages": ("language", "level", "mother_tongue"),
    "educations": ("level", "field", "country", "years", "completed", "recognition"),
    "experiences": ("occupation_code", "job_title", "years", "last_year", "country"),
    "qualifications": ("kind", "code"),
    "wished_occupations": ("occupation_code",),
    "wished_municipalities": ("municipality_code",),
}


def _replace(current: list[Any], wanted: list[Any], collection: str) -> None:
    fields = _ROW_FIELDS[collection]

    def key(row: Any) -> tuple[Any, ...]:
        return tuple(getattr(row, name) for name in fields)

    wanted_keys = [key(row) for row in wanted]
    for row in [row for row in current if key(row) not in wanted_keys]:
        current.remove(row)
    present = {key(row) for row in current}
    current.extend(row for row in wanted if key(row) not in present)


EntryT = TypeVar("EntryT", LanguageEntry, EducationEntry, ExperienceEntry)


def _entries(kind: type[EntryT], rows: list[dict[str, Any]]) -> list[EntryT]:
    """Rows of a draft as entries; keys a draft lacks take their defaults (drafts saved
    before a field existed), keys no longer known are left out."""
    known = {f.name for f in dataclasses.fields(kind)}
    return [kind(**{name: value for name, value in row.items() if name in known}) for row in rows]


def _value(draft: IntakeData, name: str) -> Any:
    """The draft's value for a problem's field name ("experiences.0.job_title")."""
    value: Any = draft
    for part in name.split("."):
        value = value[int(part)] if part.isdigit() else getattr(value, part)
    return value


def _texts(value: Any) -> list[str]:
    """Every string in a value of a draft (its fields, lists and rows)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    elif dataclasses.is_dataclass(value):
        value = [getattr(value, f.name) for f in dataclasses.fields(value)]
    if isinstance(value, list):
        return [text for item in value for text in _texts(item)]
    return []


def _match(person: Person) -> PersonMatch:
    return PersonMatch(
        person.id, person.first_name, person.last_name, person.birth_date, person.municipality_code
    )
