"""The person screen: who the person is at the top, and tabs for the case, the journal,
the follow-ups, the profile, and the referrals and documents later versions add.

Opening the screen is what the audit log records as reading the person: the header is
fetched once, through PersonService.open, and everything after reads through services
that do not log again.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.bidi import isolated
from desktop.services import vocabulary
from desktop.services.accounts import AccountService
from desktop.services.cases import CaseService, CaseSummary
from desktop.services.consents import ConsentService
from desktop.services.documents import DocumentService
from desktop.services.identity import IdentityNumberError, parse_identity_number
from desktop.services.intake import IntakeService
from desktop.services.persons import PersonHeader, PersonService
from desktop.services.reference import ReferenceService
from desktop.services.referrals import ReferralService
from desktop.views.lazy_page import LazyPage, show_page, unwrap
from desktop.views.person.case_tab import NOTHING, CaseTab, status_name
from desktop.views.person.journal_tab import JournalTab
from desktop.views.person.profile_tab import ProfileEditorFactory, ProfileTab
from desktop.views.person.tasks_tab import TasksTab
from desktop.views.placeholder import ComingLaterView
from desktop.views.referrals import ReferralsPanel
from desktop.views.referrals.tab import ReferralsTab
from desktop.views.settings import Settings
from desktop.views.style import SECONDARY_STYLE
from desktop.views.text import label

if TYPE_CHECKING:
    from desktop.services.retention import RetentionService
    from desktop.views.documents.actions import DocumentChooser
    from desktop.views.documents.panel import DocumentChoices, DocumentsPanel
    from desktop.views.person.consents_tab import ConsentsTab
    from desktop.views.person.erase_dialog import EraseDialog


class HeaderFact(QWidget):
    """A small caption over its value, as in the header of a paper file."""

    def __init__(self, name: str, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{name}Fact")
        self.caption = QLabel(caption)
        self.caption.setObjectName(f"{name}Caption")
        self.caption.setStyleSheet(SECONDARY_STYLE)
        self.value = QLabel()
        self.value.setObjectName(name)
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 1.05)
        self.value.setFont(font)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 18, 0)
        layout.setSpacing(1)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        self.set(caption, "")

    def set(self, caption: str, value: str) -> None:
        self.caption.setText(caption)
        self.caption.setAccessibleName(caption)
        self.value.setText(value)
        self.value.setAccessibleName(caption)
        self.setAccessibleName(f"{caption}: {value}")

    def text(self) -> str:
        return self.value.text()


class PersonView(QWidget):
    """`person_changed(person_id)` says the case status, agent or name changed, so that
    a list showing the person can refresh its row; `matching_needs_requested(person_id)`
    asks for the open needs ranked for the person ("Matchande behov")."""

    person_changed = Signal(str)
    # One of the person's referrals moved on (the ReferralRow as it was): the need's
    # places and the employer's log follow.
    referral_changed = Signal(object)
    matching_needs_requested = Signal(str)
    # An administrator erased the person (Radera personen…): the window closes.
    person_erased = Signal(str)

    # The services are positional, in the order the main window was promised.
    def __init__(  # noqa: PLR0915, PLR0917
        self,
        persons: PersonService,
        cases: CaseService,
        intake: IntakeService,
        accounts: AccountService,
        reference: ReferenceService,
        person_id: uuid.UUID,
        *,
        profile_editor_factory: ProfileEditorFactory | None = None,
        referrals: ReferralService | None = None,
        documents: DocumentService | None = None,
        document_choices: DocumentChoices | None = None,
        settings: Settings | None = None,
        retention: RetentionService | None = None,
        consents: ConsentService | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """With `retention` (administrators), "Radera personen…" erases the person.
        With `consents` the Samtycken tab lists, records and withdraws the person's
        consents.
        Without `referrals` the Anvisningar tab only says what it will hold; with
        `documents` the chosen referral's letter can be produced from it, and with
        `document_choices` too the Dokument tab lists what was produced and Ctrl+P
        saves or prints the person's documents."""
        super().__init__(parent)
        self.setObjectName("personView")
        self.person_id = person_id
        self._cases = cases
        self._intake = intake
        self._reference = reference
        self._documents = documents
        self._settings = settings
        self._retention = retention
        self._consents = consents
        self.erase_dialog: EraseDialog | None = None
        # The one audited read of this person for as long as the screen is open.
        self.header: PersonHeader = persons.open(person_id, screen="personkort")
        me = accounts.actor.user_id
        colleagues = [(u.id, u.full_name) for u in accounts.users() if u.active]

        self.name = QLabel()
        self.name.setObjectName("personName")
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.name.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setWeight(QFont.Weight.DemiBold)
        self.name.setFont(font)
        self.birth_date = HeaderFact("personBirthDate", self.tr("Född"))
        self.identity = HeaderFact("personIdentity", self.tr("Personnummer"))
        self.municipality = HeaderFact("personMunicipality", self.tr("Kommun"))
        self.status = HeaderFact("personCaseStatus", self.tr("Ärende"))
        self.consent = HeaderFact("personSharing", self.tr("Profilen får visas för arbetsgivare"))
        facts = QHBoxLayout()
        for fact in (self.birth_date, self.identity, self.municipality, self.status, self.consent):
            facts.addWidget(fact)
        facts.addStretch(1)
        # The buttons beside the name, not after the facts: the header then fits the
        # window's default width, and a large text scale, without scrolling sideways.
        top = QHBoxLayout()
        top.addWidget(self.name)
        self._add_matching_needs_button(top)
        self._add_erase_button(top, accounts)
        header = QWidget()
        header.setObjectName("personHeader")
        header.setAccessibleName(self.tr("Om personen"))
        header_layout = QVBoxLayout(header)
        header_layout.setContentsMargins(0, 0, 0, 6)
        header_layout.addLayout(top)
        header_layout.addLayout(facts)

        self.case_tab = CaseTab(
            cases, reference, colleagues, person_id, home_municipality=self._home_municipality
        )
        # Built when first shown or used: the case tab is what opening shows.
        self._summaries: Sequence[CaseSummary] = ()
        self._journal = LazyPage(self._build_journal)
        self._tasks = LazyPage(lambda: self._build_tasks(colleagues, me))
        self._profile = LazyPage(
            lambda: self._build_profile(intake, reference, profile_editor_factory)
        )
        referrals_page = self._referrals_page(referrals, reference)
        self._consents_tab = self._consents_page()
        self.documents = self._documents_page(document_choices, settings)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("personTabs")
        self.tabs.setAccessibleName(self.tr("Personkortets flikar"))
        # The underlined letters avoid those the forms inside the tabs use.
        for page, title in (
            (self.case_tab, self.tr("Ä&rende")),
            (self._journal, self.tr("&Journal")),
            (self._tasks, self.tr("&Uppföljningar")),
            (self._profile, self.tr("&Profil")),
            (self._consents_tab, self.tr("Samt&ycken")),
            (referrals_page, self.tr("A&nvisningar")),
            (self.documents, self.tr("D&okument")),
        ):
            if page is not None:
                self.tabs.addTab(page, title)

        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(self.tabs, 1)

        self.case_tab.changed.connect(self._case_changed)
        self._show_person(self.header)
        self.reload()

    def _documents_page(
        self, choices: DocumentChoices | None, settings: Settings | None
    ) -> QWidget:
        """The Dokument tab, and Ctrl+P for the chooser of the person's documents."""
        # Imported here: the documents' views use this package's widgets.
        from desktop.views.documents.panel import DocumentsPanel, print_shortcut

        if self._documents is None or choices is None:
            page = ComingLaterView(
                self.tr("Dokument"),
                self.tr(
                    "Här samlas anvisningsbrev, mötesanteckningar och andra dokument som har "
                    "skrivits ut för personen."
                ),
            )
            page.setObjectName("documentsTab")
            return page
        documents = self._documents
        name = f"{self.header.first_name} {self.header.last_name}"
        self._documents_tab: LazyPage[DocumentsPanel] = LazyPage(
            lambda: DocumentsPanel(
                documents, choices, settings or Settings(), person_id=self.person_id, title=name
            )
        )
        self._documents_tab.setObjectName("documentsTab")
        self.print_action = print_shortcut(self, self.open_documents)
        return self._documents_tab

    def open_documents(self) -> DocumentChooser | None:
        """Ctrl+P: the chooser of the person's documents (save as PDF or print)."""
        return self.documents_panel.open_chooser()

    @property
    def documents_panel(self) -> DocumentsPanel:
        return self._documents_tab.content()

    def _add_matching_needs_button(self, facts: QHBoxLayout) -> None:
        """At the right end of the header's name row: the needs that fit the person."""
        facts.addStretch(1)
        push = QPushButton(self.tr("&Matchande behov…"))
        push.setObjectName("matchingNeedsButton")
        push.setAccessibleName(self.tr("Visa de öppna behov som passar personen bäst"))
        push.setToolTip(self.tr("De öppna rekryteringsbehoven, bäst först, med skälen (Alt+M)"))
        push.setAutoDefault(False)
        push.clicked.connect(self._matching_needs)
        facts.addWidget(push, 0, Qt.AlignmentFlag.AlignBottom)
        self.matching_needs_button = push

    def _add_erase_button(self, facts: QHBoxLayout, accounts: AccountService) -> None:
        """An administrator's erasure request (GDPR art. 17) or withdrawn consent."""
        self.erase_button: QPushButton | None = None
        if self._retention is None or not accounts.actor.is_admin:
            return
        push = QPushButton(self.tr("Radera personen (begäran om radering)…"))
        push.setObjectName("erasePersonButton")
        push.setAccessibleName(self.tr("Radera personen och allt om den, efter bekräftelse"))
        push.setAutoDefault(False)
        push.clicked.connect(self.ask_erase)
        facts.addWidget(push, 0, Qt.AlignmentFlag.AlignBottom)
        self.erase_button = push

    def ask_erase(self, reason: str | None = None) -> EraseDialog | None:
        """The confirmation that names the person and what goes (open(), not exec());
        `reason` (a code of retention.REASONS) is chosen to begin with."""
        if self.erase_button is None or self._retention is None:
            return None
        from desktop.views.person.erase_dialog import EraseDialog

        dialog = EraseDialog(self._retention, self.person_id, self, reason=reason)
        dialog.erased.connect(self.person_erased)
        self.erase_dialog = dialog
        dialog.open()
        return dialog

    def _consents_page(self) -> LazyPage[ConsentsTab] | None:
        """The Samtycken tab, built when first shown; none without the consent service."""
        consents = self._consents
        if consents is None:
            return None
        # Imported here: the consent dialog uses this package's widgets.
        from desktop.views.person.consents_tab import ConsentsTab

        name = f"{self.header.first_name} {self.header.last_name}"
        can_erase = self.erase_button is not None

        def build() -> ConsentsTab:
            tab = ConsentsTab(consents, self.person_id, name, can_erase=can_erase)
            tab.changed.connect(self._consents_changed)
            tab.erase_requested.connect(self.ask_erase)
            return tab

        page = LazyPage(build)
        page.setObjectName("consentsPage")
        return page

    @property
    def consents(self) -> ConsentsTab:
        assert self._consents_tab is not None, "opened without the consent service"
        return self._consents_tab.content()

    def _build_journal(self) -> JournalTab:
        journal = JournalTab(self._cases)
        journal.set_cases(self._summaries)
        return journal

    def _build_tasks(self, colleagues: list[tuple[uuid.UUID, str]], me: uuid.UUID) -> TasksTab:
        tasks = TasksTab(self._cases, colleagues, me)
        tasks.set_case(self._summaries[0] if self._summaries else None)
        return tasks

    def _build_profile(
        self,
        intake: IntakeService,
        reference: ReferenceService,
        editor_factory: ProfileEditorFactory | None,
    ) -> ProfileTab:
        profile = ProfileTab(intake, reference, self.person_id, editor_factory)
        profile.saved.connect(self._profile_saved)
        return profile

    def _referrals_page(
        self, referrals: ReferralService | None, reference: ReferenceService
    ) -> QWidget:
        self._referrals = ReferralsTab(
            None if referrals is None else partial(self._build_referrals, referrals, reference),
            self.tr(
                "Här visas personens anvisningar och kandidatförslag till arbetsgivarnas "
                "rekryteringsbehov, och hur det gick med dem."
            ),
            "referralsTab",
        )
        return self._referrals.page

    def _build_referrals(
        self, referrals: ReferralService, reference: ReferenceService
    ) -> ReferralsPanel:
        panel = ReferralsPanel(
            referrals,
            reference,
            person_id=self.person_id,
            documents=self._documents,
            settings=self._settings,
        )
        panel.changed.connect(self._referral_changed)
        return panel

    @property
    def referrals(self) -> QWidget:
        """What the Anvisningar tab shows: the person's referrals (built now if need
        be), or the note of what the tab will hold."""
        return self._referrals.shown()

    @property
    def referrals_panel(self) -> ReferralsPanel:
        return self._referrals.panel()

    @property
    def journal(self) -> JournalTab:
        return self._journal.content()

    @property
    def tasks(self) -> TasksTab:
        return self._tasks.content()

    @property
    def profile(self) -> ProfileTab:
        return self._profile.content()

    # Showing ---------------------------------------------------------------------------

    def _show_person(self, header: PersonHeader) -> None:
        # Each stored name kept to itself (desktop/bidi.py): an override left in an old
        # first name cannot reverse the last name or the window's title.
        full_name = f"{isolated(header.first_name)} {isolated(header.last_name)}"
        self.name.setText(full_name)
        self.name.setAccessibleName(self.tr("Namn: %1").replace("%1", full_name))
        self.setWindowTitle(full_name)
        self.setAccessibleName(self.tr("Personkort för %1").replace("%1", full_name))
        self.birth_date.set(self.tr("Född"), header.birth_date.isoformat())
        kind = label(vocabulary.IDENTITY_KIND.get(header.identity_kind, "Personnummer"))
        if header.identity_number is None:
            self.identity.set(self.tr("Personnummer"), self.tr("Saknas"))
        else:
            self.identity.set(kind, header.identity_number)
        self.municipality.set(self.tr("Kommun"), header.municipality or NOTHING)
        self.consent.set(
            self.tr("Profilen får visas för arbetsgivare"),
            self.tr("Ja") if header.sharing_consent else self.tr("Nej"),
        )
        self.consent.value.setStyleSheet("" if header.sharing_consent else "color: #b3261e;")

    def _show_status(self, case: CaseSummary | None) -> None:
        if case is None:
            self.status.set(self.tr("Ärende"), self.tr("Inget ärende"))
        else:
            self.status.set(self.tr("Ärende"), status_name(case.status))

    def reload(self) -> None:
        """Read the cases again and show them in every tab."""
        summaries: Sequence[CaseSummary] = self._cases.cases_of(self.person_id)
        self._summaries = summaries
        current = summaries[0] if summaries else None
        self._show_status(current)
        self.case_tab.set_cases(summaries)
        # Tabs not built yet read the cases when they are.
        if self._journal.built:
            self.journal.set_cases(summaries)
        if self._tasks.built:
            self.tasks.set_case(current)
        self._referrals.reload()

    def show_tab(self, page: QWidget) -> None:
        """Show a tab, given its page or the content built into it."""
        show_page(self.tabs, page)

    def current_tab(self) -> QWidget | None:
        """What the current tab shows (the content of a page built on first show)."""
        return unwrap(self.tabs.currentWidget())

    def unsaved_input(self) -> list[str]:
        """Where something is typed and not saved: closing the screen would lose it."""
        places = []
        if self._journal.built and self.journal.text.toPlainText().strip():
            places.append(self.tr("journalen"))
        if self._tasks.built and self.tasks.has_unsaved_input():
            places.append(self.tr("uppföljningen"))
        if self._profile.built and self.profile.has_unsaved_edits():
            places.append(self.tr("profilen"))
        return places

    def _home_municipality(self) -> str | None:
        return self.profile.data.municipality_code or None

    def _matching_needs(self) -> None:
        self.matching_needs_requested.emit(str(self.person_id))

    # Changes ---------------------------------------------------------------------------

    def _case_changed(self) -> None:
        self.reload()
        self.person_changed.emit(str(self.person_id))

    def _consents_changed(self) -> None:
        """A consent was recorded or withdrawn: the header's sharing fact follows, and
        the referrals (whose letters need the consent) are read again."""
        assert self._consents is not None
        sharing = self._consents.may_share(self.person_id)
        self.header = dataclasses.replace(self.header, sharing_consent=sharing)
        self._show_person(self.header)
        self._referrals.reload()
        self.person_changed.emit(str(self.person_id))

    def _referral_changed(self, row: object) -> None:
        """A referral moved on; a placement (or its undoing) changes the case status."""
        self._case_changed()
        self.referral_changed.emit(row)

    def _profile_saved(self) -> None:
        """Show the saved name and numbers; this reads no more than the profile did."""
        data = self.profile.data
        number = data.identity_number if data.has_identity_number else ""
        kind = "saknas"
        if number:
            try:
                kind = parse_identity_number(number).kind
            except IdentityNumberError:
                kind = self.header.identity_kind
        self.header = dataclasses.replace(
            self.header,
            first_name=data.first_name,
            last_name=data.last_name,
            birth_date=self._intake.birth_date_of(data) or self.header.birth_date,
            identity_number=number or None,
            identity_kind=kind,
            municipality=self._reference.municipality_name(data.municipality_code) or None,
            version=self.profile.version,
        )
        self._show_person(self.header)
        self.person_changed.emit(str(self.person_id))
