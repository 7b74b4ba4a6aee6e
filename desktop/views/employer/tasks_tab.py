"""The "Uppföljningar" tab of the employer screen: follow-ups on the employer (call back,
visit again), adding one, and ticking them done or undone. They reach "Mina
uppföljningar" like a case's do."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
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

from desktop.services.cases import TaskRow
from desktop.services.employers import EmployerError, EmployerService
from desktop.services.validation import date_problem
from desktop.views.person.task_model import TaskColumn, TaskTableModel
from desktop.views.person.tasks_tab import DEFAULT_DAYS_AHEAD
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


class EmployerTasksTab(QWidget):
    """`added()` after a follow-up is added (ticking one off changes the model's data)."""

    added = Signal()

    def __init__(
        self,
        employers: EmployerService,
        employer_id: uuid.UUID,
        assignees: Sequence[tuple[uuid.UUID, str]],
        me: uuid.UUID,
        *,
        today: Callable[[], dt.date] = dt.date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("employerTasksTab")
        self.setAccessibleName(self.tr("Uppföljningar"))
        self._employers = employers
        self._employer_id = employer_id
        self._me = me
        self._today = today

        self.form = self._build_form(assignees)
        self.table = self._build_table()
        self.empty = QLabel(self.tr("Inga uppföljningar för arbetsgivaren."))
        self.empty.setObjectName("noEmployerTasks")
        self.empty.setAccessibleName(self.empty.text())
        self.empty.setStyleSheet("color: #666;")

        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addSpacing(8)
        layout.addWidget(heading(self.tr("Arbetsgivarens uppföljningar"), "employerTasksHeading"))
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)

    def _build_form(self, assignees: Sequence[tuple[uuid.UUID, str]]) -> QWidget:
        form = QWidget()
        form.setObjectName("employerTaskForm")
        form.setAccessibleName(self.tr("Ny uppföljning"))
        self.title = line_edit(
            "employerTaskTitle",
            self.tr("Rubrik"),
            placeholder=self.tr("Till exempel: Ring om sommarjobben"),
        )
        self.due_date = date_edit("employerTaskDueDate", self.tr("Förfallodatum"))
        self.assignee = combo("employerTaskAssignee", self.tr("Ansvarig"))
        for user_id, name in assignees:
            self.assignee.addItem(name, str(user_id))
        if self.assignee.findData(str(self._me)) < 0:
            self.assignee.addItem(self.tr("Jag"), str(self._me))
        self.description = text_edit("employerTaskDescription", self.tr("Beskrivning"), lines=2)
        self.add_button = button(
            self.tr("&Lägg till uppföljning"),
            "addEmployerTaskButton",
            self.tr("Lägg till uppföljning"),
        )
        self.add_button.setToolTip(self.tr("Lägg till uppföljning (Ctrl+Enter)"))
        self.add_button.clicked.connect(self.add_task)
        self.errors = {
            "title": FieldError("employerTaskTitleError", self.tr("Fel i rubriken")),
            "due_date": FieldError("employerTaskDueDateError", self.tr("Fel i förfallodatumet")),
            "assignee": FieldError("employerTaskAssigneeError", self.tr("Fel i ansvarig")),
            "description": FieldError(
                "employerTaskDescriptionError", self.tr("Fel i beskrivningen")
            ),
            "form": FieldError("employerTaskError", self.tr("Fel")),
        }
        self.notice = Notice("employerTaskNotice", self.tr("Meddelande"))
        self._reset_form()

        grid = QGridLayout(form)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(heading(self.tr("Ny uppföljning"), "newEmployerTaskHeading"), 0, 0, 1, 4)
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
            caption(self.tr("Beskrivni&ng"), self.description), 5, 0, Qt.AlignmentFlag.AlignTop
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
        table.setObjectName("employerTasks")
        table.setAccessibleName(self.tr("Arbetsgivarens uppföljningar"))
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

    def set_tasks(self, rows: Sequence[TaskRow]) -> None:
        self.model.set_rows(rows)
        self.empty.setVisible(self.model.rowCount() == 0)
        self.table.setVisible(self.model.rowCount() > 0)

    def reload(self) -> None:
        self.set_tasks(self._employers.tasks(self._employer_id))

    def has_unsaved_input(self) -> bool:
        return bool(self.title.text().strip() or self.description.toPlainText().strip())

    def _set_done(self, task_id: uuid.UUID, done: bool) -> None:
        self._employers.set_task_done(task_id, done)

    def _check_due_date(self) -> None:
        self.errors["due_date"].say(
            date_problem(self.due_date.text(), label="Förfallodatumet", required=True)
        )

    def add_task(self) -> None:
        for error in self.errors.values():
            error.say(None)
        self.notice.say("")
        chosen = self.assignee.currentData()
        try:
            self._employers.add_task(
                self._employer_id,
                title=self.title.text(),
                due_date=self.due_date.text(),
                assignee_id=uuid.UUID(chosen) if chosen else None,
                description=self.description.toPlainText(),
            )
        except EmployerError as refused:
            problems = refused.problems or {"form": str(refused)}
            for field, reason in problems.items():
                self.errors[field if field in self.errors else "form"].say(reason)
            first = next(iter(problems))
            focus = {
                "due_date": self.due_date,
                "assignee": self.assignee,
                "description": self.description,
            }.get(first, self.title)
            focus.setFocus()
            return
        self.notice.say(self.tr("Uppföljningen är tillagd."))
        self._reset_form()
        self.reload()
        self.title.setFocus()
        self.added.emit()
