"""The Dokument tab of the person and the employer screens: what was produced, when, by
whom, which kind and whether anonymised, newest first; "Skapa igen" produces the chosen
one again (a referral letter through its dialog, the others through the chooser), and
"Spara som PDF / Skriv ut…" (Ctrl+P on the screen) opens the chooser of the screen's
documents."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.bidi import isolated
from desktop.clock import STOCKHOLM
from desktop.services.documents import DocumentService, ProducedRow
from desktop.store.errors import StoreError
from desktop.views.dialog_host import DialogHost
from desktop.views.documents.actions import DocumentChoice, DocumentChooser
from desktop.views.documents.letter_dialog import LetterDialog
from desktop.views.person.widgets import FieldError, button, heading
from desktop.views.settings import Settings
from desktop.views.style import SECONDARY_STYLE

# The screen's documents, read when the chooser opens (consent may have changed).
DocumentChoices = Callable[[], Sequence[DocumentChoice]]

COLUMNS = ("Dokument", "Titel", "Skapat", "Av", "Som", "Anonymiserat")
OUTPUT_NAMES = {"pdf": "PDF", "utskrift": "Utskrift"}


def print_shortcut(screen: QWidget, slot: Callable[[], object]) -> QAction:
    """Ctrl+P (the platform's Print key) anywhere on the screen: `slot`."""
    action = QAction(screen.tr("Spara som PDF / Skriv ut…"), screen)
    action.setObjectName("printAction")
    action.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.triggered.connect(slot)
    screen.addAction(action)
    return action


def choice_key(row: ProducedRow) -> str:
    """The chooser's key for a produced document's kind (and variant)."""
    return f"{row.kind}-anonym" if row.anonymous else row.kind


class DocumentsPanel(DialogHost):
    def __init__(
        self,
        documents: DocumentService,
        choices: DocumentChoices,
        settings: Settings,
        *,
        person_id: uuid.UUID | None = None,
        employer_id: uuid.UUID | None = None,
        title: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._documents = documents
        self._choices = choices
        self._settings = settings
        self._person_id = person_id
        self._employer_id = employer_id
        self._title = title
        self.dialog = None
        self.rows: list[ProducedRow] = []
        self.setObjectName("documentsPanel")
        self.setAccessibleName(self.tr("Dokument"))

        self.heading = heading(self.tr("Skapade dokument"), "documentsHeading")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("producedDocuments")
        self.table.setAccessibleName(self.tr("Skapade dokument"))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setTabKeyNavigation(False)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.empty = QLabel(
            self.tr("Inga dokument ännu. Skapa ett med Spara som PDF / Skriv ut… (Ctrl+P).")
        )
        self.empty.setObjectName("documentsEmpty")
        self.empty.setAccessibleName(self.empty.text())
        self.empty.setStyleSheet(f"{SECONDARY_STYLE} padding: 12px 2px;")
        self.error = FieldError("documentsError", self.tr("Fel"))
        self.create_button = button(
            self.tr("Spara som PDF / Skriv ut… (Ctrl+P)"),
            "documentsCreateButton",
            self.tr("Spara som PDF eller skriv ut"),
        )
        self.again_button = button(
            self.tr("Skapa &igen…"), "documentsAgainButton", self.tr("Skapa igen")
        )
        self.create_button.clicked.connect(self.open_chooser)
        self.again_button.clicked.connect(self.again)
        self.table.activated.connect(lambda _index: self.again())

        actions = QHBoxLayout()
        actions.addWidget(self.create_button)
        actions.addWidget(self.again_button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.error)
        layout.addLayout(actions)
        self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        # A letter produced from the Anvisningar tab meanwhile is listed when shown.
        super().showEvent(event)
        self.reload()

    def reload(self) -> None:
        try:
            if self._person_id is not None:
                rows = self._documents.produced(person_id=self._person_id)
            else:
                rows = self._documents.produced(employer_id=self._employer_id)
        except StoreError as error:
            self.error.say(str(error))
            return
        self.rows = rows
        self.table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            values = (
                self.tr(row.kind_name),
                row.title,
                _local(row),
                row.produced_by or "",
                self.tr(OUTPUT_NAMES.get(row.output, row.output)),
                self.tr("Ja") if row.anonymous else self.tr("Nej"),
            )
            for column, value in enumerate(values):
                # Stored titles and names, each kept to itself (desktop/bidi.py).
                self.table.setItem(index, column, QTableWidgetItem(isolated(value)))
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        if rows:
            self.table.selectRow(0)
        self._selection_changed()

    def table_text(self) -> list[list[str]]:
        return [
            [_text(self.table.item(r, c)) for c in range(self.table.columnCount())]
            for r in range(self.table.rowCount())
        ]

    def selected(self) -> ProducedRow | None:
        chosen = self.table.selectionModel().selectedRows()
        return self.rows[chosen[0].row()] if chosen else None

    def _selection_changed(self) -> None:
        self.again_button.setEnabled(self.selected() is not None)

    # Producing -----------------------------------------------------------------------

    def open_chooser(self, key: str | None = None) -> DocumentChooser | None:
        self.error.say(None)
        try:
            choices = self._choices()
        except StoreError as error:
            self.error.say(str(error))
            return None
        dialog = DocumentChooser(
            choices,
            self._settings,
            title=self.tr("Spara som PDF eller skriv ut")
            + (f" – {isolated(self._title)}" if self._title else ""),
            parent=self,
        )
        if key is not None:
            dialog.choose(key)
        dialog.produced.connect(self._produced)
        self._open(dialog)
        return dialog

    def again(self) -> QDialog | None:
        """The chosen document produced again: a letter through its dialog (its text
        as the template and the records give it now), the others through the chooser."""
        row = self.selected()
        if row is None:
            return None
        if row.kind == "presentationsbrev" and row.referral_id is not None:
            letter = LetterDialog(self._documents, row.referral_id, self._settings, parent=self)
            letter.finished.connect(self.reload)
            self._open(letter)
            return letter
        dialog = self.open_chooser(choice_key(row))
        if dialog is not None and dialog.chosen() is not None:
            dialog.choose_file()
        return dialog

    def _produced(self, _row: ProducedRow) -> None:
        self.reload()


def _text(item: QTableWidgetItem | None) -> str:
    return item.text() if item is not None else ""


def _local(row: ProducedRow) -> str:
    """When, in Swedish time: "2026-12-04 14:05"."""
    when = row.produced_at
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M")
