"""The services one logged-in user gets, built once and handed to the views."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.services.accounts import AccountService, Actor
from desktop.services.audit_log import AuditLogService
from desktop.services.cases import CaseService
from desktop.services.consents import ConsentService
from desktop.services.documents import DocumentService
from desktop.services.employers import EmployerService
from desktop.services.intake import IntakeService
from desktop.services.letterheads import LetterheadService
from desktop.services.matching import MatchingService
from desktop.services.meeting_documents import MeetingDocuments
from desktop.services.overview import OverviewService
from desktop.services.person_documents import PersonDocumentService
from desktop.services.persons import PersonService
from desktop.services.reference import ReferenceService
from desktop.services.referrals import ReferralService
from desktop.services.settings import SettingsService
from desktop.services.sync import SyncService
from desktop.services.vacancies import VacancyService
from desktop.store.database import Database


@dataclass(frozen=True)
class Services:
    db: Database
    actor: Actor
    accounts: AccountService
    audit_log: AuditLogService
    cases: CaseService
    consents: ConsentService
    documents: DocumentService
    employers: EmployerService
    intake: IntakeService
    letterheads: LetterheadService
    matching: MatchingService
    meeting_documents: MeetingDocuments  # the candidate profile and the meeting sheet
    overview: OverviewService
    person_documents: PersonDocumentService  # the case summary and the register extract
    persons: PersonService
    reference: ReferenceService
    referrals: ReferralService
    settings: SettingsService
    sync: SyncService  # the shared server (docs/sync.md)
    vacancies: VacancyService

    @classmethod
    def for_user(cls, db: Database, actor: Actor) -> Services:
        # One reference service: it caches the code lists for the whole session.
        reference = ReferenceService(db)
        vacancies = VacancyService(db, actor, reference)
        matching = MatchingService(db, actor, reference, vacancies)
        return cls(
            db=db,
            actor=actor,
            accounts=AccountService(db, actor),
            audit_log=AuditLogService(db, actor),
            cases=CaseService(db, actor),
            consents=ConsentService(db, actor),
            documents=DocumentService(db, actor),
            employers=EmployerService(db, actor, reference),
            intake=IntakeService(db, actor, reference),
            letterheads=LetterheadService(db, actor),
            matching=matching,
            meeting_documents=MeetingDocuments(db, actor),
            overview=OverviewService(db, actor),
            person_documents=PersonDocumentService(db, actor),
            persons=PersonService(db, actor),
            reference=reference,
            referrals=ReferralService(db, actor, matching),
            settings=SettingsService(db, actor),
            sync=SyncService(db, actor),
            vacancies=vacancies,
        )
