"""Unfinished intakes: the list to resume one from, or to discard one.

Opened with open() (at start-up when drafts exist, and from the menu);
`resume_requested(draft_id)` tells the main window to open the wizard on it.
"""

from __future__ import annotations

import unicodedata
import uuid

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import clock
from desktop.bidi import isolated
from desktop.services.intake import STEP_TITLES, DraftSummary, IntakeService, Step
from desktop.store.errors import StoreError
from desktop.views.confirm import confirm_box
from desktop.views.text import label, message

DRAFT_ROLE = Qt.ItemDataRole.UserRole


def _visible(text: str) -> str:
    """The label as the list shows it: a control or formatting character as "�", so
    that it is seen, and an override cannot turn the rest of the row around."""
    return "".join("\ufffd" if unicodedata.category(c) in ("Cc", "Cf", "Cs") else c for c in text)


class DraftsDialog(QDialog):
    resume_requested = Signal(str)

    def __init__(self, intake: IntakeService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("draftsDialog")
        self.setWindowTitle(self.tr("Påbörjade inskrivningar"))
        self.setAccessibleName(self.tr("Påbörjade inskrivningar"))
        self._intake = intake
        self.confirm: QMessageBox | None = None
        intro = QLabel(
            self.tr(
                "De här inskrivningarna är påbörjade men inte sparade. Fortsätt där du "
                "slutade, eller ta bort ett utkast som inte behövs."
            )
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("draftList")
        self.list.setAccessibleName(self.tr("Utkast"))
        self.list.setMinimumWidth(520)
        self.problem = QLabel()
        self.problem.setObjectName("draftsProblem")
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b3261e;")
        self.problem.hide()
        self.resume_button = QPushButton(self.tr("&Fortsätt inskrivningen"))
        self.resume_button.setObjectName("resumeDraftButton")
        self.resume_button.setAccessibleName(self.tr("Fortsätt den valda inskrivningen"))
        self.resume_button.setDefault(True)
        self.discard_button = QPushButton(self.tr("&Ta bort utkastet…"))
        self.discard_button.setObjectName("discardDraftButton")
        self.discard_button.setAccessibleName(self.tr("Ta bort det valda utkastet"))
        self.close_button = QPushButton(self.tr("&Stäng"))
        self.close_button.setObjectName("closeDraftsButton")
        self.close_button.setAccessibleName(self.tr("Stäng"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.discard_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.resume_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.problem)
        layout.addLayout(buttons)

        self.resume_button.clicked.connect(self.resume_selected)
        self.discard_button.clicked.connect(self.ask_discard)
        self.close_button.clicked.connect(self.reject)
        self.list.itemActivated.connect(self._activated)
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        for draft in self._intake.drafts():
            item = QListWidgetItem(self._describe(draft))
            item.setData(DRAFT_ROLE, str(draft.id))
            if draft.flagged:
                # Said before it is opened: what must be put right, field by field.
                item.setToolTip("\n".join(message(text) for text in draft.flagged.values()))
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        has_any = self.list.count() > 0
        self.resume_button.setEnabled(has_any)
        self.discard_button.setEnabled(has_any)

    def _describe(self, draft: DraftSummary) -> str:
        step = Step(draft.step)
        saved = clock.minute(draft.updated_at)
        return (
            self.tr("%1 – steg %2 av %3: %4 – sparat %5")
            .replace("%1", isolated(_visible(draft.label)))  # desktop/bidi.py
            .replace("%2", str(int(step) + 1))
            .replace("%3", str(len(Step)))
            .replace("%4", label(STEP_TITLES[step]))
            .replace("%5", saved)
        ) + (self._flag_text(draft) if draft.flagged else "")

    def _flag_text(self, draft: DraftSummary) -> str:
        # "fält" is the same in the plural: one sentence for any count.
        return self.tr(" – ✗ styrtecken i %1 fält").replace("%1", str(len(draft.flagged)))

    def selected(self) -> str | None:
        item = self.list.currentItem()
        return str(item.data(DRAFT_ROLE)) if item is not None else None

    def _activated(self, _item: QListWidgetItem) -> None:
        self.resume_selected()

    def resume_selected(self) -> None:
        draft = self.selected()
        if draft is None:
            return
        self.accept()
        self.resume_requested.emit(draft)

    def ask_discard(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        box = confirm_box(
            self,
            "confirmDiscard",
            self.tr("Ta bort utkastet"),
            self.tr("Ta bort utkastet? Det som skrivits i det går inte att få tillbaka."),
            act=self.tr("Ta bort"),
            stay=self.tr("Behåll"),
            act_role=QMessageBox.ButtonRole.DestructiveRole,
            informative=item.text(),
        )
        self._to_discard = str(item.data(DRAFT_ROLE))
        box.buttonClicked.connect(self._discard_answered)
        box.finished.connect(self._confirm_closed)
        self.confirm = box
        box.open()

    def _confirm_closed(self) -> None:
        if self.sender() is self.confirm:
            self.confirm = None

    def _discard_answered(self, button: QAbstractButton) -> None:
        if button.objectName() != "confirmButton":
            return
        try:
            self._intake.discard_draft(uuid.UUID(self._to_discard))
        except StoreError as error:
            self.problem.setText(message(str(error)))
            self.problem.show()
            return
        self.problem.hide()
        self.refresh()
        self.list.setFocus(Qt.FocusReason.OtherFocusReason)
