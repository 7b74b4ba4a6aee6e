"""The wizard's checks: each step's problems beside their fields, and the characters a
save would refuse, marked in a draft."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING, Any

from desktop import clock
from desktop.services.identity import IdentityNumberError, parse_identity_number
from desktop.services.intake.base import IntakeServiceBase
from desktop.services.intake.data import (
    CEFR_LEVELS,
    CONSENT_METHODS,
    DRIVING_LICENCES,
    EXTENTS,
    GENDERS,
    RECOGNITION,
    SAS_LEVELS,
    SFI_COURSES,
    Step,
)
from desktop.services.reference import countries, languages
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

if TYPE_CHECKING:
    from desktop.services.intake.data import IntakeData


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


class IntakeChecks(IntakeServiceBase):
    """Checking the wizard's fields, per step or all at once."""

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
