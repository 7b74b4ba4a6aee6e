"""Typed SQLAlchemy models of the whole domain; importing this registers every table.

The model modules do without `from __future__ import annotations`: with it, SQLAlchemy
evaluates each `Mapped[...]` annotation from its text, 35 ms of every start (issue 18).
A class named before it is defined is written in quotes: `Mapped[list["CaseNote"]]`.
"""

from desktop.models.audit import AuditEvent
from desktop.models.base import Base
from desktop.models.case import Case, CaseNote, Task
from desktop.models.document import Letterhead, ProducedDocument
from desktop.models.employer import ContactPerson, Employer, EmployerContact, Workplace
from desktop.models.intake import IntakeDraft
from desktop.models.person import (
    Consent,
    Education,
    Person,
    PersonLanguage,
    Qualification,
    WishedMunicipality,
    WishedOccupation,
    WorkExperience,
)
from desktop.models.reference import (
    EducationLevel,
    LabourMarketForm,
    LanguageLevel,
    Municipality,
    Occupation,
)
from desktop.models.referral import Placement, Referral, ReferralStatusChange
from desktop.models.setting import Setting
from desktop.models.sync import (
    CentralAuditEvent,
    SyncAccount,
    SyncBase,
    SyncChange,
    SyncConflict,
    SyncInflight,
    SyncPending,
    SyncState,
)
from desktop.models.user import User
from desktop.models.vacancy import Vacancy, VacancyRequirement

__all__ = [
    "AuditEvent",
    "Base",
    "Case",
    "CaseNote",
    "CentralAuditEvent",
    "Consent",
    "ContactPerson",
    "Education",
    "EducationLevel",
    "Employer",
    "EmployerContact",
    "IntakeDraft",
    "LabourMarketForm",
    "LanguageLevel",
    "Letterhead",
    "Municipality",
    "Occupation",
    "Person",
    "PersonLanguage",
    "Placement",
    "ProducedDocument",
    "Qualification",
    "Referral",
    "ReferralStatusChange",
    "Setting",
    "SyncAccount",
    "SyncBase",
    "SyncChange",
    "SyncConflict",
    "SyncInflight",
    "SyncPending",
    "SyncState",
    "Task",
    "User",
    "Vacancy",
    "VacancyRequirement",
    "WishedMunicipality",
    "WishedOccupation",
    "WorkExperience",
    "Workplace",
]
