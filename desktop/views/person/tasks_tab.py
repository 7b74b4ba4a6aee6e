"""The "Uppföljningar" tab: the follow-ups of the current case, adding one, and ticking
them done (or undone again)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.services.cases import CaseError, CaseService, CaseSummary
from desktop.services.validation import date_problem
from desktop.views.person.task_model import TaskColumn, TaskTableModel
from desktop.views.person.widgets import (
    FieldError,
    Notice,
    button,
    caption,
    combo,
    date_edit,
    heading,
    line_edit,
    on_save_keys,
    select_data,
    text_edit,
)

# A follow-up is most often "in a week"; the field is there to change.
DEFAULT_DAYS_AHEAD = 7


class TasksTab(QWidget):
    def __init__(
        self,
        cases: CaseService,
        assignees: Sequence[tuple[uuid.UUID, str]],
        me: uuid.UUID,
        *,
        today: Callable[[], dt.date] = dt.date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("tasksTab")
        self.setAccessibleName(self.tr("Uppföljningar"))
        self._cases = cases
        self._me = me
        self._today = today
        self.case: CaseSummary | None = None

        self.no_case = QLabel(
            self.tr("Personen har inget ärende. Gör en ny inskrivning för att lägga uppföljningar.")
        )
        self.no_case.setObjectName("tasksNoCase")
        self.no_case.setAccessibleName(self.no_case.text())
        self.no_case.setWordWrap(True)

        self.form = self._build_form(assignees)
        self.table = self._build_table()
        self.empty = QLabel(self.tr("Inga uppföljningar i ärendet."))
        self.empty.setObjectName("noTasks")
        self.empty.setAccessibleName(self.empty.text())

        layout = QVBoxLayout(self)
        layout.addWidget(self.no_case)
        layout.addWidget(self.form)
        layout.addSpacing(8)
        layout.addWidget(heading(self.tr("Ärendets uppföljningar"), "caseTasksHeading"))
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)

    def _build_form(self, assignees: Sequence[tuple[uuid.UUID, str]]) -> QWidget:
        form = QWidget()
        form.setObjectName("taskForm")
        form.setAccessibleName(self.tr("Ny uppföljning"))
        self.title = line_edit(
            "taskTitle", self.tr("Rubrik"), placeholder=self.tr("Till exempel: Ring om praktiken")
        )
        self.due_date = date_edit("taskDueDate", self.tr("Förfallodatum"))
        self.assignee = combo("taskAssignee", self.tr("Ansvarig"))
        for user_id, name in assignees:
            self.assignee.addItem(name, str(user_id))
        if self.assignee.findData(str(self._me)) < 0:
            self.assignee.addItem(self.tr("Jag"), str(self._me))
        self.description = text_edit("taskDescription", self.tr("Beskrivning"), lines=2)
        self.add_button = button(
            self.tr("&Lägg till uppföljning"), "addTaskButton", self.tr("Lägg till uppföljning")
        )
        self.add_button.clicked.connect(self.add_task)
        self.errors = {
            "title": FieldError("taskTitleError", self.tr("Fel i rubriken")),
            "due_date": FieldError("taskDueDateError", self.tr("Fel i förfallodatumet")),
            "assignee": FieldError("taskAssigneeError", self.tr("Fel i ansvarig")),
            "description": FieldError("taskDescriptionError", self.tr("Fel i beskrivningen")),
            "form": FieldError("taskError", self.tr("Fel")),
        }
        self.notice = Notice("taskNotice", self.tr("Meddelande"))
        self._reset_form()

        grid = QGridLayout(form)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(heading(self.tr("Ny uppföljning"), "newTaskHeading"), 0, 0, 1, 4)
        grid.addWidget(caption(self.tr("Rubr&ik"), self.title), 1, 0)
        grid.addWidget(self.title, 1, 1, 1, 3)
        grid.addWidget(self.errors["title"], 2, 1, 1, 3)
        grid.addWidget(caption(self.tr("&Förfaller"), self.due_date), 3, 0)
        grid.addWidget(self.due_date, 3, 1)
        grid.addWidget(caption(self.tr("Ansvari&g"), self.assignee), 3, 2)
        grid.addWidget(self.assignee, 3, 3, Qt.AlignmentFlag.AlignLeft)
        grid.addWidget(self.errors["due_date"], 4, 1)
        grid.addWidget(self.errors["assignee"], 4, 3)
        self.assignee.setMinimumWidth(220)
        grid.addWidget(
            caption(self.tr("&Beskrivning"), self.description), 5, 0, Qt.AlignmentFlag.AlignTop
        )
        grid.addWidget(self.description, 5, 1, 1, 3)
        grid.addWidget(self.errors["description"], 6, 1, 1, 3)
        actions = QHBoxLayout()
        actions.addWidget(self.add_button)
        actions.addWidget(self.errors["form"], 1)
        actions.addWidget(self.notice, 1)
        actions.addStretch(0)
        grid.addLayout(actions, 7, 1, 1, 3)
        grid.setColumnStretch(3, 1)
        on_save_keys(form, self.add_task)
        self.due_date.editingFinished.connect(self._check_due_date)

        return form

    def _build_table(self) -> QTableView:
        self.model = TaskTableModel(
            (
                TaskColumn.DONE,
                TaskColumn.DUE,
                TaskColumn.TITLE,
                TaskColumn.ASSIGNEE,
                TaskColumn.DESCRIPTION,
            ),
            self._set_done,
            today=self._today,
            parent=self,
        )
        table = QTableView()
        table.setObjectName("caseTasks")
        table.setAccessibleName(self.tr("Ärendets uppföljningar"))
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.verticalHeader().setVisible(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        return table

    def _reset_form(self) -> None:
        self.title.clear()
        self.description.clear()
        self.due_date.setText((self._today() + dt.timedelta(days=DEFAULT_DAYS_AHEAD)).isoformat())
        select_data(self.assignee, str(self._me))

    def set_case(self, case: CaseSummary | None) -> None:
        self.case = case
        self.no_case.setVisible(case is None)
        self.form.setEnabled(case is not None)
        self.reload()

    def reload(self) -> None:
        self.model.set_rows(self._cases.tasks_of_case(self.case.id) if self.case else [])
        self.empty.setVisible(self.model.rowCount() == 0)
        self.table.setVisible(self.model.rowCount() > 0)

    def _set_done(self, task_id: uuid.UUID, done: bool) -> None:
        self._cases.set_done(task_id, done)

    def _check_due_date(self) -> None:
        self.errors["due_date"].say(
            date_problem(self.due_date.text(), label="Förfallodatumet", required=True)
        )

    def add_task(self) -> None:
        if self.case is None:
            return
        for error in self.errors.values():
            error.say(None)
        self.notice.say("")
        chosen = self.assignee.currentData()
        try:
            self._cases.add_task(
                title=self.title.text(),
                due_date=self.due_date.text(),
                case_id=self.case.id,
                assignee_id=uuid.UUID(chosen) if chosen else None,
                description=self.description.toPlainText(),
            )
        except CaseError as error:
            field = error.field if error.field in self.errors else "form"
            self.errors[field].say(str(error))
            focus = {
                "due_date": self.due_date,
                "assignee": self.assignee,
                "description": self.description,
            }.get(field, self.title)
            focus.setFocus()
            return
        self.notice.say(self.tr("Uppföljningen är tillagd."))
        self._reset_form()
        self.reload()
        self.title.setFocus()
