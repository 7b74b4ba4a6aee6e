"""The windows beside the main window: one per open person, one per intake in progress.

Each screen lives in a window of its own so that a caseworker can keep a person open
while looking something up in the list, and so that moving between screens never throws
away what was typed. A window that would lose typed text asks before it closes; the
main window asks them all before the app quits. The lock hides them with everything else.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QVBoxLayout, QWidget

from desktop.services.registry import Services
from desktop.store.errors import StoreError
from desktop.views.intake.drafts import DraftsDialog
from desktop.views.intake.profile_editor import ProfileEditor
from desktop.views.intake.wizard import IntakeWizard
from desktop.views.person import PersonView
from desktop.views.text import message


class ScreenWindow(QWidget):
    """A top-level window around one screen. `loses_on_close()` returns what closing now
    would lose, in words for the question, or None when closing loses nothing."""

    def __init__(
        self,
        content: QWidget,
        loses_on_close: Callable[[], str | None],
        parent: QWidget,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.content = content
        self._loses_on_close = loses_on_close
        self._closing_anyway = False
        self.is_closed = False  # deleted later, when the event loop gets to it
        self.question: QMessageBox | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(content)
        self.follow_title()
        self.resize(1040, 760)
        close = QShortcut(QKeySequence(QKeySequence.StandardKey.Close), self)
        close.activated.connect(self.close)

    def follow_title(self) -> None:
        """The screen's title (a person's name) changed: so does the window's."""
        self.setWindowTitle(self.content.windowTitle())
        self.setAccessibleName(self.content.accessibleName())

    def closeEvent(self, event: QCloseEvent) -> None:
        lost = None if self._closing_anyway else self._loses_on_close()
        if lost is None:
            super().closeEvent(event)
            self.is_closed = event.isAccepted()
            return
        event.ignore()
        if self.question is None:
            self._ask(lost)

    def _ask(self, lost: str) -> None:
        box = QMessageBox(self)
        box.setObjectName("confirmClose")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Stäng fönstret"))
        box.setText(lost)
        close = box.addButton(self.tr("Stäng ändå"), QMessageBox.ButtonRole.DestructiveRole)
        close.setObjectName("confirmButton")
        stay = box.addButton(self.tr("Fortsätt här"), QMessageBox.ButtonRole.RejectRole)
        stay.setObjectName("cancelButton")
        box.setDefaultButton(stay)
        box.setEscapeButton(stay)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(self._answered)
        self.question = box
        box.open()

    def _answered(self, button: QAbstractButton) -> None:
        self.question = None
        if button.objectName() == "confirmButton":
            self._closing_anyway = True
            self.close()


def _is_open(window: ScreenWindow) -> bool:
    return shiboken6.isValid(window) and not window.is_closed


class Workspace(QObject):
    """Opens and keeps track of the person and intake windows of one main window.

    Signals: `person_changed(person_id)` when a saved person or case changed (the list
    refreshes), `message(text)` for the status bar.
    """

    person_changed = Signal(str)
    message = Signal(str)

    def __init__(self, services: Services, owner: QWidget) -> None:
        super().__init__(owner)
        self._services = services
        self._owner = owner
        self._persons: dict[uuid.UUID, ScreenWindow] = {}
        self._intakes: list[ScreenWindow] = []
        self.drafts_dialog: DraftsDialog | None = None

    # Persons ---------------------------------------------------------------------------

    def person_window(self, person_id: uuid.UUID | str) -> ScreenWindow | None:
        window = self._persons.get(uuid.UUID(str(person_id)))
        return window if window is not None and _is_open(window) else None

    def open_person(self, person_id: uuid.UUID | str) -> ScreenWindow | None:
        """The person's window, brought to the front if it is open already."""
        key = uuid.UUID(str(person_id))
        window = self.person_window(key)
        if window is None:
            services = self._services
            try:
                view = PersonView(
                    services.persons,
                    services.cases,
                    services.intake,
                    services.accounts,
                    services.reference,
                    key,
                    profile_editor_factory=self._profile_editor,
                )
            except StoreError as error:
                self.message.emit(message(str(error)))
                return None
            view.person_changed.connect(self.person_changed)
            window = ScreenWindow(view, lambda: self._person_loses(view), self._owner)
            window.setObjectName("personWindow")
            view.person_changed.connect(window.follow_title)
            self._persons[key] = window
        self._bring_forward(window)
        return window

    def _profile_editor(self, person_id: uuid.UUID) -> QWidget:
        return ProfileEditor(self._services.intake, self._services.reference, person_id)

    def _person_loses(self, view: PersonView) -> str | None:
        places = view.unsaved_input()
        if not places:
            return None
        question = self.tr("Det du har skrivit i %1 är inte sparat. Stäng ändå? Det försvinner då.")
        return question.replace("%1", " och ".join(places))

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
            wizard = window.content
            if isinstance(wizard, IntakeWizard) and wizard.draft_id == draft:
                self._bring_forward(window)
                return window
        return self._intake_window(draft)

    def _intake_window(self, draft: uuid.UUID | None) -> ScreenWindow:
        wizard = IntakeWizard(self._services.intake, self._services.reference)
        if draft is not None:
            wizard.resume(draft)
        window = ScreenWindow(wizard, lambda: self._intake_loses(wizard), self._owner)
        window.setObjectName("intakeWindow")
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
        dialog = DraftsDialog(self._services.intake, self._owner)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.resume_requested.connect(self.resume_draft)
        self.drafts_dialog = dialog
        dialog.open()
        return dialog

    def has_drafts(self) -> bool:
        return bool(self._services.intake.drafts())

    # All -------------------------------------------------------------------------------

    def windows(self) -> list[ScreenWindow]:
        self._persons = {k: w for k, w in self._persons.items() if _is_open(w)}
        persons = list(self._persons.values())
        return persons + self.intake_windows()

    def close_all(self) -> bool:
        """Close every window; False if one stays open to ask about what it would lose."""
        for window in self.windows():
            if window.isVisible() and not window.close():
                self._bring_forward(window)
                return False
        return True

    @staticmethod
    def _bring_forward(window: QWidget) -> None:
        window.show()
        window.raise_()
        window.activateWindow()
