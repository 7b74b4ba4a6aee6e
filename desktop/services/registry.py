"""The services one logged-in user gets, built once and handed to the views."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.services.accounts import AccountService, Actor
from desktop.services.audit_log import AuditLogService
from desktop.services.cases import CaseService
from desktop.services.employers import EmployerService
from desktop.services.intake import IntakeService
from desktop.services.persons import PersonService
from desktop.services.reference import ReferenceService
from desktop.services.settings import SettingsService
from desktop.services.vacancies import VacancyService
from desktop.store.database import Database


@dataclass(frozen=True)
class Services:
    db: Database
    actor: Actor
    accounts: AccountService
    audit_log: AuditLogService
    cases: CaseService
    employers: EmployerService
    intake: IntakeService
    persons: PersonService
    reference: ReferenceService
    settings: SettingsService
    vacancies: VacancyService

    @classmethod
    def for_user(cls, db: Database, actor: Actor) -> Services:
        # One reference service: it caches the code lists for the whole session.
        reference = ReferenceService(db)
        return cls(
            db=db,
            actor=actor,
            accounts=AccountService(db, actor),
            audit_log=AuditLogService(db, actor),
            cases=CaseService(db, actor),
            employers=EmployerService(db, actor, reference),
            intake=IntakeService(db, actor, reference),
            persons=PersonService(db, actor),
            reference=reference,
            settings=SettingsService(db, actor),
            vacancies=VacancyService(db, actor, reference),
        )
