"""The wizard's data: its steps, the choices its fields offer, and the fields as typed
(`IntakeData`, stored as JSON in a draft)."""

from __future__ import annotations

import dataclasses
import enum
import json
from dataclasses import dataclass, field
from typing import Any, TypeVar


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


EntryT = TypeVar("EntryT", LanguageEntry, EducationEntry, ExperienceEntry)


def _entries(kind: type[EntryT], rows: list[dict[str, Any]]) -> list[EntryT]:
    """Rows of a draft as entries; keys a draft lacks take their defaults (drafts saved
    before a field existed), keys no longer known are left out."""
    known = {f.name for f in dataclasses.fields(kind)}
    return [kind(**{name: value for name, value in row.items() if name in known}) for row in rows]
