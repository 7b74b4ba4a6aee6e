"""Follow-ups as table rows with a "done" checkbox, for a case and for "my follow-ups".

A ticked row stays in the list (struck through) until the list is reloaded, so that a
slip of the finger can be undone where it happened.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QWidget

from desktop import clock
from desktop.bidi import isolated
from desktop.services.cases import TaskRow
from desktop.views.person.widgets import OVERDUE_COLOUR
from desktop.views.row_table import RowTableModel
from desktop.views.style import SECONDARY

_ModelIndex = QModelIndex | QPersistentModelIndex


class TaskColumn(enum.Enum):
    DONE = "done"
    DUE = "due"
    SUBJECT = "subject"
    TITLE = "title"
    ASSIGNEE = "assignee"
    DESCRIPTION = "description"


class TaskTableModel(RowTableModel[TaskRow]):
    def __init__(
        self,
        columns: Sequence[TaskColumn],
        set_done: Callable[[uuid.UUID, bool], None],
        *,
        today: Callable[[], dt.date] = clock.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._columns = tuple(columns)
        self._set_done = set_done
        self._today = today
        titles = {
            TaskColumn.DONE: self.tr("Klar"),
            TaskColumn.DUE: self.tr("Förfaller"),
            TaskColumn.SUBJECT: self.tr("Gäller"),
            TaskColumn.TITLE: self.tr("Uppföljning"),
            TaskColumn.ASSIGNEE: self.tr("Ansvarig"),
            TaskColumn.DESCRIPTION: self.tr("Beskrivning"),
        }
        self.headers = tuple(titles[column] for column in self._columns)

    # Rows ----------------------------------------------------------------------------

    def task(self, row: int) -> TaskRow | None:
        return self.row_at(row)

    def tasks(self) -> list[TaskRow]:
        return self.rows()

    def column_of(self, column: TaskColumn) -> int:
        return self._columns.index(column)

    def is_overdue(self, task: TaskRow) -> bool:
        return not task.done and task.due_date < self._today()

    # Qt --------------------------------------------------------------------------------

    def flags(self, index: _ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._columns[index.column()] is TaskColumn.DONE:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        task = self._cell_row(index)
        if task is None:
            return None
        column = self._columns[index.column()]
        if column is TaskColumn.DONE:
            return self._done_data(task, role)
        value: Any = None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            value = isolated(self._text(task, column))  # see desktop/bidi.py
        elif role == Qt.ItemDataRole.ToolTipRole and column is TaskColumn.TITLE:
            value = isolated(task.description or "") or None
        elif role == Qt.ItemDataRole.ForegroundRole:
            value = self._colour(task, column)
        elif role == Qt.ItemDataRole.FontRole:
            value = QFont()
            value.setStrikeOut(task.done and column is TaskColumn.TITLE)
            value.setBold(self.is_overdue(task) and column is TaskColumn.DUE)
        return value

    def _colour(self, task: TaskRow, column: TaskColumn) -> QBrush | None:
        if task.done:
            return QBrush(QColor(SECONDARY))
        if self.is_overdue(task) and column is TaskColumn.DUE:
            return QBrush(QColor(OVERDUE_COLOUR))
        return None

    def _done_data(self, task: TaskRow, role: int) -> Any:
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if task.done else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.tr("Klar") if task.done else self.tr("Inte klar")
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("Markera som klar eller inte klar (mellanslag)")
        return None

    def _text(self, task: TaskRow, column: TaskColumn) -> str:
        if column is TaskColumn.DUE:
            due = task.due_date.isoformat()
            # Said in words too, not by colour alone.
            return self.tr("%1 (försenad)").replace("%1", due) if self.is_overdue(task) else due
        values = {
            TaskColumn.SUBJECT: task.subject,
            TaskColumn.TITLE: task.title,
            TaskColumn.ASSIGNEE: task.assignee_name or "",
            TaskColumn.DESCRIPTION: (task.description or "").replace("\n", " "),
        }
        return values.get(column, "")

    def setData(self, index: _ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        task = self.task(index.row()) if index.isValid() else None
        if (
            task is None
            or role != Qt.ItemDataRole.CheckStateRole
            or self._columns[index.column()] is not TaskColumn.DONE
        ):
            return False
        done = Qt.CheckState(value) == Qt.CheckState.Checked
        if done == task.done:
            return True
        self._set_done(task.id, done)
        self._rows[index.row()] = dataclasses.replace(task, done=done)
        self.dataChanged.emit(
            self.index(index.row(), 0), self.index(index.row(), len(self._columns) - 1)
        )
        return True
