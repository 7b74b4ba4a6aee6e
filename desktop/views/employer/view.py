"""The employer screen (arbetsgivarkort): who the employer is at the top, and tabs for
the details and workplaces, the contact persons, the contact log, the recruitment
needs, the follow-ups, and the referrals to all of the employer's needs.

Opening the screen is what the audit log records as reading the employer: everything
is fetched once, through EmployerService.open, and everything after (saves, reloads,
older contacts) reads through calls that do not log again.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from desktop import clock
from desktop.bidi import isolated
from desktop.services import vocabulary
from desktop.services.accounts import AccountService
from desktop.services.documents import DocumentService
from desktop.services.employers import EmployerDetails, EmployerScreen, EmployerService
from desktop.services.reference import ReferenceService
from desktop.services.referrals import ReferralRow, ReferralService
from desktop.services.vacancies import VacancyService
from desktop.views.documents.actions import DocumentChooser
from desktop.views.documents.panel import DocumentChoices, DocumentsPanel, print_shortcut
from desktop.views.employer.contact_persons_tab import ContactPersonsTab
from desktop.views.employer.contacts_tab import ContactsTab
from desktop.views.employer.details_tab import DetailsTab
from desktop.views.employer.needs_tab import NeedsTab
from desktop.views.employer.tasks_tab import EmployerTasksTab
from desktop.views.lazy_page import LazyPage, show_page
from desktop.views.person.view import HeaderFact
from desktop.views.placeholder import ComingLaterView
from desktop.views.referrals import ReferralsPanel
from desktop.views.referrals.tab import ReferralsTab
from desktop.views.settings import Settings
from desktop.views.text import label

NOTHING = "–"


class EmployerView(QWidget):
    """Signals, each with the employer's id (a string):

    - `employer_changed` after anything on the screen is saved, so that the list can
      refresh its row (for a referral's step, `referral_changed` says it instead);
    - `log_contact_requested` for the log-contact dialog; call `reload()` once logged;
    - `new_need_requested` for a new recruitment need, and `need_activated(need_id)` to
      open one; call `reload()` after a need is saved;
    - `person_activated(person_id)` to open the person of a referral (Enter in the
      Anvisningar tab), and `referral_changed(row)` after a step taken there, with the
      ReferralRow as it was, so that the person's and the need's windows follow.
    """

    employer_changed = Signal(str)
    log_contact_requested = Signal(str)
    new_need_requested = Signal(str)
    need_activated = Signal(str)
    person_activated = Signal(str)
    referral_changed = Signal(object)

    # The services are positional, in the order PersonView takes its own.
    def __init__(
        self,
        employers: EmployerService,
        vacancies: VacancyService,
        accounts: AccountService,
        reference: ReferenceService,
        employer_id: uuid.UUID,
        *,
        referrals: ReferralService | None = None,
        documents: DocumentService | None = None,
        document_choices: DocumentChoices | None = None,
        settings: Settings | None = None,
        today: Callable[[], dt.date] = clock.today,
        parent: QWidget | None = None,
    ) -> None:
        """Without `referrals` the Anvisningar tab only says what it will hold."""
        super().__init__(parent)
        self.setObjectName("employerView")
        self.employer_id = employer_id
        self._employers = employers
        self._vacancies = vacancies
        self._today = today
        self._documents = documents
        self._settings = settings
        # The one audited read of this employer for as long as the screen is open.
        screen: EmployerScreen = employers.open(employer_id)
        self.details: EmployerDetails = screen.details
        me = accounts.actor.user_id
        colleagues = [(u.id, u.full_name) for u in accounts.users() if u.active]

        header = self._build_header()

        self.details_tab = DetailsTab(employers, reference, colleagues, self.details)
        self.contact_persons = ContactPersonsTab(employers, employer_id, screen.contact_persons)
        self.contacts = ContactsTab(employers, employer_id)
        self.contacts.set_contacts(screen.timeline, screen.more_contacts)
        self.needs = NeedsTab(today=today)
        self.needs.set_needs(screen.needs)
        self.tasks = EmployerTasksTab(employers, employer_id, colleagues, me, today=today)
        self.tasks.set_tasks(screen.tasks)
        referrals_page = self._referrals_page(referrals, reference)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("employerTabs")
        self.tabs.setAccessibleName(self.tr("Arbetsgivarkortets flikar"))
        # The underlined letters avoid those the forms inside the tabs use.
        for page, title in (
            (self.details_tab, self.tr("&Uppgifter")),
            (self.contact_persons, self.tr("Kontakt&personer")),
            (self.contacts, self.tr("Kontakte&r")),
            (self.needs, self.tr("Rekryterings&behov")),
            (self.tasks, self.tr("Uppf&öljningar")),
            (referrals_page, self.tr("An&visningar")),
            (self._documents_page(document_choices, settings), self.tr("D&okument")),
        ):
            self.tabs.addTab(page, title)

        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(self.tabs, 1)

        self.details_tab.saved.connect(self._details_saved)
        self.details_tab.refreshed.connect(self._show_details)
        self.contact_persons.changed.connect(self._changed)
        self.tasks.model.dataChanged.connect(lambda *_: self._changed())
        self.tasks.added.connect(self._changed)
        self.contacts.log_contact_requested.connect(self._log_contact)
        self.needs.new_need_requested.connect(self._new_need)
        self.needs.need_activated.connect(self.need_activated)
        self._show_details(self.details)

    def _referrals_page(
        self, referrals: ReferralService | None, reference: ReferenceService
    ) -> QWidget:
        self._referrals = ReferralsTab(
            None if referrals is None else partial(self._build_referrals, referrals, reference),
            self.tr(
                "Här visas de deltagare som har anvisats eller föreslagits till "
                "arbetsgivarens rekryteringsbehov, och hur det gick."
            ),
            "employerReferralsTab",
        )
        return self._referrals.page

    def _build_referrals(
        self, referrals: ReferralService, reference: ReferenceService
    ) -> ReferralsPanel:
        panel = ReferralsPanel(
            referrals,
            reference,
            employer_id=self.employer_id,
            today=self._today,
            documents=self._documents,
            settings=self._settings,
        )
        panel.changed.connect(self._referral_changed)
        panel.activated.connect(self._referral_activated)
        return panel

    @property
    def referrals(self) -> QWidget:
        """What the Anvisningar tab shows: the employer's referrals (built now if need
        be), or the note of what the tab will hold."""
        return self._referrals.shown()

    @property
    def referrals_panel(self) -> ReferralsPanel:
        return self._referrals.panel()

    def _documents_page(
        self, choices: DocumentChoices | None, settings: Settings | None
    ) -> QWidget:
        """The Dokument tab, and Ctrl+P for the meeting sheet."""
        if self._documents is None or choices is None:
            page = ComingLaterView(
                self.tr("Dokument"),
                self.tr("Här samlas mötesunderlag och brev som har skrivits ut för arbetsgivaren."),
            )
            page.setObjectName("employerDocumentsTab")
            return page
        documents = self._documents
        self._documents_tab: LazyPage[DocumentsPanel] = LazyPage(
            lambda: DocumentsPanel(
                documents,
                choices,
                settings or Settings(),
                employer_id=self.employer_id,
                title=self.details.name,
            )
        )
        self._documents_tab.setObjectName("employerDocumentsTab")
        self.print_action = print_shortcut(self, self.open_documents)
        return self._documents_tab

    def open_documents(self) -> DocumentChooser | None:
        """Ctrl+P: the chooser of the employer's documents (save as PDF or print)."""
        return self.documents_panel.open_chooser()

    @property
    def documents_panel(self) -> DocumentsPanel:
        return self._documents_tab.content()

    def _build_header(self) -> QWidget:
        self.name = QLabel()
        self.name.setObjectName("employerName")
        self.name.setTextFormat(Qt.TextFormat.PlainText)
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.name.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setWeight(QFont.Weight.DemiBold)
        self.name.setFont(font)
        self.org_number = HeaderFact("employerOrgNumber", self.tr("Organisationsnummer"))
        self.sector = HeaderFact("employerSector", self.tr("Sektor"))
        self.municipality = HeaderFact("employerMunicipality", self.tr("Kommun"))
        self.agent = HeaderFact("employerAgent", self.tr("Ansvarig"))
        self.status = HeaderFact("employerStatus", self.tr("Status"))
        self.last_contact = HeaderFact("employerLastContact", self.tr("Senaste kontakt"))
        facts = QHBoxLayout()
        for fact in (
            self.org_number,
            self.sector,
            self.municipality,
            self.agent,
            self.status,
            self.last_contact,
        ):
            facts.addWidget(fact)
        facts.addStretch(1)
        header = QWidget()
        header.setObjectName("employerHeader")
        header.setAccessibleName(self.tr("Om arbetsgivaren"))
        header_layout = QVBoxLayout(header)
        header_layout.setContentsMargins(0, 0, 0, 6)
        header_layout.addWidget(self.name)
        header_layout.addLayout(facts)
        return header

    # Showing -----------------------------------------------------------------------------

    def _show_details(self, details: EmployerDetails) -> None:
        self.details = details
        name = isolated(details.name)  # shown only, kept to itself: desktop/bidi.py
        self.name.setText(name)
        self.name.setAccessibleName(self.tr("Namn: %1").replace("%1", name))
        self.setWindowTitle(name)
        self.setAccessibleName(self.tr("Arbetsgivarkort för %1").replace("%1", name))
        if details.org_number is None:
            self.org_number.set(self.tr("Organisationsnummer"), self.tr("Saknas"))
        elif details.sole_trader:
            self.org_number.set(self.tr("Personnummer (enskild firma)"), details.org_number)
        else:
            form = label(details.legal_form) if details.legal_form else ""
            shown = f"{details.org_number} · {form}" if form else details.org_number
            self.org_number.set(self.tr("Organisationsnummer"), shown)
        self.sector.set(
            self.tr("Sektor"), label(vocabulary.SECTOR.get(details.sector, details.sector))
        )
        self.municipality.set(self.tr("Kommun"), details.municipality or NOTHING)
        self.agent.set(self.tr("Ansvarig"), details.responsible_agent or self.tr("Ingen"))
        self.status.set(
            self.tr("Status"),
            label(
                vocabulary.EMPLOYER_STATUS.get(
                    details.relationship_status, details.relationship_status
                )
            ),
        )
        self.last_contact.set(
            self.tr("Senaste kontakt"),
            details.last_contact_on.isoformat() if details.last_contact_on else self.tr("Aldrig"),
        )

    def reload(self) -> None:
        """Read everything again (after a contact was logged, a need saved or a referral
        moved on elsewhere); the audit log has the read from opening already."""
        self._reload_all_but_referrals()
        self._referrals.reload()

    def _reload_all_but_referrals(self) -> None:
        details = self._employers.details(self.employer_id)
        self._show_details(details)
        self.details_tab.set_details(details)
        self.contact_persons.reload()
        self.contacts.reload()
        self.tasks.reload()
        self.needs.set_needs(self._vacancies.needs_of(self.employer_id))

    def show_tab(self, page: QWidget) -> None:
        """Show a tab, given its page or the content built into it."""
        show_page(self.tabs, page)

    def unsaved_input(self) -> list[str]:
        """Where something is typed and not saved: closing the screen would lose it."""
        places = []
        if self.details_tab.is_modified():
            places.append(self.tr("uppgifterna"))
        if self.contact_persons.has_unsaved_input():
            places.append(self.tr("kontaktpersonen"))
        if self.tasks.has_unsaved_input():
            places.append(self.tr("uppföljningen"))
        return places

    # Changes -----------------------------------------------------------------------------

    def _details_saved(self, details: EmployerDetails) -> None:
        self._show_details(details)
        self._changed()

    def _changed(self) -> None:
        self.employer_changed.emit(str(self.employer_id))

    def _log_contact(self) -> None:
        self.log_contact_requested.emit(str(self.employer_id))

    def _new_need(self) -> None:
        self.new_need_requested.emit(str(self.employer_id))

    def _referral_changed(self, row: object) -> None:
        """A referral moved on in the tab (which has read itself again): the contact
        log has the step, and a placement fills a need's places."""
        self._reload_all_but_referrals()
        self.referral_changed.emit(row)

    def _referral_activated(self, row: object) -> None:
        if isinstance(row, ReferralRow):
            self.person_activated.emit(str(row.person_id))
