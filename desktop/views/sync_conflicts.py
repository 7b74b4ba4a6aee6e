"""Konflikter: a field changed both here and on the server since the last sync; the user
chooses which value stays (docs/ui.md, Synkronisering).

Non-modal: the user may look the record up in the main window while choosing.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop import clock
from desktop.bidi import isolated
from desktop.services.sync import Conflict, SyncService
from desktop.views import accessible
from desktop.views.placement import fit_to_screen
from desktop.views.row_table import RowTableModel
from desktop.views.style import EMPTY_STATE_STYLE, SECONDARY_STYLE

Index = QModelIndex | QPersistentModelIndex


def _who_when(who: str | None, when: Any) -> str:
    parts = [who or "okänd"]
    if when is not None:
        parts.append(clock.minute(when))
    return ", ".join(parts)


class ConflictModel(RowTableModel[Conflict]):
    """One row a conflict: the record, the field, this laptop's value and the server's,
    each with who changed it and when."""

    HEADERS = ("Post", "Fält", "Min ändring", "Serverns värde")

    def __init__(self, conflicts: list[Conflict], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.headers = tuple(self.tr(header) for header in self.HEADERS)
        self._rows = list(conflicts)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        conflict = self._rows[index.row()]
        column = index.column()
        # Both sides' stored text, each kept to itself (desktop/bidi.py).
        if role == Qt.ItemDataRole.DisplayRole:
            return isolated(self._text(conflict, column))
        if role == Qt.ItemDataRole.ToolTipRole and column in (2, 3):
            return isolated(self._text(conflict, column))
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{self.HEADERS[column]}: {isolated(self._text(conflict, column))}"
        return None

    def _text(self, conflict: Conflict, column: int) -> str:
        if column == 0:
            return conflict.record
        if column == 1:
            return conflict.field_label
        if column == 2:
            return f"{conflict.local_text}\n{_who_when(conflict.local_by, conflict.local_at)}"
        return f"{conflict.server_text}\n{_who_when(conflict.server_by, conflict.server_at)}"

    def conflict(self, row: int) -> Conflict | None:
        return self.row_at(row)

    def remove(self, conflict_id: uuid.UUID) -> None:
        for row, conflict in enumerate(self._rows):
            if conflict.id == conflict_id:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                self.endRemoveRows()
                return


class SyncConflictsDialog(QDialog):
    """`resolved(conflict, keep_mine)` after each choice: the status bar counts again,
    and a value kept from here is shown by the lists."""

    resolved = Signal(object, bool)

    def __init__(self, service: SyncService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncConflictsDialog")
        self.setWindowTitle(self.tr("Konflikter vid synkronisering"))
        self.setAccessibleName(self.windowTitle())
        self.setModal(False)
        self._service = service

        self.intro = intro = QLabel(
            self.tr(
                "Samma uppgift ändrades både här och på servern. Välj för varje rad vilket "
                "värde som ska gälla: Behåll min skickar ditt värde till servern vid nästa "
                "synkronisering, Behåll serverns låter serverns värde stå kvar här."
            )
        )
        intro.setObjectName("syncConflictsIntro")
        intro.setWordWrap(True)
        intro.setStyleSheet(SECONDARY_STYLE)
        self.empty = QLabel(
            self.tr("Inga konflikter. Allt som ändrats här och på servern stämmer överens.")
        )
        self.empty.setObjectName("syncConflictsEmpty")
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet(EMPTY_STATE_STYLE)

        self.model = ConflictModel(service.conflicts(), self)
        self.table = self._build_table()

        # Each choice throws one value away, so neither is a default Enter could press
        # by mistake: the user picks one (Alt+M, Alt+S, or Tab and Space/Enter).
        self.keep_mine = QPushButton(self.tr("Behåll &min"))
        self.keep_mine.setObjectName("keepMineButton")
        self.keep_mine.setAccessibleName(self.tr("Behåll min ändring"))
        self.keep_mine.setAutoDefault(False)
        self.keep_mine.clicked.connect(self._keep_mine)
        self.keep_server = QPushButton(self.tr("Behåll &serverns"))
        self.keep_server.setObjectName("keepServerButton")
        self.keep_server.setAccessibleName(self.tr("Behåll serverns värde"))
        self.keep_server.setAutoDefault(False)
        self.keep_server.clicked.connect(self._keep_server)
        choices = QHBoxLayout()
        choices.addWidget(self.keep_mine)
        choices.addWidget(self.keep_server)
        choices.addStretch(1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("Stäng"))
        close.setObjectName("closeButton")
        close.setAccessibleName(self.tr("Stäng"))
        close.setAutoDefault(False)
        self.close_button = close
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.table, 1)
        layout.addLayout(choices)
        layout.addWidget(buttons)
        fit_to_screen(self, QSize(900, 480))
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)
        self._show_rows(0)

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("syncConflictsTable")
        table.setAccessibleName(self.tr("Konflikter"))
        accessible.describe(
            table,
            self.tr(
                "Pil upp och ned väljer en konflikt; Behåll min (Alt+M) eller Behåll "
                "serverns (Alt+S) avgör den."
            ),
        )
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setWordWrap(True)
        table.setAlternatingRowColors(True)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        return table

    def selected(self) -> Conflict | None:
        index = self.table.currentIndex()
        return self.model.conflict(index.row()) if index.isValid() else None

    # Bound methods, not closures: closures connected in self-deleting dialogs crashed
    # PySide (see UsersView._open).
    def _keep_mine(self) -> None:
        self.choose(keep_mine=True)

    def _keep_server(self) -> None:
        self.choose(keep_mine=False)

    def choose(self, *, keep_mine: bool) -> None:
        """Resolve the conflict chosen in the list; the next one is chosen after it."""
        conflict = self.selected()
        if conflict is None:
            return
        row = self.table.currentIndex().row()
        self._service.resolve(conflict.id, keep_mine=keep_mine)
        self.model.remove(conflict.id)
        self._show_rows(row)
        self.resolved.emit(conflict, keep_mine)

    def _show_rows(self, row: int) -> None:
        count = self.model.rowCount()
        has_rows = count > 0
        for shown_with_rows in (self.intro, self.table, self.keep_mine, self.keep_server):
            shown_with_rows.setVisible(has_rows)
        self.empty.setVisible(not has_rows)
        if has_rows:
            self.table.setCurrentIndex(self.model.index(min(row, count - 1), 0))
            if self.focusWidget() not in (self.keep_mine, self.keep_server):
                self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.close_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        self.keep_mine.setEnabled(chosen)
        self.keep_server.setEnabled(chosen)
