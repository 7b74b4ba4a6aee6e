"""The services one logged-in user gets, handed to the views.

Each service is made, and its module imported, the first time a screen asks for it: the
first page after the password needs three of them, not twenty (issue 18).
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.services.accounts import AccountService
    from desktop.services.actor import Actor
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


class Services:
    def __init__(self, db: Database, actor: Actor) -> None:
        self.db = db
        self.actor = actor

    @classmethod
    def for_user(cls, db: Database, actor: Actor) -> Services:
        return cls(db, actor)

    @cached_property
    def accounts(self) -> AccountService:
        from desktop.services.accounts import AccountService

        return AccountService(self.db, self.actor)

    @cached_property
    def audit_log(self) -> AuditLogService:
        from desktop.services.audit_log import AuditLogService

        return AuditLogService(self.db, self.actor)

    @cached_property
    def cases(self) -> CaseService:
        from desktop.services.cases import CaseService

        return CaseService(self.db, self.actor)

    @cached_property
    def consents(self) -> ConsentService:
        from desktop.services.consents import ConsentService

        return ConsentService(self.db, self.actor)

    @cached_property
    def documents(self) -> DocumentService:
        from desktop.services.documents import DocumentService

        return DocumentService(self.db, self.actor)

    @cached_property
    def employers(self) -> EmployerService:
        from desktop.services.employers import EmployerService

        return EmployerService(self.db, self.actor, self.reference)

    @cached_property
    def intake(self) -> IntakeService:
        from desktop.services.intake import IntakeService

        return IntakeService(self.db, self.actor, self.reference)

    @cached_property
    def letterheads(self) -> LetterheadService:
        from desktop.services.letterheads import LetterheadService

        return LetterheadService(self.db, self.actor)

    @cached_property
    def matching(self) -> MatchingService:
        from desktop.services.matching import MatchingService

        return MatchingService(self.db, self.actor, self.reference, self.vacancies)

    @cached_property
    def meeting_documents(self) -> MeetingDocuments:
        """The candidate profile and the meeting sheet."""
        from desktop.services.meeting_documents import MeetingDocuments

        return MeetingDocuments(self.db, self.actor)

    @cached_property
    def overview(self) -> OverviewService:
        from desktop.services.overview import OverviewService

        return OverviewService(self.db, self.actor)

    @cached_property
    def person_documents(self) -> PersonDocumentService:
        """The case summary and the register extract."""
        from desktop.services.person_documents import PersonDocumentService

        return PersonDocumentService(self.db, self.actor)

    @cached_property
    def persons(self) -> PersonService:
        from desktop.services.persons import PersonService

        return PersonService(self.db, self.actor)

    @cached_property
    def reference(self) -> ReferenceService:
        """One for the session: it caches the code lists."""
        from desktop.services.reference import ReferenceService

        return ReferenceService(self.db)

    @cached_property
    def referrals(self) -> ReferralService:
        from desktop.services.referrals import ReferralService

        return ReferralService(self.db, self.actor, self.matching)

    @cached_property
    def settings(self) -> SettingsService:
        from desktop.services.settings import SettingsService

        return SettingsService(self.db, self.actor)

    @cached_property
    def sync(self) -> SyncService:
        """The shared server (docs/sync.md)."""
        from desktop.services.sync import SyncService

        return SyncService(self.db, self.actor)

    @cached_property
    def vacancies(self) -> VacancyService:
        from desktop.services.vacancies import VacancyService

        return VacancyService(self.db, self.actor, self.reference)
