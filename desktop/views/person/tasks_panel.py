"""Follow-ups of one thing (a case, an employer): the form that adds one, and the list in
which they are ticked done or undone. The screen that shows them says how a follow-up
is added, ticked and loaded, and names the widgets; everything else is the same."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QHeaderView, QLabel, QVBoxLayout, QWidget

from desktop import clock
from desktop.services.cases import TaskRow
from desktop.services.validation import date_problem
from desktop.views.person.task_model import TaskColumn, TaskTableModel
from desktop.views.person.widgets import (
    FieldError,
    Notice,
    button,
    caption,
    clear_when_fixed,
    combo,
    date_edit,
    heading,
    line_edit,
    on_save_keys,
    row_table,
    select_data,
    text_edit,
)

# A follow-up is most often "in a week"; the field is there to change.
DEFAULT_DAYS_AHEAD = 7
COLUMNS = (
    TaskColumn.DONE,
    TaskColumn.DUE,
    TaskColumn.TITLE,
    TaskColumn.ASSIGNEE,
    TaskColumn.DESCRIPTION,
)


@dataclass(frozen=True)
class PanelNames:
    """What tells one screen's follow-ups from another's: object names unique in its
    window, and texts (translated by the screen) that say whose follow-ups they are."""

    # Of the form's widgets: "task" gives taskForm, taskTitle, taskTitleError,
    # addTaskButton, newTaskHeading.
    prefix: str
    table: str  # the list; its heading is named the same with "Heading"
    empty: str  # the label shown instead of an empty list
    list_title: str  # the list's heading and accessible name
    empty_text: str
    example_title: str  # the title's placeholder: an example that fits the screen
    description_caption: str  # its &-letter must be free on the screen


@dataclass(frozen=True)
class NewFollowUp:
    """The form as typed; the service checks it."""

    title: str
    due_date: str
    assignee_id: uuid.UUID | None
    description: str


# Adds the follow-up, or says why not: the reason by field ("title", "due_date",
# "assignee", "description"; anything else is shown for the whole form). Empty: added.
AddFollowUp = Callable[[NewFollowUp], Mapping[str, str]]


class FollowUpsPanel(QWidget):
    """`added()` after a follow-up is added (ticking one off changes the model's data)."""

    added = Signal()

    def __init__(
        self,
        names: PanelNames,
        assignees: Sequence[tuple[uuid.UUID, str]],
        me: uuid.UUID,
        *,
        add: AddFollowUp,
        set_done: Callable[[uuid.UUID, bool], None],
        load: Callable[[], Sequence[TaskRow]],
        today: Callable[[], dt.date] = clock.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._add = add
        self._load = load
        self._me = me
        self._today = today

        self.form = self._build_form(names, assignees)
        self.model = TaskTableModel(COLUMNS, set_done, today=today, parent=self)
        self.table = row_table(
            names.table, names.list_title, self.model, QHeaderView.ResizeMode.ResizeToContents
        )
        self.empty = QLabel(names.empty_text)
        self.empty.setObjectName(names.empty)
        self.empty.setAccessibleName(self.empty.text())

        self.column = QVBoxLayout(self)
        self.column.addWidget(self.form)
        self.column.addSpacing(8)
        self.column.addWidget(heading(names.list_title, f"{names.table}Heading"))
        self.column.addWidget(self.empty)
        self.column.addWidget(self.table, 1)

    def _build_form(self, names: PanelNames, assignees: Sequence[tuple[uuid.UUID, str]]) -> QWidget:
        prefix = names.prefix
        capital = prefix[:1].upper() + prefix[1:]
        form = QWidget()
        form.setObjectName(f"{prefix}Form")
        form.setAccessibleName(self.tr("Ny uppföljning"))
        self.title = line_edit(f"{prefix}Title", self.tr("Rubrik"), placeholder=names.example_title)
        self.due_date = date_edit(f"{prefix}DueDate", self.tr("Förfallodatum"))
        self.assignee = combo(f"{prefix}Assignee", self.tr("Ansvarig"))
        for user_id, name in assignees:
            self.assignee.addItem(name, str(user_id))
        if self.assignee.findData(str(self._me)) < 0:
            self.assignee.addItem(self.tr("Jag"), str(self._me))
        self.description = text_edit(f"{prefix}Description", self.tr("Beskrivning"), lines=2)
        self.add_button = button(
            self.tr("&Lägg till uppföljning"),
            f"add{capital}Button",
            self.tr("Lägg till uppföljning"),
        )
        self.add_button.clicked.connect(self.add_task)
        self.errors = {
            "title": FieldError(f"{prefix}TitleError", self.tr("Fel i rubriken")),
            "due_date": FieldError(f"{prefix}DueDateError", self.tr("Fel i förfallodatumet")),
            "assignee": FieldError(f"{prefix}AssigneeError", self.tr("Fel i ansvarig")),
            "description": FieldError(f"{prefix}DescriptionError", self.tr("Fel i beskrivningen")),
            "form": FieldError(f"{prefix}Error", self.tr("Fel")),
        }
        self.notice = Notice(f"{prefix}Notice", self.tr("Meddelande"))
        self._reset_form()

        grid = QGridLayout(form)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(heading(self.tr("Ny uppföljning"), f"new{capital}Heading"), 0, 0, 1, 4)
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
            caption(names.description_caption, self.description), 5, 0, Qt.AlignmentFlag.AlignTop
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
        clear_when_fixed(self.due_date.textChanged, self.errors["due_date"], self._due_problem)
        # "Uppföljningen är tillagd." belongs to the one added, not to what is typed next.
        self.title.textEdited.connect(lambda _text: self.notice.say(""))
        return form

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
        self.set_tasks(self._load())

    def has_unsaved_input(self) -> bool:
        return bool(self.title.text().strip() or self.description.toPlainText().strip())

    def _due_problem(self) -> str | None:
        return date_problem(self.due_date.text(), label="Förfallodatumet", required=True)

    def _check_due_date(self) -> None:
        # At once when the field is left, so that a typed "next week" is not found late.
        self.errors["due_date"].say(self._due_problem())

    def add_task(self) -> None:
        for error in self.errors.values():
            error.say(None)
        self.notice.say("")
        chosen = self.assignee.currentData()
        problems = self._add(
            NewFollowUp(
                title=self.title.text(),
                due_date=self.due_date.text(),
                assignee_id=uuid.UUID(chosen) if chosen else None,
                description=self.description.toPlainText(),
            )
        )
        if problems:
            # What was typed stays, with the reason beside the field and the cursor in it.
            for field, reason in problems.items():
                self.errors[field if field in self.errors else "form"].say(reason)
            focus = {
                "due_date": self.due_date,
                "assignee": self.assignee,
                "description": self.description,
            }.get(next(iter(problems)), self.title)
            focus.setFocus()
            return
        self.notice.say(self.tr("Uppföljningen är tillagd."))
        self._reset_form()
        self.reload()
        self.title.setFocus()
        self.added.emit()
