"""The windows beside the main window: one per open person, employer and recruitment
need, one per intake in progress, and the dialogs that add an employer or log a contact.

Each screen lives in a window of its own so that a caseworker can keep a person open
while looking something up in the list, and so that moving between screens never throws
away what was typed. A window that would lose typed text asks before it closes; the
main window asks them all before the app quits. The lock hides them with everything else.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QFrame,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.services.registry import Services
from desktop.store.errors import StoreError
from desktop.views.confirm import confirm_box
from desktop.views.placement import CASCADE_STEP, placement
from desktop.views.settings import Settings
from desktop.views.text import message
from desktop.views.window_actions import WindowCommands, window_actions

# The screens are imported when first opened, not at start-up.
if TYPE_CHECKING:
    from desktop.services.retention import RetentionService
    from desktop.views.documents.actions import DocumentChoice
    from desktop.views.employer.new_employer_dialog import NewEmployerDialog
    from desktop.views.intake.drafts import DraftsDialog
    from desktop.views.intake.wizard import IntakeWizard
    from desktop.views.log_contact_dialog import LogContactDialog
    from desktop.views.need.editor import NeedEditor
    from desktop.views.person_needs_view import PersonNeedsView


# Synced tables, by the list or record window whose rows they show (MainWindow._synced,
# Workspace.synced).
PERSON_TABLES = frozenset(
    {"persons", "cases", "case_notes", "consents", "person_languages", "educations",
     "work_experiences", "qualifications", "wished_occupations", "wished_municipalities",
     "referrals", "referral_status_changes", "placements", "users"}
)  # fmt: skip
EMPLOYER_TABLES = frozenset({"employers", "workplaces", "contact_persons", "employer_contacts"})
NEED_TABLES = frozenset({"vacancies", "vacancy_requirements", "referrals", "placements"})

# The size a kind of window opens at until the user has left one at another size.
DEFAULT_SIZES = {
    "person": QSize(1040, 760),
    "employer": QSize(1040, 760),
    "need": QSize(1040, 760),
    "intake": QSize(1040, 760),
    "personNeeds": QSize(1280, 600),
}


class ScreenWindow(QWidget):
    """A top-level window around one screen. `loses_on_close()` returns what closing now
    would lose, in words for the question, or None when closing loses nothing.

    `kind` is the kind of window ("person", "employer", "need", …: its size is
    remembered per kind). It has the actions every window has (`window_actions`), doing
    `commands`. Signals: `closing` when it closes (its size is still there), `answered`
    (True for "Stäng ändå") when the question before closing is answered."""

    closing = Signal()
    answered = Signal(bool)

    def __init__(
        self,
        content: QWidget,
        loses_on_close: Callable[[], str | None],
        parent: QWidget,
        *,
        kind: str = "",
        commands: WindowCommands | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.content = content
        self.kind = kind
        self._commands = commands
        self._loses_on_close = loses_on_close
        self._closing_anyway = False
        self.is_closed = False  # deleted later, when the event loop gets to it
        self.question: QMessageBox | None = None
        # A screen smaller than the content needs (a 1366×768 laptop, a large text
        # scale) gets scroll bars: the window still fits the screen, nothing is cut off.
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("windowScroll")
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidgetResizable(True)
        # Focus goes to the screen's own fields, never to the frame around them.
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scroll_area.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.scroll_area)
        self.follow_title()
        content.windowTitleChanged.connect(self.follow_title)
        self.resize(DEFAULT_SIZES.get(kind, DEFAULT_SIZES["person"]))
        close = QShortcut(QKeySequence(QKeySequence.StandardKey.Close), self)
        close.activated.connect(self.close)
        # No menu here, but the keys of the main window's Arkiv menu all the same.
        self.window_actions = window_actions(self)
        self.addActions(self.window_actions.all())
        self.window_actions.log_contact.triggered.connect(self._log_contact)
        self.window_actions.lock.triggered.connect(self._lock)
        self.window_actions.quit.triggered.connect(self._quit)

    def _log_contact(self) -> None:
        if self._commands is not None:
            self._commands.log_contact(self)

    def _lock(self) -> None:
        if self._commands is not None:
            self._commands.lock()

    def _quit(self) -> None:
        if self._commands is not None:
            self._commands.quit()

    def close_without_asking(self) -> None:
        """Close although something was typed: its record is gone (erased)."""
        self._closing_anyway = True
        self.close()

    def follow_title(self) -> None:
        """The screen's title (a name) changed: so does the window's."""
        self.setWindowTitle(self.content.windowTitle())
        self.setAccessibleName(self.content.accessibleName())

    def closeEvent(self, event: QCloseEvent) -> None:
        lost = None if self._closing_anyway else self._loses_on_close()
        if lost is None:
            super().closeEvent(event)
            self.is_closed = event.isAccepted()
            if self.is_closed:
                self.closing.emit()
            return
        event.ignore()
        if self.question is None:
            self._ask(lost)

    def _ask(self, lost: str) -> None:
        box = confirm_box(
            self,
            "confirmClose",
            self.tr("Stäng fönstret"),
            lost,
            act=self.tr("Stäng ändå"),
            stay=self.tr("Fortsätt här"),
            act_role=QMessageBox.ButtonRole.DestructiveRole,
        )
        box.buttonClicked.connect(self._answered)
        self.question = box
        box.open()

    def _answered(self, button: QAbstractButton) -> None:
        self.question = None
        close = button.objectName() == "confirmButton"
        if close:
            self._closing_anyway = True
            self.close()
        self.answered.emit(close)


def _is_open(window: ScreenWindow) -> bool:
    return shiboken6.isValid(window) and not window.is_closed


def _open_in(windows: dict[uuid.UUID, ScreenWindow], key: uuid.UUID | str) -> ScreenWindow | None:
    window = windows.get(uuid.UUID(str(key)))
    return window if window is not None and _is_open(window) else None


class Workspace(QObject):
    """Opens and keeps track of the person and intake windows of one main window.

    Signals: `person_changed(person_id)` when a saved person or case changed,
    `employer_changed(employer_id)` when an employer, its contacts, needs or follow-ups
    changed, `need_changed(need_id)` when a need was saved (the lists refresh),
    `candidates_requested(need_id)` for "Hitta kandidater" in a need's window (the main
    window shows Matchning), `referral_made(person_id, need_id)` after a proposal from a
    person's matching needs, `message(text)` for the status bar.
    """

    person_changed = Signal(str)
    employer_changed = Signal(str)
    need_changed = Signal(str)
    candidates_requested = Signal(str)
    referral_made = Signal(str, str)
    message = Signal(str)

    def __init__(
        self,
        services: Services,
        owner: QWidget,
        settings: Settings | None = None,
        *,
        commands: WindowCommands | None = None,
    ) -> None:
        """`settings`: UI state (the folder documents are saved in, window sizes);
        `commands`: what Ctrl+K, Ctrl+L and Ctrl+Q do from the windows (the main
        window's own)."""
        super().__init__(owner)
        self._services = services
        self._settings = settings
        self._commands = commands
        self._owner = owner
        # The windows of each kind in the order they were placed (the cascade's last).
        self._placed: dict[str, list[ScreenWindow]] = {}
        # While quitting waits for a window's question: that window and what to do next.
        self._quit_waits_for: tuple[ScreenWindow, Callable[[], object]] | None = None
        self._persons: dict[uuid.UUID, ScreenWindow] = {}
        self._intakes: list[ScreenWindow] = []
        self._employers: dict[uuid.UUID, ScreenWindow] = {}
        self._needs: dict[uuid.UUID, ScreenWindow] = {}
        self._new_needs: list[ScreenWindow] = []
        self._person_needs: dict[uuid.UUID, ScreenWindow] = {}
        self.drafts_dialog: DraftsDialog | None = None
        self.new_employer_dialog: NewEmployerDialog | None = None
        self.contact_dialog: LogContactDialog | None = None
        self.referral_made.connect(self._referral_made)

    # Persons ---------------------------------------------------------------------------

    def person_window(self, person_id: uuid.UUID | str) -> ScreenWindow | None:
        return _open_in(self._persons, person_id)

    def open_person(self, person_id: uuid.UUID | str) -> ScreenWindow | None:
        """The person's window, brought to the front if it is open already."""
        return self._record_window(
            self._persons, person_id, "personWindow", "person", self._person_view
        )

    def _person_view(self, person_id: uuid.UUID) -> QWidget:
        from desktop.views.person.view import PersonView

        services = self._services
        view = PersonView(
            services.persons,
            services.cases,
            services.intake,
            services.accounts,
            services.reference,
            person_id,
            profile_editor_factory=self._profile_editor,
            referrals=services.referrals,
            documents=services.documents,
            document_choices=self._person_documents(person_id),
            settings=self._settings,
            retention=self._retention(),
            consents=services.consents,
        )
        view.person_changed.connect(self.person_changed)
        view.referral_changed.connect(self._referral_changed)
        view.matching_needs_requested.connect(self.open_person_needs)
        view.person_erased.connect(self._person_erased)
        return view

    def _retention(self) -> RetentionService | None:
        """Erasure of a person, for administrators (desktop/services/retention/)."""
        services = self._services
        if not services.actor.is_admin:
            return None
        from desktop.services.retention import RetentionService

        return RetentionService(services.db, services.actor)

    def _person_erased(self, person_id: str) -> None:
        """The person is gone: their windows close without asking, the lists follow."""
        key = uuid.UUID(person_id)
        for window in (self.person_window(key), self.person_needs_window(key)):
            if window is not None:
                window.close_without_asking()
        self.person_changed.emit(person_id)

    def _person_documents(self, person_id: uuid.UUID) -> Callable[[], list[DocumentChoice]]:
        """The person's documents, read when the chooser opens (consent may change)."""
        from desktop.views.documents.screens import person_choices

        services = self._services
        meeting = services.meeting_documents
        person_documents = services.person_documents

        return partial(person_choices, meeting, person_documents, person_id)

    def person_needs_window(self, person_id: uuid.UUID | str) -> ScreenWindow | None:
        return _open_in(self._person_needs, person_id)

    def open_person_needs(self, person_id: uuid.UUID | str) -> ScreenWindow:
        """Matchande behov: the open needs ranked for the person, in a window of its own
        (the open one brought forward and ranked again)."""
        key = uuid.UUID(str(person_id))
        window = _open_in(self._person_needs, key)
        if window is not None:
            window.content.refresh()  # type: ignore[attr-defined]
            self._bring_forward(window)
            return window
        from desktop.views.person_needs_view import PersonNeedsView

        view = PersonNeedsView(self._services, key)
        view.need_activated.connect(self.open_need)
        view.proposed.connect(self.referral_made)
        view.closed.connect(self._close_sender_window)
        window = self._new_window(
            view, lambda: self._stop_ranking(view), "personNeedsWindow", "personNeeds"
        )
        self._person_needs[key] = window
        self._bring_forward(window)
        view.focus_start()
        return window

    @staticmethod
    def _stop_ranking(view: PersonNeedsView) -> None:
        """Before the window closes: no ranking left running for it (it loses nothing)."""
        view.wait()

    def _close_sender_window(self) -> None:
        content = self.sender()
        for window in self.windows():
            if window.content is content:
                window.close()

    def _profile_editor(self, person_id: uuid.UUID) -> QWidget:
        from desktop.views.intake.profile_editor import ProfileEditor

        editor = ProfileEditor(self._services.intake, self._services.reference, person_id)
        editor.open_person_requested.connect(self.open_person)
        return editor

    # Intakes ---------------------------------------------------------------------------

    def intake_windows(self) -> list[ScreenWindow]:
        self._intakes = [w for w in self._intakes if _is_open(w)]
        return list(self._intakes)

    def new_intake(self) -> ScreenWindow:
        return self._intake_window(None)

    def resume_draft(self, draft_id: uuid.UUID | str) -> ScreenWindow:
        """The draft's wizard, brought to the front if it is open already."""
        draft = uuid.UUID(str(draft_id))
        for window in self.intake_windows():
            if getattr(window.content, "draft_id", None) == draft:
                self._bring_forward(window)
                return window
        return self._intake_window(draft)

    def _intake_window(self, draft: uuid.UUID | None) -> ScreenWindow:
        from desktop.views.intake.wizard import IntakeWizard

        wizard = IntakeWizard(self._services.intake, self._services.reference)
        if draft is not None:
            wizard.resume(draft)
        window = self._new_window(
            wizard, lambda: self._intake_loses(wizard), "intakeWindow", "intake"
        )
        window.setWindowTitle(self.tr("Ny inskrivning"))
        wizard.completed.connect(self._intake_completed)
        wizard.open_person_requested.connect(self._existing_person_found)
        wizard.closed.connect(window.close)
        self._intakes.append(window)
        self._bring_forward(window)
        return window

    def _intake_loses(self, wizard: IntakeWizard) -> str | None:
        if wizard.flush():
            return None
        return self.tr(
            "Utkastet kunde inte sparas. Stäng ändå? Det du har skrivit sedan det senast "
            "sparades försvinner då."
        )

    def _window_of(self, content: QObject | None) -> ScreenWindow | None:
        for window in self.intake_windows():
            if window.content is content:
                return window
        return None

    def _intake_completed(self, person_id: str) -> None:
        window = self._window_of(self.sender())
        if window is not None:
            window.close()
        self.person_changed.emit(person_id)
        self.message.emit(self.tr("Inskrivningen är sparad och ärendet är öppnat."))
        self.open_person(person_id)

    def _existing_person_found(self, person_id: str) -> None:
        # The draft stays (it is saved) until the caseworker discards it.
        self.open_person(person_id)

    def show_drafts(self) -> DraftsDialog:
        if self.drafts_dialog is not None and shiboken6.isValid(self.drafts_dialog):
            self.drafts_dialog.refresh()
            self._bring_forward(self.drafts_dialog)
            return self.drafts_dialog
        from desktop.views.intake.drafts import DraftsDialog

        dialog = DraftsDialog(self._services.intake, self._owner)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.resume_requested.connect(self.resume_draft)
        self.drafts_dialog = dialog
        dialog.open()
        return dialog

    def has_drafts(self) -> bool:
        return bool(self._services.intake.drafts())

    # Employers ---------------------------------------------------------------------------

    def employer_window(self, employer_id: uuid.UUID | str) -> ScreenWindow | None:
        return _open_in(self._employers, employer_id)

    def open_employer(self, employer_id: uuid.UUID | str) -> ScreenWindow | None:
        """The employer's window, brought to the front if it is open already."""
        return self._record_window(
            self._employers, employer_id, "employerWindow", "employer", self._employer_view
        )

    def _employer_view(self, employer_id: uuid.UUID) -> QWidget:
        from desktop.views.documents.screens import employer_choices
        from desktop.views.employer.view import EmployerView

        services = self._services
        view = EmployerView(
            services.employers, services.vacancies, services.accounts, services.reference,
            employer_id, referrals=services.referrals, documents=services.documents,
            document_choices=partial(
                employer_choices, services.meeting_documents, employer_id
            ),
            settings=self._settings,
        )  # fmt: skip
        view.employer_changed.connect(self.employer_changed)
        view.log_contact_requested.connect(self.log_contact)
        view.new_need_requested.connect(self.new_need)
        view.need_activated.connect(self.open_need)
        view.person_activated.connect(self.open_person)
        view.referral_changed.connect(self._referral_changed)
        return view

    def new_employer(self) -> NewEmployerDialog:
        dialog = self.new_employer_dialog
        if dialog is not None and shiboken6.isValid(dialog) and dialog.isVisible():
            self._bring_forward(dialog)
            return dialog
        from desktop.views.employer.new_employer_dialog import NewEmployerDialog

        services = self._services
        agents = [(u.id, u.full_name) for u in services.accounts.users() if u.active]
        dialog = NewEmployerDialog(
            services.employers, services.reference, agents, services.actor.user_id, self._owner
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.created.connect(self._employer_created)
        dialog.open_existing.connect(self.open_employer)
        self.new_employer_dialog = dialog
        dialog.open()
        return dialog

    def _employer_created(self, employer_id: str) -> None:
        self.employer_changed.emit(employer_id)
        self.message.emit(self.tr("Arbetsgivaren är sparad."))
        self.open_employer(employer_id)

    def _reload_employer(
        self, employer_id: uuid.UUID | str, *, skip: QObject | None = None
    ) -> None:
        window = self.employer_window(employer_id)
        if window is not None and window.content is not skip:
            window.content.reload()  # type: ignore[attr-defined]

    def employer_shown_in(self, window: QWidget | None) -> uuid.UUID | None:
        """The employer whose window `window` is, if it is one."""
        return next((k for k, w in self._employers.items() if w is window), None)

    def log_contact(
        self,
        employer_id: uuid.UUID | str | None = None,
        *,
        opened_from: QWidget | None = None,
    ) -> LogContactDialog:
        """Logga kontakt, for this employer or one to be typed in.

        The dialog belongs to the window it was opened from (`opened_from`, else the
        employer's window, else the main window), so that window, not the main window,
        is the one in front when it closes."""
        dialog = self.contact_dialog
        if dialog is not None and shiboken6.isValid(dialog) and dialog.isVisible():
            # One at a time: what is typed in the open one is not thrown away.
            self._bring_forward(dialog)
            return dialog
        from desktop.services.employers import EmployerSuggestion
        from desktop.views.log_contact_dialog import LogContactDialog

        employer = None
        if employer_id is not None:
            details = self._services.employers.details(uuid.UUID(str(employer_id)))
            employer = EmployerSuggestion(
                details.id, details.name, details.org_number, details.municipality
            )
        parent = opened_from
        if parent is None and employer_id is not None:
            parent = self.employer_window(employer_id)
        dialog = LogContactDialog(
            self._services.employers, employer=employer, parent=parent or self._owner
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.logged.connect(self._contact_logged)
        dialog.finished.connect(self._contact_dialog_finished)
        self.contact_dialog = dialog
        dialog.open()
        return dialog

    def _contact_dialog_finished(self) -> None:
        """The window Logga kontakt was opened from is in front again."""
        dialog = self.sender()
        window = dialog.parentWidget() if isinstance(dialog, QWidget) else None
        if window is not None and window.isVisible():
            self._bring_forward(window)

    def _contact_logged(self, employer_id: str) -> None:
        self._reload_employer(employer_id)
        self.employer_changed.emit(employer_id)
        self.message.emit(self.tr("Kontakten är sparad."))

    # Recruitment needs -------------------------------------------------------------------

    def need_window(self, need_id: uuid.UUID | str) -> ScreenWindow | None:
        return _open_in(self._needs, need_id)

    def open_need(self, need_id: uuid.UUID | str) -> ScreenWindow | None:
        return self._record_window(self._needs, need_id, "needWindow", "need", self._need_editor)

    def _need_editor(self, need_id: uuid.UUID) -> QWidget:
        from desktop.views.need.editor import NeedEditor

        # The editor would explain a missing need inside itself; here no window opens.
        self._services.vacancies.get(need_id)
        self._services.vacancies.opened(need_id)
        editor = NeedEditor(
            self._services.vacancies,
            self._services.reference,
            need_id=need_id,
            workplaces=self._workplaces,
            referrals=self._services.referrals,
            documents=self._services.documents,
            settings=self._settings,
        )
        self._connect_need(editor)
        return editor

    def new_need(self, employer_id: uuid.UUID | str) -> ScreenWindow | None:
        key = uuid.UUID(str(employer_id))
        try:
            details = self._services.employers.details(key)
        except StoreError as error:
            self.message.emit(message(str(error)))
            return None
        from desktop.views.need.editor import NeedEditor

        editor = NeedEditor(
            self._services.vacancies,
            self._services.reference,
            employer_id=key,
            employer_name=details.name,
            workplaces=[(w.id, w.name) for w in details.workplaces],
            referrals=self._services.referrals,
            documents=self._services.documents,
            settings=self._settings,
        )
        self._connect_need(editor)
        window = self._new_window(editor, lambda: self._loses(editor), "needWindow", "need")
        editor.closed.connect(window.close)
        self._new_needs.append(window)
        self._bring_forward(window)
        return window

    def _workplaces(self, employer_id: uuid.UUID) -> list[tuple[uuid.UUID, str]]:
        return [(w.id, w.name) for w in self._services.employers.details(employer_id).workplaces]

    def _connect_need(self, editor: NeedEditor) -> None:
        editor.saved.connect(self._need_saved)
        editor.referral_changed.connect(self._referral_changed)
        editor.find_candidates_requested.connect(self.candidates_requested)

    def _need_saved(self, need_id: str) -> None:
        from desktop.views.need.editor import NeedEditor

        editor = self.sender()
        employer_id = editor.data().employer_id if isinstance(editor, NeedEditor) else None
        self.need_changed.emit(need_id)
        if employer_id is not None:
            self._reload_employer(employer_id)
            self.employer_changed.emit(str(employer_id))
        self.message.emit(self.tr("Rekryteringsbehovet är sparat."))

    # Referrals ---------------------------------------------------------------------------

    def _referral_changed(self, row: object) -> None:
        """A referral moved on in a person's, a need's or an employer's window: the
        others (if open; the employer's for its log, needs and referrals) and the lists
        follow. The window where the step was taken has read itself again."""
        from desktop.services.referrals import ReferralRow

        if not isinstance(row, ReferralRow):
            return
        self.reload_referrals(row.person_id, row.vacancy_id, skip=self.sender())
        self._reload_employer(row.employer_id, skip=self.sender())
        self.person_changed.emit(str(row.person_id))
        self.need_changed.emit(str(row.vacancy_id))
        self.employer_changed.emit(str(row.employer_id))

    def _referral_made(self, person_id: str, need_id: str) -> None:
        """A proposal from Matchning: the windows showing the person, the need and its
        employer (whose log has the proposal) show it too."""
        self.reload_referrals(person_id, need_id)
        if self._employers:
            try:
                employer_id = self._services.vacancies.get(uuid.UUID(need_id)).employer_id
            except StoreError:
                return
            self._reload_employer(employer_id)

    def reload_referrals(
        self,
        person_id: uuid.UUID | str,
        need_id: uuid.UUID | str,
        *,
        skip: QObject | None = None,
    ) -> None:
        """The person's and the need's windows, if open, read their referrals (and the
        case status, the places filled) again; `skip` is a screen that already has."""
        person = self.person_window(person_id)
        if person is not None and person.content is not skip:
            person.content.reload()  # type: ignore[attr-defined]
        need = self.need_window(need_id)
        if need is not None and need.content is not skip:
            need.content.reload_referrals()  # type: ignore[attr-defined]

    # Record windows ------------------------------------------------------------------------

    def _record_window(
        self,
        windows: dict[uuid.UUID, ScreenWindow],
        record_id: uuid.UUID | str,
        name: str,
        kind: str,
        build: Callable[[uuid.UUID], QWidget],
    ) -> ScreenWindow | None:
        """One window a record: the open one brought forward, else a new one; a record
        that is gone is said in the status bar and opens nothing."""
        key = uuid.UUID(str(record_id))
        window = _open_in(windows, key)
        if window is None:
            try:
                content = build(key)
            except StoreError as error:
                self.message.emit(message(str(error)))
                return None
            window = self._new_window(content, lambda: self._loses(content), name, kind)
            closed = getattr(content, "closed", None)
            if closed is not None:
                closed.connect(window.close)
            windows[key] = window
        self._bring_forward(window)
        return window

    def _new_window(
        self,
        content: QWidget,
        loses_on_close: Callable[[], str | None],
        name: str,
        kind: str,
    ) -> ScreenWindow:
        """Every window beside the main window is made here: named, given the actions
        every window has, and placed by the one rule (`_place`)."""
        window = ScreenWindow(
            content, loses_on_close, self._owner, kind=kind, commands=self._commands
        )
        window.setObjectName(name)
        window.closing.connect(self._window_closing)
        window.answered.connect(self._close_answered)
        self._place(window)
        return window

    def _place(self, window: ScreenWindow) -> None:
        """Within the available part of the main window's screen, at the size the last
        window of its kind was left at (or its default), fitted to the screen, and one
        cascade step from the last open window of its kind (docs/ui.md, "Fönster")."""
        kind = window.kind
        owner = self._owner
        screen = owner.screen()
        available = screen.availableGeometry()
        kept = self._settings.window_size(kind) if self._settings is not None else None
        preferred = kept or DEFAULT_SIZES.get(kind, DEFAULT_SIZES["person"])
        # The title bar and borders a window of this app gets (none until shown).
        outer = owner.frameGeometry()
        frame = QSize(outer.width() - owner.width(), outer.height() - owner.height())
        if not owner.isVisible():
            frame = QSize(0, 0)
        placed = [w for w in self._placed.get(kind, []) if _is_open(w)]
        last = placed[-1].pos() if placed else None
        origin = outer.topLeft() + QPoint(CASCADE_STEP, CASCADE_STEP)
        rect = placement(preferred, available, last, origin, frame)
        window.resize(rect.size())
        window.move(rect.topLeft())
        self._placed[kind] = [*placed, window]

    def _window_closing(self) -> None:
        """A window closes: the next of its kind opens at the size it was left at."""
        window = self.sender()
        if not isinstance(window, ScreenWindow) or self._settings is None:
            return
        maximised = window.isMaximized() or window.isFullScreen()
        size = window.normalGeometry().size() if maximised else window.size()
        if size.isValid() and not size.isEmpty():
            self._settings.keep_window_size(window.kind, size)

    def _loses(self, screen: QWidget) -> str | None:
        """The question to ask before closing a screen with unsaved typing, or None."""
        places: list[str] = screen.unsaved_input()  # type: ignore[attr-defined]
        if not places:
            return None
        question = self.tr("Det du har skrivit i %1 är inte sparat. Stäng ändå? Det försvinner då.")
        return question.replace("%1", " och ".join(places))

    # All -------------------------------------------------------------------------------

    def synced(self, tables: set[str]) -> None:
        """A sync changed rows of these tables here: each open record window they show in
        reads itself again, unless something is typed in it (that stays; saving it meets
        the newer version as any save does). A record deleted or erased elsewhere closes
        its window, with a line in the status bar."""
        if tables & PERSON_TABLES:
            for person_id, window in list(self._persons.items()):
                if not _is_open(window):
                    continue
                if not self._services.persons.exists(uuid.UUID(str(person_id))):
                    self._close_gone(window, self.tr("Personen"))
                elif not window.content.unsaved_input():  # type: ignore[attr-defined]
                    window.content.reload()  # type: ignore[attr-defined]
        for windows, shown in (
            (self._employers, EMPLOYER_TABLES | NEED_TABLES),
            (self._needs, NEED_TABLES | EMPLOYER_TABLES),
        ):
            if not tables & shown:
                continue
            for window in list(windows.values()):
                if _is_open(window) and not window.content.unsaved_input():  # type: ignore[attr-defined]
                    try:
                        window.content.reload()  # type: ignore[attr-defined]
                    except StoreError:
                        self._close_gone(window, self.tr("Arbetsgivaren"))

    def _close_gone(self, window: ScreenWindow, what: str) -> None:
        self.message.emit(
            self.tr(
                "%1 finns inte längre på den här datorn (borttagen eller inte längre delad); "
                "fönstret stängdes."
            ).replace("%1", what)
        )
        window.close()

    def windows(self) -> list[ScreenWindow]:
        self._persons = {k: w for k, w in self._persons.items() if _is_open(w)}
        self._employers = {k: w for k, w in self._employers.items() if _is_open(w)}
        self._needs = {k: w for k, w in self._needs.items() if _is_open(w)}
        self._new_needs = [w for w in self._new_needs if _is_open(w)]
        self._person_needs = {k: w for k, w in self._person_needs.items() if _is_open(w)}
        return [
            *self._persons.values(),
            *self.intake_windows(),
            *self._employers.values(),
            *self._needs.values(),
            *self._new_needs,
            *self._person_needs.values(),
        ]

    def close_all(self, then: Callable[[], object] | None = None) -> bool:
        """Close every window; False if one stays open to ask about what it would lose.
        Then, if that question is answered "Stäng ändå", `then()` is called (the quit
        goes on); "Fortsätt här" stops it."""
        self._quit_waits_for = None
        for window in self.windows():
            if window.isVisible() and not window.close():
                self._bring_forward(window)
                if then is not None:
                    self._quit_waits_for = (window, then)
                return False
        return True

    def _close_answered(self, closed: bool) -> None:
        waiting, self._quit_waits_for = self._quit_waits_for, None
        if waiting is None or waiting[0] is not self.sender():
            self._quit_waits_for = waiting  # another window's question: still waiting
            return
        if closed:
            waiting[1]()

    @staticmethod
    def _bring_forward(window: QWidget) -> None:
        window.show()
        window.raise_()
        window.activateWindow()
