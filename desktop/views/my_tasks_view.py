"""Mina uppföljningar, for the Översikt screen: the acting user's open follow-ups that
are due today or overdue (or, on request, due in the coming two weeks).

A row is opened with Enter or a double-click, which asks for the person's or the
employer's screen.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent, QTextDocumentFragment
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop import clock
from desktop.services.cases import TaskRow
from desktop.views.list_table import list_rows
from desktop.views.person.task_model import TaskColumn, TaskTableModel
from desktop.views.person.widgets import OVERDUE_COLOUR, button
from desktop.views.style import SECONDARY_STYLE

UPCOMING_DAYS = 14


class TaskSource(Protocol):
    def my_tasks(self, *, today: dt.date | None = None, days_ahead: int = 0) -> list[TaskRow]: ...

    def set_done(self, task_id: uuid.UUID, done: bool, *, screen: str = ...) -> None: ...


class MyTasksView(QWidget):
    open_person = Signal(str)
    open_employer = Signal(str)

    def __init__(
        self,
        cases: TaskSource,
        *,
        today: Callable[[], dt.date] = clock.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("myTasksView")
        self.setAccessibleName(self.tr("Mina uppföljningar"))
        self._cases = cases
        self._today = today

        title = QLabel(self.tr("Mina uppföljningar"))
        title.setObjectName("sectionTitle")  # a section of Översikt
        title.setAccessibleName(title.text())
        self.upcoming = QCheckBox(self.tr("Visa &kommande 14 dagar"))
        self.upcoming.setObjectName("showUpcoming")
        self.upcoming.setAccessibleName(self.tr("Visa även uppföljningar de kommande 14 dagarna"))
        self.upcoming.toggled.connect(self.refresh)
        self.refresh_button = button(
            self.tr("&Uppdatera"), "refreshTasksButton", self.tr("Uppdatera listan")
        )
        self.refresh_button.setToolTip(self.tr("Uppdatera listan (F5)"))
        self.refresh_button.clicked.connect(self.refresh)
        self.summary = QLabel()
        self.summary.setObjectName("myTasksSummary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setAccessibleName(self.tr("Sammanfattning"))

        self.model = TaskTableModel(
            (TaskColumn.DONE, TaskColumn.DUE, TaskColumn.SUBJECT, TaskColumn.TITLE),
            self._set_done,
            today=today,
            parent=self,
        )
        self.table = QTableView()
        self.table.setObjectName("myTasksTable")
        self.table.setAccessibleName(
            self.tr("Mina uppföljningar; Enter öppnar personen, mellanslag markerar klar")
        )
        self.table.setModel(self.model)
        list_rows(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.activated.connect(self._activated)
        self.empty = QLabel()
        self.empty.setObjectName("noTasks")
        self.empty.setAccessibleName(self.tr("Inga uppföljningar"))
        self.empty.setStyleSheet(SECONDARY_STYLE)

        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.upcoming)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        self.refresh_shortcut = QShortcut(QKeySequence.StandardKey.Refresh, self, self.refresh)
        self.refresh()

    def refresh(self) -> None:
        days = UPCOMING_DAYS if self.upcoming.isChecked() else 0
        current = self.model.task(self.table.currentIndex().row())
        self.model.set_rows(self._cases.my_tasks(today=self._today(), days_ahead=days))
        rows = self.model.tasks()
        if current is not None:
            for row, task in enumerate(rows):
                if task.id == current.id:
                    self.table.setCurrentIndex(self.model.index(row, 0))
        today = self._today()
        overdue = sum(task.due_date < today for task in rows)
        due_today = sum(task.due_date == today for task in rows)
        later = len(rows) - overdue - due_today
        parts = []
        if overdue:
            late = self.tr("1 försenad") if overdue == 1 else self.tr("%1 försenade")
            parts.append(
                f'<span style="color: {OVERDUE_COLOUR}; font-weight: 600;">'
                f"{late.replace('%1', str(overdue))}</span>"
            )
        parts.append(self.tr("%1 i dag").replace("%1", str(due_today)))
        if self.upcoming.isChecked():
            parts.append(self.tr("%1 kommande").replace("%1", str(later)))
        self.summary.setText(" · ".join(parts))
        self.summary.setAccessibleName(
            self.tr("Sammanfattning: %1").replace("%1", self.summary_text())
        )
        self.empty.setText(
            self.tr("Inga uppföljningar förfaller de kommande 14 dagarna.")
            if self.upcoming.isChecked()
            else self.tr("Inga uppföljningar förfaller i dag, och inga är försenade.")
        )
        self.empty.setVisible(not rows)
        self.table.setVisible(bool(rows))

    def summary_text(self) -> str:
        """The summary as plain text."""
        return QTextDocumentFragment.fromHtml(self.summary.text()).toPlainText()

    def focus_list(self) -> None:
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, 0))

    def _set_done(self, task_id: uuid.UUID, done: bool) -> None:
        self._cases.set_done(task_id, done, screen="mina uppföljningar")

    def _activated(self, index: QModelIndex) -> None:
        task = self.model.task(index.row())
        if task is None:
            return
        if task.person_id is not None:
            self.open_person.emit(str(task.person_id))
        elif task.employer_id is not None:
            self.open_employer.emit(str(task.employer_id))

    def showEvent(self, event: QShowEvent) -> None:
        # Coming back to the screen shows what is due now; a window being restored
        # from the task bar (a spontaneous show) is not a reason to reload.
        if not event.spontaneous():
            self.refresh()
        super().showEvent(event)
